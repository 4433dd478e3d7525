export default async function globalTeardown() {
  const server = globalThis.__OSA_PG__;
  if (server) server.stop();
}
