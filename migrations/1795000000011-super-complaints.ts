import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Super-complaints of eligible entities (s.169–s.170), the message thread of each, and applications of
 * organisations to be recognised as eligible entities.
 */
export class SuperComplaintsEligibleEntities1795000000011 implements MigrationInterface {
  name = 'SuperComplaintsEligibleEntities1795000000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE super_complaint_reference_seq`);
    await q.query(`
      CREATE TABLE super_complaints (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference             text NOT NULL UNIQUE,
        organisation_id       uuid NOT NULL,
        created_by            text NOT NULL,
        state                 text NOT NULL CHECK (state IN ('draft', 'received', 'eligibility_check', 'not_admissible',
                                'assessment', 'information_requested', 'response_published', 'withdrawn')),
        title                 text,
        summary               text,
        feature               text,
        -- [{url, serviceId|null}]: the services the complaint is about, resolved through the registry.
        services              jsonb NOT NULL DEFAULT '[]',
        service_kinds         text,
        harm_categories       text[] NOT NULL DEFAULT '{}',
        evidence              text,
        requested_action      text,
        -- [{title, contentType, sha256}]: PDF and text documents only, never images or videos.
        documents             jsonb NOT NULL DEFAULT '[]',
        filing_exception      jsonb,
        filed_at              timestamptz,
        filed_on              date,
        eligibility_decided_on date,
        eligibility_reasons   text,
        information_request   text,
        outcome               text CHECK (outcome IN ('enforcement_action_opened', 'further_work', 'no_action')),
        response_text         text,
        response_summary      text,
        case_ids              uuid[] NOT NULL DEFAULT '{}',
        published_at          timestamptz,
        published_on          date,
        withdrawn_at          timestamptz,
        withdrawal_reason     text,
        version               integer NOT NULL DEFAULT 1,
        created_at            timestamptz NOT NULL,
        updated_at            timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX super_complaints_organisation_idx ON super_complaints (organisation_id, created_at DESC)`);
    await q.query(`CREATE INDEX super_complaints_filed_idx ON super_complaints (organisation_id, filed_on) WHERE filed_on IS NOT NULL`);
    await q.query(`CREATE INDEX super_complaints_published_idx ON super_complaints (published_on DESC) WHERE state = 'response_published'`);
    await q.query(`
      CREATE TABLE super_complaint_messages (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        super_complaint_id uuid NOT NULL REFERENCES super_complaints (id),
        author_side        text NOT NULL CHECK (author_side IN ('entity', 'regulator')),
        author_id          text,
        author_label       text NOT NULL,
        body               text NOT NULL,
        created_at         timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX super_complaint_messages_thread_idx ON super_complaint_messages (super_complaint_id, created_at)`);
    await q.query(`CREATE SEQUENCE eligible_entity_application_reference_seq`);
    await q.query(`
      CREATE TABLE eligible_entity_applications (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference         text NOT NULL UNIQUE,
        organisation_name text NOT NULL,
        -- The applicant's contact ({name, email}), sealed under its own data subject (privacy context):
        -- told the decision and, when recognised, invited as the first user.
        contact_subject_id uuid NOT NULL,
        contact_sealed    text NOT NULL,
        description       text NOT NULL,
        -- {criterion: the applicant's evidence}, one entry per eligibility criterion.
        evidence          jsonb NOT NULL,
        state             text NOT NULL CHECK (state IN ('submitted', 'recognised', 'refused')),
        -- {criterion: met (true/false)}: the officer's checklist.
        checklist         jsonb,
        decision_reasons  text,
        decided_by        text,
        decided_at        timestamptz,
        organisation_id   uuid,
        created_at        timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE eligible_entity_applications`);
    await q.query(`DROP SEQUENCE eligible_entity_application_reference_seq`);
    await q.query(`DROP TABLE super_complaint_messages`);
    await q.query(`DROP TABLE super_complaints`);
    await q.query(`DROP SEQUENCE super_complaint_reference_seq`);
  }
}
