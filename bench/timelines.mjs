#!/usr/bin/env node
// Issue 8: the enforcement timelines report over the benchmark data set (1,000,000 cases, about 20 audit
// events each), as a ratio to a hand-written SQL query computing the same medians and 90th percentiles
// over the same rows, in the same run on the same PostgreSQL. Goal: ≤ 2 × the hand-written query, and
// under 2 s. Both read case_stage_spans, the stage summary kept in step with the audit trail in each
// case event's transaction, with the same as-of rule (a start or end counts only if recorded by asOf);
// the report also computes working days, Kaplan–Meier estimates, open stages, super-complaints and the
// snapshot hash. First the reporting job's timeline checkpoints are brought up to date (`report checkpoints`,
// as the hourly job keeps them in production; timed separately), so the report reads the checkpoint of
// 1 November plus the spans recorded in the two weeks since, as any report as of a past moment does. BENCH_AUDIT_SCAN=1 also times the same medians computed from the audit events themselves
// (what the report did before the summary existed), for comparison.
// Usage: npm run build && node bench/timelines.mjs   (BENCH_SCALE=0.01 for a quick look)
import { spawn } from 'node:child_process';
import pg from 'pg';
import { measureLine } from './lib/baselines.mjs';
import { startBenchCluster } from './lib/cluster.mjs';
import { isMain, recordResults, serverBuild, waitFor } from './lib/harness.mjs';
import { BENCH_PASSWORD, ensureDataset, startApp, stopApp } from './dataset.mjs';
import { freePort } from '../test/support/pg-server.mjs';

const RUNS = 3;
const GOAL_RATIO = 2;
const GOAL_MS = 2000;
/**
 * Events recorded after this (in the data set, the last two weeks) must be left out. Not a checkpoint's
 * boundary: the report reads the newest checkpoint before it and the spans recorded between the two.
 */
const AS_OF = '2026-11-15T12:00:00.000Z';

/** The hand-written baseline: finished stages' median and 90th percentile in calendar days, as of $1. */
const HAND_WRITTEN = `
  SELECT stage, count(*)::int AS completed,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(ended_on - started_on, 0)) AS median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY greatest(ended_on - started_on, 0)) AS p90
  FROM case_stage_spans
  WHERE start_recorded_at <= $1 AND end_recorded_at <= $1
  GROUP BY stage ORDER BY stage`;

/** The same figures straight from the audit events (the report's method before the summary table). */
const FROM_AUDIT_EVENTS = `
  WITH per_case AS (
    SELECT chain_id,
      min(occurred_at) FILTER (WHERE event = 'create') AS created,
      min(occurred_at) FILTER (WHERE event IN ('open_investigation', 'begin_remediation', 'close')) AS assessed,
      min(occurred_at) FILTER (WHERE event = 'open_investigation') AS inv,
      min(occurred_at) FILTER (WHERE event = 'issue_provisional_notice') AS pn,
      min(occurred_at) FILTER (WHERE event = 'issue_confirmation_decision') AS cd,
      min(occurred_at) FILTER (WHERE event IN ('confirm_compliance', 'record_non_compliance')) AS complied,
      min(occurred_at) FILTER (WHERE event = 'close') AS closed,
      min(occurred_at) FILTER (WHERE event IN ('close', 'confirm_compliance')) AS finished
    FROM audit_events
    WHERE subject_type = 'case' AND recorded_at <= $1
    GROUP BY chain_id
  ), stages AS (
    SELECT s.stage, (s.ended AT TIME ZONE 'Europe/London')::date - (s.started AT TIME ZONE 'Europe/London')::date AS days
    FROM per_case CROSS JOIN LATERAL (VALUES
      ('assessment', created, assessed), ('investigation', inv, least(pn, closed)), ('representations', pn, least(cd, closed)),
      ('compliance', cd, least(complied, closed)), ('end_to_end', created, finished)
    ) AS s(stage, started, ended)
    WHERE s.started IS NOT NULL AND s.ended IS NOT NULL
  )
  SELECT stage, count(*)::int AS completed, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median
  FROM stages GROUP BY stage ORDER BY stage`;

/** `report checkpoints` on the data set (the hourly job's work): its summary line and how long it took. */
async function maintainCheckpoints(url) {
  const started = performance.now();
  const child = spawn(process.execPath, [serverBuild().cli, 'report', 'checkpoints'], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', DATA_DIR: '/tmp/osa-bench', TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const code = await new Promise((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`report checkpoints failed (exit ${code})`);
  return { ms: Math.round(performance.now() - started), ...JSON.parse(out.trim().split('\n').at(-1)) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** `dataset`: from ensureDataset(); without it, starts the benchmark cluster and builds or reuses the data set. */
export async function benchTimelines(dataset) {
  let cluster;
  if (!dataset) {
    cluster = await startBenchCluster();
    dataset = await ensureDataset(cluster.adminUrl);
  }
  const port = await freePort();
  const app = startApp(dataset.url, port);
  const base = `http://127.0.0.1:${port}`;
  const db = new pg.Client({ connectionString: dataset.url });
  try {
    await waitFor(`${base}/health/ready`, 300_000);
    await db.connect();
    const checkpoints = await maintainCheckpoints(dataset.url);
    const checkpoint = (await db.query(`SELECT boundary, cells FROM timeline_checkpoints WHERE boundary <= $1 ORDER BY boundary DESC LIMIT 1`, [AS_OF])).rows[0];
    const since = (
      await db.query(`SELECT count(*)::int AS n FROM case_stage_spans WHERE (start_recorded_at > $1 AND start_recorded_at <= $2) OR (end_recorded_at > $1 AND end_recorded_at <= $2)`, [checkpoint?.boundary ?? AS_OF, AS_OF])
    ).rows[0].n;
    const token = await (
      await fetch(`${base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'analyst@demo.test', password: BENCH_PASSWORD }) })
    ).json();
    /** The report as of AS_OF, or (asOf null) as of now, which reads today's checkpoint. */
    const report = async (asOf = AS_OF) => {
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/reports/enforcement-timelines${asOf ? `?asOf=${asOf}` : ''}`, { headers: { authorization: `Bearer ${token.accessToken}` } });
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
    await report(null);
    const asOfNow = await report(null);
    let auditScan = null;
    if (process.env.BENCH_AUDIT_SCAN === '1') {
      const started = performance.now();
      const { rows } = await db.query(FROM_AUDIT_EVENTS, [AS_OF]);
      auditScan = { ms: Math.round(performance.now() - started), sameMedians: rows.every((r) => Math.abs(Number(r.median) - Number(baseline.rows.find((b) => b.stage === r.stage)?.median)) <= 0.01) };
    }
    const value = median(reportMs);
    const sql = median(sqlMs);
    return measureLine('timelines_report_ms', value, sql, `<= ${GOAL_RATIO} x hand-written SQL and < ${GOAL_MS} ms`, value / sql <= GOAL_RATIO && value < GOAL_MS && mismatches.length === 0, {
      cases: dataset.counts.cases,
      caseAuditEvents: dataset.counts.case_events,
      stageSpans: dataset.counts.stage_spans,
      reportRunsMs: reportMs.map((m) => Math.round(m)),
      handWrittenRunsMs: sqlMs.map((m) => Math.round(m)),
      sameMedians: mismatches.length === 0,
      mismatches: mismatches.map((m) => m.stage),
      snapshotHash: last.body.snapshotHash,
      reportAsOfNowMs: Math.round(asOfNow.ms),
      checkpointsMaintainedMs: checkpoints.ms,
      checkpointsCreated: checkpoints.created,
      checkpointUsed: checkpoint?.boundary?.toISOString() ?? null,
      checkpointCells: checkpoint?.cells ?? null,
      spansRecordedSinceCheckpoint: since,
      ...(auditScan ? { fromAuditEventsMs: auditScan.ms, fromAuditEventsSameMedians: auditScan.sameMedians } : {}),
    });
  } finally {
    await db.end().catch(() => undefined);
    await stopApp(app);
    cluster?.stop();
  }
}

if (isMain(import.meta.url)) recordResults(await benchTimelines());
