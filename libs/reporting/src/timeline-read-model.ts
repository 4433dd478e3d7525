import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WORKING_DAY_INDEX_FROM, workingDayIndex } from './working-days.js';

/**
 * Read-only reporting projection over the audit trail (the source of truth for when each step happened)
 * and, for grouping only, the registry's service types and intake's matter sources. Reporting never
 * writes to these tables; see docs/decisions.md "Reporting reads a projection of the audit trail".
 */
export const GROUP_BY = ['harmCategory', 'source', 'serviceType', 'yearOpened', 'outcome'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface TimelineQuery {
  asOf: Date;
  /** Only stages that started on or after this UK date. */
  from?: string;
  /** Only stages that started on or before this UK date. */
  to?: string;
  groupBy?: GroupBy;
  harmCategories?: string[];
  serviceIds?: string[];
}

/** One cell of the duration histogram: how many stages of `stage` (in group `groupKey`) took these days. */
export interface HistogramRow {
  stage: string;
  groupKey: string | null;
  completed: boolean;
  calendarDays: number;
  workingDays: number | null;
  count: number;
}

export interface TimelineInputs {
  rows: HistogramRow[];
  /**
   * Identifies the audit events behind the figures: their count, the sum and the maximum of their sequence
   * numbers, summed over stage rows. The trail is append-only, so the same events give the same digest.
   */
  events: { count: string; seqSum: string; maxSeq: string };
}

export interface MonthlyActivity {
  month: string;
  intake: number;
  casesOpened: number;
  casesClosed: number;
}

const LONDON = `'Europe/London'`;

/** When the stage ends: the first close at or after `start` (closures before it belong to an earlier episode). */
const closeAfter = (start: string): string =>
  `CASE WHEN c.first_close IS NULL OR ${start} IS NULL THEN NULL WHEN c.first_close >= ${start} THEN c.first_close ELSE (SELECT min(t) FROM unnest(c.closes) t WHERE t >= ${start}) END`;

function groupColumns(groupBy: GroupBy | undefined): { perCase: string; join: string; key: string } {
  switch (groupBy) {
    case 'harmCategory':
      return { perCase: '', join: `CROSS JOIN LATERAL jsonb_array_elements_text(c.harm) AS g(key)`, key: 'g.key' };
    case 'yearOpened':
      return { perCase: '', join: '', key: `extract(year FROM c.created AT TIME ZONE ${LONDON})::int::text` };
    case 'serviceType':
      return { perCase: '', join: `LEFT JOIN online_services os ON os.id::text = c.service_id`, key: `coalesce(os.service_type, 'unknown')` };
    case 'source':
      return {
        perCase: '',
        join: `CROSS JOIN LATERAL unnest(coalesce((SELECT array_agg(DISTINCT src) FROM matters m CROSS JOIN LATERAL unnest(m.sources) src
                 WHERE m.id::text IN (SELECT jsonb_array_elements_text(c.matter_ids))), ARRAY['direct'])) AS g(key)`,
        key: 'g.key',
      };
    case 'outcome':
      return {
        perCase: `, (array_agg(coalesce(e.data->'data'->>'outcome', 'complied') ORDER BY e.occurred_at, e.seq) FILTER (WHERE e.event IN ('close', 'confirm_compliance')))[1] AS outcome`,
        join: '',
        key: `coalesce(c.outcome, 'open')`,
      };
    default:
      return { perCase: '', join: '', key: 'NULL::text' };
  }
}

@Injectable()
export class TimelineReadModel {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The SQL and parameters of the histogram query (exposed for the benchmark and for explain plans). */
  histogramSql(query: TimelineQuery): { sql: string; params: unknown[] } {
    const index = workingDayIndex();
    const params: unknown[] = [query.asOf, index['england-and-wales'], index.scotland, index['northern-ireland'], WORKING_DAY_INDEX_FROM];
    const filters: string[] = [];
    if (query.harmCategories?.length) {
      params.push(query.harmCategories);
      filters.push(`c.harm ?| $${params.length}::text[]`);
    }
    if (query.serviceIds?.length) {
      params.push(query.serviceIds);
      filters.push(`c.service_id = ANY($${params.length}::text[])`);
    }
    const dateFilters: string[] = [];
    if (query.from) {
      params.push(query.from);
      dateFilters.push(`d.start_d >= $${params.length}::date`);
    }
    if (query.to) {
      params.push(query.to);
      dateFilters.push(`d.start_d <= $${params.length}::date`);
    }
    const group = groupColumns(query.groupBy);
    // Only the create-event attributes a filter or grouping needs are extracted (jsonb is costly per row).
    const needs = {
      harm: Boolean(query.harmCategories?.length) || query.groupBy === 'harmCategory',
      serviceId: Boolean(query.serviceIds?.length) || query.groupBy === 'serviceType',
      matterIds: query.groupBy === 'source',
    };
    const sql = `
      WITH per_case AS (
        SELECT e.chain_id,
          min(e.occurred_at) FILTER (WHERE e.event = 'create') AS created,
          min(e.occurred_at) FILTER (WHERE e.event IN ('open_investigation', 'begin_remediation', 'close')) AS assessed,
          min(e.occurred_at) FILTER (WHERE e.event = 'open_investigation') AS s_inv,
          min(e.occurred_at) FILTER (WHERE e.event = 'issue_provisional_notice') AS s_pn,
          min(e.occurred_at) FILTER (WHERE e.event = 'issue_confirmation_decision') AS s_cd,
          min(e.occurred_at) FILTER (WHERE e.event = 'apply_for_business_disruption') AS s_bd,
          min(e.occurred_at) FILTER (WHERE e.event = 'confirm_compliance') AS e_cc,
          min(e.occurred_at) FILTER (WHERE e.event = 'record_non_compliance') AS e_nc,
          min(e.occurred_at) FILTER (WHERE e.event = 'record_court_order' AND e.data->'data'->>'result' IN ('order_made', 'order_refused')) AS e_order,
          min(e.occurred_at) FILTER (WHERE e.event = 'close') AS first_close,
          array_agg(e.occurred_at) FILTER (WHERE e.event = 'close') AS closes,
          max(e.data->>'jurisdiction') FILTER (WHERE e.event = 'create') AS jurisdiction,
          count(*) AS events, sum(e.seq) AS seq_sum, max(e.seq) AS max_seq
          ${needs.serviceId ? `, max(e.data->>'serviceId') FILTER (WHERE e.event = 'create') AS service_id` : ''}
          ${needs.harm ? `, (array_agg(e.data->'harmCategories') FILTER (WHERE e.event = 'create'))[1] AS harm` : ''}
          ${needs.matterIds ? `, (array_agg(e.data->'matterIds') FILTER (WHERE e.event = 'create'))[1] AS matter_ids` : ''}
          ${group.perCase}
        FROM audit_events e
        WHERE e.subject_type = 'case' AND e.recorded_at <= $1
        GROUP BY e.chain_id
      ),
      episodes AS (
        SELECT s.stage, ${group.key} AS group_key, c.jurisdiction, s.started, s.ended, c.events, c.seq_sum, c.max_seq
        FROM per_case c
        ${group.join}
        CROSS JOIN LATERAL (VALUES
          ('assessment', c.created, c.assessed),
          ('investigation', c.s_inv, least(c.s_pn, ${closeAfter('c.s_inv')})),
          ('representations', c.s_pn, least(c.s_cd, ${closeAfter('c.s_pn')})),
          ('compliance', c.s_cd, least(c.e_cc, c.e_nc, ${closeAfter('c.s_cd')})),
          ('disruption', c.s_bd, least(c.e_order, ${closeAfter('c.s_bd')})),
          ('end_to_end', c.created, least(c.first_close, c.e_cc))
        ) AS s(stage, started, ended)
        WHERE c.created IS NOT NULL AND s.started IS NOT NULL ${filters.map((f) => `AND ${f}`).join(' ')}
      ),
      dated AS (
        SELECT stage, group_key, jurisdiction, events, seq_sum, max_seq, ended IS NOT NULL AS completed,
          (started AT TIME ZONE ${LONDON})::date AS start_d,
          greatest((coalesce(ended, $1) AT TIME ZONE ${LONDON})::date, (started AT TIME ZONE ${LONDON})::date) AS end_d
        FROM episodes
      )
      SELECT d.stage, d.group_key, d.completed, d.end_d - d.start_d AS calendar_days,
        (CASE d.jurisdiction WHEN 'scotland' THEN $3::int[] WHEN 'northern-ireland' THEN $4::int[] ELSE $2::int[] END)[d.end_d - $5::date + 1]
          - (CASE d.jurisdiction WHEN 'scotland' THEN $3::int[] WHEN 'northern-ireland' THEN $4::int[] ELSE $2::int[] END)[d.start_d - $5::date + 1] AS working_days,
        count(*)::bigint AS n, sum(d.events)::bigint AS events, sum(d.seq_sum) AS seq_sum, max(d.max_seq) AS max_seq
      FROM dated d
      ${dateFilters.length ? `WHERE ${dateFilters.join(' AND ')}` : ''}
      GROUP BY 1, 2, 3, 4, 5`;
    return { sql, params };
  }

  async histogram(query: TimelineQuery): Promise<TimelineInputs> {
    const { sql, params } = this.histogramSql(query);
    const raw: { stage: string; group_key: string | null; completed: boolean; calendar_days: number; working_days: number | null; n: string; events: string; seq_sum: string; max_seq: string }[] =
      await this.dataSource.query(sql, params);
    const rows: HistogramRow[] = [];
    // The audit events behind the figures, summed over stage rows (a case counts once per stage it is in).
    let count = 0n;
    let seqSum = 0n;
    let maxSeq = 0n;
    for (const r of raw) {
      count += BigInt(r.events);
      seqSum += BigInt(r.seq_sum);
      if (BigInt(r.max_seq) > maxSeq) maxSeq = BigInt(r.max_seq);
      rows.push({ stage: r.stage, groupKey: r.group_key, completed: r.completed === true, calendarDays: Number(r.calendar_days), workingDays: r.working_days === null ? null : Number(r.working_days), count: Number(r.n) });
    }
    rows.sort((a, b) => cmp(a.stage, b.stage) || cmp(a.groupKey ?? '', b.groupKey ?? '') || Number(a.completed) - Number(b.completed) || a.calendarDays - b.calendarDays || (a.workingDays ?? -1) - (b.workingDays ?? -1));
    return { rows, events: { count: count.toString(), seqSum: seqSum.toString(), maxSeq: maxSeq.toString() } };
  }

  /** Intake items received, cases opened and cases closed per UK month, as known at asOf. */
  async monthlyActivity(asOf: Date, from?: string, to?: string): Promise<MonthlyActivity[]> {
    const raw: { month: string; intake: string; opened: string; closed: string }[] = await this.dataSource.query(
      `WITH intake AS (
         SELECT to_char(received_at AT TIME ZONE ${LONDON}, 'YYYY-MM') AS month, count(*) AS n FROM intake_items WHERE received_at <= $1 GROUP BY 1
       ), opened AS (
         SELECT to_char(occurred_at AT TIME ZONE ${LONDON}, 'YYYY-MM') AS month, count(*) AS n FROM audit_events
         WHERE subject_type = 'case' AND event = 'create' AND recorded_at <= $1 GROUP BY 1
       ), closed AS (
         SELECT to_char(occurred_at AT TIME ZONE ${LONDON}, 'YYYY-MM') AS month, count(*) AS n FROM audit_events
         WHERE subject_type = 'case' AND event IN ('close', 'confirm_compliance') AND recorded_at <= $1 GROUP BY 1
       )
       SELECT month, coalesce(i.n, 0) AS intake, coalesce(o.n, 0) AS opened, coalesce(c.n, 0) AS closed
       FROM intake i FULL JOIN opened o USING (month) FULL JOIN closed c USING (month)
       WHERE ($2::text IS NULL OR month >= $2) AND ($3::text IS NULL OR month <= $3)
       ORDER BY month`,
      [asOf, from?.slice(0, 7) ?? null, to?.slice(0, 7) ?? null],
    );
    return raw.map((r) => ({ month: r.month, intake: Number(r.intake), casesOpened: Number(r.opened), casesClosed: Number(r.closed) }));
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
