import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The online-service registry (providers, services, domains with mirror/successor linkage, app ids),
 * intake items from the seven sources, matters with their triage scores, triage model versions,
 * bulk imports and complaint-form drafts.
 */
export class Intake1795000000008 implements MigrationInterface {
  name = 'Intake1795000000008';

  async up(q: QueryRunner): Promise<void> {
    // ---- registry ----
    await q.query(`
      CREATE TABLE providers (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name            text NOT NULL,
        legal_entity    text,
        group_name      text,
        jurisdiction    text,
        notice_contact  text,
        organisation_id uuid,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX providers_name ON providers (lower(name))`);
    await q.query(`CREATE INDEX providers_organisation ON providers (organisation_id) WHERE organisation_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE online_services (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id       uuid REFERENCES providers (id),
        name              text NOT NULL,
        service_type      text NOT NULL CHECK (service_type IN ('user_to_user', 'search', 'pornography_provider', 'unknown')),
        categorisation    text NOT NULL DEFAULT 'uncategorised' CHECK (categorisation IN ('category_1', 'category_2a', 'category_2b', 'uncategorised')),
        uk_users_estimate bigint CHECK (uk_users_estimate >= 0),
        origin            text NOT NULL CHECK (origin IN ('registered', 'intake')),
        merged_into       uuid REFERENCES online_services (id),
        version           integer NOT NULL DEFAULT 1,
        created_at        timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX online_services_provider ON online_services (provider_id)`);
    await q.query(`CREATE INDEX online_services_name ON online_services (lower(name) text_pattern_ops)`);
    await q.query(`
      CREATE TABLE service_domains (
        domain      text PRIMARY KEY,
        service_id  uuid NOT NULL REFERENCES online_services (id),
        relation    text NOT NULL CHECK (relation IN ('primary', 'mirror', 'successor')),
        since       timestamptz NOT NULL,
        evidence    text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX service_domains_service ON service_domains (service_id, since)`);
    await q.query(`
      CREATE TABLE service_app_ids (
        store      text NOT NULL CHECK (store IN ('apple', 'google', 'other')),
        app_id     text NOT NULL,
        service_id uuid NOT NULL REFERENCES online_services (id),
        PRIMARY KEY (store, app_id)
      )`);
    await q.query(`CREATE INDEX service_app_ids_service ON service_app_ids (service_id)`);

    // ---- triage models (immutable once published) ----
    await q.query(`
      CREATE TABLE triage_models (
        version     text PRIMARY KEY,
        definition  jsonb NOT NULL,
        active      boolean NOT NULL DEFAULT false,
        built_in    boolean NOT NULL DEFAULT false,
        created_at  timestamptz NOT NULL,
        created_by  text NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX triage_models_one_active ON triage_models (active) WHERE active`);
    await q.query(`
      CREATE FUNCTION triage_model_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW.definition IS DISTINCT FROM OLD.definition OR NEW.version IS DISTINCT FROM OLD.version THEN
          RAISE EXCEPTION 'a published triage model is immutable: publish a new version instead' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER triage_models_immutable BEFORE UPDATE OR DELETE ON triage_models FOR EACH ROW EXECUTE FUNCTION triage_model_immutable()`);

    // ---- matters ----
    await q.query(`CREATE SEQUENCE matter_reference_seq`);
    await q.query(`
      CREATE TABLE matters (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference            text NOT NULL UNIQUE,
        service_id           uuid NOT NULL,
        harm_categories      text[] NOT NULL,
        sources              text[] NOT NULL,
        status               text NOT NULL CHECK (status IN ('open', 'case_opened', 'routed', 'closed', 'merged')),
        assigned_to          uuid,
        assigned_label       text,
        assigned_at          timestamptz,
        case_id              uuid,
        case_reference       text,
        route                text CHECK (route IN ('compliance_remediation', 'warning_letter', 'enforcement_programme', 'no_action')),
        route_outcome        text,
        route_detail         jsonb,
        routed_at            timestamptz,
        routed_by            text,
        merged_into          uuid REFERENCES matters (id),
        item_count           integer NOT NULL DEFAULT 0,
        children_likely      boolean NOT NULL DEFAULT false,
        reported_via_linked  boolean NOT NULL DEFAULT false,
        evidence_kinds       text[] NOT NULL DEFAULT '{}',
        first_received_at    timestamptz NOT NULL,
        last_received_at     timestamptz NOT NULL,
        assessment           jsonb NOT NULL DEFAULT '{}',
        triage_score         integer,
        triage_model_version text,
        triage_factors       jsonb,
        triage_inputs        jsonb,
        scored_at            timestamptz,
        override_score       integer,
        override_reason      text,
        override_by          text,
        override_at          timestamptz,
        effective_score      integer GENERATED ALWAYS AS (COALESCE(override_score, triage_score)) STORED,
        version              integer NOT NULL DEFAULT 1,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX matters_queue ON matters (status, effective_score DESC, id)`);
    await q.query(`CREATE INDEX matters_service_live ON matters (service_id, last_received_at DESC) WHERE status IN ('open', 'case_opened')`);
    await q.query(`CREATE INDEX matters_case ON matters (case_id) WHERE case_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE matter_scores (
        id            bigserial PRIMARY KEY,
        matter_id     uuid NOT NULL REFERENCES matters (id),
        scored_at     timestamptz NOT NULL,
        model_version text NOT NULL,
        score         integer NOT NULL,
        factors       jsonb NOT NULL,
        inputs        jsonb NOT NULL,
        cause         text NOT NULL
      )`);
    await q.query(`CREATE INDEX matter_scores_matter ON matter_scores (matter_id, id)`);

    // ---- bulk imports ----
    await q.query(`
      CREATE TABLE intake_imports (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_name        text NOT NULL,
        file_size        bigint NOT NULL,
        fingerprint      text NOT NULL,
        format           text NOT NULL CHECK (format IN ('csv', 'ndjson')),
        header           text[],
        status           text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        bytes_done       bigint NOT NULL DEFAULT 0,
        rows_done        bigint NOT NULL DEFAULT 0,
        accepted         bigint NOT NULL DEFAULT 0,
        rejected         bigint NOT NULL DEFAULT 0,
        started_by       text NOT NULL,
        started_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        finished_at      timestamptz
      )`);
    await q.query(`CREATE INDEX intake_imports_fingerprint ON intake_imports (fingerprint, started_at DESC)`);
    await q.query(`
      CREATE TABLE intake_import_rejects (
        import_id  uuid NOT NULL REFERENCES intake_imports (id),
        row_number bigint NOT NULL,
        errors     jsonb NOT NULL,
        PRIMARY KEY (import_id, row_number)
      )`);

    // ---- intake items ----
    await q.query(`
      CREATE TABLE intake_items (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference               text NOT NULL UNIQUE,
        source                  text NOT NULL CHECK (source IN ('complaint', 'provider_self_report', 'supervision', 'other_regulatory_function',
                                  'whistleblower', 'other_body', 'super_complaint')),
        received_via            text NOT NULL CHECK (received_via IN ('api', 'form', 'officer', 'bulk_import')),
        received_at             timestamptz NOT NULL,
        service_id              uuid NOT NULL,
        reported_url            text NOT NULL,
        reported_domain         text NOT NULL,
        domain_relation         text NOT NULL,
        harm_categories         text[] NOT NULL,
        description             text,
        occurred_on             date,
        children_likely         boolean NOT NULL DEFAULT false,
        details                 jsonb NOT NULL DEFAULT '{}',
        evidence                jsonb NOT NULL DEFAULT '[]',
        reporter_subject        uuid,
        reporter_sealed         text,
        victim_subject          uuid,
        victim_sealed           text,
        matter_id               uuid NOT NULL REFERENCES matters (id),
        match_reason            jsonb NOT NULL,
        submitted_by_id         uuid,
        submitted_by_label      text NOT NULL,
        organisation_id         uuid,
        import_id               uuid REFERENCES intake_imports (id),
        import_row              bigint,
        personal_data_erased_at timestamptz
      )`);
    await q.query(`CREATE INDEX intake_items_matter ON intake_items (matter_id, received_at)`);
    await q.query(`CREATE INDEX intake_items_retention ON intake_items (source, received_at) WHERE personal_data_erased_at IS NULL`);
    await q.query(`CREATE INDEX intake_items_organisation ON intake_items (organisation_id, received_at) WHERE organisation_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE intake_content_hashes (
        algorithm text NOT NULL,
        hash      text NOT NULL,
        item_id   uuid NOT NULL REFERENCES intake_items (id),
        matter_id uuid NOT NULL REFERENCES matters (id),
        PRIMARY KEY (algorithm, hash, item_id)
      )`);
    await q.query(`CREATE INDEX intake_content_hashes_matter ON intake_content_hashes (matter_id)`);

    // ---- complaint form drafts (sealed; deleted on submission, expire after a day) ----
    await q.query(`
      CREATE TABLE complaint_drafts (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        data_sealed text NOT NULL,
        expires_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX complaint_drafts_expiry ON complaint_drafts (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE complaint_drafts, intake_content_hashes, intake_items, intake_import_rejects, intake_imports, matter_scores, matters`);
    await q.query(`DROP SEQUENCE matter_reference_seq`);
    await q.query(`DROP TABLE triage_models`);
    await q.query(`DROP FUNCTION triage_model_immutable()`);
    await q.query(`DROP TABLE service_app_ids, service_domains, online_services, providers`);
  }
}
