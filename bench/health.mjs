#!/usr/bin/env node
// /health/live throughput of the built server, as a ratio to a plain Node http server measured in the same run.
// Usage: npm run build && node bench/health.mjs   (needs a PostgreSQL: DATABASE_URL, or starts a throwaway one)
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import autocannon from 'autocannon';
import { freePort, startPostgres } from '../test/support/pg-server.mjs';
import { createDatabase, serverBuild, waitFor, isMain, recordResults } from './lib/harness.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;

async function load(url) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, pipelining: 1 });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}


export async function benchHealth() {
  const plainPort = await freePort();
  const plain = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  }).listen(plainPort, '127.0.0.1');
  const baseline = await load(`http://127.0.0.1:${plainPort}/health/live`);
  plain.close();

  let pg;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    pg = await startPostgres();
    adminUrl = pg.adminUrl;
  }
  const databaseUrl = await createDatabase(adminUrl, 'bench_health');
  const port = await freePort();
  const server = spawn(process.execPath, [serverBuild().main], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', SEED_DEMO: 'false', DATA_DIR: '/tmp/osa-bench' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/health/ready`);
    const measured = await load(`http://127.0.0.1:${port}/health/live`);
    const ratio = measured.rps / baseline.rps;
    return {
      measure: 'health_live_rps',
      value: Math.round(measured.rps),
      baseline: Math.round(baseline.rps),
      ratio: Number(ratio.toFixed(3)),
      goal: '>= 0.5',
      ok: ratio >= 0.5 && measured.errors === 0,
      p99Ms: measured.p99,
      baselineP99Ms: baseline.p99,
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    pg?.stop();
  }
}

if (isMain(import.meta.url)) recordResults(await benchHealth());
