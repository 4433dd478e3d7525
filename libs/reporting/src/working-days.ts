import { JURISDICTIONS, type Jurisdiction, ukCalendar } from '@app/deadlines';

/**
 * Cumulative working-day counts by date, so the working days between two dates is a subtraction:
 * ukCalendar.workingDaysBetween(a, b, j) = index[j][b] − index[j][a]. The read model passes these arrays
 * to SQL to count working days for millions of stages in one query.
 */
export const WORKING_DAY_INDEX_FROM = '2015-01-01';
export const WORKING_DAY_INDEX_TO = '2045-12-31';

const MS_PER_DAY = 86_400_000;
let cached: Record<Jurisdiction, number[]> | undefined;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

/** index[j][k]: working days in jurisdiction j from WORKING_DAY_INDEX_FROM (exclusive) to that date + k days (inclusive). */
export function workingDayIndex(): Record<Jurisdiction, number[]> {
  if (cached) return cached;
  const first = dayNumber(WORKING_DAY_INDEX_FROM);
  const last = dayNumber(WORKING_DAY_INDEX_TO);
  const result = {} as Record<Jurisdiction, number[]>;
  for (const jurisdiction of JURISDICTIONS) {
    const daysOff = new Set<string>();
    for (let year = Number(WORKING_DAY_INDEX_FROM.slice(0, 4)); year <= Number(WORKING_DAY_INDEX_TO.slice(0, 4)); year++) {
      for (const holiday of ukCalendar.bankHolidays(year, jurisdiction)) daysOff.add(holiday.date);
    }
    const index = new Array<number>(last - first + 1);
    let count = 0;
    for (let n = first; n <= last; n++) {
      const weekday = new Date(n * MS_PER_DAY).getUTCDay();
      const working = weekday !== 0 && weekday !== 6 && !daysOff.has(new Date(n * MS_PER_DAY).toISOString().slice(0, 10));
      if (n > first && working) count++;
      index[n - first] = count;
    }
    result[jurisdiction] = index;
  }
  cached = result;
  return result;
}

/** Working days after `a` up to and including `b`, from the index (null outside its range). */
export function workingDaysFromIndex(a: string, b: string, jurisdiction: Jurisdiction): number | null {
  const index = workingDayIndex()[jurisdiction];
  const first = dayNumber(WORKING_DAY_INDEX_FROM);
  const ia = dayNumber(a) - first;
  const ib = dayNumber(b) - first;
  if (ia < 0 || ib < 0 || ia >= index.length || ib >= index.length) return null;
  return index[ib] - index[ia];
}
