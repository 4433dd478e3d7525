import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Reporting's projection of the audit trail (the source of truth for when each step happened): the
 * per-case stage summary case_stage_spans that this context maintains in each case event's transaction
 * (stage-spans.ts), the super-complaints' audit events, and, for grouping only, the registry's service
 * types and intake's matter sources. See docs/decisions.md "Reporting reads a projection of the audit trail".
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
   * Identifies the audit events behind the figures (each stage's start and, once recorded, its end): their
   * count, the sum and the maximum of their sequence numbers, summed over stage rows. The trail is
   * append-only, so the same events give the same digest.
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

/** Audit events of a super-complaint's stage (libs/super-complaints appends them to the shared trail). */
const SUPER_COMPLAINT_START = 'super_complaint.submit';
const SUPER_COMPLAINT_ENDS = ['super_complaint.publish_response', 'super_complaint.find_not_admissible', 'super_complaint.withdraw'];

/** How a span row (alias s, visible end `ended_on`) is grouped; super-complaints have no harm category or service. */
function groupColumns(groupBy: GroupBy | undefined): { join: string; key: string; superKey: string } {
  switch (groupBy) {
    case 'harmCategory':
      return { join: `CROSS JOIN LATERAL unnest(s.harm_categories) AS g(key)`, key: 'g.key', superKey: `'not_applicable'` };
    case 'yearOpened':
      return { join: '', key: `extract(year FROM s.opened_at AT TIME ZONE ${LONDON})::int::text`, superKey: `extract(year FROM sc.started AT TIME ZONE ${LONDON})::int::text` };
    case 'serviceType':
      return { join: `LEFT JOIN online_services os ON os.id::text = s.service_id`, key: `coalesce(os.service_type, 'unknown')`, superKey: `'not_applicable'` };
    case 'source':
      return {
        join: `CROSS JOIN LATERAL unnest(coalesce((SELECT array_agg(DISTINCT src) FROM matters m CROSS JOIN LATERAL unnest(m.sources) src
                 WHERE m.id = ANY(s.matter_ids)), ARRAY['direct'])) AS g(key)`,
        key: 'g.key',
        superKey: `'super_complaint'`,
      };
    case 'outcome':
      return {
        join: `LEFT JOIN case_stage_spans o ON o.case_id = s.case_id AND o.stage = 'end_to_end' AND o.end_recorded_at <= $1`,
        key: `coalesce(o.end_outcome, 'open')`,
        superKey: `coalesce(sc.outcome, 'open')`,
      };
    default:
      return { join: '', key: 'NULL::text', superKey: 'NULL::text' };
  }
}

@Injectable()
export class TimelineReadModel {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * The SQL and parameters of the histogram query (exposed for the benchmark and for explain plans).
   * Case stages come from case_stage_spans, kept in step with the audit trail in each event's transaction;
   * a span counts only if its start was recorded by asOf, and its end only if that was recorded by asOf.
   * Each span carries the working-day ordinals of its UK dates (migration 1795000000024), so the query is a
   * plain aggregate: working days are a subtraction, and an open span's end is the asOf date's ordinal in
   * its jurisdiction (three lookups per report). Super-complaints (few) are read straight from their audit
   * events, with the same as-of rule.
   */
  histogramSql(query: TimelineQuery): { sql: string; params: unknown[] } {
    const params: unknown[] = [query.asOf];
    // A super-complaint has no harm category or service to filter on: a filtered report leaves them out.
    const withSuperComplaints = !query.harmCategories?.length && !query.serviceIds?.length;
    const filters: string[] = [];
    if (query.harmCategories?.length) {
      params.push(query.harmCategories);
      filters.push(`s.harm_categories && $${params.length}::text[]`);
    }
    if (query.serviceIds?.length) {
      params.push(query.serviceIds);
      filters.push(`s.service_id = ANY($${params.length}::text[])`);
    }
    const startFilters = (column: string): string[] => {
      const out: string[] = [];
      if (query.from) {
        params.push(query.from);
        out.push(`${column} >= $${params.length}::date`);
      }
      if (query.to) {
        params.push(query.to);
        out.push(`${column} <= $${params.length}::date`);
      }
      return out;
    };
    filters.push(...startFilters('s.started_on'));
    const group = groupColumns(query.groupBy);
    const asOfDate = `($1::timestamptz AT TIME ZONE ${LONDON})::date`;
    /** Whether the span's end was recorded by asOf (false while it is open). */
    const ended = `(s.end_recorded_at IS NOT NULL AND s.end_recorded_at <= $1)`;
    /** The working-day ordinal of the asOf date in the span's jurisdiction (England and Wales unless Scotland or Northern Ireland). */
    const asOfOrdinal = `CASE s.jurisdiction WHEN 'scotland' THEN t.scotland WHEN 'northern-ireland' THEN t.northern_ireland ELSE t.england_and_wales END`;
    const ordinalOn = (jurisdiction: string) => `(SELECT ordinal FROM working_day_ordinals WHERE jurisdiction = '${jurisdiction}' AND day = ${asOfDate})`;
    // A stage that ends (or, open, is measured) before the UK date it started counts as zero days.
    const caseStages = `
      SELECT s.stage, ${group.key} AS group_key, ${ended} AS completed,
        CASE WHEN ${ended} THEN greatest(s.ended_on - s.started_on, 0) ELSE greatest(t.as_of_date - s.started_on, 0) END AS calendar_days,
        CASE WHEN ${ended} THEN CASE WHEN s.ended_on > s.started_on THEN s.end_working_day ELSE s.start_working_day END
          ELSE CASE WHEN t.as_of_date > s.started_on THEN ${asOfOrdinal} ELSE s.start_working_day END END - s.start_working_day AS working_days,
        count(*)::bigint AS n,
        (CASE WHEN ${ended} THEN 2 ELSE 1 END * count(*))::bigint AS events,
        sum(s.start_seq) + CASE WHEN ${ended} THEN sum(s.end_seq) ELSE 0 END AS seq_sum,
        CASE WHEN ${ended} THEN greatest(max(s.start_seq), max(s.end_seq)) ELSE max(s.start_seq) END AS max_seq
      FROM today t CROSS JOIN case_stage_spans s
      ${group.join}
      WHERE s.start_recorded_at <= $1 ${filters.map((f) => `AND ${f}`).join(' ')}
      GROUP BY 1, 2, 3, 4, 5`;
    let superComplaints = '';
    if (withSuperComplaints) {
      params.push(SUPER_COMPLAINT_START, SUPER_COMPLAINT_ENDS);
      const [start, ends] = [params.length - 1, params.length];
      const scFilters = startFilters('d.start_d');
      superComplaints = `
      UNION ALL
      SELECT 'super_complaint', d.group_key, d.completed, d.end_d - d.start_d, b.ordinal - a.ordinal,
        count(*)::bigint, sum(CASE WHEN d.completed THEN 2 ELSE 1 END)::bigint, sum(d.start_seq + coalesce(d.end_seq, 0)), max(greatest(d.start_seq, d.end_seq))
      FROM (
        SELECT ${group.superKey} AS group_key, sc.ended IS NOT NULL AS completed, sc.start_seq, sc.end_seq, (sc.started AT TIME ZONE ${LONDON})::date AS start_d,
          greatest(coalesce((sc.ended AT TIME ZONE ${LONDON})::date, ${asOfDate}), (sc.started AT TIME ZONE ${LONDON})::date) AS end_d
        FROM (
          SELECT st.subject_id, st.started, st.seq AS start_seq, en.occurred_at AS ended, en.seq AS end_seq, en.outcome
          FROM (
            SELECT DISTINCT ON (e.subject_id) e.subject_id, e.chain_seq, e.seq, e.occurred_at AS started
            FROM audit_events e
            WHERE e.subject_type = 'super_complaint' AND e.event = $${start} AND e.recorded_at <= $1
            ORDER BY e.subject_id, e.chain_seq
          ) st
          LEFT JOIN LATERAL (
            SELECT e.occurred_at, e.seq,
              CASE WHEN e.to_state = 'response_published' THEN coalesce(e.data->>'outcome', e.to_state) ELSE e.to_state END AS outcome
            FROM audit_events e
            WHERE e.subject_type = 'super_complaint' AND e.subject_id = st.subject_id AND e.chain_seq > st.chain_seq
              AND e.event = ANY($${ends}::text[]) AND e.recorded_at <= $1
            ORDER BY e.chain_seq LIMIT 1
          ) en ON true
        ) sc
      ) d
      LEFT JOIN working_day_ordinals a ON a.jurisdiction = 'england-and-wales' AND a.day = d.start_d
      LEFT JOIN working_day_ordinals b ON b.jurisdiction = 'england-and-wales' AND b.day = d.end_d
      ${scFilters.length ? `WHERE ${scFilters.join(' AND ')}` : ''}
      GROUP BY 1, 2, 3, 4, 5`;
    }
    // The histogram travels as one row per stage, group and status, its cells packed as JSON triples
    // [calendar days, working days, count]: tens of thousands of cells parse far faster that way than as rows.
    const sql = `
      WITH today AS (
        SELECT ${asOfDate} AS as_of_date, ${ordinalOn('england-and-wales')} AS england_and_wales,
          ${ordinalOn('scotland')} AS scotland, ${ordinalOn('northern-ireland')} AS northern_ireland
      ), cells (stage, group_key, completed, calendar_days, working_days, n, events, seq_sum, max_seq) AS (
        ${caseStages}${superComplaints}
      )
      SELECT stage, group_key, completed,
        '[' || string_agg(calendar_days || ',' || coalesce(working_days::text, 'null') || ',' || n, ',') || ']' AS cells,
        sum(events)::bigint AS events, sum(seq_sum) AS seq_sum, max(max_seq) AS max_seq
      FROM cells GROUP BY 1, 2, 3`;
    return { sql, params };
  }

  async histogram(query: TimelineQuery): Promise<TimelineInputs> {
    const { sql, params } = this.histogramSql(query);
    const raw: { stage: string; group_key: string | null; completed: boolean; cells: string; events: string; seq_sum: string; max_seq: string }[] = await this.dataSource.query(sql, params);
    const rows: HistogramRow[] = [];
    // The audit events behind the figures, summed over stage rows (a case counts once per stage it is in).
    // Counts and sequence numbers stay far below 2^53; only the sum of sequence numbers needs a BigInt.
    let count = 0;
    let seqSum = 0n;
    let maxSeq = 0;
    for (const r of raw) {
      count += Number(r.events);
      seqSum += BigInt(r.seq_sum);
      if (Number(r.max_seq) > maxSeq) maxSeq = Number(r.max_seq);
      const cells = JSON.parse(r.cells) as (number | null)[];
      const completed = r.completed === true;
      for (let i = 0; i < cells.length; i += 3) {
        rows.push({ stage: r.stage, groupKey: r.group_key, completed, calendarDays: cells[i] as number, workingDays: cells[i + 1], count: cells[i + 2] as number });
      }
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
