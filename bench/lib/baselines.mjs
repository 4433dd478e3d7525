// Baselines measured on the same PostgreSQL in the same run, so every benchmark reports a ratio
// that does not depend on how fast this particular machine is today.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { postgresBinDir } from '../../test/support/pg-server.mjs';

/** pgbench TPC-B (the built-in script): transactions per second with `clients` connections. */
export function pgbenchTpcb(url, { seconds = 10, clients = 8, scale = 10 } = {}) {
  const bin = join(postgresBinDir(), 'pgbench');
  execFileSync(bin, ['-i', '-q', '-s', String(scale), url], { stdio: 'ignore' });
  const out = execFileSync(bin, ['-c', String(clients), '-j', '2', '-T', String(seconds), '-n', url]).toString();
  const match = out.match(/tps = ([\d.]+)/);
  if (!match) throw new Error(`pgbench printed no tps:\n${out}`);
  return Number(match[1]);
}

/** Single-row INSERTs, each its own statement, from a pool of `poolSize`: rows per second. */
export async function singleRowInsertRate(url, { seconds = 5, poolSize = 4 } = {}) {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  await pool.query('DROP TABLE IF EXISTS bench_single; CREATE TABLE bench_single (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
  let rows = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: poolSize }, async () => {
      while (Date.now() < deadline) {
        await pool.query('INSERT INTO bench_single (payload) VALUES ($1)', [`row ${rows}`]);
        rows += 1;
      }
    }),
  );
  const rate = rows / ((Date.now() - started) / 1000);
  await pool.query('DROP TABLE bench_single');
  await pool.end();
  return rate;
}

/** Multi-row INSERTs of `batch` rows per statement on one connection: rows per second. */
export async function multiRowInsertRate(url, { seconds = 5, batch = 500 } = {}) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP TABLE IF EXISTS bench_multi; CREATE TABLE bench_multi (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
  const placeholders = Array.from({ length: batch }, (_, i) => `($${i + 1})`).join(',');
  const values = Array.from({ length: batch }, (_, i) => `payload ${i}`);
  let rows = 0;
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    await client.query(`INSERT INTO bench_multi (payload) VALUES ${placeholders}`, values);
    rows += batch;
  }
  const rate = rows / ((Date.now() - started) / 1000);
  await client.query('DROP TABLE bench_multi');
  await client.end();
  return rate;
}

/** One JSON line per measure, as the benchmark contract asks. */
export function measureLine(measure, value, baseline, goal, ok, extra = {}) {
  const ratio = baseline ? value / baseline : null;
  return { measure, value: Math.round(value * 100) / 100, baseline: Math.round(baseline * 100) / 100, ratio: ratio === null ? null : Number(ratio.toFixed(3)), goal, ok, ...extra };
}
