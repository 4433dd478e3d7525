import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import { DomainError } from '@app/core';
import { DeadlineService, type Deadline, type StartDeadlineInput } from '@app/deadlines';
import { bootTestApp, type TestApp } from '@app/testing';

const approver = { id: null, label: 'decider@demo.test' };

describe('the deadline engine', () => {
  let t: TestApp;
  let deadlines: DeadlineService;
  let db: DataSource;
  let audit: AuditLog;

  beforeAll(async () => {
    t = await bootTestApp();
    deadlines = t.app.get(DeadlineService);
    db = t.app.get(DataSource);
    audit = t.app.get(AuditLog);
  });
  afterAll(async () => t.close());

  /** Working time on Wednesday 13 May 2026 (UK summer time). */
  const at = (iso: string) => t.clock.set(iso);

  const start = (input: Partial<StartDeadlineInput> = {}) =>
    db.transaction((tx) =>
      deadlines.start(tx, {
        subjectType: 'case',
        subjectId: randomUUID(),
        caseId: randomUUID(),
        kind: 'compliance',
        startsOn: '2026-05-13',
        amount: 10,
        unit: 'working_days',
        jurisdiction: 'england-and-wales',
        ...input,
      }),
    );
  const refOf = (d: Deadline) => ({ subjectType: d.subjectType, subjectId: d.subjectId, kind: d.kind });
  const codeOf = async (work: Promise<unknown>): Promise<string> => {
    try {
      await work;
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
    throw new Error('expected a DomainError');
  };

  it('starts a deadline with its due date and explanation, and records it on the case chain', async () => {
    at('2026-05-13T10:00:00Z');
    const d = await start();
    expect(d).toMatchObject({ kind: 'compliance', startsOn: '2026-05-13', dueOn: '2026-05-28', originalDueOn: '2026-05-28', unit: 'working_days', amount: 10 });
    expect(d.status).toBe('pending');
    expect(d.overdueFrom).toBe('2026-05-28T23:00:00.000Z');
    expect(d.explanation).toContain('Skipped Monday 25 May 2026: Spring bank holiday (England and Wales)');
    const chain = await audit.chain(`case:${d.caseId}`);
    expect(chain.map((e) => e.event)).toEqual(['deadline.started']);
    expect(chain[0]?.subjectId).toBe(d.id);
    expect((await deadlines.get(d.id)).dueOn).toBe('2026-05-28');
    expect((await deadlines.listForCase(d.caseId as string)).map((x) => x.id)).toEqual([d.id]);
    expect((await deadlines.listFor('case', d.subjectId)).map((x) => x.id)).toEqual([d.id]);
  });

  it('derives pending, due soon and overdue from the clock, overdue only once the due day has ended in the UK', async () => {
    at('2026-05-13T10:00:00Z');
    const d = await start();
    const statusAt = async (iso: string) => {
      at(iso);
      return (await deadlines.get(d.id)).status;
    };
    expect(await statusAt('2026-05-19T12:00:00Z')).toBe('pending'); // 6 working days left
    expect(await statusAt('2026-05-20T12:00:00Z')).toBe('due_soon'); // 5 working days left
    expect(await statusAt('2026-05-28T22:59:59Z')).toBe('due_soon'); // 23:59:59 on the due day, UK time
    expect(await statusAt('2026-05-28T23:00:00Z')).toBe('overdue'); // midnight UK time
  });

  it('refuses a second running deadline of the same kind for the same subject', async () => {
    at('2026-05-13T10:00:00Z');
    const d = await start();
    expect(await codeOf(start({ subjectId: d.subjectId, caseId: d.caseId }))).toBe('DEADLINE_ALREADY_RUNNING');
  });

  it('is met on or before the due date, and met late after it; nothing to satisfy gives null', async () => {
    at('2026-06-01T10:00:00Z');
    const onTime = await start();
    const late = await start();
    const met = await db.transaction((tx) => deadlines.satisfy(tx, { ...refOf(onTime), on: '2026-05-28', byEvent: 'confirm_compliance' }));
    expect(met).toMatchObject({ status: 'met', satisfiedOn: '2026-05-28', satisfiedByEvent: 'confirm_compliance' });
    const metLate = await db.transaction((tx) => deadlines.satisfy(tx, { ...refOf(late), on: '2026-05-29', byEvent: 'confirm_compliance' }));
    expect(metLate?.status).toBe('met_late');
    expect(metLate?.explanation[metLate.explanation.length - 1]).toBe('Met late on Friday 29 May 2026 by confirm_compliance (due Thursday 28 May 2026)');
    expect(await db.transaction((tx) => deadlines.satisfy(tx, { ...refOf(onTime), on: '2026-05-29', byEvent: 'again' }))).toBeNull();
  });

  it('refuses to be satisfied before it started or in the future', async () => {
    at('2026-05-20T10:00:00Z');
    const d = await start();
    expect(await codeOf(db.transaction((tx) => deadlines.satisfy(tx, { ...refOf(d), on: '2026-05-12', byEvent: 'x' })))).toBe('VALIDATION_FAILED');
    expect(await codeOf(db.transaction((tx) => deadlines.satisfy(tx, { ...refOf(d), on: '2026-05-21', byEvent: 'x' })))).toBe('VALIDATION_FAILED');
  });

  it('stops and restarts the clock, moving the due date by the working days it was stopped', async () => {
    at('2026-05-20T10:00:00Z');
    const d = await start({ kind: 'super_complaint_response' });
    const stopped = await db.transaction((tx) => deadlines.stopClock(tx, d.id, { on: '2026-05-20', reason: 'waiting for information requested from the complainant' }));
    expect(stopped.status).toBe('stopped');
    expect(await codeOf(db.transaction((tx) => deadlines.stopClock(tx, d.id, { on: '2026-05-20', reason: 'again' })))).toBe('DEADLINE_CLOCK_ALREADY_STOPPED');
    at('2026-05-22T16:00:00Z');
    expect((await deadlines.get(d.id)).status).toBe('stopped');
    const restarted = await db.transaction((tx) => deadlines.restartClock(tx, refOf(d), { on: '2026-05-22', reason: 'information received' }));
    // Stopped after Wednesday 20 May: Thursday 21 and Friday 22 did not count, so 28 May moves out two working days.
    expect(restarted.dueOn).toBe('2026-06-01');
    expect(restarted.originalDueOn).toBe('2026-05-28');
    expect(restarted.clockStops).toEqual([
      expect.objectContaining({ stoppedOn: '2026-05-20', restartedOn: '2026-05-22', movedBy: 2, movedByUnit: 'working_days', reason: 'waiting for information requested from the complainant' }),
    ]);
    expect(restarted.explanation.join('\n')).toMatch(/Clock restarted on Friday 22 May 2026 \(information received\): 2 working days stopped after Wednesday 20 May 2026; due date moves from Thursday 28 May 2026 to Monday 1 June 2026/);
    expect(restarted.status).toBe('due_soon');
    expect(await codeOf(db.transaction((tx) => deadlines.restartClock(tx, d.id, { on: '2026-05-22' })))).toBe('DEADLINE_CLOCK_NOT_STOPPED');
    const events = (await audit.chain(`case:${d.caseId}`)).map((e) => e.event);
    expect(events).toEqual(['deadline.started', 'deadline.clock_stopped', 'deadline.clock_restarted']);
  });

  it('moves a calendar-day deadline by calendar days when its clock restarts', async () => {
    at('2026-05-13T10:00:00Z');
    const d = await start({ kind: 'super_complaint_eligibility', unit: 'calendar_days', amount: 30 });
    expect(d.dueOn).toBe('2026-06-12');
    await db.transaction((tx) => deadlines.stopClock(tx, d.id, { on: '2026-05-13', reason: 'waiting for information' }));
    at('2026-05-20T10:00:00Z');
    const restarted = await db.transaction((tx) => deadlines.restartClock(tx, d.id, { on: '2026-05-18' }));
    expect(restarted.dueOn).toBe('2026-06-17');
  });

  it('extends to a later date, keeping the original in the history with who approved it', async () => {
    at('2026-05-13T10:00:00Z');
    const d = await start();
    const extended = await db.transaction((tx) => deadlines.extend(tx, d.id, { newDueOn: '2026-06-11', reason: 'the provider asked for more time' }, approver));
    expect(extended).toMatchObject({ dueOn: '2026-06-11', originalDueOn: '2026-05-28', overdueFrom: '2026-06-11T23:00:00.000Z' });
    expect(extended.extensions).toEqual([
      expect.objectContaining({ previousDueOn: '2026-05-28', newDueOn: '2026-06-11', reason: 'the provider asked for more time', approvedBy: approver }),
    ]);
    expect(extended.explanation[extended.explanation.length - 1]).toBe(
      'Extended from Thursday 28 May 2026 to Thursday 11 June 2026: the provider asked for more time (approved by decider@demo.test)',
    );
    expect(await codeOf(db.transaction((tx) => deadlines.extend(tx, d.id, { newDueOn: '2026-06-11', reason: 'same date' }, approver)))).toBe(
      'DEADLINE_EXTENSION_NOT_LATER',
    );
    expect(await codeOf(db.transaction((tx) => deadlines.extend(tx, d.id, { newDueOn: '2026-06-01', reason: 'earlier' }, approver)))).toBe(
      'DEADLINE_EXTENSION_NOT_LATER',
    );
    const chain = await audit.chain(`case:${d.caseId}`);
    expect(chain.map((e) => e.event)).toEqual(['deadline.started', 'deadline.extended']);
    expect(chain[1]?.changes).toMatchObject({ dueOn: { before: '2026-05-28', after: '2026-06-11' } });
  });

  it('cancels, after which nothing more can change', async () => {
    at('2026-05-13T10:00:00Z');
    const d = await start();
    const cancelled = await db.transaction((tx) => deadlines.cancel(tx, refOf(d), 'the notice was withdrawn'));
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'the notice was withdrawn' });
    expect(await codeOf(db.transaction((tx) => deadlines.extend(tx, d.id, { newDueOn: '2026-07-01', reason: 'x' }, approver)))).toBe('DEADLINE_CLOSED');
    expect(await db.transaction((tx) => deadlines.cancel(tx, refOf(d), 'again'))).toBeNull();
    // A new one of the same kind may start once the old one is closed.
    expect((await start({ subjectId: d.subjectId, caseId: d.caseId })).status).toBe('pending');
  });

  it('cancels every open deadline of a case at once', async () => {
    at('2026-05-13T10:00:00Z');
    const caseId = randomUUID();
    await start({ caseId, subjectId: caseId, kind: 'compliance' });
    await start({ caseId, subjectId: caseId, kind: 'penalty_payment', unit: 'calendar_days', amount: 30 });
    const cancelled = await db.transaction((tx) => deadlines.cancelAll(tx, { caseId }, 'case closed'));
    expect(cancelled.map((d) => d.status)).toEqual(['cancelled', 'cancelled']);
  });

  it("lets the caller append the deadlines' audit events in one batch, in the order they happened", async () => {
    at('2026-05-13T10:00:00Z');
    const caseId = randomUUID();
    const d = await start({ caseId, subjectId: caseId, kind: 'compliance' });
    const extended = await db.transaction((tx) => deadlines.extend(tx, d.id, { newDueOn: '2026-06-11', reason: 'the provider asked for more time' }, approver));
    const { AuditBatch } = await import('@app/audit');
    const batch = new AuditBatch();
    const [cancelled, started] = await db.transaction(async (tx) => {
      const cancelled = await deadlines.cancel(tx, refOf(d), 'the notice was withdrawn', undefined, { audit: batch });
      const started = await deadlines.start(tx, { subjectType: 'case', subjectId: caseId, caseId, kind: 'compliance', startsOn: '2026-05-13', amount: 5, unit: 'working_days' }, { audit: batch });
      // Nothing is appended until the caller appends the batch, in the same transaction.
      expect((await audit.chain(`case:${caseId}`)).map((e) => e.event)).toEqual(['deadline.started', 'deadline.extended']);
      await audit.appendAll(tx, batch.take());
      return [cancelled, started];
    });
    // Read with its lock, the cancelled deadline still lists its extension.
    expect(cancelled?.extensions).toEqual(extended.extensions);
    expect(started.extensions).toEqual([]);
    const chain = await audit.chain(`case:${caseId}`);
    expect(chain.map((e) => [e.chainSeq, e.event, e.subjectId])).toEqual([
      [1, 'deadline.started', d.id],
      [2, 'deadline.extended', d.id],
      [3, 'deadline.cancelled', d.id],
      [4, 'deadline.started', started.id],
    ]);
    expect((await audit.verify({ chainId: `case:${caseId}` })).ok).toBe(true);
  });

  it('commits with the caller: a failed transaction leaves no deadline and no audit event', async () => {
    at('2026-05-13T10:00:00Z');
    const caseId = randomUUID();
    await expect(
      db.transaction(async (tx) => {
        await deadlines.start(tx, { subjectType: 'case', subjectId: caseId, caseId, kind: 'representations', startsOn: '2026-05-13', amount: 20, unit: 'working_days' });
        throw new Error('the case transition failed');
      }),
    ).rejects.toThrow('the case transition failed');
    expect(await deadlines.listForCase(caseId)).toEqual([]);
    expect(await audit.chain(`case:${caseId}`)).toEqual([]);
  });

  it('runs a 48-hour takedown duty in elapsed hours, through the weekend', async () => {
    at('2026-05-15T13:00:00Z');
    const d = await start({ kind: 'intimate_image_takedown', unit: 'hours', hours: 48, startsAt: '2026-05-15T13:00:00Z', startsOn: undefined, caseId: null, amount: undefined });
    expect(d).toMatchObject({ unit: 'hours', amount: 48, startsOn: '2026-05-15', startsAt: '2026-05-15T13:00:00.000Z', dueOn: '2026-05-17', dueAt: '2026-05-17T13:00:00.000Z' });
    at('2026-05-16T12:00:00Z');
    expect((await deadlines.get(d.id)).status).toBe('pending'); // 25 hours left
    at('2026-05-16T14:00:00Z');
    expect((await deadlines.get(d.id)).status).toBe('due_soon'); // 23 hours left
    // Stopped for two hours, the due instant moves two hours.
    at('2026-05-16T16:00:00Z');
    await db.transaction((tx) => deadlines.stopClock(tx, d.id, { on: '2026-05-16T14:00:00Z', reason: 'hash match disputed' }));
    const restarted = await db.transaction((tx) => deadlines.restartClock(tx, d.id, { on: '2026-05-16T16:00:00Z' }));
    expect(restarted.dueAt).toBe('2026-05-17T15:00:00.000Z');
    at('2026-05-17T14:59:00Z');
    expect((await deadlines.get(d.id)).status).toBe('due_soon');
    at('2026-05-17T15:00:00Z');
    expect((await deadlines.get(d.id)).status).toBe('overdue');
    at('2026-05-17T16:00:00Z');
    const met = await db.transaction((tx) => deadlines.satisfy(tx, { ...refOf(d), on: '2026-05-17T15:30:00Z', byEvent: 'image_removed' }));
    expect(met?.status).toBe('met_late');
    // Deadlines without a case chain on their own.
    expect((await audit.chain(`deadline:${d.id}`)).map((e) => e.event)).toEqual([
      'deadline.started',
      'deadline.clock_stopped',
      'deadline.clock_restarted',
      'deadline.met_late',
    ]);
  });

  it('extends a deadline in hours to a later instant', async () => {
    at('2026-05-15T13:00:00Z');
    const d = await start({ kind: 'intimate_image_takedown', unit: 'hours', hours: 48, startsAt: '2026-05-15T13:00:00Z', startsOn: undefined, amount: undefined });
    expect(await codeOf(db.transaction((tx) => deadlines.extend(tx, d.id, { newDueOn: '2026-05-20', reason: 'x' }, approver)))).toBe('VALIDATION_FAILED');
    const extended = await db.transaction((tx) => deadlines.extend(tx, d.id, { newDueAt: '2026-05-18T09:00:00Z', reason: 'court order awaited' }, approver));
    expect(extended).toMatchObject({ dueAt: '2026-05-18T09:00:00.000Z', dueOn: '2026-05-18' });
  });

  it('takes a date set by the decision, and calendar months', async () => {
    at('2026-05-13T10:00:00Z');
    const fixed = await start({ kind: 'penalty_payment', unit: 'fixed_date', dueOn: '2026-06-13', amount: undefined });
    expect(fixed.dueOn).toBe('2026-06-13');
    expect(fixed.explanation.join('\n')).toMatch(/Saturday 13 June 2026 is a weekend day; a date set by the decision is not moved/);
    const months = await start({ kind: 'reminder', unit: 'calendar_months', amount: 1, startsOn: '2026-01-31' });
    expect(months.dueOn).toBe('2026-02-28');
    expect(await codeOf(start({ kind: 'penalty_payment', unit: 'fixed_date', dueOn: '2026-05-01', amount: undefined }))).toBe('VALIDATION_FAILED');
  });

  it('names the field that is wrong', async () => {
    const fields = async (input: Partial<StartDeadlineInput>) => {
      try {
        await start(input);
      } catch (error) {
        if (error instanceof DomainError) return (error.extras.errors ?? []).map((e) => e.field);
        throw error;
      }
      return [];
    };
    expect(await fields({ kind: 'nonsense' as 'compliance' })).toContain('kind');
    expect(await fields({ startsOn: '2026-13-01' })).toContain('startsOn');
    expect(await fields({ amount: -3 })).toContain('amount');
    expect(await fields({ jurisdiction: 'wales' as 'scotland' })).toContain('jurisdiction');
    expect(await fields({ caseId: 'not-a-uuid' })).toContain('caseId');
  });

  it('keeps the audit trail verifiable', async () => {
    expect((await audit.verify()).ok).toBe(true);
  });
});

describe('deadlines over HTTP', () => {
  let t: TestApp;
  let deadline: Deadline;

  beforeAll(async () => {
    t = await bootTestApp();
    t.clock.set('2026-05-13T10:00:00Z');
    const db = t.app.get(DataSource);
    const caseId = randomUUID();
    deadline = await db.transaction((tx) =>
      t.app.get(DeadlineService).start(tx, {
        subjectType: 'case',
        subjectId: caseId,
        caseId,
        kind: 'representations',
        startsOn: '2026-05-13',
        amount: 10,
        unit: 'working_days',
        jurisdiction: 'england-and-wales',
      }),
    );
  });
  afterAll(async () => t.close());

  const auth = async (role: string) => ({ Authorization: `Bearer ${await t.token(role)}` });

  it('shows a deadline to regulator staff in the contract shape', async () => {
    const res = await t.http().get(`/api/v1/deadlines/${deadline.id}`).set(await auth('analyst'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: deadline.id,
      kind: 'representations',
      startsOn: '2026-05-13',
      dueOn: '2026-05-28',
      unit: 'working_days',
      jurisdiction: 'england-and-wales',
      status: 'pending',
    });
    expect(res.body.explanation).toContain('Day 10: Thursday 28 May 2026');
  });

  it('keeps deadlines from providers and from callers who are not signed in', async () => {
    expect((await t.http().get(`/api/v1/deadlines/${deadline.id}`).set(await auth('provider'))).status).toBe(403);
    expect((await t.http().get(`/api/v1/deadlines/${deadline.id}`)).status).toBe(401);
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    expect((await t.http().get('/api/v1/deadlines/not-an-id').set(await auth('case_officer'))).body.code).toBe('INVALID_ID');
    const missing = await t.http().get(`/api/v1/deadlines/${randomUUID()}`).set(await auth('case_officer'));
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('DEADLINE_NOT_FOUND');
  });

  it('lets a case officer extend it (201), recording them as the approver', async () => {
    const res = await t
      .http()
      .post(`/api/v1/deadlines/${deadline.id}/extensions`)
      .set(await auth('case_officer'))
      .send({ newDueOn: '2026-06-11', reason: 'the provider asked for an oral hearing' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ dueOn: '2026-06-11', originalDueOn: '2026-05-28' });
    expect(res.body.extensions[0]).toMatchObject({ previousDueOn: '2026-05-28', newDueOn: '2026-06-11', approvedBy: { label: 'officer@demo.test' } });
  });

  it('answers 422 when the new date is not after the current one', async () => {
    const res = await t
      .http()
      .post(`/api/v1/deadlines/${deadline.id}/extensions`)
      .set(await auth('decision_maker'))
      .send({ newDueOn: '2026-06-01', reason: 'earlier' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('DEADLINE_EXTENSION_NOT_LATER');
  });

  it('names the bad field of an extension', async () => {
    const res = await t
      .http()
      .post(`/api/v1/deadlines/${deadline.id}/extensions`)
      .set(await auth('decision_maker'))
      .send({ newDueOn: '2026-06-31', reason: '' });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['newDueOn', 'reason']));
    const farFuture = await t
      .http()
      .post(`/api/v1/deadlines/${deadline.id}/extensions`)
      .set(await auth('decision_maker'))
      .send({ newDueOn: '9999-12-31', reason: 'forever' });
    expect(farFuture.status).toBe(422);
    expect(farFuture.body.errors).toEqual([{ field: 'newDueOn', message: 'must be from 1971-01-01 to 2200-12-31' }]);
  });

  it('does not let an analyst extend a deadline', async () => {
    const res = await t
      .http()
      .post(`/api/v1/deadlines/${deadline.id}/extensions`)
      .set(await auth('analyst'))
      .send({ newDueOn: '2026-07-01', reason: 'more time' });
    expect(res.status).toBe(403);
  });
});
