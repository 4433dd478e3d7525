// The resilience suite's global setup: the shared test PostgreSQL (as for every suite), plus the
// server built once into dist/ (when its sources changed, as `npm start` decides) for the child processes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import baseSetup from '../../support/global-setup.mjs';

// The checkout whose server the children run (RESILIENCE_APP_ROOT: another checkout, e.g. an export of a commit).
const root = process.env.RESILIENCE_APP_ROOT ?? new URL('../../..', import.meta.url).pathname;
const entryDir = join(root, 'dist/apps/server/apps/server/src');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const entries = ['main.js', 'worker.js'].map((name) => join(entryDir, name));
  const sources = ['apps', 'libs', 'migrations'].map((d) => join(root, d)).filter(existsSync);
  const builtAt = Math.min(...entries.map((e) => (existsSync(e) ? statSync(e).mtimeMs : 0)));
  if (builtAt > 0 && Math.max(...sources.map(newestSource)) <= builtAt) return;
  process.stderr.write('\nResilience suite: building the server (nest build)...\n');
  // The build emits JavaScript even when the type-checker complains (`npm test` type-checks separately).
  const build = spawnSync(process.execPath, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'], { cwd: root, encoding: 'utf8' });
  if (!entries.every(existsSync) || Math.min(...entries.map((e) => statSync(e).mtimeMs)) <= builtAt) {
    throw new Error(`nest build did not produce the server:\n${build.stdout}\n${build.stderr}`);
  }
}

export default async function globalSetup() {
  buildIfStale();
  // Children record their pids here; the teardown stops any a crashed test file left running.
  process.env.OSA_RESILIENCE_PIDS = mkdtempSync(join(tmpdir(), 'osa-resilience-pids-'));
  await baseSetup();
}
