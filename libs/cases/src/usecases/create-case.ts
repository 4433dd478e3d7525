import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, actorOf } from '@app/audit';
import { Clock, DomainError, type ErrorCode, type Principal } from '@app/core';
import { ukDateOf } from '../domain/legal-date.js';
import { Lifecycle } from '../domain/lifecycle.js';
import { CREATE_EVENT, DEFAULT_JURISDICTION, type HarmCategory, type Jurisdiction } from '../domain/vocabulary.js';
import { CaseServices } from '../integration/case-services.js';
import { CaseRepository, type CaseRecord } from '../persistence/case.repository.js';

export interface CreateCaseCommand {
  serviceId?: string;
  serviceUrl?: string;
  title: string;
  harmCategories: HarmCategory[];
  jurisdiction?: Jurisdiction;
  matterIds?: string[];
  /** When the case was really opened (history import). */
  occurredAt?: Date;
  reason?: string;
  assignedOfficerId?: string;
  principal: Principal;
}

/** What other contexts learn, inside the transaction, when a case is opened (after its create audit event). */
export interface CaseCreated {
  record: CaseRecord;
  matterIds: readonly string[];
  occurredAt: Date;
  recordedAt: Date;
  principal: Principal;
}

/** A subscriber run inside the transaction that opens a case: what it writes commits with the case; what it throws refuses it. */
export type CaseCreatedListener = (manager: EntityManager, created: CaseCreated) => Promise<void>;

/** Opens a case in `assessment`, with its matters and its first audit event, in one transaction. */
@Injectable()
export class CreateCase {
  private readonly listeners: CaseCreatedListener[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(Lifecycle) private readonly lifecycle: Lifecycle,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(CaseServices) private readonly services: CaseServices,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Registers a subscriber run in the transaction of every case opened (see CaseCreatedListener). */
  onCreated(listener: CaseCreatedListener): void {
    this.listeners.push(listener);
  }

  /**
   * Opens the case in its own transaction, or in `outerManager`'s when given (another context opening cases
   * as part of its own change, so both commit or neither does).
   */
  async execute(command: CreateCaseCommand, outerManager?: EntityManager): Promise<CaseRecord> {
    const now = this.clock.now();
    const { principal } = command;
    const verdict = this.lifecycle.evaluateCreate({ id: principal.id, roles: principal.roles }, now, { occurredAt: command.occurredAt, reason: command.reason });
    if (!verdict.allowed) throw new DomainError(verdict.blockedBy.code as ErrorCode, verdict.blockedBy.reason);
    if (!command.serviceId && !command.serviceUrl) {
      throw new DomainError('CASE_SERVICE_REQUIRED', 'Name the online service the case is about: give serviceId, or serviceUrl (its web address).', {
        errors: [{ field: 'serviceId', message: 'give serviceId or serviceUrl' }],
      });
    }
    const openedAt = command.occurredAt ?? now;
    const matterIds = [...new Set(command.matterIds ?? [])];
    const actor = actorOf(principal);
    const open = async (manager: EntityManager): Promise<CaseRecord> => {
      const service = await this.services.resolve(manager, { serviceId: command.serviceId, serviceUrl: command.serviceUrl }, actor);
      const record = await this.cases.insert(manager, {
        title: command.title.trim(),
        serviceId: service.serviceId,
        serviceUrl: service.serviceUrl,
        serviceDomain: service.serviceDomain,
        harmCategories: [...new Set(command.harmCategories)],
        jurisdiction: command.jurisdiction ?? DEFAULT_JURISDICTION,
        assignedOfficerId: command.assignedOfficerId ?? (principal.roles.includes('case_officer') ? principal.id : null),
        referenceYear: Number(ukDateOf(openedAt).slice(0, 4)),
        openedAt,
        createdBy: principal.id,
        createdAt: now,
      });
      await this.cases.addMatters(manager, record.id, matterIds, now);
      await this.audit.append(manager, {
        chainId: `case:${record.id}`,
        event: CREATE_EVENT,
        actor,
        subjectType: 'case',
        subjectId: record.id,
        fromState: null,
        toState: record.state,
        reason: command.reason ?? null,
        occurredAt: openedAt,
        data: {
          reference: record.reference,
          title: record.title,
          serviceId: record.serviceId,
          serviceUrl: record.serviceUrl,
          harmCategories: record.harmCategories,
          jurisdiction: record.jurisdiction,
          assignedOfficerId: record.assignedOfficerId,
          matterIds,
          backdated: command.occurredAt !== undefined,
        },
      });
      for (const listener of this.listeners) await listener(manager, { record, matterIds, occurredAt: openedAt, recordedAt: now, principal });
      return record;
    };
    return outerManager ? open(outerManager) : this.dataSource.transaction(open);
  }
}
