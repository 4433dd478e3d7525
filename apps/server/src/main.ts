import 'reflect-metadata';
import { demoUsersBanner, resolveDemoPassword } from '@app/identity';
import { loadConfigOrExit, runMigrations, startEmbeddedPostgres, type EmbeddedDatabase } from '@app/platform';
import { createHttpApp } from './bootstrap.js';

process.env.TZ = 'UTC';
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const SHUTDOWN_GRACE_MS = 25_000;

async function main(): Promise<void> {
  let config = loadConfigOrExit();
  const demo = config.seedDemo ? resolveDemoPassword(config) : undefined;
  if (demo) config = { ...config, demoPassword: demo.password };
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, say);
    config = { ...config, databaseUrl: embedded.url };
  }
  await runMigrations(config.databaseUrl as string, say);
  const app = await createHttpApp(config);
  await app.listen({ port: config.port, host: config.host });
  say(`Online safety enforcement back office on http://localhost:${config.port}  (API docs: /api/docs)`);
  if (demo) demoUsersBanner(demo).forEach(say);

  // Graceful shutdown: stop accepting, let in-flight requests finish, close the pool, stop the embedded database.
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received: finishing in-flight requests`);
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
