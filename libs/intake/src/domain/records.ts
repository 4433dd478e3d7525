/** One record of an import file and where it ends, in bytes from the start of the file (for resuming). */
export interface RawRecord {
  /** CSV: the fields; NDJSON: one element, the line. */
  fields: string[];
  endOffset: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

function trimCr(buf: Buffer, start: number, end: number): number {
  return end > start && buf[end - 1] === CR ? end - 1 : end;
}

/** Splits one complete CSV record (RFC 4180: quoted fields, "" escapes, commas and newlines inside quotes). */
export function parseCsvRecord(buf: Buffer, start: number, end: number): string[] {
  const fields: string[] = [];
  let i = start;
  for (;;) {
    if (i < end && buf[i] === QUOTE) {
      const parts: Buffer[] = [];
      let from = i + 1;
      let j = from;
      for (;;) {
        if (j >= end) throw new Error('a quoted field is not closed');
        if (buf[j] === QUOTE) {
          if (j + 1 < end && buf[j + 1] === QUOTE) {
            parts.push(buf.subarray(from, j + 1));
            j += 2;
            from = j;
            continue;
          }
          parts.push(buf.subarray(from, j));
          break;
        }
        j += 1;
      }
      fields.push(Buffer.concat(parts).toString('utf8'));
      i = j + 1;
      if (i < end && buf[i] !== COMMA) throw new Error('text follows a closing quote; quote the whole field');
    } else {
      let j = i;
      while (j < end && buf[j] !== COMMA) j += 1;
      const text = buf.toString('utf8', i, j);
      if (text.includes('"')) throw new Error('a field contains a quote but is not quoted');
      fields.push(text);
      i = j;
    }
    if (i >= end) return fields;
    i += 1; // the comma
    if (i === end) {
      fields.push('');
      return fields;
    }
  }
}

/**
 * Cuts a byte stream into records without holding more than the current partial record: lines
 * (NDJSON) or CSV records, whose quoted fields may contain newlines. Offsets are bytes, so an import
 * can resume exactly after the last record it committed.
 */
export class RecordSplitter {
  private pending: Buffer = Buffer.alloc(0);
  /** File offset of pending[0]. */
  private base: number;
  private scan = 0;
  private inQuotes = false;
  private first = true;

  constructor(
    private readonly format: 'csv' | 'lines',
    startOffset = 0,
  ) {
    this.base = startOffset;
    this.first = startOffset === 0;
  }

  /** Records completed by this chunk. A malformed CSV record comes back with `error` instead of fields. */
  push(chunk: Buffer): (RawRecord & { error?: string })[] {
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.first && buf.length >= 3) {
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        buf = buf.subarray(3);
        this.base += 3;
      }
      this.first = false;
    }
    const out: (RawRecord & { error?: string })[] = [];
    let start = 0;
    let i = this.scan;
    const csv = this.format === 'csv';
    while (i < buf.length) {
      const b = buf[i];
      if (csv && b === QUOTE) this.inQuotes = !this.inQuotes;
      else if (b === LF && !this.inQuotes) {
        out.push(this.record(buf, start, i));
        start = i + 1;
      }
      i += 1;
    }
    this.pending = buf.subarray(start);
    this.base += start;
    this.scan = i - start;
    return out;
  }

  /** The last record, when the file does not end with a newline. */
  end(): (RawRecord & { error?: string })[] {
    if (this.pending.length === 0) return [];
    const rec = this.record(this.pending, 0, this.pending.length);
    rec.endOffset = this.base + this.pending.length;
    this.pending = Buffer.alloc(0);
    return [rec];
  }

  private record(buf: Buffer, start: number, newline: number): RawRecord & { error?: string } {
    const end = trimCr(buf, start, newline);
    const endOffset = this.base + newline + 1;
    if (this.format === 'lines') return { fields: [buf.toString('utf8', start, end)], endOffset };
    try {
      return { fields: parseCsvRecord(buf, start, end), endOffset };
    } catch (error) {
      return { fields: [], endOffset, error: (error as Error).message };
    }
  }
}

const DETAIL_PREFIXES = ['complaint', 'providerSelfReport', 'supervision', 'otherRegulatoryFunction', 'whistleblower', 'otherBody', 'superComplaint', 'reporter', 'personAffected'];

/**
 * Turns a CSV row into the same shape as an API body. Columns: source, serviceUrl, harmCategories
 * (separated by ; or |), description, occurredOn, childrenLikely (true/false/yes/no), evidenceUrls
 * and evidenceHashes (`algorithm:hash`, separated by ;), and any `part.field` column for a nested
 * part (e.g. otherBody.bodyReference, reporter.email). Empty cells are left out.
 */
export function csvRowToInput(header: string[], fields: string[]): Record<string, unknown> {
  if (fields.length !== header.length) throw new Error(`the row has ${fields.length} fields; the header has ${header.length}`);
  const out: Record<string, unknown> = {};
  const evidence: Record<string, string>[] = [];
  header.forEach((name, i) => {
    const value = (fields[i] ?? '').trim();
    if (value === '') return;
    const list = (): string[] => value.split(/[;|]/).map((v) => v.trim()).filter(Boolean);
    const bool = (): unknown => (/^(true|yes|y|1)$/i.test(value) ? true : /^(false|no|n|0)$/i.test(value) ? false : value);
    if (name === 'harmCategories') out.harmCategories = list();
    else if (name === 'childrenLikely') out.childrenLikely = bool();
    else if (name === 'evidenceUrls') for (const url of list()) evidence.push({ url });
    else if (name === 'evidenceHashes') {
      for (const pair of list()) {
        const at = pair.indexOf(':');
        evidence.push(at < 0 ? { hash: pair } : { hashAlgorithm: pair.slice(0, at).trim().toLowerCase(), hash: pair.slice(at + 1).trim() });
      }
    } else if (name.includes('.')) {
      const [part, field] = name.split('.', 2) as [string, string];
      if (!DETAIL_PREFIXES.includes(part)) {
        out[name] = value;
        return;
      }
      const target = (out[part] ??= {}) as Record<string, unknown>;
      target[field] = /^(reportedToProvider|confidentialityRequested|isPersonAffected)$/.test(field) ? bool() : /^usersAffectedEstimate$/.test(field) && /^\d+$/.test(value) ? Number(value) : value;
    } else out[name] = value;
  });
  if (evidence.length > 0) out.evidence = evidence;
  return out;
}
