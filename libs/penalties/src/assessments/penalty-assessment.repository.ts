import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PenaltyCalculation, PenaltyInput, PenaltyStep } from '../penalty-calculator.js';

/** One recorded penalty: the calculation as recorded, and the facts recorded later. */
export interface PenaltyAssessmentRecord {
  id: string;
  caseId: string;
  caseReference: string;
  caseAuditChainId: string;
  caseVersion: number;
  auditEventId: string;
  decidedOn: string;
  inputsRecorded: boolean;
  inputs: PenaltyInput | null;
  steps: PenaltyStep[];
  calculation: PenaltyCalculation | null;
  statutoryMaximumPence: bigint;
  statutoryMaximumBasis: string;
  penaltyPence: bigint;
  daily: { ratePence: bigint; startsOn: string; longStopOn: string } | null;
  dueOn: string;
  policyVersion: string;
  calculatorVersion: string;
  createdAt: Date;
  createdBy: string | null;
  createdByLabel: string;
  compliedOn: string | null;
  complianceRecordedAt: Date | null;
  complianceRecordedBy: string | null;
  referredAt: Date | null;
  referralReason: string | null;
  referredBy: string | null;
}

export interface PenaltyPaymentRecord {
  id: string;
  assessmentId: string;
  amountPence: bigint;
  receivedOn: string;
  reference: string;
  recordedAt: Date;
  recordedByLabel: string;
  auditEventId: string;
}

export type NewPenaltyAssessment = Omit<PenaltyAssessmentRecord, 'compliedOn' | 'complianceRecordedAt' | 'complianceRecordedBy' | 'referredAt' | 'referralReason' | 'referredBy'>;

type Row = Record<string, unknown>;

const dateOf = (value: unknown): string | null => (value === null || value === undefined ? null : String(value).slice(0, 10));
const bigOf = (value: unknown): bigint | null => (value === null || value === undefined ? null : BigInt(value as string));

function toAssessment(row: Row): PenaltyAssessmentRecord {
  const rate = bigOf(row.daily_rate_pence);
  return {
    id: String(row.id),
    caseId: String(row.case_id),
    caseReference: String(row.case_reference),
    caseAuditChainId: String(row.case_audit_chain_id),
    caseVersion: Number(row.case_version),
    auditEventId: String(row.audit_event_id),
    decidedOn: dateOf(row.decided_on_text) as string,
    inputsRecorded: Boolean(row.inputs_recorded),
    inputs: (row.inputs as PenaltyInput | null) ?? null,
    steps: row.steps as PenaltyStep[],
    calculation: (row.calculation as PenaltyCalculation | null) ?? null,
    statutoryMaximumPence: BigInt(row.statutory_maximum_pence as string),
    statutoryMaximumBasis: String(row.statutory_maximum_basis),
    penaltyPence: BigInt(row.penalty_pence as string),
    daily: rate === null ? null : { ratePence: rate, startsOn: dateOf(row.daily_starts_on_text) as string, longStopOn: dateOf(row.daily_long_stop_on_text) as string },
    dueOn: dateOf(row.due_on_text) as string,
    policyVersion: String(row.policy_version),
    calculatorVersion: String(row.calculator_version),
    createdAt: new Date(row.created_at as string),
    createdBy: (row.created_by as string | null) ?? null,
    createdByLabel: String(row.created_by_label),
    compliedOn: dateOf(row.complied_on_text),
    complianceRecordedAt: row.compliance_recorded_at ? new Date(row.compliance_recorded_at as string) : null,
    complianceRecordedBy: (row.compliance_recorded_by as string | null) ?? null,
    referredAt: row.referred_at ? new Date(row.referred_at as string) : null,
    referralReason: (row.referral_reason as string | null) ?? null,
    referredBy: (row.referred_by as string | null) ?? null,
  };
}

function toPayment(row: Row): PenaltyPaymentRecord {
  return {
    id: String(row.id),
    assessmentId: String(row.assessment_id),
    amountPence: BigInt(row.amount_pence as string),
    receivedOn: dateOf(row.received_on_text) as string,
    reference: String(row.reference),
    recordedAt: new Date(row.recorded_at as string),
    recordedByLabel: String(row.recorded_by_label),
    auditEventId: String(row.audit_event_id),
  };
}

/** The only place that reads and writes the penalty tables. Dates are read as text so no time zone touches them. */
@Injectable()
export class PenaltyAssessmentRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private static readonly COLUMNS = `a.*, a.decided_on::text AS decided_on_text, a.due_on::text AS due_on_text, a.daily_starts_on::text AS daily_starts_on_text,
    a.daily_long_stop_on::text AS daily_long_stop_on_text, a.complied_on::text AS complied_on_text`;

  async insert(manager: EntityManager, a: NewPenaltyAssessment): Promise<void> {
    await manager.query(
      `INSERT INTO penalty_assessments (id, case_id, case_reference, case_audit_chain_id, case_version, audit_event_id, decided_on, inputs_recorded,
         inputs, steps, calculation, statutory_maximum_pence, statutory_maximum_basis, penalty_pence, daily_rate_pence, daily_starts_on,
         daily_long_stop_on, due_on, policy_version, calculator_version, created_at, created_by, created_by_label)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
      [
        a.id,
        a.caseId,
        a.caseReference,
        a.caseAuditChainId,
        a.caseVersion,
        a.auditEventId,
        a.decidedOn,
        a.inputsRecorded,
        a.inputs === null ? null : JSON.stringify(a.inputs),
        JSON.stringify(a.steps),
        a.calculation === null ? null : JSON.stringify(a.calculation),
        a.statutoryMaximumPence.toString(),
        a.statutoryMaximumBasis,
        a.penaltyPence.toString(),
        a.daily?.ratePence.toString() ?? null,
        a.daily?.startsOn ?? null,
        a.daily?.longStopOn ?? null,
        a.dueOn,
        a.policyVersion,
        a.calculatorVersion,
        a.createdAt,
        a.createdBy,
        a.createdByLabel,
      ],
    );
  }

  /** One assessment; with `forUpdate`, locked until the transaction ends (payments are checked against it). */
  async find(id: string, manager?: EntityManager, forUpdate = false): Promise<PenaltyAssessmentRecord | null> {
    const rows = (await (manager ?? this.dataSource).query(
      `SELECT ${PenaltyAssessmentRepository.COLUMNS} FROM penalty_assessments a WHERE a.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    )) as Row[];
    return rows[0] ? toAssessment(rows[0]) : null;
  }

  async forCase(caseId: string): Promise<PenaltyAssessmentRecord[]> {
    const rows = (await this.dataSource.query(`SELECT ${PenaltyAssessmentRepository.COLUMNS} FROM penalty_assessments a WHERE a.case_id = $1 ORDER BY a.created_at, a.id`, [
      caseId,
    ])) as Row[];
    return rows.map(toAssessment);
  }

  /** The assessments of many cases, newest decision first. */
  async forCases(caseIds: readonly string[]): Promise<PenaltyAssessmentRecord[]> {
    if (caseIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT ${PenaltyAssessmentRepository.COLUMNS} FROM penalty_assessments a WHERE a.case_id = ANY($1::uuid[]) ORDER BY a.created_at DESC, a.id DESC`,
      [caseIds],
    )) as Row[];
    return rows.map(toAssessment);
  }

  async payments(assessmentIds: readonly string[], manager?: EntityManager): Promise<PenaltyPaymentRecord[]> {
    if (assessmentIds.length === 0) return [];
    const rows = (await (manager ?? this.dataSource).query(
      `SELECT p.*, p.received_on::text AS received_on_text FROM penalty_payments p WHERE p.assessment_id = ANY($1::uuid[]) ORDER BY p.received_on, p.recorded_at, p.id`,
      [assessmentIds],
    )) as Row[];
    return rows.map(toPayment);
  }

  async insertPayment(manager: EntityManager, p: Omit<PenaltyPaymentRecord, 'id'> & { recordedBy: string | null }): Promise<string> {
    const rows = (await manager.query(
      `INSERT INTO penalty_payments (assessment_id, amount_pence, received_on, reference, recorded_at, recorded_by, recorded_by_label, audit_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [p.assessmentId, p.amountPence.toString(), p.receivedOn, p.reference, p.recordedAt, p.recordedBy, p.recordedByLabel, p.auditEventId],
    )) as { id: string }[];
    return String(rows[0]?.id);
  }

  async recordCompliance(manager: EntityManager, id: string, compliedOn: string, at: Date, by: string): Promise<void> {
    await manager.query(
      `UPDATE penalty_assessments SET complied_on = $2, compliance_recorded_at = $3, compliance_recorded_by = $4 WHERE id = $1 AND complied_on IS NULL`,
      [id, compliedOn, at, by],
    );
  }

  async recordReferral(manager: EntityManager, id: string, reason: string, at: Date, by: string): Promise<void> {
    await manager.query(`UPDATE penalty_assessments SET referred_at = $2, referral_reason = $3, referred_by = $4 WHERE id = $1 AND referred_at IS NULL`, [
      id,
      at,
      reason,
      by,
    ]);
  }
}
