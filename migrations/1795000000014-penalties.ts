import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Penalties imposed by confirmation decisions: the calculation recorded once and never changed, the
 * payments received (append-only), and the two facts recorded later: the day the provider complied
 * (which stops a daily penalty) and the referral for recovery as a debt. Each is set once.
 */
export class Penalties1795000000014 implements MigrationInterface {
  name = 'Penalties1795000000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE penalty_assessments (
        id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id                  uuid NOT NULL,
        case_reference           text NOT NULL,
        -- The confirmation decision's audit event: the case's chain and the case version it produced.
        case_audit_chain_id      text NOT NULL,
        case_version             integer NOT NULL,
        -- This context's own audit event recording the assessment (same chain).
        audit_event_id           text NOT NULL,
        decided_on               date NOT NULL,
        inputs_recorded          boolean NOT NULL,
        inputs                   jsonb,
        steps                    jsonb NOT NULL,
        calculation              jsonb,
        statutory_maximum_pence  bigint NOT NULL,
        statutory_maximum_basis  text NOT NULL,
        penalty_pence            bigint NOT NULL,
        daily_rate_pence         bigint,
        daily_starts_on          date,
        daily_long_stop_on       date,
        due_on                   date NOT NULL,
        policy_version           text NOT NULL,
        calculator_version       text NOT NULL,
        created_at               timestamptz NOT NULL,
        created_by               uuid,
        created_by_label         text NOT NULL,
        complied_on              date,
        compliance_recorded_at   timestamptz,
        compliance_recorded_by   text,
        referred_at              timestamptz,
        referral_reason          text,
        referred_by              text,
        CONSTRAINT penalty_assessments_positive CHECK (penalty_pence > 0 AND statutory_maximum_pence >= 1800000000),
        CONSTRAINT penalty_assessments_within_maximum CHECK (penalty_pence <= statutory_maximum_pence),
        CONSTRAINT penalty_assessments_inputs CHECK (inputs_recorded = (inputs IS NOT NULL)),
        CONSTRAINT penalty_assessments_daily CHECK ((daily_rate_pence IS NULL) = (daily_starts_on IS NULL) AND (daily_rate_pence IS NULL) = (daily_long_stop_on IS NULL)),
        CONSTRAINT penalty_assessments_daily_rate CHECK (daily_rate_pence IS NULL OR daily_rate_pence > 0),
        CONSTRAINT penalty_assessments_one_per_decision UNIQUE (case_id, case_version)
      )`);
    await q.query(`CREATE INDEX penalty_assessments_by_case ON penalty_assessments (case_id, created_at, id)`);
    await q.query(`
      CREATE FUNCTION penalty_assessments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' THEN
          RAISE EXCEPTION 'penalty assessments are kept: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF (NEW.id, NEW.case_id, NEW.case_reference, NEW.case_audit_chain_id, NEW.case_version, NEW.audit_event_id, NEW.decided_on,
            NEW.inputs_recorded, NEW.inputs, NEW.steps, NEW.calculation, NEW.statutory_maximum_pence, NEW.statutory_maximum_basis,
            NEW.penalty_pence, NEW.daily_rate_pence, NEW.daily_starts_on, NEW.daily_long_stop_on, NEW.due_on, NEW.policy_version,
            NEW.calculator_version, NEW.created_at, NEW.created_by, NEW.created_by_label)
           IS DISTINCT FROM
           (OLD.id, OLD.case_id, OLD.case_reference, OLD.case_audit_chain_id, OLD.case_version, OLD.audit_event_id, OLD.decided_on,
            OLD.inputs_recorded, OLD.inputs, OLD.steps, OLD.calculation, OLD.statutory_maximum_pence, OLD.statutory_maximum_basis,
            OLD.penalty_pence, OLD.daily_rate_pence, OLD.daily_starts_on, OLD.daily_long_stop_on, OLD.due_on, OLD.policy_version,
            OLD.calculator_version, OLD.created_at, OLD.created_by, OLD.created_by_label) THEN
          RAISE EXCEPTION 'the calculation of a penalty is immutable: changing it is refused' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.complied_on IS NOT NULL AND (NEW.complied_on, NEW.compliance_recorded_at, NEW.compliance_recorded_by)
             IS DISTINCT FROM (OLD.complied_on, OLD.compliance_recorded_at, OLD.compliance_recorded_by) THEN
          RAISE EXCEPTION 'the compliance date of a penalty is recorded once: changing it is refused' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.referred_at IS NOT NULL AND (NEW.referred_at, NEW.referral_reason, NEW.referred_by)
             IS DISTINCT FROM (OLD.referred_at, OLD.referral_reason, OLD.referred_by) THEN
          RAISE EXCEPTION 'the referral of a penalty for recovery is recorded once: changing it is refused' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER penalty_assessments_immutable BEFORE UPDATE OR DELETE ON penalty_assessments FOR EACH ROW EXECUTE FUNCTION penalty_assessments_guard()`);
    await q.query(`CREATE TRIGGER penalty_assessments_no_truncate BEFORE TRUNCATE ON penalty_assessments FOR EACH STATEMENT EXECUTE FUNCTION penalty_assessments_guard()`);

    await q.query(`
      CREATE TABLE penalty_payments (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id     uuid NOT NULL REFERENCES penalty_assessments (id),
        amount_pence      bigint NOT NULL CHECK (amount_pence > 0),
        received_on       date NOT NULL,
        reference         text NOT NULL,
        recorded_at       timestamptz NOT NULL,
        recorded_by       uuid,
        recorded_by_label text NOT NULL,
        audit_event_id    text NOT NULL
      )`);
    await q.query(`CREATE INDEX penalty_payments_by_assessment ON penalty_payments (assessment_id, received_on, recorded_at)`);
    await q.query(`
      CREATE FUNCTION penalty_payments_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'recorded payments are kept: % on % is refused (record a correcting entry instead)', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER penalty_payments_append_only BEFORE UPDATE OR DELETE ON penalty_payments FOR EACH ROW EXECUTE FUNCTION penalty_payments_refuse_change()`);
    await q.query(`CREATE TRIGGER penalty_payments_no_truncate BEFORE TRUNCATE ON penalty_payments FOR EACH STATEMENT EXECUTE FUNCTION penalty_payments_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE penalty_payments`);
    await q.query(`DROP FUNCTION penalty_payments_refuse_change()`);
    await q.query(`DROP TABLE penalty_assessments`);
    await q.query(`DROP FUNCTION penalty_assessments_guard()`);
  }
}
