import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only, hash-chained audit trail: one chain per aggregate, heads, and periodic anchors. */
export class Audit1795000000001 implements MigrationInterface {
  name = 'Audit1795000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        seq          bigserial PRIMARY KEY,
        id           uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        chain_id     text NOT NULL,
        chain_seq    integer NOT NULL CHECK (chain_seq > 0),
        event        text NOT NULL,
        actor_id     uuid,
        actor_label  text NOT NULL,
        subject_type text NOT NULL,
        subject_id   text,
        from_state   text,
        to_state     text,
        changes      jsonb,
        reason       text,
        request_id   text,
        occurred_at  timestamptz NOT NULL,
        recorded_at  timestamptz NOT NULL,
        data         jsonb,
        prev_hash    char(64) NOT NULL,
        hash         char(64) NOT NULL,
        UNIQUE (chain_id, chain_seq)
      )`);
    await q.query(`CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id, seq)`);
    await q.query(`
      CREATE TABLE audit_chain_heads (
        chain_id   text PRIMARY KEY,
        last_seq   integer NOT NULL,
        last_hash  char(64) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE audit_anchors (
        id         bigserial PRIMARY KEY,
        created_at timestamptz NOT NULL,
        heads      jsonb NOT NULL,
        prev_hash  char(64) NOT NULL,
        hash       char(64) NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_events', 'audit_anchors']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_anchors, audit_chain_heads, audit_events`);
    await q.query(`DROP FUNCTION audit_refuse_change()`);
  }
}
