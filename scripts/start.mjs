#!/usr/bin/env node
// `npm start`: builds the server if its sources changed, then runs it (HTTP, or `--worker` for background jobs).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// `--worker` runs background jobs; `--cli <command...>` runs the command-line tool; otherwise the HTTP server.
const args = process.argv.slice(2);
const entryName = args[0] === '--worker' ? 'worker.js' : args[0] === '--cli' ? 'cli.js' : 'main.js';
const entryArgs = args[0] === '--cli' ? args.slice(1) : [];
const entry = join(root, 'dist/apps/server/apps/server/src', entryName);

function newestSource(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    if (name.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (name.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = ['apps', 'libs', 'migrations'].map((d) => join(root, d)).filter(existsSync);
const stale = !existsSync(entry) || Math.max(...sources.map(newestSource)) > statSync(entry).mtimeMs;
if (stale) {
  process.stderr.write('Building...\n');
  const build = spawnSync(process.execPath, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const child = spawn(process.execPath, ['--enable-source-maps', entry, ...entryArgs], { stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
