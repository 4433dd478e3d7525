// Starts a throwaway PostgreSQL server (Debian's binaries) on a free port for the test suite.
// Plain JavaScript so that Jest's globalSetup and the benchmark scripts can both load it untransformed.
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

/** Returns {url, adminUrl, dir, pid, stop()} for a fresh server. */
export async function startPostgres({ maxConnections = 300 } = {}) {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'osa-pg-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const [initCmd, initArgs] = asPostgresUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  const [cmd, args] = asPostgresUser(join(bin, 'postgres'), [
    '-D', data, '-p', String(port), '-k', dir, '-h', '127.0.0.1',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
    '-c', `max_connections=${maxConnections}`, '-c', 'shared_buffers=256MB', '-c', 'log_min_messages=fatal',
  ]);
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.unref();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  const { default: pg } = await import('pg');
  for (;;) {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${error.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    adminUrl,
    port,
    dir,
    pid: child.pid,
    stop: () => stopPostgres(child.pid, dir),
  };
}

export function stopPostgres(launcherPid, dir) {
  // As root the launcher is runuser; the postmaster's own pid is in its pid file.
  const pidFile = join(dir, 'data', 'postmaster.pid');
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : launcherPid;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    // already gone
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      break;
    }
    execFileSync('sleep', ['0.05']);
  }
  rmSync(dir, { recursive: true, force: true });
}
