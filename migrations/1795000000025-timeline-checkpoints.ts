import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The spans' guard as this migration wrote it (1795000000026 replaces it; its down() restores this). */
export const SPAN_GUARD_V1 = `
      CREATE OR REPLACE FUNCTION timeline_checkpoints_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        latest timestamptz;
      BEGIN
        IF TG_LEVEL = 'ROW' AND coalesce(current_setting('reporting.checkpoints_cleared', true), '') <> 'on' THEN
          SELECT max(boundary) INTO latest FROM timeline_checkpoints;
          IF latest IS NULL THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
          END IF;
          IF TG_OP = 'INSERT' AND NEW.start_recorded_at > latest AND (NEW.end_recorded_at IS NULL OR NEW.end_recorded_at > latest) THEN
            RETURN NEW;
          END IF;
          IF TG_OP = 'UPDATE' AND OLD.end_recorded_at IS NULL AND (NEW.end_recorded_at IS NULL OR NEW.end_recorded_at > latest)
            AND (NEW.case_id, NEW.stage, NEW.started_on, NEW.start_recorded_at, NEW.start_seq, NEW.start_working_day, NEW.jurisdiction, NEW.harm_categories)
              IS NOT DISTINCT FROM (OLD.case_id, OLD.stage, OLD.started_on, OLD.start_recorded_at, OLD.start_seq, OLD.start_working_day, OLD.jurisdiction, OLD.harm_categories) THEN
            RETURN NEW;
          END IF;
        ELSIF TG_LEVEL = 'ROW' THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        DELETE FROM timeline_checkpoints;
        PERFORM set_config('reporting.checkpoints_cleared', 'on', true);
        RETURN CASE WHEN TG_LEVEL = 'STATEMENT' THEN NULL WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`;

/** Intake's guard as this migration wrote it (1795000000026 replaces it). */
export const INTAKE_GUARD_V1 = `
      CREATE OR REPLACE FUNCTION timeline_checkpoints_intake_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM timeline_checkpoints) THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('TRUNCATE', 'UPDATE') THEN
          DELETE FROM timeline_checkpoints;
        ELSIF EXISTS (SELECT 1 FROM changed_items WHERE received_at <= (SELECT max(boundary) FROM timeline_checkpoints)) THEN
          DELETE FROM timeline_checkpoints;
        END IF;
        RETURN NULL;
      END $$`;

/**
 * Timeline checkpoints (issue 8, speed at a million cases): the timelines histogram as of fixed past
 * moments, so a report as of T reads the newest checkpoint at or before T plus only the spans whose start
 * or end was recorded between that checkpoint and T, instead of every span. A checkpoint as of B is exactly
 * what a full scan as of B gives, and stays so because the trail is append-only and spans are only ever
 * extended (an open span gains its end, recorded now). Anything else that changes a span known to a
 * checkpoint (a rebuild, a calendar change, a start or end recorded at or before a checkpoint) deletes every
 * checkpoint in that transaction (the guard trigger below), and reports fall back to the full scan until the
 * reporting job writes new ones. See libs/reporting/src/timeline-checkpoints.ts.
 */
export class TimelineCheckpoints1795000000025 implements MigrationInterface {
  name = 'TimelineCheckpoints1795000000025';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE timeline_checkpoints (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        boundary   timestamptz NOT NULL UNIQUE,
        spans      integer NOT NULL,
        cells      integer NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    // One row per cell of the histogram as of the boundary, by stage and the case's harm categories (so the
    // committee pack's NCII filter and grouping by harm category can use it too). A completed cell holds its
    // durations; an open one its start (UK date, working-day ordinal, jurisdiction), since how long it has
    // been open depends on the report's asOf. events/seq_sum/max_seq identify the audit events behind it.
    await q.query(`
      CREATE TABLE timeline_checkpoint_cells (
        checkpoint_id     bigint NOT NULL REFERENCES timeline_checkpoints (id) ON DELETE CASCADE,
        cell              integer NOT NULL,
        stage             text NOT NULL,
        harm_categories   text[] NOT NULL,
        completed         boolean NOT NULL,
        calendar_days     integer,
        working_days      integer,
        started_on        date,
        start_working_day integer,
        jurisdiction      text,
        n                 integer NOT NULL CHECK (n > 0),
        events            bigint NOT NULL,
        seq_sum           numeric NOT NULL,
        max_seq           bigint NOT NULL,
        PRIMARY KEY (checkpoint_id, cell),
        CHECK (completed = (calendar_days IS NOT NULL)),
        CHECK (completed = (started_on IS NULL))
      )`);
    // Intake received, cases opened and cases closed per UK month as of the boundary (the monthly chart).
    await q.query(`
      CREATE TABLE timeline_checkpoint_months (
        checkpoint_id bigint NOT NULL REFERENCES timeline_checkpoints (id) ON DELETE CASCADE,
        month         text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
        intake        integer NOT NULL,
        opened        integer NOT NULL,
        closed        integer NOT NULL,
        PRIMARY KEY (checkpoint_id, month)
      )`);
    // The spans recorded after a checkpoint: found by when their start or end was recorded.
    await q.query(`CREATE INDEX case_stage_spans_start_recorded ON case_stage_spans (start_recorded_at)`);
    await q.query(`CREATE INDEX case_stage_spans_end_recorded ON case_stage_spans (end_recorded_at) WHERE end_recorded_at IS NOT NULL`);
    // The guard: lets through only what checkpoints already account for (a new span, or the end of an open
    // one, recorded after the newest checkpoint); anything else deletes every checkpoint, once per transaction.
    // Named to run after case_stage_span_working_days, so it sees the recomputed working days.
    await q.query(SPAN_GUARD_V1);
    await q.query(`
      CREATE TRIGGER case_stage_spans_checkpoint_guard BEFORE INSERT OR UPDATE OR DELETE ON case_stage_spans
      FOR EACH ROW EXECUTE FUNCTION timeline_checkpoints_guard()`);
    // Intake items count by when received: the monthly chart counts those received by asOf, so items
    // received since a checkpoint are found by this index, and an item received at or before the newest
    // checkpoint but written after it (a bulk import of history), removed or moved deletes them all.
    await q.query(`CREATE INDEX intake_items_received ON intake_items (received_at)`);
    await q.query(INTAKE_GUARD_V1);
    await q.query(`CREATE TRIGGER intake_items_checkpoint_guard_inserted AFTER INSERT ON intake_items REFERENCING NEW TABLE AS changed_items
      FOR EACH STATEMENT EXECUTE FUNCTION timeline_checkpoints_intake_guard()`);
    await q.query(`CREATE TRIGGER intake_items_checkpoint_guard_deleted AFTER DELETE ON intake_items REFERENCING OLD TABLE AS changed_items
      FOR EACH STATEMENT EXECUTE FUNCTION timeline_checkpoints_intake_guard()`);
    await q.query(`CREATE TRIGGER intake_items_checkpoint_guard_moved AFTER UPDATE OF received_at ON intake_items
      FOR EACH STATEMENT EXECUTE FUNCTION timeline_checkpoints_intake_guard()`);
    await q.query(`CREATE TRIGGER intake_items_checkpoint_guard_truncate AFTER TRUNCATE ON intake_items FOR EACH STATEMENT EXECUTE FUNCTION timeline_checkpoints_intake_guard()`);
    await q.query(`
      CREATE TRIGGER case_stage_spans_checkpoint_guard_truncate BEFORE TRUNCATE ON case_stage_spans
      FOR EACH STATEMENT EXECUTE FUNCTION timeline_checkpoints_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['inserted', 'deleted', 'moved', 'truncate']) await q.query(`DROP TRIGGER intake_items_checkpoint_guard_${name} ON intake_items`);
    await q.query(`DROP FUNCTION timeline_checkpoints_intake_guard()`);
    await q.query(`DROP INDEX intake_items_received`);
    await q.query(`DROP TRIGGER case_stage_spans_checkpoint_guard_truncate ON case_stage_spans`);
    await q.query(`DROP TRIGGER case_stage_spans_checkpoint_guard ON case_stage_spans`);
    await q.query(`DROP FUNCTION timeline_checkpoints_guard()`);
    await q.query(`DROP INDEX case_stage_spans_end_recorded, case_stage_spans_start_recorded`);
    await q.query(`DROP TABLE timeline_checkpoint_months, timeline_checkpoint_cells, timeline_checkpoints`);
  }
}
