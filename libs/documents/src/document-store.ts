import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditBatch, AuditLog, type AuditActor } from '@app/audit';
import { Clock, DomainError, notFound } from '@app/core';
import { DocumentRenderer } from './document-renderer.js';
import type { LetterTemplateData, LetterTemplateName } from './letter-templates.js';

/** A document as listed on a case: what it is, who issued it when, and the hash of its bytes. */
export interface IssuedDocumentSummary {
  id: string;
  caseId: string;
  template: LetterTemplateName;
  title: string;
  sha256: string;
  issuedBy: string | null;
  issuedByLabel: string;
  issuedAt: Date;
}

/** A document with exactly what was issued and the data it was rendered from. */
export interface IssuedDocument extends IssuedDocumentSummary {
  html: string;
  data: Record<string, unknown>;
}

/** The data of a template, where the issue date defaults to the day of issue (UTC). */
export type IssueData<T extends LetterTemplateName> = Omit<LetterTemplateData[T], 'issuedOn'> & { issuedOn?: string };

export interface IssueDocument<T extends LetterTemplateName = LetterTemplateName> {
  caseId: string;
  template: T;
  data: IssueData<T>;
  /** Who issues it (`actorOf(principal)` from @app/audit). */
  issuedBy: AuditActor;
}

interface DocumentRow {
  id: string;
  case_id: string;
  template: LetterTemplateName;
  title: string;
  sha256: string;
  issued_by: string | null;
  issued_by_label: string;
  issued_at: Date;
  html?: string;
  data?: Record<string, unknown>;
}

/** The calendar date in the UK at that instant, YYYY-MM-DD: the date a letter issued then carries. */
const UK_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
export const ukDate = (instant: Date): string => UK_DATE.format(instant);

const SUMMARY_COLUMNS = 'id, case_id, template, title, sha256, issued_by, issued_by_label, issued_at';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toSummary(row: DocumentRow): IssuedDocumentSummary {
  return {
    id: row.id,
    caseId: row.case_id,
    template: row.template,
    title: row.title,
    sha256: row.sha256.trim(),
    issuedBy: row.issued_by,
    issuedByLabel: row.issued_by_label,
    issuedAt: row.issued_at,
  };
}

/**
 * Issued letters and notices. Issuing renders the document, stores its HTML and hash immutably on
 * the case (the database refuses UPDATE and DELETE) and records the issue in the case's audit chain,
 * all in the caller's transaction.
 */
@Injectable()
export class DocumentStore {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DocumentRenderer) private readonly renderer: DocumentRenderer,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * With `options.audit` (inside the caller's transaction), the issue's audit event goes into the
   * caller's batch, which the caller appends before it commits.
   */
  async issue<T extends LetterTemplateName>(manager: EntityManager, input: IssueDocument<T>, options: { audit?: AuditBatch } = {}): Promise<IssuedDocument> {
    if (!manager.queryRunner?.isTransactionActive) {
      // A transaction of its own: its audit event is appended in it, never left in a batch.
      return this.dataSource.transaction((tx) => this.issue(tx, input));
    }
    if (typeof input.caseId !== 'string' || !UUID.test(input.caseId)) {
      throw new DomainError('VALIDATION_FAILED', 'The document must belong to a case: caseId is not a valid case id.', {
        errors: [{ field: 'caseId', message: 'must be a UUID' }],
      });
    }
    const issuedAt = this.clock.now();
    const data = { ...input.data, issuedOn: input.data.issuedOn ?? ukDate(issuedAt) } as LetterTemplateData[T];
    const rendered = this.renderer.render(input.template, data);
    const [row] = (await manager.query(
      `INSERT INTO case_documents (case_id, template, title, html, sha256, data, issued_by, issued_by_label, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING ${SUMMARY_COLUMNS}`,
      [input.caseId.toLowerCase(), input.template, rendered.title, rendered.html, rendered.sha256, JSON.stringify(data), input.issuedBy.id, input.issuedBy.label, issuedAt],
    )) as DocumentRow[];
    const summary = toSummary(row as DocumentRow);
    const entry = {
      chainId: `case:${summary.caseId}`,
      event: 'document_issued',
      actor: input.issuedBy,
      subjectType: 'case',
      subjectId: summary.caseId,
      data: { documentId: summary.id, template: summary.template, title: summary.title, sha256: summary.sha256 },
    };
    if (options.audit) options.audit.add(entry);
    else await this.audit.append(manager, entry);
    return { ...summary, html: rendered.html, data: data as unknown as Record<string, unknown> };
  }

  /** One issued document, exactly as issued. */
  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<IssuedDocument> {
    const document = await this.find(id, manager);
    if (!document) throw notFound('The document');
    return document;
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<IssuedDocument | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = (await manager.query(`SELECT ${SUMMARY_COLUMNS}, html, data FROM case_documents WHERE id = $1`, [id])) as DocumentRow[];
    return row ? { ...toSummary(row), html: row.html ?? '', data: row.data ?? {} } : undefined;
  }

  /** The documents issued on a case, oldest first. */
  async listForCase(caseId: string, manager: EntityManager = this.dataSource.manager): Promise<IssuedDocumentSummary[]> {
    if (!UUID.test(caseId)) return [];
    const rows = (await manager.query(`SELECT ${SUMMARY_COLUMNS} FROM case_documents WHERE case_id = $1 ORDER BY issued_at, id`, [caseId])) as DocumentRow[];
    return rows.map(toSummary);
  }
}
