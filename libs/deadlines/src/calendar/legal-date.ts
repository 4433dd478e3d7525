/**
 * Legal dates are calendar dates (`YYYY-MM-DD`), not instants. Internally they are whole day numbers
 * (days since 1970-01-01), so adding days never meets a time zone or a clock change.
 */

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const MS_PER_DAY = 86_400_000;
const LEGAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a `YYYY-MM-DD` string, or undefined when it is not a real calendar date. */
export function parseLegalDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = LEGAL_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

export function isLegalDate(value: unknown): value is string {
  return parseLegalDate(value) !== undefined;
}

export function toLegalDate(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function dayOfWeek(dayNumber: number): number {
  return new Date(dayNumber * MS_PER_DAY).getUTCDay();
}

export function isWeekend(dayNumber: number): boolean {
  const weekday = dayOfWeek(dayNumber);
  return weekday === 0 || weekday === 6;
}

export function yearOf(dayNumber: number): number {
  return new Date(dayNumber * MS_PER_DAY).getUTCFullYear();
}

/** "Wednesday 13 May 2026" */
export function longDate(dayNumber: number): string {
  const d = new Date(dayNumber * MS_PER_DAY);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function longLegalDate(date: string): string {
  const n = parseLegalDate(date);
  return n === undefined ? date : longDate(n);
}

/** `YYYY-MM-DD` plus a number of days (negative allowed). */
export function addDays(date: string, days: number): string {
  const n = parseLegalDate(date);
  if (n === undefined) throw new RangeError(`not a calendar date: ${date}`);
  return toLegalDate(n + days);
}

/** Calendar days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  const from = parseLegalDate(a);
  const to = parseLegalDate(b);
  if (from === undefined || to === undefined) throw new RangeError(`not calendar dates: ${a}, ${b}`);
  return to - from;
}

// --- UK local time (Europe/London) -------------------------------------------------------------

export const UK_TIME_ZONE = 'Europe/London';

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface LondonParts {
  date: string;
  hour: number;
  minute: number;
  second: number;
}

function londonParts(instant: Date): LondonParts {
  const parts = Object.fromEntries(londonFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Minutes London is ahead of UTC at that instant (0 in winter, 60 in summer time). */
function londonOffsetMinutes(instant: Date): number {
  const p = londonParts(instant);
  const [y, m, d] = p.date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The UK calendar date at an instant. */
export function londonDateOf(instant: Date): string {
  return londonParts(instant).date;
}

/** "14:05" in UK local time. */
export function londonTimeOf(instant: Date): string {
  const p = londonParts(instant);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** The instant a UK calendar day begins (local midnight; never ambiguous, clocks change at 01:00 UTC). */
export function startOfLondonDay(date: string): Date {
  const n = parseLegalDate(date);
  if (n === undefined) throw new RangeError(`not a calendar date: ${date}`);
  const guess = n * MS_PER_DAY;
  let candidate = guess - londonOffsetMinutes(new Date(guess)) * 60_000;
  const check = guess - londonOffsetMinutes(new Date(candidate)) * 60_000;
  if (check !== candidate) candidate = check;
  return new Date(candidate);
}

/** The first instant after a UK calendar day has ended: a date deadline is overdue from here. */
export function endOfLondonDay(date: string): Date {
  return startOfLondonDay(addDays(date, 1));
}

/** "14:05 on Wednesday 13 May 2026 (UK time)" */
export function longInstant(instant: Date): string {
  return `${londonTimeOf(instant)} on ${longLegalDate(londonDateOf(instant))} (UK time)`;
}
