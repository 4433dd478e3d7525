import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TriageAssessment, TriageInputs, TriageResult } from '@app/triage';
import type { Evidence } from '../domain/evidence.js';
import type { MatchReason } from '../domain/matching.js';

export const LIVE_STATUSES = ['open', 'case_opened'] as const;
export type MatterStatus = 'open' | 'case_opened' | 'routed' | 'closed' | 'merged';
export type MatterRoute = 'compliance_remediation' | 'warning_letter' | 'enforcement_programme' | 'no_action';

export interface MatterRow {
  id: string;
  reference: string;
  service_id: string;
  harm_categories: string[];
  sources: string[];
  status: MatterStatus;
  assigned_to: string | null;
  assigned_label: string | null;
  assigned_at: Date | null;
  case_id: string | null;
  case_reference: string | null;
  route: MatterRoute | null;
  route_outcome: string | null;
  route_detail: Record<string, unknown> | null;
  routed_at: Date | null;
  routed_by: string | null;
  merged_into: string | null;
  item_count: number;
  children_likely: boolean;
  reported_via_linked: boolean;
  evidence_kinds: string[];
  first_received_at: Date;
  last_received_at: Date;
  assessment: TriageAssessment;
  triage_score: number | null;
  triage_model_version: string | null;
  triage_factors: TriageResult['factors'] | null;
  triage_inputs: TriageInputs | null;
  scored_at: Date | null;
  override_score: number | null;
  override_reason: string | null;
  override_by: string | null;
  override_at: Date | null;
  effective_score: number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface CandidateRow extends MatterRow {
  shares_hash: boolean;
}

export interface ItemRow {
  id: string;
  reference: string;
  source: string;
  received_via: string;
  received_at: Date;
  service_id: string;
  reported_url: string;
  reported_domain: string;
  domain_relation: string;
  harm_categories: string[];
  description: string | null;
  occurred_on: string | null;
  children_likely: boolean;
  details: Record<string, unknown>;
  evidence: Evidence[];
  reporter_subject: string | null;
  reporter_sealed: string | null;
  victim_subject: string | null;
  victim_sealed: string | null;
  matter_id: string;
  match_reason: MatchReason;
  submitted_by_id: string | null;
  submitted_by_label: string;
  organisation_id: string | null;
  import_id: string | null;
  import_row: number | null;
  personal_data_erased_at: Date | null;
}

export type NewItem = Omit<ItemRow, 'personal_data_erased_at'>;

export interface MatterAggregate {
  harm_categories: string[];
  sources: string[];
  item_count: number;
  children_likely: boolean;
  reported_via_linked: boolean;
  evidence_kinds: string[];
  first_received_at: Date;
  last_received_at: Date;
}

export interface ScoreWrite {
  result: TriageResult;
  inputs: TriageInputs;
  cause: string;
  at: Date;
}

const ITEM_COLUMNS = [
  'id',
  'reference',
  'source',
  'received_via',
  'received_at',
  'service_id',
  'reported_url',
  'reported_domain',
  'domain_relation',
  'harm_categories',
  'description',
  'occurred_on',
  'children_likely',
  'details',
  'evidence',
  'reporter_subject',
  'reporter_sealed',
  'victim_subject',
  'victim_sealed',
  'matter_id',
  'match_reason',
  'submitted_by_id',
  'submitted_by_label',
  'organisation_id',
  'import_id',
  'import_row',
] as const;

function itemParams(item: NewItem): unknown[] {
  return ITEM_COLUMNS.map((c) => {
    const v = item[c];
    return c === 'details' || c === 'evidence' || c === 'match_reason' ? JSON.stringify(v) : v;
  });
}

/** The only SQL of the intake context for items and matters. */
@Injectable()
export class IntakeRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager | DataSource {
    return manager ?? this.dataSource;
  }

  /** Serialises matter creation for one service (transaction-scoped). */
  async lockService(manager: EntityManager, serviceId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(7341008, hashtext($1))`, [serviceId]);
  }

  /**
   * Live matters of a service, locked, each saying whether it already holds one of the hashes; most
   * recently reported first. Rows are locked in id order: locking in last_received_at order, which
   * concurrent reports change, deadlocked two reports about the same service. With them, in the same
   * statement, the number of the service's matters that ended (routed, closed), for recurrence.
   */
  async candidates(manager: EntityManager, serviceId: string, hashes: { algorithm: string; hash: string }[]): Promise<{ rows: CandidateRow[]; previousMatters: number }> {
    const result = (await manager.query(
      `WITH live AS (
         SELECT m.*, EXISTS (
             SELECT 1 FROM intake_content_hashes h
              WHERE h.matter_id = m.id AND (h.algorithm, h.hash) IN (SELECT * FROM unnest($2::text[], $3::text[]))
           ) AS shares_hash
           FROM matters m
          WHERE m.service_id = $1 AND m.status IN ('open', 'case_opened')
          ORDER BY m.id
          FOR UPDATE OF m
       )
       SELECT ended.previous_matters, live.*
         FROM (SELECT count(*)::int AS previous_matters FROM matters e WHERE e.service_id = $1 AND e.status IN ('routed', 'closed')) ended
         LEFT JOIN live ON true`,
      [serviceId, hashes.map((h) => h.algorithm), hashes.map((h) => h.hash)],
    )) as (CandidateRow & { previous_matters: number })[];
    // No live matter: one row of nulls carrying the count.
    const rows: CandidateRow[] = result.filter((r) => r.id !== null).map(({ previous_matters: _, ...row }) => row);
    rows.sort((a, b) => b.last_received_at.getTime() - a.last_received_at.getTime() || (a.id < b.id ? -1 : 1));
    return { rows, previousMatters: result[0]?.previous_matters ?? 0 };
  }

  /** Matters of the service that ended (routed, closed), for recurrence. */
  async previousMatterCount(manager: EntityManager | undefined, serviceId: string, except?: string): Promise<number> {
    const [row] = (await this.m(manager).query(
      `SELECT count(*)::int AS n FROM matters WHERE service_id = $1 AND status IN ('routed', 'closed') AND id <> COALESCE($2::uuid, '00000000-0000-0000-0000-000000000000')`,
      [serviceId, except ?? null],
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  /** Inserts a new matter, its first item, the item's hashes and the first score, in one statement. */
  async insertMatterWithItem(
    manager: EntityManager,
    matter: { id: string; serviceId: string; caseId: string | null; caseReference: string | null; aggregate: MatterAggregate; createdAt: Date },
    item: NewItem,
    hashes: { algorithm: string; hash: string }[],
    score: ScoreWrite,
  ): Promise<string> {
    const a = matter.aggregate;
    const base = ITEM_COLUMNS.length;
    const [row] = (await manager.query(
      `WITH m AS (
         INSERT INTO matters (id, reference, service_id, harm_categories, sources, status, case_id, case_reference, item_count, children_likely,
                              reported_via_linked, evidence_kinds, first_received_at, last_received_at, triage_score, triage_model_version,
                              triage_factors, triage_inputs, scored_at, created_at, updated_at)
         VALUES ($${base + 1}, 'MAT-' || lpad(nextval('matter_reference_seq')::text, 6, '0'), $${base + 2}, $${base + 3}, $${base + 4},
                 CASE WHEN $${base + 5}::uuid IS NULL THEN 'open' ELSE 'case_opened' END, $${base + 5}, $${base + 6}, $${base + 7}, $${base + 8},
                 $${base + 9}, $${base + 10}, $${base + 11}, $${base + 12}, $${base + 13}, $${base + 14}, $${base + 15}, $${base + 16}, $${base + 17},
                 $${base + 17}, $${base + 17})
         RETURNING id, reference
       ), i AS (
         INSERT INTO intake_items (${ITEM_COLUMNS.join(', ')}) SELECT ${ITEM_COLUMNS.map((_, k) => `$${k + 1}`).join(', ')} FROM m
       ), h AS (
         INSERT INTO intake_content_hashes (algorithm, hash, item_id, matter_id)
         SELECT DISTINCT x.a, x.h, $1::uuid, m.id FROM m, unnest($${base + 18}::text[], $${base + 19}::text[]) AS x(a, h)
       ), s AS (
         INSERT INTO matter_scores (matter_id, scored_at, model_version, score, factors, inputs, cause)
         SELECT m.id, $${base + 17}, $${base + 14}, $${base + 13}, $${base + 15}, $${base + 16}, $${base + 20} FROM m
       )
       SELECT reference FROM m`,
      [
        ...itemParams(item),
        matter.id,
        matter.serviceId,
        a.harm_categories,
        a.sources,
        matter.caseId,
        matter.caseReference,
        a.item_count,
        a.children_likely,
        a.reported_via_linked,
        a.evidence_kinds,
        a.first_received_at,
        a.last_received_at,
        score.result.score,
        score.result.modelVersion,
        JSON.stringify(score.result.factors),
        JSON.stringify(score.inputs),
        score.at,
        hashes.map((h) => h.algorithm),
        hashes.map((h) => h.hash),
        score.cause,
      ],
    )) as { reference: string }[];
    return (row as { reference: string }).reference;
  }

  /** Adds an item to a matter, updates the matter's aggregate and score, in one statement. */
  /** `score.changed` false: the score history has this score already (the matter row is still refreshed). */
  async addItemToMatter(
    manager: EntityManager,
    matterId: string,
    aggregate: MatterAggregate,
    item: NewItem,
    hashes: { algorithm: string; hash: string }[],
    score: ScoreWrite & { changed: boolean },
  ): Promise<void> {
    const base = ITEM_COLUMNS.length;
    await manager.query(
      `WITH m AS (
         UPDATE matters SET harm_categories = $${base + 2}, sources = $${base + 3}, item_count = $${base + 4}, children_likely = $${base + 5},
                reported_via_linked = $${base + 6}, evidence_kinds = $${base + 7}, last_received_at = $${base + 8}, triage_score = $${base + 9},
                triage_model_version = $${base + 10}, triage_factors = $${base + 11}, triage_inputs = $${base + 12}, scored_at = $${base + 13},
                updated_at = $${base + 13}, version = version + 1
          WHERE id = $${base + 1} RETURNING id
       ), i AS (
         INSERT INTO intake_items (${ITEM_COLUMNS.join(', ')}) SELECT ${ITEM_COLUMNS.map((_, k) => `$${k + 1}`).join(', ')} FROM m
       ), h AS (
         INSERT INTO intake_content_hashes (algorithm, hash, item_id, matter_id)
         SELECT DISTINCT x.a, x.h, $1::uuid, m.id FROM m, unnest($${base + 14}::text[], $${base + 15}::text[]) AS x(a, h)
       )
       INSERT INTO matter_scores (matter_id, scored_at, model_version, score, factors, inputs, cause)
       SELECT m.id, $${base + 13}, $${base + 10}, $${base + 9}, $${base + 11}, $${base + 12}, $${base + 16} FROM m
        WHERE $${base + 17}::boolean`,
      [
        ...itemParams(item),
        matterId,
        aggregate.harm_categories,
        aggregate.sources,
        aggregate.item_count,
        aggregate.children_likely,
        aggregate.reported_via_linked,
        aggregate.evidence_kinds,
        aggregate.last_received_at,
        score.result.score,
        score.result.modelVersion,
        JSON.stringify(score.result.factors),
        JSON.stringify(score.inputs),
        score.at,
        hashes.map((h) => h.algorithm),
        hashes.map((h) => h.hash),
        score.cause,
        score.changed,
      ],
    );
  }

  async matter(id: string, manager?: EntityManager, lock = false): Promise<MatterRow | undefined> {
    const [row] = (await this.m(manager).query(`SELECT * FROM matters WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id])) as MatterRow[];
    return row;
  }

  async matters(ids: string[], manager?: EntityManager, lock = false): Promise<MatterRow[]> {
    if (ids.length === 0) return [];
    return (await this.m(manager).query(`SELECT * FROM matters WHERE id = ANY($1::uuid[]) ORDER BY id ${lock ? 'FOR UPDATE' : ''}`, [ids])) as MatterRow[];
  }

  async items(matterId: string, options: { after?: { at: Date; id: string }; limit: number }, manager?: EntityManager): Promise<ItemRow[]> {
    return (await this.m(manager).query(
      `SELECT * FROM intake_items WHERE matter_id = $1 AND ($2::timestamptz IS NULL OR (received_at, id) > ($2, $3::uuid))
        ORDER BY received_at, id LIMIT $4`,
      [matterId, options.after?.at ?? null, options.after?.id ?? null, options.limit],
    )) as ItemRow[];
  }

  async item(id: string, manager?: EntityManager): Promise<ItemRow | undefined> {
    const [row] = (await this.m(manager).query(`SELECT * FROM intake_items WHERE id = $1`, [id])) as ItemRow[];
    return row;
  }

  async itemByReference(reference: string): Promise<ItemRow | undefined> {
    const [row] = (await this.dataSource.query(`SELECT * FROM intake_items WHERE reference = $1`, [reference])) as ItemRow[];
    return row;
  }

  async itemsByIds(ids: string[], manager: EntityManager): Promise<ItemRow[]> {
    return (await manager.query(`SELECT * FROM intake_items WHERE id = ANY($1::uuid[])`, [ids])) as ItemRow[];
  }

  /** Recomputes a matter's aggregate from its items (after merge or split). */
  async aggregateOf(manager: EntityManager, matterId: string): Promise<MatterAggregate> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS item_count,
              COALESCE((SELECT array_agg(DISTINCT h ORDER BY h) FROM intake_items i2, unnest(i2.harm_categories) AS h WHERE i2.matter_id = $1), '{}') AS harm_categories,
              COALESCE(array_agg(DISTINCT source ORDER BY source), '{}') AS sources,
              COALESCE(bool_or(children_likely), false) AS children_likely,
              COALESCE(bool_or(domain_relation <> 'primary'), false) AS reported_via_linked,
              COALESCE((SELECT array_agg(DISTINCT k ORDER BY k) FROM (
                  SELECT e->>'kind' AS k FROM intake_items i3, jsonb_array_elements(i3.evidence) AS e WHERE i3.matter_id = $1
                  UNION SELECT 'description' FROM intake_items i4 WHERE i4.matter_id = $1 AND i4.description IS NOT NULL) x), '{}') AS evidence_kinds,
              min(received_at) AS first_received_at, max(received_at) AS last_received_at
         FROM intake_items WHERE matter_id = $1`,
      [matterId],
    )) as MatterAggregate[];
    return row as MatterAggregate;
  }

  async updateMatter(manager: EntityManager, id: string, fields: Record<string, unknown>): Promise<MatterRow> {
    const keys = Object.keys(fields);
    const jsonColumns = new Set(['assessment', 'triage_factors', 'triage_inputs', 'route_detail']);
    const sets = [...keys.map((k, i) => `${k} = $${i + 2}`), 'version = version + 1'].join(', ');
    const [rows] = (await manager.query(`UPDATE matters SET ${sets} WHERE id = $1 RETURNING *`, [
      id,
      ...keys.map((k) => (jsonColumns.has(k) && fields[k] !== null ? JSON.stringify(fields[k]) : fields[k])),
    ])) as [MatterRow[], number];
    return rows[0] as MatterRow;
  }

  async insertScore(manager: EntityManager, matterId: string, score: ScoreWrite): Promise<void> {
    await manager.query(
      `INSERT INTO matter_scores (matter_id, scored_at, model_version, score, factors, inputs, cause) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [matterId, score.at, score.result.modelVersion, score.result.score, JSON.stringify(score.result.factors), JSON.stringify(score.inputs), score.cause],
    );
  }

  async scoreHistory(matterId: string, limit = 100): Promise<{ scored_at: Date; model_version: string; score: number; cause: string }[]> {
    return (await this.dataSource.query(
      `SELECT scored_at, model_version, score, cause FROM matter_scores WHERE matter_id = $1 ORDER BY id DESC LIMIT $2`,
      [matterId, limit],
    )) as { scored_at: Date; model_version: string; score: number; cause: string }[];
  }

  async createEmptyMatter(manager: EntityManager, serviceId: string, at: Date): Promise<MatterRow> {
    const [row] = (await manager.query(
      `INSERT INTO matters (reference, service_id, harm_categories, sources, status, first_received_at, last_received_at, created_at, updated_at)
       VALUES ('MAT-' || lpad(nextval('matter_reference_seq')::text, 6, '0'), $1, '{}', '{}', 'open', $2, $2, $2, $2) RETURNING *`,
      [serviceId, at],
    )) as MatterRow[];
    return row as MatterRow;
  }

  async moveItems(manager: EntityManager, itemIds: string[] | 'all', fromMatterId: string, toMatterId: string): Promise<number> {
    const [, n] = (await manager.query(
      itemIds === 'all'
        ? `UPDATE intake_items SET matter_id = $2 WHERE matter_id = $1`
        : `UPDATE intake_items SET matter_id = $2 WHERE matter_id = $1 AND id = ANY($3::uuid[])`,
      itemIds === 'all' ? [fromMatterId, toMatterId] : [fromMatterId, toMatterId, itemIds],
    )) as [unknown, number];
    await manager.query(
      itemIds === 'all'
        ? `UPDATE intake_content_hashes SET matter_id = $2 WHERE matter_id = $1`
        : `UPDATE intake_content_hashes SET matter_id = $2 WHERE matter_id = $1 AND item_id = ANY($3::uuid[])`,
      itemIds === 'all' ? [fromMatterId, toMatterId] : [fromMatterId, toMatterId, itemIds],
    );
    return n;
  }

  /** Re-homes items and matters of a service merged into another (its domain became a mirror). */
  async moveService(manager: EntityManager, fromServiceId: string, toServiceId: string): Promise<string[]> {
    await manager.query(`UPDATE intake_items SET service_id = $2 WHERE service_id = $1`, [fromServiceId, toServiceId]);
    const [rows] = (await manager.query(`UPDATE matters SET service_id = $2, version = version + 1 WHERE service_id = $1 RETURNING id, status`, [
      fromServiceId,
      toServiceId,
    ])) as [{ id: string; status: string }[], number];
    return rows.filter((r) => r.status === 'open' || r.status === 'case_opened').map((r) => r.id);
  }

  async liveMattersOfService(manager: EntityManager, serviceId: string): Promise<MatterRow[]> {
    return (await manager.query(`SELECT * FROM matters WHERE service_id = $1 AND status IN ('open', 'case_opened') ORDER BY created_at FOR UPDATE`, [serviceId])) as MatterRow[];
  }

  async mattersOfCase(caseId: string): Promise<MatterRow[]> {
    return (await this.dataSource.query(`SELECT * FROM matters WHERE case_id = $1 ORDER BY created_at`, [caseId])) as MatterRow[];
  }

  /** The triage queue: highest effective score first, keyset-paged. */
  async queue(
    filter: { statuses: string[]; sources?: string[]; harms?: string[]; serviceId?: string; receivedBefore?: Date; receivedAfter?: Date; assignedTo?: string; unassigned?: boolean },
    after: { s: number; i: string } | undefined,
    limit: number,
  ): Promise<MatterRow[]> {
    return (await this.dataSource.query(
      `SELECT * FROM matters
        WHERE status = ANY($1::text[])
          AND ($2::text[] IS NULL OR sources && $2)
          AND ($3::text[] IS NULL OR harm_categories && $3)
          AND ($4::uuid IS NULL OR service_id = $4)
          AND ($5::timestamptz IS NULL OR first_received_at <= $5)
          AND ($6::timestamptz IS NULL OR first_received_at >= $6)
          AND ($7::uuid IS NULL OR assigned_to = $7)
          AND (NOT $8::boolean OR assigned_to IS NULL)
          AND ($9::int IS NULL OR COALESCE(effective_score, -1) < $9 OR (COALESCE(effective_score, -1) = $9 AND id > $10::uuid))
        ORDER BY COALESCE(effective_score, -1) DESC, id
        LIMIT $11`,
      [
        filter.statuses,
        filter.sources ?? null,
        filter.harms ?? null,
        filter.serviceId ?? null,
        filter.receivedBefore ?? null,
        filter.receivedAfter ?? null,
        filter.assignedTo ?? null,
        filter.unassigned ?? false,
        after?.s ?? null,
        after?.i ?? null,
        limit,
      ],
    )) as MatterRow[];
  }

  async liveMatterIdsAfter(afterId: string, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT id FROM matters WHERE status IN ('open', 'case_opened') AND id > $1 ORDER BY id LIMIT $2`, [afterId, limit])) as {
      id: string;
    }[];
    return rows.map((r) => r.id);
  }
}
