import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditActor } from '@app/audit';
import { Clock, DomainError } from '@app/core';
import { DeadlineService } from '@app/deadlines';
import { DocumentRenderer } from '@app/documents';
import { Outbox } from '@app/notifications';
import { ProviderNotices, type NoticeResponseEvent } from '@app/provider-portal';
import { bulkItemKey } from './domain/programme-rules.js';
import { noticeData, type StoredNoticeTemplate } from './bulk-actions.js';
import { ProgrammeRepository, type ActionRow, type ItemRow, type ProgrammeRow } from './programme.repository.js';
import { ProgrammeService } from './programme.service.js';

export const BULK_ACTIONS_JOB = 'programmes.bulk-actions';
/** Attempts before an item that keeps failing is marked failed (it is never sent twice either way). */
export const MAX_ITEM_ATTEMPTS = 3;

export interface DrainOptions {
  /** Concurrent item transactions (each on its own connection). */
  concurrency?: number;
  /** Stop after this many items (across all loops). */
  limit?: number;
  /** Only this action's items. */
  actionId?: string;
}

export interface DrainResult {
  /** Items sent by this run. */
  done: number;
  /** Attempts that failed in this run (an item is retried up to MAX_ITEM_ATTEMPTS times, then marked failed). */
  failed: number;
}

/** Raised inside an item's transaction when its notice already exists: the transaction rolls back. */
class AlreadyIssued extends Error {
  constructor(readonly noticeId: string) {
    super('notice already issued');
  }
}

/**
 * Sends the items of confirmed bulk actions. Each item is claimed with FOR UPDATE SKIP LOCKED in its
 * own transaction, which also writes its deadline, its portal notice, its email and its done flag:
 * a worker killed half-way leaves each item either wholly sent or wholly pending, and a pending item
 * is sent by the next run. Idempotency keys on the notice and the email guard the same thing again.
 */
@Injectable()
export class BulkActionProcessor {
  private readonly logger = new Logger('BulkActionProcessor');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ProgrammeRepository) private readonly repo: ProgrammeRepository,
    @Inject(ProgrammeService) private readonly programmes: ProgrammeService,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(DocumentRenderer) private readonly renderer: DocumentRenderer,
    @Inject(ProviderNotices) private readonly notices: ProviderNotices,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Processes pending items until none is left (or `limit` is reached). */
  async drain(options: DrainOptions = {}): Promise<DrainResult> {
    // At most half the pool, so requests served meanwhile still get a connection.
    const pool = this.dataSource.options as { poolSize?: number; extra?: { max?: number } };
    const poolSize = pool.extra?.max ?? pool.poolSize ?? 10;
    const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, Math.floor(poolSize / 2)));
    const result: DrainResult = { done: 0, failed: 0 };
    const actions = new Map<string, Promise<{ action: ActionRow; programme: ProgrammeRow }>>();
    let budget = options.limit ?? Number.POSITIVE_INFINITY;
    const loop = async (): Promise<void> => {
      while (budget > 0) {
        budget -= 1;
        const outcome = await this.processOne(actions, options.actionId);
        if (outcome === 'none') return;
        if (outcome === 'done') result.done += 1;
        else result.failed += 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
    await this.repo.completeFinishedActions(this.clock.now());
    return result;
  }

  private async processOne(cache: Map<string, Promise<{ action: ActionRow; programme: ProgrammeRow }>>, actionId?: string): Promise<'none' | 'done' | 'retry'> {
    let claimed: ItemRow | undefined;
    try {
      const sent = await this.dataSource.transaction(async (tx) => {
        const item = await this.repo.claimPending(tx, actionId);
        if (!item) return false;
        claimed = item;
        let context = cache.get(item.action_id);
        if (!context) {
          context = this.contextOf(item.action_id);
          cache.set(item.action_id, context);
        }
        const { action, programme } = await context;
        await this.process(tx, action, programme, item);
        return true;
      });
      return sent ? 'done' : 'none';
    } catch (error) {
      if (!claimed) throw error;
      if (error instanceof AlreadyIssued) {
        await this.dataSource.transaction((tx) => this.repo.completeItem(tx, (claimed as ItemRow).id, { noticeId: error.noticeId, outboxId: null, at: this.clock.now() }));
        return 'done';
      }
      const reason = error instanceof DomainError ? `${error.code}: ${error.detail}` : error instanceof Error ? error.message : String(error);
      this.logger.warn(`bulk action item ${claimed.id} failed: ${reason.replace(/[^\s@]+@[^\s@]+/g, '[address]')}`);
      await this.repo.recordFailure(claimed.id, reason, MAX_ITEM_ATTEMPTS, this.clock.now());
      return 'retry';
    }
  }

  /** A provider answered a programme notice: its response deadline is met (late or not), and the service's history says so. */
  async noticeAnswered(manager: EntityManager, event: NoticeResponseEvent): Promise<void> {
    const item = await this.repo.itemByNotice(event.noticeId, manager);
    if (!item) return;
    const actor: AuditActor = { id: null, label: `provider:${event.organisationId}` };
    await this.deadlines.satisfy(manager, {
      subjectType: 'programme_notice',
      subjectId: item.id,
      kind: 'information_notice_response',
      byEvent: `provider_${event.submissionKind}`,
      on: event.receivedAt,
      actor,
    });
    const row = await this.repo.service(item.programme_id, item.service_id, manager, true);
    if (row) {
      await this.programmes.moveService(manager, actor, item.programme_id, row, row.status, 'programme_notice_answered', null, {
        data: { noticeId: event.noticeId, submissionId: event.submissionId, late: event.late },
      });
    }
  }

  private async contextOf(actionId: string): Promise<{ action: ActionRow; programme: ProgrammeRow }> {
    const action = await this.repo.actionById(actionId);
    if (!action) throw new Error(`bulk action ${actionId} vanished`);
    return { action, programme: await this.programmes.requireRow(action.programme_id) };
  }

  private async process(tx: EntityManager, action: ActionRow, programme: ProgrammeRow, item: ItemRow): Promise<void> {
    const actor: AuditActor = { id: action.created_by, label: action.created_by_label };
    const key = bulkItemKey(programme.id, action.id, item.service_id);
    const now = this.clock.now();
    if (action.kind === 'information_notice') {
      const template = action.template as unknown as StoredNoticeTemplate;
      const deadline = await this.deadlines.start(tx, {
        subjectType: 'programme_notice',
        subjectId: item.id,
        kind: 'information_notice_response',
        unit: 'working_days',
        amount: template.responseWorkingDays,
        reference: programme.reference,
        label: `Response to ${template.title}`.slice(0, 200),
        // No individual owner: the sweep would remind one officer of hundreds of providers' deadlines;
        // the programme's dashboard and its chase action follow them instead.
        ownerUserId: null,
        actor,
      });
      const issuedOn = deadline.startsOn;
      const rendered = this.renderer.render('information_notice', noticeData(template, programme.reference, item, issuedOn, { dueOn: deadline.dueOn, explanation: deadline.explanation }));
      const notice = await this.notices.issue(tx, {
        organisationId: item.organisation_id as string,
        serviceId: item.service_id,
        source: { type: 'programme', id: programme.id, reference: programme.reference },
        kind: 'information_notice',
        title: template.title,
        html: rendered.html,
        deadlineId: deadline.id,
        dueOn: deadline.dueOn,
        idempotencyKey: key,
        issuedBy: actor,
      });
      if (!notice.created) throw new AlreadyIssued(notice.noticeId);
      const email = item.recipient_email
        ? await this.outbox.enqueue(tx, {
            to: item.recipient_email,
            template: 'notice_issued',
            data: { providerName: item.provider_name, documentTitle: template.title, caseReference: programme.reference, issuedOn, respondBy: deadline.dueOn, portalLink: `/provider/notices/${notice.noticeId}` },
            idempotencyKey: key,
            subjectType: 'programme',
            subjectId: programme.id,
          })
        : null;
      const row = await this.repo.service(programme.id, item.service_id, tx, true);
      if (row) {
        await this.programmes.moveService(tx, actor, programme.id, row, row.status === 'assessed' ? 'engaged' : row.status, 'programme_notice_sent', null, {
          data: { actionId: action.id, noticeId: notice.noticeId, deadlineId: deadline.id, dueOn: deadline.dueOn, sha256: rendered.sha256 },
        });
      }
      await this.repo.completeItem(tx, item.id, { noticeId: notice.noticeId, deadlineId: deadline.id, dueOn: deadline.dueOn, outboxId: email?.id ?? null, at: now });
      return;
    }
    // chase_overdue: one reminder email per overdue notice.
    const chased = item.chases_item_id ? await this.repo.item(item.chases_item_id, tx) : undefined;
    const message = (action.template as { message?: string | null }).message;
    const email = await this.outbox.enqueue(tx, {
      to: item.recipient_email as string,
      template: 'case_update',
      data: {
        caseReference: programme.reference,
        headline: 'Your response to our information notice is overdue',
        paragraphs: [
          `${item.provider_name}: we have not received your response to the information notice about ${item.service_name} in programme ${programme.reference}, which was due on ${chased?.due_on ?? 'the date in the notice'}.`,
          'Respond through the provider portal now. Failing to comply with an information notice is itself a contravention that we can enforce, with a penalty.',
          ...(message ? [message] : []),
        ],
        ...(chased?.notice_id ? { link: `/provider/notices/${chased.notice_id}` } : {}),
      },
      idempotencyKey: key,
      subjectType: 'programme',
      subjectId: programme.id,
    });
    const row = await this.repo.service(programme.id, item.service_id, tx, true);
    if (row) {
      await this.programmes.moveService(tx, actor, programme.id, row, row.status, 'programme_reminder_sent', null, { data: { actionId: action.id, noticeId: chased?.notice_id ?? null, dueOn: chased?.due_on ?? null } });
    }
    await this.repo.completeItem(tx, item.id, { noticeId: chased?.notice_id ?? null, dueOn: chased?.due_on ?? null, outboxId: email.id, at: now });
  }

}
