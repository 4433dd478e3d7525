import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import { Clock } from '@app/core';
import { DEADLINE_SWEEP_JOB, DeadlineService, DeadlineSweep, type Deadline, type StartDeadlineInput, type SweepResult } from '@app/deadlines';
import { UserAdminService } from '@app/identity';
import { RecurringJobs } from '@app/jobs';
import { Outbox } from '@app/notifications';
import { bootTestApp, testConfig, type TestApp } from '@app/testing';
import { AppModule } from '../../apps/server/src/app.module.js';

const NOTHING: SweepResult = { markedDueSoon: 0, markedOverdue: 0, remindersSent: 0, escalations: 0, skippedBusy: 0 };

describe('the deadline sweep', () => {
  let t: TestApp;
  let deadlines: DeadlineService;
  let sweep: DeadlineSweep;
  let db: DataSource;
  let outbox: Outbox;
  let officerId: string;
  let deciderId: string;
  const caseIds: string[] = [];

  beforeAll(async () => {
    t = await bootTestApp();
    deadlines = t.app.get(DeadlineService);
    sweep = t.app.get(DeadlineSweep);
    db = t.app.get(DataSource);
    outbox = t.app.get(Outbox);
    const users = (await t.app.get(UserAdminService).listUsers({ limit: 500 })).items;
    officerId = users.find((u) => u.email === 'officer@demo.test')?.id as string;
    deciderId = users.find((u) => u.email === 'decider@demo.test')?.id as string;
  });
  // Each test's deadlines are closed afterwards so the next test's sweep sees only its own.
  afterEach(async () => {
    t.clock.set('2026-05-13T09:00:00Z');
    await db.transaction(async (tx) => {
      for (const caseId of caseIds.splice(0)) await deadlines.cancelAll(tx, { caseId }, 'end of test');
    });
  });
  afterAll(async () => t.close());

  const start = async (input: Partial<StartDeadlineInput> = {}): Promise<Deadline> => {
    const caseId = randomUUID();
    caseIds.push(caseId);
    return db.transaction((tx) =>
      deadlines.start(tx, {
        subjectType: 'case',
        subjectId: caseId,
        caseId,
        kind: 'information_notice_response',
        startsOn: '2026-05-13',
        amount: 10,
        unit: 'working_days',
        jurisdiction: 'england-and-wales',
        reference: 'OSA-2026-0042',
        ownerUserId: officerId,
        escalateToUserId: deciderId,
        ...input,
      }),
    );
  };
  const runAt = (iso: string) => {
    t.clock.set(iso);
    return sweep.run();
  };
  const remindersOf = async (deadlineId: string) =>
    (await db.query(`SELECT threshold, kind, outcome, recipient_user_ids AS "recipients", cardinality(message_ids) AS messages FROM deadline_reminders WHERE deadline_id = $1 ORDER BY created_at, threshold`, [
      deadlineId,
    ])) as { threshold: string; kind: string; outcome: string; recipients: string[]; messages: number }[];
  const mailFor = async (caseId: string) => (await outbox.list({ caseId, limit: 500 })).items.map((m) => ({ template: m.template, to: m.to }));

  it('reminds the owner 5 and 1 working days before, then escalates to the decision-maker once the day has ended, each exactly once', async () => {
    t.clock.set('2026-05-13T09:00:00Z');
    const d = await start();
    expect(await runAt('2026-05-19T08:00:00Z')).toEqual(NOTHING); // 6 working days left
    expect(await runAt('2026-05-20T08:00:00Z')).toEqual({ ...NOTHING, markedDueSoon: 1, remindersSent: 1 });
    expect(await runAt('2026-05-20T08:05:00Z')).toEqual(NOTHING);
    expect(await runAt('2026-05-21T08:00:00Z')).toEqual(NOTHING);
    expect(await runAt('2026-05-27T08:00:00Z')).toEqual({ ...NOTHING, remindersSent: 1 });
    expect(await runAt('2026-05-28T22:59:00Z')).toEqual(NOTHING); // 23:59 on the due day, UK time
    expect(await runAt('2026-05-28T23:00:00Z')).toEqual({ ...NOTHING, markedOverdue: 1, escalations: 1 });
    expect(await runAt('2026-05-29T08:00:00Z')).toEqual(NOTHING);

    expect(await remindersOf(d.id)).toEqual([
      { threshold: '5_working_days', kind: 'reminder', outcome: 'sent', recipients: [officerId], messages: 1 },
      { threshold: '1_working_days', kind: 'reminder', outcome: 'sent', recipients: [officerId], messages: 1 },
      { threshold: 'overdue', kind: 'escalation', outcome: 'sent', recipients: [deciderId], messages: 1 },
    ]);
    expect((await mailFor(d.caseId as string)).sort((a, b) => a.template.localeCompare(b.template))).toEqual([
      { template: 'deadline_overdue_escalation', to: 'decider@demo.test' },
      { template: 'deadline_reminder', to: 'officer@demo.test' },
      { template: 'deadline_reminder', to: 'officer@demo.test' },
    ]);
    expect((await deadlines.get(d.id)).status).toBe('overdue');
    const events = (await t.app.get(AuditLog).chain(`case:${d.caseId}`)).map((e) => e.event);
    expect(events).toEqual(['deadline.started', 'deadline.due_soon', 'deadline.reminder_sent', 'deadline.reminder_sent', 'deadline.overdue', 'deadline.escalated']);
  });

  it('sends only the closest reminder when several thresholds are reached at once', async () => {
    t.clock.set('2026-05-26T08:00:00Z');
    const d = await start({ startsOn: '2026-05-26', amount: 1 }); // due Wednesday 27 May
    expect(await runAt('2026-05-26T09:00:00Z')).toEqual({ ...NOTHING, markedDueSoon: 1, remindersSent: 1 });
    expect((await remindersOf(d.id)).map((r) => [r.threshold, r.outcome])).toEqual(
      expect.arrayContaining([
        ['1_working_days', 'sent'],
        ['5_working_days', 'superseded'],
      ]),
    );
    expect(await mailFor(d.caseId as string)).toHaveLength(1);
  });

  it('does not remind about a deadline that was met, and does not escalate it', async () => {
    t.clock.set('2026-05-20T08:00:00Z');
    const d = await start();
    await db.transaction((tx) => deadlines.satisfy(tx, { subjectType: d.subjectType, subjectId: d.subjectId, kind: d.kind, on: '2026-05-20', byEvent: 'record_response' }));
    expect(await runAt('2026-05-27T08:00:00Z')).toEqual(NOTHING);
    expect(await runAt('2026-06-01T08:00:00Z')).toEqual(NOTHING);
    expect(await remindersOf(d.id)).toEqual([]);
  });

  it('keeps a record when a deadline names nobody to tell', async () => {
    t.clock.set('2026-05-20T08:00:00Z');
    const d = await start({ ownerUserId: null, escalateToUserId: null });
    expect(await runAt('2026-05-20T09:00:00Z')).toEqual({ ...NOTHING, markedDueSoon: 1 });
    expect(await runAt('2026-05-29T09:00:00Z')).toEqual({ ...NOTHING, markedOverdue: 1, escalations: 1 });
    expect((await remindersOf(d.id)).map((r) => [r.threshold, r.outcome, r.recipients])).toEqual([
      ['5_working_days', 'no_recipient', []],
      ['overdue', 'no_recipient', []],
    ]);
    expect(await mailFor(d.caseId as string)).toEqual([]);
  });

  it('reminds 24 and 4 hours before a takedown duty in hours, and escalates at the due instant', async () => {
    t.clock.set('2026-05-15T13:00:00Z');
    const d = await start({ kind: 'intimate_image_takedown', unit: 'hours', hours: 48, startsAt: '2026-05-15T13:00:00Z', startsOn: undefined, amount: undefined });
    expect(await runAt('2026-05-16T12:00:00Z')).toEqual(NOTHING); // 25 hours left
    expect(await runAt('2026-05-16T19:00:00Z')).toEqual({ ...NOTHING, markedDueSoon: 1, remindersSent: 1 });
    expect(await runAt('2026-05-17T10:00:00Z')).toEqual({ ...NOTHING, remindersSent: 1 });
    expect(await runAt('2026-05-17T12:59:00Z')).toEqual(NOTHING);
    expect(await runAt('2026-05-17T13:00:00Z')).toEqual({ ...NOTHING, markedOverdue: 1, escalations: 1 });
    expect((await remindersOf(d.id)).map((r) => r.threshold)).toEqual(['24_hours', '4_hours', 'overdue']);
  });

  it('leaves a deadline that another transaction is changing for the next run', async () => {
    t.clock.set('2026-05-20T08:00:00Z');
    const d = await start();
    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('SELECT id FROM deadlines WHERE id = $1 FOR UPDATE', [d.id]);
      expect(await runAt('2026-05-20T09:00:00Z')).toEqual(NOTHING);
    } finally {
      await runner.commitTransaction();
      await runner.release();
    }
    expect(await runAt('2026-05-20T09:01:00Z')).toEqual({ ...NOTHING, markedDueSoon: 1, remindersSent: 1 });
  });

  describe('with several worker processes at once', () => {
    const others: TestingModule[] = [];
    beforeAll(async () => {
      // Each "process" is a separate application with its own connection pool on the same database.
      for (let i = 0; i < 2; i++) {
        const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(testConfig(t.databaseUrl))] })
          .overrideProvider(Clock)
          .useValue(t.clock)
          .compile();
        await moduleRef.init();
        others.push(moduleRef);
      }
    });
    afterAll(async () => {
      for (const moduleRef of others) await moduleRef.close();
    });

    const everyone = () => [sweep, ...others.map((m) => m.get(DeadlineSweep))];
    const total = (results: SweepResult[]) =>
      results.reduce((sum, r) => ({
        markedDueSoon: sum.markedDueSoon + r.markedDueSoon,
        markedOverdue: sum.markedOverdue + r.markedOverdue,
        remindersSent: sum.remindersSent + r.remindersSent,
        escalations: sum.escalations + r.escalations,
        skippedBusy: sum.skippedBusy + r.skippedBusy,
      }));

    it('records and sends each reminder and escalation exactly once', async () => {
      t.clock.set('2026-05-26T08:00:00Z');
      const created: Deadline[] = [];
      for (let i = 0; i < 25; i++) created.push(await start({ startsOn: '2026-05-26', amount: 1 }));
      t.clock.set('2026-05-26T09:00:00Z');
      const sweeps = everyone();
      const first = total(await Promise.all([...sweeps, ...sweeps].map((s) => s.run())));
      expect(first).toMatchObject({ markedDueSoon: 25, remindersSent: 25 });
      expect(total(await Promise.all(sweeps.map((s) => s.run())))).toEqual(NOTHING);

      t.clock.set('2026-05-28T09:00:00Z');
      const overdue = total(await Promise.all([...sweeps, ...sweeps].map((s) => s.run())));
      expect(overdue).toMatchObject({ markedOverdue: 25, escalations: 25, remindersSent: 0 });
      expect(total(await Promise.all(sweeps.map((s) => s.run())))).toEqual(NOTHING);

      const ids = created.map((d) => d.id);
      const rows = (await db.query(
        `SELECT threshold, outcome, count(*)::int AS n FROM deadline_reminders WHERE deadline_id = ANY($1::uuid[]) GROUP BY threshold, outcome ORDER BY threshold`,
        [ids],
      )) as { threshold: string; outcome: string; n: number }[];
      expect(rows).toEqual([
        { threshold: '1_working_days', outcome: 'sent', n: 25 },
        { threshold: '5_working_days', outcome: 'superseded', n: 25 },
        { threshold: 'overdue', outcome: 'sent', n: 25 },
      ]);
      let messages = 0;
      for (const d of created) messages += (await mailFor(d.caseId as string)).length;
      expect(messages).toBe(50);
      expect((await t.app.get(AuditLog).verify()).ok).toBe(true);
    });
  });

  it('runs as the recurring job deadlines.sweep', async () => {
    const jobs = t.app.get(RecurringJobs);
    expect(jobs.names()).toContain(DEADLINE_SWEEP_JOB);
    t.clock.set('2026-05-20T08:00:00Z');
    await start();
    expect(await jobs.runNow<SweepResult>(DEADLINE_SWEEP_JOB)).toEqual({ ...NOTHING, markedDueSoon: 1, remindersSent: 1 });
  });
});
