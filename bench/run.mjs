#!/usr/bin/env node
// `npm run bench`: builds the server, then runs every benchmark in turn. Each prints one JSON line per
// measure ({"measure","value","baseline","ratio","goal","ok"}) with its baseline measured in the same
// run on the same PostgreSQL; all lines are written to bench/results/latest.json.
// BENCH_SECONDS, BENCH_WORKERS and BENCH_BULK_ROWS scale the runs down for a quick look.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchHealth } from './health.mjs';
import { benchTransitions } from './transitions.mjs';
import { benchIntake } from './intake.mjs';
import { benchTimelines } from './timelines.mjs';

const root = new URL('..', import.meta.url).pathname;
const build = spawnSync(process.execPath, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

const benchmarks = [
  ['health', benchHealth],
  ['transitions', benchTransitions],
  ['intake', benchIntake],
  ['timelines', benchTimelines],
];
const results = {};
for (const [name, run] of benchmarks) {
  process.stderr.write(`Running ${name}...\n`);
  const lines = [await run()].flat();
  for (const line of lines) {
    process.stdout.write(`${JSON.stringify(line)}\n`);
    results[line.measure] = { ...line, at: new Date().toISOString() };
  }
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
