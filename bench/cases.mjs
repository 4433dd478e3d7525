#!/usr/bin/env node
// Case list and search at the data set's size (1,000,000 cases), and the API's memory under load (issue 9):
//  - case_list_p99_ms: GET /api/v1/cases (newest first, 50 a page) under BENCH_CONNECTIONS concurrent clients;
//  - case_search_p99_ms: the same with filters (state and harm, service, harm by last update, state by reference);
//    goal for both: p99 < 50 ms. Baseline: the p99 of the same SQL statements sent straight to PostgreSQL with
//    the same concurrency, so the ratio shows what the API adds;
//  - api_rss_mb: the API process's peak resident memory while it serves that load, then searches with
//    timelines reports at the same time; goal < 300 MB. Baseline: its resident memory when idle after start-up.
// Usage: npm run build && node bench/cases.mjs   (BENCH_SCALE=0.01 for a quick look; BENCH_SECONDS per load)
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { measureLine } from './lib/baselines.mjs';
import { startBenchCluster } from './lib/cluster.mjs';
import { isMain, recordResults, waitFor } from './lib/harness.mjs';
import { BENCH_PASSWORD, ensureDataset, startApp, stopApp } from './dataset.mjs';
import { freePort } from '../test/support/pg-server.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const GOAL_P99_MS = 50;
const GOAL_RSS_MB = 300;
const PAGE = 50;

/** The searches analysts and officers run, as API query strings and as the repository's SQL. */
function searches(serviceIds) {
  const list = (where, params, order = 'created_at DESC, id DESC') => ({ sql: `SELECT * FROM cases ${where ? `WHERE ${where}` : ''} ORDER BY ${order} LIMIT ${PAGE + 1}`, params });
  return [
    (i) => ({ path: `/api/v1/cases?state=investigation&harm=ncii&limit=${PAGE}`, ...list('state = $1 AND harm_categories @> ARRAY[$2]::text[]', ['investigation', 'ncii']) }),
    (i) => {
      const id = serviceIds[i % serviceIds.length];
      return { path: `/api/v1/cases?service=${id}&limit=${PAGE}`, ...list('service_id = $1', [id]) };
    },
    (i) => ({ path: `/api/v1/cases?harm=fraud&sort=-updatedAt&limit=${PAGE}`, ...list('harm_categories @> ARRAY[$1]::text[]', ['fraud'], 'updated_at DESC, id DESC') }),
    (i) => ({ path: `/api/v1/cases?state=closed&sort=reference&limit=${PAGE}`, ...list('state = $1', ['closed'], 'reference ASC, id ASC') }),
    (i) => ({ path: `/api/v1/cases?state=non_compliance&harm=csam&limit=${PAGE}`, ...list('state = $1 AND harm_categories @> ARRAY[$2]::text[]', ['non_compliance', 'csam']) }),
  ];
}

const LIST = { path: `/api/v1/cases?limit=${PAGE}`, sql: `SELECT * FROM cases ORDER BY created_at DESC, id DESC LIMIT ${PAGE + 1}`, params: [] };

function rssBytes(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Latency percentiles of `query(i)` run back to back by `connections` pooled clients for `seconds`. */
async function sqlLatency(url, query, seconds) {
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  const latencies = [];
  const deadline = Date.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < deadline) {
        const { sql, params } = query(n++);
        const started = performance.now();
        await pool.query(sql, params);
        latencies.push(performance.now() - started);
      }
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  return { p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)], count: latencies.length };
}

async function httpLatency(base, token, request, seconds) {
  let n = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: request(n++).path }) }],
  });
  // With no answered request autocannon reports zero latencies: say "none" instead.
  const answered = result.requests.total > 0;
  return { p50: answered ? result.latency.p50 : null, p99: answered ? result.latency.p99 : null, rps: result.requests.average, answered: result.requests.total, errors: result.errors + result.non2xx };
}

export async function benchCases(dataset) {
  let cluster;
  if (!dataset) {
    cluster = await startBenchCluster();
    dataset = await ensureDataset(cluster.adminUrl);
  }
  const port = await freePort();
  const app = startApp(dataset.url, port);
  const base = `http://127.0.0.1:${port}`;
  const samples = [];
  let sampler;
  try {
    await waitFor(`${base}/health/ready`, 300_000);
    const signIn = async (email) =>
      (await (await fetch(`${base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: BENCH_PASSWORD }) })).json()).accessToken;
    const officer = await signIn('officer@demo.test');
    const analyst = await signIn('analyst@demo.test');
    const db = new pg.Client({ connectionString: dataset.url });
    await db.connect();
    const serviceIds = (await db.query(`SELECT id FROM bench_services ORDER BY n LIMIT 200`)).rows.map((r) => r.id);
    await db.end();
    const variants = searches(serviceIds);
    const search = (i) => variants[i % variants.length](Math.floor(i / variants.length));
    const list = () => LIST;

    // Warm-up, then the idle memory the peak is compared with.
    await httpLatency(base, officer, list, 2);
    await httpLatency(base, officer, search, 2);
    await new Promise((r) => setTimeout(r, 1000));
    const idle = rssBytes(app.pid);
    sampler = setInterval(() => samples.push(rssBytes(app.pid)), 200);
    const listHttp = await httpLatency(base, officer, list, SECONDS);
    const searchHttp = await httpLatency(base, officer, search, SECONDS);

    // Then mixed: timelines reports run alongside the searches, as analysts use the system while officers work.
    let reporting = true;
    let reports = 0;
    const reportLoop = (async () => {
      while (reporting) {
        const res = await fetch(`${base}/api/v1/reports/enforcement-timelines?groupBy=harmCategory`, { headers: { authorization: `Bearer ${analyst}` } });
        await res.arrayBuffer();
        if (res.status === 200) reports += 1;
      }
    })();
    const mixed = await httpLatency(base, officer, search, SECONDS);
    reporting = false;
    await reportLoop;
    clearInterval(sampler);
    sampler = undefined;

    const listSql = await sqlLatency(dataset.url, list, SECONDS);
    const searchSql = await sqlLatency(dataset.url, search, SECONDS);
    const peak = Math.max(...samples, idle);
    const mb = (bytes) => bytes / 1048576;
    const common = { cases: dataset.counts.cases, connections: CONNECTIONS, seconds: SECONDS };
    return [
      measureLine('case_list_p99_ms', listHttp.p99 ?? Infinity, listSql.p99, `< ${GOAL_P99_MS} ms (baseline: the same SQL's p99)`, listHttp.p99 !== null && listHttp.p99 < GOAL_P99_MS && listHttp.errors === 0, {
        ...common,
        p50Ms: listHttp.p50,
        requestsPerSecond: Math.round(listHttp.rps),
        errors: listHttp.errors,
        sqlP50Ms: Number(listSql.p50.toFixed(2)),
      }),
      measureLine('case_search_p99_ms', searchHttp.p99 ?? Infinity, searchSql.p99, `< ${GOAL_P99_MS} ms (baseline: the same SQL's p99)`, searchHttp.p99 !== null && searchHttp.p99 < GOAL_P99_MS && searchHttp.errors === 0, {
        ...common,
        searches: variants.map((v) => v(0).path.replace(/service=[^&]+/, 'service=<id>')),
        p50Ms: searchHttp.p50,
        requestsPerSecond: Math.round(searchHttp.rps),
        errors: searchHttp.errors,
        sqlP50Ms: Number(searchSql.p50.toFixed(2)),
      }),
      measureLine('api_rss_mb', mb(peak), mb(idle), `< ${GOAL_RSS_MB} MB peak under load (baseline: idle after start-up)`, mb(peak) < GOAL_RSS_MB, {
        ...common,
        load: 'case list, searches, then searches with timelines reports (grouped by harm category) running alongside',
        timelinesReportsServed: reports,
        searchP99WithReportsMs: mixed.p99,
        searchesAnsweredWithReports: mixed.answered,
      }),
    ];
  } finally {
    if (sampler) clearInterval(sampler);
    await stopApp(app);
    cluster?.stop();
  }
}

if (isMain(import.meta.url)) recordResults(await benchCases());
