import { DomainError, type FieldError } from '@app/core';
import { addCalendarMonths, formatDay, parseDay } from './legal-dates.js';
import { formatBasisPoints, formatPence, mulDivCeil, mulDivFloor, parseDecimal, percentToBasisPoints, TEN_THOUSAND, toSafeInteger } from './money.js';
import {
  assertValidPolicy,
  DEFAULT_PENALTY_POLICY,
  SERIOUSNESS_LEVELS,
  STATUTORY_FIXED_MAXIMUM_PENCE,
  STATUTORY_REVENUE_SHARE_BASIS_POINTS,
  type PenaltyPolicy,
  type Seriousness,
} from './penalty-policy.js';

export const PERSON_TYPES = ['provider', 'non_provider'] as const;
export type PersonType = (typeof PERSON_TYPES)[number];

/** How the revenue figure was arrived at. The regulator's figure prevails where the provider disagrees. */
export const REVENUE_BASES = ['provider_figure', 'regulator_estimate', 'group_revenue'] as const;
export type RevenueBasis = (typeof REVENUE_BASES)[number];

export const AGGRAVATING_FACTORS = [
  'harm_caused',
  'children_affected',
  'financial_gain',
  'intentional_or_reckless',
  'senior_management_knowledge',
  'previous_contraventions',
  'lack_of_cooperation',
  'other',
] as const;
export const MITIGATING_FACTORS = ['preventive_steps', 'cooperation', 'remediation', 'uk_users_blocked', 'self_reported', 'other'] as const;
export type AggravatingFactor = (typeof AGGRAVATING_FACTORS)[number];
export type MitigatingFactor = (typeof MITIGATING_FACTORS)[number];

/** Largest revenue accepted, £10 trillion: keeps every step an exact JSON integer. */
export const MAX_REVENUE_PENCE = 1_000_000_000_000_000n;
export const MAX_FACTORS_PER_KIND = 10;
const MAX_TEXT = 500;

export interface PenaltyFactorInput<F extends string = string> {
  factor: F;
  /** Percentage of the adjusted starting point, at most two decimal places. */
  percent: number;
  description?: string;
}

export interface PenaltyInput {
  /** Default `provider`. A person who is not a provider (e.g. a third party given an information notice) faces £18m at most. */
  personType?: PersonType;
  /** `false` when there is no complete accounting period or the revenue has not been established. */
  revenueEstablished?: boolean;
  /** Default `provider_figure`. */
  revenueBasis?: RevenueBasis;
  /** Qualifying worldwide revenue in pence, when in pounds sterling. */
  qualifyingWorldwideRevenuePence?: number;
  /** ISO 4217 code; default GBP. */
  revenueCurrency?: string;
  /** Revenue in the minor unit of `revenueCurrency` (cents...), when not in pounds sterling. */
  qualifyingWorldwideRevenueMinorUnits?: number;
  /** Pounds sterling for one unit of `revenueCurrency`, as a decimal ("0.7893"). */
  conversionRate?: string | number;
  conversionRateDate?: string;
  conversionRateSource?: string;
  /** The most recent complete accounting period (both days included). Periods not of 12 months are pro-rated. */
  accountingPeriod?: { startsOn: string; endsOn: string };
  seriousness?: Seriousness;
  /** How long the contravention lasted, in whole months. */
  contraventionMonths?: number;
  /** The decision maker's own starting point, replacing the seriousness-based one. */
  startingPointOverride?: { amountPence: number; reason: string };
  aggravatingFactors?: PenaltyFactorInput<AggravatingFactor>[];
  mitigatingFactors?: PenaltyFactorInput<MitigatingFactor>[];
  deterrence?: { percent: number; reason: string };
  settlementDiscountPercent?: number;
  dailyPenalty?: {
    ratePence: number;
    /** First day the daily penalty accrues. */
    startsOn: string;
    /** Last day it may accrue; default and latest: the policy's maximum number of days. */
    longStopOn?: string;
    /** The day the provider complied: that day and later do not accrue. */
    compliedOn?: string;
  };
  /** The day the running total of a daily penalty is wanted for; without it, the total at the end. */
  asOf?: string;
}

export interface PenaltyStep {
  name: 'starting_point' | 'duration' | 'aggravating_factor' | 'mitigating_factor' | 'deterrence' | 'statutory_cap' | 'settlement_discount';
  description: string;
  /** The amount after this step. */
  amountPence: number;
  /** What this step changed: amountPence minus the previous step's amountPence. */
  changePence: number;
  /** Why, with the figures, so a person can check the arithmetic. */
  basis: string;
  factor?: string;
}

export interface RevenueDetermination {
  established: boolean;
  basis: RevenueBasis | null;
  currency: string;
  amountMinorUnits: number | null;
  conversionRate: string | null;
  conversionRateDate: string | null;
  conversionRateSource: string | null;
  /** The revenue in pence for the accounting period, before pro-rating. */
  periodRevenuePence: number | null;
  accountingPeriod: { startsOn: string; endsOn: string; days: number; months: number | null } | null;
  /** Qualifying worldwide revenue for a year: what the statutory maximum and the starting point use. */
  qualifyingWorldwideRevenuePence: number | null;
  explanation: string[];
}

export interface DailyPenaltyCalculation {
  ratePence: number;
  startsOn: string;
  longStopOn: string;
  maxDays: number;
  maximumTotalPence: number;
  compliedOn: string | null;
  asOf: string | null;
  /** The last day counted in the total, or null when none is. */
  lastAccruedOn: string | null;
  daysAccrued: number;
  accruedPence: number;
  status: 'not_started' | 'running' | 'ended_by_compliance' | 'ended_at_long_stop';
  explanation: string[];
}

export interface PenaltyCalculation {
  policyVersion: string;
  rounding: string;
  personType: PersonType;
  revenue: RevenueDetermination;
  statutoryMaximumPence: number;
  statutoryMaximumBasis: string;
  steps: PenaltyStep[];
  penaltyPence: number;
  dailyPenalty: DailyPenaltyCalculation | null;
  /** The single amount plus the most the daily penalty can reach: never above the statutory maximum. */
  maximumExposurePence: number;
}

export const ROUNDING_RULE =
  'Amounts are whole pence computed exactly with integers; every increase is rounded down and every reduction rounded up to the penny, so rounding never goes against the person penalised.';

/** Collects every problem with the input, so one answer names every bad field. */
class Problems {
  readonly list: FieldError[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
  throwIfAny(): void {
    if (this.list.length > 0) {
      throw new DomainError('VALIDATION_FAILED', this.list.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: this.list });
    }
  }
}

const given = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;
const isWhole = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;

function text(problems: Problems, field: string, value: unknown, required: boolean): string | undefined {
  if (!given(value) || (typeof value === 'string' && value.trim() === '')) {
    if (required) problems.add(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string' || value.length > MAX_TEXT) {
    problems.add(field, `must be text of at most ${MAX_TEXT} characters`);
    return undefined;
  }
  return value.trim();
}

function date(problems: Problems, field: string, value: unknown): number | undefined {
  if (!given(value)) return undefined;
  const day = parseDay(value);
  if (day === undefined) problems.add(field, 'must be a calendar date YYYY-MM-DD');
  return day;
}

function percent(problems: Problems, field: string, value: unknown, max: number): number | undefined {
  const bp = typeof value === 'number' ? percentToBasisPoints(value) : undefined;
  if (bp === undefined || bp < 0 || bp > max * 100) {
    problems.add(field, `must be a percentage from 0 to ${max} with at most two decimal places`);
    return undefined;
  }
  return bp;
}

function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

function formatMinorUnits(amount: bigint, currency: string, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const whole = (amount / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return digits === 0 ? `${currency} ${whole}` : `${currency} ${whole}.${(amount % scale).toString().padStart(digits, '0')}`;
}

function formatMultiplier(basisPoints: bigint): string {
  const whole = basisPoints / TEN_THOUSAND;
  const fraction = (basisPoints % TEN_THOUSAND).toString().padStart(4, '0').replace(/0+$/, '');
  return `×${whole}${fraction ? `.${fraction}` : ''}`;
}

const FACTOR_WORDS: Record<AggravatingFactor | MitigatingFactor, string> = {
  harm_caused: 'actual or potential harm caused',
  children_affected: 'children were affected',
  financial_gain: 'the provider gained from the contravention',
  intentional_or_reckless: 'the contravention was intentional or reckless',
  senior_management_knowledge: 'senior management knew',
  previous_contraventions: 'history of contraventions',
  lack_of_cooperation: 'lack of cooperation',
  preventive_steps: 'steps taken to prevent the contravention',
  cooperation: 'cooperation with the investigation',
  remediation: 'remediation',
  uk_users_blocked: 'UK users blocked after the investigation opened',
  self_reported: 'the provider reported the contravention itself',
  other: 'other factor',
};

interface Revenue {
  determination: RevenueDetermination;
  /** Annualised qualifying worldwide revenue, when established for a provider. */
  qwr: bigint | undefined;
}

/**
 * The statutory maximum (Schedule 13) and the Penalty Guidelines as ordered, recorded steps:
 * starting point by seriousness, duration, aggravating then mitigating factors, deterrence, the cap
 * at the statutory maximum (less what a daily penalty can add), then the settlement discount. Pure:
 * no clock, no database; every figure is integer pence computed with BigInt.
 */
export class PenaltyCalculator {
  constructor(readonly policy: PenaltyPolicy = DEFAULT_PENALTY_POLICY) {
    assertValidPolicy(policy);
    const worstMultiplier =
      (BigInt(Math.max(...Object.values(policy.startingPointBasisPoints))) + STATUTORY_REVENUE_SHARE_BASIS_POINTS) *
      BigInt(policy.maxDurationMultiplierBasisPoints) *
      BigInt(100 + MAX_FACTORS_PER_KIND * policy.maxFactorPercent) *
      BigInt(100 + policy.maxDeterrenceUpliftPercent);
    if ((MAX_REVENUE_PENCE * worstMultiplier) / (TEN_THOUSAND * TEN_THOUSAND * 100n * 100n) > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new Error('The penalty policy allows amounts beyond exact JSON integers: lower its percentages');
    }
  }

  calculate(input: PenaltyInput): PenaltyCalculation {
    const problems = new Problems();
    const personType = input.personType ?? 'provider';
    if (!(PERSON_TYPES as readonly string[]).includes(personType)) problems.add('personType', `must be one of ${PERSON_TYPES.join(', ')}`);
    const asOf = date(problems, 'asOf', input.asOf);
    const revenue = this.revenue(input, personType, problems);
    problems.throwIfAny();

    const maximum = this.statutoryMaximum(personType, revenue.qwr, revenue.determination.established);
    const daily = this.dailyPenalty(input, asOf, maximum.pence, problems);
    const steps = this.steps(input, revenue, maximum.pence, daily, problems);
    problems.throwIfAny();

    const penalty = BigInt((steps[steps.length - 1] as PenaltyStep).amountPence);
    return {
      policyVersion: this.policy.version,
      rounding: ROUNDING_RULE,
      personType,
      revenue: revenue.determination,
      statutoryMaximumPence: toSafeInteger(maximum.pence),
      statutoryMaximumBasis: maximum.basis,
      steps,
      penaltyPence: toSafeInteger(penalty),
      dailyPenalty: daily?.calculation ?? null,
      maximumExposurePence: toSafeInteger(penalty + (daily?.exposure ?? 0n)),
    };
  }

  private revenue(input: PenaltyInput, personType: PersonType, problems: Problems): Revenue {
    const currency = input.revenueCurrency ?? 'GBP';
    const knownCurrency = typeof currency === 'string' && Intl.supportedValuesOf('currency').includes(currency);
    if (!knownCurrency) problems.add('revenueCurrency', 'must be an ISO 4217 currency code in capitals, such as GBP, USD or EUR');
    const foreign = knownCurrency && currency !== 'GBP';
    const hasPence = given(input.qualifyingWorldwideRevenuePence);
    const hasMinor = given(input.qualifyingWorldwideRevenueMinorUnits);
    const revenueField = foreign ? 'qualifyingWorldwideRevenueMinorUnits' : 'qualifyingWorldwideRevenuePence';

    if (given(input.revenueEstablished) && typeof input.revenueEstablished !== 'boolean') problems.add('revenueEstablished', 'must be true or false');
    if (input.revenueEstablished === false && (hasPence || hasMinor)) {
      problems.add(revenueField, 'must be left out when revenueEstablished is false');
    }
    if (input.revenueEstablished === true && !hasPence && !hasMinor) {
      problems.add(revenueField, 'is required when revenueEstablished is true (or set revenueEstablished to false)');
    }
    const basis = input.revenueBasis ?? 'provider_figure';
    if (!(REVENUE_BASES as readonly string[]).includes(basis)) problems.add('revenueBasis', `must be one of ${REVENUE_BASES.join(', ')}`);

    const rate = given(input.conversionRate) ? parseDecimal(String(input.conversionRate)) : undefined;
    const rateDate = date(problems, 'conversionRateDate', input.conversionRateDate);
    const rateSource = text(problems, 'conversionRateSource', input.conversionRateSource, false);
    if (given(input.conversionRate) && (!rate || rate.numerator === 0n)) {
      problems.add('conversionRate', 'must be a positive decimal number of pounds sterling per unit of the currency, such as "0.7893"');
    }
    if (foreign) {
      if (hasPence) problems.add('qualifyingWorldwideRevenuePence', `must be left out for revenue in ${currency}: give qualifyingWorldwideRevenueMinorUnits and a conversion rate`);
      if (hasMinor && !given(input.conversionRate)) problems.add('conversionRate', `is required to convert revenue in ${currency} to pounds sterling`);
      if (hasMinor && !given(input.conversionRateDate)) problems.add('conversionRateDate', `is required: the date of the ${currency} to GBP rate used`);
    } else if (knownCurrency) {
      if (hasMinor) problems.add('qualifyingWorldwideRevenueMinorUnits', 'is only for revenue in another currency: give revenue in pounds sterling as qualifyingWorldwideRevenuePence');
      if (given(input.conversionRate)) problems.add('conversionRate', 'is only for revenue in another currency than GBP');
      if (given(input.conversionRateDate)) problems.add('conversionRateDate', 'is only for revenue in another currency than GBP');
    }
    if (hasPence && !isWhole(input.qualifyingWorldwideRevenuePence, 0, Number(MAX_REVENUE_PENCE))) {
      problems.add('qualifyingWorldwideRevenuePence', `must be a whole number of pence from 0 to ${MAX_REVENUE_PENCE}`);
    }
    if (hasMinor && !isWhole(input.qualifyingWorldwideRevenueMinorUnits, 0, Number.MAX_SAFE_INTEGER)) {
      problems.add('qualifyingWorldwideRevenueMinorUnits', 'must be a whole number of minor units (cents...) from 0');
    }
    const period = this.accountingPeriod(input, problems);

    const established = input.revenueEstablished !== false && (hasPence || hasMinor);
    const unestablished: RevenueDetermination = {
      established: false,
      basis: null,
      currency: knownCurrency ? currency : 'GBP',
      amountMinorUnits: null,
      conversionRate: null,
      conversionRateDate: null,
      conversionRateSource: null,
      periodRevenuePence: null,
      accountingPeriod: null,
      qualifyingWorldwideRevenuePence: null,
      explanation: ['Qualifying worldwide revenue is not established (no complete accounting period, or the figure has not been determined).'],
    };
    if (!established || problems.list.length > 0) return { determination: unestablished, qwr: undefined };

    const explanation: string[] = [];
    let periodPence: bigint;
    if (foreign) {
      const digits = minorUnitDigits(currency);
      const minor = BigInt(input.qualifyingWorldwideRevenueMinorUnits as number);
      const { numerator, denominator } = rate as { numerator: bigint; denominator: bigint };
      periodPence = mulDivFloor(minor, numerator * 100n, denominator * 10n ** BigInt(digits));
      explanation.push(
        `${formatMinorUnits(minor, currency, digits)} converted at ${String(input.conversionRate)} GBP per ${currency} ` +
          `(rate of ${formatDay(rateDate as number)}${rateSource ? `, ${rateSource}` : ''}) = ${formatPence(periodPence)}, rounded down to the penny.`,
      );
    } else {
      periodPence = BigInt(input.qualifyingWorldwideRevenuePence as number);
    }
    explanation.unshift(
      {
        provider_figure: `Revenue for the accounting period: the provider's figure.`,
        regulator_estimate: `Revenue for the accounting period: the regulator's estimate (it prevails where the provider disagrees, and is used for a first accounting period not yet ended).`,
        group_revenue: `Revenue for the accounting period: the group's revenue, as group undertakings are jointly and severally liable.`,
      }[basis],
    );

    let qwr = periodPence;
    if (!period) {
      explanation.push(`No accounting period given: ${formatPence(periodPence)} is taken as the revenue of a 12-month period.`);
    } else if (period.months === 12) {
      explanation.push(`The accounting period ${period.startsOn} to ${period.endsOn} is 12 months: no pro-rating.`);
    } else if (period.months !== null) {
      qwr = mulDivFloor(periodPence, 12n, BigInt(period.months));
      explanation.push(
        `The accounting period ${period.startsOn} to ${period.endsOn} is ${period.months} calendar months, not 12: ` +
          `${formatPence(periodPence)} × 12/${period.months} = ${formatPence(qwr)} for a year, rounded down to the penny.`,
      );
    } else {
      qwr = mulDivFloor(periodPence, 365n, BigInt(period.days));
      explanation.push(
        `The accounting period ${period.startsOn} to ${period.endsOn} is ${period.days} days, not 12 months: ` +
          `${formatPence(periodPence)} × 365/${period.days} = ${formatPence(qwr)} for a year, rounded down to the penny.`,
      );
    }
    if (qwr > MAX_REVENUE_PENCE) {
      problems.add(revenueField, `gives a yearly revenue above the largest this calculator accepts (${formatPence(MAX_REVENUE_PENCE)})`);
      return { determination: unestablished, qwr: undefined };
    }
    if (personType === 'non_provider') explanation.push('The person is not a provider: its revenue does not set the maximum.');
    return {
      qwr: personType === 'provider' ? qwr : undefined,
      determination: {
        established: true,
        basis,
        currency,
        amountMinorUnits: foreign ? (input.qualifyingWorldwideRevenueMinorUnits as number) : null,
        conversionRate: foreign ? String(input.conversionRate) : null,
        conversionRateDate: foreign ? formatDay(rateDate as number) : null,
        conversionRateSource: foreign ? (rateSource ?? null) : null,
        periodRevenuePence: toSafeInteger(periodPence),
        accountingPeriod: period ?? null,
        qualifyingWorldwideRevenuePence: toSafeInteger(qwr),
        explanation,
      },
    };
  }

  /** The period's length in days, and in calendar months when it is a whole number of them. */
  private accountingPeriod(input: PenaltyInput, problems: Problems): RevenueDetermination['accountingPeriod'] | undefined {
    if (!given(input.accountingPeriod)) return undefined;
    const start = date(problems, 'accountingPeriod.startsOn', input.accountingPeriod.startsOn);
    const end = date(problems, 'accountingPeriod.endsOn', input.accountingPeriod.endsOn);
    if (!given(input.accountingPeriod.startsOn)) problems.add('accountingPeriod.startsOn', 'is required');
    if (!given(input.accountingPeriod.endsOn)) problems.add('accountingPeriod.endsOn', 'is required');
    if (start === undefined || end === undefined) return undefined;
    if (end < start) {
      problems.add('accountingPeriod.endsOn', 'must not be before accountingPeriod.startsOn');
      return undefined;
    }
    if (end >= addCalendarMonths(start, 24)) {
      problems.add('accountingPeriod.endsOn', 'must be less than 24 months after accountingPeriod.startsOn');
      return undefined;
    }
    let months: number | null = null;
    for (let n = 1; n <= 24; n += 1) {
      if (addCalendarMonths(start, n) - 1 === end) months = n;
    }
    return { startsOn: formatDay(start), endsOn: formatDay(end), days: end - start + 1, months };
  }

  private statutoryMaximum(personType: PersonType, qwr: bigint | undefined, established: boolean): { pence: bigint; basis: string } {
    const fixed = formatPence(STATUTORY_FIXED_MAXIMUM_PENCE);
    if (personType === 'non_provider') {
      return { pence: STATUTORY_FIXED_MAXIMUM_PENCE, basis: `The person is not a provider of a regulated service: the maximum is ${fixed}.` };
    }
    if (qwr === undefined || !established) {
      return { pence: STATUTORY_FIXED_MAXIMUM_PENCE, basis: `Qualifying worldwide revenue is not established: the maximum is ${fixed}.` };
    }
    const share = mulDivFloor(qwr, STATUTORY_REVENUE_SHARE_BASIS_POINTS, TEN_THOUSAND);
    const pence = share > STATUTORY_FIXED_MAXIMUM_PENCE ? share : STATUTORY_FIXED_MAXIMUM_PENCE;
    return {
      pence,
      basis:
        `The greater of ${fixed} and 10% of qualifying worldwide revenue ` +
        `(${formatPence(qwr)} × 10% = ${formatPence(share)}, rounded down to the penny): ${formatPence(pence)}.`,
    };
  }

  private dailyPenalty(
    input: PenaltyInput,
    asOf: number | undefined,
    maximum: bigint,
    problems: Problems,
  ): { calculation: DailyPenaltyCalculation; exposure: bigint } | undefined {
    const daily = input.dailyPenalty;
    if (!given(daily)) return undefined;
    const maxDays = this.policy.maxDailyPenaltyDays;
    if (!isWhole(daily.ratePence, 1, Number(STATUTORY_FIXED_MAXIMUM_PENCE) * 1000)) problems.add('dailyPenalty.ratePence', 'must be a whole number of pence above 0');
    if (!given(daily.startsOn)) problems.add('dailyPenalty.startsOn', 'is required');
    const start = date(problems, 'dailyPenalty.startsOn', daily.startsOn);
    const longStop = date(problems, 'dailyPenalty.longStopOn', daily.longStopOn);
    const complied = date(problems, 'dailyPenalty.compliedOn', daily.compliedOn);
    if (start === undefined || problems.list.length > 0) return undefined;
    if (longStop !== undefined && longStop < start) problems.add('dailyPenalty.longStopOn', 'must not be before dailyPenalty.startsOn');
    if (longStop !== undefined && longStop - start + 1 > maxDays) {
      problems.add('dailyPenalty.longStopOn', `must be within ${maxDays} days of dailyPenalty.startsOn (the policy's longest daily penalty), so at latest ${formatDay(start + maxDays - 1)}`);
    }
    if (problems.list.length > 0) return undefined;

    const rate = BigInt(daily.ratePence);
    const lastDay = longStop ?? start + maxDays - 1;
    const days = lastDay - start + 1;
    const exposure = rate * BigInt(days);
    if (exposure > maximum) {
      problems.add(
        'dailyPenalty.ratePence',
        `${formatPence(rate)} a day for up to ${days} days (${formatPence(exposure)}) would exceed the statutory maximum of ${formatPence(maximum)}`,
      );
      return undefined;
    }

    const endedByCompliance = complied !== undefined && complied <= lastDay;
    const finalDay = endedByCompliance ? (complied as number) - 1 : lastDay;
    const countedTo = asOf !== undefined && asOf < finalDay ? asOf : finalDay;
    const daysAccrued = Math.max(0, countedTo - start + 1);
    const accrued = rate * BigInt(daysAccrued);
    const status: DailyPenaltyCalculation['status'] =
      asOf !== undefined && asOf < start
        ? 'not_started'
        : asOf !== undefined && asOf <= finalDay
          ? 'running'
          : endedByCompliance
            ? 'ended_by_compliance'
            : 'ended_at_long_stop';
    const explanation = [
      `${formatPence(rate)} a day from ${formatDay(start)} until compliance, ${longStop === undefined ? `for at most ${maxDays} days (the policy's longest), so` : 'or'} ` +
        `until the long-stop date ${formatDay(lastDay)} at the latest (${days} calendar days): at most ${formatPence(exposure)}.`,
      'A daily penalty accrues for every calendar day, weekends and bank holidays included.',
    ];
    if (endedByCompliance) explanation.push(`The provider complied on ${formatDay(complied as number)}: that day and later do not accrue.`);
    explanation.push(
      `${asOf !== undefined ? `As of ${formatDay(asOf)}` : 'In all'}: ${daysAccrued} day${daysAccrued === 1 ? '' : 's'} accrued = ${formatPence(accrued)}.`,
    );
    return {
      exposure,
      calculation: {
        ratePence: toSafeInteger(rate),
        startsOn: formatDay(start),
        longStopOn: formatDay(lastDay),
        maxDays: days,
        maximumTotalPence: toSafeInteger(exposure),
        compliedOn: complied === undefined ? null : formatDay(complied),
        asOf: asOf === undefined ? null : formatDay(asOf),
        lastAccruedOn: daysAccrued > 0 ? formatDay(start + daysAccrued - 1) : null,
        daysAccrued,
        accruedPence: toSafeInteger(accrued),
        status,
        explanation,
      },
    };
  }

  private steps(
    input: PenaltyInput,
    revenue: Revenue,
    maximum: bigint,
    daily: { calculation: DailyPenaltyCalculation; exposure: bigint } | undefined,
    problems: Problems,
  ): PenaltyStep[] {
    const policy = this.policy;
    const steps: PenaltyStep[] = [];
    let amount = 0n;
    const record = (step: Omit<PenaltyStep, 'amountPence' | 'changePence'>, next: bigint): void => {
      steps.push({ ...step, amountPence: toSafeInteger(next), changePence: toSafeInteger(next - amount) });
      amount = next;
    };

    // 1. Starting point: the decision maker's figure, or a share of revenue by seriousness.
    const override = input.startingPointOverride;
    if (given(input.seriousness) && !(SERIOUSNESS_LEVELS as readonly string[]).includes(input.seriousness)) {
      problems.add('seriousness', `must be one of ${SERIOUSNESS_LEVELS.join(', ')}`);
    }
    if (given(override)) {
      const reason = text(problems, 'startingPointOverride.reason', override.reason, true);
      if (!isWhole(override.amountPence, 0, Number(maximum))) {
        problems.add('startingPointOverride.amountPence', `must be a whole number of pence from 0 to the statutory maximum ${formatPence(maximum)}`);
      } else {
        record(
          {
            name: 'starting_point',
            description: 'Starting point set by the decision maker',
            basis: `Set by the decision maker${given(input.seriousness) ? ` in place of the seriousness-based starting point` : ''}: ${reason ?? ''}`,
          },
          BigInt(override.amountPence),
        );
      }
    } else if (given(input.seriousness) && problems.list.length === 0) {
      const share = BigInt(policy.startingPointBasisPoints[input.seriousness]);
      const base = revenue.qwr ?? STATUTORY_FIXED_MAXIMUM_PENCE * 10n;
      const baseWords =
        revenue.qwr !== undefined
          ? `qualifying worldwide revenue ${formatPence(base)}`
          : `${formatPence(base)}, the revenue at which 10% equals the ${formatPence(STATUTORY_FIXED_MAXIMUM_PENCE)} maximum, as qualifying worldwide revenue does not apply here ` +
            `(state a starting point where that is not appropriate)`;
      record(
        {
          name: 'starting_point',
          description: `Starting point for a contravention of ${input.seriousness.replace('_', ' ')} seriousness`,
          basis: `${formatBasisPoints(share)} of ${baseWords} = ${formatPence(mulDivFloor(base, share, TEN_THOUSAND))}, rounded down to the penny.`,
        },
        mulDivFloor(base, share, TEN_THOUSAND),
      );
    } else if (!given(input.seriousness)) {
      record(
        {
          name: 'starting_point',
          description: 'No starting point',
          basis: 'No seriousness was assessed and no starting point given: only the statutory maximum is calculated.',
        },
        0n,
      );
    }

    // 2. Duration.
    const months = input.contraventionMonths;
    if (given(months) && !isWhole(months, 0, 1200)) problems.add('contraventionMonths', 'must be a whole number of months from 0 to 1200');
    const factorsValid = this.validateFactors('aggravatingFactors', input.aggravatingFactors, AGGRAVATING_FACTORS, problems);
    const mitigationValid = this.validateFactors('mitigatingFactors', input.mitigatingFactors, MITIGATING_FACTORS, problems);
    const deterrence = given(input.deterrence)
      ? {
          bp: percent(problems, 'deterrence.percent', input.deterrence.percent, policy.maxDeterrenceUpliftPercent),
          reason: text(problems, 'deterrence.reason', input.deterrence.reason, true),
        }
      : undefined;
    const discount = given(input.settlementDiscountPercent)
      ? percent(problems, 'settlementDiscountPercent', input.settlementDiscountPercent, policy.maxSettlementDiscountPercent)
      : undefined;
    if (problems.list.length > 0 || steps.length === 0) return steps;

    if (!given(months)) {
      record({ name: 'duration', description: 'Duration of the contravention', basis: 'Duration not stated: the starting point is not adjusted.' }, amount);
    } else {
      const further = Math.max(0, Math.floor((months - policy.durationMonthsWithoutUplift) / policy.durationUpliftEveryMonths));
      const uncapped = TEN_THOUSAND + BigInt(further) * BigInt(policy.durationUpliftBasisPoints);
      const multiplier = uncapped < BigInt(policy.maxDurationMultiplierBasisPoints) ? uncapped : BigInt(policy.maxDurationMultiplierBasisPoints);
      record(
        {
          name: 'duration',
          description: 'Duration of the contravention',
          basis:
            `The contravention lasted ${months} month${months === 1 ? '' : 's'}. Up to ${policy.durationMonthsWithoutUplift} months takes the starting point as it is; ` +
            `each further complete ${policy.durationUpliftEveryMonths} months adds ${formatBasisPoints(policy.durationUpliftBasisPoints)}, up to ` +
            `${formatMultiplier(BigInt(policy.maxDurationMultiplierBasisPoints))}: ${formatMultiplier(multiplier)}, rounded down to the penny.`,
        },
        mulDivFloor(amount, multiplier, TEN_THOUSAND),
      );
    }

    // 3–4. Aggravating then mitigating factors, each a share of the adjusted starting point.
    const adjusted = amount;
    for (const factor of factorsValid) {
      const increase = mulDivFloor(adjusted, factor.bp, TEN_THOUSAND);
      record(
        {
          name: 'aggravating_factor',
          factor: factor.factor,
          description: `Aggravating: ${FACTOR_WORDS[factor.factor as AggravatingFactor]}`,
          basis: `+${formatBasisPoints(factor.bp)} of the adjusted starting point ${formatPence(adjusted)}${factor.description ? ` (${factor.description})` : ''}, rounded down to the penny.`,
        },
        amount + increase,
      );
    }
    for (const factor of mitigationValid) {
      const reduction = mulDivCeil(adjusted, factor.bp, TEN_THOUSAND);
      const floored = reduction > amount;
      record(
        {
          name: 'mitigating_factor',
          factor: factor.factor,
          description: `Mitigating: ${FACTOR_WORDS[factor.factor as MitigatingFactor]}`,
          basis:
            `-${formatBasisPoints(factor.bp)} of the adjusted starting point ${formatPence(adjusted)}${factor.description ? ` (${factor.description})` : ''}, rounded up to the penny` +
            `${floored ? '; the amount cannot fall below £0.00' : ''}.`,
        },
        floored ? 0n : amount - reduction,
      );
    }

    // 5. Deterrence.
    if (deterrence?.bp !== undefined) {
      const bp = BigInt(deterrence.bp);
      record(
        {
          name: 'deterrence',
          description: 'Uplift so that the penalty deters',
          basis: `+${formatBasisPoints(bp)} of ${formatPence(amount)}: ${deterrence.reason ?? ''}. Rounded down to the penny.`,
        },
        amount + mulDivFloor(amount, bp, TEN_THOUSAND),
      );
    }

    // 6. The cap: the single amount and the most the daily penalty can reach stay within the maximum.
    const exposure = daily?.exposure ?? 0n;
    const limit = maximum - exposure;
    const limitWords =
      exposure > 0n
        ? `The statutory maximum ${formatPence(maximum)} less the most the daily penalty can reach (${formatPence(exposure)}): ${formatPence(limit)}.`
        : `The statutory maximum: ${formatPence(maximum)}.`;
    record(
      {
        name: 'statutory_cap',
        description: 'Cap at the statutory maximum',
        basis: `${limitWords} ${amount > limit ? `${formatPence(amount)} is above it and is reduced to it.` : `${formatPence(amount)} is within it.`}`,
      },
      amount > limit ? limit : amount,
    );

    // 7. Settlement discount, on the capped amount.
    if (discount !== undefined) {
      const bp = BigInt(discount);
      record(
        {
          name: 'settlement_discount',
          description: 'Settlement discount',
          basis:
            `The provider admitted the contravention and accepted the streamlined process: -${formatBasisPoints(bp)} of ${formatPence(amount)} ` +
            `(policy maximum ${policy.maxSettlementDiscountPercent}%), rounded up to the penny.`,
        },
        amount - mulDivCeil(amount, bp, TEN_THOUSAND),
      );
    }
    return steps;
  }

  private validateFactors(
    field: string,
    factors: PenaltyFactorInput[] | undefined,
    allowed: readonly string[],
    problems: Problems,
  ): { factor: string; bp: bigint; description: string | undefined }[] {
    if (!given(factors)) return [];
    if (!Array.isArray(factors) || factors.length > MAX_FACTORS_PER_KIND) {
      problems.add(field, `must be a list of at most ${MAX_FACTORS_PER_KIND} factors`);
      return [];
    }
    const seen = new Set<string>();
    return factors.flatMap((factor, index) => {
      const at = `${field}.${index}`;
      if (!given(factor) || typeof factor !== 'object') {
        problems.add(at, 'must be a factor with a percentage');
        return [];
      }
      if (!allowed.includes(factor.factor)) problems.add(`${at}.factor`, `must be one of ${allowed.join(', ')}`);
      else if (factor.factor !== 'other' && seen.has(factor.factor)) problems.add(`${at}.factor`, 'is listed twice: give each factor once');
      seen.add(factor.factor);
      const bp = percent(problems, `${at}.percent`, factor.percent, this.policy.maxFactorPercent);
      const description = text(problems, `${at}.description`, factor.description, factor.factor === 'other');
      return bp === undefined ? [] : [{ factor: factor.factor, bp: BigInt(bp), description }];
    });
  }
}
