import { createHash } from 'node:crypto';
import { requestOf, type SavedReport } from '../saved-reports.js';
import { GROUP_BY } from '../timeline-read-model.js';
import type { TimelineDashboard, TimelineRequest } from '../timeline-reports.js';
import type { StageFigures } from '../timeline-report.js';
import { stageDurationChart, kaplanMeierChart, monthlyChart, stageLabel } from './charts.js';
import { committeeAnswer } from './committee-answer.js';

const GROUP_LABELS: Record<string, string> = {
  harmCategory: 'Harm category',
  source: 'Source',
  serviceType: 'Service type',
  yearOpened: 'Year opened',
  outcome: 'Outcome',
};

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const LONDON_DATE_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

const cell = (value: number | null, suppressed: string | null): string => (suppressed ? `[${suppressed === 'primary' ? 'c' : 'c*'}]` : value === null ? 'not reached' : String(value));
const count = (value: number | null, suppressed: string | null): string => (suppressed ? `[${suppressed === 'primary' ? 'c' : 'c*'}]` : String(value ?? 0));

function row(f: StageFigures) {
  if (f.n === 0) {
    const none = '–';
    return { stage: stageLabel(f.stage), n: '0', completed: '0', open: '0', medianDays: none, p90Days: none, kmMedianDays: none, kmP90Days: none, medianWorkingDays: none, kmMedianWorkingDays: none };
  }
  return {
    stage: stageLabel(f.stage),
    n: count(f.n, f.suppressed),
    completed: count(f.completed, f.suppressed),
    open: count(f.open, f.suppressed),
    medianDays: f.completed === 0 && !f.suppressed ? '–' : cell(f.medianDays, f.suppressed),
    p90Days: f.completed === 0 && !f.suppressed ? '–' : cell(f.p90Days, f.suppressed),
    kmMedianDays: cell(f.kmMedianDays, f.suppressed),
    kmP90Days: cell(f.kmP90Days, f.suppressed),
    medianWorkingDays: f.completed === 0 && !f.suppressed ? '–' : cell(f.medianWorkingDays, f.suppressed),
    kmMedianWorkingDays: cell(f.kmMedianWorkingDays, f.suppressed),
  };
}

/** The query string of a request, for links between the page, the pack and the CSV. */
export function queryString(request: TimelineRequest, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (request.asOf) params.set('asOf', request.asOf.toISOString());
  if (request.from) params.set('from', request.from);
  if (request.to) params.set('to', request.to);
  if (request.groupBy) params.set('groupBy', request.groupBy);
  if (request.harmCategories?.length) params.set('harmCategories', request.harmCategories.join(','));
  if (request.serviceIds?.length) params.set('serviceIds', request.serviceIds.join(','));
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The analyst page: filters, charts with their data tables, definitions and the snapshot. */
export function timelinePageModel(dashboard: TimelineDashboard, request: TimelineRequest) {
  const { report } = dashboard;
  const pinned = { ...request, asOf: new Date(report.asOf) };
  return {
    title: 'Enforcement timelines',
    report,
    asOfText: LONDON_DATE_TIME.format(new Date(report.asOf)),
    filters: {
      asOf: request.asOf?.toISOString() ?? '',
      from: request.from ?? '',
      to: request.to ?? '',
      harmCategories: request.harmCategories?.join(',') ?? '',
      serviceIds: request.serviceIds?.join(',') ?? '',
      groupBy: [{ value: '', text: 'No grouping', selected: !request.groupBy }, ...GROUP_BY.map((g) => ({ value: g, text: GROUP_LABELS[g], selected: request.groupBy === g }))],
    },
    charts: {
      durations: stageDurationChart('durations-chart', report.stages),
      survival: kaplanMeierChart('survival-chart', dashboard.curves.filter((c) => report.stages.find((s) => s.stage === c.stage)?.suppressed === null)),
      monthly: monthlyChart('monthly-chart', dashboard.monthly),
    },
    rows: report.stages.map(row),
    groups: (report.groups ?? []).map((g) => ({ key: g.key, rows: g.stages.filter((s) => s.n !== 0).map(row) })),
    groupByLabel: report.groupBy ? GROUP_LABELS[report.groupBy] : null,
    monthly: dashboard.monthly.map((m) => ({
      month: m.month,
      intake: count(m.intake, m.suppressed.intake),
      casesOpened: count(m.casesOpened, m.suppressed.casesOpened),
      casesClosed: count(m.casesClosed, m.suppressed.casesClosed),
    })),
    links: {
      csv: `/api/v1/reports/enforcement-timelines${queryString(pinned, { format: 'csv' })}`,
      json: `/api/v1/reports/enforcement-timelines${queryString(pinned)}`,
      pack: `/reports/enforcement-timelines/committee-pack${queryString(pinned)}`,
      permalink: `/reports/enforcement-timelines${queryString(pinned)}`,
    },
  };
}

/** Print stylesheet of the committee pack: embedded, allowed by its hash in the page's own policy. */
export const COMMITTEE_PACK_STYLE = `
body { font-family: Arial, sans-serif; color: #0b0c0c; margin: 2rem auto; max-width: 50rem; line-height: 1.45; padding: 0 1rem; }
h1 { font-size: 1.9rem; margin-bottom: 0.5rem; } h2 { font-size: 1.35rem; margin-top: 2rem; border-top: 2px solid #0b0c0c; padding-top: 0.5rem; }
.answer { font-size: 1.2rem; border-left: 6px solid #0b0c0c; padding-left: 1rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 1rem 0; } th, td { border-bottom: 1px solid #b1b4b6; padding: 0.3rem 0.4rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; } caption { text-align: left; font-weight: bold; padding-bottom: 0.3rem; }
.meta { font-size: 0.9rem; } code { font-family: "Courier New", monospace; word-break: break-all; }
figure { margin: 1rem 0; } figcaption { font-size: 0.9rem; }
@media print {
  @page { size: A4; margin: 18mm 15mm; }
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; } figure, table { break-inside: avoid; }
  a { color: #0b0c0c; text-decoration: none; }
}`;

export const committeePackStyleHash = `'sha256-${createHash('sha256').update(COMMITTEE_PACK_STYLE).digest('base64')}'`;

/** The printable committee pack: the answer first, then the figures, charts, definitions, method and snapshot. */
export function committeePackModel(dashboard: TimelineDashboard, request: TimelineRequest, subject: string) {
  const { report } = dashboard;
  const asOfDate = LONDON_DATE.format(new Date(report.asOf));
  const endToEnd = report.stages.find((s) => s.stage === 'end_to_end') as StageFigures;
  return {
    ...timelinePageModel(dashboard, request),
    title: `How long enforcement takes: ${subject}`,
    style: COMMITTEE_PACK_STYLE,
    subject,
    asOfDate,
    answer: committeeAnswer(endToEnd, subject, asOfDate, report.parameters.suppressionThreshold),
  };
}

const HARM_NAMES: Record<string, string> = { ncii: 'intimate image abuse (NCII)', csam: 'child sexual exploitation and abuse', fraud: 'fraud', terrorism: 'terrorism' };

/** "intimate image abuse (NCII)" for the pack's sentences; every category for "all" when unfiltered. */
export function subjectOf(harmCategories: string[] | undefined): string {
  if (!harmCategories?.length) return 'all harm categories';
  return harmCategories.map((h) => HARM_NAMES[h] ?? h.replace(/_/g, ' ')).join(', ');
}

/** The saved reports listed on the analyst page, each with links to open it on the page and re-run it as JSON. */
export function savedReportsModel(saved: SavedReport[]) {
  return saved.map((s) => {
    const request = requestOf(s.parameters);
    const filters = [
      s.parameters.from || s.parameters.to ? `started ${s.parameters.from ?? '…'} to ${s.parameters.to ?? '…'}` : null,
      s.parameters.harmCategories.length ? `harm: ${s.parameters.harmCategories.join(', ')}` : null,
      s.parameters.serviceIds.length ? `${s.parameters.serviceIds.length} service(s)` : null,
      s.parameters.groupBy ? `by ${GROUP_LABELS[s.parameters.groupBy]}` : null,
    ].filter((f): f is string => f !== null);
    return {
      id: s.id,
      name: s.name,
      asOfText: LONDON_DATE_TIME.format(new Date(s.parameters.asOf)),
      filters: filters.length ? filters.join('; ') : 'all cases',
      savedOn: LONDON_DATE.format(new Date(s.createdAt)),
      hash: s.snapshotHash.slice(0, 12),
      open: `/reports/enforcement-timelines${queryString(request)}`,
      run: `/api/v1/reports/saved/${s.id}/run`,
    };
  });
}
