import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, runMigrations, startEmbeddedPostgres } from '@app/platform';
import { WorkerModule } from './worker.module.js';

process.env.TZ = 'UTC';

/** Background jobs (deadline sweeps, outbox delivery, retention): several may run beside the API. */
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
  if (!config.databaseUrl) {
    const embedded = await startEmbeddedPostgres(config.dataDir, (l) => void process.stdout.write(`${l}\n`));
    config = { ...config, databaseUrl: embedded.url };
    process.on('exit', () => void embedded.stop());
  }
  await runMigrations(config.databaseUrl as string);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.enableShutdownHooks();
  process.stdout.write('Worker started\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`Worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
