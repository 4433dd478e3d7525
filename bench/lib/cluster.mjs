// A PostgreSQL cluster that outlives a benchmark run, so the large data set is built once and reused.
// Its data directory is BENCH_DATA_DIR (default /var/tmp/osa-bench/pg); delete it to start afresh.
// Same server binaries and settings as the tests' throwaway servers (test/support/pg-server.mjs),
// with more memory for bulk loading and big sorts.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, initCluster, launchPostmaster, ownedByPostgres, runningPostmaster, stopPostmaster, waitUntilAccepting } from '../../test/support/pg-server.mjs';

/** Starts (initialising on first use) the benchmark cluster; returns {adminUrl, stop()}. */
export async function startBenchCluster() {
  const base = process.env.BENCH_DATA_DIR ?? '/var/tmp/osa-bench';
  const data = join(base, 'pg');
  const socketDir = join(base, 'run');
  for (const dir of [base, socketDir]) {
    mkdirSync(dir, { recursive: true });
    ownedByPostgres(dir);
  }
  if (!existsSync(join(data, 'PG_VERSION'))) initCluster(data);
  // Fast shutdown (SIGINT) at the end of a run: the data stays for the next one.
  const stop = (launcherPid) => () => stopPostmaster(data, { signal: 'SIGINT', timeoutMs: 120_000, launcherPid });
  // A server left running by an interrupted run is reused (and stopped at the end of this one).
  const running = runningPostmaster(data);
  if (running) {
    const adminUrl = `postgres://postgres@127.0.0.1:${running.port}/postgres`;
    await waitUntilAccepting(adminUrl, 120_000);
    return { adminUrl, dataDir: data, stop: stop(running.pid) };
  }
  const port = await freePort();
  const pid = launchPostmaster({
    data,
    port,
    socketDir,
    settings: { max_connections: 300, shared_buffers: '1GB', work_mem: '64MB', maintenance_work_mem: '1GB', max_wal_size: '8GB', checkpoint_timeout: '30min' },
  });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitUntilAccepting(adminUrl, 120_000);
  return { adminUrl, dataDir: data, stop: stop(pid) };
}
