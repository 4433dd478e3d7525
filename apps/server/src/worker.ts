import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit, runMigrations } from '@app/platform';
import { WorkerModule } from './worker.module.js';

process.env.TZ = 'UTC';

/** Background jobs (deadline sweeps, outbox delivery, retention): several may run beside the API. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.databaseUrl) {
    // The embedded database belongs to the single `npm start` process, which runs the jobs itself.
    process.stderr.write('The worker needs DATABASE_URL. Without it, `npm start` runs the background jobs in-process (RUN_JOBS=true).\n');
    process.exit(78);
  }
  await runMigrations(config.databaseUrl);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, runJobs: true }), { bufferLogs: true });
  await app.init();
  process.stdout.write('Worker started\n');
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    await app.close(); // waits for running jobs (their modules' shutdown hooks)
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`Worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
