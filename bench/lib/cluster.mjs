// A PostgreSQL cluster that outlives a benchmark run, so the large data set is built once and reused.
// Its data directory is BENCH_DATA_DIR (default /var/tmp/osa-bench/pg); delete it to start afresh.
// Same server binaries and settings as the tests' throwaway servers (test/support/pg-server.mjs),
// with more memory for bulk loading and big sorts.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, postgresBinDir } from '../../test/support/pg-server.mjs';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const asPostgresUser = (cmd, args) => (isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);

function ownedByPostgres(path) {
  if (!isRoot()) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(path, uid, gid);
}

/** Starts (initialising on first use) the benchmark cluster; returns {adminUrl, stop()}. */
export async function startBenchCluster() {
  const bin = postgresBinDir();
  const base = process.env.BENCH_DATA_DIR ?? '/var/tmp/osa-bench';
  const data = join(base, 'pg');
  const socketDir = join(base, 'run');
  for (const dir of [base, socketDir]) {
    mkdirSync(dir, { recursive: true });
    ownedByPostgres(dir);
  }
  if (!existsSync(join(data, 'PG_VERSION'))) {
    const [cmd, args] = asPostgresUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    execFileSync(cmd, args, { stdio: 'ignore' });
  }
  // A server left running by an interrupted run is reused (and stopped at the end of this one).
  const running = runningPostmaster(data);
  if (running) {
    const adminUrl = `postgres://postgres@127.0.0.1:${running.port}/postgres`;
    await waitUntilAccepting(adminUrl);
    return { adminUrl, dataDir: data, stop: () => stopCluster(data, running.pid) };
  }
  const port = await freePort();
  const [cmd, args] = asPostgresUser(join(bin, 'postgres'), [
    '-D', data, '-p', String(port), '-k', socketDir, '-h', '127.0.0.1',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
    '-c', 'max_connections=300', '-c', 'shared_buffers=1GB', '-c', 'work_mem=64MB', '-c', 'maintenance_work_mem=1GB',
    '-c', 'max_wal_size=8GB', '-c', 'checkpoint_timeout=30min', '-c', 'log_min_messages=fatal',
  ]);
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.unref();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitUntilAccepting(adminUrl);
  return {
    adminUrl,
    dataDir: data,
    /** Fast shutdown (SIGINT): the data stays for the next run. */
    stop: () => stopCluster(data, child.pid),
  };
}

function runningPostmaster(data) {
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

async function waitUntilAccepting(adminUrl) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`the benchmark PostgreSQL did not start: ${error.message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function stopCluster(data, launcherPid) {
  const pidFile = join(data, 'postmaster.pid');
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : launcherPid;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    execFileSync('sleep', ['0.1']);
  }
}
