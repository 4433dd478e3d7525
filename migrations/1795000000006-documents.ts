import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issued letters and notices: stored once, exactly as issued, with the hash of their bytes. */
export class Documents1795000000006 implements MigrationInterface {
  name = 'Documents1795000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_documents (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id          uuid NOT NULL,
        template         text NOT NULL,
        title            text NOT NULL,
        html             text NOT NULL,
        sha256           char(64) NOT NULL,
        data             jsonb NOT NULL,
        issued_by        uuid,
        issued_by_label  text NOT NULL,
        issued_at        timestamptz NOT NULL,
        -- The stored hash must be the hash of the stored bytes.
        CONSTRAINT case_documents_sha256_matches CHECK (sha256 = encode(sha256(convert_to(html, 'UTF8')), 'hex'))
      )`);
    await q.query(`CREATE INDEX case_documents_by_case ON case_documents (case_id, issued_at, id)`);
    await q.query(`
      CREATE FUNCTION case_documents_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'issued documents are immutable: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER case_documents_append_only BEFORE UPDATE OR DELETE ON case_documents FOR EACH ROW EXECUTE FUNCTION case_documents_refuse_change()`);
    await q.query(`CREATE TRIGGER case_documents_no_truncate BEFORE TRUNCATE ON case_documents FOR EACH STATEMENT EXECUTE FUNCTION case_documents_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_documents`);
    await q.query(`DROP FUNCTION case_documents_refuse_change()`);
  }
}
