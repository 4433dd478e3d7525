import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DocumentReference } from './domain/filing-rules.js';
import type { SuperComplaintOutcome, SuperComplaintState } from './domain/vocabulary.js';

export interface ServiceRef {
  url: string;
  serviceId: string | null;
}

export interface SuperComplaintRow {
  id: string;
  reference: string;
  organisationId: string;
  createdBy: string;
  state: SuperComplaintState;
  title: string | null;
  summary: string | null;
  feature: string | null;
  services: ServiceRef[];
  serviceKinds: string | null;
  harmCategories: string[];
  evidence: string | null;
  requestedAction: string | null;
  documents: DocumentReference[];
  filingException: { reason: string; grantedBy: string; grantedAt: string } | null;
  filedAt: Date | null;
  filedOn: string | null;
  eligibilityDecidedOn: string | null;
  eligibilityReasons: string | null;
  informationRequest: string | null;
  outcome: SuperComplaintOutcome | null;
  responseText: string | null;
  responseSummary: string | null;
  caseIds: string[];
  publishedAt: Date | null;
  publishedOn: string | null;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface MessageRow {
  id: string;
  superComplaintId: string;
  authorSide: 'entity' | 'regulator';
  authorId: string | null;
  authorLabel: string;
  body: string;
  createdAt: Date;
}

const COLUMNS: Record<Exclude<keyof SuperComplaintRow, 'id' | 'reference' | 'version' | 'createdAt' | 'updatedAt'>, string> = {
  organisationId: 'organisation_id',
  createdBy: 'created_by',
  state: 'state',
  title: 'title',
  summary: 'summary',
  feature: 'feature',
  services: 'services',
  serviceKinds: 'service_kinds',
  harmCategories: 'harm_categories',
  evidence: 'evidence',
  requestedAction: 'requested_action',
  documents: 'documents',
  filingException: 'filing_exception',
  filedAt: 'filed_at',
  filedOn: 'filed_on',
  eligibilityDecidedOn: 'eligibility_decided_on',
  eligibilityReasons: 'eligibility_reasons',
  informationRequest: 'information_request',
  outcome: 'outcome',
  responseText: 'response_text',
  responseSummary: 'response_summary',
  caseIds: 'case_ids',
  publishedAt: 'published_at',
  publishedOn: 'published_on',
  withdrawnAt: 'withdrawn_at',
  withdrawalReason: 'withdrawal_reason',
};
const JSON_COLUMNS = new Set(['services', 'documents', 'filingException']);

const SELECT = `SELECT id, reference, version, created_at AS "createdAt", updated_at AS "updatedAt",
  ${Object.entries(COLUMNS)
    .map(([key, column]) => (['filedOn', 'eligibilityDecidedOn', 'publishedOn'].includes(key) ? `to_char(${column}, 'YYYY-MM-DD') AS "${key}"` : `${column} AS "${key}"`))
    .join(', ')}
  FROM super_complaints`;

export type SuperComplaintChanges = Partial<Omit<SuperComplaintRow, 'id' | 'reference' | 'organisationId' | 'createdBy' | 'version' | 'createdAt' | 'updatedAt'>>;

/** The only place that reads and writes the super-complaint tables. */
@Injectable()
export class SuperComplaintRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private q(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insert(manager: EntityManager, row: { organisationId: string; createdBy: string; year: number; at: Date } & SuperComplaintChanges): Promise<SuperComplaintRow> {
    const [seq] = await manager.query(`SELECT nextval('super_complaint_reference_seq') AS n`);
    const reference = `SC-${row.year}-${String(seq.n).padStart(4, '0')}`;
    const [inserted] = await manager.query(
      `INSERT INTO super_complaints (reference, organisation_id, created_by, state, title, summary, feature, services, service_kinds, harm_categories,
         evidence, requested_action, documents, created_at, updated_at)
       VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
      [
        reference,
        row.organisationId,
        row.createdBy,
        row.title ?? null,
        row.summary ?? null,
        row.feature ?? null,
        JSON.stringify(row.services ?? []),
        row.serviceKinds ?? null,
        row.harmCategories ?? [],
        row.evidence ?? null,
        row.requestedAction ?? null,
        JSON.stringify(row.documents ?? []),
        row.at,
      ],
    );
    return (await this.findById(inserted.id, manager)) as SuperComplaintRow;
  }

  async findById(id: string, manager?: EntityManager): Promise<SuperComplaintRow | undefined> {
    const [row] = await this.q(manager).query(`${SELECT} WHERE id = $1`, [id]);
    return row;
  }

  async lockById(manager: EntityManager, id: string): Promise<SuperComplaintRow | undefined> {
    const [row] = await manager.query(`${SELECT} WHERE id = $1 FOR UPDATE`, [id]);
    return row;
  }

  async update(manager: EntityManager, id: string, changes: SuperComplaintChanges, at: Date): Promise<SuperComplaintRow> {
    const sets: string[] = [];
    const values: unknown[] = [id, at];
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      values.push(JSON_COLUMNS.has(key) && value !== null ? JSON.stringify(value) : value);
      sets.push(`${COLUMNS[key as keyof typeof COLUMNS]} = $${values.length}`);
    }
    await manager.query(`UPDATE super_complaints SET ${[...sets, 'updated_at = $2', 'version = version + 1'].join(', ')} WHERE id = $1`, values);
    return (await this.findById(id, manager)) as SuperComplaintRow;
  }

  /** Newest first; `organisationId` confines an external principal to its own. */
  async list(options: { organisationId: string | null; state?: SuperComplaintState; limit: number; before?: { createdAt: string; id: string } }): Promise<SuperComplaintRow[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (options.organisationId !== null) where.push(`organisation_id = $${values.push(options.organisationId)}`);
    if (options.state) where.push(`state = $${values.push(options.state)}`);
    if (options.before) where.push(`(created_at, id) < ($${values.push(options.before.createdAt)}::timestamptz, $${values.push(options.before.id)}::uuid)`);
    values.push(options.limit);
    return this.q().query(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT $${values.length}`, values);
  }

  /** The entity's latest filing on or after a date, other than this super-complaint. */
  async latestFilingSince(manager: EntityManager, organisationId: string, exceptId: string, since: string): Promise<{ reference: string; filedOn: string } | undefined> {
    const [row] = await manager.query(
      `SELECT reference, to_char(filed_on, 'YYYY-MM-DD') AS "filedOn" FROM super_complaints
       WHERE organisation_id = $1 AND id <> $2 AND filed_on IS NOT NULL AND filed_on > $3::date ORDER BY filed_on DESC LIMIT 1`,
      [organisationId, exceptId, since],
    );
    return row;
  }

  async publishedSince(manager: EntityManager, since: string): Promise<Array<{ reference: string; feature: string | null; harmCategories: string[]; publishedOn: string }>> {
    return manager.query(
      `SELECT reference, feature, harm_categories AS "harmCategories", to_char(published_on, 'YYYY-MM-DD') AS "publishedOn"
       FROM super_complaints WHERE state = 'response_published' AND published_on >= $1::date ORDER BY published_on DESC`,
      [since],
    );
  }

  /** Whether an earlier super-complaint of the entity was found eligible (whatever happened after). */
  async entityFoundEligibleBefore(manager: EntityManager, organisationId: string, exceptId: string): Promise<boolean> {
    const [row] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM super_complaints WHERE organisation_id = $1 AND id <> $2 AND eligibility_decided_on IS NOT NULL AND state <> 'not_admissible') AS found`,
      [organisationId, exceptId],
    );
    return row.found === true;
  }

  async published(limit: number): Promise<SuperComplaintRow[]> {
    return this.q().query(`${SELECT} WHERE state = 'response_published' ORDER BY published_at DESC, id DESC LIMIT $1`, [limit]);
  }

  /** Counts per state and the days each filed complaint took (for analysts: no content). */
  async timings(): Promise<Array<{ state: SuperComplaintState; filedOn: string | null; eligibilityDecidedOn: string | null; publishedOn: string | null }>> {
    return this.q().query(
      `SELECT state, to_char(filed_on, 'YYYY-MM-DD') AS "filedOn", to_char(eligibility_decided_on, 'YYYY-MM-DD') AS "eligibilityDecidedOn",
              to_char(published_on, 'YYYY-MM-DD') AS "publishedOn"
       FROM super_complaints WHERE state <> 'draft'`,
    );
  }

  async insertMessage(manager: EntityManager, message: Omit<MessageRow, 'id'>): Promise<MessageRow> {
    const [row] = await manager.query(
      `INSERT INTO super_complaint_messages (super_complaint_id, author_side, author_id, author_label, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, super_complaint_id AS "superComplaintId", author_side AS "authorSide", author_id AS "authorId", author_label AS "authorLabel", body, created_at AS "createdAt"`,
      [message.superComplaintId, message.authorSide, message.authorId, message.authorLabel, message.body, message.createdAt],
    );
    return row;
  }

  async messages(superComplaintId: string): Promise<MessageRow[]> {
    return this.q().query(
      `SELECT id, super_complaint_id AS "superComplaintId", author_side AS "authorSide", author_id AS "authorId", author_label AS "authorLabel", body, created_at AS "createdAt"
       FROM super_complaint_messages WHERE super_complaint_id = $1 ORDER BY created_at, id`,
      [superComplaintId],
    );
  }
}
