export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'held', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** A message as the mail viewer lists it. */
export interface OutboxMessageSummary {
  id: string;
  to: string;
  toUserId: string | null;
  subject: string;
  template: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  caseId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** The Message-ID header, the same on every attempt. */
  messageId: string;
  /** When the retention job removed the address and content (null while they are kept). */
  redactedAt: Date | null;
}

/** A message with exactly what is (or will be) sent. */
export interface OutboxMessage extends OutboxMessageSummary {
  idempotencyKey: string;
  html: string;
  text: string;
}

export interface OutboxListFilter {
  status?: OutboxStatus;
  caseId?: string;
  limit?: number;
  cursor?: string;
}
