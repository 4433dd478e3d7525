#!/usr/bin/env node
// `npm run bench`: builds the server, starts the benchmark PostgreSQL (kept between runs), builds or reuses
// the realistic data set (bench/dataset.mjs: 1,000,000 cases with about 20 audit events each, 5,000,000
// intake items, 50,000 services with mirror domains; progress bars on stderr), then runs every benchmark.
// Each prints one JSON line per measure ({"measure","value","baseline","ratio","goal","ok"}) with its
// baseline measured in the same run on the same PostgreSQL; all lines go to bench/results/latest.json.
// BENCH_SCALE (e.g. 0.01) scales the data set down; BENCH_SECONDS, BENCH_WORKERS, BENCH_CONNECTIONS and
// BENCH_BULK_ROWS scale the loads; BENCH_ONLY=timelines,cases runs some benchmarks only.
// Not part of `npm test`: the full-size data set takes a long while to build the first time.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCases } from './cases.mjs';
import { datasetSize, ensureDataset } from './dataset.mjs';
import { benchHealth } from './health.mjs';
import { benchIntake } from './intake.mjs';
import { startBenchCluster } from './lib/cluster.mjs';
import { benchTimelines } from './timelines.mjs';
import { benchTransitions } from './transitions.mjs';

const root = new URL('..', import.meta.url).pathname;
/**
 * Builds, then copies the build (with package.json and the views it finds its root by) to .data/bench-build,
 * so another `nest build` in the shared working tree cannot swap it out while the benchmarks run.
 */
function buildAndSnapshot() {
  const snapshot = join(root, '.data/bench-build');
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    const build = spawnSync(process.execPath, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'], { stdio: 'inherit', cwd: root });
    if (build.status !== 0) process.exit(build.status ?? 1);
    rmSync(snapshot, { recursive: true, force: true });
    mkdirSync(join(snapshot, 'apps/server'), { recursive: true });
    cpSync(join(root, 'package.json'), join(snapshot, 'package.json'));
    for (const dir of ['apps/server/views', 'apps/server/public']) if (existsSync(join(root, dir))) cpSync(join(root, dir), join(snapshot, dir), { recursive: true });
    cpSync(join(root, 'dist'), join(snapshot, 'dist'), { recursive: true });
    const complete = ['apps/server/apps/server/src/main.js', 'apps/server/apps/server/src/cli.js', 'apps/server/migrations/1795000000018-reporting.js'].every((f) => existsSync(join(snapshot, 'dist', f)));
    if (complete) return join(snapshot, 'dist');
    process.stderr.write('The build changed while it was copied (another build ran): building again\n');
  }
  throw new Error('could not take a complete copy of the build');
}
process.env.BENCH_DIST = buildAndSnapshot();

const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const cluster = await startBenchCluster();
// The benchmarks that need no data set make their own databases on the same server.
process.env.DATABASE_URL ??= cluster.adminUrl;
const size = datasetSize();
let dataset;
const needsDataset = !only || only.some((name) => ['timelines', 'cases'].includes(name));
const benchmarks = [
  ['health', () => benchHealth()],
  ['transitions', () => benchTransitions()],
  ['intake', () => benchIntake()],
  ['timelines', () => benchTimelines(dataset)],
  ['cases', () => benchCases(dataset)],
].filter(([name]) => !only || only.includes(name));

const file = join(root, 'bench/results/latest.json');
mkdirSync(join(root, 'bench/results'), { recursive: true });
// Measures not run this time keep their last figures.
const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
try {
  if (needsDataset) dataset = await ensureDataset(cluster.adminUrl, size);
  for (const [name, run] of benchmarks) {
    process.stderr.write(`Running ${name}...\n`);
    const lines = [await run()].flat();
    for (const line of lines) {
      process.stdout.write(`${JSON.stringify(line)}\n`);
      results[line.measure] = { ...line, ...(['timelines', 'cases'].includes(name) ? { scale: size.scale } : {}), at: new Date().toISOString() };
    }
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  }
} finally {
  cluster.stop();
}
