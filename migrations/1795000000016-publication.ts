import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public enforcement bulletin (s.149): one entry per case, and its versions. A version is drafted
 * (with confidential passages marked), then approved by a decision-maker who did not edit it, which
 * publishes it: from then on the database refuses to change or delete it. The entry carries the
 * non-confidential content of its current published version, the only thing public readers see.
 * Case ids belong to the cases context: no foreign key to its tables.
 */
export class Publication1795000000016 implements MigrationInterface {
  name = 'Publication1795000000016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE publication_entries (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id             uuid NOT NULL UNIQUE,
        case_reference      text NOT NULL UNIQUE,
        created_at          timestamptz NOT NULL,
        first_published_at  timestamptz,
        last_published_at   timestamptz,
        published_version   integer,
        public_content      jsonb,
        public_status       text,
        public_opened_on    date,
        public_harms        text[],
        public_provisions   text[],
        CHECK ((public_content IS NULL) = (last_published_at IS NULL))
      )`);
    await q.query(`CREATE INDEX publication_entries_public ON publication_entries (public_opened_on DESC, case_reference DESC) WHERE public_content IS NOT NULL`);
    await q.query(`CREATE INDEX publication_entries_harms ON publication_entries USING gin (public_harms)`);
    await q.query(`CREATE INDEX publication_entries_provisions ON publication_entries USING gin (public_provisions)`);
    await q.query(`
      CREATE TABLE publication_versions (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id           uuid NOT NULL REFERENCES publication_entries (id) ON DELETE RESTRICT,
        number             integer NOT NULL CHECK (number > 0),
        status             text NOT NULL CHECK (status IN ('draft', 'published', 'discarded')),
        revision           integer NOT NULL DEFAULT 1 CHECK (revision > 0),
        content            jsonb NOT NULL,
        public_content     jsonb,
        public_sha256      text,
        proposed_by_event  text,
        created_at         timestamptz NOT NULL,
        created_by         uuid,
        updated_at         timestamptz NOT NULL,
        edited_by          uuid[] NOT NULL DEFAULT '{}',
        edited_by_labels   text[] NOT NULL DEFAULT '{}',
        approved_by        uuid,
        approved_by_label  text,
        approved_at        timestamptz,
        UNIQUE (entry_id, number),
        CHECK ((status = 'published') = (approved_at IS NOT NULL AND public_content IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX publication_versions_one_draft ON publication_versions (entry_id) WHERE status = 'draft'`);
    await q.query(`
      CREATE FUNCTION publication_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'published' THEN
          RAISE EXCEPTION 'publication version % is published and cannot change', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER publication_versions_immutable BEFORE UPDATE OR DELETE ON publication_versions
      FOR EACH ROW EXECUTE FUNCTION publication_versions_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE publication_versions, publication_entries`);
    await q.query(`DROP FUNCTION publication_versions_immutable()`);
  }
}
