import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The transactional outbox: messages written with the change that causes them, delivered by workers. */
export class Notifications1795000000005 implements MigrationInterface {
  name = 'Notifications1795000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_messages (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key  text NOT NULL UNIQUE,
        to_address       text NOT NULL,
        to_user_id       uuid,
        subject          text NOT NULL,
        html             text NOT NULL,
        text             text NOT NULL,
        template         text NOT NULL,
        case_id          uuid,
        subject_type     text,
        subject_id       text,
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'held', 'dead')),
        attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at  timestamptz NOT NULL,
        last_error       text,
        lease_until      timestamptz,
        lease_owner      uuid,
        created_at       timestamptz NOT NULL,
        sent_at          timestamptz,
        message_id       text NOT NULL UNIQUE,
        CHECK ((status = 'sending') = (lease_until IS NOT NULL AND lease_owner IS NOT NULL)),
        CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    // What the dispatcher claims: due messages, and leases of crashed workers.
    await q.query(`CREATE INDEX outbox_messages_due ON outbox_messages (next_attempt_at) WHERE status IN ('pending', 'held')`);
    await q.query(`CREATE INDEX outbox_messages_leased ON outbox_messages (lease_until) WHERE status = 'sending'`);
    // The mail viewer: newest first, optionally by status or case.
    await q.query(`CREATE INDEX outbox_messages_recent ON outbox_messages (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX outbox_messages_by_status ON outbox_messages (status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX outbox_messages_by_case ON outbox_messages (case_id, created_at DESC, id DESC) WHERE case_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_messages`);
  }
}
