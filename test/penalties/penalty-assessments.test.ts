import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SettableClock } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { LETTERS, createCase, fire, fireOk, get } from '../cases/case-api.js';
import { CALCULATION, PENALTY } from '../provider-portal/penalty-cases.js';


describe('a penalty imposed by a confirmation decision: recorded, paid in part, overdue and referred for recovery', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2026-05-13T09:00:00Z'));
  let caseId = '';
  let version = 0;
  let penaltyId = '';

  const as = async (who: string) => `Bearer ${await t.token(who)}`;
  const post = async (who: string, path: string, body: object) => t.http().post(path).set('Authorization', await as(who)).send(body);
  const penalties = async (who = 'analyst@demo.test') => get(t, who, `/api/v1/cases/${caseId}/penalties`);
  const decision = (data: Record<string, unknown>) => ({ stepsRequired: 'Remove reported images within 48 hours', stepsWithin: 10, representationsConsidered: true, letter: LETTERS.confirmation_decision, ...data });

  /** A case taken to provisional_notice, with representations recorded, ready for a decision on 26 May 2026. */
  async function caseAwaitingDecision(): Promise<{ id: string; version: number }> {
    clock.set('2026-05-13T09:00:00Z');
    const created = await createCase(t, 'officer@demo.test');
    let c = await fireOk(t, 'officer@demo.test', created.id, 1, 'open_investigation', { provisions: ['Section 10(3)(b)'] });
    clock.set('2026-05-20T10:00:00Z');
    c = await fireOk(t, 'decider@demo.test', created.id, c.version, 'issue_provisional_notice', { representationsWorkingDays: 10, letter: LETTERS.provisional_notice });
    clock.set('2026-05-22T10:00:00Z');
    c = await fireOk(t, 'officer@demo.test', created.id, c.version, 'record_representations', { summary: 'The provider disputes the figures.' });
    clock.set('2026-05-26T09:00:00Z');
    return { id: created.id, version: c.version };
  }

  beforeAll(async () => {
    t = await bootTestApp({ clock });
    ({ id: caseId, version } = await caseAwaitingDecision());
  });
  afterAll(async () => t?.close());

  it('refuses a decision whose penalty is not what its calculation gives, and records nothing', async () => {
    const res = await fire(t, 'decider@demo.test', caseId, version, 'issue_confirmation_decision', decision({ penaltyPence: PENALTY + 1, penaltyCalculation: CALCULATION }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'PENALTY_CALCULATION_MISMATCH', calculatedPenaltyPence: PENALTY });
    expect(res.body.detail).toContain('£37,500,000.00');
    const read = await get(t, 'analyst@demo.test', `/api/v1/cases/${caseId}`);
    expect(read.body).toMatchObject({ state: 'provisional_notice', version });
    expect((await penalties()).body.assessments).toEqual([]);
  });

  it('refuses a calculation with a bad input, naming the field under data.penaltyCalculation', async () => {
    const res = await fire(t, 'decider@demo.test', caseId, version, 'issue_confirmation_decision', decision({ penaltyPence: PENALTY, penaltyCalculation: { ...CALCULATION, seriousness: 'catastrophic', turnover: 5 } }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['data.penaltyCalculation.seriousness', 'data.penaltyCalculation.turnover']));
  });

  it('refuses a penalty above £18m given without a calculation: the revenue behind a higher maximum must be recorded', async () => {
    const res = await fire(t, 'decider@demo.test', caseId, version, 'issue_confirmation_decision', decision({ penaltyPence: 1_800_000_001 }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'PENALTY_ABOVE_STATUTORY_MAXIMUM', statutoryMaximumPence: 1_800_000_000 });
  });

  it('records the calculation with the decision: inputs, steps, maximum, penalty, daily rate and the payment due date', async () => {
    const c = await fireOk(t, 'decider@demo.test', caseId, version, 'issue_confirmation_decision', decision({ penaltyPence: PENALTY, penaltyCalculation: CALCULATION }));
    expect(c.state).toBe('confirmation_decision');
    const res = await penalties();
    expect(res.status).toBe(200);
    expect(res.body.assessments).toHaveLength(1);
    const penalty = res.body.assessments[0];
    penaltyId = penalty.id;
    expect(penalty).toMatchObject({
      caseId,
      decidedOn: '2026-05-26',
      inputsRecorded: true,
      inputs: CALCULATION,
      statutoryMaximumPence: 10_000_000_000,
      penaltyPence: PENALTY,
      dueOn: '2026-06-25',
      status: 'due',
      paidPence: 0,
      outstandingPence: PENALTY,
      totalDuePence: PENALTY,
      dailyRate: { ratePence: 1_000_000, startsOn: '2026-06-26', longStopOn: '2026-08-24' },
      daily: { daysAccrued: 0, accruedPence: 0, running: true },
      policyVersion: 'penalty-policy/2026-1',
      auditReference: { chainId: `case:${caseId}`, caseVersion: c.version, assessmentEventId: expect.any(String) },
    });
    expect(penalty.steps.map((s: { name: string }) => s.name)).toEqual(['starting_point', 'duration', 'statutory_cap', 'settlement_discount']);
    expect(penalty.steps.at(-1).amountPence).toBe(PENALTY);

    const events = (await get(t, 'analyst@demo.test', `/api/v1/cases/${caseId}/events`)).body as { event: string; subjectType: string; subjectId: string }[];
    expect(events.find((e) => e.event === 'penalty_assessed')).toMatchObject({ subjectType: 'penalty_assessment', subjectId: penaltyId });
  });

  it('keeps the recorded calculation: the database refuses to change or delete it', async () => {
    const db = t.app.get(DataSource);
    await expect(db.query(`UPDATE penalty_assessments SET penalty_pence = 1 WHERE id = $1`, [penaltyId])).rejects.toThrow(/immutable/);
    await expect(db.query(`UPDATE penalty_assessments SET steps = '[]' WHERE id = $1`, [penaltyId])).rejects.toThrow(/immutable/);
    await expect(db.query(`DELETE FROM penalty_assessments WHERE id = $1`, [penaltyId])).rejects.toThrow(/refused/);
    expect((await penalties()).body.assessments[0].penaltyPence).toBe(PENALTY);
  });

  it('records a part payment, and refuses an overpayment, a payment dated in the future and one before the decision', async () => {
    clock.set('2026-06-10T12:00:00Z');
    const part = await post('officer@demo.test', `/api/v1/penalties/${penaltyId}/payments`, { amountPence: 1_000_000_000, receivedOn: '2026-06-09', reference: 'BACS 7781-22' });
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({ status: 'part_paid', paidPence: 1_000_000_000, outstandingPence: PENALTY - 1_000_000_000 });
    expect(part.body.payments).toEqual([expect.objectContaining({ amountPence: 1_000_000_000, receivedOn: '2026-06-09', reference: 'BACS 7781-22', recordedBy: 'officer@demo.test' })]);

    const over = await post('officer@demo.test', `/api/v1/penalties/${penaltyId}/payments`, { amountPence: PENALTY, receivedOn: '2026-06-10', reference: 'too much' });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'PENALTY_OVERPAYMENT', outstandingPence: PENALTY - 1_000_000_000 });
    expect(over.body.detail).toContain('£27,500,000.00');

    for (const receivedOn of ['2026-06-11', '2026-05-25']) {
      const wrong = await post('officer@demo.test', `/api/v1/penalties/${penaltyId}/payments`, { amountPence: 100, receivedOn, reference: 'x' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('PENALTY_PAYMENT_DATE_INVALID');
    }
    const invalid = await post('officer@demo.test', `/api/v1/penalties/${penaltyId}/payments`, { amountPence: 12.5, receivedOn: '10 June', reference: '' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amountPence', 'receivedOn', 'reference']);
  });

  it('refuses a referral for recovery before the due date has passed', async () => {
    const res = await post('decider@demo.test', `/api/v1/penalties/${penaltyId}/recovery-referral`, { reason: 'Unpaid.' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PENALTY_NOT_OVERDUE');
  });

  it('accrues the daily penalty for every calendar day until compliance, and shows the running total as of today', async () => {
    clock.set('2026-07-01T08:00:00Z'); // 26 June to 1 July: 6 days
    let penalty = (await penalties()).body.assessments[0];
    expect(penalty).toMatchObject({ asOf: '2026-07-01', status: 'overdue', daily: { daysAccrued: 6, accruedPence: 6_000_000, running: true }, totalDuePence: PENALTY + 6_000_000 });

    const complied = await post('officer@demo.test', `/api/v1/penalties/${penaltyId}/compliance`, { compliedOn: '2026-06-29' });
    expect(complied.status).toBe(200);
    expect(complied.body).toMatchObject({ daily: { daysAccrued: 3, accruedPence: 3_000_000, running: false, compliedOn: '2026-06-29', lastAccruedOn: '2026-06-28' } });
    expect(complied.body.outstandingPence).toBe(PENALTY + 3_000_000 - 1_000_000_000);

    const again = await post('officer@demo.test', `/api/v1/penalties/${penaltyId}/compliance`, { compliedOn: '2026-06-30' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PENALTY_COMPLIANCE_ALREADY_RECORDED');

    clock.set('2026-07-20T08:00:00Z');
    penalty = (await penalties()).body.assessments[0];
    expect(penalty.daily).toMatchObject({ daysAccrued: 3, accruedPence: 3_000_000 });
  });

  it('refers an overdue penalty for recovery once, audited with the reason', async () => {
    const res = await post('decider@demo.test', `/api/v1/penalties/${penaltyId}/recovery-referral`, { reason: 'Unpaid 25 days after the due date; reminders unanswered.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'referred_for_recovery', referral: { reason: 'Unpaid 25 days after the due date; reminders unanswered.', referredBy: 'decider@demo.test' } });
    const twice = await post('decider@demo.test', `/api/v1/penalties/${penaltyId}/recovery-referral`, { reason: 'Again.' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('PENALTY_ALREADY_REFERRED');

    const events = (await get(t, 'analyst@demo.test', `/api/v1/cases/${caseId}/events`)).body as { event: string; subjectType: string }[];
    expect(events.filter((e) => e.subjectType === 'penalty_assessment').map((e) => e.event)).toEqual([
      'penalty_assessed',
      'penalty_payment_recorded',
      'penalty_compliance_recorded',
      'penalty_referred_for_recovery',
    ]);
    const verified = await get(t, 'admin@demo.test', '/api/v1/audit/verify');
    expect(verified.body.ok).toBe(true);
  });

  it('is paid in full only up to what is outstanding, and then shows as paid', async () => {
    const outstanding = (await penalties()).body.assessments[0].outstandingPence as number;
    const rest = await post('officer@demo.test', `/api/v1/penalties/${penaltyId}/payments`, { amountPence: outstanding, receivedOn: '2026-07-20', reference: 'Recovered' });
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ status: 'paid', outstandingPence: 0 });
    const deadlines = await get(t, 'analyst@demo.test', `/api/v1/cases/${caseId}/deadlines`);
    expect(deadlines.body.find((d: { kind: string }) => d.kind === 'penalty_payment')).toMatchObject({ status: 'met_late', dueOn: '2026-06-25' });
    const more = await post('officer@demo.test', `/api/v1/penalties/${penaltyId}/payments`, { amountPence: 1, receivedOn: '2026-07-20', reference: 'One penny' });
    expect(more.status).toBe(422);
    expect(more.body.code).toBe('PENALTY_OVERPAYMENT');

    const db = t.app.get(DataSource);
    await expect(db.query(`UPDATE penalty_payments SET amount_pence = 1 WHERE assessment_id = $1`, [penaltyId])).rejects.toThrow(/refused/);
    await expect(db.query(`DELETE FROM penalty_payments WHERE assessment_id = $1`, [penaltyId])).rejects.toThrow(/refused/);
    await expect(db.query(`UPDATE penalty_assessments SET referral_reason = 'changed' WHERE id = $1`, [penaltyId])).rejects.toThrow(/recorded once/);
  });

  it('records a penalty given without a calculation, checked against £18m only, with its inputs "not recorded"', async () => {
    const other = await caseAwaitingDecision();
    await fireOk(t, 'decider@demo.test', other.id, other.version, 'issue_confirmation_decision', decision({ penaltyPence: 150_000_000, paymentDays: 14 }));
    const res = await get(t, 'officer@demo.test', `/api/v1/cases/${other.id}/penalties`);
    expect(res.body.assessments[0]).toMatchObject({ inputsRecorded: false, inputs: null, steps: [], penaltyPence: 150_000_000, statutoryMaximumPence: 1_800_000_000, dueOn: '2026-06-09', dailyRate: null });
  });

  it('lets regulator roles read penalties and only case officers and decision-makers record payments', async () => {
    expect((await penalties('provider@demo.test')).status).toBe(403);
    expect((await post('analyst@demo.test', `/api/v1/penalties/${penaltyId}/payments`, { amountPence: 1, receivedOn: '2026-07-20', reference: 'x' })).status).toBe(403);
    expect((await get(t, 'analyst@demo.test', `/api/v1/penalties/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await get(t, 'analyst@demo.test', `/api/v1/cases/00000000-0000-4000-8000-000000000000/penalties`)).status).toBe(404);
  });

  it('is documented in the OpenAPI document', async () => {
    const paths = (await t.http().get('/api/docs-json')).body.paths;
    expect(paths['/api/v1/cases/{id}/penalties'].get).toBeDefined();
    for (const action of ['payments', 'compliance', 'recovery-referral']) expect(paths[`/api/v1/penalties/{id}/${action}`].post).toBeDefined();
  });
});
