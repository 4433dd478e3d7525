import Holidays from 'date-holidays';
import { DomainError } from '@app/core';
import {
  dayOfWeek,
  endOfLondonDay,
  isWeekend,
  londonDateOf,
  londonTimeOf,
  longDate,
  longInstant,
  parseLegalDate,
  toLegalDate,
  yearOf,
  WEEKDAYS,
} from './legal-date.js';

export const JURISDICTIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];
export const DEFAULT_JURISDICTION: Jurisdiction = 'england-and-wales';

export const JURISDICTION_NAMES: Record<Jurisdiction, string> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

/** date-holidays region codes: Wales shares England's bank holidays. */
const REGION_CODES: Record<Jurisdiction, string> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};

export const PERIOD_UNITS = ['working_days', 'calendar_days', 'calendar_months'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

/** Largest amount accepted per unit: ten years of days, ten years of months, a year of hours. */
export const MAX_AMOUNT: Record<PeriodUnit | 'hours', number> = {
  working_days: 3650,
  calendar_days: 3650,
  calendar_months: 120,
  hours: 8760,
};

/** Dates the calculator accepts as a start (the Banking and Financial Dealings Act 1971 onwards). */
export const EARLIEST_START = '1971-01-01';
export const LATEST_START = '2100-12-31';

/** One line of an explanation: the text a person reads, and the facts behind it. */
export interface ExplanationLine {
  kind: 'start' | 'counted' | 'skipped' | 'result' | 'note' | 'rule' | 'change';
  text: string;
  date?: string;
  /** For counted days: the day's number in the period (day 1 is the day after the start). */
  day?: number;
  reason?: 'weekend' | 'bank_holiday';
  holiday?: string;
}

export interface PeriodInput {
  from: string;
  amount: number;
  unit: PeriodUnit;
  jurisdiction?: Jurisdiction;
}

export interface PeriodResult {
  date: string;
  /** The explanation as sentences, in order. */
  explanation: string[];
  /** The same explanation with the facts behind each line. */
  lines: ExplanationLine[];
  rule: string;
}

export interface HoursResult {
  /** The instant the period ends (ISO 8601, UTC). */
  at: string;
  /** The UK calendar date on which it ends. */
  date: string;
  explanation: string[];
  lines: ExplanationLine[];
  rule: string;
}

export interface BankHoliday {
  date: string;
  name: string;
  weekday: string;
  /** A weekday off in place of a holiday that fell on a weekend. */
  substitute: boolean;
}

interface YearHolidays {
  /** Weekdays actually off work, by day number. */
  daysOff: Map<number, BankHoliday>;
  /** Holidays that fell on a weekend (their weekday off is a separate substitute day). */
  onWeekends: Map<number, string>;
}

const tidyName = (name: string): string => name.replace(/\u2019/g, "'");

/** Loaded once per process and shared by every calendar: holiday rules never change while it runs. */
const holidayCache = new Map<string, YearHolidays>();
const engines = new Map<Jurisdiction, Holidays>();

function engineFor(jurisdiction: Jurisdiction): Holidays {
  let engine = engines.get(jurisdiction);
  if (!engine) {
    engine = new Holidays('GB', REGION_CODES[jurisdiction], { types: ['public', 'bank'] });
    engines.set(jurisdiction, engine);
  }
  return engine;
}

function holidaysOf(jurisdiction: Jurisdiction, year: number): YearHolidays {
  const key = `${jurisdiction}:${year}`;
  let cached = holidayCache.get(key);
  if (!cached) {
    cached = { daysOff: new Map(), onWeekends: new Map() };
    for (const h of engineFor(jurisdiction).getHolidays(year)) {
      const n = parseLegalDate(h.date.slice(0, 10));
      if (n === undefined) continue;
      const name = tidyName(h.name);
      // date-holidays lists a holiday that falls on a weekend and, separately, its substitute weekday:
      // only the weekday is a day off work.
      if (isWeekend(n)) cached.onWeekends.set(n, name);
      else if (!cached.daysOff.has(n)) {
        cached.daysOff.set(n, { date: toLegalDate(n), name, weekday: WEEKDAYS[dayOfWeek(n)] as string, substitute: h.substitute === true });
      }
    }
    holidayCache.set(key, cached);
  }
  return cached;
}

function invalid(field: string, message: string, detail: string): DomainError {
  return new DomainError('VALIDATION_FAILED', detail, { errors: [{ field, message }] });
}

export function isJurisdiction(value: unknown): value is Jurisdiction {
  return typeof value === 'string' && (JURISDICTIONS as readonly string[]).includes(value);
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * The UK legal calendar: working days, bank holidays per jurisdiction, and periods counted the way
 * the regulator counts them (day 1 is the day after the start). Pure: no database, no framework.
 */
export class UkCalendar {
  /** The bank holiday that makes a weekday a day off, if any. */
  holidayOn(date: string, jurisdiction: Jurisdiction = DEFAULT_JURISDICTION): BankHoliday | undefined {
    const n = this.requireDate(date, 'date');
    return holidaysOf(this.requireJurisdiction(jurisdiction), yearOf(n)).daysOff.get(n);
  }

  isWorkingDay(date: string, jurisdiction: Jurisdiction = DEFAULT_JURISDICTION): boolean {
    const n = this.requireDate(date, 'date');
    return this.isWorkingDayNumber(n, this.requireJurisdiction(jurisdiction));
  }

  /** Days off in a year (weekdays only: a holiday on a weekend counts through its substitute day). */
  bankHolidays(year: number, jurisdiction: Jurisdiction = DEFAULT_JURISDICTION): BankHoliday[] {
    if (!Number.isInteger(year) || year < 1971 || year > 2200) {
      throw invalid('year', 'must be a year from 1971 to 2200', 'year must be a whole year from 1971 to 2200.');
    }
    return [...holidaysOf(this.requireJurisdiction(jurisdiction), year).daysOff.values()];
  }

  /**
   * Working days after `a` up to and including `b` (negative when b is before a). So the working
   * days left before a due date, seen on day `a`, is workingDaysBetween(a, due).
   */
  workingDaysBetween(a: string, b: string, jurisdiction: Jurisdiction = DEFAULT_JURISDICTION): number {
    const from = this.requireDate(a, 'from');
    const to = this.requireDate(b, 'to');
    const j = this.requireJurisdiction(jurisdiction);
    const [low, high, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let n = low + 1; n <= high; n++) if (this.isWorkingDayNumber(n, j)) count++;
    return sign * count;
  }

  /** The date a period ends, with every step explained. */
  addPeriod(input: PeriodInput): PeriodResult {
    const start = this.requireDate(input.from, 'from');
    if (input.from < EARLIEST_START || input.from > LATEST_START) {
      throw invalid('from', `must be from ${EARLIEST_START} to ${LATEST_START}`, `from must be a date from ${EARLIEST_START} to ${LATEST_START}.`);
    }
    const unit = input.unit;
    if (!(PERIOD_UNITS as readonly string[]).includes(unit)) {
      throw invalid('unit', `must be one of ${PERIOD_UNITS.join(', ')}`, `unit must be one of ${PERIOD_UNITS.join(', ')}.`);
    }
    const amount = input.amount;
    const max = MAX_AMOUNT[unit];
    if (!Number.isInteger(amount) || amount < 0 || amount > max) {
      throw invalid('amount', `must be a whole number from 0 to ${max}`, `amount must be a whole number from 0 to ${max} for ${unit.replace('_', ' ')}.`);
    }
    const jurisdiction = this.requireJurisdiction(input.jurisdiction ?? DEFAULT_JURISDICTION);
    switch (unit) {
      case 'working_days':
        return this.addWorkingDays(start, amount, jurisdiction);
      case 'calendar_days':
        return this.addCalendarDays(start, amount, jurisdiction);
      case 'calendar_months':
        return this.addCalendarMonths(start, amount, jurisdiction);
    }
  }

  /**
   * A period in hours: elapsed time, counted continuously through nights, weekends and bank holidays
   * (a 48-hour takedown duty runs over a weekend). Clock changes do not stretch or shrink it.
   */
  addHours(instant: Date | string, hours: number): HoursResult {
    const start = typeof instant === 'string' ? new Date(instant) : instant;
    if (Number.isNaN(start.getTime()) || (typeof instant === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(instant))) {
      throw invalid('startsAt', 'must be an ISO 8601 instant', 'startsAt must be an ISO 8601 instant such as 2026-05-13T14:05:00Z.');
    }
    if (!Number.isInteger(hours) || hours < 0 || hours > MAX_AMOUNT.hours) {
      throw invalid('hours', `must be a whole number from 0 to ${MAX_AMOUNT.hours}`, `hours must be a whole number from 0 to ${MAX_AMOUNT.hours}.`);
    }
    const end = new Date(start.getTime() + hours * 3_600_000);
    const rule = `${plural(hours, 'hour', 'hours')} of elapsed time from the start, counted through nights, weekends and bank holidays`;
    const lines: ExplanationLine[] = [
      { kind: 'start', date: londonDateOf(start), text: `Start: ${longInstant(start)}, ${start.toISOString()}` },
      { kind: 'result', date: londonDateOf(end), text: `Due: ${longInstant(end)}, ${end.toISOString()}` },
    ];
    if (londonTimeOf(start) !== londonTimeOf(end) && hours % 24 === 0) {
      lines.push({ kind: 'note', text: 'The clocks change during this period, so the UK clock time differs from the start by an hour.' });
    }
    lines.push({ kind: 'rule', text: `Rule: ${rule}` });
    return { at: end.toISOString(), date: londonDateOf(end), explanation: lines.map((l) => l.text), lines, rule };
  }

  // --- internals ---------------------------------------------------------------------------

  private addWorkingDays(start: number, amount: number, jurisdiction: Jurisdiction): PeriodResult {
    const where = JURISDICTION_NAMES[jurisdiction];
    const lines: ExplanationLine[] = [this.startLine(start)];
    let n = start;
    let counted = 0;
    while (counted < amount) {
      n++;
      const skip = this.skipReason(n, jurisdiction);
      if (skip) {
        lines.push(skip);
        continue;
      }
      counted++;
      lines.push({ kind: 'counted', date: toLegalDate(n), day: counted, text: `Day ${counted}: ${longDate(n)}` });
    }
    const rule =
      amount === 0
        ? `0 working days in ${where}: the period ends on the start date itself`
        : `${plural(amount, 'working day', 'working days')} in ${where}; day 1 is the day after the start; Saturdays, Sundays and ${where} bank holidays are not counted`;
    lines.push({ kind: 'rule', text: `Rule: ${rule}` });
    return this.result(n, lines, rule);
  }

  private addCalendarDays(start: number, amount: number, jurisdiction: Jurisdiction): PeriodResult {
    const end = start + amount;
    const lines: ExplanationLine[] = [this.startLine(start)];
    if (amount > 0) {
      let weekendDays = 0;
      const holidays: string[] = [];
      for (let n = start + 1; n <= end; n++) {
        if (isWeekend(n)) weekendDays++;
        const h = holidaysOf(jurisdiction, yearOf(n)).daysOff.get(n);
        if (h) holidays.push(`${longDate(n)} (${h.name})`);
      }
      lines.push({
        kind: 'note',
        text:
          `Counted ${plural(amount, 'calendar day', 'calendar days')}: weekends and bank holidays count as days ` +
          `(this period includes ${plural(weekendDays, 'weekend day', 'weekend days')} and ${plural(holidays.length, 'bank holiday', 'bank holidays')}` +
          `${holidays.length ? `: ${holidays.join(', ')}` : ''})`,
      });
      lines.push({ kind: 'counted', date: toLegalDate(end), day: amount, text: `Day ${amount}: ${longDate(end)}` });
    }
    this.noteIfNotWorkingDay(end, jurisdiction, lines, 'calendar-day');
    const rule =
      amount === 0
        ? '0 calendar days: the period ends on the start date itself'
        : `${plural(amount, 'calendar day', 'calendar days')}; day 1 is the day after the start; every day counts`;
    lines.push({ kind: 'rule', text: `Rule: ${rule}` });
    return this.result(end, lines, rule);
  }

  /**
   * Calendar months end on the corresponding date of the later month; when that month has no such
   * date (31 January + 1 month) the period ends on its last day (28 or 29 February).
   */
  private addCalendarMonths(start: number, amount: number, jurisdiction: Jurisdiction): PeriodResult {
    const s = new Date(start * 86_400_000);
    const targetMonthIndex = s.getUTCMonth() + amount;
    const lastDay = new Date(Date.UTC(s.getUTCFullYear(), targetMonthIndex + 1, 0)).getUTCDate();
    const day = Math.min(s.getUTCDate(), lastDay);
    const end = Date.UTC(s.getUTCFullYear(), targetMonthIndex, day) / 86_400_000;
    const lines: ExplanationLine[] = [this.startLine(start)];
    if (amount > 0) {
      const clipped = day !== s.getUTCDate();
      lines.push({
        kind: 'counted',
        date: toLegalDate(end),
        text: clipped
          ? `After ${plural(amount, 'calendar month', 'calendar months')}: ${longDate(end)} (that month has no ${ordinal(s.getUTCDate())}, so the period ends on its last day)`
          : `After ${plural(amount, 'calendar month', 'calendar months')}: ${longDate(end)} (the corresponding date)`,
      });
    }
    this.noteIfNotWorkingDay(end, jurisdiction, lines, 'calendar-month');
    const rule =
      amount === 0
        ? '0 calendar months: the period ends on the start date itself'
        : `${plural(amount, 'calendar month', 'calendar months')}; ends on the same day of the month as the start, or on the last day of the month when that month is shorter`;
    lines.push({ kind: 'rule', text: `Rule: ${rule}` });
    return this.result(end, lines, rule);
  }

  private startLine(start: number): ExplanationLine {
    return { kind: 'start', date: toLegalDate(start), text: `Start: ${longDate(start)} (day 0; day 1 is the next day)` };
  }

  private skipReason(n: number, jurisdiction: Jurisdiction): ExplanationLine | undefined {
    const year = holidaysOf(jurisdiction, yearOf(n));
    if (isWeekend(n)) {
      const alsoHoliday = year.onWeekends.get(n);
      return {
        kind: 'skipped',
        date: toLegalDate(n),
        reason: 'weekend',
        ...(alsoHoliday ? { holiday: alsoHoliday } : {}),
        text: `Skipped ${longDate(n)}: weekend${alsoHoliday ? ` (${alsoHoliday} falls on it; a substitute weekday is off instead)` : ''}`,
      };
    }
    const holiday = year.daysOff.get(n);
    if (holiday) {
      return {
        kind: 'skipped',
        date: toLegalDate(n),
        reason: 'bank_holiday',
        holiday: holiday.name,
        text: `Skipped ${longDate(n)}: ${holiday.name} (${JURISDICTION_NAMES[jurisdiction]})`,
      };
    }
    return undefined;
  }

  private noteIfNotWorkingDay(n: number, jurisdiction: Jurisdiction, lines: ExplanationLine[], what: string): void {
    const skip = this.skipReason(n, jurisdiction);
    if (!skip) return;
    const why = skip.reason === 'weekend' ? 'a weekend day' : `a bank holiday (${skip.holiday})`;
    lines.push({ kind: 'note', date: toLegalDate(n), text: `Note: ${longDate(n)} is ${why}; a ${what} period is not moved to the next working day` });
  }

  private result(n: number, lines: ExplanationLine[], rule: string): PeriodResult {
    const date = toLegalDate(n);
    return { date, explanation: lines.map((l) => l.text), lines, rule };
  }

  private isWorkingDayNumber(n: number, jurisdiction: Jurisdiction): boolean {
    return !isWeekend(n) && !holidaysOf(jurisdiction, yearOf(n)).daysOff.has(n);
  }

  private requireDate(value: string, field: string): number {
    const n = parseLegalDate(value);
    if (n === undefined) {
      throw invalid(field, 'must be a real date written YYYY-MM-DD', `${field} must be a real calendar date written YYYY-MM-DD (got "${String(value).slice(0, 40)}").`);
    }
    return n;
  }

  private requireJurisdiction(value: unknown): Jurisdiction {
    if (!isJurisdiction(value)) {
      throw invalid('jurisdiction', `must be one of ${JURISDICTIONS.join(', ')}`, `jurisdiction must be one of ${JURISDICTIONS.join(', ')}.`);
    }
    return value;
  }
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** Convenience for callers outside Nest. */
export const ukCalendar = new UkCalendar();

/** The instant from which a date deadline is overdue: the end of its due day in UK local time. */
export const overdueFromForDate = (dueOn: string): Date => endOfLondonDay(dueOn);
