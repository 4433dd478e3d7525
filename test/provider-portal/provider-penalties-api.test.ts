import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SettableClock } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { get } from '../cases/case-api.js';
import { CALCULATION, PENALTY, caseWithPenalty, registerServiceOf } from './penalty-cases.js';

const at = (...instants: string[]) => instants.map((i) => new Date(i)) as [Date, Date, Date, Date];

describe("a provider's own penalties through the API", () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2026-05-13T09:00:00Z'));
  const providerA = 'provider@demo.test';
  const providerB = 'provider2@demo.test';
  let mine = { caseId: '', reference: '', penaltyId: '' };
  let notMine = { caseId: '', reference: '', penaltyId: '' };

  const post = async (who: string, path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${await t.token(who)}`).send(body);

  beforeAll(async () => {
    t = await bootTestApp({ clock });
    await registerServiceOf(t, providerA, { provider: 'Demo Platform Ltd', service: 'DemoTube', domain: 'demotube.example' });
    mine = await caseWithPenalty(t, clock, {
      serviceUrl: 'https://demotube.example/watch',
      penaltyPence: PENALTY,
      penaltyCalculation: CALCULATION,
      at: at('2026-05-13T09:00:00Z', '2026-05-20T10:00:00Z', '2026-05-22T10:00:00Z', '2026-05-26T09:00:00Z'),
    });
    // A penalty on a service of no provider organisation: nobody's portal shows it.
    notMine = await caseWithPenalty(t, clock, {
      serviceUrl: 'https://elsewhere.example/',
      penaltyPence: 180_000_000, // 1% of £18m (revenue not established)
      penaltyCalculation: { revenueEstablished: false, seriousness: 'low' },
      at: at('2026-05-13T09:00:00Z', '2026-05-20T10:00:00Z', '2026-05-22T10:00:00Z', '2026-05-26T09:00:00Z'),
    });
  });
  afterAll(async () => t?.close());

  it('shows the provider its penalty with the calculation as recorded, the due date and nothing paid yet', async () => {
    clock.set('2026-06-01T09:00:00Z');
    const res = await get(t, providerA, '/api/v1/provider/penalties');
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe('2026-06-01');
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      id: mine.penaltyId,
      caseReference: mine.reference,
      serviceName: 'DemoTube',
      decidedOn: '2026-05-26',
      status: 'due',
      penaltyPence: PENALTY,
      penalty: '£37,500,000.00',
      dueOn: '2026-06-25',
      paidPence: 0,
      outstandingPence: PENALTY,
      outstanding: '£37,500,000.00',
      daily: { ratePence: 1_000_000, rate: '£10,000.00', startsOn: '2026-06-26', daysAccrued: 0, accruedPence: 0, running: true },
      payments: [],
    });
    const recorded = (await get(t, 'analyst@demo.test', `/api/v1/penalties/${mine.penaltyId}`)).body;
    const steps = res.body.items[0].steps as Record<string, unknown>[];
    expect(steps.map(({ amount, change, ...step }) => step)).toEqual(recorded.steps);
    expect(steps.at(-1)).toMatchObject({ name: 'settlement_discount', amountPence: PENALTY, amount: '£37,500,000.00' });
  });

  it('shows the right figures after a payment is recorded, and a daily penalty once it accrues', async () => {
    clock.set('2026-06-10T12:00:00Z');
    const paid = await post('officer@demo.test', `/api/v1/penalties/${mine.penaltyId}/payments`, { amountPence: 1_000_000_000, receivedOn: '2026-06-09', reference: 'BACS 7781-22' });
    expect(paid.status).toBe(201);
    let res = await get(t, providerA, `/api/v1/provider/penalties/${mine.penaltyId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'part_paid',
      paidPence: 1_000_000_000,
      paid: '£10,000,000.00',
      outstandingPence: PENALTY - 1_000_000_000,
      outstanding: '£27,500,000.00',
      payments: [{ receivedOn: '2026-06-09', amountPence: 1_000_000_000, amount: '£10,000,000.00' }],
    });

    clock.set('2026-06-30T12:00:00Z'); // 26–30 June accrued: 5 days at £10,000, and past the due date
    res = await get(t, providerA, `/api/v1/provider/penalties/${mine.penaltyId}`);
    expect(res.body).toMatchObject({
      status: 'overdue',
      daily: { daysAccrued: 5, accruedPence: 5_000_000, accrued: '£50,000.00', running: true },
      totalDuePence: PENALTY + 5_000_000,
      outstandingPence: PENALTY + 5_000_000 - 1_000_000_000,
      outstanding: '£27,550,000.00',
    });
  });

  it('shows a referral for recovery as a status only, with nothing internal to the regulator', async () => {
    const referred = await post('decider@demo.test', `/api/v1/penalties/${mine.penaltyId}/recovery-referral`, { reason: 'Debt team: chase through the county court.' });
    expect(referred.status).toBe(200);
    const res = await get(t, providerA, `/api/v1/provider/penalties/${mine.penaltyId}`);
    expect(res.body.status).toBe('referred_for_recovery');
    for (const internal of ['referral', 'recordedBy', 'auditReference', 'inputs', 'caseId', 'compliance', 'policyVersion']) expect(res.body).not.toHaveProperty(internal);
    const text = JSON.stringify(res.body);
    for (const secret of ['Debt team', 'officer@demo.test', 'decider@demo.test', 'BACS 7781-22']) expect(text).not.toContain(secret);
  });

  it("gives another provider an empty list and a 404 for the first provider's penalty", async () => {
    const list = await get(t, providerB, '/api/v1/provider/penalties');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const other = await get(t, providerB, `/api/v1/provider/penalties/${mine.penaltyId}`);
    expect(other.status).toBe(404);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.body.code).toBe('PENALTY_ASSESSMENT_NOT_FOUND');
  });

  it('never lists a penalty on a service of no provider organisation, and answers 404 for it and for a missing id', async () => {
    const list = await get(t, providerA, '/api/v1/provider/penalties');
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([mine.penaltyId]);
    for (const id of [notMine.penaltyId, '00000000-0000-4000-8000-000000000000']) {
      const res = await get(t, providerA, `/api/v1/provider/penalties/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('PENALTY_ASSESSMENT_NOT_FOUND');
    }
  });

  it("refuses the regulator's penalty routes to a provider, and the provider's to the regulator", async () => {
    const read = await get(t, providerA, `/api/v1/penalties/${mine.penaltyId}`);
    expect(read.status).toBe(403);
    expect(read.body.code).toBe('FORBIDDEN_ROLE');
    const pay = await post(providerA, `/api/v1/penalties/${mine.penaltyId}/payments`, { amountPence: 1, receivedOn: '2026-06-30', reference: 'x' });
    expect(pay.status).toBe(403);
    const officer = await get(t, 'officer@demo.test', '/api/v1/provider/penalties');
    expect(officer.status).toBe(403);
  });

  it('answers 400 INVALID_ID for an id that is not a UUID', async () => {
    const res = await get(t, providerA, '/api/v1/provider/penalties/not-an-id');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ID');
  });

  it('documents both routes in OpenAPI', async () => {
    const docs = (await t.http().get('/api/docs-json')).body;
    expect(docs.paths['/api/v1/provider/penalties'].get.tags).toEqual(['provider penalties']);
    expect(docs.paths['/api/v1/provider/penalties/{id}'].get.responses['200'].content['application/json'].schema.$ref).toMatch(/ProviderPenaltyResponse$/);
    expect(Object.keys(docs.components.schemas.ProviderPenaltyResponse.properties)).toEqual(expect.arrayContaining(['caseReference', 'serviceName', 'penaltyPence', 'penalty', 'steps', 'dueOn', 'paidPence', 'outstandingPence', 'daily', 'status', 'payments']));
  });
});
