import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

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

/** The newest timeline checkpoint at or before a report's asOf (timeline-checkpoints.ts). */
export interface UsableCheckpoint {
  id: string;
  boundary: Date;
}

/**
 * How a row of `alias` (a span, or a checkpoint cell for harmCategory) is grouped; super-complaints have no
 * harm category or service.
 */
function groupColumns(groupBy: GroupBy | undefined, alias = 's'): { join: string; key: string; superKey: string } {
  switch (groupBy) {
    case 'harmCategory':
      return { join: `CROSS JOIN LATERAL unnest(${alias}.harm_categories) AS g(key)`, key: 'g.key', superKey: `'not_applicable'` };
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

/**
 * How long a span took or has been open, in calendar and working days, as SQL over a row `a` (a span or a
 * checkpoint cell: started_on, start_working_day, jurisdiction; a span also ended_on, end_working_day) and
 * `today` t (the asOf date and its ordinal per jurisdiction). A stage that ends (or, open, is measured)
 * before the UK date it started counts as zero days. One definition for the full scan, the checkpoints
 * and the spans recorded since a checkpoint, so all three give the same cells.
 */
export const spanDurations = (a: string) => ({
  completedCalendarDays: `greatest(${a}.ended_on - ${a}.started_on, 0)`,
  completedWorkingDays: `CASE WHEN ${a}.ended_on > ${a}.started_on THEN ${a}.end_working_day ELSE ${a}.start_working_day END - ${a}.start_working_day`,
  openCalendarDays: `greatest(t.as_of_date - ${a}.started_on, 0)`,
  // England and Wales unless Scotland or Northern Ireland, as the working-day trigger counts.
  openWorkingDays: `CASE WHEN t.as_of_date > ${a}.started_on THEN CASE ${a}.jurisdiction WHEN 'scotland' THEN t.scotland WHEN 'northern-ireland' THEN t.northern_ireland ELSE t.england_and_wales END ELSE ${a}.start_working_day END - ${a}.start_working_day`,
});

/** The jurisdiction whose bank holidays a span counts (as the working-day trigger does). */
export const calendarJurisdiction = (a: string) => `CASE WHEN ${a}.jurisdiction IN ('scotland', 'northern-ireland') THEN ${a}.jurisdiction ELSE 'england-and-wales' END`;

@Injectable()
export class TimelineReadModel {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Whether a checkpoint can answer this query: no period, no services, grouped by nothing or harm category. */
  static checkpointCanAnswer(query: TimelineQuery): boolean {
    return !query.from && !query.to && !query.serviceIds?.length && (query.groupBy === undefined || query.groupBy === 'harmCategory');
  }

  /**
   * The SQL and parameters of the histogram query (exposed for the benchmark, tests and explain plans).
   * Case stages come from case_stage_spans, kept in step with the audit trail in each event's transaction;
   * a span counts only if its start was recorded by asOf, and its end only if that was recorded by asOf.
   * Each span carries the working-day ordinals of its UK dates (migration 1795000000024), so the query is a
   * plain aggregate: working days are a subtraction, and an open span's end is the asOf date's ordinal in
   * its jurisdiction (three lookups per report). With `checkpoint` (the newest at or before asOf, for a query
   * it can answer), the cells come from the checkpoint plus the spans whose start or end was recorded after
   * it, by asOf, instead of from every span; the result is identical. Super-complaints (few) are read
   * straight from their audit events, with the same as-of rule.
   */
  histogramSql(query: TimelineQuery, checkpoint?: UsableCheckpoint | null): { sql: string; params: unknown[] } {
    const params: unknown[] = [query.asOf];
    const useCheckpoint = checkpoint !== undefined && checkpoint !== null && TimelineReadModel.checkpointCanAnswer(query) && checkpoint.boundary.getTime() <= query.asOf.getTime();
    // A super-complaint has no harm category or service to filter on: a filtered report leaves them out.
    const withSuperComplaints = !query.harmCategories?.length && !query.serviceIds?.length;
    const filters: string[] = [];
    let harmParam = 0;
    if (query.harmCategories?.length) {
      params.push(query.harmCategories);
      harmParam = params.length;
      filters.push(`s.harm_categories && $${harmParam}::text[]`);
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
    const ordinalOn = (jurisdiction: string) => `(SELECT ordinal FROM working_day_ordinals WHERE jurisdiction = '${jurisdiction}' AND day = ${asOfDate})`;
    const span = spanDurations('s');
    let caseStages: string;
    let since = '';
    if (useCheckpoint) {
      params.push(checkpoint.id, checkpoint.boundary);
      const [id, boundary] = [params.length - 1, params.length];
      const cell = spanDurations('c');
      const cellGroup = groupColumns(query.groupBy, 'c');
      // The checkpoint's cells (an open one measured to this asOf), then the spans recorded since it:
      // completed by asOf but not by the checkpoint (+1); started since it and still open (+1); open at the
      // checkpoint and ended since (−1 from the open cell it was in). The audit events behind each are
      // counted once: a start recorded by the checkpoint is already in the checkpoint's figures.
      caseStages = `
      SELECT c.stage, ${cellGroup.key}, c.completed,
        CASE WHEN c.completed THEN c.calendar_days ELSE ${cell.openCalendarDays} END,
        CASE WHEN c.completed THEN c.working_days ELSE ${cell.openWorkingDays} END,
        c.n::bigint, c.events, c.seq_sum, c.max_seq
      FROM today t CROSS JOIN timeline_checkpoint_cells c ${cellGroup.join}
      WHERE c.checkpoint_id = $${id}::bigint ${harmParam ? `AND c.harm_categories && $${harmParam}::text[]` : ''}
      UNION ALL
      SELECT s.stage, ${group.key}, true, ${span.completedCalendarDays}, ${span.completedWorkingDays}, 1::bigint,
        CASE WHEN s.start_recorded_at > $${boundary} THEN 2 ELSE 1 END,
        CASE WHEN s.start_recorded_at > $${boundary} THEN s.start_seq ELSE 0 END + s.end_seq, greatest(s.start_seq, s.end_seq)
      FROM since s ${group.join} WHERE ${ended}
      UNION ALL
      SELECT s.stage, ${group.key}, false, ${span.openCalendarDays}, ${span.openWorkingDays}, 1::bigint, 1, s.start_seq, s.start_seq
      FROM today t CROSS JOIN since s ${group.join} WHERE s.start_recorded_at > $${boundary} AND NOT ${ended}
      UNION ALL
      SELECT s.stage, ${group.key}, false, ${span.openCalendarDays}, ${span.openWorkingDays}, -1::bigint, 0, 0, NULL
      FROM today t CROSS JOIN since s ${group.join} WHERE s.start_recorded_at <= $${boundary} AND ${ended}`;
      caseStages = `SELECT stage, group_key, completed, calendar_days, working_days, sum(n), sum(events), sum(seq_sum), max(max_seq)
        FROM (${caseStages}) AS parts (stage, group_key, completed, calendar_days, working_days, n, events, seq_sum, max_seq)
        GROUP BY 1, 2, 3, 4, 5`;
      // The spans whose start or end was recorded after the checkpoint, by asOf (each once).
      since = `
      since AS MATERIALIZED (
        SELECT s.* FROM case_stage_spans s WHERE s.start_recorded_at > $${boundary} AND s.start_recorded_at <= $1 ${filters.map((f) => `AND ${f}`).join(' ')}
        UNION ALL
        SELECT s.* FROM case_stage_spans s WHERE s.end_recorded_at > $${boundary} AND s.end_recorded_at <= $1 AND s.start_recorded_at <= $${boundary} ${filters.map((f) => `AND ${f}`).join(' ')}
      ),`;
    } else {
      caseStages = `
      SELECT s.stage, ${group.key} AS group_key, ${ended} AS completed,
        CASE WHEN ${ended} THEN ${span.completedCalendarDays} ELSE ${span.openCalendarDays} END AS calendar_days,
        CASE WHEN ${ended} THEN ${span.completedWorkingDays} ELSE ${span.openWorkingDays} END AS working_days,
        count(*)::bigint AS n,
        (CASE WHEN ${ended} THEN 2 ELSE 1 END * count(*))::bigint AS events,
        sum(s.start_seq) + CASE WHEN ${ended} THEN sum(s.end_seq) ELSE 0 END AS seq_sum,
        CASE WHEN ${ended} THEN greatest(max(s.start_seq), max(s.end_seq)) ELSE max(s.start_seq) END AS max_seq
      FROM today t CROSS JOIN case_stage_spans s
      ${group.join}
      WHERE s.start_recorded_at <= $1 ${filters.map((f) => `AND ${f}`).join(' ')}
      GROUP BY 1, 2, 3, 4, 5`;
    }
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
      ),${since} cells (stage, group_key, completed, calendar_days, working_days, n, events, seq_sum, max_seq) AS (
        ${caseStages}${superComplaints}
      )
      SELECT stage, group_key, completed,
        '[' || coalesce(string_agg(calendar_days || ',' || coalesce(working_days::text, 'null') || ',' || n, ',') FILTER (WHERE n <> 0), '') || ']' AS cells,
        sum(events)::bigint AS events, sum(seq_sum) AS seq_sum, max(max_seq) AS max_seq
      FROM cells GROUP BY 1, 2, 3`;
    return { sql, params };
  }

  /**
   * The histogram as of query.asOf. By default from the newest checkpoint that can answer it (plus the spans
   * recorded since), read in one snapshot with the checkpoint so a checkpoint deleted meanwhile cannot be
   * half-read; `fullScan` reads every span instead (the same result: tests and the benchmark compare them).
   */
  async histogram(query: TimelineQuery, options: { fullScan?: boolean } = {}): Promise<TimelineInputs> {
    const raw: { stage: string; group_key: string | null; completed: boolean; cells: string; events: string; seq_sum: string; max_seq: string }[] =
      await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
        const checkpoint = options.fullScan || !TimelineReadModel.checkpointCanAnswer(query) ? null : await usableCheckpoint(manager, query.asOf);
        const { sql, params } = this.histogramSql(query, checkpoint);
        return manager.query(sql, params);
      });
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

  /**
   * Intake items received, cases opened and cases closed per UK month, as known at asOf. Cases come from
   * the end-to-end stage (opened when created; closed when first closed or found compliant, so a case
   * reopened and closed again counts once, in the month it first closed), read like the histogram: from the
   * newest checkpoint at or before asOf plus the spans recorded since, or every span when there is none.
   */
  async monthlyActivity(asOf: Date, from?: string, to?: string, options: { fullScan?: boolean } = {}): Promise<MonthlyActivity[]> {
    const raw: { month: string; intake: string; opened: string; closed: string }[] = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const checkpoint = options.fullScan ? null : await usableCheckpoint(manager, asOf);
      const params: unknown[] = [asOf, from?.slice(0, 7) ?? null, to?.slice(0, 7) ?? null];
      let activity: string;
      if (checkpoint) {
        params.push(checkpoint.id, checkpoint.boundary);
        activity = `
          SELECT month, intake, opened, closed FROM timeline_checkpoint_months WHERE checkpoint_id = $4::bigint
          UNION ALL
          SELECT to_char(received_at AT TIME ZONE ${LONDON}, 'YYYY-MM'), 1, 0, 0 FROM intake_items WHERE received_at > $5 AND received_at <= $1
          UNION ALL
          SELECT to_char(started_on, 'YYYY-MM'), 0, 1, 0 FROM case_stage_spans WHERE stage = 'end_to_end' AND start_recorded_at > $5 AND start_recorded_at <= $1
          UNION ALL
          SELECT to_char(ended_on, 'YYYY-MM'), 0, 0, 1 FROM case_stage_spans WHERE stage = 'end_to_end' AND end_recorded_at > $5 AND end_recorded_at <= $1`;
      } else {
        activity = MONTHLY_ACTIVITY_SQL;
      }
      return manager.query(
        `SELECT month, sum(intake) AS intake, sum(opened) AS opened, sum(closed) AS closed
         FROM (${activity}) AS a (month, intake, opened, closed)
         WHERE ($2::text IS NULL OR month >= $2) AND ($3::text IS NULL OR month <= $3)
         GROUP BY month ORDER BY month`,
        params,
      );
    });
    return raw.map((r) => ({ month: r.month, intake: Number(r.intake), casesOpened: Number(r.opened), casesClosed: Number(r.closed) }));
  }
}

/**
 * Intake items received, cases opened and cases closed by UK month as of $1: items received by then, and
 * every end-to-end span's start and end (UK dates) once recorded. Timeline checkpoints store the same as
 * of their boundary.
 */
export const MONTHLY_ACTIVITY_SQL = `
  SELECT to_char(received_at AT TIME ZONE ${LONDON}, 'YYYY-MM') AS month, 1 AS intake, 0 AS opened, 0 AS closed FROM intake_items WHERE received_at <= $1
  UNION ALL
  SELECT to_char(started_on, 'YYYY-MM'), 0, 1, 0 FROM case_stage_spans WHERE stage = 'end_to_end' AND start_recorded_at <= $1
  UNION ALL
  SELECT to_char(ended_on, 'YYYY-MM'), 0, 0, 1 FROM case_stage_spans WHERE stage = 'end_to_end' AND end_recorded_at <= $1`;

/** The newest checkpoint at or before asOf, if any. */
export async function usableCheckpoint(manager: EntityManager, asOf: Date): Promise<UsableCheckpoint | null> {
  const rows: { id: string; boundary: Date }[] = await manager.query(
    `SELECT id::text, boundary FROM timeline_checkpoints WHERE boundary <= $1 ORDER BY boundary DESC LIMIT 1`,
    [asOf],
  );
  return rows[0] ?? null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
