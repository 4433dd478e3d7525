import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { DEADLINE_SWEEP_JOB, DeadlineSweep } from '@app/deadlines';
import { RecurringJobs } from '@app/jobs';
import { OUTBOX_DISPATCH_JOB, OUTBOX_RETENTION_JOB } from '@app/notifications';
import { BULK_ACTIONS_JOB } from '@app/programmes';
import { TIMELINE_CHECKPOINTS_JOB } from '@app/reporting';
import { createTestDatabase, dropTestDatabase, testConfig } from '@app/testing';
import { WorkerModule } from '../../apps/server/src/worker.module.js';

describe('the worker process', () => {
  let databaseUrl: string;
  let worker: TestingModule;
  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    worker = await Test.createTestingModule({ imports: [WorkerModule.forRoot(testConfig(databaseUrl))] }).compile();
    await worker.init();
  });
  afterAll(async () => {
    await worker.close();
    await dropTestDatabase(databaseUrl);
  });

  it('has everything the deadline sweep needs and schedules it', async () => {
    expect(worker.get(RecurringJobs).names()).toContain(DEADLINE_SWEEP_JOB);
    const result = await worker.get(DeadlineSweep).run(new Date('2026-05-20T09:00:00Z'));
    expect(result).toEqual({ markedDueSoon: 0, markedOverdue: 0, remindersSent: 0, escalations: 0, skippedBusy: 0 });
  });

  it('runs every background job of the product: outbox delivery and retention, programme bulk actions, timeline checkpoints', () => {
    expect(worker.get(RecurringJobs).names()).toEqual(expect.arrayContaining([OUTBOX_DISPATCH_JOB, OUTBOX_RETENTION_JOB, BULK_ACTIONS_JOB, TIMELINE_CHECKPOINTS_JOB]));
  });

  it('can run the timeline checkpoints job (the worker has the reporting context)', async () => {
    await expect(worker.get(RecurringJobs).runNow(TIMELINE_CHECKPOINTS_JOB)).resolves.toBeUndefined();
  });
});
