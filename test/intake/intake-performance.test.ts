import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import { AuditLog } from '@app/audit';
import { BulkImport } from '@app/intake';
import { PersonalDataVault } from '@app/privacy';
import { bootTestApp, type TestApp } from '@app/testing';

// Every statement the application sends to PostgreSQL goes through the query runner: counting there
// counts round trips, the cost that dominates intake.
const sent: string[] = [];
let counting = false;
const query = PostgresQueryRunner.prototype.query;
PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, sql: string, ...rest: unknown[]) {
  if (counting) sent.push(sql.replace(/\s+/g, ' ').trim());
  return (query as (...args: unknown[]) => Promise<unknown>).call(this, sql, ...rest);
} as typeof query;

/** Reads a process caches for a few seconds (the active triage model, the master key's version): not per item. */
const CACHE_REFRESH = /FROM triage_models WHERE active|privacy_master_keys/;

async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  sent.length = 0;
  counting = true;
  try {
    const result = await work();
    return { result, statements: sent.filter((s) => !CACHE_REFRESH.test(s)) };
  } finally {
    counting = false;
  }
}

const actor = { id: null, label: 'cli:test' };

describe('intake stays within its round-trip budget without giving up a guarantee', () => {
  let t: TestApp;
  let db: DataSource;
  const complaint = (serviceUrl: string, over: Record<string, unknown> = {}) => ({
    source: 'complaint',
    serviceUrl,
    harmCategories: ['fraud'],
    description: 'A fake investment scheme takes deposits and never pays out.',
    ...over,
  });

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    PostgresQueryRunner.prototype.query = query;
    await t.close();
  });

  it('files a report about a service nobody reported before in six statements, registration and both audit events included', async () => {
    const { result: res, statements } = await statementsOf(() => t.http().post('/api/v1/intake').send(complaint('https://first-time.example/offer')));
    expect(res.status).toBe(201);
    expect(statements.length).toBeLessThanOrEqual(6);
    // The service and the matter are new, so each starts its own audit chain; both chains verify.
    const events = await db.query(`SELECT chain_id, chain_seq, event FROM audit_events WHERE chain_id IN ($1, $2) ORDER BY chain_id`, [
      `service:${res.body.serviceId}`,
      `matter:${res.body.matterId}`,
    ]);
    expect(events.map((e: { event: string; chain_seq: number }) => [e.event, e.chain_seq]).sort()).toEqual([
      ['matter_opened', 1],
      ['service_registered_from_report', 1],
    ]);
    const audit = t.app.get(AuditLog);
    expect((await audit.verify({ chainId: `service:${res.body.serviceId}` })).ok).toBe(true);
    expect((await audit.verify({ chainId: `matter:${res.body.matterId}` })).ok).toBe(true);
  });

  it('joins a second report to the open matter in at most seven statements, and the matter chain still verifies', async () => {
    const first = await t.http().post('/api/v1/intake').send(complaint('https://second-time.example/a'));
    const { result: second, statements } = await statementsOf(() => t.http().post('/api/v1/intake').send(complaint('second-time.example/b')));
    expect(second.body).toMatchObject({ matterId: first.body.matterId, matchReason: { rule: 'same_service_overlapping_harm' } });
    expect(statements.length).toBeLessThanOrEqual(7);
    const [matter] = await db.query(`SELECT item_count FROM matters WHERE id = $1`, [first.body.matterId]);
    expect(matter.item_count).toBe(2);
    expect(await t.app.get(AuditLog).verify({ chainId: `matter:${first.body.matterId}` })).toMatchObject({ ok: true, checked: 2 });
  });

  it('seals the reporter and the person affected under two new data subjects in one statement', async () => {
    const { result: res, statements } = await statementsOf(() =>
      t.http().post('/api/v1/intake').send(complaint('sealed-once.example', { reporter: { name: 'Alex Reporter' }, personAffected: { name: 'Jo Affected' } })),
    );
    expect(res.status).toBe(201);
    expect(statements.filter((s) => /data_subjects/.test(s))).toHaveLength(1);
    const [row] = await db.query(`SELECT reporter_subject, reporter_sealed, victim_subject, victim_sealed FROM intake_items WHERE id = $1`, [res.body.id]);
    expect(row.reporter_subject).not.toBe(row.victim_subject);
    const vault = t.app.get(PersonalDataVault);
    const purpose = 'check that each person is sealed on their own';
    expect(await vault.open(row.reporter_subject, row.reporter_sealed, { purpose })).toEqual({ name: 'Alex Reporter' });
    expect(await vault.open(row.victim_subject, row.victim_sealed, { purpose })).toEqual({ name: 'Jo Affected' });
    // A sealed value belongs to its own subject only.
    await expect(vault.open(row.victim_subject, row.reporter_sealed, { purpose })).rejects.toThrow(/does not belong/);
  });

  it('refuses to start an audit chain that already exists, rolling back the whole change', async () => {
    const audit = t.app.get(AuditLog);
    const entry = { chainId: 'test:already-there', event: 'tested', actor, subjectType: 'test' };
    await db.transaction((tx) => audit.append(tx, entry));
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO intake_imports (file_name, file_size, fingerprint, format, status, started_by, started_at, updated_at) VALUES ('rolled-back', 1, 'x', 'csv', 'failed', 'test', now(), now())`);
        await audit.appendFirst(tx, entry);
      }),
    ).rejects.toThrow();
    expect(await db.query(`SELECT 1 FROM intake_imports WHERE file_name = 'rolled-back'`)).toEqual([]);
    expect(await audit.verify({ chainId: 'test:already-there' })).toMatchObject({ ok: true, checked: 1 });
  });

  it('imports a batch in a fixed number of statements however many rows carry personal data, each person sealed on their own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osa-import-budget-'));
    const rows = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({
          ...complaint(`${prefix}-${i % 7}.example/${i}`, { harmCategories: [i % 2 ? 'fraud' : 'hate'] }),
          reporter: { name: `Reporter ${prefix} ${i}`, email: `r${i}@example.net` },
          ...(i % 3 === 0 ? { personAffected: { name: `Affected ${prefix} ${i}` } } : {}),
        }),
      ).join('\n');
    const importer = t.app.get(BulkImport);
    const small = join(dir, 'small.ndjson');
    const large = join(dir, 'large.ndjson');
    writeFileSync(small, `${rows(20, 'budget-small')}\n`);
    writeFileSync(large, `${rows(400, 'budget-large')}\n`);
    const few = await statementsOf(() => importer.run({ file: small, actor, batchSize: 1000 }));
    const many = await statementsOf(() => importer.run({ file: large, actor, batchSize: 1000 }));
    expect(many.result).toMatchObject({ rows: 400, accepted: 400, rejected: 0 });
    // Twenty times the rows, not twenty times the statements (new services look for open cases once each).
    expect(many.statements.length).toBeLessThanOrEqual(few.statements.length + 10);
    expect(many.statements.filter((s) => /data_subjects/.test(s))).toHaveLength(1);

    const items = await db.query(
      `SELECT import_row, reporter_subject, reporter_sealed, victim_subject, victim_sealed FROM intake_items WHERE import_id = $1 ORDER BY import_row`,
      [many.result.importId],
    );
    expect(items).toHaveLength(400);
    const subjects = items.flatMap((i: { reporter_subject: string; victim_subject: string | null }) => [i.reporter_subject, i.victim_subject].filter(Boolean));
    expect(new Set(subjects).size).toBe(400 + Math.ceil(400 / 3));
    const vault = t.app.get(PersonalDataVault);
    const purpose = 'check the import sealed each row under its own people';
    for (const item of [items[0], items[200], items[399]]) {
      const i = Number(item.import_row) - 1;
      expect(await vault.open(item.reporter_subject, item.reporter_sealed, { purpose })).toEqual({ name: `Reporter budget-large ${i}`, email: `r${i}@example.net` });
      if (i % 3 === 0) expect(await vault.open(item.victim_subject, item.victim_sealed, { purpose })).toEqual({ name: `Affected budget-large ${i}` });
    }
    // Erasing one person leaves every other readable.
    await vault.eraseSubject(db.manager, items[0].reporter_subject, 'test erasure', actor);
    await expect(vault.open(items[0].reporter_subject, items[0].reporter_sealed, { purpose })).rejects.toMatchObject({ code: 'SUBJECT_ERASED' });
    expect(await vault.open(items[1].reporter_subject, items[1].reporter_sealed, { purpose })).toEqual({ name: 'Reporter budget-large 1', email: 'r1@example.net' });
  });

  it('commits batches in file order while reading ahead, and reports every reject', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osa-import-order-'));
    const file = join(dir, 'order.ndjson');
    const lines = Array.from({ length: 95 }, (_, i) =>
      i % 10 === 4 ? '{"source":"complaint","serviceUrl":"not a url","harmCategories":["x"]}' : JSON.stringify(complaint(`order-${i % 4}.example/${i}`)),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const seen: number[] = [];
    const rejected: number[] = [];
    const result = await t.app.get(BulkImport).run({ file, actor, batchSize: 10, onProgress: (p) => seen.push(p.rows), onReject: (r) => rejected.push(r.row) });
    expect(result).toMatchObject({ rows: 95, accepted: 85, rejected: 10 });
    expect(seen).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 95]);
    expect(rejected).toEqual([5, 15, 25, 35, 45, 55, 65, 75, 85, 95]);
    const [progress] = await db.query(`SELECT rows_done, accepted, rejected, status FROM intake_imports WHERE id = $1`, [result.importId]);
    expect(progress).toMatchObject({ rows_done: '95', accepted: '85', rejected: '10', status: 'completed' });
  });
});
