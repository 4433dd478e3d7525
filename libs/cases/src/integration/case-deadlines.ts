import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditActor, AuditBatch } from '@app/audit';
import { DeadlineService, type Deadline } from '@app/deadlines';
import type { CaseDeadlineView, TransitionPlan } from '../domain/model.js';
import type { CaseRecord } from '../persistence/case.repository.js';

/** The subject type of the deadline of one information notice (its id is the notice id). */
export const NOTICE_SUBJECT = 'information_notice';

export interface AppliedDeadlines {
  started: Deadline[];
  met: Deadline[];
  cancelled: Deadline[];
}

/**
 * The case lifecycle's use of the deadlines context: which subject each deadline belongs to, who is
 * reminded, and applying a transition's deadline plan inside the transition's own transaction.
 */
@Injectable()
export class CaseDeadlines {
  constructor(@Inject(DeadlineService) private readonly deadlines: DeadlineService) {}

  /** Every deadline of the case (its own and its notices'), as the deadlines context reports them now. */
  forCase(caseId: string, manager?: EntityManager): Promise<Deadline[]> {
    return this.deadlines.listForCase(caseId, manager);
  }

  /** The case's deadlines after a transition: those read before it, with what it started, met and cancelled. */
  static after(before: readonly Deadline[], applied: AppliedDeadlines): Deadline[] {
    const changed = new Map([...applied.met, ...applied.cancelled].map((d) => [d.id, d]));
    return [...before.map((d) => changed.get(d.id) ?? d), ...applied.started];
  }

  static views(deadlines: readonly Deadline[]): CaseDeadlineView[] {
    return deadlines.map((d) => ({ id: d.id, kind: d.kind, subjectType: d.subjectType, subjectId: d.subjectId, startsOn: d.startsOn, dueOn: d.dueOn, status: d.status }));
  }

  /**
   * Starts, meets and cancels what the plan says, in the caller's transaction; the deadlines' audit
   * events go into the caller's batch.
   */
  async apply(
    manager: EntityManager,
    record: CaseRecord,
    plan: TransitionPlan,
    context: { actor: AuditActor; noticeId: string | null; escalateToUserId: string | null; audit: AuditBatch },
  ): Promise<AppliedDeadlines> {
    const { actor, noticeId } = context;
    const options = { audit: context.audit };
    const applied: AppliedDeadlines = { started: [], met: [], cancelled: [] };
    for (const deadline of plan.satisfyDeadlines) {
      const met = await this.deadlines.satisfy(manager, {
        subjectType: deadline.subjectType,
        subjectId: deadline.subjectId,
        kind: deadline.kind as Deadline['kind'],
        on: plan.occurredAt,
        byEvent: plan.event,
        actor,
      }, options);
      if (met) applied.met.push(met);
    }
    for (const id of plan.closeDeadlines) {
      const closed = await this.deadlines.cancel(manager, id, `Superseded by ${plan.event}: the period ended without this deadline being met.`, actor, options);
      if (closed) applied.cancelled.push(closed);
    }
    if (plan.cancelOpenDeadlines) {
      applied.cancelled = await this.deadlines.cancelAll(manager, { caseId: record.id }, `The case was closed by ${plan.event} (${record.outcome ?? 'closed'}).`, actor, options);
    }
    for (const start of plan.startDeadlines) {
      const forNotice = start.subject === 'notice';
      applied.started.push(
        await this.deadlines.start(manager, {
          subjectType: forNotice ? NOTICE_SUBJECT : 'case',
          subjectId: forNotice ? (noticeId as string) : record.id,
          caseId: record.id,
          kind: start.kind,
          startsOn: start.startsOn,
          ...(start.unit === 'fixed_date' ? { dueOn: start.dueOn } : start.unit === 'hours' ? { startsAt: plan.occurredAt, hours: start.amount } : { amount: start.amount }),
          unit: start.unit,
          jurisdiction: start.jurisdiction,
          reference: record.reference,
          ownerUserId: record.assignedOfficerId ?? record.investigatingOfficerId,
          escalateToUserId: context.escalateToUserId,
          actor,
        }, options),
      );
    }
    return applied;
  }
}
