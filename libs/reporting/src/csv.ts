import type { StageFigures, TimelineReport } from './timeline-report.js';

const COLUMNS: (keyof StageFigures)[] = [
  'stage',
  'n',
  'completed',
  'open',
  'medianDays',
  'p90Days',
  'kmMedianDays',
  'kmP90Days',
  'medianWorkingDays',
  'p90WorkingDays',
  'kmMedianWorkingDays',
  'kmP90WorkingDays',
  'suppressed',
];

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The report as CSV: one row per stage (group "all") and per group and stage, with the same field names as
 * the JSON. asOf, snapshotHash and definitionsVersion are repeated on every row so a row never loses them.
 */
export function timelineCsv(report: TimelineReport): string {
  const header = ['asOf', 'snapshotHash', 'definitionsVersion', 'groupBy', 'group', ...COLUMNS];
  const lines = [header.join(',')];
  const row = (groupBy: string, group: string, f: StageFigures): string =>
    [report.asOf, report.snapshotHash, report.definitionsVersion, groupBy, group, ...COLUMNS.map((c) => f[c])].map(cell).join(',');
  for (const f of report.stages) lines.push(row('', 'all', f));
  for (const g of report.groups ?? []) for (const f of g.stages) lines.push(row(report.groupBy ?? '', g.key, f));
  return `${lines.join('\r\n')}\r\n`;
}
