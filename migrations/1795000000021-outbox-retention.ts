import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Delivered (or abandoned) emails lose their address and content after the retention period. */
export class OutboxRetention1795000000021 implements MigrationInterface {
  name = 'OutboxRetention1795000000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_messages ADD COLUMN redacted_at timestamptz`);
    await q.query(`ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_redacted_when_done CHECK (redacted_at IS NULL OR status IN ('sent', 'dead'))`);
    // What the retention job looks for: finished messages still holding an address and content.
    await q.query(`CREATE INDEX outbox_messages_retention ON outbox_messages (created_at) WHERE redacted_at IS NULL AND status IN ('sent', 'dead')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_messages_retention`);
    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_redacted_when_done`);
    await q.query(`ALTER TABLE outbox_messages DROP COLUMN redacted_at`);
  }
}
