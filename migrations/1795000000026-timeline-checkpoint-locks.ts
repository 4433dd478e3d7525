import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INTAKE_GUARD_V1, SPAN_GUARD_V1 } from './1795000000025-timeline-checkpoints.js';

/**
 * Timeline checkpoints and changes that invalidate them, made to wait for each other. A checkpoint is now
 * written in a REPEATABLE READ transaction that first takes SHARE ROW EXCLUSIVE on timeline_checkpoints
 * (TimelineCheckpoints.write); the guard triggers (migration 1795000000025) invalidate with a DELETE, which
 * takes ROW EXCLUSIVE, so a rebuild of the spans, a calendar change or a backdated intake import either
 * commits before the checkpoint's snapshot (and is in it) or waits for it and then deletes it. With no
 * checkpoint visible, the guards used to let every change through, so such a change made while the first
 * checkpoint was being written could leave it stale; they now judge recorded times against an hour ago (no
 * checkpoint is ever written for a later boundary) and take the lock for anything older.
 */
export class TimelineCheckpointLocks1795000000026 implements MigrationInterface {
  name = 'TimelineCheckpointLocks1795000000026';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION timeline_checkpoints_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        latest timestamptz;
      BEGIN
        IF TG_LEVEL = 'ROW' AND coalesce(current_setting('reporting.checkpoints_cleared', true), '') <> 'on' THEN
          -- The newest checkpoint, or without one the newest boundary a checkpoint being written could have.
          SELECT coalesce(max(boundary), now() - interval '1 hour') INTO latest FROM timeline_checkpoints;
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
        -- Deletes every checkpoint, and (even when there is none) waits for one being written.
        DELETE FROM timeline_checkpoints;
        PERFORM set_config('reporting.checkpoints_cleared', 'on', true);
        RETURN CASE WHEN TG_LEVEL = 'STATEMENT' THEN NULL WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION timeline_checkpoints_intake_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('TRUNCATE', 'UPDATE') THEN
          DELETE FROM timeline_checkpoints;
        ELSIF EXISTS (SELECT 1 FROM changed_items WHERE received_at <= (SELECT coalesce(max(boundary), now() - interval '1 hour') FROM timeline_checkpoints)) THEN
          DELETE FROM timeline_checkpoints;
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(SPAN_GUARD_V1);
    await q.query(INTAKE_GUARD_V1);
  }
}
