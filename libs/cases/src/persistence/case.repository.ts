import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseChanges } from '../domain/model.js';
import type { CaseLinkRelation, CaseState, ClosureOutcome, HarmCategory, Jurisdiction } from '../domain/vocabulary.js';

/** A case row as the cases context reads it. */
export interface CaseRecord {
  id: string;
  reference: string;
  title: string;
  state: CaseState;
  version: number;
  serviceId: string;
  serviceUrl: string | null;
  serviceDomain: string | null;
  harmCategories: HarmCategory[];
  jurisdiction: Jurisdiction;
  provisions: string[];
  assignedOfficerId: string | null;
  investigatingOfficerId: string | null;
  investigationOpenedAt: Date | null;
  publishedAt: Date | null;
  representationsReceivedAt: Date | null;
  outcome: ClosureOutcome | null;
  openedAt: Date;
  closedAt: Date | null;
  lastEvent: string;
  lastOccurredAt: Date;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface CaseRow {
  id: string;
  reference: string;
  title: string;
  state: CaseState;
  version: number;
  service_id: string;
  service_url: string | null;
  service_domain: string | null;
  harm_categories: HarmCategory[];
  jurisdiction: Jurisdiction;
  provisions: string[];
  assigned_officer_id: string | null;
  investigating_officer_id: string | null;
  investigation_opened_at: Date | null;
  published_at: Date | null;
  representations_received_at: Date | null;
  outcome: ClosureOutcome | null;
  opened_at: Date;
  closed_at: Date | null;
  last_event: string;
  last_occurred_at: Date;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: CaseRow): CaseRecord => ({
  id: r.id,
  reference: r.reference,
  title: r.title,
  state: r.state,
  version: r.version,
  serviceId: r.service_id,
  serviceUrl: r.service_url,
  serviceDomain: r.service_domain,
  harmCategories: r.harm_categories,
  jurisdiction: r.jurisdiction,
  provisions: r.provisions,
  assignedOfficerId: r.assigned_officer_id,
  investigatingOfficerId: r.investigating_officer_id,
  investigationOpenedAt: r.investigation_opened_at,
  publishedAt: r.published_at,
  representationsReceivedAt: r.representations_received_at,
  outcome: r.outcome,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  lastEvent: r.last_event,
  lastOccurredAt: r.last_occurred_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The columns an event may change, by the name the lifecycle uses. */
const CHANGE_COLUMNS: Record<keyof CaseChanges, string> = {
  assignedOfficerId: 'assigned_officer_id',
  investigatingOfficerId: 'investigating_officer_id',
  investigationOpenedAt: 'investigation_opened_at',
  publishedAt: 'published_at',
  provisions: 'provisions',
  representationsReceivedAt: 'representations_received_at',
  outcome: 'outcome',
  closedAt: 'closed_at',
};

export interface NewCase {
  title: string;
  serviceId: string;
  serviceUrl: string | null;
  serviceDomain: string | null;
  harmCategories: HarmCategory[];
  jurisdiction: Jurisdiction;
  assignedOfficerId: string | null;
  /** The year in the reference (ENF-<year>-<sequence>). */
  referenceYear: number;
  openedAt: Date;
  createdBy: string | null;
  createdAt: Date;
}

export interface CaseListFilter {
  state?: CaseState;
  officerId?: string;
  serviceId?: string;
  harm?: HarmCategory;
  /** Only these cases (e.g. those with an overdue deadline). */
  ids?: string[];
}

export const CASE_SORTS = ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', 'reference', '-reference'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

const SORT_COLUMNS: Record<string, string> = { createdAt: 'created_at', updatedAt: 'updated_at', reference: 'reference' };

export interface CaseLinkRecord {
  caseId: string;
  reference: string;
  relation: CaseLinkRelation;
  /** outgoing: this case → the other (e.g. this case merged_into it); incoming: the other → this case. */
  direction: 'outgoing' | 'incoming';
  linkedAt: Date;
}

/** A case's matters and links, oldest first. */
export interface CaseRelated {
  matterIds: string[];
  links: CaseLinkRecord[];
}

interface RelatedRow {
  related_matter_ids: string[];
  related_links: { other: string; reference: string; relation: CaseLinkRelation; direction: 'outgoing' | 'incoming'; linked_at: string }[];
}

/** The matters and links (both directions) of the case whose id is `caseId` (an SQL expression), as two columns. */
const relatedOf = (caseId: string): string => `
  (SELECT coalesce(array_agg(m.matter_id ORDER BY m.linked_at, m.matter_id), '{}') FROM case_matters m WHERE m.case_id = ${caseId}) AS related_matter_ids,
  (SELECT coalesce(json_agg(l ORDER BY l.linked_at, l.reference, l.direction, l.relation), '[]'::json) FROM (
     SELECT o.linked_case_id AS other, oc.reference, o.relation, 'outgoing' AS direction, o.linked_at
       FROM case_links o JOIN cases oc ON oc.id = o.linked_case_id WHERE o.case_id = ${caseId}
     UNION ALL
     SELECT i.case_id, ic.reference, i.relation, 'incoming', i.linked_at
       FROM case_links i JOIN cases ic ON ic.id = i.case_id WHERE i.linked_case_id = ${caseId}) l) AS related_links`;

const toRelated = (row: RelatedRow): CaseRelated => ({
  matterIds: row.related_matter_ids,
  links: row.related_links.map((l) => ({ caseId: l.other, reference: l.reference, relation: l.relation, direction: l.direction, linkedAt: new Date(l.linked_at) })),
});

/** The only place that reads or writes the cases context's tables. */
@Injectable()
export class CaseRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, c: NewCase): Promise<CaseRecord> {
    const [row] = (await manager.query(
      `INSERT INTO cases (reference, title, state, version, service_id, service_url, service_domain, harm_categories, jurisdiction,
         assigned_officer_id, opened_at, last_event, last_occurred_at, created_by, created_at, updated_at)
       VALUES ('ENF-' || $1::int || '-' || lpad(nextval('case_reference_seq')::text, 6, '0'), $2, 'assessment', 1, $3, $4, $5, $6, $7,
         $8, $9, 'create', $9, $10, $11, $11)
       RETURNING *`,
      [c.referenceYear, c.title, c.serviceId, c.serviceUrl, c.serviceDomain, c.harmCategories, c.jurisdiction, c.assignedOfficerId, c.openedAt, c.createdBy, c.createdAt],
    )) as CaseRow[];
    return toRecord(row as CaseRow);
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<CaseRecord | null> {
    const [row] = (await manager.query(`SELECT * FROM cases WHERE id = $1`, [id])) as CaseRow[];
    return row ? toRecord(row) : null;
  }

  /** The references of those of these ids that are cases. */
  async references(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = (await manager.query(`SELECT id, reference FROM cases WHERE id = ANY($1::uuid[])`, [ids])) as { id: string; reference: string }[];
    return new Map(rows.map((r) => [r.id, r.reference]));
  }

  /** Which of these ids are cases. */
  async existing(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = (await manager.query(`SELECT id FROM cases WHERE id = ANY($1::uuid[])`, [ids])) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Moves the case from exactly `expectedVersion` to the next one, returning it with its matters and
   * links as they are in the transaction at that point. Returns null when the version is no longer
   * current: someone else changed the case first.
   */
  async applyTransition(
    manager: EntityManager,
    id: string,
    expectedVersion: number,
    update: { state: CaseState; changes: CaseChanges; lastEvent: string; lastOccurredAt: Date; updatedAt: Date },
  ): Promise<{ record: CaseRecord; related: CaseRelated } | null> {
    const sets = ['state = $3', 'last_event = $4', 'last_occurred_at = $5', 'updated_at = $6', 'version = version + 1'];
    const params: unknown[] = [id, expectedVersion, update.state, update.lastEvent, update.lastOccurredAt, update.updatedAt];
    for (const [field, value] of Object.entries(update.changes) as [keyof CaseChanges, unknown][]) {
      if (value === undefined) continue;
      params.push(value);
      sets.push(`${CHANGE_COLUMNS[field]} = $${params.length}`);
    }
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [rows] = (await manager.query(`UPDATE cases SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING *, ${relatedOf('cases.id')}`, params)) as [
      (CaseRow & RelatedRow)[],
      number,
    ];
    const row = rows[0];
    return row ? { record: toRecord(row), related: toRelated(row) } : null;
  }

  async addLinks(manager: EntityManager, caseId: string, links: { relation: CaseLinkRelation; caseId: string }[], at: Date, by: string | null): Promise<void> {
    for (const link of links) {
      await manager.query(
        `INSERT INTO case_links (case_id, linked_case_id, relation, linked_at, linked_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [caseId, link.caseId, link.relation, at, by],
      );
    }
  }

  async addMatters(manager: EntityManager, caseId: string, matterIds: string[], at: Date): Promise<void> {
    if (matterIds.length === 0) return;
    await manager.query(
      `INSERT INTO case_matters (case_id, matter_id, linked_at) SELECT $1, m, $3 FROM unnest($2::uuid[]) AS m ON CONFLICT DO NOTHING`,
      [caseId, matterIds, at],
    );
  }

  /** The case's matters and its links (both directions), in one round trip. */
  async related(caseId: string): Promise<CaseRelated> {
    const [row] = (await this.dataSource.query(`SELECT ${relatedOf('$1::uuid')}`, [caseId])) as RelatedRow[];
    return toRelated(row as RelatedRow);
  }

  /** One page in the given order; `after` is the sort key and id of the previous page's last case. */
  /** Every case about these services: id and service, in one statement. */
  async idsForServices(serviceIds: readonly string[]): Promise<{ id: string; service_id: string }[]> {
    if (serviceIds.length === 0) return [];
    return (await this.dataSource.query(`SELECT id, service_id FROM cases WHERE service_id = ANY($1::uuid[]) ORDER BY created_at, id`, [serviceIds])) as {
      id: string;
      service_id: string;
    }[];
  }

  /** The `perService` most recently created cases of each service that are not closed, in one statement. */
  async recentOpenForServices(serviceIds: readonly string[], perService: number): Promise<{ id: string; reference: string; harm_categories: string[]; service_id: string }[]> {
    if (serviceIds.length === 0) return [];
    return (await this.dataSource.query(
      `SELECT id, reference, harm_categories, service_id FROM (
         SELECT id, reference, harm_categories, service_id, state,
           row_number() OVER (PARTITION BY service_id ORDER BY created_at DESC, id DESC) AS recent
         FROM cases WHERE service_id = ANY($1::uuid[])
       ) c
       WHERE recent <= $2 AND state <> 'closed'
       ORDER BY service_id, recent`,
      [serviceIds, perService],
    )) as { id: string; reference: string; harm_categories: string[]; service_id: string }[];
  }

  async list(filter: CaseListFilter, sort: CaseSort, limit: number, after?: { k: string; i: string }): Promise<CaseRecord[]> {
    const descending = sort.startsWith('-');
    const column = SORT_COLUMNS[sort.replace(/^-/, '')] as string;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.state) add((p) => `state = ${p}`, filter.state);
    if (filter.officerId) add((p) => `(assigned_officer_id = ${p} OR investigating_officer_id = ${p})`, filter.officerId);
    if (filter.serviceId) add((p) => `service_id = ${p}`, filter.serviceId);
    if (filter.harm) add((p) => `harm_categories @> ARRAY[${p}]::text[]`, filter.harm);
    if (filter.ids) add((p) => `id = ANY(${p}::uuid[])`, filter.ids);
    if (after) {
      params.push(column === 'reference' ? after.k : new Date(after.k), after.i);
      where.push(`(${column}, id) ${descending ? '<' : '>'} ($${params.length - 1}, $${params.length})`);
    }
    params.push(limit);
    const rows = (await this.dataSource.query(
      `SELECT * FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${column} ${descending ? 'DESC' : 'ASC'}, id ${descending ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    )) as CaseRow[];
    return rows.map(toRecord);
  }
}
