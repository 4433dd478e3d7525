import { DomainError } from '@app/core';
import { isLegalDate } from '@app/deadlines';
import { timelineCsv } from './csv.js';
import { GROUP_BY, type GroupBy } from './timeline-read-model.js';
import type { TimelineReports, TimelineRequest } from './timeline-reports.js';

export const REPORT_USAGE = `  report timelines [--as-of <ISO instant>] [--format csv|json] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                   [--group-by ${GROUP_BY.join('|')}] [--harm-categories a,b] [--service-ids id,id]
                  enforcement timelines as of a moment (default now), the same report as
                  GET /api/v1/reports/enforcement-timelines, printed as CSV (default) or JSON
`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const list = (value: string | undefined): string[] | undefined => value?.split(',').map((v) => v.trim()).filter((v) => v.length > 0);

export type ParsedReportCommand = { ok: true; request: TimelineRequest; format: 'csv' | 'json' } | { ok: false; error: string };

/** `report timelines ...` arguments (after "report timelines") → a request, or the reason they are wrong. */
export function parseReportTimelinesArgs(argv: string[]): ParsedReportCommand {
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    if (!name.startsWith('--') || argv[i + 1] === undefined) return { ok: false, error: `${name} needs a value` };
    options.set(name, argv[i + 1]);
  }
  const known = ['--as-of', '--format', '--from', '--to', '--group-by', '--harm-categories', '--service-ids'];
  const unknown = [...options.keys()].filter((k) => !known.includes(k));
  if (unknown.length > 0) return { ok: false, error: `unknown option ${unknown.join(', ')}` };
  const format = options.get('--format') ?? 'csv';
  if (format !== 'csv' && format !== 'json') return { ok: false, error: '--format must be csv or json' };
  const asOfText = options.get('--as-of');
  const asOf = asOfText === undefined ? undefined : new Date(asOfText);
  if (asOf && (Number.isNaN(asOf.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(asOfText as string))) return { ok: false, error: '--as-of must be an ISO 8601 date and time, e.g. 2026-11-01T00:00:00Z' };
  const from = options.get('--from');
  const to = options.get('--to');
  for (const [name, value] of [['--from', from], ['--to', to]] as const) {
    if (value !== undefined && !isLegalDate(value)) return { ok: false, error: `${name} must be a real date written YYYY-MM-DD` };
  }
  const groupBy = options.get('--group-by');
  if (groupBy !== undefined && !(GROUP_BY as readonly string[]).includes(groupBy)) return { ok: false, error: `--group-by must be one of ${GROUP_BY.join(', ')}` };
  const harmCategories = list(options.get('--harm-categories'));
  if (harmCategories?.some((h) => !/^[a-z][a-z0-9_]{0,63}$/.test(h))) return { ok: false, error: '--harm-categories must be harm category codes such as ncii' };
  const serviceIds = list(options.get('--service-ids'));
  if (serviceIds?.some((id) => !UUID.test(id))) return { ok: false, error: '--service-ids must be service ids (uuids)' };
  return { ok: true, format, request: { asOf, from, to, groupBy: groupBy as GroupBy | undefined, harmCategories, serviceIds } };
}

/** Runs the command: the report on `out`, problems on `err`; returns the exit code. */
export async function runReportTimelines(argv: string[], reports: TimelineReports, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const parsed = parseReportTimelinesArgs(argv);
  if (!parsed.ok) {
    err(`${parsed.error}\n`);
    return 64;
  }
  try {
    const report = await reports.timelines(parsed.request);
    out(parsed.format === 'csv' ? timelineCsv(report) : `${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      err(`${error.detail}\n`);
      return 65;
    }
    throw error;
  }
}
