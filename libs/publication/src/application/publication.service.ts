import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, actorOf, type AuditActor } from '@app/audit';
import { CaseHistory, GetCase, type CaseTransitionFired } from '@app/cases';
import { Clock, DomainError, decodeCursor, encodeCursor, pageSize, type Page, type Principal } from '@app/core';
import { ukDate } from '@app/documents';
import { ServiceRegistry } from '@app/registry';
import { checkDraft, normaliseDraft, publicHash, toPublicEntry, type DraftContent, type DraftDecision, type PublicEntry } from '../domain/entry-content.js';
import { decisionKindOf, proposedUpdateText, textOfHtml } from '../domain/proposals.js';
import { advanceStages, stagesOf, type StageEvent } from '../domain/stages.js';
import { isPublicStatus, type PublicStatus } from '../domain/vocabulary.js';
import { PublicationRepository, type EntryRecord, type PublicFilter, type PublicKey, type QueueRow, type VersionRecord } from './publication.repository.js';

/** An entry as officers see it: what is public now, the open draft, and every version. */
export interface EntryOverview {
  caseId: string;
  reference: string;
  entry: EntryRecord | null;
  draft: VersionRecord | null;
  published: VersionRecord | null;
  versions: VersionRecord[];
}

/** Who may approve this draft now, and if not, why not. */
export interface ApprovalCheck {
  allowed: boolean;
  reason: string | null;
}

/** The chain each entry's publication events are recorded in (subject: the case). */
const chainOf = (entryId: string): string => `publication:${entryId}`;

const draftInvalid = (errors: Record<string, string>): DomainError =>
  new DomainError('PUBLICATION_DRAFT_INVALID', `The draft cannot be saved or approved: ${Object.values(errors)[0] ?? 'it is incomplete'}.`, {
    errors: Object.entries(errors).map(([field, message]) => ({ field, message })),
  });

/**
 * The publication workflow (s.149): officers draft an entry and its dated updates, marking confidential
 * passages; a decision-maker who did not edit the draft approves it, which publishes its non-confidential
 * version. Case transitions after an investigation opened propose a draft update, never publish one.
 */
@Injectable()
export class PublicationService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PublicationRepository) private readonly repository: PublicationRepository,
    @Inject(GetCase) private readonly cases: GetCase,
    @Inject(CaseHistory) private readonly history: CaseHistory,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  // ------------------------------------------------------------------------------------------------
  // Officers
  // ------------------------------------------------------------------------------------------------

  async overview(caseId: string): Promise<EntryOverview> {
    const view = await this.cases.execute(caseId);
    const entry = await this.repository.entryOfCase(view.id);
    const versions = entry ? await this.repository.versions(entry.id) : [];
    return {
      caseId: view.id,
      reference: view.reference,
      entry,
      draft: versions.find((v) => v.status === 'draft') ?? null,
      published: versions.find((v) => v.status === 'published') ?? null,
      versions,
    };
  }

  /** The content an edit starts from: the open draft, else the published version, else what the case says. */
  async startingContent(caseId: string): Promise<{ content: DraftContent; revision: number | null }> {
    const overview = await this.overview(caseId);
    if (overview.draft) return { content: normaliseDraft(overview.draft.content as unknown as Record<string, unknown>), revision: overview.draft.revision };
    if (overview.published) return { content: normaliseDraft(overview.published.content as unknown as Record<string, unknown>), revision: null };
    return { content: await this.contentFromCase(caseId), revision: null };
  }

  /**
   * Saves the draft (creating it when there is none: `expectedRevision` null). The draft must be
   * complete and its confidential markers well formed; its stages are taken from the case's events.
   * Returns the saved draft.
   */
  async saveDraft(caseId: string, input: DraftContent, expectedRevision: number | null, principal: Principal): Promise<VersionRecord> {
    const view = await this.cases.execute(caseId);
    const content = normaliseDraft(input as unknown as Record<string, unknown>);
    // Stages are facts of the lifecycle, not the drafter's: always as the case's events say.
    content.stages = stagesOf(await this.stageEvents(view.id));
    const errors = checkDraft(content);
    if (Object.keys(errors).length > 0) throw draftInvalid(errors);
    const actor = actorOf(principal);
    return this.dataSource.transaction(async (tx) => {
      const now = this.clock.now();
      const entry = await this.repository.lockOrCreate(tx, view.id, view.reference, now);
      const draft = await this.repository.draftOf(entry.id, tx);
      let saved: VersionRecord | null;
      if (draft) {
        if (expectedRevision !== draft.revision) throw this.conflict(draft);
        saved = await this.repository.updateDraft(tx, { id: draft.id, expectedRevision, content, now, editor: actor, proposedByEvent: null });
        if (!saved) throw this.conflict(draft);
      } else {
        if (expectedRevision !== null) {
          throw new DomainError('PUBLICATION_DRAFT_CONFLICT', 'The draft you edited has been approved or replaced meanwhile. Open the entry again and make your changes to what is there now.');
        }
        saved = await this.repository.insertDraft(tx, { entryId: entry.id, content, now, editor: actor, proposedByEvent: null });
      }
      await this.audit.append(tx, {
        chainId: chainOf(entry.id),
        event: 'publication_draft_saved',
        actor,
        subjectType: 'case',
        subjectId: view.id,
        data: { version: saved.number, revision: saved.revision },
      });
      return saved;
    });
  }

  /** Whether this principal may approve the draft: a decision-maker who never edited it (four eyes). */
  approvalCheck(draft: VersionRecord, principal: Principal): ApprovalCheck {
    if (!principal.roles.includes('decision_maker')) return { allowed: false, reason: 'Only a decision maker can approve a public entry.' };
    if (draft.editedBy.includes(principal.id)) return { allowed: false, reason: 'You drafted or edited this version, so another decision maker must approve it.' };
    const errors = checkDraft(normaliseDraft(draft.content as unknown as Record<string, unknown>));
    if (Object.keys(errors).length > 0) return { allowed: false, reason: `The draft is not ready: ${Object.values(errors)[0]}.` };
    return { allowed: true, reason: null };
  }

  /** Approves the draft at `expectedRevision` and publishes its non-confidential version. */
  async approve(caseId: string, expectedRevision: number, principal: Principal): Promise<VersionRecord> {
    const view = await this.cases.execute(caseId);
    const actor = actorOf(principal);
    return this.dataSource.transaction(async (tx) => {
      const existing = await this.repository.entryOfCase(view.id, tx, true);
      const draft = existing ? await this.repository.draftOf(existing.id, tx) : null;
      if (!existing || !draft) throw new DomainError('PUBLICATION_NO_DRAFT', `There is no draft public entry for ${view.reference} to approve. Ask a case officer to draft one.`);
      if (draft.revision !== expectedRevision) throw this.conflict(draft);
      if (draft.editedBy.includes(principal.id)) {
        throw new DomainError('PUBLICATION_FOUR_EYES_REQUIRED', 'You drafted or edited this version of the entry, so another decision maker must approve it.');
      }
      const content = normaliseDraft(draft.content as unknown as Record<string, unknown>);
      const errors = checkDraft(content);
      if (Object.keys(errors).length > 0) throw draftInvalid(errors);
      const now = this.clock.now();
      const previous = await this.repository.latestPublished(existing.id, tx);
      const publicContent = toPublicEntry(view.reference, content, { version: draft.number, publishedAt: now, firstPublishedAt: existing.firstPublishedAt }, previous?.publicContent ?? null);
      const sha256 = publicHash(publicContent);
      await this.repository.publish(tx, { entry: existing, draft, publicContent, sha256, approver: actor, now });
      await this.audit.append(tx, {
        chainId: chainOf(existing.id),
        event: 'publication_published',
        actor,
        subjectType: 'case',
        subjectId: view.id,
        data: { version: draft.number, revision: draft.revision, sha256, publishedAt: now.toISOString(), editedBy: draft.editedBy },
      });
      return { ...draft, status: 'published', publicContent, publicSha256: sha256, approvedBy: actor.id, approvedByLabel: actor.label, approvedAt: now };
    });
  }

  /** The non-confidential version the content would publish (for the preview), as of now. */
  preview(reference: string, content: DraftContent, published: VersionRecord | null): PublicEntry {
    const now = this.clock.now();
    return toPublicEntry(reference, content, { version: (published?.number ?? 0) + 1, publishedAt: now, firstPublishedAt: null }, published?.publicContent ?? null);
  }

  async queue(limit = 200): Promise<QueueRow[]> {
    return this.repository.queue(limit);
  }

  private conflict(draft: VersionRecord): DomainError {
    return new DomainError(
      'PUBLICATION_DRAFT_CONFLICT',
      `The draft was changed since you opened it (it is now at revision ${draft.revision}). Open it again and check the changes before you save or approve.`,
      { currentRevision: draft.revision },
    );
  }

  /** A first draft from the case: its title, provider, services, provisions, dates, stages and decisions. */
  private async contentFromCase(caseId: string): Promise<DraftContent> {
    const view = await this.cases.execute(caseId);
    const service = await this.registry.getService(view.serviceId);
    const events = await this.stageEvents(caseId);
    const status: PublicStatus = isPublicStatus(view.state) ? view.state : 'investigation';
    const opened = view.investigationOpenedAt ?? view.openedAt;
    return normaliseDraft({
      title: view.title,
      summary: '',
      providerName: service?.provider?.name ?? '',
      anonymised: false,
      anonymisedLabel: '',
      services: service ? [service.name] : [],
      provisions: view.provisions,
      harmCategories: view.harmCategories,
      openedOn: ukDate(new Date(opened)),
      status,
      outcome: view.outcome,
      closedOn: view.closedAt ? ukDate(new Date(view.closedAt)) : null,
      penaltyPence: null,
      stages: stagesOf(events),
      updates: [],
      decisions: [],
    });
  }

  private async stageEvents(caseId: string): Promise<StageEvent[]> {
    const events = await this.history.events(caseId);
    return events.filter((e) => e.subjectType === 'case').map((e) => ({ event: e.event, on: ukDate(new Date(e.occurredAt)), data: e.data }));
  }

  // ------------------------------------------------------------------------------------------------
  // Proposals from case transitions (inside the transition's transaction)
  // ------------------------------------------------------------------------------------------------

  /**
   * When a case changes state after its investigation opened, proposes a dated update (and the new
   * status, outcome, penalty, stages and any decision issued) in the entry's draft. Never publishes.
   * A decision's issued text is proposed wholly marked confidential: the officer unmarks what may go out.
   */
  async proposeFromTransition(manager: EntityManager, fired: CaseTransitionFired): Promise<void> {
    if (fired.fromState === fired.toState || fired.record.investigationOpenedAt === null) return;
    const now = this.clock.now();
    const entry = await this.repository.lockOrCreate(manager, fired.record.id, fired.record.reference, now);
    const latest = await this.repository.draftOrLatestPublished(entry.id, manager);
    const draft = latest?.status === 'draft' ? latest : null;
    const base = latest?.content ?? (await this.initialContent(manager, fired));
    const content = normaliseDraft(base as unknown as Record<string, unknown>);
    const on = ukDate(fired.occurredAt);
    const penaltyPence = typeof fired.data.penaltyPence === 'number' ? fired.data.penaltyPence : null;
    if (isPublicStatus(fired.toState)) content.status = fired.toState;
    else if (content.status === 'closed') content.status = 'investigation';
    if (fired.toState === 'closed') {
      content.outcome = fired.record.outcome;
      content.closedOn = on;
    } else {
      content.outcome = null;
      content.closedOn = null;
    }
    if (fired.event === 'issue_confirmation_decision' && penaltyPence !== null) content.penaltyPence = penaltyPence;
    if (fired.record.provisions.length > 0 && content.provisions.length === 0) content.provisions = [...fired.record.provisions];
    // Folded from the stages already drafted: nothing here reads outside the transition's transaction.
    content.stages = advanceStages(content.stages, { event: fired.event, on, data: fired.data });
    content.updates.push({
      id: randomUUID(),
      date: on,
      text: proposedUpdateText(fired.event, { provisions: content.provisions, penaltyPence, outcome: fired.record.outcome }),
    });
    const kind = decisionKindOf(fired.event);
    if (kind) {
      for (const document of fired.documents) {
        const decision: DraftDecision = {
          id: randomUUID(),
          documentId: document.id,
          kind,
          decidedOn: on,
          title: document.title,
          grounds: '',
          text: `[[confidential]]\n${textOfHtml(document.html)}\n[[/confidential]]`,
          penaltyPence: kind === 'confirmation_decision' ? penaltyPence : null,
          stepsRequired: kind === 'confirmation_decision' && typeof fired.data.stepsRequired === 'string' ? fired.data.stepsRequired : '',
        };
        content.decisions.push(decision);
      }
    }
    const system: AuditActor | null = null;
    const saved = draft
      ? await this.repository.updateDraft(manager, { id: draft.id, expectedRevision: draft.revision, content, now, editor: system, proposedByEvent: fired.event })
      : await this.repository.insertDraft(manager, { entryId: entry.id, content, now, editor: system, proposedByEvent: fired.event });
    if (!saved) return;
    await this.audit.append(manager, {
      chainId: chainOf(entry.id),
      event: 'publication_update_proposed',
      actor: fired.actor,
      subjectType: 'case',
      subjectId: fired.record.id,
      data: { version: saved.number, revision: saved.revision, caseEvent: fired.event },
    });
  }

  private async initialContent(manager: EntityManager, fired: CaseTransitionFired): Promise<DraftContent> {
    const service = await this.registry.getService(fired.record.serviceId, manager);
    const summary = fired.event === 'open_investigation' && typeof fired.data.summary === 'string' ? `[[confidential]]${fired.data.summary}[[/confidential]]` : '';
    return normaliseDraft({
      title: fired.record.title,
      summary,
      providerName: service?.provider?.name ?? '',
      anonymised: false,
      anonymisedLabel: '',
      services: service ? [service.name] : [],
      provisions: fired.record.provisions,
      harmCategories: fired.record.harmCategories,
      openedOn: ukDate(fired.record.investigationOpenedAt ?? fired.occurredAt),
      status: 'investigation',
      outcome: null,
      closedOn: null,
      penaltyPence: null,
      stages: [],
      updates: [],
      decisions: [],
    });
  }

  // ------------------------------------------------------------------------------------------------
  // Public reading: published content only
  // ------------------------------------------------------------------------------------------------

  async listPublic(query: PublicFilter & { limit?: number; cursor?: string }): Promise<Page<PublicEntry>> {
    const limit = pageSize(query.limit);
    const key = decodeCursor<{ o: string; r: string }>(query.cursor);
    if (key && (typeof key.o !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(key.o) || typeof key.r !== 'string')) {
      throw new DomainError('VALIDATION_FAILED', 'The cursor does not belong to this list. Start again without a cursor.', { errors: [{ field: 'cursor', message: 'unrecognised cursor' }] });
    }
    const after: PublicKey | undefined = key ? { openedOn: key.o, reference: key.r } : undefined;
    const items = await this.repository.listPublic(query, after, limit + 1);
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: items.length > limit && last ? encodeCursor({ o: last.openedOn, r: last.reference }) : null };
  }

  async getPublic(reference: string): Promise<PublicEntry> {
    const entry = /^[A-Za-z0-9-]{1,40}$/.test(reference) ? await this.repository.publicByReference(reference) : null;
    if (!entry) throw new DomainError('PUBLICATION_NOT_FOUND', `No published enforcement entry has the reference ${reference.slice(0, 40)}. Check the reference, or browse the list at /enforcement.`);
    return entry;
  }

  /** Every published entry (the open data and the feed read them all). */
  async allPublic(): Promise<PublicEntry[]> {
    const all: PublicEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listPublic({ limit: 500, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  async publicProvisions(): Promise<string[]> {
    return this.repository.publicProvisions();
  }

  async hasPublished(): Promise<boolean> {
    return (await this.repository.countPublished()) > 0;
  }
}
