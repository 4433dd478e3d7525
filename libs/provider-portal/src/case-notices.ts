import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NOTICE_SUBJECT, type CaseTransitionFired } from '@app/cases';
import { DeadlineService } from '@app/deadlines';
import { DEADLINE_KIND_OF, isNoticeKind } from './domain/notices.js';
import { NoticeRepository } from './notice.repository.js';
import { ProviderNotices } from './provider-notices.js';

/** What a letter asks of the provider: an information notice's requirements, a warning letter's expected steps. */
export function requestedItemsOf(data: Record<string, unknown>): string[] {
  const requirements = Array.isArray(data.requirements) ? data.requirements : [];
  const fromRequirements = requirements.map((r) => (r && typeof r === 'object' && typeof (r as { item?: unknown }).item === 'string' ? (r as { item: string }).item : null));
  const steps = Array.isArray(data.expectedSteps) ? data.expectedSteps.map((s) => (typeof s === 'string' ? s : null)) : [];
  return [...fromRequirements, ...steps].filter((i): i is string => i !== null && i.trim() !== '');
}

/**
 * The case lifecycle's notices as the provider receives them: every document a transition issues about
 * a service with a provider organisation becomes a provider notice (same transaction), and notices
 * answered or withdrawn on the case (by an officer, say) are marked so.
 */
@Injectable()
export class CaseNotices {
  constructor(
    @Inject(ProviderNotices) private readonly notices: ProviderNotices,
    @Inject(NoticeRepository) private readonly repository: NoticeRepository,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
  ) {}

  async onTransition(manager: EntityManager, fired: CaseTransitionFired): Promise<void> {
    const organisationId = fired.providerOrganisationId;
    if (!organisationId) return;
    const { record } = fired;
    await this.keepStatusesCurrent(manager, record.id, fired.occurredAt);
    for (const document of fired.documents) {
      const kind = document.template;
      if (!isNoticeKind(kind)) continue;
      const deadline = fired.startedDeadlines
        .filter((d) => DEADLINE_KIND_OF[kind].includes(d.kind))
        .sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
      await this.notices.issue(manager, {
        // An information notice keeps the id its deadline belongs to, so an answer names the same notice everywhere.
        ...(deadline?.subjectType === NOTICE_SUBJECT ? { id: deadline.subjectId } : fired.noticeId && kind === 'information_notice' ? { id: fired.noticeId } : {}),
        organisationId,
        serviceId: record.serviceId,
        source: { type: 'case', id: record.id, reference: record.reference },
        kind,
        title: document.title,
        html: document.html,
        deadlineId: deadline?.id ?? null,
        dueOn: deadline?.dueOn ?? null,
        idempotencyKey: `case-document:${document.id}`,
        issuedAt: fired.occurredAt,
        issuedBy: fired.actor,
        documentId: document.id,
        requestedItems: requestedItemsOf(document.data),
      });
    }
  }

  /** Notices awaiting an answer whose deadline the case has met (answered) or cancelled (closed). */
  private async keepStatusesCurrent(manager: EntityManager, caseId: string, at: Date): Promise<void> {
    for (const notice of await this.repository.awaitingForSource(manager, 'case', caseId)) {
      if (!notice.deadlineId) continue;
      const deadline = await this.deadlines.get(notice.deadlineId, manager);
      if (deadline.status === 'met' || deadline.status === 'met_late') {
        await this.repository.setStatus(manager, notice.id, 'responded', deadline.satisfiedAt ? new Date(deadline.satisfiedAt) : at);
      } else if (deadline.status === 'cancelled') {
        await this.repository.setStatus(manager, notice.id, 'closed', null);
      }
    }
  }
}
