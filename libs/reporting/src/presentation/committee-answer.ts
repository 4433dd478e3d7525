import type { StageFigures } from '../timeline-report.js';

/** Days as a person says them: days, weeks, months or years. */
export function humaniseDays(daysValue: number): string {
  if (daysValue < 14) return `${daysValue} ${daysValue === 1 ? 'day' : 'days'}`;
  if (daysValue < 60) return `about ${Math.round(daysValue / 7)} weeks`;
  if (daysValue < 730) {
    const months = Math.round(daysValue / 30.44);
    return `about ${months} ${months === 1 ? 'month' : 'months'}`;
  }
  return `about ${Math.round((daysValue / 365.25) * 10) / 10} years`;
}

/**
 * The first paragraph of the committee pack: how long enforcement takes from opening a case to closing it,
 * with open cases counted (Kaplan–Meier), in words and in days.
 */
export function committeeAnswer(endToEnd: StageFigures, subject: string, asOfDate: string, threshold: number): string {
  if (endToEnd.suppressed) return `As of ${asOfDate}, fewer than ${threshold} ${subject} cases had been opened: too few to report their timelines without risking identifying the people involved.`;
  const n = endToEnd.n ?? 0;
  if (n === 0) return `As of ${asOfDate}, no ${subject} enforcement case had been opened, so there is no timeline to report.`;
  const closed = `Of ${n} ${n === 1 ? 'case' : 'cases'} opened, ${endToEnd.completed} ${endToEnd.completed === 1 ? 'has' : 'have'} closed and ${endToEnd.open} ${endToEnd.open === 1 ? 'is' : 'are'} still open.`;
  if (endToEnd.kmMedianDays === null) {
    const finished = endToEnd.medianDays === null ? '' : ` The closed ones took a median of ${endToEnd.medianDays} days, but that understates the typical time because the cases still open are older.`;
    return `As of ${asOfDate}, the typical time for ${subject} enforcement from opening a case to closing it cannot yet be stated: more than half of the cases are still open.${finished} ${closed}`;
  }
  const tail =
    endToEnd.kmP90Days === null
      ? 'How long the slowest tenth take is not yet known, as too many cases are still open.'
      : `One case in ten takes longer than ${humaniseDays(endToEnd.kmP90Days)} (${endToEnd.kmP90Days} days).`;
  return `As of ${asOfDate}, enforcement in ${subject} cases takes ${humaniseDays(endToEnd.kmMedianDays)} (a median of ${endToEnd.kmMedianDays} calendar days, ${endToEnd.kmMedianWorkingDays ?? '–'} working days) from opening a case to closing it, counting the cases still open. ${tail} ${closed}`;
}
