import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, type TestApp } from '@app/testing';

const URL = '/api/v1/penalties/calculate';

describe('POST /api/v1/penalties/calculate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
    t.clock.set('2026-06-01T23:30:00Z'); // already 2 June in the UK (BST)
  });
  afterAll(async () => t.close());

  const asDecider = async (body: unknown) =>
    t
      .http()
      .post(URL)
      .set('Authorization', `Bearer ${await t.token('decider@demo.test')}`)
      .send(body as object);

  it('asks anonymous callers to sign in', async () => {
    const res = await t.http().post(URL).send({ qualifyingWorldwideRevenuePence: 0 });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it.each(['provider@demo.test', 'body@demo.test'])('refuses %s: only the regulator calculates penalties', async (email) => {
    const res = await t
      .http()
      .post(URL)
      .set('Authorization', `Bearer ${await t.token(email)}`)
      .send({ qualifyingWorldwideRevenuePence: 0 });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN_ROLE');
  });

  it.each(['admin@demo.test', 'officer@demo.test', 'decider@demo.test', 'analyst@demo.test'])('calculates for %s', async (email) => {
    const res = await t
      .http()
      .post(URL)
      .set('Authorization', `Bearer ${await t.token(email)}`)
      .send({ qualifyingWorldwideRevenuePence: 18_000_000_010 });
    expect(res.status).toBe(200);
    expect(res.body.statutoryMaximumPence).toBe(1_800_000_001);
  });

  it('answers the statutory maximum, the steps and the penalty, as integer pence', async () => {
    const res = await asDecider({
      qualifyingWorldwideRevenuePence: 100_000_000_000,
      revenueBasis: 'regulator_estimate',
      accountingPeriod: { startsOn: '2025-07-01', endsOn: '2025-12-31' },
      seriousness: 'high',
      contraventionMonths: 9,
      aggravatingFactors: [{ factor: 'children_affected', percent: 25, description: 'children used the service' }],
      mitigatingFactors: [{ factor: 'uk_users_blocked', percent: 12.5 }],
      settlementDiscountPercent: 25,
    });
    expect(res.status).toBe(200);
    // £1bn for 6 months → £2bn a year → maximum £200m; 5% → £100m; +25% → £125m; −12.5% → £112.5m; −25% → £84.375m.
    expect(res.body).toMatchObject({ statutoryMaximumPence: 20_000_000_000, penaltyPence: 8_437_500_000 });
    expect(res.body.revenue).toMatchObject({ basis: 'regulator_estimate', qualifyingWorldwideRevenuePence: 200_000_000_000 });
    expect(res.body.steps.map((s: { name: string }) => s.name)).toEqual([
      'starting_point',
      'duration',
      'aggravating_factor',
      'mitigating_factor',
      'statutory_cap',
      'settlement_discount',
    ]);
    for (const step of res.body.steps) {
      expect(step).toEqual(
        expect.objectContaining({ name: expect.any(String), description: expect.any(String), basis: expect.any(String), amountPence: expect.any(Number), changePence: expect.any(Number) }),
      );
      expect(Number.isInteger(step.amountPence)).toBe(true);
    }
  });

  it('counts a daily penalty up to today (UK) by default', async () => {
    const res = await asDecider({ revenueEstablished: false, dailyPenalty: { ratePence: 50_000, startsOn: '2026-05-20' } });
    expect(res.status).toBe(200);
    expect(res.body.dailyPenalty).toMatchObject({ asOf: '2026-06-02', daysAccrued: 14, accruedPence: 700_000, status: 'running', longStopOn: '2026-07-18' });
    expect(res.body.maximumExposurePence).toBe(3_000_000);
  });

  it.each([
    ['negative revenue', { qualifyingWorldwideRevenuePence: -5 }, 'qualifyingWorldwideRevenuePence'],
    ['revenue that is not a whole number of pence', { qualifyingWorldwideRevenuePence: 12.5 }, 'qualifyingWorldwideRevenuePence'],
    ['revenue beyond exact JSON integers', { qualifyingWorldwideRevenuePence: 1e20 }, 'qualifyingWorldwideRevenuePence'],
    ['a foreign currency without a conversion rate', { revenueCurrency: 'USD', qualifyingWorldwideRevenueMinorUnits: 1_000, conversionRateDate: '2025-12-31' }, 'conversionRate'],
    ['a conversion rate that is not a number', { revenueCurrency: 'USD', qualifyingWorldwideRevenueMinorUnits: 1_000, conversionRate: 'lots', conversionRateDate: '2025-12-31' }, 'conversionRate'],
    ['a percentage above 100', { seriousness: 'low', aggravatingFactors: [{ factor: 'financial_gain', percent: 101 }] }, 'aggravatingFactors.0.percent'],
    ['a settlement discount above the policy maximum', { seriousness: 'low', settlementDiscountPercent: 40 }, 'settlementDiscountPercent'],
    ['an unknown seriousness', { seriousness: 'catastrophic' }, 'seriousness'],
    ['a date that does not exist', { dailyPenalty: { ratePence: 100, startsOn: '2026-02-30' } }, 'dailyPenalty.startsOn'],
    ['a long-stop date beyond 60 days', { dailyPenalty: { ratePence: 100, startsOn: '2026-05-20', longStopOn: '2026-09-01' } }, 'dailyPenalty.longStopOn'],
    ['an unknown field', { qualifyingWorldwideRevenuePence: 0, turnover: 5 }, 'turnover'],
  ])('answers 422 naming the field for %s', async (_name, body, field) => {
    const res = await asDecider(body);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('is documented in the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.body.paths['/api/v1/penalties/calculate'].post).toBeDefined();
  });
});
