import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditActor } from '@app/audit';
import type { DraftContent, PublicEntry } from '../domain/entry-content.js';

export interface EntryRecord {
  id: string;
  caseId: string;
  reference: string;
  createdAt: Date;
  firstPublishedAt: Date | null;
  lastPublishedAt: Date | null;
  publishedVersion: number | null;
  publicContent: PublicEntry | null;
}

export type VersionStatus = 'draft' | 'published' | 'discarded';

export interface VersionRecord {
  id: string;
  entryId: string;
  number: number;
  status: VersionStatus;
  revision: number;
  content: DraftContent;
  publicContent: PublicEntry | null;
  publicSha256: string | null;
  proposedByEvent: string | null;
  createdAt: Date;
  createdBy: string | null;
  updatedAt: Date;
  editedBy: string[];
  editedByLabels: string[];
  approvedBy: string | null;
  approvedByLabel: string | null;
  approvedAt: Date | null;
}

interface EntryRow {
  id: string;
  case_id: string;
  case_reference: string;
  created_at: Date;
  first_published_at: Date | null;
  last_published_at: Date | null;
  published_version: number | null;
  public_content: PublicEntry | null;
}

interface VersionRow {
  id: string;
  entry_id: string;
  number: number;
  status: VersionStatus;
  revision: number;
  content: DraftContent;
  public_content: PublicEntry | null;
  public_sha256: string | null;
  proposed_by_event: string | null;
  created_at: Date;
  created_by: string | null;
  updated_at: Date;
  edited_by: string[];
  edited_by_labels: string[];
  approved_by: string | null;
  approved_by_label: string | null;
  approved_at: Date | null;
}

const toEntry = (r: EntryRow): EntryRecord => ({
  id: r.id,
  caseId: r.case_id,
  reference: r.case_reference,
  createdAt: r.created_at,
  firstPublishedAt: r.first_published_at,
  lastPublishedAt: r.last_published_at,
  publishedVersion: r.published_version,
  publicContent: r.public_content,
});

const toVersion = (r: VersionRow): VersionRecord => ({
  id: r.id,
  entryId: r.entry_id,
  number: r.number,
  status: r.status,
  revision: r.revision,
  content: r.content,
  publicContent: r.public_content,
  publicSha256: r.public_sha256,
  proposedByEvent: r.proposed_by_event,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  editedBy: r.edited_by,
  editedByLabels: r.edited_by_labels,
  approvedBy: r.approved_by,
  approvedByLabel: r.approved_by_label,
  approvedAt: r.approved_at,
});

/** Filters of the public list (all optional). */
export interface PublicFilter {
  status?: string;
  /** `open`: every status but closed. */
  open?: boolean;
  harm?: string;
  provision?: string;
  year?: number;
}

export interface PublicKey {
  openedOn: string;
  reference: string;
}

/** An entry and its open draft, for the officers' queue. */
export interface QueueRow {
  entry: EntryRecord;
  draft: { number: number; revision: number; updatedAt: Date; proposedByEvent: string | null; editedByLabels: string[]; title: string } | null;
}

/** The only place that reads or writes the publication context's tables. */
@Injectable()
export class PublicationRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async entryOfCase(caseId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<EntryRecord | null> {
    const [row] = (await manager.query(`SELECT * FROM publication_entries WHERE case_id = $1 ${lock ? 'FOR UPDATE' : ''}`, [caseId])) as EntryRow[];
    return row ? toEntry(row) : null;
  }

  /** Creates the case's entry unless it exists, then locks it: writers to one entry queue here. */
  async lockOrCreate(manager: EntityManager, caseId: string, reference: string, now: Date): Promise<EntryRecord> {
    // One statement inserts or, on conflict, touches the row: either way it is locked until commit.
    const [row] = (await manager.query(
      `INSERT INTO publication_entries (case_id, case_reference, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (case_id) DO UPDATE SET case_id = EXCLUDED.case_id
       RETURNING *`,
      [caseId, reference, now],
    )) as EntryRow[];
    return toEntry(row as EntryRow);
  }

  /** The open draft if there is one, else the latest published version (what a new draft starts from). */
  async draftOrLatestPublished(entryId: string, manager: EntityManager): Promise<VersionRecord | null> {
    const [row] = (await manager.query(
      `SELECT * FROM publication_versions WHERE entry_id = $1 AND status IN ('draft', 'published') ORDER BY (status = 'draft') DESC, number DESC LIMIT 1`,
      [entryId],
    )) as VersionRow[];
    return row ? toVersion(row) : null;
  }

  async draftOf(entryId: string, manager: EntityManager = this.dataSource.manager): Promise<VersionRecord | null> {
    const [row] = (await manager.query(`SELECT * FROM publication_versions WHERE entry_id = $1 AND status = 'draft'`, [entryId])) as VersionRow[];
    return row ? toVersion(row) : null;
  }

  async latestPublished(entryId: string, manager: EntityManager = this.dataSource.manager): Promise<VersionRecord | null> {
    const [row] = (await manager.query(`SELECT * FROM publication_versions WHERE entry_id = $1 AND status = 'published' ORDER BY number DESC LIMIT 1`, [entryId])) as VersionRow[];
    return row ? toVersion(row) : null;
  }

  /** Every version of an entry, newest first. */
  async versions(entryId: string): Promise<VersionRecord[]> {
    const rows = (await this.dataSource.query(`SELECT * FROM publication_versions WHERE entry_id = $1 ORDER BY number DESC`, [entryId])) as VersionRow[];
    return rows.map(toVersion);
  }

  async version(entryId: string, number: number): Promise<VersionRecord | null> {
    const [row] = (await this.dataSource.query(`SELECT * FROM publication_versions WHERE entry_id = $1 AND number = $2`, [entryId, number])) as VersionRow[];
    return row ? toVersion(row) : null;
  }

  async insertDraft(
    manager: EntityManager,
    input: { entryId: string; content: DraftContent; now: Date; editor: AuditActor | null; proposedByEvent: string | null },
  ): Promise<VersionRecord> {
    const [row] = (await manager.query(
      `INSERT INTO publication_versions (entry_id, number, status, revision, content, proposed_by_event, created_at, created_by, updated_at, edited_by, edited_by_labels)
       VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM publication_versions WHERE entry_id = $1), 'draft', 1, $2, $3, $4, $5, $4, $6, $7)
       RETURNING *`,
      [
        input.entryId,
        JSON.stringify(input.content),
        input.proposedByEvent,
        input.now,
        input.editor?.id ?? null,
        input.editor?.id ? [input.editor.id] : [],
        input.editor ? [input.editor.label] : [],
      ],
    )) as VersionRow[];
    return toVersion(row as VersionRow);
  }

  /** Replaces the draft's content when its revision is still `expectedRevision`; null otherwise. */
  async updateDraft(
    manager: EntityManager,
    input: { id: string; expectedRevision: number; content: DraftContent; now: Date; editor: AuditActor | null; proposedByEvent: string | null },
  ): Promise<VersionRecord | null> {
    const [rows] = (await manager.query(
      `UPDATE publication_versions
          SET content = $3, revision = revision + 1, updated_at = $4,
              edited_by = CASE WHEN $5::uuid IS NULL OR $5::uuid = ANY (edited_by) THEN edited_by ELSE edited_by || $5::uuid END,
              edited_by_labels = CASE WHEN $6::text IS NULL OR $6::text = ANY (edited_by_labels) THEN edited_by_labels ELSE edited_by_labels || $6::text END,
              proposed_by_event = coalesce($7, proposed_by_event)
        WHERE id = $1 AND status = 'draft' AND revision = $2
        RETURNING *`,
      [input.id, input.expectedRevision, JSON.stringify(input.content), input.now, input.editor?.id ?? null, input.editor?.id ? input.editor.label : null, input.proposedByEvent],
    )) as [VersionRow[], number];
    return rows[0] ? toVersion(rows[0]) : null;
  }

  /** Publishes the draft (from then on the database refuses to change it) and makes it the entry's public content. */
  async publish(
    manager: EntityManager,
    input: { entry: EntryRecord; draft: VersionRecord; publicContent: PublicEntry; sha256: string; approver: AuditActor; now: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE publication_versions SET status = 'published', public_content = $2, public_sha256 = $3, approved_by = $4, approved_by_label = $5, approved_at = $6
        WHERE id = $1 AND status = 'draft'`,
      [input.draft.id, JSON.stringify(input.publicContent), input.sha256, input.approver.id, input.approver.label, input.now],
    );
    const p = input.publicContent;
    await manager.query(
      `UPDATE publication_entries
          SET first_published_at = coalesce(first_published_at, $2), last_published_at = $2, published_version = $3, public_content = $4,
              public_status = $5, public_opened_on = $6, public_harms = $7, public_provisions = $8
        WHERE id = $1`,
      [input.entry.id, input.now, input.draft.number, JSON.stringify(p), p.status, p.openedOn, p.harmCategories, p.provisions],
    );
  }

  /** Published entries, newest opened first, a page at a time. */
  async listPublic(filter: PublicFilter, after: PublicKey | undefined, limit: number): Promise<PublicEntry[]> {
    const where = ['public_content IS NOT NULL'];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.status) where.push(`public_status = ${param(filter.status)}`);
    if (filter.open) where.push(`public_status <> 'closed'`);
    if (filter.harm) where.push(`public_harms @> ARRAY[${param(filter.harm)}]::text[]`);
    if (filter.provision) where.push(`EXISTS (SELECT 1 FROM unnest(public_provisions) p WHERE lower(p) = lower(${param(filter.provision)}))`);
    if (filter.year) where.push(`extract(year FROM public_opened_on) = ${param(filter.year)}`);
    if (after) where.push(`(public_opened_on, case_reference) < (${param(after.openedOn)}::date, ${param(after.reference)})`);
    const rows = (await this.dataSource.query(
      `SELECT public_content FROM publication_entries WHERE ${where.join(' AND ')} ORDER BY public_opened_on DESC, case_reference DESC LIMIT ${param(limit)}`,
      params,
    )) as { public_content: PublicEntry }[];
    return rows.map((r) => r.public_content);
  }

  async publicByReference(reference: string): Promise<PublicEntry | null> {
    const [row] = (await this.dataSource.query(`SELECT public_content FROM publication_entries WHERE case_reference = $1 AND public_content IS NOT NULL`, [reference])) as {
      public_content: PublicEntry;
    }[];
    return row?.public_content ?? null;
  }

  /** The provisions named by published entries, for the filter. */
  async publicProvisions(): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT p FROM publication_entries, unnest(public_provisions) p WHERE public_content IS NOT NULL ORDER BY p`,
    )) as { p: string }[];
    return rows.map((r) => r.p);
  }

  /** Entries with a draft first (oldest draft first), then the published ones, newest first. */
  async queue(limit: number): Promise<QueueRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT e.*, v.number AS d_number, v.revision AS d_revision, v.updated_at AS d_updated_at, v.proposed_by_event AS d_event,
              v.edited_by_labels AS d_editors, v.content->>'title' AS d_title
         FROM publication_entries e
         LEFT JOIN publication_versions v ON v.entry_id = e.id AND v.status = 'draft'
        ORDER BY (v.id IS NULL), v.updated_at, e.last_published_at DESC NULLS LAST, e.case_reference
        LIMIT $1`,
      [limit],
    )) as (EntryRow & { d_number: number | null; d_revision: number; d_updated_at: Date; d_event: string | null; d_editors: string[]; d_title: string })[];
    return rows.map((r) => ({
      entry: toEntry(r),
      draft:
        r.d_number === null
          ? null
          : { number: r.d_number, revision: r.d_revision, updatedAt: r.d_updated_at, proposedByEvent: r.d_event, editedByLabels: r.d_editors, title: r.d_title },
    }));
  }

  async countPublished(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM publication_entries WHERE last_published_at IS NOT NULL`)) as { n: number }[];
    return row?.n ?? 0;
  }
}
