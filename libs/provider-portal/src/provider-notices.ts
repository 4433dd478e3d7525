import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR, type AuditActor } from '@app/audit';
import { Clock, DomainError, type FieldError } from '@app/core';
import { isLegalDate } from '@app/deadlines';
import {
  NOTICE_KINDS,
  NOTICE_SOURCE_TYPES,
  asksForReply,
  isLate,
  isNoticeKind,
  sha256Of,
  type NoticeKind,
  type NoticeSourceType,
  type NoticeStatus,
  type SubmissionKind,
} from './domain/notices.js';
import { NoticeRepository, type NoticeRow, type SubmissionRow } from './notice.repository.js';

export interface NoticeSource {
  type: NoticeSourceType;
  id: string;
  /** What the provider sees it as, e.g. the case reference or the programme's name. */
  reference: string;
}

export interface IssueNoticeInput {
  organisationId: string;
  serviceId: string;
  source: NoticeSource;
  kind: NoticeKind;
  title: string;
  /** The document exactly as issued; kept unchanged with its SHA-256. */
  html: string;
  /** The deadline (deadlines context) the provider must answer by, if any. */
  deadlineId?: string | null;
  /** YYYY-MM-DD; the deadline's due date when there is one. */
  dueOn?: string | null;
  /** The same key never issues a second notice: the first is returned with created=false. */
  idempotencyKey?: string | null;
  /** Defaults to now. */
  issuedAt?: Date;
  /** Who issues it, for the audit trail (default: the system). */
  issuedBy?: AuditActor;
  /** Use this id (e.g. the notice id the case's deadline belongs to). */
  id?: string;
  /** The issued document in the documents context, when it comes from one. */
  documentId?: string | null;
  /** What the notice asks for, one line each (the portal's answer form asks about each). */
  requestedItems?: string[];
}

export interface NoticeSummary {
  id: string;
  organisationId: string;
  serviceId: string;
  source: NoticeSource;
  kind: NoticeKind;
  title: string;
  sha256: string;
  issuedAt: Date;
  dueOn: string | null;
  deadlineId: string | null;
  status: NoticeStatus;
  /** When the first answer (or representations) arrived, however it arrived. */
  respondedAt: Date | null;
  /** Whether that answer came after the due date; null while none came. */
  late: boolean | null;
}

export interface NoticeResponseEvent {
  noticeId: string;
  organisationId: string;
  serviceId: string;
  source: NoticeSource;
  kind: NoticeKind;
  submissionId: string;
  submissionKind: Exclude<SubmissionKind, 'extension_request'>;
  receivedAt: Date;
  late: boolean;
}

/** Run inside the transaction that stores a provider's answer: what it writes commits with it, what it throws refuses it. */
export type NoticeResponseListener = (manager: EntityManager, event: NoticeResponseEvent) => Promise<void>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(errors: FieldError[]): DomainError {
  return new DomainError('VALIDATION_FAILED', `The notice cannot be issued: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { errors });
}

export function summaryOf(row: NoticeRow, answers: readonly SubmissionRow[]): NoticeSummary {
  const first = answers.find((s) => s.noticeId === row.id && s.kind !== 'extension_request');
  const respondedAt = row.respondedAt ?? first?.receivedAt ?? null;
  return {
    id: row.id,
    organisationId: row.organisationId,
    serviceId: row.serviceId,
    source: { type: row.sourceType, id: row.sourceId, reference: row.sourceReference },
    kind: row.kind,
    title: row.title,
    sha256: row.sha256,
    issuedAt: row.issuedAt,
    dueOn: row.dueOn,
    deadlineId: row.deadlineId,
    status: row.status,
    respondedAt,
    late: first ? first.late : respondedAt ? isLate(respondedAt, row.dueOn) : null,
  };
}

/**
 * The public API of provider notices for other contexts: issue a notice to a provider organisation
 * (its portal shows it), list the notices of a source, and hear when a provider answers.
 */
@Injectable()
export class ProviderNotices {
  private readonly listeners: { listener: NoticeResponseListener; sourceType: NoticeSourceType | null }[] = [];

  constructor(
    @Inject(NoticeRepository) private readonly repository: NoticeRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Issues a notice in the caller's transaction; idempotent on idempotencyKey. */
  async issue(manager: EntityManager, input: IssueNoticeInput): Promise<{ noticeId: string; created: boolean }> {
    const errors: FieldError[] = [];
    for (const field of ['organisationId', 'serviceId'] as const) if (!UUID.test(String(input[field]))) errors.push({ field, message: 'must be a UUID' });
    if (!NOTICE_SOURCE_TYPES.includes(input.source?.type)) errors.push({ field: 'source.type', message: `must be one of ${NOTICE_SOURCE_TYPES.join(', ')}` });
    if (!UUID.test(String(input.source?.id))) errors.push({ field: 'source.id', message: 'must be a UUID' });
    if (typeof input.source?.reference !== 'string' || input.source.reference.trim() === '') errors.push({ field: 'source.reference', message: 'is required' });
    if (!isNoticeKind(input.kind)) errors.push({ field: 'kind', message: `must be one of ${NOTICE_KINDS.join(', ')}` });
    if (typeof input.title !== 'string' || input.title.trim() === '' || input.title.length > 300) errors.push({ field: 'title', message: 'must be text of 1 to 300 characters' });
    if (typeof input.html !== 'string' || input.html.trim() === '') errors.push({ field: 'html', message: 'must be the document as issued' });
    if (input.dueOn != null && !isLegalDate(input.dueOn)) errors.push({ field: 'dueOn', message: 'must be a date written YYYY-MM-DD' });
    if (input.deadlineId != null && !UUID.test(input.deadlineId)) errors.push({ field: 'deadlineId', message: 'must be a UUID' });
    if (input.idempotencyKey != null && (input.idempotencyKey.trim() === '' || input.idempotencyKey.length > 300)) {
      errors.push({ field: 'idempotencyKey', message: 'must be text of 1 to 300 characters' });
    }
    if (errors.length > 0) throw invalid(errors);
    const now = this.clock.now();
    const dueOn = input.dueOn ?? null;
    const { row, created } = await this.repository.insert(
      manager,
      {
        ...(input.id ? { id: input.id } : {}),
        organisationId: input.organisationId,
        serviceId: input.serviceId,
        sourceType: input.source.type,
        sourceId: input.source.id,
        sourceReference: input.source.reference.trim(),
        kind: input.kind,
        title: input.title.trim(),
        html: input.html,
        sha256: sha256Of(input.html),
        documentId: input.documentId ?? null,
        requestedItems: (input.requestedItems ?? []).filter((i) => typeof i === 'string' && i.trim() !== '').map((i) => i.trim().slice(0, 500)).slice(0, 100),
        deadlineId: input.deadlineId ?? null,
        dueOn,
        issuedAt: input.issuedAt ?? now,
        idempotencyKey: input.idempotencyKey ?? null,
        status: asksForReply(input.kind, dueOn) ? 'awaiting_response' : 'issued',
      },
      now,
    );
    if (created) {
      await this.audit.append(manager, {
        chainId: `provider-notice:${row.id}`,
        event: 'provider_notice_issued',
        actor: input.issuedBy ?? SYSTEM_ACTOR,
        subjectType: 'provider_notice',
        subjectId: row.id,
        toState: row.status,
        occurredAt: row.issuedAt,
        data: { organisationId: row.organisationId, serviceId: row.serviceId, source: { type: row.sourceType, id: row.sourceId }, kind: row.kind, sha256: row.sha256, dueOn },
      });
    }
    return { noticeId: row.id, created };
  }

  /** The notices of a case or programme, oldest first, with when and whether on time they were answered. */
  async forSource(type: NoticeSourceType, id: string, manager?: EntityManager): Promise<NoticeSummary[]> {
    if (!UUID.test(String(id))) return [];
    const rows = await this.repository.listForSource(type, id, manager);
    const submissions = await this.repository.submissionsOf(
      rows.map((r) => r.id),
      manager,
    );
    return rows.map((row) => summaryOf(row, submissions));
  }

  /**
   * Registers a listener run in the transaction that stores a provider's answer or representations,
   * for notices of `sourceType` (every notice when omitted).
   */
  onResponse(listener: NoticeResponseListener, sourceType?: NoticeSourceType): void {
    this.listeners.push({ listener, sourceType: sourceType ?? null });
  }

  /** Tells the listeners (the portal calls this inside the submission's transaction). */
  async responded(manager: EntityManager, event: NoticeResponseEvent): Promise<void> {
    for (const { listener, sourceType } of this.listeners) if (sourceType === null || sourceType === event.source.type) await listener(manager, event);
  }
}
