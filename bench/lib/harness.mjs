// What every benchmark script shares: waiting for a server, a fresh database, and recording results.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const root = new URL('../..', import.meta.url).pathname;

/**
 * The build the benchmarks run: BENCH_DIST (set by run.mjs to a private copy made right after building,
 * so another build of the shared working tree cannot replace it mid-run), else the repository's dist/.
 */
export const serverBuild = () => ({
  main: join(process.env.BENCH_DIST ?? join(root, 'dist'), 'apps/server/apps/server/src/main.js'),
  cli: join(process.env.BENCH_DIST ?? join(root, 'dist'), 'apps/server/apps/server/src/cli.js'),
  migration: (file) => join(process.env.BENCH_DIST ?? join(root, 'dist'), 'apps/server/migrations', file),
});

/** Polls `url` until it answers 2xx, or fails after `ms`. */
export async function waitFor(url, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

/** Drops and creates database `name` on the server of `adminUrl`; returns its URL. */
export async function createDatabase(adminUrl, name) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Prints each measure as one JSON line and merges it into bench/results/latest.json. */
export function recordResults(lines) {
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, 'bench/results/latest.json');
  const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  for (const line of [lines].flat()) {
    process.stdout.write(`${JSON.stringify(line)}\n`);
    all[line.measure] = { ...line, at: new Date().toISOString() };
  }
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

/** True when the calling module is the script node was started with. */
export const isMain = (metaUrl) => metaUrl === `file://${process.argv[1]}`;
