import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, stopPostgres } from './pg-server.mjs';

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Servers left behind by a run that was killed before its teardown: their owner process is gone. */
function stopAbandonedServers() {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith('osa-pg-'))) {
    const dir = join(tmpdir(), name);
    const owner = join(dir, 'owner');
    const postmaster = join(dir, 'data', 'postmaster.pid');
    if (!existsSync(owner) || alive(Number(readFileSync(owner, 'utf8')))) continue;
    const pid = existsSync(postmaster) ? Number(readFileSync(postmaster, 'utf8').split('\n')[0]) : NaN;
    stopPostgres(pid, dir);
  }
}

/** One PostgreSQL server for the whole run; each test file gets its own database from a migrated template. */
export default async function globalSetup() {
  process.env.TZ = 'UTC';
  if (process.env.TEST_DATABASE_ADMIN_URL) return;
  stopAbandonedServers();
  const server = await startPostgres();
  writeFileSync(join(server.dir, 'owner'), String(process.pid));
  process.env.TEST_DATABASE_ADMIN_URL = server.adminUrl;
  // The teardown may run in another module context: hand it the server through the environment.
  process.env.OSA_TEST_PG_PID = String(server.pid);
  process.env.OSA_TEST_PG_DIR = server.dir;
}
