import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Envelope encryption of personal data: one data key per data subject, wrapped by a versioned master
 * key, so that erasing a subject is destroying its wrapped key (crypto-shredding). Plus the read log.
 */
export class Privacy1795000000003 implements MigrationInterface {
  name = 'Privacy1795000000003';

  async up(q: QueryRunner): Promise<void> {
    // Which master key is which version: only an HMAC check value of each key, never the key.
    await q.query(`
      CREATE TABLE privacy_master_keys (
        version     integer PRIMARY KEY CHECK (version > 0),
        check_value char(64) NOT NULL UNIQUE,
        created_at  timestamptz NOT NULL,
        retired_at  timestamptz
      )`);
    await q.query(`
      CREATE TABLE data_subjects (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind          text NOT NULL CHECK (kind IN ('complainant', 'victim', 'whistleblower', 'contact')),
        wrapped_key   text,
        key_version   integer NOT NULL REFERENCES privacy_master_keys (version),
        created_at    timestamptz NOT NULL,
        erased_at     timestamptz,
        erased_reason text,
        CONSTRAINT data_subjects_erased_has_no_key CHECK ((erased_at IS NULL) = (wrapped_key IS NOT NULL)),
        CONSTRAINT data_subjects_erased_has_reason CHECK ((erased_at IS NULL) = (erased_reason IS NULL))
      )`);
    // Master-key rotation walks the live keys of older versions.
    await q.query(`CREATE INDEX data_subjects_live_by_key_version ON data_subjects (key_version, id) WHERE wrapped_key IS NOT NULL`);
    await q.query(`
      CREATE TABLE personal_data_reads (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_id   uuid NOT NULL REFERENCES data_subjects (id),
        reader_id    uuid,
        reader_label text NOT NULL,
        purpose      text NOT NULL CHECK (length(btrim(purpose)) > 0),
        fields       text[] NOT NULL DEFAULT '{}',
        request_id   text,
        read_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX personal_data_reads_by_subject ON personal_data_reads (subject_id, read_at DESC, id DESC)`);
    await q.query(`CREATE INDEX personal_data_reads_by_time ON personal_data_reads (read_at DESC, id DESC)`);
    // The read log is evidence of who saw what: it is append-only.
    await q.query(`
      CREATE FUNCTION personal_data_reads_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the personal data read log is append-only: % is refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER personal_data_reads_append_only BEFORE UPDATE OR DELETE ON personal_data_reads FOR EACH ROW EXECUTE FUNCTION personal_data_reads_refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER personal_data_reads_no_truncate BEFORE TRUNCATE ON personal_data_reads FOR EACH STATEMENT EXECUTE FUNCTION personal_data_reads_refuse_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE personal_data_reads, data_subjects, privacy_master_keys`);
    await q.query(`DROP FUNCTION personal_data_reads_refuse_change()`);
  }
}
