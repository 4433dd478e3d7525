import type { FieldError } from '@app/core';
import { parseDay } from '../legal-dates.js';
import {
  AGGRAVATING_FACTORS,
  MITIGATING_FACTORS,
  PERSON_TYPES,
  REVENUE_BASES,
  type AggravatingFactor,
  type MitigatingFactor,
  type PenaltyFactorInput,
  type PenaltyInput,
} from '../penalty-calculator.js';
import { SERIOUSNESS_LEVELS, type Seriousness } from '../penalty-policy.js';

/**
 * The calculator page's form: flat HTML fields (amounts in pounds, dates as day, month and year) read
 * into the calculator's input, and the calculator's field names mapped back to the page's fields so
 * every problem shows beside the field it is about.
 */

export type FormBody = Record<string, unknown> | null | undefined;

export const DATE_FIELDS = ['periodStart', 'periodEnd', 'conversionRateDate', 'dailyStart', 'dailyLongStop', 'dailyComplied', 'asOf'] as const;
export type DateField = (typeof DATE_FIELDS)[number];

export const FACTOR_WORDS: Record<AggravatingFactor | MitigatingFactor, string> = {
  harm_caused: 'Actual or potential harm caused',
  children_affected: 'Children were affected',
  financial_gain: 'The provider gained from the contravention',
  intentional_or_reckless: 'Intentional or reckless',
  senior_management_knowledge: 'Senior management knew',
  previous_contraventions: 'History of contraventions',
  lack_of_cooperation: 'Lack of cooperation',
  preventive_steps: 'Steps taken to prevent the contravention',
  cooperation: 'Cooperation with the investigation',
  remediation: 'Remediation',
  uk_users_blocked: 'UK users blocked after the investigation opened',
  self_reported: 'The provider reported the contravention itself',
  other: 'Another factor',
};

export const SERIOUSNESS_WORDS: Record<Seriousness, string> = { low: 'Low', moderate: 'Moderate', high: 'High', very_high: 'Very high' };

/** What the page shows back in its fields: every value as typed. */
export type FormValues = Record<string, string>;

export interface ReadForm {
  values: FormValues;
  input: PenaltyInput;
  /** Problems found before calculating (amounts and dates that cannot be read), by page field. */
  errors: Map<string, string>;
  /** Calculator field (e.g. aggravatingFactors.2.percent) → page field. */
  fieldMap: Map<string, string>;
}

const text = (body: FormBody, name: string, max = 500): string => {
  const value = body?.[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
};

/** "£1,234,567.89" → 123456789 minor units (digits after the point as the currency has); undefined if not an amount. */
export function parseAmount(value: string, digits = 2): number | undefined {
  const cleaned = value.replace(/^£/, '').replace(/,/g, '').trim();
  const pattern = digits === 0 ? /^(\d{1,16})$/ : new RegExp(`^(\\d{1,16})(?:\\.(\\d{1,${digits}}))?$`);
  const match = pattern.exec(cleaned);
  if (!match) return undefined;
  const minor = BigInt(match[1] as string) * 10n ** BigInt(digits) + BigInt((match[2] ?? '').padEnd(digits, '0') || '0');
  return minor > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(minor);
}

/** "12.5" or "12.5%" → 12.5; undefined if not a number with at most two decimals. */
export function parsePercent(value: string): number | undefined {
  const match = /^(\d{1,3})(\.\d{1,2})?\s*%?$/.exec(value.trim());
  return match ? Number(`${match[1]}${match[2] ?? ''}`) : undefined;
}

function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Reads a GOV.UK date input (name-day, name-month, name-year): '' when all empty, undefined when not a date. */
function readDate(body: FormBody, name: string, values: FormValues): string | undefined | '' {
  const [d, m, y] = ['day', 'month', 'year'].map((part) => text(body, `${name}-${part}`, 4));
  values[`${name}-day`] = d as string;
  values[`${name}-month`] = m as string;
  values[`${name}-year`] = y as string;
  if (!d && !m && !y) return '';
  if (!/^\d{1,2}$/.test(d as string) || !/^\d{1,2}$/.test(m as string) || !/^\d{4}$/.test(y as string)) return undefined;
  const iso = `${y}-${(m as string).padStart(2, '0')}-${(d as string).padStart(2, '0')}`;
  return parseDay(iso) === undefined ? undefined : iso;
}

export const DATE_LABELS: Record<DateField, string> = {
  periodStart: 'Start of the accounting period',
  periodEnd: 'End of the accounting period',
  conversionRateDate: 'Date of the conversion rate',
  dailyStart: 'First day of the daily penalty',
  dailyLongStop: 'Long-stop date',
  dailyComplied: 'Date the provider complied',
  asOf: 'Running total as of',
};

export function readCalculatorForm(body: FormBody): ReadForm {
  const values: FormValues = {};
  const errors = new Map<string, string>();
  const fieldMap = new Map<string, string>();
  const input: PenaltyInput = {};
  const take = (name: string, max?: number): string => (values[name] = text(body, name, max));

  const personType = take('personType');
  if ((PERSON_TYPES as readonly string[]).includes(personType)) input.personType = personType as PenaltyInput['personType'];

  const established = take('revenueEstablished');
  if (established === 'no') input.revenueEstablished = false;
  else if (established === 'yes') input.revenueEstablished = true;
  else errors.set('revenueEstablished', 'Select whether qualifying worldwide revenue is established');

  const basis = take('revenueBasis');
  const currency = take('revenueCurrency', 3).toUpperCase() || 'GBP';
  values.revenueCurrency = currency;
  const amount = take('revenueAmount', 40);
  const rate = take('conversionRate', 30);
  const rateSource = take('conversionRateSource');
  const dates = Object.fromEntries(DATE_FIELDS.map((name) => [name, readDate(body, name, values)])) as Record<DateField, string | undefined | ''>;
  for (const name of DATE_FIELDS) {
    if (dates[name] === undefined) errors.set(name, `${DATE_LABELS[name]} must be a real date, for example 31 12 2025`);
  }

  if (input.revenueEstablished === true) {
    if ((REVENUE_BASES as readonly string[]).includes(basis)) input.revenueBasis = basis as PenaltyInput['revenueBasis'];
    input.revenueCurrency = currency;
    if (!amount) errors.set('revenueAmount', 'Enter the qualifying worldwide revenue, or select that it is not established');
    else {
      const minor = parseAmount(amount, minorDigits(currency));
      if (minor === undefined) errors.set('revenueAmount', 'Enter the revenue as an amount, for example 250,000,000.00');
      else if (currency === 'GBP') input.qualifyingWorldwideRevenuePence = minor;
      else input.qualifyingWorldwideRevenueMinorUnits = minor;
    }
    if (currency !== 'GBP') {
      if (rate) input.conversionRate = rate;
      else errors.set('conversionRate', `Enter the conversion rate: pounds sterling for one ${currency}`);
      if (dates.conversionRateDate) input.conversionRateDate = dates.conversionRateDate;
      else if (dates.conversionRateDate === '') errors.set('conversionRateDate', `Enter the date of the ${currency} to GBP rate`);
      if (rateSource) input.conversionRateSource = rateSource;
    }
    if (dates.periodStart || dates.periodEnd) {
      input.accountingPeriod = { startsOn: dates.periodStart || '', endsOn: dates.periodEnd || '' };
      if (dates.periodStart === '') errors.set('periodStart', 'Enter the start of the accounting period, or leave both dates empty');
      if (dates.periodEnd === '') errors.set('periodEnd', 'Enter the end of the accounting period, or leave both dates empty');
    }
  }

  const seriousness = take('seriousness');
  if ((SERIOUSNESS_LEVELS as readonly string[]).includes(seriousness)) input.seriousness = seriousness as Seriousness;
  const months = take('contraventionMonths', 10);
  if (months) {
    if (/^\d{1,4}$/.test(months)) input.contraventionMonths = Number(months);
    else errors.set('contraventionMonths', 'Enter the duration as a whole number of months, for example 9');
  }

  const overrideAmount = take('overrideAmount', 40);
  const overrideReason = take('overrideReason');
  if (overrideAmount || overrideReason) {
    const pence = parseAmount(overrideAmount);
    if (pence === undefined) errors.set('overrideAmount', 'Enter the starting point as an amount in pounds, for example 5,000,000');
    input.startingPointOverride = { amountPence: pence ?? 0, reason: overrideReason };
  }

  const factors = <F extends string>(kind: 'aggravating' | 'mitigating', all: readonly F[]): PenaltyFactorInput<F>[] => {
    const list: PenaltyFactorInput<F>[] = [];
    for (const factor of all) {
      const id = `${kind}-${factor}`;
      const raw = take(id, 10);
      const description = factor === 'other' ? take(`${id}-description`) : '';
      if (!raw && !description) continue;
      const percent = parsePercent(raw);
      if (percent === undefined) errors.set(id, `${FACTOR_WORDS[factor as AggravatingFactor]}: enter a percentage, for example 12.5`);
      const index = list.length;
      fieldMap.set(`${kind}Factors.${index}.percent`, id);
      fieldMap.set(`${kind}Factors.${index}.factor`, id);
      fieldMap.set(`${kind}Factors.${index}.description`, `${id}-description`);
      list.push({ factor, percent: percent ?? 0, ...(description ? { description } : {}) });
    }
    return list;
  };
  const aggravating = factors('aggravating', AGGRAVATING_FACTORS);
  const mitigating = factors('mitigating', MITIGATING_FACTORS);
  if (aggravating.length > 0) input.aggravatingFactors = aggravating;
  if (mitigating.length > 0) input.mitigatingFactors = mitigating;

  const deterrencePercent = take('deterrencePercent', 10);
  const deterrenceReason = take('deterrenceReason');
  if (deterrencePercent || deterrenceReason) {
    const percent = parsePercent(deterrencePercent);
    if (percent === undefined) errors.set('deterrencePercent', 'Enter the deterrence uplift as a percentage, for example 10');
    input.deterrence = { percent: percent ?? 0, reason: deterrenceReason };
  }

  const settlement = take('settlementDiscountPercent', 10);
  if (settlement) {
    const percent = parsePercent(settlement);
    if (percent === undefined) errors.set('settlementDiscountPercent', 'Enter the settlement discount as a percentage, for example 25');
    else input.settlementDiscountPercent = percent;
  }

  const dailyRate = take('dailyRate', 40);
  // Anything typed in the daily penalty's fields (even a date that cannot be read) means one is wanted.
  if (dailyRate || dates.dailyStart !== '' || dates.dailyLongStop !== '' || dates.dailyComplied !== '') {
    const pence = parseAmount(dailyRate);
    if (!dailyRate) errors.set('dailyRate', 'Enter the daily rate in pounds, or leave the daily penalty empty');
    else if (pence === undefined || pence === 0) errors.set('dailyRate', 'Enter the daily rate as an amount in pounds above 0, for example 1,000');
    if (dates.dailyStart === '') errors.set('dailyStart', 'Enter the first day of the daily penalty');
    input.dailyPenalty = {
      ratePence: pence ?? 1,
      startsOn: dates.dailyStart || '',
      ...(dates.dailyLongStop ? { longStopOn: dates.dailyLongStop } : {}),
      ...(dates.dailyComplied ? { compliedOn: dates.dailyComplied } : {}),
    };
  }
  if (dates.asOf) input.asOf = dates.asOf;
  return { values, input, errors, fieldMap };
}

const CALCULATOR_FIELDS: Record<string, { field: string; label: string }> = {
  personType: { field: 'personType', label: 'Who the penalty is for' },
  revenueEstablished: { field: 'revenueEstablished', label: 'Whether revenue is established' },
  revenueBasis: { field: 'revenueBasis', label: 'How the revenue was established' },
  revenueCurrency: { field: 'revenueCurrency', label: 'Currency' },
  qualifyingWorldwideRevenuePence: { field: 'revenueAmount', label: 'Qualifying worldwide revenue' },
  qualifyingWorldwideRevenueMinorUnits: { field: 'revenueAmount', label: 'Qualifying worldwide revenue' },
  conversionRate: { field: 'conversionRate', label: 'Conversion rate' },
  conversionRateDate: { field: 'conversionRateDate', label: 'Date of the conversion rate' },
  conversionRateSource: { field: 'conversionRateSource', label: 'Source of the rate' },
  'accountingPeriod.startsOn': { field: 'periodStart', label: 'Start of the accounting period' },
  'accountingPeriod.endsOn': { field: 'periodEnd', label: 'End of the accounting period' },
  seriousness: { field: 'seriousness', label: 'Seriousness' },
  contraventionMonths: { field: 'contraventionMonths', label: 'Duration' },
  'startingPointOverride.amountPence': { field: 'overrideAmount', label: 'Starting point' },
  'startingPointOverride.reason': { field: 'overrideReason', label: 'Reason for the starting point' },
  'deterrence.percent': { field: 'deterrencePercent', label: 'Deterrence uplift' },
  'deterrence.reason': { field: 'deterrenceReason', label: 'Reason for the deterrence uplift' },
  settlementDiscountPercent: { field: 'settlementDiscountPercent', label: 'Settlement discount' },
  'dailyPenalty.ratePence': { field: 'dailyRate', label: 'Daily rate' },
  'dailyPenalty.startsOn': { field: 'dailyStart', label: 'First day of the daily penalty' },
  'dailyPenalty.longStopOn': { field: 'dailyLongStop', label: 'Long-stop date' },
  'dailyPenalty.compliedOn': { field: 'dailyComplied', label: 'Date the provider complied' },
  asOf: { field: 'asOf', label: 'Running total as of' },
};

/** The calculator's refusals as page fields and sentences (the first problem of each field). */
export function pageErrors(read: ReadForm, refusals: readonly FieldError[]): Map<string, string> {
  const errors = new Map(read.errors);
  for (const refusal of refusals) {
    const mapped = read.fieldMap.get(refusal.field);
    const known = CALCULATOR_FIELDS[refusal.field];
    const field = mapped ?? known?.field ?? 'revenueEstablished';
    const label = mapped ? FACTOR_WORDS[mapped.replace(/^(aggravating|mitigating)-/, '').replace(/-description$/, '') as AggravatingFactor] : (known?.label ?? refusal.field);
    const message = refusal.message
      .replace(/\bdailyPenalty\.startsOn\b/g, 'the first day of the daily penalty')
      .replace(/\baccountingPeriod\.startsOn\b/g, 'the start of the period');
    if (!errors.has(field)) errors.set(field, `${label} ${message}`);
  }
  return errors;
}

/** Where the error summary links for a page field (a date links to its day box; radios' first box has the field's name as id). */
export function anchorOf(field: string): string {
  return (DATE_FIELDS as readonly string[]).includes(field) ? `#${field}-day` : `#${field}`;
}
