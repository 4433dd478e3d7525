#!/usr/bin/env node
// Issue 8: the enforcement timelines report over 1,000,000 cases and their audit events, as a ratio to a
// hand-written SQL query computing the same medians (and 90th percentiles) over the same rows, in the same
// run on the same PostgreSQL. Goal: report ≤ 2 × the hand-written query, and under 2 s.
// The histories are inserted straight into audit_events (generate_series), not through the API: the report
// reads only the audit trail, and a million API calls would take hours. Their hashes are placeholders.
// Usage: npm run build && node bench/timelines.mjs   (DATABASE_URL, or starts a throwaway PostgreSQL)
// BENCH_CASES scales the data down for a quick look.
import { spawn } from 'node:child_process';
import pg from 'pg';
import { measureLine } from './lib/baselines.mjs';
import { freePort, startPostgres } from '../test/support/pg-server.mjs';
import { waitFor, createDatabase, isMain, recordResults } from './lib/harness.mjs';

const root = new URL('..', import.meta.url).pathname;
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const RUNS = 3;
const GOAL_RATIO = 2;
const GOAL_MS = 2000;
const PASSWORD = 'bench-demo-password-0123';
const AS_OF = '2026-11-01T00:00:00.000Z';



/**
 * Case histories: every case created between 2019 and 2026; half go to investigation, three in ten close
 * in assessment; then provisional notices, confirmation decisions, compliance or non-compliance, closures.
 * Events after asOf are recorded too (they must be left out); three jurisdictions; five harm categories.
 */
const GENERATE = `
  WITH c AS (
    SELECT i, gen_random_uuid()::text AS id,
      timestamptz '2019-01-01' + random() * interval '2860 days' AS created,
      random() AS r1, random() AS r2, random() AS r3, random() AS r4,
      (ARRAY['ncii', 'csam', 'fraud', 'terrorism', 'hate'])[1 + i % 5] AS harm,
      (ARRAY['england-and-wales', 'scotland', 'northern-ireland'])[1 + i % 3] AS jurisdiction
    FROM generate_series(1, $1::int) i
  ), t AS (
    SELECT *, created + (1 + r1 * 120) * interval '1 day' AS t1 FROM c
  ), t2 AS (
    SELECT *, t1 + (10 + r3 * 300) * interval '1 day' AS t2 FROM t
  ), t3 AS (
    SELECT *, t2 + (20 + r1 * 100) * interval '1 day' AS t3 FROM t2
  ), t4 AS (
    SELECT *, t3 + (5 + r2 * 400) * interval '1 day' AS t4 FROM t3
  )
  INSERT INTO audit_events (chain_id, chain_seq, event, actor_label, subject_type, subject_id, from_state, to_state, occurred_at, recorded_at, data, prev_hash, hash)
  SELECT 'case:' || t4.id, e.seq, e.event, 'bench', 'case', t4.id, NULL, NULL, e.at, e.at + interval '1 hour', e.data,
    md5(t4.id || e.seq) || md5(e.seq || t4.id), md5(t4.id || e.event) || md5(e.event || t4.id)
  FROM t4 CROSS JOIN LATERAL (VALUES
    (1, 'create', t4.created, jsonb_build_object('harmCategories', jsonb_build_array(t4.harm), 'jurisdiction', t4.jurisdiction, 'serviceId', t4.id, 'matterIds', '[]'::jsonb)),
    (2, CASE WHEN r2 < 0.5 THEN 'open_investigation' WHEN r2 < 0.8 THEN 'close' END, t4.t1, '{"data": {"outcome": "no_action"}}'::jsonb),
    (3, CASE WHEN r2 < 0.5 AND r4 < 0.6 THEN 'issue_provisional_notice' WHEN r2 < 0.5 AND r4 < 0.8 THEN 'close' END, t4.t2, '{"data": {"outcome": "no_contravention"}}'::jsonb),
    (4, CASE WHEN r2 < 0.5 AND r4 < 0.6 AND r3 < 0.7 THEN 'issue_confirmation_decision' END, t4.t3, '{}'::jsonb),
    (5, CASE WHEN r2 < 0.5 AND r4 < 0.6 AND r3 < 0.7 AND r1 < 0.6 THEN 'confirm_compliance' WHEN r2 < 0.5 AND r4 < 0.6 AND r3 < 0.7 AND r1 < 0.8 THEN 'record_non_compliance' END, t4.t4, '{}'::jsonb)
  ) AS e(seq, event, at, data)
  WHERE e.event IS NOT NULL AND e.at < timestamptz '2026-11-27'`;

/** The hand-written baseline: median and 90th percentile of finished stages, calendar days, straight in SQL. */
const HAND_WRITTEN = `
  WITH per_case AS (
    SELECT chain_id,
      min(occurred_at) FILTER (WHERE event = 'create') AS created,
      min(occurred_at) FILTER (WHERE event IN ('open_investigation', 'begin_remediation', 'close')) AS assessed,
      min(occurred_at) FILTER (WHERE event = 'open_investigation') AS inv,
      min(occurred_at) FILTER (WHERE event = 'issue_provisional_notice') AS pn,
      min(occurred_at) FILTER (WHERE event = 'issue_confirmation_decision') AS cd,
      min(occurred_at) FILTER (WHERE event = 'apply_for_business_disruption') AS bd,
      min(occurred_at) FILTER (WHERE event IN ('confirm_compliance', 'record_non_compliance')) AS complied,
      min(occurred_at) FILTER (WHERE event = 'record_court_order') AS ordered,
      min(occurred_at) FILTER (WHERE event = 'close') AS closed,
      min(occurred_at) FILTER (WHERE event IN ('close', 'confirm_compliance')) AS finished
    FROM audit_events
    WHERE subject_type = 'case' AND recorded_at <= $1
    GROUP BY chain_id
  ), stages AS (
    SELECT s.stage, (s.ended AT TIME ZONE 'Europe/London')::date - (s.started AT TIME ZONE 'Europe/London')::date AS days
    FROM per_case CROSS JOIN LATERAL (VALUES
      ('assessment', created, assessed),
      ('investigation', inv, least(pn, closed)),
      ('representations', pn, least(cd, closed)),
      ('compliance', cd, least(complied, closed)),
      ('disruption', bd, least(ordered, closed)),
      ('end_to_end', created, finished)
    ) AS s(stage, started, ended)
    WHERE s.started IS NOT NULL AND s.ended IS NOT NULL
  )
  SELECT stage, count(*)::int AS completed, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90
  FROM stages GROUP BY stage ORDER BY stage`;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function benchTimelines() {
  let server;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    server = await startPostgres();
    adminUrl = server.adminUrl;
  }
  const appUrl = await createDatabase(adminUrl, 'bench_timelines');
  const port = await freePort();
  const app = spawn(process.execPath, [`${root}dist/apps/server/apps/server/src/main.js`], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: appUrl, LOG_LEVEL: 'warn', SEED_DEMO: 'true', DEMO_PASSWORD: PASSWORD, DATA_DIR: '/tmp/osa-bench', TZ: 'UTC' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const db = new pg.Client({ connectionString: appUrl });
  try {
    await waitFor(`${base}/health/ready`);
    await db.connect();
    const t0 = Date.now();
    const inserted = await db.query(GENERATE, [CASES]);
    await db.query('VACUUM ANALYZE audit_events');
    process.stderr.write(`${CASES} cases, ${inserted.rowCount} audit events inserted in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    const token = await (
      await fetch(`${base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'analyst@demo.test', password: PASSWORD }) })
    ).json();
    const report = async () => {
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/reports/enforcement-timelines?asOf=${AS_OF}`, { headers: { authorization: `Bearer ${token.accessToken}` } });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`report: ${res.status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - started, body };
    };
    const handWritten = async () => {
      const started = performance.now();
      const { rows } = await db.query(HAND_WRITTEN, [AS_OF]);
      return { ms: performance.now() - started, rows };
    };
    // One warm-up of each (plans, caches, the working-day index), then alternate runs.
    await report();
    await handWritten();
    const reportMs = [];
    const sqlMs = [];
    let last;
    let baseline;
    for (let i = 0; i < RUNS; i += 1) {
      last = await report();
      reportMs.push(last.ms);
      baseline = await handWritten();
      sqlMs.push(baseline.ms);
    }
    // Same medians: the report's finished-stage figures must equal the hand-written query's.
    const mismatches = baseline.rows.filter((row) => {
      const stage = last.body.stages.find((s) => s.stage === row.stage);
      return !stage || stage.completed !== row.completed || Math.abs(stage.medianDays - Number(row.median)) > 0.01 || Math.abs(stage.p90Days - Number(row.p90)) > 0.01;
    });
    const value = median(reportMs);
    const sql = median(sqlMs);
    return measureLine('timelines_report_ms', value, sql, `<= ${GOAL_RATIO} x hand-written SQL and < ${GOAL_MS} ms`, value / sql <= GOAL_RATIO && value < GOAL_MS && mismatches.length === 0, {
      cases: CASES,
      auditEvents: inserted.rowCount,
      reportRunsMs: reportMs.map((m) => Math.round(m)),
      handWrittenRunsMs: sqlMs.map((m) => Math.round(m)),
      sameMedians: mismatches.length === 0,
      mismatches: mismatches.map((m) => m.stage),
      snapshotHash: last.body.snapshotHash,
    });
  } finally {
    await db.end().catch(() => undefined);
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
    server?.stop();
  }
}

if (isMain(import.meta.url)) recordResults(await benchTimelines());
