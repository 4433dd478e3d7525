import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, actorOf, type AuditActor } from '@app/audit';
import { Attachments, type AttachmentMeta, type UploadedFile } from '@app/attachments';
import { CreateCase, GetCase, type HarmCategory } from '@app/cases';
import { Clock, DomainError, decodeCursor, encodeCursor, hasRole, notFound, type Page, type Principal } from '@app/core';
import { DeadlineService, daysBetween, londonDateOf, type Deadline } from '@app/deadlines';
import { assertVisibleTo, scopeForExternal, UserAdminService } from '@app/identity';
import { Outbox } from '@app/notifications';
import { ServiceRegistry, normaliseUrl } from '@app/registry';
import { checkDocument, missingForFiling, repeats, type DocumentReference } from './domain/filing-rules.js';
import { FILING_LIMIT_MONTHS, REPEAT_LIMIT_YEARS, type FilingFacts } from './domain/lifecycle-table.js';
import { planTransition, type SuperComplaintPlan } from './domain/lifecycle.js';
import { SUPER_COMPLAINT_DEADLINE_KINDS, SUPER_COMPLAINT_SUBJECT, type SuperComplaintOutcome, type SuperComplaintState } from './domain/vocabulary.js';
import { SuperComplaintRepository, type MessageRow, type ServiceRef, type SuperComplaintChanges, type SuperComplaintRow } from './super-complaint.repository.js';

/** What an entity writes in a draft; every field may be left out until it files. */
export interface DraftInput {
  title?: string;
  summary?: string;
  feature?: string;
  serviceUrls?: string[];
  serviceKinds?: string;
  harmCategories?: string[];
  evidence?: string;
  requestedAction?: string;
  documents?: DocumentReference[];
  /** Files to store with the draft (PDF, CSV or plain text; never images). */
  attachments?: UploadedFile[];
}

/** A file stored with a super-complaint: what it is and its checksum (the bytes are read through a download). */
export interface SuperComplaintAttachmentView {
  id: string;
  filename: string;
  contentType: AttachmentMeta['contentType'];
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

/** Options of a change: the version the caller read (If-Match), and files sent with it. */
export interface ChangeOptions {
  expectedVersion?: number;
  attachments?: UploadedFile[];
}

export interface SuperComplaintDeadlineView {
  kind: string;
  label: string;
  startsOn: string;
  dueOn: string;
  originalDueOn: string;
  status: string;
  explanation: string[];
  clockStops: Deadline['clockStops'];
}

export interface SuperComplaintView {
  id: string;
  reference: string;
  state: SuperComplaintState;
  organisationId: string;
  title: string | null;
  summary: string | null;
  feature: string | null;
  serviceUrls: string[];
  services: ServiceRef[];
  serviceKinds: string | null;
  harmCategories: string[];
  evidence: string | null;
  requestedAction: string | null;
  /** References to documents (title, type, checksum) given before files could be uploaded. */
  documents: DocumentReference[];
  attachments: SuperComplaintAttachmentView[];
  /** What the draft still lacks before it can be filed (empty once complete). */
  missingForFiling: string[];
  filingException: { reason: string; grantedBy: string; grantedAt: string } | null;
  filedAt: string | null;
  filedOn: string | null;
  eligibilityDecidedOn: string | null;
  eligibilityReasons: string | null;
  informationRequest: string | null;
  response: {
    outcome: SuperComplaintOutcome;
    text: string;
    summary: string;
    caseIds: string[];
    /** The enforcement cases opened, by reference (the body sees which, not their casework). */
    cases: Array<{ id: string; reference: string }>;
    publishedOn: string;
  } | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  deadlines: SuperComplaintDeadlineView[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface MessageView {
  id: string;
  from: 'entity' | 'regulator';
  author: string;
  body: string;
  sentAt: string;
}

export interface PublishedResponseView {
  id: string;
  reference: string;
  title: string | null;
  feature: string | null;
  harmCategories: string[];
  outcome: SuperComplaintOutcome;
  summary: string;
  response: string;
  filedOn: string | null;
  publishedOn: string;
}

/** Counts and timings only: what analysts may see. */
export interface SuperComplaintStats {
  byState: Record<string, number>;
  filed: number;
  eligibilityDecided: number;
  medianDaysToEligibilityDecision: number | null;
  published: number;
  medianDaysToResponse: number | null;
}

function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const NOT_FOUND = 'The super-complaint';
/** The owner type under which attachments of a super-complaint are stored. */
const ATTACHMENT_OWNER = 'super_complaint';
/** States in which the entity may add files: while drafting, and while answering an information request. */
const ATTACHABLE_STATES: readonly SuperComplaintState[] = ['draft', 'information_requested'];
/** Deadlines are shown in the order the lifecycle meets them. */
const DEADLINE_ORDER: readonly string[] = SUPER_COMPLAINT_DEADLINE_KINDS;

/**
 * Super-complaints of eligible entities: drafts, filing, the officers' steps of the lifecycle table,
 * the statutory clocks (through the deadline engine), the message thread and the published responses.
 * Every change commits with its audit event, deadlines and emails.
 */
@Injectable()
export class SuperComplaintService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SuperComplaintRepository) private readonly repository: SuperComplaintRepository,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(GetCase) private readonly cases: GetCase,
    @Inject(CreateCase) private readonly createCase: CreateCase,
    @Inject(Attachments) private readonly attachments: Attachments,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async createDraft(principal: Principal, input: DraftInput): Promise<SuperComplaintView> {
    this.requireEntity(principal);
    return this.dataSource.transaction(async (tx) => {
      const now = this.clock.now();
      const changes = await this.draftChanges(tx, input);
      const row = await this.repository.insert(tx, { ...changes, organisationId: principal.organisationId, createdBy: principal.id, year: now.getUTCFullYear(), at: now });
      const stored = await this.storeAttachments(tx, principal, row, input.attachments ?? []);
      await this.record(tx, row, 'super_complaint.draft_created', actorOf(principal), { toState: 'draft', data: { attachments: stored } });
      return this.view(row, tx);
    });
  }

  async updateDraft(principal: Principal, id: string, input: DraftInput, expectedVersion?: number): Promise<SuperComplaintView> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.lockVisible(tx, principal, id);
      checkVersion(row, expectedVersion);
      if (row.state !== 'draft') {
        throw new DomainError('SUPER_COMPLAINT_NOT_DRAFT', `${row.reference} was filed and can no longer be edited. Send further information as a message instead.`);
      }
      const changes = await this.draftChanges(tx, input);
      const stored = await this.storeAttachments(tx, principal, row, input.attachments ?? []);
      const updated = await this.repository.update(tx, row.id, changes, this.clock.now());
      const fields = Object.keys(input).filter((k) => k !== 'attachments' && input[k as keyof DraftInput] !== undefined);
      await this.record(tx, updated, 'super_complaint.draft_updated', actorOf(principal), { data: { fields, attachments: stored } });
      return this.view(updated, tx);
    });
  }

  async get(principal: Principal, id: string): Promise<SuperComplaintView> {
    return this.view(await this.visible(principal, id));
  }

  async list(principal: Principal, options: { state?: SuperComplaintState; limit: number; cursor?: string }): Promise<Page<SuperComplaintView>> {
    const before = decodeCursor<{ c: string; i: string }>(options.cursor);
    const rows = await this.repository.list({
      organisationId: scopeForExternal(principal),
      state: options.state,
      limit: options.limit + 1,
      before: before ? { createdAt: before.c, id: before.i } : undefined,
    });
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      items: await Promise.all(page.map((row) => this.view(row))),
      nextCursor: rows.length > options.limit && last ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id }) : null,
    };
  }

  /**
   * Fires one event of the lifecycle table (`submit` files a draft). Files sent with it (the entity
   * answering an information request) are stored in the same transaction.
   */
  async fire(principal: Principal, id: string, event: string, data: Record<string, unknown>, options: ChangeOptions = {}): Promise<SuperComplaintView> {
    if (event === 'publish_response') {
      await this.requireCases(data.caseIds);
      if (data.openCases === true) return this.publishOpeningCases(principal, id, data, options);
    }
    return this.transact(principal, id, event, data, options);
  }

  /**
   * One event in one transaction, under the super-complaint's row lock. `prepare`, when given, runs first in
   * that transaction and returns the event's data (publishing a response that opens cases).
   */
  private async transact(
    principal: Principal,
    id: string,
    event: string,
    eventData: Record<string, unknown>,
    options: ChangeOptions,
    prepare?: (tx: EntityManager, row: SuperComplaintRow) => Promise<Record<string, unknown>>,
  ): Promise<SuperComplaintView> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.lockVisible(tx, principal, id);
      checkVersion(row, options.expectedVersion);
      const data = prepare ? await prepare(tx, row) : eventData;
      const stored = await this.storeAttachments(tx, principal, row, options.attachments ?? []);
      const today = londonDateOf(this.clock.now());
      const facts = event === 'submit' && row.state === 'draft' ? await this.filingFacts(tx, row, today) : undefined;
      const plan = planTransition({ state: row.state, event, roles: principal.roles, data, facts });
      const actor = actorOf(principal);
      const updated = await this.repository.update(tx, row.id, { state: plan.to, ...this.effects(plan, principal, today) }, this.clock.now());
      await this.applyDeadlines(tx, updated, plan, today, actor);
      await this.record(tx, updated, `super_complaint.${plan.event}`, actor, {
        fromState: plan.from,
        toState: plan.to,
        reason: (plan.data.reasons ?? plan.data.reason ?? null) as string | null,
        data: stored.length > 0 ? { ...plan.data, attachments: stored } : plan.data,
      });
      await this.notifyEntity(tx, updated, plan);
      return this.view(updated, tx);
    });
  }

  /** Adds files to a draft, or to the answer of an information request (the entity only). */
  async addAttachments(principal: Principal, id: string, files: UploadedFile[], expectedVersion?: number): Promise<SuperComplaintView> {
    if (files.length === 0) {
      throw new DomainError('VALIDATION_FAILED', 'Send at least one file (PDF, CSV or plain text).', { errors: [{ field: 'attachments', message: 'send at least one file' }] });
    }
    return this.dataSource.transaction(async (tx) => {
      const row = await this.lockVisible(tx, principal, id);
      checkVersion(row, expectedVersion);
      const stored = await this.storeAttachments(tx, principal, row, files);
      const updated = await this.repository.update(tx, row.id, {}, this.clock.now());
      await this.record(tx, updated, 'super_complaint.attachments_added', actorOf(principal), { data: { attachments: stored } });
      return this.view(updated, tx);
    });
  }

  /** A file of a super-complaint, for officers and the entity that sent it (404 for anyone else). The read is logged. */
  async openAttachment(principal: Principal, id: string, attachmentId: string): Promise<{ meta: AttachmentMeta; bytes: Buffer }> {
    const row = await this.visible(principal, id);
    return this.attachments.open(attachmentId, { ownerType: ATTACHMENT_OWNER, ownerId: row.id }, principal);
  }

  async messages(principal: Principal, id: string): Promise<MessageView[]> {
    const row = await this.visible(principal, id);
    return (await this.repository.messages(row.id)).map(messageView);
  }

  /** Adds a message to the thread; a message from the regulator is emailed to the entity's users. */
  async postMessage(principal: Principal, id: string, body: string): Promise<MessageView> {
    const text = typeof body === 'string' ? body.trim() : '';
    if (text === '' || text.length > 8000) {
      throw new DomainError('VALIDATION_FAILED', 'The message must be text of 1 to 8000 characters.', { errors: [{ field: 'body', message: 'must be 1 to 8000 characters' }] });
    }
    return this.dataSource.transaction(async (tx) => {
      const row = await this.lockVisible(tx, principal, id);
      const fromEntity = scopeForExternal(principal) !== null;
      const actor = actorOf(principal);
      const message = await this.repository.insertMessage(tx, {
        superComplaintId: row.id,
        authorSide: fromEntity ? 'entity' : 'regulator',
        authorId: principal.id,
        authorLabel: principal.name ?? actor.label,
        body: text,
        createdAt: this.clock.now(),
      });
      await this.record(tx, row, 'super_complaint.message_posted', actor, { data: { messageId: message.id, from: message.authorSide } });
      if (!fromEntity) {
        await this.emailEntity(tx, row, `message:${message.id}`, 'New message from the regulator', [text]);
      }
      return messageView(message);
    });
  }

  async published(limit = 100): Promise<PublishedResponseView[]> {
    return (await this.repository.published(limit)).map((row) => ({
      id: row.id,
      reference: row.reference,
      title: row.title,
      feature: row.feature,
      harmCategories: row.harmCategories,
      outcome: row.outcome as SuperComplaintOutcome,
      summary: row.responseSummary ?? '',
      response: row.responseText ?? '',
      filedOn: row.filedOn,
      publishedOn: row.publishedOn as string,
    }));
  }

  async stats(): Promise<SuperComplaintStats> {
    const rows = await this.repository.timings();
    const byState: Record<string, number> = {};
    const toEligibility: number[] = [];
    const toResponse: number[] = [];
    for (const row of rows) {
      byState[row.state] = (byState[row.state] ?? 0) + 1;
      if (row.filedOn && row.eligibilityDecidedOn) toEligibility.push(daysBetween(row.filedOn, row.eligibilityDecidedOn));
      if (row.filedOn && row.publishedOn) toResponse.push(daysBetween(row.filedOn, row.publishedOn));
    }
    return {
      byState,
      filed: rows.length,
      eligibilityDecided: toEligibility.length,
      medianDaysToEligibilityDecision: median(toEligibility),
      published: toResponse.length,
      medianDaysToResponse: median(toResponse),
    };
  }

  // --- internals ---------------------------------------------------------------------------

  /**
   * Publishes a response of enforcement action opened, opening one case per service the super-complaint
   * names (with its harm categories) and linking them, all in the response's transaction: the cases are
   * opened under the super-complaint's row lock (a second officer publishing at once waits, then meets the
   * new version), and a response refused for any reason opens none.
   */
  private async publishOpeningCases(principal: Principal, id: string, data: Record<string, unknown>, options: ChangeOptions): Promise<SuperComplaintView> {
    return this.transact(principal, id, 'publish_response', data, options, async (tx, row) => {
      // The rules first, so a refused response opens nothing.
      const plan = planTransition({ state: row.state, event: 'publish_response', roles: principal.roles, data });
      if (row.services.length === 0) {
        throw new DomainError(
          'SUPER_COMPLAINT_CASES_REQUIRED',
          `${row.reference} names no service by its web address, so no case can be opened from it: open the cases from casework and give their ids in caseIds.`,
          { errors: [{ field: 'openCases', message: 'the super-complaint names no service by its web address' }] },
        );
      }
      const opened: string[] = [];
      for (const service of row.services) {
        const record = await this.createCase.execute(
          {
            ...(service.serviceId ? { serviceId: service.serviceId } : { serviceUrl: service.url }),
            title: `Super-complaint ${row.reference}: ${row.title ?? row.feature ?? ''}`.trim().slice(0, 300),
            harmCategories: row.harmCategories as HarmCategory[],
            reason: `Opened from super-complaint ${row.reference}, whose response concludes with enforcement action.`,
            principal,
          },
          tx,
        );
        opened.push(record.id);
      }
      return { ...plan.data, caseIds: [...new Set([...((plan.data.caseIds as string[] | undefined) ?? []), ...opened])] };
    });
  }

  /** Stores files the entity sent, checked and encrypted by the attachments context, in the caller's transaction. */
  private async storeAttachments(tx: EntityManager, principal: Principal, row: SuperComplaintRow, files: readonly UploadedFile[]): Promise<Array<{ id: string; filename: string; sha256: string }>> {
    if (files.length === 0) return [];
    if (scopeForExternal(principal) === null || !hasRole(principal, 'complainant_body')) {
      throw new DomainError('SUPER_COMPLAINT_ROLE_NOT_ALLOWED', 'Only the entity that made the super-complaint can add documents to it.');
    }
    if (!ATTACHABLE_STATES.includes(row.state)) {
      throw new DomainError(
        'SUPER_COMPLAINT_ATTACHMENTS_CLOSED',
        `${row.reference} is ${row.state.replace(/_/g, ' ')}: documents can be added to a draft, or with the answer to an information request. Send anything else as a message.`,
        { errors: [{ field: 'attachments', message: 'documents cannot be added now' }] },
      );
    }
    const stored = await this.attachments.storeAll(tx, files, { ownerType: ATTACHMENT_OWNER, ownerId: row.id, organisationId: row.organisationId, uploadedBy: actorOf(principal) });
    return stored.map((m) => ({ id: m.id, filename: m.filename, sha256: m.sha256 }));
  }

  /** The references of the cases a response links (a case that cannot be read is shown by its id), as `manager` sees them. */
  private async caseReferences(caseIds: readonly string[], manager?: EntityManager): Promise<Array<{ id: string; reference: string }>> {
    const references = await this.cases.references(caseIds, manager);
    return caseIds.map((id) => ({ id, reference: references.get(id) ?? id }));
  }

  /** The cases a response links to must exist (they are opened through the cases context first). */
  private async requireCases(caseIds: unknown): Promise<void> {
    if (!Array.isArray(caseIds)) return;
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    for (const [i, caseId] of caseIds.entries()) {
      if (typeof caseId !== 'string' || !UUID.test(caseId)) continue; // the lifecycle's validation names it
      try {
        await this.cases.execute(caseId);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'CASE_NOT_FOUND') {
          throw new DomainError('SUPER_COMPLAINT_CASE_NOT_FOUND', `There is no case ${caseId}: open the enforcement case first, then give its id.`, {
            errors: [{ field: `caseIds[${i}]`, message: 'is not the id of a case' }],
          });
        }
        throw error;
      }
    }
  }

  private requireEntity(principal: Principal): void {
    if (principal.organisationKind !== 'eligible_entity' || !hasRole(principal, 'complainant_body')) {
      throw new DomainError('SUPER_COMPLAINT_ROLE_NOT_ALLOWED', 'Only users and API keys of a recognised eligible entity can make a super-complaint.');
    }
  }

  private async visible(principal: Principal, id: string): Promise<SuperComplaintRow> {
    const row = await this.repository.findById(id);
    if (!row) throw notFound(NOT_FOUND);
    assertVisibleTo(principal, row.organisationId, NOT_FOUND);
    return row;
  }

  private async lockVisible(tx: EntityManager, principal: Principal, id: string): Promise<SuperComplaintRow> {
    const row = await this.repository.lockById(tx, id);
    if (!row) throw notFound(NOT_FOUND);
    assertVisibleTo(principal, row.organisationId, NOT_FOUND);
    return row;
  }

  private async draftChanges(tx: EntityManager, input: DraftInput): Promise<SuperComplaintChanges> {
    const changes: SuperComplaintChanges = {};
    const text = (v: string | undefined): string | null | undefined => (v === undefined ? undefined : v.trim() === '' ? null : v.trim());
    changes.title = text(input.title);
    changes.summary = text(input.summary);
    changes.feature = text(input.feature);
    changes.serviceKinds = text(input.serviceKinds);
    changes.evidence = text(input.evidence);
    changes.requestedAction = text(input.requestedAction);
    if (input.harmCategories !== undefined) changes.harmCategories = [...new Set(input.harmCategories)];
    if (input.documents !== undefined) changes.documents = input.documents.map((doc, i) => checkDocument(doc, i));
    if (input.serviceUrls !== undefined) {
      const services: ServiceRef[] = [];
      for (const [i, raw] of input.serviceUrls.entries()) {
        const normalised = normaliseUrl(raw, `serviceUrls[${i}]`);
        if (services.some((s) => s.url === normalised.url)) continue;
        const known = await this.registry.lookupDomain(tx, normalised.domain);
        services.push({ url: normalised.url, serviceId: known?.serviceId ?? null });
      }
      changes.services = services;
    }
    return changes;
  }

  private async filingFacts(tx: EntityManager, row: SuperComplaintRow, today: string): Promise<FilingFacts> {
    const recent = await this.repository.latestFilingSince(tx, row.organisationId, row.id, monthsBefore(today, FILING_LIMIT_MONTHS));
    const published = await this.repository.publishedSince(tx, monthsBefore(today, REPEAT_LIMIT_YEARS * 12));
    const repeated = published.find((p) => repeats(row, p));
    return {
      missing: missingForFiling({ ...row, serviceUrls: row.services.map((s) => s.url) }),
      recentFiling: recent ?? null,
      exceptionGranted: row.filingException !== null,
      repeatsPublished: repeated ? { reference: repeated.reference, publishedOn: repeated.publishedOn } : null,
      entityAlreadyFoundEligible: await this.repository.entityFoundEligibleBefore(tx, row.organisationId, row.id),
    };
  }

  /** What each event records on the super-complaint besides its new state. */
  private effects(plan: SuperComplaintPlan, principal: Principal, today: string): SuperComplaintChanges {
    const now = this.clock.now();
    const d = plan.data;
    switch (plan.event) {
      case 'submit':
        return { filedAt: now, filedOn: today };
      case 'grant_filing_exception':
        return { filingException: { reason: d.reason as string, grantedBy: actorOf(principal).label, grantedAt: now.toISOString() } };
      case 'find_eligible':
      case 'find_not_admissible':
        return { eligibilityDecidedOn: today, eligibilityReasons: d.reasons as string };
      case 'request_information':
        return { informationRequest: d.request as string };
      case 'publish_response':
        return {
          outcome: d.outcome as SuperComplaintOutcome,
          responseText: d.response as string,
          responseSummary: d.summary as string,
          caseIds: (d.caseIds as string[] | undefined) ?? [],
          publishedAt: now,
          publishedOn: today,
        };
      case 'withdraw':
        return { withdrawnAt: now, withdrawalReason: (d.reason as string | undefined) ?? null };
      default:
        return {};
    }
  }

  private async applyDeadlines(tx: EntityManager, row: SuperComplaintRow, plan: SuperComplaintPlan, today: string, actor: AuditActor): Promise<void> {
    const subject = { subjectType: SUPER_COMPLAINT_SUBJECT, subjectId: row.id };
    for (const op of plan.deadlines) {
      if (op.op === 'start') {
        await this.deadlines.start(tx, { ...subject, kind: op.kind, unit: 'calendar_days', amount: op.days, startsOn: today, reference: row.reference, actor });
      } else if (op.op === 'satisfy') {
        await this.deadlines.satisfy(tx, { ...subject, kind: op.kind, on: today, byEvent: plan.event, actor });
      } else if (op.op === 'stop') {
        await this.deadlines.stopClock(tx, { ...subject, kind: op.kind }, { on: today, reason: 'waiting for information requested from the entity', actor });
      } else if (op.op === 'restart') {
        await this.deadlines.restartClock(tx, { ...subject, kind: op.kind }, { on: today, reason: 'the information requested was received', actor });
      } else {
        await this.deadlines.cancelAll(tx, subject, 'the super-complaint was withdrawn', actor);
      }
    }
  }

  private async notifyEntity(tx: EntityManager, row: SuperComplaintRow, plan: SuperComplaintPlan): Promise<void> {
    const lines: Partial<Record<SuperComplaintPlan['event'], { headline: string; paragraphs: string[] }>> = {
      submit: { headline: 'Super-complaint received', paragraphs: ['We received your super-complaint. We will decide whether it is eligible and tell you.'] },
      acknowledge_receipt: { headline: 'Eligibility check started', paragraphs: ['We are checking the eligibility of your super-complaint.', ...(plan.data.note ? [plan.data.note as string] : [])] },
      find_eligible: { headline: 'Super-complaint found eligible', paragraphs: [plan.data.reasons as string, 'We will respond within 90 days of this decision.'] },
      find_not_admissible: { headline: 'Super-complaint not admissible', paragraphs: [plan.data.reasons as string] },
      request_information: { headline: 'Information requested', paragraphs: [plan.data.request as string, 'The response period is stopped until we receive it.'] },
      publish_response: { headline: 'Response published', paragraphs: [plan.data.summary as string] },
    };
    const message = lines[plan.event];
    if (message) await this.emailEntity(tx, row, `${plan.event}:${row.version}`, message.headline, message.paragraphs);
  }

  private async emailEntity(tx: EntityManager, row: SuperComplaintRow, key: string, headline: string, paragraphs: string[]): Promise<void> {
    const users = await this.users.listUsers({ organisationId: row.organisationId, limit: 100 });
    for (const user of users.items.filter((u) => !u.disabled && u.roles.includes('complainant_body'))) {
      await this.outbox.enqueue(tx, {
        to: user.email,
        toUserId: user.id,
        template: 'case_update',
        data: { recipientName: user.name, caseReference: row.reference, headline, paragraphs, link: `/super-complaints/${row.id}` },
        idempotencyKey: `super_complaint:${row.id}:${key}:${user.id}`,
        subjectType: SUPER_COMPLAINT_SUBJECT,
        subjectId: row.id,
      });
    }
  }

  private async record(
    tx: EntityManager,
    row: SuperComplaintRow,
    event: string,
    actor: AuditActor,
    extra: { fromState?: string; toState?: string; reason?: string | null; data?: Record<string, unknown> } = {},
  ): Promise<void> {
    await this.audit.append(tx, {
      chainId: `super_complaint:${row.id}`,
      event,
      actor,
      subjectType: SUPER_COMPLAINT_SUBJECT,
      subjectId: row.id,
      fromState: extra.fromState ?? null,
      toState: extra.toState ?? null,
      reason: extra.reason ?? null,
      data: { reference: row.reference, ...extra.data },
    });
  }

  private async view(row: SuperComplaintRow, manager?: EntityManager): Promise<SuperComplaintView> {
    const deadlines = await this.deadlines.listFor(SUPER_COMPLAINT_SUBJECT, row.id, manager);
    const attachments = await this.attachments.list(ATTACHMENT_OWNER, row.id, manager);
    const published = row.state === 'response_published' && row.outcome && row.publishedOn;
    return {
      id: row.id,
      reference: row.reference,
      state: row.state,
      organisationId: row.organisationId,
      title: row.title,
      summary: row.summary,
      feature: row.feature,
      serviceUrls: row.services.map((s) => s.url),
      services: row.services,
      serviceKinds: row.serviceKinds,
      harmCategories: row.harmCategories,
      evidence: row.evidence,
      requestedAction: row.requestedAction,
      documents: row.documents,
      attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, sizeBytes: a.sizeBytes, sha256: a.sha256, uploadedAt: a.uploadedAt.toISOString() })),
      missingForFiling: row.state === 'draft' ? missingForFiling({ ...row, serviceUrls: row.services.map((s) => s.url) }) : [],
      filingException: row.filingException,
      filedAt: row.filedAt?.toISOString() ?? null,
      filedOn: row.filedOn,
      eligibilityDecidedOn: row.eligibilityDecidedOn,
      eligibilityReasons: row.eligibilityReasons,
      informationRequest: row.informationRequest,
      response:
        published && row.outcome && row.publishedOn
          ? {
              outcome: row.outcome,
              text: row.responseText ?? '',
              summary: row.responseSummary ?? '',
              caseIds: row.caseIds,
              cases: await this.caseReferences(row.caseIds, manager),
              publishedOn: row.publishedOn,
            }
          : null,
      withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
      withdrawalReason: row.withdrawalReason,
      deadlines: [...deadlines].sort((a, b) => DEADLINE_ORDER.indexOf(a.kind) - DEADLINE_ORDER.indexOf(b.kind) || a.createdAt.localeCompare(b.createdAt)).map((d) => ({
        kind: d.kind,
        label: d.label,
        startsOn: d.startsOn,
        dueOn: d.dueOn,
        originalDueOn: d.originalDueOn,
        status: d.status,
        explanation: d.explanation,
        clockStops: d.clockStops,
      })),
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

/** Refuses a change based on a version of the super-complaint that is no longer current (If-Match). */
function checkVersion(row: SuperComplaintRow, expectedVersion: number | undefined): void {
  if (expectedVersion === undefined || row.version === expectedVersion) return;
  throw new DomainError(
    'SUPER_COMPLAINT_VERSION_CONFLICT',
    `${row.reference} changed since you read it (you sent version ${expectedVersion}; it is now at version ${row.version}). Read it again, check the change, and send If-Match: "${row.version}".`,
    { currentVersion: row.version },
  );
}

function messageView(m: MessageRow): MessageView {
  return { id: m.id, from: m.authorSide, author: m.authorLabel, body: m.body, sentAt: new Date(m.createdAt).toISOString() };
}
