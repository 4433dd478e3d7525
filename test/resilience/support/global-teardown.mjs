import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import baseTeardown from '../../support/global-teardown.mjs';
import { stopPostgres } from '../../support/pg-server.mjs';

/** Stops child servers and workers a test file left running, then the shared test PostgreSQL. */
export default async function globalTeardown() {
  const dir = process.env.OSA_RESILIENCE_PIDS;
  if (dir && existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('pg-')) {
        // A dedicated PostgreSQL cluster a test file left running.
        const cluster = readFileSync(join(dir, name), 'utf8');
        const postmaster = join(cluster, 'data', 'postmaster.pid');
        const pid = existsSync(postmaster) ? Number(readFileSync(postmaster, 'utf8').split('\n')[0]) : NaN;
        stopPostgres(pid, cluster);
        continue;
      }
      const pid = Number(name);
      // Only our own children: a node process running the built server.
      const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
      if (cmdline.includes('dist/apps/server')) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
  await baseTeardown();
}
