import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ExtensionDecision, NoticeKind, NoticeSourceType, NoticeStatus, SubmissionKind } from './domain/notices.js';

export interface NoticeRow {
  id: string;
  organisationId: string;
  serviceId: string;
  sourceType: NoticeSourceType;
  sourceId: string;
  sourceReference: string;
  kind: NoticeKind;
  title: string;
  html: string;
  sha256: string;
  documentId: string | null;
  requestedItems: string[];
  deadlineId: string | null;
  dueOn: string | null;
  issuedAt: Date;
  idempotencyKey: string | null;
  status: NoticeStatus;
  respondedAt: Date | null;
  createdAt: Date;
}

export interface SubmissionRow {
  id: string;
  noticeId: string;
  organisationId: string;
  kind: SubmissionKind;
  content: Record<string, unknown>;
  canonical: string;
  sha256: string;
  receivedAt: Date;
  dueOn: string | null;
  late: boolean;
  submittedBy: string | null;
  submittedByLabel: string;
  contactEmail: string | null;
  decision: 'pending' | ExtensionDecision | null;
  newDueOn: string | null;
  decisionReasons: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  decidedByLabel: string | null;
}

export type NewNotice = Omit<NoticeRow, 'id' | 'respondedAt' | 'createdAt'> & { id?: string };
export type NewSubmission = Omit<SubmissionRow, 'newDueOn' | 'decisionReasons' | 'decidedAt' | 'decidedBy' | 'decidedByLabel'>;

const NOTICE_COLUMNS = `id, organisation_id AS "organisationId", service_id AS "serviceId", source_type AS "sourceType", source_id AS "sourceId",
  source_reference AS "sourceReference", kind, title, html, sha256, document_id AS "documentId", requested_items AS "requestedItems", deadline_id AS "deadlineId",
  due_on::text AS "dueOn", issued_at AS "issuedAt", idempotency_key AS "idempotencyKey", status, responded_at AS "respondedAt", created_at AS "createdAt"`;

const SUBMISSION_COLUMNS = `id, notice_id AS "noticeId", organisation_id AS "organisationId", kind, content, canonical, sha256, received_at AS "receivedAt",
  due_on::text AS "dueOn", late, submitted_by AS "submittedBy", submitted_by_label AS "submittedByLabel", contact_email AS "contactEmail",
  decision, new_due_on::text AS "newDueOn", decision_reasons AS "decisionReasons", decided_at AS "decidedAt", decided_by AS "decidedBy",
  decided_by_label AS "decidedByLabel"`;

/** The only place that reads and writes provider_notices and provider_submissions. */
@Injectable()
export class NoticeRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private q(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** Inserts the notice unless its idempotency key exists already; returns the row and whether it is new. */
  async insert(manager: EntityManager, notice: NewNotice, now: Date): Promise<{ row: NoticeRow; created: boolean }> {
    const rows = (await manager.query(
      `INSERT INTO provider_notices (id, organisation_id, service_id, source_type, source_id, source_reference, kind, title, html, sha256, document_id,
         deadline_id, due_on, issued_at, idempotency_key, status, created_at, requested_items)
       VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING ${NOTICE_COLUMNS}`,
      [
        notice.id ?? null,
        notice.organisationId,
        notice.serviceId,
        notice.sourceType,
        notice.sourceId,
        notice.sourceReference,
        notice.kind,
        notice.title,
        notice.html,
        notice.sha256,
        notice.documentId,
        notice.deadlineId,
        notice.dueOn,
        notice.issuedAt,
        notice.idempotencyKey,
        notice.status,
        now,
        JSON.stringify(notice.requestedItems),
      ],
    )) as NoticeRow[];
    if (rows[0]) return { row: rows[0], created: true };
    const [existing] = (await manager.query(`SELECT ${NOTICE_COLUMNS} FROM provider_notices WHERE idempotency_key = $1`, [notice.idempotencyKey])) as NoticeRow[];
    return { row: existing as NoticeRow, created: false };
  }

  async find(id: string, manager?: EntityManager): Promise<NoticeRow | null> {
    const [row] = (await this.q(manager).query(`SELECT ${NOTICE_COLUMNS} FROM provider_notices WHERE id = $1`, [id])) as NoticeRow[];
    return row ?? null;
  }

  /** The notice, locked for the caller's transaction (submissions on one notice queue here). */
  async lock(manager: EntityManager, id: string): Promise<NoticeRow | null> {
    const [row] = (await manager.query(`SELECT ${NOTICE_COLUMNS} FROM provider_notices WHERE id = $1 FOR UPDATE`, [id])) as NoticeRow[];
    return row ?? null;
  }

  /** An organisation's notices, newest first, after the keyset cursor. */
  async listForOrganisation(organisationId: string, after: { issuedAt: string; id: string } | undefined, limit: number): Promise<NoticeRow[]> {
    const params: unknown[] = [organisationId, limit];
    let where = 'organisation_id = $1';
    if (after) {
      params.push(after.issuedAt, after.id);
      where += ' AND (issued_at, id) < ($3::timestamptz, $4::uuid)';
    }
    return (await this.dataSource.query(`SELECT ${NOTICE_COLUMNS} FROM provider_notices WHERE ${where} ORDER BY issued_at DESC, id DESC LIMIT $2`, params)) as NoticeRow[];
  }

  async listForSource(sourceType: NoticeSourceType, sourceId: string, manager?: EntityManager): Promise<NoticeRow[]> {
    return (await this.q(manager).query(`SELECT ${NOTICE_COLUMNS} FROM provider_notices WHERE source_type = $1 AND source_id = $2 ORDER BY issued_at, id`, [
      sourceType,
      sourceId,
    ])) as NoticeRow[];
  }

  async awaitingForSource(manager: EntityManager, sourceType: NoticeSourceType, sourceId: string): Promise<NoticeRow[]> {
    return (await manager.query(
      `SELECT ${NOTICE_COLUMNS} FROM provider_notices WHERE source_type = $1 AND source_id = $2 AND status = 'awaiting_response' ORDER BY issued_at FOR UPDATE`,
      [sourceType, sourceId],
    )) as NoticeRow[];
  }

  async setStatus(manager: EntityManager, id: string, status: NoticeStatus, respondedAt: Date | null): Promise<void> {
    await manager.query(`UPDATE provider_notices SET status = $2, responded_at = COALESCE(responded_at, $3) WHERE id = $1`, [id, status, respondedAt]);
  }

  async setDueOn(manager: EntityManager, id: string, dueOn: string): Promise<void> {
    await manager.query(`UPDATE provider_notices SET due_on = $2 WHERE id = $1`, [id, dueOn]);
  }

  async insertSubmission(manager: EntityManager, s: NewSubmission): Promise<SubmissionRow> {
    const [row] = (await manager.query(
      `INSERT INTO provider_submissions (id, notice_id, organisation_id, kind, content, canonical, sha256, received_at, due_on, late, submitted_by,
         submitted_by_label, contact_email, decision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       RETURNING ${SUBMISSION_COLUMNS}`,
      [s.id, s.noticeId, s.organisationId, s.kind, JSON.stringify(s.content), s.canonical, s.sha256, s.receivedAt, s.dueOn, s.late, s.submittedBy, s.submittedByLabel, s.contactEmail, s.decision],
    )) as SubmissionRow[];
    return row as SubmissionRow;
  }

  async submissionsOf(noticeIds: readonly string[], manager?: EntityManager): Promise<SubmissionRow[]> {
    if (noticeIds.length === 0) return [];
    return (await this.q(manager).query(`SELECT ${SUBMISSION_COLUMNS} FROM provider_submissions WHERE notice_id = ANY($1::uuid[]) ORDER BY received_at, id`, [
      noticeIds,
    ])) as SubmissionRow[];
  }

  async findSubmission(id: string, manager?: EntityManager): Promise<SubmissionRow | null> {
    const [row] = (await this.q(manager).query(`SELECT ${SUBMISSION_COLUMNS} FROM provider_submissions WHERE id = $1`, [id])) as SubmissionRow[];
    return row ?? null;
  }

  async lockSubmission(manager: EntityManager, id: string): Promise<SubmissionRow | null> {
    const [row] = (await manager.query(`SELECT ${SUBMISSION_COLUMNS} FROM provider_submissions WHERE id = $1 FOR UPDATE`, [id])) as SubmissionRow[];
    return row ?? null;
  }

  async decideExtension(
    manager: EntityManager,
    id: string,
    decision: { decision: ExtensionDecision; newDueOn: string | null; reasons: string; at: Date; by: string | null; byLabel: string },
  ): Promise<SubmissionRow> {
    const [row] = (await manager.query(
      `UPDATE provider_submissions SET decision = $2, new_due_on = $3, decision_reasons = $4, decided_at = $5, decided_by = $6, decided_by_label = $7
       WHERE id = $1 RETURNING ${SUBMISSION_COLUMNS}`,
      [id, decision.decision, decision.newDueOn, decision.reasons, decision.at, decision.by, decision.byLabel],
    )) as SubmissionRow[];
    return row as SubmissionRow;
  }

  /** Extension requests awaiting an officer's decision, oldest first, with their notice. */
  async pendingExtensions(limit: number): Promise<{ submission: SubmissionRow; notice: NoticeRow }[]> {
    const submissions = (await this.dataSource.query(
      `SELECT ${SUBMISSION_COLUMNS} FROM provider_submissions WHERE decision = 'pending' ORDER BY received_at, id LIMIT $1`,
      [limit],
    )) as SubmissionRow[];
    const result: { submission: SubmissionRow; notice: NoticeRow }[] = [];
    for (const submission of submissions) {
      const notice = await this.find(submission.noticeId);
      if (notice) result.push({ submission, notice });
    }
    return result;
  }
}
