import { formatDay, parseDay } from '../legal-dates.js';
import { formatPence } from '../money.js';

export const PENALTY_STATUSES = ['due', 'part_paid', 'paid', 'overdue', 'referred_for_recovery'] as const;
export type PenaltyStatus = (typeof PENALTY_STATUSES)[number];

/** What the account of one penalty needs: the recorded amounts and dates, the payments, the later facts. */
export interface PenaltyAccountFacts {
  penaltyPence: bigint;
  dueOn: string;
  daily: { ratePence: bigint; startsOn: string; longStopOn: string } | null;
  /** The day the provider complied: that day and later do not accrue. */
  compliedOn: string | null;
  referred: boolean;
  payments: readonly { amountPence: bigint }[];
}

export interface DailyAccrual {
  ratePence: number;
  startsOn: string;
  longStopOn: string;
  compliedOn: string | null;
  daysAccrued: number;
  accruedPence: number;
  /** Whether more days can still accrue after `asOf`. */
  running: boolean;
  lastAccruedOn: string | null;
}

export interface PenaltyAccount {
  asOf: string;
  penaltyPence: number;
  daily: DailyAccrual | null;
  /** The single amount plus what the daily penalty has accrued by `asOf`. */
  totalDuePence: number;
  paidPence: number;
  outstandingPence: number;
  dueOn: string;
  status: PenaltyStatus;
  explanation: string[];
}

const day = (value: string): number => {
  const parsed = parseDay(value);
  if (parsed === undefined) throw new RangeError(`${value} is not a calendar date`);
  return parsed;
};

/**
 * Days a daily penalty has accrued by `asOf` (included): every calendar day from its start until the
 * day before compliance or the long-stop date, whichever comes first (as the calculator counts them).
 */
export function dailyAccrual(daily: NonNullable<PenaltyAccountFacts['daily']>, compliedOn: string | null, asOf: string): DailyAccrual {
  const start = day(daily.startsOn);
  const longStop = day(daily.longStopOn);
  const complied = compliedOn === null ? undefined : day(compliedOn);
  const finalDay = complied !== undefined ? Math.min(longStop, complied - 1) : longStop;
  const lastCounted = Math.min(finalDay, day(asOf));
  const daysAccrued = Math.max(0, lastCounted - start + 1);
  return {
    ratePence: Number(daily.ratePence),
    startsOn: daily.startsOn,
    longStopOn: daily.longStopOn,
    compliedOn,
    daysAccrued,
    accruedPence: Number(daily.ratePence * BigInt(daysAccrued)),
    running: day(asOf) < finalDay,
    lastAccruedOn: daysAccrued > 0 ? formatDay(start + daysAccrued - 1) : null,
  };
}

/**
 * Where a penalty stands on a day: what is owed, paid and outstanding, and its status. Paid when
 * nothing is outstanding and no daily penalty can still accrue; referred for recovery once referred
 * while anything is outstanding; overdue when anything is outstanding after the due date; part paid
 * when something was paid; otherwise due. Amounts a daily penalty accrues share the due date of the
 * single amount.
 */
export function penaltyAccount(facts: PenaltyAccountFacts, asOf: string): PenaltyAccount {
  const daily = facts.daily ? dailyAccrual(facts.daily, facts.compliedOn, asOf) : null;
  const total = facts.penaltyPence + BigInt(daily?.accruedPence ?? 0);
  const paid = facts.payments.reduce((sum, p) => sum + p.amountPence, 0n);
  const outstanding = total - paid;
  const stillAccruing = daily?.running === true;
  const status: PenaltyStatus =
    outstanding <= 0n && !stillAccruing
      ? 'paid'
      : outstanding > 0n && facts.referred
        ? 'referred_for_recovery'
        : outstanding > 0n && day(asOf) > day(facts.dueOn)
          ? 'overdue'
          : paid > 0n
            ? 'part_paid'
            : 'due';
  const explanation = [`The penalty of ${formatPence(facts.penaltyPence)} is due by ${facts.dueOn}.`];
  if (daily) {
    explanation.push(
      `The daily penalty of ${formatPence(daily.ratePence)} a day from ${daily.startsOn} has accrued ${daily.daysAccrued} day${daily.daysAccrued === 1 ? '' : 's'} ` +
        `(${formatPence(daily.accruedPence)}) as of ${asOf}; it ${daily.running ? 'is still running' : 'has stopped'}` +
        `${daily.compliedOn ? ` (the provider complied on ${daily.compliedOn})` : ''}, at the latest on ${daily.longStopOn}.`,
    );
  }
  explanation.push(`Paid ${formatPence(paid)} of ${formatPence(total)}: ${formatPence(outstanding > 0n ? outstanding : 0n)} outstanding.`);
  return {
    asOf,
    penaltyPence: Number(facts.penaltyPence),
    daily,
    totalDuePence: Number(total),
    paidPence: Number(paid),
    outstandingPence: Number(outstanding > 0n ? outstanding : 0n),
    dueOn: facts.dueOn,
    status,
    explanation,
  };
}
