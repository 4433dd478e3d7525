#!/usr/bin/env node
// Intake throughput, as ratios to raw INSERT rates on the same PostgreSQL in the same run:
//  - HTTP intake (validation, URL normalisation, dedupe into matters, scoring, audit) per second
//    ÷ single-row INSERTs per second (goal >= 0.3);
//  - bulk import of BENCH_BULK_ROWS (default 1,000,000) NDJSON items through the CLI, rows per second
//    ÷ multi-row INSERT rows per second (goal >= 0.5), with the importer's memory sampled throughout.
// Usage: npm run build && node bench/intake.mjs   (needs a PostgreSQL: DATABASE_URL, or starts a throwaway one)
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { measureLine, multiRowInsertRate, singleRowInsertRate } from './lib/baselines.mjs';
import { freePort, startPostgres } from '../test/support/pg-server.mjs';
import { waitFor, createDatabase, isMain, recordResults, serverBuild } from './lib/harness.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const BULK_ROWS = Number(process.env.BENCH_BULK_ROWS ?? 1_000_000);
const SERVICES = 2000;
const HARMS = ['csam', 'ncii', 'fraud', 'terrorism', 'hate', 'suicide_self_harm', 'harassment_stalking_threats', 'children_harmful_content'];



/** A realistic item: one of many services (a few through www. or sub-domains), one or two harms, sometimes links and hashes. */
export function item(i, services = SERVICES) {
  const service = i % services;
  const host = i % 7 === 0 ? `www.svc-${service}.example` : i % 11 === 0 ? `m.svc-${service}.example` : `svc-${service}.example`;
  const harm = HARMS[i % HARMS.length];
  const body = {
    source: i % 13 === 0 ? 'other_body' : 'complaint',
    serviceUrl: `https://${host}/content/${i}`,
    harmCategories: i % 5 === 0 ? [harm, HARMS[(i + 3) % HARMS.length]] : [harm],
    description: `Report ${i}: the content stays up although it was reported to the service several times.`,
  };
  if (i % 13 === 0) body.otherBody = { bodyType: 'hotline', bodyName: 'Example Hotline', bodyReference: `HL-${i}` };
  if (i % 3 === 0) body.evidence = [{ url: `https://${host}/content/${i}` }];
  if (i % 17 === 0) body.evidence = [...(body.evidence ?? []), { hashAlgorithm: 'md5', hash: (i * 2654435761).toString(16).padStart(32, '0').slice(-32) }];
  return body;
}

function startServer(databaseUrl, port) {
  const child = spawn(process.execPath, [serverBuild().main], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', SEED_DEMO: 'false', DATA_DIR: '/tmp/osa-bench', INTAKE_ANONYMOUS_LIMIT: '0', RUN_JOBS: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function stop(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** Peak resident memory of a process, sampled from /proc while it runs. */
function sampleRss(pid, samples) {
  const timer = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (kb > 0) samples.push(kb * 1024);
    } catch {
      // the process ended
    }
  }, 250);
  return () => clearInterval(timer);
}

async function benchHttp(databaseUrl, singleRow) {
  const port = await freePort();
  const server = startServer(databaseUrl, port);
  try {
    await waitFor(`http://127.0.0.1:${port}/health/ready`);
    let n = 0;
    const run = (duration) =>
      autocannon({
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/intake',
            headers: { 'content-type': 'application/json' },
            // Anonymous requests may only be complaints: the other sources need an account.
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ ...item(n++), source: 'complaint', otherBody: undefined }) }),
          },
        ],
      });
    await run(2); // warm-up: services registered, JIT warm
    const result = await run(SECONDS);
    const rps = result.requests.average;
    const ratio = rps / singleRow;
    return measureLine('intake_http_per_second', rps, singleRow, '>= 0.3 x single-row INSERT rate', ratio >= 0.3 && result.non2xx === 0 && result.errors === 0, {
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      connections: CONNECTIONS,
      seconds: SECONDS,
    });
  } finally {
    await stop(server);
  }
}

async function benchBulk(databaseUrl, multiRow) {
  const dir = mkdtempSync(join(tmpdir(), 'osa-bench-intake-'));
  const file = join(dir, 'intake.ndjson');
  try {
    await new Promise((resolve, reject) => {
      const out = createWriteStream(file);
      out.on('error', reject);
      let i = 0;
      const write = () => {
        let ok = true;
        while (i < BULK_ROWS && ok) {
          // A few bad rows, as real files have: they are reported, not imported.
          const line = i % 10_000 === 9_999 ? '{"source":"complaint","serviceUrl":"not a url","harmCategories":["x"]}' : JSON.stringify(item(1_000_000_000 + i));
          ok = out.write(`${line}\n`);
          i += 1;
        }
        if (i < BULK_ROWS) out.once('drain', write);
        else out.end(resolve);
      };
      write();
    });
    const started = Date.now();
    const child = spawn(process.execPath, [serverBuild().cli, 'intake', 'import', file, '--rejects', join(dir, 'rejects.ndjson')], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', DATA_DIR: '/tmp/osa-bench' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const samples = [];
    const stopSampling = sampleRss(child.pid, samples);
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const code = await new Promise((r) => child.once('exit', r));
    stopSampling();
    const seconds = (Date.now() - started) / 1000;
    if (code !== 0) throw new Error(`bulk import failed (${code}): ${stderr}`);
    const result = JSON.parse(stdout.trim().split('\n').pop());
    const rate = result.rows / seconds;
    const early = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.1))] ?? 0;
    const peak = Math.max(...samples, 0);
    const ratio = rate / multiRow;
    const flat = peak <= early * 1.5 + 64 * 1024 * 1024;
    return measureLine('intake_bulk_rows_per_second', rate, multiRow, '>= 0.5 x multi-row INSERT rate, memory flat', ratio >= 0.5 && flat && result.accepted + result.rejected === BULK_ROWS, {
      rows: result.rows,
      accepted: result.accepted,
      rejected: result.rejected,
      seconds: Number(seconds.toFixed(1)),
      rssAt10PercentMb: Math.round(early / 1048576),
      rssPeakMb: Math.round(peak / 1048576),
      memoryFlat: flat,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchIntake() {
  let server;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    server = await startPostgres();
    adminUrl = server.adminUrl;
  }
  try {
    const databaseUrl = await createDatabase(adminUrl, 'osa_bench_intake');
    // Migrate once by starting the server (it migrates at start-up).
    const port = await freePort();
    const boot = startServer(databaseUrl, port);
    await waitFor(`http://127.0.0.1:${port}/health/ready`);
    await stop(boot);
    const [singleRow, multiRow] = [await singleRowInsertRate(databaseUrl), await multiRowInsertRate(databaseUrl)];
    const lines = [await benchHttp(databaseUrl, singleRow)];
    if (BULK_ROWS > 0) lines.push(await benchBulk(databaseUrl, multiRow));
    return lines;
  } finally {
    server?.stop();
  }
}

if (isMain(import.meta.url)) recordResults(await benchIntake());
