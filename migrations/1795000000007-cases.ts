import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATES = ['assessment', 'compliance_remediation', 'investigation', 'provisional_notice', 'confirmation_decision', 'non_compliance', 'business_disruption', 'closed'];
const OUTCOMES = ['no_action', 'remediated', 'warning_issued', 'geoblocked', 'no_contravention', 'complied', 'order_made', 'order_refused', 'withdrawn', 'merged'];
const JURISDICTIONS = ['england-and-wales', 'scotland', 'northern-ireland'];
const RELATIONS = ['continues', 'related', 'merged_into'];
const sqlList = (values: string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * Enforcement cases: the lifecycle's aggregate (state and optimistic-lock version), its links to other
 * cases and to intake matters. Service and matter ids belong to the registry and intake contexts: no
 * foreign key to tables this context does not own.
 */
export class Cases1795000000007 implements MigrationInterface {
  name = 'Cases1795000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE case_reference_seq`);
    await q.query(`
      CREATE TABLE cases (
        id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference                   text NOT NULL UNIQUE,
        title                       text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        state                       text NOT NULL CHECK (state IN (${sqlList(STATES)})),
        version                     integer NOT NULL DEFAULT 1 CHECK (version > 0),
        service_id                  uuid NOT NULL,
        service_url                 text,
        service_domain              text,
        harm_categories             text[] NOT NULL CHECK (cardinality(harm_categories) > 0),
        jurisdiction                text NOT NULL CHECK (jurisdiction IN (${sqlList(JURISDICTIONS)})),
        provisions                  text[] NOT NULL DEFAULT '{}',
        assigned_officer_id         uuid,
        investigating_officer_id    uuid,
        investigation_opened_at     timestamptz,
        published_at                timestamptz,
        representations_received_at timestamptz,
        outcome                     text CHECK (outcome IN (${sqlList(OUTCOMES)})),
        opened_at                   timestamptz NOT NULL,
        closed_at                   timestamptz,
        last_event                  text NOT NULL,
        last_occurred_at            timestamptz NOT NULL,
        created_by                  uuid,
        created_at                  timestamptz NOT NULL,
        updated_at                  timestamptz NOT NULL,
        CHECK ((state = 'closed') = (outcome IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX cases_state ON cases (state, created_at DESC, id)`);
    await q.query(`CREATE INDEX cases_created ON cases (created_at DESC, id)`);
    await q.query(`CREATE INDEX cases_updated ON cases (updated_at DESC, id)`);
    await q.query(`CREATE INDEX cases_service ON cases (service_id, created_at DESC, id)`);
    await q.query(`CREATE INDEX cases_harm ON cases USING gin (harm_categories)`);
    await q.query(`CREATE INDEX cases_assigned_officer ON cases (assigned_officer_id) WHERE assigned_officer_id IS NOT NULL`);
    await q.query(`CREATE INDEX cases_investigating_officer ON cases (investigating_officer_id) WHERE investigating_officer_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE case_matters (
        case_id    uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        matter_id  uuid NOT NULL,
        linked_at  timestamptz NOT NULL,
        PRIMARY KEY (case_id, matter_id)
      )`);
    await q.query(`CREATE INDEX case_matters_matter ON case_matters (matter_id)`);
    await q.query(`
      CREATE TABLE case_links (
        case_id        uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        linked_case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        relation       text NOT NULL CHECK (relation IN (${sqlList(RELATIONS)})),
        linked_at      timestamptz NOT NULL,
        linked_by      uuid,
        PRIMARY KEY (case_id, linked_case_id, relation),
        CHECK (case_id <> linked_case_id)
      )`);
    await q.query(`CREATE INDEX case_links_linked ON case_links (linked_case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_links, case_matters, cases`);
    await q.query(`DROP SEQUENCE case_reference_seq`);
  }
}
