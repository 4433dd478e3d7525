import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rebuilds case_stage_spans from the audit trail: for each case and timeline stage, its first start event
 * and the first end event after it, with when each happened (occurred_at) and was recorded (recorded_at).
 * The rules are those of stage definitions version 2026-11-27.1 (libs/reporting/src/stages.ts), which the
 * reporting context applies to each new event in the event's own transaction. Exported for the benchmark,
 * which loads its histories straight into the audit trail.
 */
export const BACKFILL_CASE_STAGE_SPANS = `
  WITH rules (stage, kind, event) AS (VALUES
    ('assessment', 'start', 'create'), ('assessment', 'end', 'open_investigation'), ('assessment', 'end', 'begin_remediation'), ('assessment', 'end', 'close'),
    ('investigation', 'start', 'open_investigation'), ('investigation', 'end', 'issue_provisional_notice'), ('investigation', 'end', 'close'),
    ('representations', 'start', 'issue_provisional_notice'), ('representations', 'end', 'issue_confirmation_decision'), ('representations', 'end', 'close'),
    ('compliance', 'start', 'issue_confirmation_decision'), ('compliance', 'end', 'confirm_compliance'), ('compliance', 'end', 'record_non_compliance'), ('compliance', 'end', 'close'),
    ('disruption', 'start', 'apply_for_business_disruption'), ('disruption', 'end', 'record_court_order'), ('disruption', 'end', 'close'),
    ('end_to_end', 'start', 'create'), ('end_to_end', 'end', 'close'), ('end_to_end', 'end', 'confirm_compliance')
  ),
  marks AS (
    SELECT e.subject_id, e.chain_seq, e.seq, e.event, e.occurred_at, e.recorded_at, e.data, r.stage, r.kind
    FROM audit_events e JOIN rules r ON r.event = e.event
    WHERE e.subject_type = 'case'
      AND (e.event <> 'record_court_order' OR e.data->'data'->>'result' IN ('order_made', 'order_refused'))
  ),
  starts AS (
    SELECT DISTINCT ON (subject_id, stage) subject_id, stage, chain_seq, seq, occurred_at, recorded_at
    FROM marks WHERE kind = 'start' ORDER BY subject_id, stage, chain_seq
  ),
  ends AS (
    SELECT DISTINCT ON (m.subject_id, m.stage) m.subject_id, m.stage, m.seq, m.occurred_at, m.recorded_at,
      coalesce(m.data->'data'->>'outcome', 'complied') AS outcome
    FROM marks m JOIN starts s ON s.subject_id = m.subject_id AND s.stage = m.stage AND m.chain_seq > s.chain_seq
    WHERE m.kind = 'end' ORDER BY m.subject_id, m.stage, m.chain_seq
  ),
  created AS (
    SELECT subject_id, occurred_at, data FROM marks WHERE event = 'create' AND stage = 'end_to_end'
  )
  INSERT INTO case_stage_spans (case_id, stage, started_at, started_on, start_recorded_at, start_seq, ended_at, ended_on, end_recorded_at, end_seq,
    end_outcome, opened_at, jurisdiction, harm_categories, service_id, matter_ids)
  SELECT s.subject_id::uuid, s.stage, s.occurred_at, (s.occurred_at AT TIME ZONE 'Europe/London')::date, s.recorded_at, s.seq,
    e.occurred_at, (e.occurred_at AT TIME ZONE 'Europe/London')::date, e.recorded_at, e.seq,
    CASE WHEN s.stage = 'end_to_end' THEN e.outcome END,
    c.occurred_at, coalesce(c.data->>'jurisdiction', 'england-and-wales'),
    ARRAY(SELECT jsonb_array_elements_text(coalesce(c.data->'harmCategories', '[]'::jsonb))),
    c.data->>'serviceId',
    ARRAY(SELECT jsonb_array_elements_text(coalesce(c.data->'matterIds', '[]'::jsonb)))::uuid[]
  FROM starts s
  JOIN created c ON c.subject_id = s.subject_id
  LEFT JOIN ends e ON e.subject_id = s.subject_id AND e.stage = s.stage
  ON CONFLICT (case_id, stage) DO NOTHING`;

/**
 * Reporting (issue 8): a per-case stage summary kept in step with the audit trail (so timeline reports
 * need not scan every audit event), and analysts' saved report parameters.
 */
export class Reporting1795000000018 implements MigrationInterface {
  name = 'Reporting1795000000018';

  async up(q: QueryRunner): Promise<void> {
    // One row per case and stage: the first episode of the stage. Each end carries the recorded time of
    // its event, so a report as of T treats an end recorded after T as still open, and a start recorded
    // after T as not begun. Grouping attributes come from the case's create event and never change.
    await q.query(`
      CREATE TABLE case_stage_spans (
        case_id           uuid NOT NULL,
        stage             text NOT NULL,
        started_at        timestamptz NOT NULL,
        started_on        date NOT NULL,
        start_recorded_at timestamptz NOT NULL,
        start_seq         bigint NOT NULL,
        ended_at          timestamptz,
        ended_on          date,
        end_recorded_at   timestamptz,
        end_seq           bigint,
        end_outcome       text,
        opened_at         timestamptz NOT NULL,
        jurisdiction      text NOT NULL,
        harm_categories   text[] NOT NULL,
        service_id        text,
        matter_ids        uuid[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (case_id, stage),
        CHECK ((ended_at IS NULL) = (end_recorded_at IS NULL))
      )`);
    await q.query(BACKFILL_CASE_STAGE_SPANS);
    await q.query(`
      CREATE TABLE saved_reports (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        report          text NOT NULL CHECK (report IN ('enforcement_timelines')),
        parameters      jsonb NOT NULL,
        snapshot_hash   char(64) NOT NULL,
        created_by      uuid NOT NULL,
        created_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX saved_reports_created ON saved_reports (created_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_reports, case_stage_spans`);
  }
}
