import { stopPostgres } from './pg-server.mjs';

export default async function globalTeardown() {
  const { OSA_TEST_PG_PID: pid, OSA_TEST_PG_DIR: dir } = process.env;
  if (pid && dir) stopPostgres(Number(pid), dir);
}
