import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Files sent with submissions, encrypted at rest, with a log of every read. */
export class Attachments1795000000012 implements MigrationInterface {
  name = 'Attachments1795000000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachments (
        id               uuid PRIMARY KEY,
        owner_type       text NOT NULL,
        owner_id         uuid NOT NULL,
        organisation_id  uuid,
        filename         text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
        content_type     text NOT NULL CHECK (content_type IN ('application/pdf', 'text/csv', 'text/plain')),
        size_bytes       integer NOT NULL CHECK (size_bytes > 0),
        sha256           char(64) NOT NULL,
        -- AES-256-GCM under the master key, bound to the id (SecretBox format).
        sealed           text NOT NULL,
        uploaded_by      uuid,
        uploaded_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX attachments_by_owner ON attachments (owner_type, owner_id, uploaded_at)`);
    await q.query(`
      CREATE TABLE attachment_reads (
        id             bigserial PRIMARY KEY,
        attachment_id  uuid NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
        reader_id      uuid,
        reader_label   text NOT NULL,
        request_id     text,
        read_at        timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX attachment_reads_by_attachment ON attachment_reads (attachment_id, read_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachment_reads`);
    await q.query(`DROP TABLE attachments`);
  }
}
