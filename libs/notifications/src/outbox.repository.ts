import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OutboxMessage, OutboxMessageSummary, OutboxStatus } from './outbox.types.js';

interface OutboxRow {
  id: string;
  idempotency_key: string;
  to_address: string;
  to_user_id: string | null;
  subject: string;
  html?: string;
  text?: string;
  template: string;
  case_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  message_id: string;
  redacted_at: Date | null;
}

export interface NewOutboxRow {
  id: string;
  idempotencyKey: string;
  to: string;
  toUserId: string | null;
  subject: string;
  html: string;
  text: string;
  template: string;
  caseId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  createdAt: Date;
  messageId: string;
}

/** A message claimed for sending by one dispatcher. */
export interface ClaimedMessage {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  attempts: number;
}

const SUMMARY_COLUMNS = `id, idempotency_key, to_address, to_user_id, subject, template, case_id, subject_type, subject_id, status,
  attempts, next_attempt_at, last_error, created_at, sent_at, message_id, redacted_at`;

function toSummary(row: OutboxRow): OutboxMessageSummary {
  return {
    id: row.id,
    to: row.to_address,
    toUserId: row.to_user_id,
    subject: row.subject,
    template: row.template,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    caseId: row.case_id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    messageId: row.message_id,
    redactedAt: row.redacted_at,
  };
}

/** The only place that reads and writes outbox_messages. */
@Injectable()
export class OutboxRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Inserts unless the idempotency key exists; returns the id of the message that holds the key. */
  async insert(manager: EntityManager, row: NewOutboxRow): Promise<{ id: string; duplicate: boolean }> {
    const inserted = (await manager.query(
      `INSERT INTO outbox_messages (id, idempotency_key, to_address, to_user_id, subject, html, text, template, case_id, subject_type,
         subject_id, status, attempts, next_attempt_at, created_at, message_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'pending',0,$12,$12,$13)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [row.id, row.idempotencyKey, row.to, row.toUserId, row.subject, row.html, row.text, row.template, row.caseId, row.subjectType, row.subjectId, row.createdAt, row.messageId],
    )) as { id: string }[];
    if (inserted[0]) return { id: inserted[0].id, duplicate: false };
    const [existing] = (await manager.query(`SELECT id FROM outbox_messages WHERE idempotency_key = $1`, [row.idempotencyKey])) as { id: string }[];
    if (!existing) throw new Error('An outbox message with this idempotency key is being written by a transaction not yet visible to this one');
    return { id: existing.id, duplicate: true };
  }

  /**
   * Claims up to `limit` due messages (waiting, or held for want of SMTP), and messages whose
   * sender's lease ran out (a worker that crashed mid-delivery). Rows locked by another dispatcher
   * are skipped, so concurrent dispatchers never claim the same message.
   */
  async claim(now: Date, leaseUntil: Date, owner: string, limit: number): Promise<ClaimedMessage[]> {
    const rows = (await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM outbox_messages
          WHERE (status IN ('pending', 'held') AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until <= $1)
          ORDER BY next_attempt_at, created_at
          LIMIT $4
          FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox_messages m
          SET status = 'sending', lease_until = $2, lease_owner = $3, attempts = m.attempts + 1
         FROM due WHERE m.id = due.id
       RETURNING m.id, m.to_address, m.subject, m.html, m.text, m.message_id, m.attempts`,
      [now, leaseUntil, owner, limit],
    )) as [{ id: string; to_address: string; subject: string; html: string; text: string; message_id: string; attempts: number }[], number];
    return rows[0].map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, html: r.html, text: r.text, messageId: r.message_id, attempts: r.attempts }));
  }

  /** With no SMTP server configured: waiting messages (and crashed workers' claims) are held, readable in the mail viewer. */
  async hold(now: Date, limit: number): Promise<number> {
    const result = (await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM outbox_messages
          WHERE status = 'pending' OR (status = 'sending' AND lease_until <= $1)
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox_messages m SET status = 'held', lease_until = NULL, lease_owner = NULL
         FROM due WHERE m.id = due.id
       RETURNING m.id`,
      [now, limit],
    )) as [unknown[], number];
    return result[1];
  }

  /** True when this dispatcher still owned the claim (it had not expired and been taken by another). */
  async markSent(id: string, owner: string, sentAt: Date): Promise<boolean> {
    const result = (await this.dataSource.query(
      `UPDATE outbox_messages SET status = 'sent', sent_at = $3, lease_until = NULL, lease_owner = NULL, last_error = NULL
        WHERE id = $1 AND lease_owner = $2 AND status = 'sending'
       RETURNING id`,
      [id, owner, sentAt],
    )) as [unknown[], number];
    return result[1] === 1;
  }

  async markFailed(id: string, owner: string, outcome: { status: 'pending' | 'dead'; nextAttemptAt: Date; error: string }): Promise<boolean> {
    const result = (await this.dataSource.query(
      `UPDATE outbox_messages SET status = $3, next_attempt_at = $4, last_error = $5, lease_until = NULL, lease_owner = NULL
        WHERE id = $1 AND lease_owner = $2 AND status = 'sending'
       RETURNING id`,
      [id, owner, outcome.status, outcome.nextAttemptAt, outcome.error],
    )) as [unknown[], number];
    return result[1] === 1;
  }

  /** Puts a dead or held message back in the queue, due now, with a fresh count of attempts. */
  async requeue(id: string, now: Date): Promise<OutboxStatus | undefined> {
    const [rows] = (await this.dataSource.query(
      `UPDATE outbox_messages SET status = 'pending', attempts = 0, next_attempt_at = $2, last_error = NULL
        WHERE id = $1 AND status IN ('dead', 'held') AND redacted_at IS NULL
       RETURNING status`,
      [id, now],
    )) as [{ status: OutboxStatus }[], number];
    return rows[0]?.status;
  }

  /**
   * Removes the address and content of finished (sent or dead) messages written before `cutoff`, a
   * batch at a time; returns how many it redacted. Skips rows another process holds.
   */
  async redactFinishedBefore(cutoff: Date, now: Date, limit: number): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `UPDATE outbox_messages SET to_address = '', html = '', text = '', last_error = NULL, redacted_at = $2
        WHERE id IN (SELECT id FROM outbox_messages
                      WHERE redacted_at IS NULL AND status IN ('sent', 'dead') AND created_at < $1
                      ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)`,
      [cutoff, now, limit],
    )) as [unknown, number];
    return count;
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<OutboxMessage | undefined> {
    const [row] = (await manager.query(`SELECT ${SUMMARY_COLUMNS}, html, text FROM outbox_messages WHERE id = $1`, [id])) as OutboxRow[];
    return row ? { ...toSummary(row), idempotencyKey: row.idempotency_key, html: row.html ?? '', text: row.text ?? '' } : undefined;
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(filter: { status?: OutboxStatus; caseId?: string; after?: { createdAt: string; id: string } }, limit: number): Promise<OutboxMessageSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.caseId) {
      params.push(filter.caseId);
      where.push(`case_id = $${params.length}`);
    }
    if (filter.after) {
      params.push(filter.after.createdAt, filter.after.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit);
    const rows = (await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM outbox_messages ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )) as OutboxRow[];
    return rows.map(toSummary);
  }
}
