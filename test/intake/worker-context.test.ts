import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { BulkImport, RETENTION_JOB } from '@app/intake';
import { RecurringJobs } from '@app/jobs';
import { createTestDatabase, dropTestDatabase, testConfig } from '@app/testing';
import { WorkerModule } from '../../apps/server/src/worker.module.js';

describe('the worker and the command line have intake', () => {
  let databaseUrl: string;
  let app: INestApplicationContext;
  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    app = await NestFactory.createApplicationContext(WorkerModule.forRoot(testConfig(databaseUrl)), { logger: false });
  });
  afterAll(async () => {
    await app?.close();
    await dropTestDatabase(databaseUrl);
  });

  it('registers the retention job and runs a bulk import outside the HTTP application', async () => {
    expect(app.get(RecurringJobs).names()).toContain(RETENTION_JOB);
    const file = join(mkdtempSync(join(tmpdir(), 'osa-worker-')), 'rows.ndjson');
    writeFileSync(file, `${JSON.stringify({ source: 'supervision', serviceUrl: 'worker.example', harmCategories: ['risk_assessment_duties'], description: 'Risk assessment not done' })}\n`);
    const result = await app.get(BulkImport).run({ file, actor: { id: null, label: 'cli:test' } });
    expect(result).toMatchObject({ accepted: 1, rejected: 0 });
  });
});
