import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { Clock } from '@app/core';
import { Outbox } from '@app/notifications';
import { endOfLondonDay, londonDateOf } from './calendar/legal-date.js';
import { UkCalendar } from './calendar/uk-calendar.js';
import { DEADLINE_SETTINGS, type DeadlineSettings, type DeadlineStatus } from './deadline.js';
import { DeadlineContacts, type DeadlineContact } from './deadline-contacts.js';
import { DeadlineRules, OVERDUE_THRESHOLD, type ReminderThreshold } from './deadline-rules.js';
import { DeadlineRepository, type DeadlineRow } from './deadline.repository.js';

export interface SweepResult {
  markedDueSoon: number;
  markedOverdue: number;
  /** Reminder messages queued (one per recipient). */
  remindersSent: number;
  /** Overdue deadlines escalated (each at most once). */
  escalations: number;
  /** Deadlines left for the next run because another transaction was changing them. */
  skippedBusy: number;
}

/** Name of the recurring job in the jobs registry. */
export const DEADLINE_SWEEP_JOB = 'deadlines.sweep';

/** SQLSTATE of lock_timeout and deadlock errors: the sweep gives way and retries on its next run. */
const LOCK_NOT_AVAILABLE = '55P03';
const DEADLOCK_DETECTED = '40P01';

/**
 * Marks running deadlines due soon or overdue, reminds their owners before the due date and
 * escalates missed ones to the decision-maker.
 *
 * Safe to run twice and in several processes at once: each deadline is handled in a transaction of
 * its own that locks it with FOR UPDATE SKIP LOCKED (a deadline another sweep or a case transition
 * holds is left for the next run); a reminder is a row with UNIQUE (deadline_id, threshold) written
 * with ON CONFLICT DO NOTHING in the same transaction that queues its message, so a reminder is
 * sent once per deadline and threshold, and an overdue deadline is escalated once. The sweep waits
 * at most briefly for audit-chain locks, so a case transition never deadlocks against it.
 */
@Injectable()
export class DeadlineSweep {
  private readonly logger = new Logger('DeadlineSweep');
  private readonly rules: DeadlineRules;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DeadlineRepository) private readonly repository: DeadlineRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(DeadlineContacts) private readonly contacts: DeadlineContacts,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(UkCalendar) calendar: UkCalendar,
    @Inject(DEADLINE_SETTINGS) private readonly settings: DeadlineSettings,
  ) {
    this.rules = new DeadlineRules(calendar, settings);
  }

  async run(now: Date = this.clock.now()): Promise<SweepResult> {
    const result: SweepResult = { markedDueSoon: 0, markedOverdue: 0, remindersSent: 0, escalations: 0, skippedBusy: 0 };
    const horizonDate = this.rules.horizonDate(londonDateOf(now));
    const horizonInstant = this.rules.horizonInstant(now);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const ids = await this.repository.sweepCandidates(after, horizonDate, horizonInstant, this.settings.sweepBatchSize);
      if (ids.length === 0) break;
      for (const id of ids) {
        try {
          await this.dataSource.transaction(async (manager) => {
            await manager.query(`SET LOCAL lock_timeout = '500ms'`);
            const row = await this.repository.lockForSweep(manager, id);
            if (row) await this.handle(manager, row, now, result);
          });
        } catch (error) {
          const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
          if (code !== LOCK_NOT_AVAILABLE && code !== DEADLOCK_DETECTED) throw error;
          result.skippedBusy += 1;
        }
      }
      after = ids[ids.length - 1] as string;
    }
    if (result.markedDueSoon + result.markedOverdue + result.remindersSent + result.escalations > 0) {
      this.logger.log(
        `deadline sweep: ${result.markedDueSoon} due soon, ${result.markedOverdue} overdue, ${result.remindersSent} reminders, ${result.escalations} escalations`,
      );
    }
    return result;
  }

  private async handle(manager: EntityManager, row: DeadlineRow, now: Date, result: SweepResult): Promise<void> {
    const status = this.rules.currentStatus(row, now);
    if (status === 'overdue') {
      if (row.status !== 'overdue') {
        await this.mark(manager, row, 'overdue', now);
        result.markedOverdue += 1;
      }
      if (!row.escalatedAt && (await this.escalate(manager, row, now))) result.escalations += 1;
      return;
    }
    if (status === 'due_soon' && row.status === 'pending') {
      await this.mark(manager, row, 'due_soon', now);
      result.markedDueSoon += 1;
    }
    result.remindersSent += await this.remind(manager, row, now);
  }

  private async mark(manager: EntityManager, row: DeadlineRow, status: DeadlineStatus, now: Date): Promise<void> {
    await this.repository.update(manager, row.id, status === 'overdue' ? { status, markedOverdueAt: now } : { status, markedDueSoonAt: now }, now);
    await this.record(manager, row, `deadline.${status}`, { fromState: row.status, toState: status });
  }

  /** Sends the most urgent reminder threshold reached and not yet recorded; looser ones reached at the same time are recorded as superseded. */
  private async remind(manager: EntityManager, row: DeadlineRow, now: Date): Promise<number> {
    const reached = this.rules.reachedThresholds(row, now);
    if (reached.length === 0) return 0;
    const recorded = await this.repository.reminderThresholds(manager, row.id);
    const fresh = reached.filter((t) => !recorded.has(t.key));
    if (fresh.length === 0) return 0;
    const mostUrgent = reached[0] as ReminderThreshold;
    let sent = 0;
    for (const threshold of fresh) {
      const sending = threshold.key === mostUrgent.key;
      const recipients = sending ? await this.contacts.find(row.ownerUserId ? [row.ownerUserId] : []) : [];
      const reminderId = await this.repository.recordReminder(manager, {
        deadlineId: row.id,
        threshold: threshold.key,
        kind: 'reminder',
        dueOn: row.dueOn,
        recipientUserIds: recipients.map((r) => r.userId),
        outcome: !sending ? 'superseded' : recipients.length ? 'sent' : 'no_recipient',
        at: now,
      });
      if (!reminderId || !sending) continue;
      const left = threshold.unit === 'hours' ? Math.max(0, Math.floor(this.rules.hoursLeft(row, now))) : this.rules.workingDaysLeft(row, now);
      const messageIds: string[] = [];
      for (const recipient of recipients) {
        const message = await this.outbox.enqueue(manager, {
          to: recipient.email,
          toUserId: recipient.userId,
          template: 'deadline_reminder',
          data: {
            ...(recipient.name ? { recipientName: recipient.name } : {}),
            caseReference: row.reference ?? row.label,
            deadlineLabel: row.label,
            dueOn: row.dueOn,
            daysRemaining: threshold.unit === 'hours' ? Math.floor(left / 24) : left,
            explanation: row.explanation.map((l) => l.text),
            ...(row.caseId ? { link: this.settings.caseLinkTemplate.replace('{caseId}', row.caseId) } : {}),
          },
          idempotencyKey: `deadline_reminder:${row.id}:${threshold.key}:${recipient.userId}`,
          caseId: row.caseId,
          subjectType: 'deadline',
          subjectId: row.id,
        });
        messageIds.push(message.id);
        sent += 1;
      }
      await this.repository.setReminderMessages(manager, reminderId, messageIds);
      await this.record(manager, row, recipients.length ? 'deadline.reminder_sent' : 'deadline.reminder_without_recipient', {
        data: { threshold: threshold.key, left, recipients: recipients.map((r) => r.userId) },
      });
    }
    return sent;
  }

  /** Tells the decision-maker once that the deadline was missed. True when this run escalated it. */
  private async escalate(manager: EntityManager, row: DeadlineRow, now: Date): Promise<boolean> {
    const recipients = await this.contacts.find(row.escalateToUserId ? [row.escalateToUserId] : []);
    const reminderId = await this.repository.recordReminder(manager, {
      deadlineId: row.id,
      threshold: OVERDUE_THRESHOLD,
      kind: 'escalation',
      dueOn: row.dueOn,
      recipientUserIds: recipients.map((r) => r.userId),
      outcome: recipients.length ? 'sent' : 'no_recipient',
      at: now,
    });
    await this.repository.update(manager, row.id, { escalatedAt: row.escalatedAt ?? now }, now);
    if (!reminderId) return false;
    const owner = row.ownerUserId ? ((await this.contacts.find([row.ownerUserId]))[0] as DeadlineContact | undefined) : undefined;
    const daysOverdue = row.unit === 'hours' ? Math.floor((now.getTime() - row.overdueFrom.getTime()) / 86_400_000) : this.daysOverdue(row.dueOn, now);
    const messageIds: string[] = [];
    for (const recipient of recipients) {
      const message = await this.outbox.enqueue(manager, {
        to: recipient.email,
        toUserId: recipient.userId,
        template: 'deadline_overdue_escalation',
        data: {
          ...(recipient.name ? { recipientName: recipient.name } : {}),
          caseReference: row.reference ?? row.label,
          deadlineLabel: row.label,
          dueOn: row.dueOn,
          daysOverdue,
          ...(owner?.name ? { responsibleName: owner.name } : {}),
          ...(row.caseId ? { link: this.settings.caseLinkTemplate.replace('{caseId}', row.caseId) } : {}),
        },
        idempotencyKey: `deadline_overdue_escalation:${row.id}:${recipient.userId}`,
        caseId: row.caseId,
        subjectType: 'deadline',
        subjectId: row.id,
      });
      messageIds.push(message.id);
    }
    await this.repository.setReminderMessages(manager, reminderId, messageIds);
    await this.record(manager, row, recipients.length ? 'deadline.escalated' : 'deadline.escalation_without_recipient', {
      data: { recipients: recipients.map((r) => r.userId), daysOverdue },
    });
    return true;
  }

  /** Whole UK calendar days since the due day ended (0 on the first day after it). */
  private daysOverdue(dueOn: string, now: Date): number {
    return Math.max(0, Math.floor((now.getTime() - endOfLondonDay(dueOn).getTime()) / 86_400_000));
  }

  private async record(
    manager: EntityManager,
    row: DeadlineRow,
    event: string,
    extra: { fromState?: string; toState?: string; data?: Record<string, unknown> },
  ): Promise<void> {
    await this.audit.append(manager, {
      chainId: row.caseId ? `case:${row.caseId}` : `deadline:${row.id}`,
      event,
      actor: SYSTEM_ACTOR,
      subjectType: 'deadline',
      subjectId: row.id,
      fromState: extra.fromState ?? null,
      toState: extra.toState ?? null,
      data: { kind: row.kind, subjectType: row.subjectType, subjectId: row.subjectId, dueOn: row.dueOn, ...extra.data },
    });
  }
}
