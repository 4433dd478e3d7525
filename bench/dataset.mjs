#!/usr/bin/env node
// The benchmark data set (issue 9), built once per scale and schema and kept in the benchmark cluster:
//  - a registry of 50,000 services, each with its primary domain and 0–3 mirror domains;
//  - 1,000,000 enforcement cases (2019–2026), about 20 audit events each: the lifecycle (assessment,
//    investigation, provisional notice, confirmation decision, compliance or not, closures) and the
//    steps in between (officers assigned, matters linked, information notices and answers, representations);
//  - 5,000,000 intake items through the real bulk importer (the generator of bench/intake.mjs), about
//    those services;
//  - the timelines' stage summary rebuilt from the audit trail, exactly as migration 1795000000018 does.
// Cases and their events are inserted with SQL (a million API calls would take hours); their audit
// hashes are placeholders, so the data set's trail is not meant to verify.
// BENCH_SCALE (default 1) scales every count, e.g. BENCH_SCALE=0.01 for a quick look.
// Usage: npm run build && node bench/dataset.mjs   (starts the benchmark cluster; prints the database URL)
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { item } from './intake.mjs';
import { startBenchCluster } from './lib/cluster.mjs';
import { isMain, serverBuild, waitFor } from './lib/harness.mjs';
import { formatDuration, progressBar } from './lib/progress.mjs';
import { freePort } from '../test/support/pg-server.mjs';

/** Change when the generated data changes, so cached data sets are rebuilt. */
const DATASET_VERSION = 1;
export const BENCH_PASSWORD = 'bench-demo-password-0123';
/** Events recorded after this are not generated (the data set's "today"). */
export const DATASET_NOW = '2026-11-27T00:00:00Z';

export function datasetSize(scale = Number(process.env.BENCH_SCALE ?? 1)) {
  if (!(scale > 0 && scale <= 1)) throw new Error('BENCH_SCALE must be a number above 0 and at most 1');
  return {
    scale,
    cases: Math.max(100, Math.round(1_000_000 * scale)),
    intakeItems: Math.max(100, Math.round(5_000_000 * scale)),
    services: Math.max(100, Math.round(50_000 * scale)),
  };
}

/**
 * The database name: scale and generator version. A schema change does not rebuild the data set: the
 * application migrates it forward at start-up like any other database (startApp), so a migration's
 * backfill runs over a million cases here before it does in production. Bump DATASET_VERSION when the
 * generated data itself changes.
 */
function databaseName(size) {
  return `bench_dataset_${String(size.scale).replace(/\./g, '_')}_v${DATASET_VERSION}`;
}

const withUrl = (adminUrl, name) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** The application server on `databaseUrl` (it migrates at start-up and seeds the demo users). */
export function startApp(databaseUrl, port, extraEnv = {}) {
  return spawn(process.execPath, [serverBuild().main], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', SEED_DEMO: 'true', DEMO_PASSWORD: BENCH_PASSWORD, DATA_DIR: '/tmp/osa-bench', RUN_JOBS: 'false', TZ: 'UTC', ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function stopApp(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

const SERVICES_SQL = `
  WITH s AS (
    INSERT INTO online_services (name, service_type, categorisation, uk_users_estimate, origin, created_at, updated_at)
    SELECT 'Bench service ' || n, (ARRAY['user_to_user', 'user_to_user', 'user_to_user', 'search', 'pornography_provider'])[1 + n % 5],
      (ARRAY['uncategorised', 'uncategorised', 'category_2b', 'category_2a', 'category_1'])[1 + n % 5], (n * 7919) % 5000000, 'registered', now(), now()
    FROM generate_series($1::int, $2::int) n
    RETURNING id, name
  ), b AS (
    INSERT INTO bench_services (n, id) SELECT substr(name, 15)::int, id FROM s RETURNING n, id
  )
  INSERT INTO service_domains (domain, service_id, relation, since, recorded_by, recorded_at)
  SELECT 'svc-' || b.n || '.example', b.id, 'primary', timestamptz '2024-01-01', 'bench', now() FROM b
  UNION ALL
  SELECT 'svc-' || b.n || '-mirror' || k || '.example', b.id, 'mirror', timestamptz '2025-01-01' + k * interval '30 days', 'bench', now()
  FROM b CROSS JOIN generate_series(1, 3) k WHERE k <= b.n % 4`;

/**
 * Cases $1..$2 (services: $3): lifecycle events as in the timelines benchmark, plus 10–25 steps between
 * creation and closure (or now), numbered on each case's chain in time order. The cases rows agree with
 * the last lifecycle event.
 */
const CASES_SQL = `
  WITH c AS (
    SELECT i, gen_random_uuid() AS id,
      timestamptz '2019-01-01' + random() * interval '2860 days' AS created,
      random() AS r1, random() AS r2, random() AS r3, random() AS r4,
      (ARRAY['ncii', 'csam', 'fraud', 'terrorism', 'hate'])[1 + i % 5] AS harm,
      (ARRAY['england-and-wales', 'scotland', 'northern-ireland'])[1 + i % 3] AS jurisdiction,
      b.id AS service_id
    FROM generate_series($1::int, $2::int) i JOIN bench_services b ON b.n = i % $3::int
  ), t AS (
    SELECT *, created + (1 + r1 * 120) * interval '1 day' AS t1 FROM c
  ), t2 AS (
    SELECT *, t1 + (10 + r3 * 300) * interval '1 day' AS t2 FROM t
  ), t3 AS (
    SELECT *, t2 + (20 + r1 * 100) * interval '1 day' AS t3 FROM t2
  ), t4 AS (
    SELECT *, t3 + (5 + r2 * 400) * interval '1 day' AS t4 FROM t3
  ), life AS (
    SELECT t4.id, e.ord, e.event, e.at, e.data, e.to_state
    FROM t4 CROSS JOIN LATERAL (VALUES
      (1, 'create', t4.created, jsonb_build_object('harmCategories', jsonb_build_array(t4.harm), 'jurisdiction', t4.jurisdiction, 'serviceId', t4.service_id, 'matterIds', '[]'::jsonb), 'assessment'),
      (2, CASE WHEN r2 < 0.5 THEN 'open_investigation' WHEN r2 < 0.8 THEN 'close' END, t4.t1, '{"data": {"outcome": "no_action"}}'::jsonb, CASE WHEN r2 < 0.5 THEN 'investigation' ELSE 'closed' END),
      (3, CASE WHEN r2 < 0.5 AND r4 < 0.6 THEN 'issue_provisional_notice' WHEN r2 < 0.5 AND r4 < 0.8 THEN 'close' END, t4.t2, '{"data": {"outcome": "no_contravention"}}'::jsonb, CASE WHEN r4 < 0.6 THEN 'provisional_notice' ELSE 'closed' END),
      (4, CASE WHEN r2 < 0.5 AND r4 < 0.6 AND r3 < 0.7 THEN 'issue_confirmation_decision' END, t4.t3, '{}'::jsonb, 'confirmation_decision'),
      (5, CASE WHEN r2 < 0.5 AND r4 < 0.6 AND r3 < 0.7 AND r1 < 0.6 THEN 'confirm_compliance' WHEN r2 < 0.5 AND r4 < 0.6 AND r3 < 0.7 AND r1 < 0.8 THEN 'record_non_compliance' END, t4.t4, '{}'::jsonb, CASE WHEN r1 < 0.6 THEN 'closed' ELSE 'non_compliance' END)
    ) AS e(ord, event, at, data, to_state)
    WHERE e.event IS NOT NULL AND e.at < timestamptz '${DATASET_NOW}'
  ), last AS (
    SELECT DISTINCT ON (id) id, event, at, to_state, data FROM life ORDER BY id, ord DESC
  ), steps AS (
    SELECT t4.id, 10 + k AS ord,
      (ARRAY['assign_officer', 'link_matters', 'issue_information_notice', 'record_information_response', 'record_representations'])[1 + k % 5] AS event,
      t4.created + (CASE WHEN last.to_state = 'closed' THEN last.at ELSE least(timestamptz '${DATASET_NOW}' - interval '1 day', t4.created + interval '400 days') END - t4.created) * k / (n + 1) AS at,
      '{"data": {}}'::jsonb AS data, NULL::text AS to_state
    FROM t4 JOIN last ON last.id = t4.id
    CROSS JOIN LATERAL (SELECT 10 + floor(t4.r3 * 16)::int AS n) steps_n
    CROSS JOIN LATERAL generate_series(1, steps_n.n) k
  ), events AS (
    SELECT id, ord, event, at, data, to_state, row_number() OVER (PARTITION BY id ORDER BY at, ord) AS chain_seq FROM (SELECT * FROM life UNION ALL SELECT * FROM steps) all_events
  ), inserted AS (
    INSERT INTO audit_events (chain_id, chain_seq, event, actor_label, subject_type, subject_id, from_state, to_state, occurred_at, recorded_at, data, prev_hash, hash)
    SELECT 'case:' || id, chain_seq, event, 'bench', 'case', id::text, NULL, to_state, at, at + interval '1 hour', data,
      md5(id::text || chain_seq) || md5(chain_seq || id::text), md5(id::text || event || chain_seq) || md5(event || id::text)
    FROM events
    RETURNING 1
  ), per_case AS (
    SELECT id, count(*)::int AS n FROM events GROUP BY id
  )
  INSERT INTO cases (id, reference, title, state, version, service_id, harm_categories, jurisdiction, outcome, opened_at, closed_at, last_event, last_occurred_at, created_at, updated_at)
  SELECT t4.id, 'ENF-' || extract(year FROM t4.created)::int || '-B' || lpad(t4.i::text, 7, '0'), 'Benchmark case ' || t4.i,
    last.to_state, per_case.n, t4.service_id, ARRAY[t4.harm], t4.jurisdiction,
    CASE WHEN last.to_state = 'closed' THEN coalesce(last.data->'data'->>'outcome', 'complied') END,
    t4.created, CASE WHEN last.to_state = 'closed' THEN last.at END, last.event, last.at, t4.created, last.at
  FROM t4 JOIN last ON last.id = t4.id JOIN per_case ON per_case.id = t4.id`;

async function buildRegistry(db, size) {
  await db.query('CREATE TABLE bench_services (n int PRIMARY KEY, id uuid NOT NULL)');
  const bar = progressBar('registry: services with mirror domains', size.services, 'services');
  const batch = 10_000;
  for (let from = 0; from < size.services; from += batch) {
    const to = Math.min(size.services, from + batch) - 1;
    await db.query(SERVICES_SQL, [from, to]);
    bar.update(to + 1);
  }
  bar.finish();
}

async function buildCases(db, size) {
  const bar = progressBar('cases and their audit events', size.cases, 'cases');
  const batch = 20_000;
  for (let from = 1; from <= size.cases; from += batch) {
    const to = Math.min(size.cases, from + batch - 1);
    await db.query(CASES_SQL, [from, to, size.services]);
    bar.update(to);
  }
  bar.finish();
}

/** Items that go through the real bulk importer (scaled); the rest of the data set's items are copies of them. */
const IMPORTED_ITEMS = 200_000;

/**
 * Intake items: the first IMPORTED_ITEMS × scale through the real bulk importer (its matters, scores and
 * hashes), a million lines per file, its own progress bar showing each; then copies of those items made in
 * SQL, received further back in time (each copy round two months earlier, up to four years), until the data
 * set's count is reached, with each matter's item count brought up to date. The importer takes well over an
 * hour for five million items on this machine (docs/performance.md), the copies a few minutes.
 */
async function buildIntake(db, databaseUrl, size, resumed) {
  const imported = Math.min(size.intakeItems, Math.max(100, Math.round(IMPORTED_ITEMS * size.scale)));
  if (!resumed.has('imported')) {
    await importItems(databaseUrl, imported, size.services);
    await db.query(`INSERT INTO bench_dataset_stages (stage) VALUES ('imported')`);
  }
  await db.query('DELETE FROM intake_items WHERE import_id IS NULL');
  const columns = (
    await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'intake_items' AND table_schema = current_schema() ORDER BY ordinal_position`)
  ).rows.map((r) => r.column_name);
  const copied = {
    id: 'gen_random_uuid()',
    reference: `reference || '-R' || $1::int`,
    received_at: `received_at - (($1::int * 61 + import_row % 61) * interval '1 day')`,
    import_id: 'NULL',
    import_row: 'NULL',
  };
  const select = columns.map((c) => copied[c] ?? c).join(', ');
  const originals = Number((await db.query('SELECT count(*) AS n FROM intake_items WHERE import_id IS NOT NULL')).rows[0].n);
  const bar = progressBar('intake items copied from the imported ones', size.intakeItems - originals, 'items');
  let made = 0;
  for (let round = 1; originals > 0 && originals + made < size.intakeItems; round += 1) {
    const n = Math.min(originals, size.intakeItems - originals - made);
    await db.query(`INSERT INTO intake_items (${columns.join(', ')}) SELECT ${select} FROM intake_items WHERE import_id IS NOT NULL ORDER BY import_row LIMIT $2`, [round, n]);
    made += n;
    bar.update(made);
  }
  bar.finish();
  await db.query(`UPDATE matters m SET item_count = c.n FROM (SELECT matter_id, count(*)::int AS n FROM intake_items GROUP BY 1) c WHERE c.matter_id = m.id AND m.item_count <> c.n`);
}

async function importItems(databaseUrl, count, services) {
  const dir = join(tmpdir(), `osa-bench-dataset-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const chunk = 1_000_000;
  try {
    for (let from = 0; from < count; from += chunk) {
      const rows = Math.min(chunk, count - from);
      const file = join(dir, 'items.ndjson');
      await new Promise((resolve, reject) => {
        const out = createWriteStream(file);
        out.on('error', reject);
        let i = 0;
        const write = () => {
          let ok = true;
          while (i < rows && ok) {
            ok = out.write(`${JSON.stringify(item(from + i, services))}\n`);
            i += 1;
          }
          if (i < rows) out.once('drain', write);
          else out.end(resolve);
        };
        write();
      });
      process.stderr.write(`intake items ${(from + 1).toLocaleString('en-GB')}–${(from + rows).toLocaleString('en-GB')} of ${count.toLocaleString('en-GB')} through the bulk importer:\n`);
      const child = spawn(process.execPath, [serverBuild().cli, 'intake', 'import', file, '--rejects', join(dir, 'rejects.ndjson')], {
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', DATA_DIR: '/tmp/osa-bench', TZ: 'UTC' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const code = await new Promise((r) => child.once('exit', r));
      if (code !== 0) throw new Error(`the bulk import of intake items failed (exit ${code})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The data set's database, built if it is not there yet (or was left half-built). Returns its URL and counts. */
export async function ensureDataset(adminUrl, size = datasetSize()) {
  const name = databaseName(size);
  const url = withUrl(adminUrl, name);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  /** Stages a half-built data set finished (bench_dataset_stages): an interrupted build resumes after them. */
  let resumed = new Set();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0;
    if (exists) {
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const done = await db.query(`SELECT counts FROM bench_dataset WHERE complete`).catch(() => ({ rows: [] }));
      resumed = new Set((await db.query(`SELECT stage FROM bench_dataset_stages`).catch(() => ({ rows: [] }))).rows.map((r) => r.stage));
      await db.end();
      if (done.rows.length === 1) {
        process.stderr.write(`Reusing data set ${name} (${JSON.stringify(done.rows[0].counts)})\n`);
        return { url, name, counts: done.rows[0].counts };
      }
      if (resumed.has('cases')) return await buildDataset(url, name, size, resumed);
      process.stderr.write(`Data set ${name} was left half-built: building it again\n`);
    }
    // Other data sets (other scales or schemas) are dropped: the disk holds one full-size set.
    const others = (await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'bench_dataset_%' AND datname <> $1`, [name])).rows;
    for (const { datname } of others) await admin.query(`DROP DATABASE ${datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }

  return buildDataset(url, name, size, resumed);
}

/** Builds the data set into the (new, or half-built after its cases) database; `resumed`: stages already done. */
async function buildDataset(url, name, size, resumed) {
  const started = Date.now();
  if (resumed.size > 0) process.stderr.write(`Data set ${name} was left half-built: resuming after ${[...resumed].join(', ')}\n`);
  process.stderr.write(`Building data set ${name}: ${size.cases.toLocaleString('en-GB')} cases, ${size.intakeItems.toLocaleString('en-GB')} intake items, ${size.services.toLocaleString('en-GB')} services\n`);
  const port = await freePort();
  const app = startApp(url, port);
  try {
    await waitFor(`http://127.0.0.1:${port}/health/ready`, 300_000);
  } finally {
    await stopApp(app);
  }
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    if (!resumed.has('cases')) {
      await db.query('CREATE TABLE bench_dataset (complete boolean NOT NULL, counts jsonb NOT NULL, built_at timestamptz NOT NULL)');
      await db.query('CREATE TABLE bench_dataset_stages (stage text PRIMARY KEY)');
      await buildRegistry(db, size);
      await buildCases(db, size);
      await db.query(`INSERT INTO bench_dataset_stages (stage) VALUES ('cases')`);
    } else if (!resumed.has('imported')) {
      // The importer was interrupted: its items and matters go, and it runs again.
      await db.query('TRUNCATE intake_items, intake_content_hashes, matter_scores, intake_import_rejects, intake_imports, matters CASCADE');
    }
    await buildIntake(db, url, size, resumed);
    process.stderr.write('stage summary rebuilt from the audit trail, then VACUUM ANALYZE...\n');
    const { BACKFILL_CASE_STAGE_SPANS } = await import(serverBuild().migration('1795000000018-reporting.js'));
    await db.query('DELETE FROM case_stage_spans');
    await db.query(BACKFILL_CASE_STAGE_SPANS);
    await db.query('VACUUM ANALYZE');
    const counts = (
      await db.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM audit_events WHERE subject_type = 'case')::int AS case_events,
        (SELECT count(*) FROM intake_items)::int AS intake_items, (SELECT count(*) FROM online_services)::int AS services,
        (SELECT count(*) FROM service_domains WHERE relation = 'mirror')::int AS mirror_domains, (SELECT count(*) FROM case_stage_spans)::int AS stage_spans`)
    ).rows[0];
    await db.query('INSERT INTO bench_dataset (complete, counts, built_at) VALUES (true, $1, now())', [counts]);
    process.stderr.write(`Data set built in ${formatDuration((Date.now() - started) / 1000)}: ${JSON.stringify(counts)}\n`);
    return { url, name, counts };
  } finally {
    await db.end();
  }
}

if (isMain(import.meta.url)) {
  const cluster = await startBenchCluster();
  try {
    const dataset = await ensureDataset(cluster.adminUrl);
    process.stdout.write(`${JSON.stringify(dataset)}\n`);
  } finally {
    cluster.stop();
  }
}
