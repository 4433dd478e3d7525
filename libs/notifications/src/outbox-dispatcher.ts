import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import nodemailer from 'nodemailer';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { OUTBOX_POLICY } from './notifications.tokens.js';
import { retryDelaySeconds, type OutboxPolicy } from './outbox-policy.js';
import { OutboxRepository, type ClaimedMessage } from './outbox.repository.js';

export interface DispatchResult {
  /** Messages claimed for sending in this run. */
  claimed: number;
  sent: number;
  /** Attempts that failed and will be retried after a backoff. */
  failed: number;
  /** Messages that reached the attempt limit in this run (kept, visible, retryable by an admin). */
  dead: number;
  /** Messages held because no SMTP server is configured. */
  held: number;
}

const EMAIL_ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/g;

/** An SMTP error as a short line with no email address in it (the outbox's errors are shown and logged). */
export function describeSendError(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown } | null;
  const parts = [
    typeof e?.code === 'string' ? e.code : undefined,
    typeof e?.responseCode === 'number' ? String(e.responseCode) : undefined,
    typeof e?.message === 'string' ? e.message : String(error),
  ].filter((p): p is string => p !== undefined);
  return parts.join(' ').replace(EMAIL_ADDRESS, '[address]').replace(/\s+/g, ' ').slice(0, 500);
}

type Mailer = ReturnType<typeof nodemailer.createTransport>;

/**
 * Delivers the outbox over SMTP. Claims due messages with FOR UPDATE SKIP LOCKED and a lease, sends
 * each with a Message-ID derived from its outbox id (the same on every attempt, so a retry after a
 * crash mid-send is recognisably the same message), then marks it sent. A failure waits with
 * exponential backoff and jitter; nothing is dropped. With no SMTP_URL, messages are held for the
 * mail viewer and delivered once SMTP is configured.
 */
@Injectable()
export class OutboxDispatcher implements OnModuleDestroy {
  private readonly logger = new Logger('OutboxDispatcher');
  private readonly repository: OutboxRepository;
  private mailer: Mailer | undefined;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'smtpUrl'>,
    @Inject(OUTBOX_POLICY) private readonly policy: OutboxPolicy,
  ) {
    this.repository = new OutboxRepository(dataSource);
  }

  /** One batch: claims up to `limit` due messages and tries to deliver each once. */
  async dispatch(limit: number = this.policy.batchSize): Promise<DispatchResult> {
    const result: DispatchResult = { claimed: 0, sent: 0, failed: 0, dead: 0, held: 0 };
    const now = this.clock.now();
    if (!this.config.smtpUrl) {
      result.held = await this.repository.hold(now, limit);
      return result;
    }
    const owner = randomUUID();
    const claimed = await this.repository.claim(now, new Date(now.getTime() + this.policy.leaseSeconds * 1000), owner, limit);
    result.claimed = claimed.length;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < claimed.length) {
        const message = claimed[next] as ClaimedMessage;
        next += 1;
        const outcome = await this.deliver(message, owner);
        result[outcome] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.policy.concurrency, claimed.length) }, worker));
    return result;
  }

  /** Batches until nothing more is due (at most `maxBatches`, so one run never holds its job lock for long). */
  async drain(maxBatches = 10): Promise<DispatchResult> {
    const total: DispatchResult = { claimed: 0, sent: 0, failed: 0, dead: 0, held: 0 };
    for (let i = 0; i < maxBatches; i += 1) {
      const batch = await this.dispatch();
      for (const key of Object.keys(total) as (keyof DispatchResult)[]) total[key] += batch[key];
      if (batch.claimed + batch.held < this.policy.batchSize) break;
    }
    return total;
  }

  onModuleDestroy(): void {
    this.mailer?.close();
    this.mailer = undefined;
  }

  private async deliver(message: ClaimedMessage, owner: string): Promise<'sent' | 'failed' | 'dead'> {
    try {
      await this.transport().sendMail({
        from: this.policy.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        headers: { 'X-Outbox-Id': message.id },
      });
    } catch (error) {
      const dead = message.attempts >= this.policy.maxAttempts;
      const delayMs = retryDelaySeconds(message.attempts, this.policy) * 1000;
      const reason = describeSendError(error);
      await this.repository.markFailed(message.id, owner, {
        status: dead ? 'dead' : 'pending',
        nextAttemptAt: new Date(this.clock.now().getTime() + delayMs),
        error: reason,
      });
      this.logger.warn(
        dead
          ? `outbox message ${message.id} is dead after ${message.attempts} attempts: ${reason}`
          : `outbox message ${message.id} attempt ${message.attempts} failed, retrying in ${Math.round(delayMs / 1000)} s: ${reason}`,
      );
      return dead ? 'dead' : 'failed';
    }
    const stillOurs = await this.repository.markSent(message.id, owner, this.clock.now());
    if (!stillOurs) this.logger.warn(`outbox message ${message.id} was sent after its lease expired; another worker had reclaimed it`);
    return 'sent';
  }

  private transport(): Mailer {
    this.mailer ??= nodemailer.createTransport({
      url: this.config.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return this.mailer;
  }
}
