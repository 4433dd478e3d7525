import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { csvRowToInput, RecordSplitter } from './records.js';

const toCsv = (rows: string[][]): string => rows.map((r) => r.map((f) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join('\r\n') + '\r\n';

function splitAll(text: string, format: 'csv' | 'lines', chunkSizes: number[]): { fields: string[]; endOffset: number; error?: string }[] {
  const bytes = Buffer.from(text, 'utf8');
  const splitter = new RecordSplitter(format);
  const out = [];
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const size = Math.max(1, chunkSizes[k++ % chunkSizes.length] ?? 1);
    out.push(...splitter.push(bytes.subarray(at, at + size)));
    at += size;
  }
  out.push(...splitter.end());
  return out;
}

describe('RecordSplitter', () => {
  it('reads back any CSV, however the bytes are chunked, with exact byte offsets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }),
        (rows, chunks) => {
          const text = toCsv(rows);
          const records = splitAll(text, 'csv', chunks);
          expect(records.map((r) => r.fields)).toEqual(rows);
          const bytes = Buffer.from(text, 'utf8');
          // Resuming from any record's end offset reads the remaining records.
          const middle = records[Math.floor(records.length / 2)] as { endOffset: number };
          const rest = new RecordSplitter('csv', middle.endOffset);
          const resumed = [...rest.push(bytes.subarray(middle.endOffset)), ...rest.end()];
          expect(resumed.map((r) => r.fields)).toEqual(rows.slice(Math.floor(records.length / 2) + 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splits NDJSON lines, skipping a byte-order mark and tolerating CRLF and a missing last newline', () => {
    const records = splitAll('\ufeff{"a":1}\r\n{"b":"é"}\n{"c":3}', 'lines', [3]);
    expect(records.map((r) => r.fields[0])).toEqual(['{"a":1}', '{"b":"é"}', '{"c":3}']);
    expect(records.map((r) => r.endOffset)).toEqual([12, 23, 30]);
  });

  it('reports a malformed CSV record without stopping', () => {
    const records = splitAll('a,b\n"x"y,z\nc,d\n', 'csv', [100]);
    expect(records[1]?.error).toMatch(/closing quote/);
    expect(records[2]?.fields).toEqual(['c', 'd']);
  });
});

describe('csvRowToInput', () => {
  it('maps columns to the API body shape', () => {
    const header = ['source', 'serviceUrl', 'harmCategories', 'description', 'childrenLikely', 'evidenceUrls', 'evidenceHashes', 'otherBody.bodyType', 'otherBody.bodyName', 'otherBody.bodyReference', 'reporter.email'];
    const row = ['other_body', 'x.example', 'csam; ncii', 'Seen', 'yes', 'https://x.example/1', 'md5:D41D8CD98F00B204E9800998ECF8427E', 'hotline', 'IWF', 'IWF-1', ''];
    expect(csvRowToInput(header, row)).toEqual({
      source: 'other_body',
      serviceUrl: 'x.example',
      harmCategories: ['csam', 'ncii'],
      description: 'Seen',
      childrenLikely: true,
      evidence: [{ url: 'https://x.example/1' }, { hashAlgorithm: 'md5', hash: 'D41D8CD98F00B204E9800998ECF8427E' }],
      otherBody: { bodyType: 'hotline', bodyName: 'IWF', bodyReference: 'IWF-1' },
    });
    expect(() => csvRowToInput(header, ['too', 'few'])).toThrow(/2 fields; the header has 11/);
  });
});
