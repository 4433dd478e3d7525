import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, DomainError, decodeCursor, encodeCursor, notFound, pageSize, type Page } from '@app/core';
import { EmailRenderer } from './email-renderer.js';
import type { EmailTemplateData, EmailTemplateName } from './email-templates.js';
import { OutboxRepository } from './outbox.repository.js';
import type { OutboxListFilter, OutboxMessage, OutboxMessageSummary } from './outbox.types.js';

/** The domain of every Message-ID this service generates. */
export const MESSAGE_ID_DOMAIN = 'osa-enforcement.local';

export const messageIdFor = (outboxId: string): string => `<${outboxId}@${MESSAGE_ID_DOMAIN}>`;

export interface EnqueueEmail<T extends EmailTemplateName = EmailTemplateName> {
  /** Recipient email address. Operational personal data: never logged. */
  to: string;
  toUserId?: string | null;
  template: T;
  data: EmailTemplateData[T];
  /** The same key never produces a second message, e.g. `deadline_reminder:<deadlineId>:3d`. */
  idempotencyKey: string;
  caseId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
}

export interface EnqueueResult {
  id: string;
  /** True when a message with this idempotency key already existed: nothing new was written. */
  duplicate: boolean;
}

const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The transactional outbox. A command that must tell someone writes the message here, in its own
 * transaction: the message exists if and only if the change committed. Workers deliver it later.
 */
@Injectable()
export class Outbox {
  constructor(
    @Inject(OutboxRepository) private readonly repository: OutboxRepository,
    @Inject(EmailRenderer) private readonly renderer: EmailRenderer,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Renders the email now (what is stored is exactly what is sent) and writes it with the caller's
   * transaction. An idempotency key already in the outbox is not enqueued again.
   */
  async enqueue<T extends EmailTemplateName>(manager: EntityManager, message: EnqueueEmail<T>): Promise<EnqueueResult> {
    const to = typeof message.to === 'string' ? message.to.trim() : '';
    if (!EMAIL.test(to) || to.length > 320) {
      throw new DomainError('VALIDATION_FAILED', 'The recipient of the email is not a valid email address. Correct the address and try again.', {
        errors: [{ field: 'to', message: 'must be an email address' }],
      });
    }
    const key = typeof message.idempotencyKey === 'string' ? message.idempotencyKey.trim() : '';
    if (key === '' || key.length > 300) throw new Error('An outbox message needs an idempotency key of 1 to 300 characters');
    for (const [field, value] of [['toUserId', message.toUserId], ['caseId', message.caseId]] as const) {
      if (value !== undefined && value !== null && !UUID.test(value)) throw new Error(`${field} of an outbox message must be a UUID`);
    }
    const rendered = this.renderer.render(message.template, message.data);
    const id = randomUUID();
    return this.repository.insert(manager, {
      id,
      idempotencyKey: key,
      to,
      toUserId: message.toUserId ?? null,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      template: message.template,
      caseId: message.caseId ?? null,
      subjectType: message.subjectType ?? null,
      subjectId: message.subjectId ?? null,
      createdAt: this.clock.now(),
      messageId: messageIdFor(id),
    });
  }

  /** One message with its HTML and text, as sent. */
  async get(id: string, manager?: EntityManager): Promise<OutboxMessage> {
    const message = await this.repository.get(id, manager);
    if (!message) throw notFound('The message');
    return message;
  }

  /** Messages newest first, optionally by status or case. */
  async list(filter: OutboxListFilter = {}): Promise<Page<OutboxMessageSummary>> {
    const limit = pageSize(filter.limit);
    const after = decodeCursor<{ c: string; i: string }>(filter.cursor);
    if (after && (typeof after.c !== 'string' || Number.isNaN(Date.parse(after.c)) || typeof after.i !== 'string' || !UUID.test(after.i))) {
      throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this service issued. Start again without a cursor.', {
        errors: [{ field: 'cursor', message: 'unrecognised cursor' }],
      });
    }
    const items = await this.repository.list({ status: filter.status, caseId: filter.caseId, after: after && { createdAt: after.c, id: after.i } }, limit + 1);
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: items.length > limit && last ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id }) : null };
  }

  /** Sends a dead (or held) message again from the first attempt. */
  async retry(id: string): Promise<OutboxMessage> {
    const requeued = await this.repository.requeue(id, this.clock.now());
    if (!requeued) {
      const message = await this.repository.get(id);
      if (!message) throw notFound('The message');
      const status = message.status;
      if (message.redactedAt) {
        throw new DomainError('OUTBOX_MESSAGE_NOT_RETRYABLE', 'The message is past its retention period: its address and content were removed, so it cannot be sent again. Send a new message instead.');
      }
      throw new DomainError('OUTBOX_MESSAGE_NOT_RETRYABLE', `The message is ${status}: only dead or held messages can be sent again.`);
    }
    return this.get(id);
  }
}
