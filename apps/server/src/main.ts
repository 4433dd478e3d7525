import 'reflect-metadata';
import { ConfigError, loadConfig, runMigrations, startEmbeddedPostgres, type EmbeddedDatabase } from '@app/platform';
import { createHttpApp } from './bootstrap.js';

process.env.TZ = 'UTC';
const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, say);
    config = { ...config, databaseUrl: embedded.url };
  }
  await runMigrations(config.databaseUrl as string, say);
  const app = await createHttpApp(config);
  if (embedded) {
    const db = embedded;
    app.getHttpAdapter().getInstance().addHook('onClose', async () => db.stop());
  }
  await app.listen({ port: config.port, host: config.host });
  say(`Online safety enforcement back office on http://localhost:${config.port}  (API docs: /api/docs)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
