import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices as issued to provider organisations (an immutable copy of each document), and what providers
 * sent back through the portal: answers, extension requests (with the officer's decision) and
 * representations, each with its receipt hash.
 */
export class ProviderNotices1795000000013 implements MigrationInterface {
  name = 'ProviderNotices1795000000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE provider_notices (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id   uuid NOT NULL,
        service_id        uuid NOT NULL,
        source_type       text NOT NULL CHECK (source_type IN ('case', 'programme')),
        source_id         uuid NOT NULL,
        source_reference  text NOT NULL,
        kind              text NOT NULL CHECK (kind IN ('information_notice', 'provisional_notice', 'confirmation_decision', 'closure_letter', 'warning_letter')),
        title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        html              text NOT NULL,
        sha256            char(64) NOT NULL,
        document_id       uuid,
        -- What the notice asks for, one line each (the answer form asks about each).
        requested_items   jsonb NOT NULL DEFAULT '[]',
        deadline_id       uuid,
        due_on            date,
        issued_at         timestamptz NOT NULL,
        idempotency_key   text UNIQUE,
        status            text NOT NULL CHECK (status IN ('issued', 'awaiting_response', 'responded', 'closed')),
        responded_at      timestamptz,
        created_at        timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX provider_notices_by_organisation ON provider_notices (organisation_id, issued_at DESC, id DESC)`);
    await q.query(`CREATE INDEX provider_notices_by_source ON provider_notices (source_type, source_id, issued_at)`);
    // The copy as issued never changes: only the status, the due date (extensions) and the response time do.
    await q.query(`
      CREATE FUNCTION provider_notices_keep_document() RETURNS trigger AS $$
      BEGIN
        IF NEW.html IS DISTINCT FROM OLD.html OR NEW.sha256 IS DISTINCT FROM OLD.sha256 OR NEW.issued_at IS DISTINCT FROM OLD.issued_at
           OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id OR NEW.kind IS DISTINCT FROM OLD.kind THEN
          RAISE EXCEPTION 'a notice as issued cannot be changed';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await q.query(`CREATE TRIGGER provider_notices_immutable BEFORE UPDATE ON provider_notices FOR EACH ROW EXECUTE FUNCTION provider_notices_keep_document()`);

    await q.query(`
      CREATE TABLE provider_submissions (
        id                 uuid PRIMARY KEY,
        notice_id          uuid NOT NULL REFERENCES provider_notices (id),
        organisation_id    uuid NOT NULL,
        kind               text NOT NULL CHECK (kind IN ('response', 'extension_request', 'representations')),
        content            jsonb NOT NULL,
        -- Exactly the text the receipt hash is over (canonical JSON, attachment hashes included).
        canonical          text NOT NULL,
        sha256             char(64) NOT NULL,
        received_at        timestamptz NOT NULL,
        due_on             date,
        late               boolean NOT NULL,
        submitted_by       uuid,
        submitted_by_label text NOT NULL,
        -- Extension requests: where the decision is sent, and the decision.
        contact_email      text,
        decision           text CHECK (decision IN ('pending', 'granted', 'refused')),
        new_due_on         date,
        decision_reasons   text,
        decided_at         timestamptz,
        decided_by         uuid,
        decided_by_label   text,
        CHECK ((kind = 'extension_request') = (decision IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX provider_submissions_by_notice ON provider_submissions (notice_id, received_at)`);
    await q.query(`CREATE INDEX provider_submissions_pending_extensions ON provider_submissions (received_at) WHERE decision = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE provider_submissions`);
    await q.query(`DROP TABLE provider_notices`);
    await q.query(`DROP FUNCTION provider_notices_keep_document()`);
  }
}
