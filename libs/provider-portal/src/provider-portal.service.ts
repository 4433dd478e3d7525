import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Attachments, type AttachmentMeta, type UploadedFile } from '@app/attachments';
import { AuditLog, actorOf } from '@app/audit';
import { FireTransition, GetCase } from '@app/cases';
import { Clock, DomainError, decodeCursor, encodeCursor, isRegulator, notFound, pageSize, type Page, type Principal } from '@app/core';
import { DeadlineService, RUNNING_STATUSES, isLegalDate, type Deadline } from '@app/deadlines';
import { Outbox } from '@app/notifications';
import { UserAdminService } from '@app/identity';
import {
  ANSWERABLE_KINDS,
  NOTICE_KIND_NAMES,
  cleanText,
  isLate,
  receiptDigest,
  ukDateOf,
  type ExtensionDecision,
  type NoticeKind,
  type SubmissionKind,
} from './domain/notices.js';
import { NoticeRepository, type NoticeRow, type SubmissionRow } from './notice.repository.js';
import { ProviderNotices, summaryOf, type NoticeSummary } from './provider-notices.js';

/** Files of a submission belong to it in the attachments context under this owner type. */
export const SUBMISSION_ATTACHMENT_OWNER = 'provider_submission';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPEN: readonly string[] = [...RUNNING_STATUSES, 'stopped'];

export interface Receipt {
  receiptId: string;
  receivedAt: string;
  sha256: string;
  late: boolean;
  kind: SubmissionKind;
  noticeId: string;
}

export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

export interface SubmissionView extends Receipt {
  dueOn: string | null;
  submittedBy: string;
  content: Record<string, unknown>;
  attachments: AttachmentView[];
  /** Extension requests: the officer's decision. */
  decision: { status: 'pending' | ExtensionDecision; newDueOn: string | null; reasons: string | null; decidedAt: string | null; decidedBy: string | null } | null;
}

export interface NoticeDeadlineView {
  id: string;
  kind: string;
  label: string;
  dueOn: string;
  originalDueOn: string;
  status: string;
  explanation: string[];
}

export interface NoticeView extends Omit<NoticeSummary, 'issuedAt' | 'respondedAt'> {
  kindName: string;
  issuedAt: string;
  respondedAt: string | null;
  requestedItems: string[];
  documentUrl: string;
}

export interface NoticeDetail extends NoticeView {
  deadline: NoticeDeadlineView | null;
  responses: SubmissionView[];
  representations: SubmissionView[];
  extensionRequests: SubmissionView[];
  /** What the provider may send now. */
  can: { answer: boolean; makeRepresentations: boolean; requestExtension: boolean };
}

export interface PendingExtensionView extends SubmissionView {
  notice: NoticeView;
  requestedDueOn: string;
  reasons: string;
  currentDueOn: string | null;
}

export interface ResponseInput {
  answers: { item: string; answer: string }[];
  statement?: string;
}

export interface RepresentationsInput {
  summary: string;
  oralHearingRequested: boolean;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/**
 * The provider portal: a provider reads its own organisation's notices (anyone else's are not found),
 * answers, asks for more time and makes representations, each stored with a receipt hash; officers
 * read what arrived on a case and decide extension requests.
 */
@Injectable()
export class ProviderPortal {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NoticeRepository) private readonly repository: NoticeRepository,
    @Inject(ProviderNotices) private readonly notices: ProviderNotices,
    @Inject(Attachments) private readonly attachments: Attachments,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(FireTransition) private readonly fireTransition: FireTransition,
    @Inject(GetCase) private readonly getCase: GetCase,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(UserAdminService) private readonly users: UserAdminService,
  ) {}

  // --- reading -------------------------------------------------------------------------------

  async list(principal: Principal, query: { limit?: number; cursor?: string }): Promise<Page<NoticeView>> {
    const limit = pageSize(query.limit);
    const after = decodeCursor<{ t: string; i: string }>(query.cursor);
    if (after && (typeof after.t !== 'string' || Number.isNaN(Date.parse(after.t)) || typeof after.i !== 'string' || !UUID.test(after.i))) {
      throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this service issued. Start again without a cursor.', { errors: [{ field: 'cursor', message: 'unrecognised cursor' }] });
    }
    const rows = await this.repository.listForOrganisation(principal.organisationId, after && { issuedAt: after.t, id: after.i }, limit + 1);
    const page = rows.slice(0, limit);
    const submissions = await this.repository.submissionsOf(page.map((r) => r.id));
    const last = page[page.length - 1];
    return {
      items: page.map((row) => this.viewOf(row, submissions)),
      nextCursor: rows.length > limit && last ? encodeCursor({ t: new Date(last.issuedAt).toISOString(), i: last.id }) : null,
    };
  }

  async get(principal: Principal, id: string): Promise<NoticeDetail> {
    return this.detailOf(await this.visible(principal, id));
  }

  /** The document exactly as issued, with its hash. */
  async document(principal: Principal, id: string): Promise<{ html: string; sha256: string; title: string }> {
    const notice = await this.visible(principal, id);
    return { html: notice.html, sha256: notice.sha256, title: notice.title };
  }

  /** An attachment of a submission on a notice the reader may see (its read is logged). */
  async attachment(principal: Principal, noticeId: string, attachmentId: string): Promise<{ meta: AttachmentMeta; bytes: Buffer }> {
    const notice = await this.visible(principal, noticeId);
    if (!UUID.test(attachmentId)) throw notFound('The file');
    for (const submission of await this.repository.submissionsOf([notice.id])) {
      const files = await this.attachments.list(SUBMISSION_ATTACHMENT_OWNER, submission.id);
      if (files.some((f) => f.id === attachmentId)) return this.attachments.open(attachmentId, { ownerType: SUBMISSION_ATTACHMENT_OWNER, ownerId: submission.id }, principal);
    }
    throw notFound('The file');
  }

  /** One submission with its notice: the provider's own organisation's only. */
  async receipt(principal: Principal, submissionId: string): Promise<{ notice: NoticeView; submission: SubmissionView }> {
    const submission = UUID.test(submissionId) ? await this.repository.findSubmission(submissionId) : null;
    if (!submission || (!isRegulator(principal) && submission.organisationId !== principal.organisationId)) throw notFound('The receipt');
    const notice = (await this.repository.find(submission.noticeId)) as NoticeRow;
    return { notice: this.viewOf(notice, [submission]), submission: await this.submissionView(submission) };
  }

  /** Officers: every notice of a case, with what the provider sent. */
  async forCase(caseId: string): Promise<NoticeDetail[]> {
    await this.getCase.execute(caseId);
    const rows = await this.repository.listForSource('case', caseId);
    return Promise.all(rows.map((row) => this.detailOf(row)));
  }

  /** The enabled users of a provider organisation, who read its notices in the portal. */
  private async portalUsersOf(organisationId: string): Promise<Array<{ email: string; userId: string | null }>> {
    const out: Array<{ email: string; userId: string | null }> = [];
    let cursor: string | undefined;
    do {
      const page = await this.users.listUsers({ organisationId, limit: 100, cursor });
      for (const user of page.items) if (!user.disabled && user.roles.includes('provider')) out.push({ email: user.email, userId: user.id });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  /** Officers: extension requests awaiting a decision, oldest first. */
  async pendingExtensions(limit = 200): Promise<PendingExtensionView[]> {
    const pending = await this.repository.pendingExtensions(limit);
    return Promise.all(
      pending.map(async ({ submission, notice }) => ({
        ...(await this.submissionView(submission)),
        notice: this.viewOf(notice, []),
        requestedDueOn: String(submission.content.requestedDueOn),
        reasons: String(submission.content.reasons),
        currentDueOn: (await this.deadlineOf(notice))?.dueOn ?? notice.dueOn,
      })),
    );
  }

  /** One extension request as officers see it, with its notice. */
  async extensionRequest(id: string): Promise<PendingExtensionView> {
    const submission = UUID.test(id) ? await this.repository.findSubmission(id) : null;
    if (!submission || submission.kind !== 'extension_request') throw notFound('The extension request');
    const notice = (await this.repository.find(submission.noticeId)) as NoticeRow;
    return {
      ...(await this.submissionView(submission)),
      notice: this.viewOf(notice, []),
      requestedDueOn: String(submission.content.requestedDueOn),
      reasons: String(submission.content.reasons),
      currentDueOn: (await this.deadlineOf(notice))?.dueOn ?? notice.dueOn,
    };
  }

  // --- provider submissions ------------------------------------------------------------------

  /**
   * Stores an answer with its files and receipt. On a case's information notice still awaiting its
   * answer, record_information_response fires in the same transaction; a late answer is recorded late.
   */
  async respond(principal: Principal, id: string, input: ResponseInput, files: UploadedFile[]): Promise<Receipt> {
    return this.retryingOnCaseConflict(() =>
      this.dataSource.transaction(async (manager) => {
        const notice = await this.lockVisible(manager, principal, id);
        if (!ANSWERABLE_KINDS.includes(notice.kind)) {
          throw new DomainError(
            'PROVIDER_NOTICE_NOT_ANSWERABLE',
            notice.kind === 'provisional_notice'
              ? 'A provisional notice is answered with representations: use the representations form (POST .../representations).'
              : `A ${NOTICE_KIND_NAMES[notice.kind].toLowerCase()} does not ask for an answer. Contact the case officer if you need to tell us something.`,
          );
        }
        const content: Record<string, unknown> = {
          answers: input.answers.map((a) => ({ item: cleanText(a.item), answer: cleanText(a.answer) })),
          ...(input.statement && cleanText(input.statement) ? { statement: cleanText(input.statement) } : {}),
        };
        const { submission, deadline } = await this.store(manager, principal, notice, 'response', content, files);
        if (deadline && OPEN.includes(deadline.status)) {
          if (notice.sourceType === 'case' && notice.kind === 'information_notice') {
            await this.fire(manager, principal, notice.sourceId, 'record_information_response', {
              noticeId: notice.id,
              summary: `Answered through the provider portal: ${input.answers.length} answer(s), ${files.length} file(s); receipt ${submission.id} (SHA-256 ${submission.sha256}).`,
            });
          } else {
            await this.deadlines.satisfy(manager, { subjectType: deadline.subjectType, subjectId: deadline.subjectId, kind: deadline.kind, on: submission.receivedAt, byEvent: 'provider_response', actor: actorOf(principal) });
          }
        }
        await this.answered(manager, notice, submission, 'response');
        return receiptOf(submission);
      }),
    );
  }

  /** Representations on a provisional notice (with or without a request for an oral hearing). */
  async makeRepresentations(principal: Principal, id: string, input: RepresentationsInput, files: UploadedFile[]): Promise<Receipt> {
    return this.retryingOnCaseConflict(() =>
      this.dataSource.transaction(async (manager) => {
        const notice = await this.lockVisible(manager, principal, id);
        if (notice.kind !== 'provisional_notice') {
          throw new DomainError('PROVIDER_REPRESENTATIONS_NOT_INVITED', `Representations are made on a provisional notice of contravention; this is a ${NOTICE_KIND_NAMES[notice.kind].toLowerCase()}.${ANSWERABLE_KINDS.includes(notice.kind) ? ' Answer it with the answer form instead.' : ''}`);
        }
        const content = { summary: cleanText(input.summary), oralHearingRequested: input.oralHearingRequested };
        const { submission } = await this.store(manager, principal, notice, 'representations', content, files);
        if (notice.sourceType === 'case') {
          const current = await this.getCase.execute(notice.sourceId);
          const latest = (await this.repository.listForSource('case', notice.sourceId, manager)).filter((n) => n.kind === 'provisional_notice').at(-1);
          // Only the current provisional notice's period: after a decision, representations are kept but change nothing on the case.
          if (current.state === 'provisional_notice' && latest?.id === notice.id) {
            await this.fire(manager, principal, notice.sourceId, 'record_representations', {
              summary: `${content.summary.slice(0, 3800)}${content.summary.length > 3800 ? '…' : ''}\n(Receipt ${submission.id})`,
              oralHearingRequested: input.oralHearingRequested,
            });
          }
        } else {
          const deadline = await this.deadlineOf(notice, manager);
          if (deadline && OPEN.includes(deadline.status)) {
            await this.deadlines.satisfy(manager, { subjectType: deadline.subjectType, subjectId: deadline.subjectId, kind: deadline.kind, on: submission.receivedAt, byEvent: 'provider_representations', actor: actorOf(principal) });
          }
        }
        await this.answered(manager, notice, submission, 'representations');
        return receiptOf(submission);
      }),
    );
  }

  /** Asks for a later due date; an officer decides. */
  async requestExtension(principal: Principal, id: string, input: { requestedDueOn: string; reasons: string }): Promise<Receipt> {
    if (!isLegalDate(input.requestedDueOn)) {
      throw new DomainError('VALIDATION_FAILED', 'requestedDueOn must be a real date written YYYY-MM-DD.', { errors: [{ field: 'requestedDueOn', message: 'must be a real date' }] });
    }
    return this.dataSource.transaction(async (manager) => {
      const notice = await this.lockVisible(manager, principal, id);
      const deadline = await this.deadlineOf(notice, manager);
      if (!deadline || !OPEN.includes(deadline.status)) {
        throw new DomainError(
          'PROVIDER_NOTICE_NO_DEADLINE',
          deadline ? `The deadline of this notice is ${deadline.status.replace(/_/g, ' ')}: there is nothing left to extend.` : 'This notice sets no deadline, so there is nothing to extend.',
        );
      }
      if (input.requestedDueOn <= deadline.dueOn) {
        throw new DomainError('PROVIDER_EXTENSION_DATE_NOT_LATER', `The notice is due on ${deadline.dueOn}: ask for a later date.`, {
          errors: [{ field: 'requestedDueOn', message: `must be after ${deadline.dueOn}` }],
        });
      }
      const pending = (await this.repository.submissionsOf([notice.id], manager)).find((r) => r.kind === 'extension_request' && r.decision === 'pending');
      if (pending) {
        throw new DomainError('CONFLICT', `You asked for more time on ${ukDateOf(pending.receivedAt)} (receipt ${pending.id}); an officer has not decided yet. Wait for the decision before asking again.`);
      }
      const content = { requestedDueOn: input.requestedDueOn, reasons: cleanText(input.reasons) };
      const { submission } = await this.store(manager, principal, notice, 'extension_request', content, []);
      return receiptOf(submission);
    });
  }

  // --- officers ------------------------------------------------------------------------------

  /**
   * Decides an extension request: granted moves the deadline (deadlines context, audited there and
   * here); either way the provider is emailed through the outbox in the same transaction.
   */
  async decideExtension(principal: Principal, requestId: string, input: { decision: ExtensionDecision; newDueOn?: string; reasons: string }): Promise<PendingExtensionView> {
    if (!UUID.test(requestId)) throw notFound('The extension request');
    await this.dataSource.transaction(async (manager) => {
      const request = await this.repository.lockSubmission(manager, requestId);
      if (!request || request.kind !== 'extension_request') throw notFound('The extension request');
      if (request.decision !== 'pending') {
        throw new DomainError('PROVIDER_EXTENSION_ALREADY_DECIDED', `This request was already ${request.decision} on ${ukDateOf(request.decidedAt as Date)}: the provider can ask again if they need to.`);
      }
      const notice = (await this.repository.lock(manager, request.noticeId)) as NoticeRow;
      const actor = actorOf(principal);
      const reasons = cleanText(input.reasons);
      let newDueOn: string | null = null;
      if (input.decision === 'granted') {
        newDueOn = input.newDueOn ?? String(request.content.requestedDueOn);
        if (!isLegalDate(newDueOn)) throw new DomainError('VALIDATION_FAILED', 'newDueOn must be a real date written YYYY-MM-DD.', { errors: [{ field: 'newDueOn', message: 'must be a real date' }] });
        if (!notice.deadlineId) throw new DomainError('PROVIDER_NOTICE_NO_DEADLINE', 'This notice sets no deadline, so there is nothing to extend: refuse the request instead.');
        const extended = await this.deadlines.extend(manager, notice.deadlineId, { newDueOn, reason: `Extension asked for by the provider and granted: ${reasons}` }, actor);
        await this.repository.setDueOn(manager, notice.id, extended.dueOn);
      }
      const now = this.clock.now();
      await this.repository.decideExtension(manager, request.id, { decision: input.decision, newDueOn, reasons, at: now, by: actor.id, byLabel: actor.label });
      await this.audit.append(manager, {
        chainId: `provider-notice:${notice.id}`,
        event: `provider_extension_${input.decision}`,
        actor,
        subjectType: 'provider_notice',
        subjectId: notice.id,
        reason: reasons,
        data: { extensionRequestId: request.id, requestedDueOn: request.content.requestedDueOn, newDueOn, previousDueOn: notice.dueOn },
      });
      // The person who asked, or (asked through an API key, which has no address) the organisation's portal users.
      const recipients = request.contactEmail
        ? [{ email: request.contactEmail, userId: request.submittedBy as string | null }]
        : await this.portalUsersOf(notice.organisationId);
      const granted = input.decision === 'granted';
      for (const recipient of recipients) {
        await this.outbox.enqueue(manager, {
          to: recipient.email,
          toUserId: recipient.userId,
          template: 'case_update',
          data: {
            caseReference: notice.sourceReference,
            headline: granted ? `Extension granted: answer by ${newDueOn}` : 'Extension refused',
            paragraphs: [
              `You asked for more time to answer "${notice.title}", until ${String(request.content.requestedDueOn)}.`,
              granted ? `We granted it: the new due date is ${newDueOn}.` : `We refused it: the due date stays ${notice.dueOn ?? 'as it was'}.`,
              `Our reasons: ${reasons}`,
            ],
            link: `/provider/notices/${notice.id}`,
          },
          idempotencyKey: request.contactEmail ? `provider-extension-decision:${request.id}` : `provider-extension-decision:${request.id}:${recipient.userId}`,
          caseId: notice.sourceType === 'case' ? notice.sourceId : null,
          subjectType: 'provider_notice',
          subjectId: notice.id,
        });
      }
    });
    return this.extensionRequest(requestId);
  }

  // --- internals -----------------------------------------------------------------------------

  /** The notice, if the principal may see it: its own organisation's, or any for the regulator. */
  private async visible(principal: Principal, id: string): Promise<NoticeRow> {
    const notice = UUID.test(id) ? await this.repository.find(id) : null;
    if (!notice || (!isRegulator(principal) && notice.organisationId !== principal.organisationId)) throw notFound('The notice');
    return notice;
  }

  private async lockVisible(manager: EntityManager, principal: Principal, id: string): Promise<NoticeRow> {
    const notice = UUID.test(id) ? await this.repository.lock(manager, id) : null;
    if (!notice || notice.organisationId !== principal.organisationId) throw notFound('The notice');
    return notice;
  }

  private async deadlineOf(notice: NoticeRow, manager?: EntityManager): Promise<Deadline | null> {
    if (!notice.deadlineId) return null;
    try {
      return await this.deadlines.get(notice.deadlineId, manager);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'DEADLINE_NOT_FOUND') return null;
      throw error;
    }
  }

  /** Stores files, the submission and its receipt hash, and audits it on the notice's chain. */
  private async store(
    manager: EntityManager,
    principal: Principal,
    notice: NoticeRow,
    kind: SubmissionKind,
    content: Record<string, unknown>,
    files: UploadedFile[],
  ): Promise<{ submission: SubmissionRow; deadline: Deadline | null }> {
    const receivedAt = this.clock.now();
    const actor = actorOf(principal);
    const id = randomUUID();
    const stored = await this.attachments.storeAll(manager, files, { ownerType: SUBMISSION_ATTACHMENT_OWNER, ownerId: id, organisationId: notice.organisationId, uploadedBy: actor });
    const deadline = await this.deadlineOf(notice, manager);
    const dueOn = deadline?.dueOn ?? notice.dueOn;
    const late = kind !== 'extension_request' && isLate(receivedAt, dueOn);
    const { canonical, sha256 } = receiptDigest({ noticeId: notice.id, kind, content, attachments: stored });
    const submission = await this.repository.insertSubmission(manager, {
      id,
      noticeId: notice.id,
      organisationId: notice.organisationId,
      kind,
      content,
      canonical,
      sha256,
      receivedAt,
      dueOn,
      late,
      submittedBy: actor.id,
      submittedByLabel: actor.label,
      contactEmail: kind === 'extension_request' ? (principal.email ?? null) : null,
      decision: kind === 'extension_request' ? 'pending' : null,
    });
    await this.audit.append(manager, {
      chainId: `provider-notice:${notice.id}`,
      event: `provider_${kind}_received`,
      actor,
      subjectType: 'provider_notice',
      subjectId: notice.id,
      occurredAt: receivedAt,
      data: { submissionId: id, sha256, late, dueOn, attachments: stored.map((a) => ({ id: a.id, sha256: a.sha256 })) },
    });
    return { submission, deadline };
  }

  /** Marks the notice answered and tells the listeners (e.g. an enforcement programme), in the same transaction. */
  private async answered(manager: EntityManager, notice: NoticeRow, submission: SubmissionRow, kind: 'response' | 'representations'): Promise<void> {
    await this.repository.setStatus(manager, notice.id, 'responded', submission.receivedAt);
    await this.notices.responded(manager, {
      noticeId: notice.id,
      organisationId: notice.organisationId,
      serviceId: notice.serviceId,
      source: { type: notice.sourceType, id: notice.sourceId, reference: notice.sourceReference },
      kind: notice.kind,
      submissionId: submission.id,
      submissionKind: kind,
      receivedAt: submission.receivedAt,
      late: submission.late,
    });
  }

  /** Fires a case event as the provider, in the submission's transaction, at the case's current version. */
  private async fire(manager: EntityManager, principal: Principal, caseId: string, event: string, data: Record<string, unknown>): Promise<void> {
    const current = await this.getCase.execute(caseId);
    await this.fireTransition.execute({ caseId, expectedVersion: current.version, event, reason: 'Received through the provider portal', data, principal }, manager);
  }

  /** Someone changed the case between reading its version and the event: read it again and retry. */
  private async retryingOnCaseConflict<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'CASE_VERSION_CONFLICT' || attempt >= 3) throw error;
      }
    }
  }

  private viewOf(row: NoticeRow, submissions: readonly SubmissionRow[]): NoticeView {
    const summary = summaryOf(row, submissions);
    return {
      ...summary,
      kindName: NOTICE_KIND_NAMES[row.kind as NoticeKind],
      issuedAt: new Date(summary.issuedAt).toISOString(),
      respondedAt: iso(summary.respondedAt),
      requestedItems: row.requestedItems,
      documentUrl: `/api/v1/provider/notices/${row.id}/document`,
    };
  }

  private async detailOf(row: NoticeRow): Promise<NoticeDetail> {
    const submissions = await this.repository.submissionsOf([row.id]);
    const deadline = await this.deadlineOf(row);
    const views = await Promise.all(submissions.map((s) => this.submissionView(s)));
    const extensionRequests = views.filter((s) => s.kind === 'extension_request');
    const deadlineOpen = deadline !== null && OPEN.includes(deadline.status);
    return {
      ...this.viewOf(row, submissions),
      dueOn: deadline?.dueOn ?? row.dueOn,
      deadline: deadline && {
        id: deadline.id,
        kind: deadline.kind,
        label: deadline.label,
        dueOn: deadline.dueOn,
        originalDueOn: deadline.originalDueOn,
        status: deadline.status,
        explanation: deadline.explanation,
      },
      responses: views.filter((s) => s.kind === 'response'),
      representations: views.filter((s) => s.kind === 'representations'),
      extensionRequests,
      can: {
        answer: ANSWERABLE_KINDS.includes(row.kind),
        makeRepresentations: row.kind === 'provisional_notice',
        requestExtension: deadlineOpen && !extensionRequests.some((r) => r.decision?.status === 'pending'),
      },
    };
  }

  private async submissionView(s: SubmissionRow): Promise<SubmissionView> {
    const files = await this.attachments.list(SUBMISSION_ATTACHMENT_OWNER, s.id);
    return {
      ...receiptOf(s),
      dueOn: s.dueOn,
      submittedBy: s.submittedByLabel,
      content: s.content,
      attachments: files.map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, sizeBytes: f.sizeBytes, sha256: f.sha256 })),
      decision:
        s.kind === 'extension_request' && s.decision
          ? { status: s.decision, newDueOn: s.newDueOn, reasons: s.decisionReasons, decidedAt: iso(s.decidedAt), decidedBy: s.decidedByLabel }
          : null,
    };
  }
}

function receiptOf(s: SubmissionRow): Receipt {
  return { receiptId: s.id, receivedAt: new Date(s.receivedAt).toISOString(), sha256: s.sha256, late: s.late, kind: s.kind, noticeId: s.noticeId };
}
