import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BulkActionKind, BulkActionStatus, BulkItemStatus, ProgrammeServiceStatus, ProgrammeStatus } from './domain/vocabulary.js';

export interface ProgrammeRow {
  id: string;
  reference: string;
  title: string;
  description: string;
  harm_categories: string[];
  service_kinds: string;
  status: ProgrammeStatus;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface ProgrammeServiceRow {
  programme_id: string;
  service_id: string;
  status: ProgrammeServiceStatus;
  case_id: string | null;
  added_at: Date;
  added_by: string;
  updated_at: Date;
}

export interface ActionRow {
  id: string;
  programme_id: string;
  kind: BulkActionKind;
  template: Record<string, unknown>;
  status: BulkActionStatus;
  total: number;
  confirmation_key: string | null;
  created_by: string;
  created_by_label: string;
  created_at: Date;
  completed_at: Date | null;
}

export interface ItemRow {
  id: string;
  action_id: string;
  programme_id: string;
  service_id: string;
  organisation_id: string | null;
  provider_name: string;
  service_name: string;
  service_url: string | null;
  recipient_email: string | null;
  chases_item_id: string | null;
  status: BulkItemStatus;
  skip_reason: string | null;
  attempts: number;
  last_error: string | null;
  notice_id: string | null;
  deadline_id: string | null;
  due_on: string | null;
  outbox_id: string | null;
  processed_at: Date | null;
}

export type NewItem = Pick<ItemRow, 'service_id' | 'organisation_id' | 'provider_name' | 'service_name' | 'service_url' | 'recipient_email' | 'chases_item_id' | 'status' | 'skip_reason'>;

export interface ActionProgress {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  pending: number;
}

/** The only SQL of the programmes context. */
@Injectable()
export class ProgrammeRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private q(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async nextReferenceNumber(manager: EntityManager): Promise<number> {
    const [row] = (await manager.query(`SELECT nextval('programme_reference_seq')::int AS n`)) as { n: number }[];
    return (row as { n: number }).n;
  }

  async insertProgramme(manager: EntityManager, p: Omit<ProgrammeRow, 'id' | 'status' | 'updated_at'>): Promise<ProgrammeRow> {
    const [row] = (await manager.query(
      `INSERT INTO programmes (reference, title, description, harm_categories, service_kinds, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
      [p.reference, p.title, p.description, p.harm_categories, p.service_kinds, p.created_by, p.created_at],
    )) as ProgrammeRow[];
    return row as ProgrammeRow;
  }

  async programme(id: string, manager?: EntityManager, lock = false): Promise<ProgrammeRow | undefined> {
    const rows = (await this.q(manager).query(`SELECT * FROM programmes WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as ProgrammeRow[];
    return rows[0];
  }

  async programmes(after: { createdAt: string; id: string } | undefined, limit: number): Promise<(ProgrammeRow & { services: number })[]> {
    const params: unknown[] = [limit];
    let where = '';
    if (after) {
      params.push(after.createdAt, after.id);
      where = 'WHERE (p.created_at, p.id) < ($2::timestamptz, $3::uuid)';
    }
    return (await this.dataSource.query(
      `SELECT p.*, (SELECT count(*)::int FROM programme_services s WHERE s.programme_id = p.id) AS services
         FROM programmes p ${where} ORDER BY p.created_at DESC, p.id DESC LIMIT $1`,
      params,
    )) as (ProgrammeRow & { services: number })[];
  }

  async setProgrammeStatus(manager: EntityManager, id: string, status: ProgrammeStatus, at: Date): Promise<void> {
    await manager.query(`UPDATE programmes SET status = $2, updated_at = $3 WHERE id = $1`, [id, status, at]);
  }

  /** Adds services not yet in the programme; returns the ids actually added. */
  async addServices(manager: EntityManager, programmeId: string, serviceIds: string[], at: Date, by: string): Promise<string[]> {
    if (serviceIds.length === 0) return [];
    const rows = (await manager.query(
      `INSERT INTO programme_services (programme_id, service_id, status, added_at, added_by, updated_at)
       SELECT $1, s, 'assessed', $3, $4, $3 FROM unnest($2::uuid[]) AS s
       ON CONFLICT DO NOTHING RETURNING service_id`,
      [programmeId, serviceIds, at, by],
    )) as { service_id: string }[];
    return rows.map((r) => r.service_id);
  }

  async service(programmeId: string, serviceId: string, manager?: EntityManager, lock = false): Promise<ProgrammeServiceRow | undefined> {
    const rows = (await this.q(manager).query(
      `SELECT * FROM programme_services WHERE programme_id = $1 AND service_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [programmeId, serviceId],
    )) as ProgrammeServiceRow[];
    return rows[0];
  }

  async services(programmeId: string, options: { status?: ProgrammeServiceStatus; limit?: number } = {}, manager?: EntityManager): Promise<ProgrammeServiceRow[]> {
    const params: unknown[] = [programmeId];
    let filter = '';
    if (options.status) {
      params.push(options.status);
      filter = ` AND status = $${params.length}`;
    }
    let limit = '';
    if (options.limit) {
      params.push(options.limit);
      limit = ` LIMIT $${params.length}`;
    }
    return (await this.q(manager).query(`SELECT * FROM programme_services WHERE programme_id = $1${filter} ORDER BY added_at, service_id${limit}`, params)) as ProgrammeServiceRow[];
  }

  /**
   * One page of the programme's services in the order they were added: after a service (keyset, for
   * the API's cursor) or from an offset (numbered pages), optionally of one status.
   */
  async servicesPage(
    programmeId: string,
    options: { status?: ProgrammeServiceStatus; afterServiceId?: string; offset?: number; limit: number },
  ): Promise<ProgrammeServiceRow[]> {
    const params: unknown[] = [programmeId];
    let where = 's.programme_id = $1';
    if (options.status) {
      params.push(options.status);
      where += ` AND s.status = $${params.length}`;
    }
    if (options.afterServiceId) {
      params.push(options.afterServiceId);
      where += ` AND (s.added_at, s.service_id) > (SELECT a.added_at, a.service_id FROM programme_services a WHERE a.programme_id = $1 AND a.service_id = $${params.length})`;
    }
    params.push(options.limit);
    let sql = `SELECT s.* FROM programme_services s WHERE ${where} ORDER BY s.added_at, s.service_id LIMIT $${params.length}`;
    if (options.offset) {
      params.push(options.offset);
      sql += ` OFFSET $${params.length}`;
    }
    return (await this.dataSource.query(sql, params)) as ProgrammeServiceRow[];
  }

  /** Which of the given services are already in the programme. */
  async serviceIdsIn(programmeId: string, serviceIds: string[]): Promise<Set<string>> {
    if (serviceIds.length === 0) return new Set();
    const rows = (await this.dataSource.query(`SELECT service_id FROM programme_services WHERE programme_id = $1 AND service_id = ANY($2::uuid[])`, [programmeId, serviceIds])) as {
      service_id: string;
    }[];
    return new Set(rows.map((r) => r.service_id));
  }

  /** Bulk actions of the programme with items still waiting to be sent, oldest first. */
  async runningActions(manager: EntityManager, programmeId: string): Promise<(ActionRow & { pending: number })[]> {
    return (await manager.query(
      `SELECT a.*, p.pending FROM programme_actions a
         JOIN LATERAL (SELECT count(*)::int AS pending FROM programme_action_items i WHERE i.action_id = a.id AND i.status = 'pending') p ON p.pending > 0
        WHERE a.programme_id = $1 AND a.status = 'queued'
        ORDER BY a.created_at, a.id`,
      [programmeId],
    )) as (ActionRow & { pending: number })[];
  }

  async updateService(manager: EntityManager, programmeId: string, serviceId: string, fields: { status: ProgrammeServiceStatus; caseId?: string; at: Date }): Promise<void> {
    await manager.query(
      `UPDATE programme_services SET status = $3, case_id = COALESCE($4, case_id), updated_at = $5 WHERE programme_id = $1 AND service_id = $2`,
      [programmeId, serviceId, fields.status, fields.caseId ?? null, fields.at],
    );
  }

  async statusCounts(programmeId: string): Promise<{ status: ProgrammeServiceStatus; n: number }[]> {
    return (await this.dataSource.query(`SELECT status, count(*)::int AS n FROM programme_services WHERE programme_id = $1 GROUP BY status`, [programmeId])) as {
      status: ProgrammeServiceStatus;
      n: number;
    }[];
  }

  async investigationsOpened(programmeId: string): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM programme_services WHERE programme_id = $1 AND case_id IS NOT NULL`, [programmeId])) as { n: number }[];
    return row?.n ?? 0;
  }

  // --- bulk actions ---------------------------------------------------------------------------

  async insertAction(manager: EntityManager, a: Omit<ActionRow, 'id' | 'completed_at'>, items: NewItem[]): Promise<ActionRow> {
    const [action] = (await manager.query(
      `INSERT INTO programme_actions (programme_id, kind, template, status, total, confirmation_key, created_by, created_by_label, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [a.programme_id, a.kind, JSON.stringify(a.template), a.status, a.total, a.confirmation_key, a.created_by, a.created_by_label, a.created_at],
    )) as ActionRow[];
    const row = action as ActionRow;
    // One multi-row insert per 1,000 items.
    for (let i = 0; i < items.length; i += 1000) {
      const chunk = items.slice(i, i + 1000);
      await manager.query(
        `INSERT INTO programme_action_items (action_id, programme_id, service_id, organisation_id, provider_name, service_name, service_url, recipient_email, chases_item_id, status, skip_reason, processed_at)
         SELECT $1, $2, x.service_id, x.organisation_id, x.provider_name, x.service_name, x.service_url, x.recipient_email, x.chases_item_id, x.status, x.skip_reason,
                CASE WHEN x.status = 'skipped' THEN $4::timestamptz END
           FROM jsonb_to_recordset($3::jsonb) AS x(service_id uuid, organisation_id uuid, provider_name text, service_name text, service_url text,
                recipient_email text, chases_item_id uuid, status text, skip_reason text)`,
        [row.id, row.programme_id, JSON.stringify(chunk), a.created_at],
      );
    }
    return row;
  }

  async action(programmeId: string, actionId: string, manager?: EntityManager): Promise<ActionRow | undefined> {
    const rows = (await this.q(manager).query(`SELECT * FROM programme_actions WHERE id = $1 AND programme_id = $2`, [actionId, programmeId])) as ActionRow[];
    return rows[0];
  }

  async actionByConfirmationKey(manager: EntityManager, key: string): Promise<ActionRow | undefined> {
    const rows = (await manager.query(`SELECT * FROM programme_actions WHERE confirmation_key = $1`, [key])) as ActionRow[];
    return rows[0];
  }

  async actionById(actionId: string, manager?: EntityManager): Promise<ActionRow | undefined> {
    const rows = (await this.q(manager).query(`SELECT * FROM programme_actions WHERE id = $1`, [actionId])) as ActionRow[];
    return rows[0];
  }

  async countActions(manager: EntityManager, programmeId: string, kind: BulkActionKind): Promise<number> {
    const [row] = (await manager.query(`SELECT count(*)::int AS n FROM programme_actions WHERE programme_id = $1 AND kind = $2`, [programmeId, kind])) as { n: number }[];
    return row?.n ?? 0;
  }

  async actions(programmeId: string): Promise<ActionRow[]> {
    return (await this.dataSource.query(`SELECT * FROM programme_actions WHERE programme_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100`, [programmeId])) as ActionRow[];
  }

  async progress(actionIds: string[], manager?: EntityManager): Promise<Map<string, ActionProgress>> {
    const rows = (await this.q(manager).query(
      `SELECT action_id, count(*)::int AS total,
              count(*) FILTER (WHERE status = 'done')::int AS done,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
              count(*) FILTER (WHERE status = 'pending')::int AS pending
         FROM programme_action_items WHERE action_id = ANY($1::uuid[]) GROUP BY action_id`,
      [actionIds],
    )) as (ActionProgress & { action_id: string })[];
    return new Map(rows.map(({ action_id, ...p }) => [action_id, p]));
  }

  async items(actionId: string, limit = 1000): Promise<ItemRow[]> {
    return (await this.dataSource.query(`SELECT * FROM programme_action_items WHERE action_id = $1 ORDER BY provider_name, service_id LIMIT $2`, [actionId, limit])) as ItemRow[];
  }

  /** Notice items of a programme that were sent, newest first per service. */
  async sentNoticeItems(programmeId: string, manager?: EntityManager): Promise<(ItemRow & { action_created_at: Date })[]> {
    return (await this.q(manager).query(
      `SELECT i.*, a.created_at AS action_created_at
         FROM programme_action_items i JOIN programme_actions a ON a.id = i.action_id
        WHERE i.programme_id = $1 AND a.kind = 'information_notice' AND i.status = 'done'
        ORDER BY i.service_id, a.created_at DESC`,
      [programmeId],
    )) as (ItemRow & { action_created_at: Date })[];
  }

  async sentNoticeItemsForService(programmeId: string, serviceId: string): Promise<ItemRow[]> {
    return (await this.dataSource.query(
      `SELECT i.* FROM programme_action_items i JOIN programme_actions a ON a.id = i.action_id
        WHERE i.programme_id = $1 AND i.service_id = $2 AND a.kind = 'information_notice' AND i.status = 'done'
        ORDER BY i.processed_at`,
      [programmeId, serviceId],
    )) as ItemRow[];
  }

  async item(id: string, manager?: EntityManager): Promise<ItemRow | undefined> {
    const rows = (await this.q(manager).query(`SELECT * FROM programme_action_items WHERE id = $1`, [id])) as ItemRow[];
    return rows[0];
  }

  async itemByNotice(noticeId: string, manager: EntityManager): Promise<ItemRow | undefined> {
    const rows = (await manager.query(`SELECT * FROM programme_action_items WHERE notice_id = $1`, [noticeId])) as ItemRow[];
    return rows[0];
  }

  /**
   * Claims one pending item for the caller's transaction: locked until it commits, skipped by every
   * other worker meanwhile, so concurrent workers never process the same item.
   */
  async claimPending(manager: EntityManager, actionId?: string): Promise<ItemRow | undefined> {
    const rows = (await manager.query(
      `SELECT * FROM programme_action_items
        WHERE status = 'pending'${actionId ? ' AND action_id = $1' : ''}
        ORDER BY action_id, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      actionId ? [actionId] : [],
    )) as ItemRow[];
    return rows[0];
  }

  async completeItem(manager: EntityManager, id: string, fields: { noticeId?: string | null; deadlineId?: string | null; dueOn?: string | null; outboxId: string | null; at: Date }): Promise<void> {
    await manager.query(
      `UPDATE programme_action_items SET status = 'done', attempts = attempts + 1, notice_id = $2, deadline_id = $3, due_on = $4, outbox_id = $5, processed_at = $6, last_error = NULL
        WHERE id = $1 AND status = 'pending'`,
      [id, fields.noticeId ?? null, fields.deadlineId ?? null, fields.dueOn ?? null, fields.outboxId, fields.at],
    );
  }

  /** Records a failed attempt outside the item's rolled-back transaction; after maxAttempts the item fails for good. */
  async recordFailure(id: string, error: string, maxAttempts: number, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE programme_action_items
          SET attempts = attempts + 1, last_error = $2,
              status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE status END,
              processed_at = CASE WHEN attempts + 1 >= $3 THEN $4::timestamptz ELSE processed_at END
        WHERE id = $1 AND status = 'pending'`,
      [id, error.slice(0, 1000), maxAttempts, at],
    );
  }

  /** Marks queued actions with nothing left pending as completed; returns their ids. */
  async completeFinishedActions(at: Date): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `UPDATE programme_actions a SET status = 'completed', completed_at = $1
        WHERE a.status = 'queued' AND NOT EXISTS (SELECT 1 FROM programme_action_items i WHERE i.action_id = a.id AND i.status = 'pending')
        RETURNING a.id`,
      [at],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async hasPending(): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM programme_action_items WHERE status = 'pending' LIMIT 1`)) as unknown[];
    return rows.length > 0;
  }
}
