import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Business disruption measures (s.144–s.148): applications to the court, the third parties and the
 * domains and apps they name, the application's progress in court, and variations of an order.
 */
export class Disruption1795000000015 implements MigrationInterface {
  name = 'Disruption1795000000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE disruption_applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        case_id uuid NOT NULL,
        case_reference text NOT NULL,
        service_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('service_restriction', 'access_restriction')),
        interim boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'applied', 'filed', 'hearing_listed', 'order_made', 'order_refused')),
        grounds jsonb NOT NULL,
        apps jsonb NOT NULL DEFAULT '[]',
        drafted_by uuid,
        drafted_by_label text NOT NULL,
        created_at timestamptz NOT NULL,
        applied_by uuid,
        applied_by_label text,
        applied_at timestamptz,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX disruption_applications_case ON disruption_applications (case_id, created_at)`);
    await q.query(`CREATE INDEX disruption_applications_service ON disruption_applications (service_id) WHERE status <> 'order_refused'`);
    await q.query(`CREATE SEQUENCE disruption_application_numbers`);

    await q.query(`
      CREATE TABLE disruption_third_parties (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES disruption_applications (id) ON DELETE CASCADE,
        position integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('payment_provider', 'advertising_service', 'internet_access_provider', 'app_store', 'search_service')),
        name text NOT NULL,
        contact_email text NOT NULL,
        facility_evidence text,
        UNIQUE (application_id, position)
      )`);

    await q.query(`
      CREATE TABLE disruption_domains (
        application_id uuid NOT NULL REFERENCES disruption_applications (id) ON DELETE CASCADE,
        domain text NOT NULL,
        relation text NOT NULL CHECK (relation IN ('primary', 'mirror', 'successor')),
        since timestamptz NOT NULL,
        source text NOT NULL CHECK (source IN ('application', 'registry_link', 'variation')),
        added_at timestamptz NOT NULL,
        PRIMARY KEY (application_id, domain)
      )`);

    await q.query(`
      CREATE TABLE disruption_court_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES disruption_applications (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('filed', 'hearing_listed', 'order_made', 'order_refused', 'order_varied')),
        on_date date NOT NULL,
        hearing_on date,
        terms text,
        variation_ids uuid[] NOT NULL DEFAULT '{}',
        notified integer NOT NULL DEFAULT 0,
        recorded_by uuid,
        recorded_by_label text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX disruption_court_events_application ON disruption_court_events (application_id, recorded_at)`);

    await q.query(`
      CREATE TABLE disruption_variations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES disruption_applications (id) ON DELETE CASCADE,
        domain text NOT NULL,
        relation text NOT NULL CHECK (relation IN ('primary', 'mirror', 'successor')),
        origin text NOT NULL CHECK (origin IN ('registry_link', 'manual')),
        evidence text,
        status text NOT NULL CHECK (status IN ('draft', 'filed', 'granted', 'refused')),
        drafted_by uuid,
        drafted_by_label text NOT NULL,
        created_at timestamptz NOT NULL,
        filed_by uuid,
        filed_by_label text,
        filed_at timestamptz,
        decided_at timestamptz,
        UNIQUE (application_id, domain)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE disruption_variations');
    await q.query('DROP TABLE disruption_court_events');
    await q.query('DROP TABLE disruption_domains');
    await q.query('DROP TABLE disruption_third_parties');
    await q.query('DROP SEQUENCE disruption_application_numbers');
    await q.query('DROP TABLE disruption_applications');
  }
}
