// PostgreSQL servers for tests and benchmarks (Debian's binaries): the one place that runs initdb, starts
// a postmaster with the settings every throwaway server shares, waits for it and stops it. Used by the
// test suite's shared server (startPostgres), the resilience suite's own clusters, which it stops and starts
// again (test/resilience/support/postgres-cluster.ts), and the benchmark cluster kept between runs
// (bench/lib/cluster.mjs). Plain JavaScript so that Jest's globalSetup and the benchmark scripts can load it
// untransformed; pg-server.d.mts gives TypeScript its types.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) throw new Error('PostgreSQL server binaries not found: run scripts/ensure-deps.sh');
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found: run scripts/ensure-deps.sh');
  return join(root, versions[0], 'bin');
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function asPostgresUser(cmd, args) {
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

/** As root, hands a directory to the postgres user (the server refuses to run as root). */
export function ownedByPostgres(path) {
  if (!isRoot()) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(path, uid, gid);
}

/** A temporary directory the server may use for its data and socket. */
export function serverDirectory(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  ownedByPostgres(dir);
  return dir;
}

/** initdb into `data` (trust authentication for user postgres, UTF-8, no fsync). */
export function initCluster(data) {
  const [cmd, args] = asPostgresUser(join(postgresBinDir(), 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  execFileSync(cmd, args, { stdio: 'ignore' });
}

/**
 * Starts a postmaster on 127.0.0.1:`port` (socket in `socketDir`), durability off as every throwaway server,
 * plus `settings` (name → value); returns the launcher's pid. Does not wait: see waitUntilAccepting.
 */
export function launchPostmaster({ data, port, socketDir, settings = {} }) {
  const all = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', log_min_messages: 'fatal', ...settings };
  const [cmd, args] = asPostgresUser(join(postgresBinDir(), 'postgres'), [
    '-D', data, '-p', String(port), '-k', socketDir, '-h', '127.0.0.1',
    ...Object.entries(all).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ]);
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.unref();
  return child.pid;
}

/** Waits until the server at `adminUrl` accepts connections, or fails after `timeoutMs`. */
export async function waitUntilAccepting(adminUrl, timeoutMs = 30_000) {
  const { default: pg } = await import('pg');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${error.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The running postmaster of `data` (pid and port from its pid file), or null. */
export function runningPostmaster(data) {
  const pidFile = join(data, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return { pid, port: Number(lines[3]) };
}

/**
 * Stops the postmaster of `data` with `signal` (SIGINT: fast shutdown; SIGQUIT: immediate) and waits up to
 * `timeoutMs` for it to exit. As root the launcher is runuser, so the pid comes from the pid file when there
 * is one; `launcherPid` otherwise.
 */
export function stopPostmaster(data, { signal = 'SIGINT', timeoutMs = 10_000, launcherPid } = {}) {
  const pidFile = join(data, 'postmaster.pid');
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : launcherPid;
  if (!pid) return;
  try {
    process.kill(pid, signal);
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    execFileSync('sleep', ['0.05']);
  }
}

/** Returns {adminUrl, port, dir, pid, stop()} for a fresh server in a temporary directory. */
export async function startPostgres({ maxConnections = 300 } = {}) {
  const dir = serverDirectory('osa-pg-');
  const data = join(dir, 'data');
  initCluster(data);
  const port = await freePort();
  const pid = launchPostmaster({ data, port, socketDir: dir, settings: { max_connections: maxConnections, shared_buffers: '256MB' } });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitUntilAccepting(adminUrl);
  return { adminUrl, port, dir, pid, stop: () => stopPostgres(pid, dir) };
}

/** Stops a server startPostgres started (immediate shutdown) and removes its directory. */
export function stopPostgres(launcherPid, dir) {
  stopPostmaster(join(dir, 'data'), { signal: 'SIGQUIT', launcherPid });
  rmSync(dir, { recursive: true, force: true });
}
