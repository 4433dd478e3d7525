// A worker process for the programmes tests: the whole application without HTTP, sending the items of
// confirmed bulk actions until none is left. Started with `node --import register-ts.mjs`, killed by tests.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { BulkActionProcessor } from '@app/programmes';
import { testConfig } from '../../support/app.js';
import { AppModule } from '../../../apps/server/src/app.module.js';

process.env.TZ = 'UTC';

async function main(): Promise<void> {
  const databaseUrl = process.argv[2];
  if (!databaseUrl) throw new Error('usage: bulk-worker.ts <databaseUrl>');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(testConfig(databaseUrl, { seedDemo: false, runJobs: false, databasePoolSize: 4 })), { logger: false });
  const processor = app.get(BulkActionProcessor);
  process.stdout.write('ready\n');
  for (;;) {
    const result = await processor.drain({ concurrency: 2 });
    if (result.done === 0 && result.failed === 0) break;
  }
  process.stdout.write('finished\n');
  await app.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
