import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from '@app/core';
import { MAX_REVENUE_PENCE, PenaltyCalculator, type PenaltyCalculation, type PenaltyInput } from './penalty-calculator.js';
import { DEFAULT_PENALTY_POLICY, SERIOUSNESS_LEVELS } from './penalty-policy.js';

const calculator = new PenaltyCalculator();
const calculate = (input: PenaltyInput): PenaltyCalculation => calculator.calculate(input);
const M18 = 1_800_000_000;
const pounds = (n: number): number => n * 100;

function fieldErrors(input: PenaltyInput): string[] {
  try {
    calculate(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return ((error as DomainError).extras.errors ?? []).map((e) => e.field);
  }
  throw new Error('expected the input to be refused');
}

describe('the statutory maximum', () => {
  it.each([
    ['revenue of zero', { qualifyingWorldwideRevenuePence: 0 }, M18],
    ['exactly £180m (10% is exactly £18m)', { qualifyingWorldwideRevenuePence: pounds(180_000_000) }, M18],
    ['10p below £180m', { qualifyingWorldwideRevenuePence: pounds(180_000_000) - 10 }, M18],
    ['10p above £180m', { qualifyingWorldwideRevenuePence: pounds(180_000_000) + 10 }, 1_800_000_001],
    ['19p above £180m (10% rounded down to the penny)', { qualifyingWorldwideRevenuePence: pounds(180_000_000) + 19 }, 1_800_000_001],
    ['£500bn, exactly, without floating-point error', { qualifyingWorldwideRevenuePence: pounds(500_000_000_000) }, pounds(50_000_000_000)],
    ['£123,456,789,012.34 (10% to the penny)', { qualifyingWorldwideRevenuePence: 12_345_678_901_234 }, 1_234_567_890_123],
    ['revenue missing', {}, M18],
    ['revenue not established', { revenueEstablished: false }, M18],
    ['a person who is not a provider, whatever its revenue', { personType: 'non_provider', qualifyingWorldwideRevenuePence: pounds(10_000_000_000) }, M18],
    ['group revenue for joint and several liability', { revenueBasis: 'group_revenue', qualifyingWorldwideRevenuePence: pounds(2_000_000_000) }, pounds(200_000_000)],
  ] as [string, PenaltyInput, number][])('%s', (_name, input, expected) => {
    const result = calculate(input);
    expect(result.statutoryMaximumPence).toBe(expected);
    expect(result.statutoryMaximumBasis).toMatch(/£/);
  });

  it('pro-rates a 6-month accounting period to a year', () => {
    const result = calculate({
      qualifyingWorldwideRevenuePence: pounds(150_000_000),
      accountingPeriod: { startsOn: '2025-01-01', endsOn: '2025-06-30' },
    });
    expect(result.revenue).toMatchObject({ periodRevenuePence: pounds(150_000_000), qualifyingWorldwideRevenuePence: pounds(300_000_000) });
    expect(result.revenue.accountingPeriod).toEqual({ startsOn: '2025-01-01', endsOn: '2025-06-30', days: 181, months: 6 });
    expect(result.statutoryMaximumPence).toBe(pounds(30_000_000));
    expect(result.revenue.explanation.join(' ')).toContain('× 12/6');
  });

  it('takes a 12-month period in a leap year as it is, and pro-rates an 18-month one down', () => {
    const leap = calculate({ qualifyingWorldwideRevenuePence: pounds(300_000_000), accountingPeriod: { startsOn: '2024-01-01', endsOn: '2024-12-31' } });
    expect(leap.revenue.qualifyingWorldwideRevenuePence).toBe(pounds(300_000_000));
    const long = calculate({ qualifyingWorldwideRevenuePence: pounds(450_000_000), accountingPeriod: { startsOn: '2024-07-01', endsOn: '2025-12-31' } });
    expect(long.revenue.qualifyingWorldwideRevenuePence).toBe(pounds(300_000_000));
  });

  it('pro-rates a period of odd length by days, rounding down', () => {
    const result = calculate({ qualifyingWorldwideRevenuePence: 262_000_000_01, accountingPeriod: { startsOn: '2025-01-15', endsOn: '2025-10-03' } });
    expect(result.revenue.accountingPeriod?.days).toBe(262);
    expect(result.revenue.qualifyingWorldwideRevenuePence).toBe(Number((26_200_000_001n * 365n) / 262n));
  });

  it('converts revenue in another currency at the stated rate and date', () => {
    const usd = calculate({
      revenueCurrency: 'USD',
      qualifyingWorldwideRevenueMinorUnits: 100_000_000_000,
      conversionRate: '0.79',
      conversionRateDate: '2025-12-31',
      conversionRateSource: 'Bank of England spot rate',
    });
    expect(usd.revenue).toMatchObject({ currency: 'USD', conversionRate: '0.79', conversionRateDate: '2025-12-31', qualifyingWorldwideRevenuePence: pounds(790_000_000) });
    expect(usd.statutoryMaximumPence).toBe(pounds(79_000_000));
    expect(usd.revenue.explanation.join(' ')).toContain('USD 1,000,000,000.00 converted at 0.79 GBP per USD');

    const yen = calculate({ revenueCurrency: 'JPY', qualifyingWorldwideRevenueMinorUnits: 100_000_000_000, conversionRate: 0.0052, conversionRateDate: '2025-12-31' });
    expect(yen.revenue.qualifyingWorldwideRevenuePence).toBe(pounds(520_000_000));
  });

  it('refuses foreign revenue without a rate or its date, and revenue below zero', () => {
    expect(fieldErrors({ revenueCurrency: 'EUR', qualifyingWorldwideRevenueMinorUnits: 5_000 })).toEqual(['conversionRate', 'conversionRateDate']);
    expect(fieldErrors({ revenueCurrency: 'EUR', qualifyingWorldwideRevenuePence: 5_000, conversionRate: '0.85', conversionRateDate: '2025-12-31' })).toEqual([
      'qualifyingWorldwideRevenuePence',
    ]);
    expect(fieldErrors({ qualifyingWorldwideRevenuePence: -1 })).toEqual(['qualifyingWorldwideRevenuePence']);
    expect(fieldErrors({ qualifyingWorldwideRevenuePence: 10.5 })).toEqual(['qualifyingWorldwideRevenuePence']);
    expect(fieldErrors({ revenueCurrency: 'XYZ' })).toEqual(['revenueCurrency']);
    expect(fieldErrors({ revenueEstablished: false, qualifyingWorldwideRevenuePence: 1 })).toEqual(['qualifyingWorldwideRevenuePence']);
    expect(fieldErrors({ qualifyingWorldwideRevenuePence: 1, accountingPeriod: { startsOn: '2025-02-30', endsOn: '2025-01-01' } })).toEqual([
      'accountingPeriod.startsOn',
    ]);
    expect(fieldErrors({ qualifyingWorldwideRevenuePence: Number(MAX_REVENUE_PENCE) + 1 })).toEqual(['qualifyingWorldwideRevenuePence']);
  });
});

describe('the penalty, step by step', () => {
  it('follows the guidelines in order and shows every figure', () => {
    const result = calculate({
      qualifyingWorldwideRevenuePence: pounds(1_000_000_000),
      seriousness: 'high',
      contraventionMonths: 18,
      aggravatingFactors: [{ factor: 'children_affected', percent: 20, description: 'under-13s exposed' }],
      mitigatingFactors: [{ factor: 'cooperation', percent: 10 }],
      deterrence: { percent: 10, reason: 'a large provider' },
      settlementDiscountPercent: 25,
    });
    expect(result.statutoryMaximumPence).toBe(pounds(100_000_000));
    expect(result.steps.map((s) => [s.name, s.amountPence, s.changePence])).toEqual([
      ['starting_point', pounds(50_000_000), pounds(50_000_000)],
      ['duration', pounds(75_000_000), pounds(25_000_000)],
      ['aggravating_factor', pounds(90_000_000), pounds(15_000_000)],
      ['mitigating_factor', pounds(82_500_000), -pounds(7_500_000)],
      ['deterrence', pounds(90_750_000), pounds(8_250_000)],
      ['statutory_cap', pounds(90_750_000), 0],
      ['settlement_discount', pounds(68_062_500), -pounds(22_687_500)],
    ]);
    expect(result.penaltyPence).toBe(pounds(68_062_500));
    expect(result.steps[0]?.basis).toBe('5% of qualifying worldwide revenue £1,000,000,000.00 = £50,000,000.00, rounded down to the penny.');
    expect(result.steps[1]?.basis).toContain('×1.5');
    expect(result.steps[2]).toMatchObject({ factor: 'children_affected' });
    expect(result.steps[2]?.basis).toContain('under-13s exposed');
    expect(result.policyVersion).toBe(DEFAULT_PENALTY_POLICY.version);
  });

  it('caps at the statutory maximum before the settlement discount', () => {
    const result = calculate({
      qualifyingWorldwideRevenuePence: pounds(200_000_000),
      seriousness: 'very_high',
      aggravatingFactors: [{ factor: 'children_affected', percent: 50 }],
      settlementDiscountPercent: 25,
    });
    const [, , , cap, discount] = result.steps;
    expect(cap).toMatchObject({ name: 'statutory_cap', amountPence: pounds(20_000_000), changePence: -pounds(4_000_000) });
    expect(discount).toMatchObject({ name: 'settlement_discount', amountPence: pounds(15_000_000) });
    expect(result.penaltyPence).toBe(pounds(15_000_000));
  });

  it('rounds reductions up and increases down, in the provider’s favour', () => {
    const result = calculate({
      qualifyingWorldwideRevenuePence: 0,
      startingPointOverride: { amountPence: 1_001, reason: 'precedent: a comparable small service' },
      aggravatingFactors: [{ factor: 'harm_caused', percent: 12.5 }],
      mitigatingFactors: [{ factor: 'remediation', percent: 33.33 }],
      settlementDiscountPercent: 25,
    });
    // 1,001 → +125.125 rounded down to 125 → 1,126 → −333.6333 rounded up to 334 → 792 → cap → −198 → 594.
    expect(result.steps.map((s) => s.amountPence)).toEqual([1_001, 1_001, 1_126, 792, 792, 594]);
    expect(result.steps[0]?.basis).toContain('precedent: a comparable small service');
  });

  it('never lets mitigation take the amount below zero', () => {
    const result = calculate({
      qualifyingWorldwideRevenuePence: pounds(10_000_000),
      seriousness: 'low',
      mitigatingFactors: [
        { factor: 'remediation', percent: 80 },
        { factor: 'uk_users_blocked', percent: 60 },
      ],
    });
    expect(result.penaltyPence).toBe(0);
    expect(result.steps[3]?.basis).toContain('cannot fall below £0.00');
  });

  it('uses £180m as the base of the starting point when revenue is not established', () => {
    const result = calculate({ seriousness: 'very_high' });
    expect(result.steps[0]?.amountPence).toBe(pounds(14_400_000));
    expect(result.steps[0]?.basis).toContain('state a starting point');
  });

  it('only calculates the maximum when no seriousness is assessed', () => {
    const result = calculate({ qualifyingWorldwideRevenuePence: pounds(500_000_000) });
    expect(result.penaltyPence).toBe(0);
    expect(result.steps.map((s) => s.name)).toEqual(['starting_point', 'duration', 'statutory_cap']);
  });

  it('names each field that is out of range', () => {
    expect(fieldErrors({ seriousness: 'high', aggravatingFactors: [{ factor: 'financial_gain', percent: 150 }] })).toEqual(['aggravatingFactors.0.percent']);
    expect(fieldErrors({ seriousness: 'high', mitigatingFactors: [{ factor: 'cooperation', percent: -1 }] })).toEqual(['mitigatingFactors.0.percent']);
    expect(fieldErrors({ seriousness: 'high', settlementDiscountPercent: 30 })).toEqual(['settlementDiscountPercent']);
    expect(fieldErrors({ seriousness: 'high', settlementDiscountPercent: 10.125 })).toEqual(['settlementDiscountPercent']);
    expect(fieldErrors({ seriousness: 'high', deterrence: { percent: 101, reason: 'x' } })).toEqual(['deterrence.percent']);
    expect(fieldErrors({ seriousness: 'high', deterrence: { percent: 10, reason: ' ' } })).toEqual(['deterrence.reason']);
    expect(fieldErrors({ seriousness: 'high', aggravatingFactors: [{ factor: 'other', percent: 5 }] })).toEqual(['aggravatingFactors.0.description']);
    expect(
      fieldErrors({
        seriousness: 'high',
        aggravatingFactors: [
          { factor: 'financial_gain', percent: 5 },
          { factor: 'financial_gain', percent: 5 },
        ],
      }),
    ).toEqual(['aggravatingFactors.1.factor']);
    expect(fieldErrors({ startingPointOverride: { amountPence: M18 + 1, reason: 'too much' } })).toEqual(['startingPointOverride.amountPence']);
    expect(fieldErrors({ seriousness: 'extreme' as never })).toEqual(['seriousness']);
    expect(fieldErrors({ contraventionMonths: -2, seriousness: 'low' })).toEqual(['contraventionMonths']);
  });
});

describe('daily penalties', () => {
  const daily = (extra: Partial<NonNullable<PenaltyInput['dailyPenalty']>> = {}, asOf?: string) =>
    calculate({ revenueEstablished: false, dailyPenalty: { ratePence: pounds(1_000), startsOn: '2026-05-20', ...extra }, asOf }).dailyPenalty;

  it('accrue for every calendar day, across a bank holiday and a month end', () => {
    // 25 May 2026 is a bank holiday; 31 May a Sunday: both count.
    expect(daily({}, '2026-06-02')).toMatchObject({
      longStopOn: '2026-07-18',
      maxDays: 60,
      maximumTotalPence: pounds(60_000),
      daysAccrued: 14,
      accruedPence: pounds(14_000),
      lastAccruedOn: '2026-06-02',
      status: 'running',
    });
  });

  it('stop the day the provider complies', () => {
    expect(daily({ compliedOn: '2026-06-01' }, '2026-06-30')).toMatchObject({
      daysAccrued: 12,
      accruedPence: pounds(12_000),
      lastAccruedOn: '2026-05-31',
      status: 'ended_by_compliance',
    });
  });

  it('stop at the long-stop date, which may not be more than 60 days on', () => {
    expect(daily({ longStopOn: '2026-06-30' }, '2026-12-31')).toMatchObject({ daysAccrued: 42, status: 'ended_at_long_stop', maxDays: 42 });
    expect(daily({}, '2027-01-01')).toMatchObject({ daysAccrued: 60, accruedPence: pounds(60_000), status: 'ended_at_long_stop' });
    expect(fieldErrors({ dailyPenalty: { ratePence: 100, startsOn: '2026-05-20', longStopOn: '2026-07-19' } })).toEqual(['dailyPenalty.longStopOn']);
  });

  it('have accrued nothing before they start', () => {
    expect(daily({}, '2026-05-19')).toMatchObject({ daysAccrued: 0, accruedPence: 0, lastAccruedOn: null, status: 'not_started' });
  });

  it('keep the single amount and the most the daily rate can reach within the maximum together', () => {
    const result = calculate({ seriousness: 'very_high', dailyPenalty: { ratePence: pounds(100_000), startsOn: '2026-06-12' }, asOf: '2026-06-11' });
    expect(result.steps.find((s) => s.name === 'statutory_cap')).toMatchObject({ amountPence: pounds(12_000_000) });
    expect(result.maximumExposurePence).toBe(M18);
    expect(fieldErrors({ dailyPenalty: { ratePence: pounds(400_000), startsOn: '2026-06-12' } })).toEqual(['dailyPenalty.ratePence']);
  });
});

describe('properties of every calculation', () => {
  const factor = <F extends string>(codes: readonly F[]) =>
    fc.uniqueArray(
      fc.record({ factor: fc.constantFrom(...codes.filter((c) => c !== 'other')), percent: fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100) }),
      { maxLength: 5, selector: (f) => f.factor },
    );
  const day = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);
  // Revenue for an accounting period of `days` days, small enough that a year of it stays within the accepted range.
  const revenueForPeriod = fc
    .tuple(fc.integer({ min: 19_000, max: 21_000 }), fc.integer({ min: 1, max: 700 }))
    .chain(([start, days]) =>
      fc
        .oneof(fc.integer({ min: 0, max: 40_000_000_000 }), fc.integer({ min: 0, max: Math.min(Number(MAX_REVENUE_PENCE), Math.floor((Number(MAX_REVENUE_PENCE) / 372) * days)) }))
        .map((revenue) => ({ revenue, period: { startsOn: day(start), endsOn: day(start + days - 1) } })),
    );
  const guidelineInputs: fc.Arbitrary<PenaltyInput> = fc.record(
    {
      personType: fc.constantFrom('provider' as const, 'non_provider' as const),
      seriousness: fc.constantFrom(...SERIOUSNESS_LEVELS),
      contraventionMonths: fc.integer({ min: 0, max: 120 }),
      aggravatingFactors: factor(['harm_caused', 'children_affected', 'financial_gain', 'intentional_or_reckless', 'previous_contraventions'] as const),
      mitigatingFactors: factor(['preventive_steps', 'cooperation', 'remediation', 'uk_users_blocked'] as const),
      deterrence: fc.record({ percent: fc.integer({ min: 0, max: 100 }), reason: fc.constant('deterrence') }),
      settlementDiscountPercent: fc.integer({ min: 0, max: 2_500 }).map((bp) => bp / 100),
      dailyPenalty: fc.record({ ratePence: fc.integer({ min: 1, max: 30_000_000 }), startsOn: fc.constant('2026-05-20') }),
      asOf: fc.constantFrom('2026-05-01', '2026-06-02', '2026-12-31'),
    },
    { requiredKeys: [] },
  );
  const inputs: fc.Arbitrary<PenaltyInput> = fc
    .tuple(revenueForPeriod, fc.boolean(), fc.boolean())
    .chain(([{ revenue, period }, withRevenue, withPeriod]) =>
      guidelineInputs.map((rest) => ({
        ...rest,
        ...(withRevenue ? { qualifyingWorldwideRevenuePence: revenue } : {}),
        ...(withRevenue && withPeriod ? { accountingPeriod: period } : {}),
      })),
    );

  it('never exceeds the statutory maximum, which is never below £18m', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const result = calculate(input);
        expect(result.statutoryMaximumPence).toBeGreaterThanOrEqual(M18);
        expect(result.penaltyPence).toBeGreaterThanOrEqual(0);
        expect(result.penaltyPence).toBeLessThanOrEqual(result.statutoryMaximumPence);
        expect(result.maximumExposurePence).toBeLessThanOrEqual(result.statutoryMaximumPence);
      }),
      { numRuns: 500 },
    );
  });

  it('chains the steps: each amount is the previous amount plus its change, in whole pence', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const result = calculate(input);
        let previous = 0;
        for (const step of result.steps) {
          expect(Number.isSafeInteger(step.amountPence) && Number.isSafeInteger(step.changePence)).toBe(true);
          expect(step.amountPence).toBe(previous + step.changePence);
          expect(step.amountPence).toBeGreaterThanOrEqual(0);
          previous = step.amountPence;
        }
        expect(result.penaltyPence).toBe(previous);
        for (const value of [result.statutoryMaximumPence, result.maximumExposurePence, result.dailyPenalty?.accruedPence ?? 0]) {
          expect(Number.isSafeInteger(value)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('sets the maximum at the greater of £18m and 10% of revenue, exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number(MAX_REVENUE_PENCE) }), (revenue) => {
        const expected = BigInt(revenue) / 10n > 1_800_000_000n ? BigInt(revenue) / 10n : 1_800_000_000n;
        expect(BigInt(calculate({ qualifyingWorldwideRevenuePence: revenue }).statutoryMaximumPence)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('never lowers the maximum when revenue rises', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number(MAX_REVENUE_PENCE) }), fc.integer({ min: 0, max: Number(MAX_REVENUE_PENCE) }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(calculate({ qualifyingWorldwideRevenuePence: high }).statutoryMaximumPence).toBeGreaterThanOrEqual(
          calculate({ qualifyingWorldwideRevenuePence: low }).statutoryMaximumPence,
        );
      }),
    );
  });
});

describe('the policy', () => {
  it('refuses a policy whose percentages could overflow exact integers or break the rules', () => {
    expect(() => new PenaltyCalculator({ ...DEFAULT_PENALTY_POLICY, maxSettlementDiscountPercent: 120 })).toThrow(/maxSettlementDiscountPercent/);
    expect(
      () =>
        new PenaltyCalculator({
          ...DEFAULT_PENALTY_POLICY,
          startingPointBasisPoints: { low: 100, moderate: 1_000, high: 5_000, very_high: 10_000 },
          maxDurationMultiplierBasisPoints: 50_000,
        }),
    ).toThrow(/beyond exact JSON integers/);
  });
});
