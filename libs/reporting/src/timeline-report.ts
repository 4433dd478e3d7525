import { createHash } from 'node:crypto';
import { DEFINITIONS_VERSION, METHOD_NOTES, STAGE_DEFINITIONS, STAGE_NAMES, type StageName } from './stages.js';
import { kaplanMeier, summariseDurations, type KaplanMeierPoint, type Observation } from './statistics.js';
import { suppressCells, type Suppression } from './suppression.js';
import type { GroupBy, HistogramRow, MonthlyActivity, TimelineInputs, TimelineQuery } from './timeline-read-model.js';

/** Figures for one stage (in one group). Durations in days; null when there is nothing to measure or the cell is suppressed. */
export interface StageFigures {
  stage: StageName;
  n: number | null;
  completed: number | null;
  open: number | null;
  medianDays: number | null;
  p90Days: number | null;
  kmMedianDays: number | null;
  kmP90Days: number | null;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
  kmMedianWorkingDays: number | null;
  kmP90WorkingDays: number | null;
  /** Why the figures are hidden: too few complaint-level cases (primary), or to protect another hidden cell (secondary). */
  suppressed: Suppression | null;
}

export interface GroupFigures {
  key: string;
  stages: StageFigures[];
}

export interface TimelineParameters {
  asOf: string;
  from: string | null;
  to: string | null;
  groupBy: GroupBy | null;
  harmCategories: string[];
  serviceIds: string[];
  suppressionThreshold: number;
}

export interface TimelineReport {
  asOf: string;
  snapshotHash: string;
  definitionsVersion: string;
  parameters: TimelineParameters;
  definitions: { stage: StageName; label: string; startsWith: string[]; endsWith: string[]; description: string; smallNumbersSuppressed: boolean }[];
  methodNotes: readonly string[];
  stages: StageFigures[];
  groupBy?: GroupBy;
  groups?: GroupFigures[];
}

export interface StageCurve {
  stage: StageName;
  calendar: KaplanMeierPoint[];
}

const ROUND = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);

function figures(stage: StageName, rows: HistogramRow[]): StageFigures {
  const calendar: Observation[] = rows.map((r) => ({ duration: r.calendarDays, completed: r.completed, count: r.count }));
  const working: Observation[] = rows.filter((r) => r.workingDays !== null).map((r) => ({ duration: r.workingDays as number, completed: r.completed, count: r.count }));
  const c = summariseDurations(calendar);
  const w = summariseDurations(working);
  return {
    stage,
    n: c.n,
    completed: c.completed,
    open: c.open,
    medianDays: ROUND(c.median),
    p90Days: ROUND(c.p90),
    kmMedianDays: ROUND(c.kmMedian),
    kmP90Days: ROUND(c.kmP90),
    medianWorkingDays: ROUND(w.median),
    p90WorkingDays: ROUND(w.p90),
    kmMedianWorkingDays: ROUND(w.kmMedian),
    kmP90WorkingDays: ROUND(w.kmP90),
    suppressed: null,
  };
}

function hidden(f: StageFigures, why: Suppression): StageFigures {
  return {
    stage: f.stage,
    n: null,
    completed: null,
    open: null,
    medianDays: null,
    p90Days: null,
    kmMedianDays: null,
    kmP90Days: null,
    medianWorkingDays: null,
    p90WorkingDays: null,
    kmMedianWorkingDays: null,
    kmP90WorkingDays: null,
    suppressed: why,
  };
}

const complaintLevel = new Set(STAGE_DEFINITIONS.filter((d) => d.complaintLevel).map((d) => d.stage));

function stagesOf(rows: HistogramRow[]): StageFigures[] {
  const byStage = new Map<string, HistogramRow[]>(STAGE_NAMES.map((stage) => [stage, []]));
  for (const r of rows) byStage.get(r.stage)?.push(r);
  return STAGE_NAMES.map((stage) => figures(stage, byStage.get(stage) ?? []));
}

/** Histogram rows, written by canonicalWrite in canonical JSON one row at a time. */
class CanonicalRows {
  constructor(readonly rows: readonly HistogramRow[]) {}

  /** The same text as canonical JSON of the rows gives, with their keys in sorted order, without sorting keys per row. */
  writeTo(write: (text: string) => void): void {
    // Numbers as JSON.stringify writes them; the few distinct strings are quoted once.
    const number = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? 'null' : String(v));
    const quoted = new Map<string | null, string>();
    const quote = (v: string | null | undefined): string => {
      const key = v ?? null;
      let text = quoted.get(key);
      if (text === undefined) quoted.set(key, (text = JSON.stringify(key)));
      return text;
    };
    write('[');
    this.rows.forEach((r, i) => {
      write(
        `${i === 0 ? '' : ','}{"calendarDays":${number(r.calendarDays)},"completed":${r.completed === true},"count":${number(r.count)},` +
          `"groupKey":${quote(r.groupKey)},"stage":${quote(r.stage)},"workingDays":${number(r.workingDays)}}`,
      );
    });
    write(']');
  }
}

/** Canonical JSON (keys sorted, so the hash does not depend on property order), written in pieces. */
function canonicalWrite(value: unknown, write: (text: string) => void): void {
  if (value instanceof CanonicalRows) return value.writeTo(write);
  if (Array.isArray(value)) {
    write('[');
    value.forEach((v, i) => {
      if (i > 0) write(',');
      canonicalWrite(v, write);
    });
    write(']');
    return;
  }
  if (value && typeof value === 'object') {
    write('{');
    Object.keys(value as Record<string, unknown>)
      .sort()
      .forEach((k, i) => {
        write(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
        canonicalWrite((value as Record<string, unknown>)[k], write);
      });
    write('}');
    return;
  }
  write(JSON.stringify(value ?? null));
}

/**
 * SHA-256 of a value's canonical JSON, fed to the hash in 64 KB pieces: a report's hundreds of thousands of
 * histogram rows never become one string.
 */
function canonicalHash(value: unknown): string {
  const hash = createHash('sha256');
  let pending = '';
  canonicalWrite(value, (text) => {
    pending += text;
    if (pending.length >= 65_536) {
      hash.update(pending);
      pending = '';
    }
  });
  return hash.update(pending).digest('hex');
}

export function timelineParameters(query: TimelineQuery, suppressionThreshold: number): TimelineParameters {
  return {
    asOf: query.asOf.toISOString(),
    from: query.from ?? null,
    to: query.to ?? null,
    groupBy: query.groupBy ?? null,
    harmCategories: [...(query.harmCategories ?? [])].sort(),
    serviceIds: [...(query.serviceIds ?? [])].sort(),
    suppressionThreshold,
  };
}

/**
 * Turns the histograms of stage durations into the report: statistics per stage (and per group), small
 * complaint-level cells suppressed, and a snapshot hash over the definitions, parameters and inputs.
 * `totals` is the ungrouped histogram; `grouped` the histogram by parameters.groupBy (groups may overlap).
 */
export function buildTimelineReport(parameters: TimelineParameters, totals: TimelineInputs, grouped?: TimelineInputs): TimelineReport {
  const definitions = STAGE_DEFINITIONS.map((d) => ({
    stage: d.stage,
    label: d.label,
    startsWith: d.startsWith,
    endsWith: d.endsWith,
    description: d.description,
    smallNumbersSuppressed: d.complaintLevel,
  }));
  const snapshotHash = canonicalHash({
    definitionsVersion: DEFINITIONS_VERSION,
    definitions,
    parameters,
    events: totals.events,
    rows: new CanonicalRows(totals.rows),
    groupRows: grouped ? new CanonicalRows(grouped.rows) : null,
  });
  const threshold = parameters.suppressionThreshold;
  const stages = stagesOf(totals.rows).map((f) => (complaintLevel.has(f.stage) && (f.n ?? 0) > 0 && (f.n ?? 0) < threshold ? hidden(f, 'primary') : f));
  const report: TimelineReport = {
    asOf: parameters.asOf,
    snapshotHash,
    definitionsVersion: DEFINITIONS_VERSION,
    parameters,
    definitions,
    methodNotes: METHOD_NOTES,
    stages,
  };
  if (parameters.groupBy && grouped) {
    const keys = [...new Set(grouped.rows.map((r) => r.groupKey ?? 'unknown'))].sort();
    const groups = keys.map((key) => ({ key, stages: stagesOf(grouped.rows.filter((r) => (r.groupKey ?? 'unknown') === key)) }));
    STAGE_NAMES.forEach((stage, s) => {
      if (!complaintLevel.has(stage)) return;
      const marks = suppressCells(
        groups.map((g) => g.stages[s].n ?? 0),
        threshold,
      );
      groups.forEach((g, gi) => {
        const mark = marks[gi];
        if (mark) g.stages[s] = hidden(g.stages[s], mark);
      });
    });
    report.groupBy = parameters.groupBy;
    report.groups = groups;
  }
  return report;
}

export function kaplanMeierCurves(inputs: TimelineInputs): StageCurve[] {
  return STAGE_NAMES.map((stage) => ({
    stage,
    calendar: kaplanMeier(inputs.rows.filter((r) => r.stage === stage).map((r) => ({ duration: r.calendarDays, completed: r.completed, count: r.count }))),
  }));
}

export interface MonthlySeries {
  month: string;
  intake: number | null;
  casesOpened: number | null;
  casesClosed: number | null;
  suppressed: { intake: Suppression | null; casesOpened: Suppression | null; casesClosed: Suppression | null };
}

/** Monthly counts with small complaint-level counts suppressed (primary and secondary, per series). */
export function suppressMonthly(activity: MonthlyActivity[], threshold: number): MonthlySeries[] {
  const marks = {
    intake: suppressCells(activity.map((a) => a.intake), threshold),
    casesOpened: suppressCells(activity.map((a) => a.casesOpened), threshold),
    casesClosed: suppressCells(activity.map((a) => a.casesClosed), threshold),
  };
  return activity.map((a, i) => ({
    month: a.month,
    intake: marks.intake[i] ? null : a.intake,
    casesOpened: marks.casesOpened[i] ? null : a.casesOpened,
    casesClosed: marks.casesClosed[i] ? null : a.casesClosed,
    suppressed: { intake: marks.intake[i], casesOpened: marks.casesOpened[i], casesClosed: marks.casesClosed[i] },
  }));
}
