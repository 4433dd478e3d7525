import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, actorOf } from '@app/audit';
import { Clock, DomainError, type FieldError, type Principal } from '@app/core';
import { GetCase, type CaseTransitionFired } from '@app/cases';
import { DeadlineService, londonDateOf } from '@app/deadlines';
import { CalculatePenaltyDto } from '../calculate-penalty.dto.js';
import { parseDay } from '../legal-dates.js';
import { formatPence } from '../money.js';
import { PenaltyCalculator, type PenaltyCalculation, type PenaltyInput, type PenaltyStep } from '../penalty-calculator.js';
import { OrganisationCases } from './organisation-cases.js';
import { penaltyAccount, type PenaltyAccount } from './penalty-account.js';
import { PenaltyAssessmentRepository, type PenaltyAssessmentRecord, type PenaltyPaymentRecord } from './penalty-assessment.repository.js';
import { providerPenaltyView, type ProviderPenaltyView } from './provider-penalty-view.js';

/** Version of the code that turns a decision's calculation input into a recorded assessment. */
export const CALCULATOR_VERSION = 'penalty-calculator/1';
const FIELD_PREFIX = 'data.penaltyCalculation';

export interface PenaltyPaymentView {
  id: string;
  amountPence: number;
  receivedOn: string;
  reference: string;
  recordedAt: string;
  recordedBy: string;
}

/** A recorded penalty, its calculation and where its payment stands today. */
export interface PenaltyAssessmentView extends PenaltyAccount {
  id: string;
  caseId: string;
  caseReference: string;
  decidedOn: string;
  /** The confirmation decision's event in the case's audit chain, and this assessment's own audit event. */
  auditReference: { chainId: string; caseVersion: number; assessmentEventId: string };
  inputsRecorded: boolean;
  inputs: PenaltyInput | null;
  steps: PenaltyStep[];
  revenueExplanation: string[];
  statutoryMaximumPence: number;
  statutoryMaximumBasis: string;
  dailyRate: { ratePence: number; startsOn: string; longStopOn: string } | null;
  policyVersion: string;
  calculatorVersion: string;
  recordedAt: string;
  recordedBy: string;
  compliance: { compliedOn: string; recordedAt: string; recordedBy: string } | null;
  referral: { referredAt: string; reason: string; referredBy: string } | null;
  payments: PenaltyPaymentView[];
}

export interface RecordPaymentCommand {
  amountPence: number;
  receivedOn: string;
  reference: string;
}

const notFound = (): DomainError => new DomainError('PENALTY_ASSESSMENT_NOT_FOUND', 'There is no penalty with that id: check the id in the case’s list of penalties.');

function flatten(errors: ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((e) => {
    const field = `${parent}.${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message: message.replace(/^\S+ /, `${field} `) }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

const invalid = (errors: FieldError[]): DomainError =>
  new DomainError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });

/**
 * Penalties imposed by confirmation decisions: the calculation recorded once, in the decision's own
 * transaction, then payments, compliance with a daily penalty, and the referral for recovery, each
 * audited in its own transaction.
 */
@Injectable()
export class PenaltyAssessments {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PenaltyAssessmentRepository) private readonly repository: PenaltyAssessmentRepository,
    @Inject(PenaltyCalculator) private readonly calculator: PenaltyCalculator,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(GetCase) private readonly cases: GetCase,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OrganisationCases) private readonly organisationCases: OrganisationCases,
  ) {}

  /**
   * Case transition listener: a confirmation decision with a penalty records its calculation, or
   * refuses the whole event when the penalty is not what the calculation gives or is above the maximum.
   */
  async recordFromDecision(manager: EntityManager, fired: CaseTransitionFired): Promise<void> {
    if (fired.event !== 'issue_confirmation_decision') return;
    const penalty = fired.data.penaltyPence;
    const given = fired.data.penaltyCalculation;
    if (penalty === undefined && given === undefined) return;
    if (typeof penalty !== 'number') {
      throw new DomainError('PENALTY_AMOUNT_REQUIRED', 'A penalty calculation was given without penaltyPence: give the penalty imposed, the amount the calculation gives.', {
        errors: [{ field: 'data.penaltyPence', message: 'is required with data.penaltyCalculation' }],
      });
    }
    const inputs = given === undefined ? null : await this.validInput(given);
    const calculation = this.calculate(inputs ?? {});
    const maximum = calculation.statutoryMaximumPence;
    if (penalty > maximum) {
      throw new DomainError(
        'PENALTY_ABOVE_STATUTORY_MAXIMUM',
        `The penalty ${formatPence(penalty)} is above the statutory maximum of ${formatPence(maximum)}. ${calculation.statutoryMaximumBasis}` +
          (inputs ? '' : ' Give data.penaltyCalculation with the qualifying worldwide revenue to impose more than £18,000,000.00.'),
        { errors: [{ field: 'data.penaltyPence', message: `must not be above the statutory maximum ${formatPence(maximum)}` }], statutoryMaximumPence: maximum },
      );
    }
    if (inputs && penalty !== calculation.penaltyPence) {
      throw new DomainError(
        'PENALTY_CALCULATION_MISMATCH',
        `The penalty imposed, ${formatPence(penalty)}, is not the ${formatPence(calculation.penaltyPence)} the recorded calculation gives: impose the calculated amount or change the calculation.`,
        { errors: [{ field: 'data.penaltyPence', message: `must be ${calculation.penaltyPence}, the penalty the calculation gives` }], calculatedPenaltyPence: calculation.penaltyPence },
      );
    }
    const payment = fired.startedDeadlines.find((d) => d.kind === 'penalty_payment');
    if (!payment) throw new Error('A confirmation decision with a penalty started no penalty_payment deadline');

    const id = randomUUID();
    const daily = inputs ? calculation.dailyPenalty : null;
    const audited = await this.audit.append(manager, {
      chainId: `case:${fired.record.id}`,
      event: 'penalty_assessed',
      actor: fired.actor,
      subjectType: 'penalty_assessment',
      subjectId: id,
      occurredAt: fired.occurredAt,
      data: {
        caseVersion: fired.record.version,
        penaltyPence: penalty,
        statutoryMaximumPence: maximum,
        inputsRecorded: inputs !== null,
        dailyRatePence: daily?.ratePence ?? null,
        dueOn: payment.dueOn,
        policyVersion: calculation.policyVersion,
        calculatorVersion: CALCULATOR_VERSION,
      },
    });
    await this.repository.insert(manager, {
      id,
      caseId: fired.record.id,
      caseReference: fired.record.reference,
      caseAuditChainId: `case:${fired.record.id}`,
      caseVersion: fired.record.version,
      auditEventId: audited.id,
      decidedOn: londonDateOf(fired.occurredAt),
      inputsRecorded: inputs !== null,
      inputs,
      steps: inputs ? calculation.steps : [],
      calculation: inputs ? calculation : null,
      statutoryMaximumPence: BigInt(maximum),
      statutoryMaximumBasis: calculation.statutoryMaximumBasis,
      penaltyPence: BigInt(penalty),
      daily: daily ? { ratePence: BigInt(daily.ratePence), startsOn: daily.startsOn, longStopOn: daily.longStopOn } : null,
      dueOn: payment.dueOn,
      policyVersion: calculation.policyVersion,
      calculatorVersion: CALCULATOR_VERSION,
      createdAt: fired.recordedAt,
      createdBy: fired.actor.id,
      createdByLabel: fired.actor.label,
    });
  }

  /** The penalties of a case, oldest first, as of today (UK). */
  async forCase(caseId: string): Promise<{ caseReference: string; asOf: string; assessments: PenaltyAssessmentView[] }> {
    const found = await this.cases.execute(caseId);
    const assessments = await this.repository.forCase(caseId);
    const payments = await this.repository.payments(assessments.map((a) => a.id));
    const asOf = this.today();
    return {
      caseReference: found.reference,
      asOf,
      assessments: assessments.map((a) => this.viewOf(a, payments.filter((p) => p.assessmentId === a.id), asOf)),
    };
  }

  async get(id: string): Promise<PenaltyAssessmentView> {
    const assessment = await this.repository.find(id);
    if (!assessment) throw notFound();
    return this.viewOf(assessment, await this.repository.payments([id]), this.today());
  }

  /**
   * A provider organisation's penalties, newest first: those on cases about services whose provider
   * belongs to it. Nobody else's are read.
   */
  async forOrganisation(organisationId: string): Promise<{ asOf: string; items: ProviderPenaltyView[] }> {
    const cases = await this.organisationCases.of(organisationId);
    const assessments = await this.repository.forCases([...cases.keys()]);
    const payments = await this.repository.payments(assessments.map((a) => a.id));
    const asOf = this.today();
    return {
      asOf,
      items: assessments.map((a) =>
        providerPenaltyView(this.viewOf(a, payments.filter((p) => p.assessmentId === a.id), asOf), cases.get(a.caseId)?.serviceName ?? ''),
      ),
    };
  }

  /** One of a provider organisation's penalties; anyone else's, like a missing one, is not found. */
  async forOrganisationById(organisationId: string, id: string): Promise<ProviderPenaltyView> {
    const assessment = await this.repository.find(id);
    const cases = assessment ? await this.organisationCases.of(organisationId) : new Map<string, never>();
    const found = assessment ? cases.get(assessment.caseId) : undefined;
    if (!assessment || !found) {
      throw new DomainError('PENALTY_ASSESSMENT_NOT_FOUND', 'Your organisation has no penalty with that id: choose one from the list of your penalties.');
    }
    return providerPenaltyView(this.viewOf(assessment, await this.repository.payments([id]), this.today()), found.serviceName);
  }

  /** Records a payment received (part payments allowed); more than is outstanding today is refused. */
  async recordPayment(principal: Principal, id: string, command: RecordPaymentCommand): Promise<PenaltyAssessmentView> {
    const today = this.today();
    const actor = actorOf(principal);
    await this.dataSource.transaction(async (manager) => {
      const assessment = await this.locked(manager, id);
      const received = parseDay(command.receivedOn);
      if (received === undefined || received > (parseDay(today) as number) || received < (parseDay(assessment.decidedOn) as number)) {
        throw new DomainError(
          'PENALTY_PAYMENT_DATE_INVALID',
          `A payment is received between the decision (${assessment.decidedOn}) and today (${today}): ${command.receivedOn} is outside that.`,
          { errors: [{ field: 'receivedOn', message: `must be a date from ${assessment.decidedOn} to ${today}` }] },
        );
      }
      const account = penaltyAccount(this.factsOf(assessment, await this.repository.payments([id], manager)), today);
      if (command.amountPence > account.outstandingPence) {
        throw new DomainError(
          'PENALTY_OVERPAYMENT',
          account.outstandingPence === 0
            ? `Nothing is outstanding on this penalty today: a payment of ${formatPence(command.amountPence)} would be an overpayment. Return it to the payer.`
            : `The payment of ${formatPence(command.amountPence)} is more than the ${formatPence(account.outstandingPence)} outstanding today: record at most that amount and return the rest.`,
          { errors: [{ field: 'amountPence', message: `must be at most ${account.outstandingPence}, the amount outstanding` }], outstandingPence: account.outstandingPence },
        );
      }
      const recordedAt = this.clock.now();
      const audited = await this.audit.append(manager, {
        chainId: assessment.caseAuditChainId,
        event: 'penalty_payment_recorded',
        actor,
        subjectType: 'penalty_assessment',
        subjectId: id,
        data: {
          amountPence: command.amountPence,
          receivedOn: command.receivedOn,
          reference: command.reference,
          outstandingBeforePence: account.outstandingPence,
          outstandingAfterPence: account.outstandingPence - command.amountPence,
        },
      });
      await this.repository.insertPayment(manager, {
        assessmentId: id,
        amountPence: BigInt(command.amountPence),
        receivedOn: command.receivedOn,
        reference: command.reference,
        recordedAt,
        recordedBy: actor.id,
        recordedByLabel: actor.label,
        auditEventId: audited.id,
      });
      // Paid in full with nothing more to accrue: the case's payment deadline is met (late if after the due date).
      const after = penaltyAccount(this.factsOf(assessment, await this.repository.payments([id], manager)), today);
      if (after.status === 'paid') {
        await this.deadlines.satisfy(manager, { subjectType: 'case', subjectId: assessment.caseId, kind: 'penalty_payment', on: command.receivedOn, byEvent: 'penalty_paid', actor });
      }
    });
    return this.get(id);
  }

  /** Records the day the provider complied, which stops the daily penalty (that day does not accrue). */
  async recordCompliance(principal: Principal, id: string, compliedOn: string): Promise<PenaltyAssessmentView> {
    const today = this.today();
    const actor = actorOf(principal);
    await this.dataSource.transaction(async (manager) => {
      const assessment = await this.locked(manager, id);
      if (!assessment.daily) {
        throw new DomainError('PENALTY_NO_DAILY_PENALTY', 'This penalty has no daily rate: record compliance with the decision’s steps on the case (confirm_compliance).');
      }
      if (assessment.compliedOn !== null) {
        throw new DomainError('PENALTY_COMPLIANCE_ALREADY_RECORDED', `The provider’s compliance on ${assessment.compliedOn} is already recorded and cannot be changed.`);
      }
      const day = parseDay(compliedOn);
      if (day === undefined || day > (parseDay(today) as number) || day < (parseDay(assessment.decidedOn) as number)) {
        throw new DomainError(
          'PENALTY_COMPLIANCE_DATE_INVALID',
          `The provider complies after the decision (${assessment.decidedOn}) and not later than today (${today}): ${compliedOn} is outside that.`,
          { errors: [{ field: 'compliedOn', message: `must be a date from ${assessment.decidedOn} to ${today}` }] },
        );
      }
      const before = penaltyAccount(this.factsOf(assessment, []), today);
      const after = penaltyAccount({ ...this.factsOf(assessment, []), compliedOn }, today);
      const at = this.clock.now();
      await this.audit.append(manager, {
        chainId: assessment.caseAuditChainId,
        event: 'penalty_compliance_recorded',
        actor,
        subjectType: 'penalty_assessment',
        subjectId: id,
        changes: { compliedOn: { before: null, after: compliedOn } },
        data: { dailyAccruedBeforePence: before.daily?.accruedPence ?? 0, dailyAccruedAfterPence: after.daily?.accruedPence ?? 0, daysAccrued: after.daily?.daysAccrued ?? 0 },
      });
      await this.repository.recordCompliance(manager, id, compliedOn, at, actor.label);
    });
    return this.get(id);
  }

  /** Refers an overdue penalty for recovery as a debt (once). */
  async referForRecovery(principal: Principal, id: string, reason: string): Promise<PenaltyAssessmentView> {
    const today = this.today();
    const actor = actorOf(principal);
    await this.dataSource.transaction(async (manager) => {
      const assessment = await this.locked(manager, id);
      if (assessment.referredAt) {
        throw new DomainError('PENALTY_ALREADY_REFERRED', `The penalty was referred for recovery on ${londonDateOf(assessment.referredAt)}: it is not referred twice.`);
      }
      const account = penaltyAccount(this.factsOf(assessment, await this.repository.payments([id], manager)), today);
      if (account.status !== 'overdue') {
        throw new DomainError(
          'PENALTY_NOT_OVERDUE',
          account.status === 'paid'
            ? 'The penalty is paid: there is nothing to recover.'
            : `The penalty is due by ${assessment.dueOn}: it can be referred for recovery once that day has passed with an amount outstanding.`,
          { penaltyStatus: account.status },
        );
      }
      const at = this.clock.now();
      await this.audit.append(manager, {
        chainId: assessment.caseAuditChainId,
        event: 'penalty_referred_for_recovery',
        actor,
        subjectType: 'penalty_assessment',
        subjectId: id,
        reason,
        data: { outstandingPence: account.outstandingPence, dueOn: assessment.dueOn },
      });
      await this.repository.recordReferral(manager, id, reason, at, actor.label);
    });
    return this.get(id);
  }

  private today(): string {
    return londonDateOf(this.clock.now());
  }

  private async locked(manager: EntityManager, id: string): Promise<PenaltyAssessmentRecord> {
    const assessment = await this.repository.find(id, manager, true);
    if (!assessment) throw notFound();
    return assessment;
  }

  /** Validates the decision's calculation input as the calculate endpoint does, naming fields under data.penaltyCalculation. */
  private async validInput(value: unknown): Promise<PenaltyInput> {
    const plain = value as Record<string, unknown>;
    const errors = flatten(await validate(plainToInstance(CalculatePenaltyDto, plain), { whitelist: true, forbidNonWhitelisted: true }), FIELD_PREFIX);
    if (plain.asOf !== undefined) errors.push({ field: `${FIELD_PREFIX}.asOf`, message: 'is not recorded with a decision: the running total is always as of today' });
    const daily = plain.dailyPenalty as Record<string, unknown> | undefined;
    if (daily && typeof daily === 'object' && daily.compliedOn !== undefined) {
      errors.push({ field: `${FIELD_PREFIX}.dailyPenalty.compliedOn`, message: 'is recorded after the decision, with POST /api/v1/penalties/:id/compliance' });
    }
    if (errors.length > 0) throw invalid(errors);
    return plain as PenaltyInput;
  }

  private calculate(input: PenaltyInput): PenaltyCalculation {
    try {
      return this.calculator.calculate(input);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') {
        throw invalid((error.extras.errors ?? []).map((e) => ({ field: `${FIELD_PREFIX}.${e.field}`, message: e.message })));
      }
      throw error;
    }
  }

  private factsOf(a: PenaltyAssessmentRecord, payments: readonly PenaltyPaymentRecord[]) {
    return { penaltyPence: a.penaltyPence, dueOn: a.dueOn, daily: a.daily, compliedOn: a.compliedOn, referred: a.referredAt !== null, payments };
  }

  private viewOf(a: PenaltyAssessmentRecord, payments: PenaltyPaymentRecord[], asOf: string): PenaltyAssessmentView {
    return {
      id: a.id,
      caseId: a.caseId,
      caseReference: a.caseReference,
      decidedOn: a.decidedOn,
      auditReference: { chainId: a.caseAuditChainId, caseVersion: a.caseVersion, assessmentEventId: a.auditEventId },
      inputsRecorded: a.inputsRecorded,
      inputs: a.inputs,
      steps: a.steps,
      revenueExplanation: a.calculation?.revenue.explanation ?? [],
      statutoryMaximumPence: Number(a.statutoryMaximumPence),
      statutoryMaximumBasis: a.statutoryMaximumBasis,
      dailyRate: a.daily ? { ratePence: Number(a.daily.ratePence), startsOn: a.daily.startsOn, longStopOn: a.daily.longStopOn } : null,
      policyVersion: a.policyVersion,
      calculatorVersion: a.calculatorVersion,
      recordedAt: a.createdAt.toISOString(),
      recordedBy: a.createdByLabel,
      compliance: a.compliedOn
        ? { compliedOn: a.compliedOn, recordedAt: (a.complianceRecordedAt as Date).toISOString(), recordedBy: a.complianceRecordedBy ?? '' }
        : null,
      referral: a.referredAt ? { referredAt: a.referredAt.toISOString(), reason: a.referralReason ?? '', referredBy: a.referredBy ?? '' } : null,
      payments: payments.map((p) => ({
        id: p.id,
        amountPence: Number(p.amountPence),
        receivedOn: p.receivedOn,
        reference: p.reference,
        recordedAt: p.recordedAt.toISOString(),
        recordedBy: p.recordedByLabel,
      })),
      ...penaltyAccount(this.factsOf(a, payments), asOf),
    };
  }
}
