import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity and access: organisations, users, sessions, API keys, invitations, MFA policy and sign-in throttling. */
export class Identity1795000000002 implements MigrationInterface {
  name = 'Identity1795000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind       text NOT NULL CHECK (kind IN ('regulator', 'provider', 'eligible_entity')),
        name       text NOT NULL CHECK (length(btrim(name)) > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX organisations_name_unique ON organisations (lower(name))`);
    await q.query(`
      CREATE TABLE users (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id    uuid NOT NULL REFERENCES organisations (id),
        email              text NOT NULL,
        name               text NOT NULL,
        password_hash      text NOT NULL,
        roles              text[] NOT NULL CHECK (
                             cardinality(roles) > 0
                             AND roles <@ ARRAY['admin', 'case_officer', 'decision_maker', 'analyst', 'provider', 'complainant_body']::text[]),
        mfa_secret         text,
        mfa_enabled        boolean NOT NULL DEFAULT false,
        mfa_last_step      bigint,
        security_stamp     uuid NOT NULL DEFAULT gen_random_uuid(),
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until       timestamptz,
        disabled_at        timestamptz,
        last_login_at      timestamptz,
        created_at         timestamptz NOT NULL DEFAULT now(),
        CHECK (NOT mfa_enabled OR mfa_secret IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_unique ON users (lower(email))`);
    await q.query(`CREATE INDEX users_organisation ON users (organisation_id)`);
    await q.query(`CREATE INDEX users_admins ON users (id) WHERE 'admin' = ANY (roles) AND disabled_at IS NULL`);
    await q.query(`
      CREATE TABLE sessions (
        id             char(64) PRIMARY KEY,
        user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        security_stamp uuid NOT NULL,
        created_at     timestamptz NOT NULL,
        expires_at     timestamptz NOT NULL,
        last_seen_at   timestamptz NOT NULL,
        mfa_passed     boolean NOT NULL DEFAULT false,
        revoked_at     timestamptz,
        ip             text,
        user_agent     text
      )`);
    await q.query(`CREATE INDEX sessions_user ON sessions (user_id)`);
    await q.query(`CREATE INDEX sessions_expiry ON sessions (expires_at)`);
    await q.query(`
      CREATE TABLE api_keys (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        name            text NOT NULL,
        prefix          char(8) NOT NULL UNIQUE,
        secret_hash     char(64) NOT NULL,
        created_by      uuid REFERENCES users (id),
        created_at      timestamptz NOT NULL,
        last_used_at    timestamptz,
        revoked_at      timestamptz
      )`);
    await q.query(`CREATE INDEX api_keys_organisation ON api_keys (organisation_id, created_at, id)`);
    await q.query(`
      CREATE TABLE invitations (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email           text NOT NULL,
        name            text NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        roles           text[] NOT NULL CHECK (cardinality(roles) > 0),
        token_hash      char(64) NOT NULL UNIQUE,
        invited_by      uuid REFERENCES users (id),
        created_at      timestamptz NOT NULL,
        expires_at      timestamptz NOT NULL,
        accepted_at     timestamptz
      )`);
    await q.query(`CREATE INDEX invitations_email ON invitations (lower(email))`);
    await q.query(`
      CREATE TABLE role_policies (
        role         text PRIMARY KEY CHECK (role IN ('admin', 'case_officer', 'decision_maker', 'analyst', 'provider', 'complainant_body')),
        mfa_required boolean NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    // Off by default so that development and demo sign-ins work without an authenticator app;
    // production always requires MFA for regulator roles whatever these rows say.
    await q.query(`
      INSERT INTO role_policies (role, mfa_required)
      VALUES ('admin', false), ('case_officer', false), ('decision_maker', false), ('analyst', false), ('provider', false), ('complainant_body', false)`);
    await q.query(`
      CREATE TABLE login_attempts (
        key          text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        count        integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_attempts, role_policies, invitations, api_keys, sessions, users, organisations`);
  }
}
