import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { BulkImport, type ImportReject } from '@app/intake';
import { bootTestApp, type TestApp } from '@app/testing';
import { createCase, fireOk } from '../cases/case-api.js';

const actor = { id: null, label: 'cli:test' };

describe('bulk import of intake (CSV and NDJSON)', () => {
  let t: TestApp;
  let db: DataSource;
  let importer: BulkImport;
  const dir = mkdtempSync(join(tmpdir(), 'osa-import-'));

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    importer = t.app.get(BulkImport);
  });
  afterAll(async () => t.close());

  it('imports good NDJSON rows, reports each bad row by number, and groups rows into matters', async () => {
    const lines = [
      JSON.stringify({ source: 'other_body', serviceUrl: 'bulk-a.example/1', harmCategories: ['csam'], description: 'Hotline referral', otherBody: { bodyType: 'hotline', bodyName: 'IWF', bodyReference: 'IWF-1' } }),
      JSON.stringify({ source: 'complaint', serviceUrl: 'www.bulk-a.example/2', harmCategories: ['csam', 'hate'], description: 'Same site', reporter: { email: 'r@example.net' } }),
      '{"source": "complaint", "serviceUrl": ',
      JSON.stringify({ source: 'complaint', serviceUrl: 'bulk-b.example', harmCategories: ['unknown_harm'], description: 'x' }),
      '',
      JSON.stringify({ source: 'complaint', serviceUrl: 'bulk-b.example', harmCategories: ['fraud'], description: 'A scam', evidence: [{ hashAlgorithm: 'sha256', hash: 'b'.repeat(64) }] }),
      JSON.stringify({ source: 'complaint', serviceUrl: 'bulk-b.example', harmCategories: ['fraud'], description: `data:image/jpeg;base64,${'A'.repeat(200)}` }),
    ];
    const file = join(dir, 'referrals.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const rejects: ImportReject[] = [];
    const result = await importer.run({ file, actor, batchSize: 2, onReject: (r) => rejects.push(r) });
    expect(result).toMatchObject({ rows: 7, accepted: 3, rejected: 3, status: 'completed' });
    expect(rejects.map((r) => [r.row, r.errors[0]?.field])).toEqual([
      [3, 'row'],
      [4, 'harmCategories[0]'],
      [7, 'description'],
    ]);
    const items = await db.query(`SELECT i.import_row, i.matter_id, i.received_via, i.reporter_sealed IS NOT NULL AS sealed, m.item_count FROM intake_items i JOIN matters m ON m.id = i.matter_id WHERE i.import_id = $1 ORDER BY i.import_row`, [result.importId]);
    expect(items.map((i: { import_row: string }) => Number(i.import_row))).toEqual([1, 2, 6]);
    expect(items[0].matter_id).toBe(items[1].matter_id);
    expect(items[0].item_count).toBe(2);
    expect(items[1].sealed).toBe(true);
    expect(items.every((i: { received_via: string }) => i.received_via === 'bulk_import')).toBe(true);
    const [matter] = await db.query(`SELECT triage_score, triage_factors FROM matters WHERE id = $1`, [items[0].matter_id]);
    expect(matter.triage_factors.reduce((s: number, f: { contribution: number }) => s + f.contribution, 0)).toBe(matter.triage_score);
    const stored = await db.query(`SELECT row_number FROM intake_import_rejects WHERE import_id = $1 ORDER BY row_number`, [result.importId]);
    expect(stored.map((r: { row_number: string }) => Number(r.row_number))).toEqual([3, 4, 7]);
  });

  it('joins rows to matters already open from the API', async () => {
    const filed = await t.http().post('/api/v1/intake').send({ source: 'complaint', serviceUrl: 'joined.example', harmCategories: ['ncii'], description: 'via API' });
    const file = join(dir, 'joined.ndjson');
    writeFileSync(file, `${JSON.stringify({ source: 'complaint', serviceUrl: 'joined.example/x', harmCategories: ['ncii'], description: 'via import' })}\n`);
    const result = await importer.run({ file, actor });
    const [item] = await db.query(`SELECT matter_id, match_reason FROM intake_items WHERE import_id = $1`, [result.importId]);
    expect(item.matter_id).toBe(filed.body.matterId);
    expect(item.match_reason.rule).toBe('same_service_overlapping_harm');
  });

  it('attaches reports to the running case of their service, not to a closed one, for many services in one batch', async () => {
    const running = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://case-running.example', harmCategories: ['ncii'] });
    const closed = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://case-closed.example', harmCategories: ['fraud'] });
    await fireOk(t, 'officer@demo.test', closed.id, closed.version, 'close', { outcome: 'no_action' });
    const file = join(dir, 'to-cases.ndjson');
    const row = (serviceUrl: string, harm: string) => JSON.stringify({ source: 'complaint', serviceUrl, harmCategories: [harm], description: 'Still up' });
    writeFileSync(file, `${[row('case-running.example/a', 'ncii'), row('case-closed.example/b', 'fraud'), row('no-case.example/c', 'ncii')].join('\n')}\n`);
    const result = await importer.run({ file, actor });
    const items = await db.query(
      `SELECT m.status, m.case_id FROM intake_items i JOIN matters m ON m.id = i.matter_id WHERE i.import_id = $1 ORDER BY i.import_row`,
      [result.importId],
    );
    expect(items).toEqual([
      { status: 'case_opened', case_id: running.id },
      { status: 'open', case_id: null },
      { status: 'open', case_id: null },
    ]);
  });

  it('imports CSV with quoted fields and nested columns, numbering rows as a spreadsheet does', async () => {
    const file = join(dir, 'police.csv');
    writeFileSync(
      file,
      [
        'source,serviceUrl,harmCategories,description,otherBody.bodyType,otherBody.bodyName,otherBody.bodyReference,evidenceHashes',
        'other_body,csv.example,terrorism,"Propaganda, with a comma\nand a new line",police,Counter Terrorism Policing,CTP-1,md5:d41d8cd98f00b204e9800998ecf8427e',
        'other_body,csv.example,terrorism,Missing reference,police,Counter Terrorism Policing,,',
        'other_body,csv.example,terrorism;hate,Another,police,CTP,CTP-2,',
      ].join('\r\n'),
    );
    const rejects: ImportReject[] = [];
    const result = await importer.run({ file, actor, onReject: (r) => rejects.push(r) });
    expect(result).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(rejects).toEqual([{ row: 3, errors: [{ field: 'otherBody.bodyReference', message: 'is required' }] }]);
    const [first] = await db.query(`SELECT description, details FROM intake_items WHERE import_id = $1 AND import_row = 2`, [result.importId]);
    expect(first.description).toBe('Propaganda, with a comma\nand a new line');
    expect(first.details).toEqual({ bodyType: 'police', bodyName: 'Counter Terrorism Policing', bodyReference: 'CTP-1' });
  });

  it('resumes an interrupted import after the last committed batch, without duplicates', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => JSON.stringify({ source: 'complaint', serviceUrl: `resume-${i % 5}.example`, harmCategories: ['fraud'], description: `row ${i + 1}` }));
    const file = join(dir, 'resume.ndjson');
    writeFileSync(file, `${rows.join('\n')}\n`);
    let batches = 0;
    await expect(
      importer.run({
        file,
        actor,
        batchSize: 10,
        onProgress: () => {
          batches += 1;
          if (batches === 2) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    const [running] = await db.query(`SELECT id, status, rows_done FROM intake_imports WHERE file_name = 'resume.ndjson'`);
    expect(running).toMatchObject({ status: 'running' });
    expect(Number(running.rows_done)).toBe(20);
    const result = await importer.run({ file, actor, batchSize: 10 });
    expect(result).toMatchObject({ importId: running.id, resumedFromRow: 20, rows: 50, accepted: 50, rejected: 0 });
    const [{ n, distinct }] = await db.query(`SELECT count(*)::int AS n, count(DISTINCT import_row)::int AS distinct FROM intake_items WHERE import_id = $1`, [running.id]);
    expect([n, distinct]).toEqual([50, 50]);
    const again = await importer.run({ file, actor, batchSize: 10 });
    expect(again.importId).not.toBe(running.id);
  });

  it('keeps memory flat on a large file: it streams instead of loading it', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const file = join(dir, 'large.ndjson');
    const line = (i: number): string => JSON.stringify({ source: 'complaint', serviceUrl: `large-${i % 300}.example/p/${i}`, harmCategories: ['fraud'], description: `Row ${i} ${'x'.repeat(1000)}` });
    writeFileSync(file, `${Array.from({ length: 20_000 }, (_, i) => line(i)).join('\n')}\n`);
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let retained = 0;
    const result = await importer.run({
      file,
      actor,
      onProgress: () => {
        gc();
        retained = Math.max(retained, process.memoryUsage().heapUsed - baseline);
      },
    });
    expect(result.accepted).toBe(20_000);
    // The file is 21 MB (twice that as JavaScript strings): what stays on the heap must not grow with it.
    expect(retained).toBeLessThan(12 * 1024 * 1024);
  }, 180_000);
});
