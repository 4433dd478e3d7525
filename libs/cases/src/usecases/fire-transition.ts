import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditBatch, AuditLog, actorOf, type AuditActor } from '@app/audit';
import { Clock, DomainError, isRegulator, type ErrorCode, type Principal } from '@app/core';
import type { Deadline } from '@app/deadlines';
import { DocumentStore, type IssueData, type IssuedDocument, type LetterTemplateName } from '@app/documents';
import { ukDateOf } from '../domain/legal-date.js';
import { Lifecycle } from '../domain/lifecycle.js';
import type { TransitionPlan } from '../domain/model.js';
import { CaseDeadlines } from '../integration/case-deadlines.js';
import { composeLetter } from '../integration/case-letters.js';
import { CaseServices } from '../integration/case-services.js';
import { CaseMessages } from '../integration/case-messages.js';
import { CaseRepository, type CaseRecord, type CaseRelated } from '../persistence/case.repository.js';
import { caseNotFound, snapshotOf, versionConflict } from './case-snapshot.js';

export interface FireTransitionCommand {
  caseId: string;
  /** The version the caller read (If-Match). */
  expectedVersion: number;
  event: string;
  reason?: string | null;
  /** When the step really happened (history import). */
  occurredAt?: Date | null;
  data: Record<string, unknown>;
  principal: Principal;
}

/** What other contexts learn, inside the transaction, when an event fires on a case. */
export interface CaseTransitionFired {
  previous: CaseRecord;
  record: CaseRecord;
  event: string;
  fromState: string;
  toState: string;
  /** The event's data as given (including the letter's content and the recipient's address). */
  data: Readonly<Record<string, unknown>>;
  reason: string | null;
  occurredAt: Date;
  recordedAt: Date;
  principal: Principal;
  actor: AuditActor;
  /** The id of the notice the event issued, when it started a notice deadline (information notices). */
  noticeId: string | null;
  startedDeadlines: readonly Deadline[];
  documents: readonly IssuedDocument[];
  /** The organisation whose provider users act for the service, if any. */
  providerOrganisationId: string | null;
}

/**
 * A subscriber run inside the transaction of every transition, after the case, audit event,
 * deadlines and documents are written: what it writes commits with them, and what it throws
 * (a DomainError) refuses the whole event.
 */
export type CaseTransitionListener = (manager: EntityManager, fired: CaseTransitionFired) => Promise<void>;

/**
 * Data kept out of the append-only audit trail: the recipient's address (personal data, used only to
 * send) and the letter's content (it may name people; the issued document and its hash are audited).
 */
const NOT_AUDITED = ['recipientEmail', 'letter'];

function auditedData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !NOT_AUDITED.includes(key)));
}

function changesOf(before: CaseRecord, after: CaseRecord, plan: TransitionPlan): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  if (before.state !== after.state) changes.state = { before: before.state, after: after.state };
  for (const field of Object.keys(plan.changes) as (keyof TransitionPlan['changes'])[]) {
    const was = before[field];
    const is = after[field];
    if (JSON.stringify(was) !== JSON.stringify(is)) changes[field] = { before: was ?? null, after: is ?? null };
  }
  return changes;
}

/**
 * Fires one lifecycle event on a case: the case row (guarded by its version), the audit event, the
 * deadlines, the documents and the messages all commit in one transaction, or none does.
 */
@Injectable()
export class FireTransition {
  private readonly listeners: CaseTransitionListener[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(Lifecycle) private readonly lifecycle: Lifecycle,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(CaseDeadlines) private readonly deadlines: CaseDeadlines,
    @Inject(DocumentStore) private readonly documents: DocumentStore,
    @Inject(CaseMessages) private readonly messages: CaseMessages,
    @Inject(CaseServices) private readonly services: CaseServices,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Registers a subscriber run in the transaction of every transition (see CaseTransitionListener). */
  onTransition(listener: CaseTransitionListener): void {
    this.listeners.push(listener);
  }

  /**
   * Returns the case as it now is, with its deadlines (and its matters and links when they were read
   * with it: see GetCase.viewOf). With `outer`, the event commits (or not) with
   * the caller's transaction, e.g. a provider's answer stored together with the event it records.
   */
  async execute(command: FireTransitionCommand, outer?: EntityManager): Promise<{ record: CaseRecord; deadlines: Deadline[]; related?: CaseRelated }> {
    const current = await this.cases.findById(command.caseId, outer);
    const providerOrganisationId = current ? await this.services.organisationOf(current.serviceId) : null;
    // A provider (through its portal) reaches only the cases about its own services.
    if (!current || (!isRegulator(command.principal) && providerOrganisationId !== command.principal.organisationId)) {
      throw caseNotFound();
    }
    if (current.version !== command.expectedVersion) throw versionConflict(command.expectedVersion, current.version);
    // Read outside the transaction, so a transition holds one database connection; the version check
    // in the UPDATE below guarantees the case is still the one evaluated.
    const deadlines = await this.deadlines.forCase(current.id);
    const now = this.clock.now();
    const { principal } = command;
    const evaluation = this.lifecycle.evaluate(snapshotOf(current, deadlines), command.event, { id: principal.id, roles: principal.roles }, command.data, now, {
      occurredAt: command.occurredAt ?? null,
      reason: command.reason ?? null,
    });
    if (!evaluation.allowed) {
      const { code, reason, fields } = evaluation.blockedBy;
      throw new DomainError(code as ErrorCode, reason, fields ? { errors: fields.map((field) => ({ field, message: reason })) } : {});
    }
    const { plan } = evaluation;
    const targets = plan.links.map((l) => l.caseId);
    if (targets.length > 0) {
      const existing = await this.cases.existing(targets);
      const missing = targets.filter((id) => !existing.has(id));
      if (missing.length > 0) throw new DomainError('CASE_LINK_TARGET_NOT_FOUND', `There is no case ${missing.join(', ')}: link to an existing case.`);
    }
    const noticeId = plan.startDeadlines.some((d) => d.subject === 'notice') ? randomUUID() : null;
    const service = plan.documents.length > 0 ? await this.services.particulars(current.serviceId, current.serviceUrl) : null;
    const actor = actorOf(principal);

    const inTransaction = async (manager: EntityManager) => {
      const moved = await this.cases.applyTransition(manager, current.id, command.expectedVersion, {
        state: plan.toState,
        changes: plan.changes,
        lastEvent: plan.event,
        lastOccurredAt: plan.occurredAt,
        updatedAt: now,
      });
      if (!moved) {
        const latest = await this.cases.findById(current.id, manager);
        throw versionConflict(command.expectedVersion, latest?.version ?? command.expectedVersion + 1);
      }
      const updated = moved.record;
      // Every audit event of the transition (the case's, its deadlines', its documents') is appended
      // in one batch, before the listeners run (they may read them).
      const audit = new AuditBatch();
      audit.add({
        chainId: `case:${updated.id}`,
        event: plan.event,
        actor,
        subjectType: 'case',
        subjectId: updated.id,
        fromState: plan.fromState,
        toState: plan.toState,
        changes: changesOf(current, updated, plan),
        reason: command.reason ?? null,
        occurredAt: plan.occurredAt,
        data: {
          version: updated.version,
          backdated: plan.backdated,
          ...(noticeId ? { noticeId } : {}),
          data: auditedData(command.data),
          deadlines: plan.startDeadlines.map(({ subject: _subject, jurisdiction: _jurisdiction, ...period }) => period),
          documents: plan.documents,
        },
      });
      const applied = await this.deadlines.apply(manager, updated, plan, {
        actor,
        noticeId,
        escalateToUserId: principal.roles.includes('decision_maker') ? principal.id : null,
        audit,
      });
      const issuedOn = ukDateOf(plan.occurredAt);
      const issued: IssuedDocument[] = [];
      const respondBy = applied.started.find((d) => d.kind === 'information_notice_response' || d.kind === 'representations')?.dueOn;
      for (const template of plan.documents) {
        const letter = composeLetter(template, { record: updated, plan, data: command.data, principal, started: applied.started, before: deadlines, issuedOn, service });
        const document = await this.issueDocument(manager, plan.event, { caseId: updated.id, template, issuedBy: actor, data: letter as IssueData<LetterTemplateName> }, audit);
        issued.push(document);
        const to = command.data.recipientEmail;
        if (typeof to === 'string') {
          const providerName = (letter.recipient as { organisationName?: string }).organisationName ?? service?.name ?? updated.reference;
          await this.messages.documentIssued(manager, { record: updated, to, providerName, template, documentId: document.id, issuedOn, ...(respondBy ? { respondBy } : {}) });
        }
      }
      await this.audit.appendAll(manager, audit.take());
      await this.cases.addLinks(manager, updated.id, plan.links, now, principal.id);
      await this.cases.addMatters(manager, updated.id, plan.matterIds, now);
      const fired: CaseTransitionFired = {
        previous: current,
        record: updated,
        event: plan.event,
        fromState: plan.fromState,
        toState: plan.toState,
        data: command.data,
        reason: command.reason ?? null,
        occurredAt: plan.occurredAt,
        recordedAt: now,
        principal,
        actor,
        noticeId,
        startedDeadlines: applied.started,
        documents: issued,
        providerOrganisationId,
      };
      for (const listener of this.listeners) await listener(manager, fired);
      // The matters and links read with the update are the case's unless this event added some.
      const related = plan.links.length === 0 && plan.matterIds.length === 0 ? moved.related : undefined;
      return { record: updated, deadlines: CaseDeadlines.after(deadlines, applied), ...(related ? { related } : {}) };
    };
    return outer ? inTransaction(outer) : this.dataSource.transaction(inTransaction);
  }

  /** Issues the event's letter; content the drafter left out is named as the event's missing data. */
  private async issueDocument(manager: EntityManager, event: string, input: Parameters<DocumentStore['issue']>[1], audit: AuditBatch): Promise<IssuedDocument> {
    try {
      return await this.documents.issue(manager, input, { audit });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'DOCUMENT_DATA_INCOMPLETE') throw error;
      const errors = (error.extras.errors ?? []).map((e) => ({ field: `data.letter.${e.field}`, message: e.message }));
      throw new DomainError('CASE_FIELD_REQUIRED', `${event} issues a ${input.template.replace(/_/g, ' ')}, whose letter needs: ${errors.map((e) => `${e.field} (${e.message})`).join('; ')}.`, { errors });
    }
  }
}
