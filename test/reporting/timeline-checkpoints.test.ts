import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SettableClock } from '@app/core';
import { TimelineCheckpoints, TimelineReadModel, TimelineReports, type TimelineQuery } from '@app/reporting';
import { bootTestApp, type TestApp } from '@app/testing';

const STAGES = ['assessment', 'investigation', 'representations', 'compliance', 'end_to_end'];
const HARMS = [['ncii'], ['fraud'], ['ncii', 'hate'], ['csam']];
const JURISDICTIONS = ['england-and-wales', 'scotland', 'northern-ireland', 'wales'];
const DAY = 86_400_000;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Timeline checkpoints (migration 1795000000025): a report as of T read from the newest checkpoint at or
 * before T plus the spans recorded since must equal the full scan of every span, for any T, filter and
 * grouping a checkpoint can answer; anything that changes what a checkpoint accounts for deletes them all.
 * The spans are written straight into case_stage_spans (what the case transactions maintain), with starts
 * and ends recorded hours to months after they occurred, ends on the same day, across bank holidays, and
 * in every jurisdiction.
 */
describe('timeline checkpoints', () => {
  let t: TestApp;
  let db: DataSource;
  let readModel: TimelineReadModel;
  let checkpoints: TimelineCheckpoints;
  const clock = new SettableClock(new Date('2026-06-15T00:30:00Z'));

  beforeAll(async () => {
    t = await bootTestApp({ clock });
    db = t.app.get(DataSource);
    readModel = t.app.get(TimelineReadModel);
    checkpoints = t.app.get(TimelineCheckpoints);
    // Intake received over the period (the monthly chart counts them by when received).
    for (const at of ['2025-01-20', '2025-05-31', '2025-06-02', '2025-09-30', '2026-02-14', '2026-06-05', '2026-06-12', '2026-06-14']) {
      clock.set(new Date(`${at}T22:30:00Z`));
      await submitComplaint();
    }
    clock.set(new Date('2026-06-15T00:30:00Z'));
    const next = random(20261127);
    const rows: unknown[][] = [];
    for (let i = 0; i < 1500; i += 1) {
      const stage = STAGES[i % STAGES.length];
      const started = Date.parse('2025-01-01T00:00:00Z') + Math.floor(next() * 520) * DAY + Math.floor(next() * DAY);
      const startRecorded = started + Math.floor(next() < 0.8 ? next() * 3 * 3600_000 : next() * 60 * DAY);
      const ends = next() < 0.65;
      const ended = started + Math.floor(next() < 0.1 ? next() * 3600_000 : next() * 200 * DAY);
      const endRecorded = Math.max(startRecorded, ended + Math.floor(next() * 5 * DAY));
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      rows.push([
        id, stage, new Date(started), new Date(startRecorded), 1000 + i * 7,
        ends ? new Date(ended) : null, ends ? new Date(endRecorded) : null, ends ? 1000 + i * 7 + 3 : null,
        JURISDICTIONS[Math.floor(next() * JURISDICTIONS.length)], HARMS[Math.floor(next() * HARMS.length)],
      ]);
    }
    for (const r of rows) {
      await db.query(
        `INSERT INTO case_stage_spans (case_id, stage, started_at, started_on, start_recorded_at, start_seq, ended_at, ended_on, end_recorded_at, end_seq,
           opened_at, jurisdiction, harm_categories, service_id)
         VALUES ($1, $2, $3, ($3 AT TIME ZONE 'Europe/London')::date, $4, $5, $6, ($6 AT TIME ZONE 'Europe/London')::date, $7, $8, $3, $9, $10, NULL)`,
        r,
      );
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const submitComplaint = async () => {
    const res = await t.http().post('/api/v1/intake').set({ Authorization: `Bearer ${await t.token('officer@demo.test')}` }).send({
      source: 'complaint',
      serviceUrl: 'https://checkpoint-test.example/page',
      harmCategories: ['ncii'],
      description: 'Intimate images posted without consent.',
    });
    expect(res.status).toBe(201);
  };

  const queries: Omit<TimelineQuery, 'asOf'>[] = [{}, { harmCategories: ['ncii'] }, { groupBy: 'harmCategory' }, { harmCategories: ['fraud', 'hate'], groupBy: 'harmCategory' }];
  const asOfs = [
    '2025-03-01T00:00:00Z', // before every checkpoint: the full scan answers
    '2025-06-01T00:00:00Z', // exactly a checkpoint
    '2025-06-01T00:00:00.001Z',
    '2025-09-17T13:45:00Z', // between month starts
    '2026-06-01T08:00:00Z',
    '2026-06-10T23:59:59.999Z', // just before a daily checkpoint
    '2026-06-15T00:30:00Z', // now, after the newest checkpoint
  ];

  it('keeps the last week of midnights and the last year of month starts', async () => {
    const outcomes = await checkpoints.maintain();
    const created = outcomes.filter((o) => o.status === 'created').map((o) => o.boundary.toISOString());
    expect(created).toHaveLength(20);
    expect(created.slice(0, 8)).toEqual(['2026-06-14', '2026-06-13', '2026-06-12', '2026-06-11', '2026-06-10', '2026-06-09', '2026-06-08', '2026-06-01'].map((d) => `${d}T00:00:00.000Z`));
    expect(created.at(-1)).toBe('2025-06-01T00:00:00.000Z');
    // Every span started by a boundary is in its checkpoint, once.
    const [{ spans, started }] = await db.query(
      `SELECT c.spans, (SELECT count(*)::int FROM case_stage_spans WHERE start_recorded_at <= c.boundary) AS started FROM timeline_checkpoints c WHERE boundary = '2026-01-01T00:00:00Z'`,
    );
    expect(spans).toBe(started);
    expect((await checkpoints.maintain()).every((o) => o.status === 'kept')).toBe(true);
  });

  it('gives exactly the full scan for every asOf, filter and grouping it can answer', async () => {
    for (const asOf of asOfs) {
      for (const q of queries) {
        const query = { ...q, asOf: new Date(asOf) };
        const viaCheckpoint = await readModel.histogram(query);
        const fullScan = await readModel.histogram(query, { fullScan: true });
        expect({ asOf, q, ...viaCheckpoint }).toEqual({ asOf, q, ...fullScan });
        expect(fullScan.rows.length).toBeGreaterThan(0);
      }
      const monthly = await readModel.monthlyActivity(new Date(asOf), '2025-02-01', '2026-05-31');
      expect({ asOf, monthly }).toEqual({ asOf, monthly: await readModel.monthlyActivity(new Date(asOf), '2025-02-01', '2026-05-31', { fullScan: true }) });
    }
    // The monthly series counts each case once when opened, once when first closed.
    const [{ opened, closed }] = await db.query(
      `SELECT count(*) FILTER (WHERE start_recorded_at <= '2026-06-15T00:30:00Z')::int AS opened, count(*) FILTER (WHERE end_recorded_at <= '2026-06-15T00:30:00Z')::int AS closed FROM case_stage_spans WHERE stage = 'end_to_end'`,
    );
    const all = await readModel.monthlyActivity(new Date('2026-06-15T00:30:00Z'));
    expect([all.reduce((n, m) => n + m.casesOpened, 0), all.reduce((n, m) => n + m.casesClosed, 0)]).toEqual([opened, closed]);
    expect(closed).toBeGreaterThan(0);
    expect(all.reduce((n, m) => n + m.intake, 0)).toBe(8);
    expect(all.find((m) => m.month === '2025-06')?.intake).toBe(1);
  });

  it('is what the report reads when one is usable (a changed cell changes the report)', async () => {
    const asOf = new Date('2025-09-17T13:45:00Z');
    const before = await t.app.get(TimelineReports).timelines({ asOf });
    await db.query(`UPDATE timeline_checkpoint_cells SET n = n + 1 WHERE checkpoint_id = (SELECT id FROM timeline_checkpoints WHERE boundary = '2025-09-01T00:00:00Z') AND cell = 1`);
    try {
      const tampered = await t.app.get(TimelineReports).timelines({ asOf });
      expect(tampered.snapshotHash).not.toBe(before.snapshotHash);
      const scan = await readModel.histogram({ asOf }, { fullScan: true });
      expect(await readModel.histogram({ asOf })).not.toEqual(scan);
    } finally {
      await db.query(`UPDATE timeline_checkpoint_cells SET n = n - 1 WHERE checkpoint_id = (SELECT id FROM timeline_checkpoints WHERE boundary = '2025-09-01T00:00:00Z') AND cell = 1`);
    }
    expect((await t.app.get(TimelineReports).timelines({ asOf })).snapshotHash).toBe(before.snapshotHash);
  });

  it('are periods and services the full scan answers, with the same figures as before checkpoints existed', async () => {
    const asOf = new Date('2026-03-03T12:00:00Z');
    for (const q of [{ from: '2025-06-01' }, { to: '2025-12-31' }, { groupBy: 'yearOpened' as const }, { groupBy: 'outcome' as const }]) {
      expect(TimelineReadModel.checkpointCanAnswer({ ...q, asOf })).toBe(false);
      expect(readModel.histogramSql({ ...q, asOf }, { id: '1', boundary: new Date('2026-03-01T00:00:00Z') }).sql).not.toContain('timeline_checkpoint_cells');
    }
  });

  const count = async () => Number((await db.query(`SELECT count(*)::int AS n FROM timeline_checkpoints`))[0].n);

  it('survive what they account for: a new span and an open span ending, both recorded after the newest', async () => {
    clock.set(new Date('2026-06-15T09:00:00Z'));
    const before = await count();
    await db.query(
      `INSERT INTO case_stage_spans (case_id, stage, started_at, started_on, start_recorded_at, start_seq, opened_at, jurisdiction, harm_categories)
       VALUES ('00000000-0000-4000-8000-999999999999', 'assessment', '2026-06-14T10:00:00Z', '2026-06-14', '2026-06-15T09:00:00Z', 999999, '2026-06-14T10:00:00Z', 'scotland', '{ncii}')`,
    );
    await db.query(
      `UPDATE case_stage_spans SET ended_at = '2026-06-15T08:00:00Z', ended_on = '2026-06-15', end_recorded_at = '2026-06-15T09:00:00Z', end_seq = 1000000
       WHERE case_id = (SELECT case_id FROM case_stage_spans WHERE ended_at IS NULL AND start_recorded_at < '2026-01-01' ORDER BY case_id LIMIT 1) AND ended_at IS NULL`,
    );
    await submitComplaint();
    expect(await count()).toBe(before);
    for (const q of queries) {
      const query = { ...q, asOf: clock.now() };
      expect(await readModel.histogram(query)).toEqual(await readModel.histogram(query, { fullScan: true }));
    }
  });

  it('are all deleted by any change they cannot account for', async () => {
    const changes = [
      // A start recorded before the newest checkpoint (history that arrives late must not be missed).
      `INSERT INTO case_stage_spans (case_id, stage, started_at, started_on, start_recorded_at, start_seq, opened_at, jurisdiction, harm_categories)
       VALUES ('00000000-0000-4000-8000-999999999998', 'assessment', '2026-01-14T10:00:00Z', '2026-01-14', '2026-01-14T11:00:00Z', 999998, '2026-01-14T10:00:00Z', 'scotland', '{ncii}')`,
      // An end recorded at or before the newest checkpoint.
      `UPDATE case_stage_spans SET ended_at = '2026-06-01T08:00:00Z', ended_on = '2026-06-01', end_recorded_at = '2026-06-01T09:00:00Z', end_seq = 1000001
       WHERE case_id = (SELECT case_id FROM case_stage_spans WHERE ended_at IS NULL ORDER BY case_id LIMIT 1) AND ended_at IS NULL`,
      // A finished span changed.
      `UPDATE case_stage_spans SET harm_categories = '{fraud}' WHERE case_id = (SELECT case_id FROM case_stage_spans WHERE ended_at IS NOT NULL ORDER BY case_id LIMIT 1)`,
      // A span's start moved.
      `UPDATE case_stage_spans SET started_on = started_on - 1 WHERE case_id = (SELECT case_id FROM case_stage_spans ORDER BY case_id LIMIT 1)`,
      `DELETE FROM case_stage_spans WHERE case_id = (SELECT case_id FROM case_stage_spans ORDER BY case_id DESC LIMIT 1)`,
    ];
    // Intake received at or before the newest checkpoint but written after it (history arriving late).
    await checkpoints.maintain();
    expect(await count()).toBe(20);
    const now = clock.now();
    clock.set(new Date('2026-06-10T12:00:00Z'));
    await submitComplaint();
    clock.set(now);
    expect(await count()).toBe(0);
    expect(await readModel.monthlyActivity(now)).toEqual(await readModel.monthlyActivity(now, undefined, undefined, { fullScan: true }));
    for (const change of changes) {
      await checkpoints.maintain();
      expect(await count()).toBe(20);
      await db.query(change);
      expect({ change, left: await count() }).toEqual({ change, left: 0 });
      // With none, reports read every span, and still agree.
      const query = { asOf: clock.now() };
      expect(await readModel.histogram(query)).toEqual(await readModel.histogram(query, { fullScan: true }));
    }
    // The guard's note that it cleared them lasts only for its transaction (connections are pooled).
    await checkpoints.maintain();
    await db.query(changes[4]);
    expect(await count()).toBe(0);
    await checkpoints.maintain();
    await db.query(changes[4]);
    expect(await count()).toBe(0);
    await checkpoints.maintain();
    expect(await count()).toBe(20);
  });

  it('are written after a change that invalidates them commits, never from the state before it', async () => {
    await db.query(`DELETE FROM timeline_checkpoints`);
    // A rebuild of a finished span is under way in another transaction (not committed yet).
    const other = db.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query(`UPDATE case_stage_spans SET harm_categories = '{terrorism}' WHERE case_id = (SELECT case_id FROM case_stage_spans WHERE ended_at IS NOT NULL ORDER BY case_id LIMIT 1)`);
    let written = false;
    const writing = checkpoints.write(new Date('2026-06-13T00:00:00Z')).then((outcome) => ((written = true), outcome));
    await new Promise((r) => setTimeout(r, 500));
    expect(written).toBe(false); // waiting for the change to commit
    await other.commitTransaction();
    await other.release();
    expect((await writing).status).toBe('created');
    const query = { asOf: new Date('2026-06-14T12:00:00Z'), harmCategories: ['terrorism'] };
    const viaCheckpoint = await readModel.histogram(query);
    expect(viaCheckpoint).toEqual(await readModel.histogram(query, { fullScan: true }));
    expect(viaCheckpoint.rows.length).toBeGreaterThan(0);
    await checkpoints.maintain();
  });

  it('move with the calendar: a day later, the new midnight is written and the oldest daily one removed', async () => {
    clock.set(new Date('2026-06-16T01:30:00Z'));
    const outcomes = await checkpoints.maintain();
    expect(outcomes.filter((o) => o.status === 'created').map((o) => o.boundary.toISOString())).toEqual(['2026-06-16T00:00:00.000Z']);
    expect(outcomes.filter((o) => o.status === 'removed').map((o) => o.boundary.toISOString())).toEqual(['2026-06-09T00:00:00.000Z']);
  });

  it('refuses a boundary that is not yet settled', async () => {
    await expect(checkpoints.write(new Date('2026-06-16T01:00:00Z'))).rejects.toThrow(/premature/);
  });
});
