import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@app/core';
import { OUTBOX_POLICY } from './notifications.tokens.js';
import type { OutboxPolicy } from './outbox-policy.js';
import { OutboxRepository } from './outbox.repository.js';

const DAY_MS = 86_400_000;
const BATCH = 1000;

export interface OutboxRetentionResult {
  redacted: number;
  cutoff: Date;
}

/**
 * Keeps recipients' addresses and email content no longer than needed: once a message is finished
 * (sent, or dead after its last attempt) and older than the retention period, its address and content
 * are removed. The subject, template, dates and Message-ID stay as the record that it was sent; the
 * letter itself is kept, immutable, with the case.
 */
@Injectable()
export class OutboxRetention {
  constructor(
    @Inject(OutboxRepository) private readonly repository: OutboxRepository,
    @Inject(OUTBOX_POLICY) private readonly policy: OutboxPolicy,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(): Promise<OutboxRetentionResult> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.policy.retentionDays * DAY_MS);
    let redacted = 0;
    for (;;) {
      const batch = await this.repository.redactFinishedBefore(cutoff, now, BATCH);
      redacted += batch;
      if (batch < BATCH) return { redacted, cutoff };
    }
  }
}
