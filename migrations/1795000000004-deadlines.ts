import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Statutory and practice deadlines: their history of extensions and clock stops, and reminders sent. */
export class Deadlines1795000000004 implements MigrationInterface {
  name = 'Deadlines1795000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deadlines (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type        text NOT NULL,
        subject_id          text NOT NULL,
        case_id             uuid,
        kind                text NOT NULL,
        label               text NOT NULL,
        reference           text,
        unit                text NOT NULL CHECK (unit IN ('working_days', 'calendar_days', 'calendar_months', 'hours', 'fixed_date')),
        amount              integer CHECK (amount >= 0),
        jurisdiction        text NOT NULL CHECK (jurisdiction IN ('england-and-wales', 'scotland', 'northern-ireland')),
        starts_on           date NOT NULL,
        starts_at           timestamptz,
        due_on              date NOT NULL,
        -- The first instant the deadline is missed: the end of due_on in UK local time, or the exact instant for hours.
        overdue_from        timestamptz NOT NULL,
        original_due_on     date NOT NULL,
        original_overdue_from timestamptz NOT NULL,
        status              text NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'due_soon', 'overdue', 'met', 'met_late', 'cancelled', 'stopped')),
        explanation         jsonb NOT NULL,
        owner_user_id       uuid,
        escalate_to_user_id uuid,
        satisfied_on        date,
        satisfied_at        timestamptz,
        satisfied_by_event  text,
        cancelled_at        timestamptz,
        cancel_reason       text,
        marked_due_soon_at  timestamptz,
        marked_overdue_at   timestamptz,
        escalated_at        timestamptz,
        version             integer NOT NULL DEFAULT 1,
        created_at          timestamptz NOT NULL,
        updated_at          timestamptz NOT NULL,
        CHECK (due_on >= starts_on),
        CHECK ((unit = 'hours') = (starts_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX deadlines_subject ON deadlines (subject_type, subject_id, created_at)`);
    await q.query(`CREATE INDEX deadlines_case ON deadlines (case_id, due_on) WHERE case_id IS NOT NULL`);
    // What the sweep reads: open deadlines by due date and by the instant they become overdue.
    await q.query(`CREATE INDEX deadlines_open_due ON deadlines (due_on) WHERE status IN ('pending', 'due_soon', 'overdue')`);
    await q.query(`CREATE INDEX deadlines_open_overdue ON deadlines (overdue_from) WHERE status IN ('pending', 'due_soon', 'overdue')`);
    // One running deadline of a kind per subject (reminders may run side by side).
    await q.query(`
      CREATE UNIQUE INDEX deadlines_one_running ON deadlines (subject_type, subject_id, kind)
      WHERE status IN ('pending', 'due_soon', 'overdue', 'stopped') AND kind <> 'reminder'`);

    await q.query(`
      CREATE TABLE deadline_extensions (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deadline_id      uuid NOT NULL REFERENCES deadlines (id),
        previous_due_on  date NOT NULL,
        new_due_on       date NOT NULL,
        previous_overdue_from timestamptz NOT NULL,
        new_overdue_from timestamptz NOT NULL,
        reason           text NOT NULL,
        approved_by      uuid,
        approved_by_label text NOT NULL,
        created_at       timestamptz NOT NULL,
        CHECK (new_overdue_from > previous_overdue_from)
      )`);
    await q.query(`CREATE INDEX deadline_extensions_deadline ON deadline_extensions (deadline_id, created_at)`);

    await q.query(`
      CREATE TABLE deadline_clock_stops (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deadline_id   uuid NOT NULL REFERENCES deadlines (id),
        stopped_on    date NOT NULL,
        stopped_at    timestamptz,
        reason        text NOT NULL,
        restarted_on  date,
        restarted_at  timestamptz,
        -- How far the due date moved when the clock restarted, in moved_by_unit.
        moved_by      integer,
        moved_by_unit text CHECK (moved_by_unit IN ('working_days', 'calendar_days', 'seconds')),
        created_at    timestamptz NOT NULL,
        CHECK (restarted_on IS NULL OR restarted_on >= stopped_on)
      )`);
    await q.query(`CREATE INDEX deadline_clock_stops_deadline ON deadline_clock_stops (deadline_id, created_at)`);
    await q.query(`CREATE UNIQUE INDEX deadline_clock_stops_one_open ON deadline_clock_stops (deadline_id) WHERE restarted_on IS NULL`);

    await q.query(`
      CREATE TABLE deadline_reminders (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deadline_id   uuid NOT NULL REFERENCES deadlines (id),
        -- e.g. '5_working_days', '24_hours' before the due date, or 'overdue' (the escalation).
        threshold     text NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('reminder', 'escalation')),
        due_on        date NOT NULL,
        recipient_user_ids uuid[] NOT NULL,
        -- 'sent': a message was queued; 'superseded': a closer reminder went out at the same time;
        -- 'no_recipient': nobody to tell (kept so the gap is visible).
        outcome       text NOT NULL CHECK (outcome IN ('sent', 'superseded', 'no_recipient')),
        message_ids   text[] NOT NULL DEFAULT '{}',
        created_at    timestamptz NOT NULL,
        UNIQUE (deadline_id, threshold)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deadline_reminders, deadline_clock_stops, deadline_extensions, deadlines`);
  }
}
