import { writeFileSync } from 'node:fs';
import { startPostgres } from './pg-server.mjs';

/** One PostgreSQL server for the whole run; each test file gets its own database from a migrated template. */
export default async function globalSetup() {
  process.env.TZ = 'UTC';
  if (process.env.TEST_DATABASE_ADMIN_URL) return;
  const server = await startPostgres();
  process.env.TEST_DATABASE_ADMIN_URL = server.adminUrl;
  globalThis.__OSA_PG__ = server;
  writeFileSync(`${server.dir}/owner`, String(process.pid));
}
