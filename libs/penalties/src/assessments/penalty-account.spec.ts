import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatDay, parseDay } from '../legal-dates.js';
import { PenaltyCalculator } from '../penalty-calculator.js';
import { dailyAccrual, penaltyAccount, type PenaltyAccountFacts } from './penalty-account.js';

const facts = (extra: Partial<PenaltyAccountFacts> = {}): PenaltyAccountFacts => ({
  penaltyPence: 100_000n,
  dueOn: '2026-06-25',
  daily: null,
  compliedOn: null,
  referred: false,
  payments: [],
  ...extra,
});

describe('where a penalty stands on a day', () => {
  it.each([
    ['nothing paid before the due date', facts(), '2026-06-25', 'due', 100_000],
    ['part paid before the due date', facts({ payments: [{ amountPence: 40_000n }] }), '2026-06-20', 'part_paid', 60_000],
    ['part paid after the due date', facts({ payments: [{ amountPence: 40_000n }] }), '2026-06-26', 'overdue', 60_000],
    ['nothing paid the day after the due date', facts(), '2026-06-26', 'overdue', 100_000],
    ['referred for recovery with something outstanding', facts({ referred: true }), '2026-07-30', 'referred_for_recovery', 100_000],
    ['paid in two parts', facts({ payments: [{ amountPence: 40_000n }, { amountPence: 60_000n }] }), '2026-07-30', 'paid', 0],
    ['paid after a referral', facts({ referred: true, payments: [{ amountPence: 100_000n }] }), '2026-07-30', 'paid', 0],
  ] as const)('%s', (_name, input, asOf, status, outstanding) => {
    const account = penaltyAccount(input, asOf);
    expect(account.status).toBe(status);
    expect(account.outstandingPence).toBe(outstanding);
    expect(account.explanation.join(' ')).toContain('outstanding');
  });

  it('adds what a daily penalty has accrued, and is not paid while it still runs', () => {
    const daily = { ratePence: 1_000n, startsOn: '2026-05-30', longStopOn: '2026-06-28' };
    // 30 and 31 May (a Sunday), then 1 and 2 June: four days across a month end.
    const account = penaltyAccount(facts({ daily, payments: [{ amountPence: 104_000n }] }), '2026-06-02');
    expect(account).toMatchObject({ totalDuePence: 104_000, outstandingPence: 0, status: 'part_paid', daily: { daysAccrued: 4, running: true } });
    expect(penaltyAccount(facts({ daily, compliedOn: '2026-06-03', payments: [{ amountPence: 104_000n }] }), '2026-06-10').status).toBe('paid');
  });

  it('counts daily penalties the way the calculator does, over bank holidays and month ends', () => {
    const calculator = new PenaltyCalculator();
    const start = parseDay('2026-05-01') as number;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 60 }), fc.option(fc.integer({ min: -5, max: 90 })), fc.integer({ min: -10, max: 120 }), (offset, days, compliedAfter, asOfAfter) => {
        const startsOn = formatDay(start + offset);
        const longStopOn = formatDay(start + offset + days - 1);
        const compliedOn = compliedAfter === null ? undefined : formatDay(start + offset + compliedAfter);
        const asOf = formatDay(start + offset + asOfAfter);
        const expected = calculator.calculate({ revenueEstablished: false, dailyPenalty: { ratePence: 1_000, startsOn, longStopOn, compliedOn }, asOf }).dailyPenalty;
        const accrued = dailyAccrual({ ratePence: 1_000n, startsOn, longStopOn }, compliedOn ?? null, asOf);
        expect(accrued.daysAccrued).toBe(expected?.daysAccrued);
        expect(accrued.accruedPence).toBe(expected?.accruedPence);
        expect(accrued.lastAccruedOn).toBe(expected?.lastAccruedOn);
      }),
    );
  });

  it('never shows more outstanding than is due, nor less than nothing', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.array(fc.bigInt({ min: 1n, max: 10n ** 11n }), { maxLength: 5 }), (penalty, paid) => {
        const account = penaltyAccount(facts({ penaltyPence: penalty, payments: paid.map((amountPence) => ({ amountPence })) }), '2026-06-01');
        expect(account.outstandingPence).toBeGreaterThanOrEqual(0);
        expect(account.outstandingPence).toBeLessThanOrEqual(account.totalDuePence);
        expect(account.outstandingPence === 0).toBe(account.status === 'paid');
      }),
    );
  });
});
