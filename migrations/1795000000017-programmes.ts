import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enforcement programmes: sector-wide reviews covering many services, each service's status in the
 * programme, and bulk actions (one row per action, one item per service, processed by the worker).
 */
export class Programmes1795000000017 implements MigrationInterface {
  name = 'Programmes1795000000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE programme_reference_seq`);
    await q.query(`
      CREATE TABLE programmes (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference        text NOT NULL UNIQUE,
        title            text NOT NULL,
        description      text NOT NULL,
        harm_categories  text[] NOT NULL DEFAULT '{}',
        service_kinds    text NOT NULL DEFAULT '',
        status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        created_by       uuid NOT NULL,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX programmes_created_idx ON programmes (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE programme_services (
        programme_id  uuid NOT NULL REFERENCES programmes (id),
        service_id    uuid NOT NULL,
        status        text NOT NULL CHECK (status IN ('assessed', 'engaged', 'compliant', 'referred_to_investigation', 'closed')),
        case_id       uuid,
        added_at      timestamptz NOT NULL,
        added_by      text NOT NULL,
        updated_at    timestamptz NOT NULL,
        PRIMARY KEY (programme_id, service_id)
      )`);
    await q.query(`CREATE INDEX programme_services_status_idx ON programme_services (programme_id, status)`);
    await q.query(`
      CREATE TABLE programme_actions (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id   uuid NOT NULL REFERENCES programmes (id),
        kind           text NOT NULL CHECK (kind IN ('information_notice', 'chase_overdue')),
        -- The notice template (information_notice) or the action it chases (chase_overdue).
        template       jsonb NOT NULL,
        status         text NOT NULL CHECK (status IN ('queued', 'completed')),
        total          integer NOT NULL,
        -- Given by the preview and sent back with the confirmation: a confirmation sent twice creates one action.
        confirmation_key uuid UNIQUE,
        created_by     uuid NOT NULL,
        created_by_label text NOT NULL,
        created_at     timestamptz NOT NULL,
        completed_at   timestamptz
      )`);
    await q.query(`CREATE INDEX programme_actions_programme_idx ON programme_actions (programme_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE programme_action_items (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        action_id        uuid NOT NULL REFERENCES programme_actions (id),
        programme_id     uuid NOT NULL REFERENCES programmes (id),
        service_id       uuid NOT NULL,
        -- Who receives it, resolved from the registry when the action was confirmed.
        organisation_id  uuid,
        provider_name    text NOT NULL,
        service_name     text NOT NULL,
        service_url      text,
        recipient_email  text,
        -- For a chase: the item of the notice it chases.
        chases_item_id   uuid REFERENCES programme_action_items (id),
        status           text NOT NULL CHECK (status IN ('pending', 'done', 'failed', 'skipped')),
        skip_reason      text,
        attempts         integer NOT NULL DEFAULT 0,
        last_error       text,
        notice_id        uuid,
        deadline_id      uuid,
        due_on           date,
        outbox_id        uuid,
        processed_at     timestamptz,
        UNIQUE (action_id, service_id)
      )`);
    await q.query(`CREATE INDEX programme_action_items_pending_idx ON programme_action_items (action_id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX programme_action_items_programme_idx ON programme_action_items (programme_id, service_id)`);
    await q.query(`CREATE INDEX programme_action_items_notice_idx ON programme_action_items (notice_id) WHERE notice_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE programme_action_items`);
    await q.query(`DROP TABLE programme_actions`);
    await q.query(`DROP TABLE programme_services`);
    await q.query(`DROP TABLE programmes`);
    await q.query(`DROP SEQUENCE programme_reference_seq`);
  }
}
