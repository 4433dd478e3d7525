import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, actorOf, type AuditActor } from '@app/audit';
import { Clock, DomainError, RequestContext, type Principal } from '@app/core';
import { SecretBox } from '@app/privacy';
import { inspectUpload, type AttachmentType } from './inspection.js';
import type { UploadedFile } from './upload.js';

export interface AttachmentMeta {
  id: string;
  ownerType: string;
  ownerId: string;
  filename: string;
  contentType: AttachmentType;
  sizeBytes: number;
  sha256: string;
  uploadedAt: Date;
}

export interface StoreAttachment {
  /** What the file belongs to, e.g. `notice_response` and its id. */
  ownerType: string;
  ownerId: string;
  /** The organisation that sent it (null for the regulator's own files). */
  organisationId: string | null;
  file: UploadedFile;
  uploadedBy: AuditActor;
}

interface AttachmentRow {
  id: string;
  owner_type: string;
  owner_id: string;
  filename: string;
  content_type: AttachmentType;
  size_bytes: number;
  sha256: string;
  uploaded_at: Date;
  sealed?: string;
}

const META_COLUMNS = 'id, owner_type, owner_id, filename, content_type, size_bytes, sha256, uploaded_at';

const toMeta = (row: AttachmentRow): AttachmentMeta => ({
  id: row.id,
  ownerType: row.owner_type,
  ownerId: row.owner_id,
  filename: row.filename,
  contentType: row.content_type,
  sizeBytes: Number(row.size_bytes),
  sha256: row.sha256,
  uploadedAt: row.uploaded_at,
});

const notFound = (): DomainError => new DomainError('ATTACHMENT_NOT_FOUND', 'There is no such file here. Check the link, or go back to the submission it belongs to.');

/**
 * Files that arrive with submissions (answers to notices, representations, super-complaints). Each is
 * inspected (PDF, CSV or plain text; never images), encrypted at rest under the master key bound to its
 * id, stored with the SHA-256 of its bytes, and every read is logged. Whoever calls decides who may see
 * the owner; this context only answers for the file itself.
 */
@Injectable()
export class Attachments {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async store(manager: EntityManager, input: StoreAttachment): Promise<AttachmentMeta> {
    const file = inspectUpload(input.file);
    const now = this.clock.now();
    const [{ id }] = (await manager.query(`SELECT gen_random_uuid() AS id`)) as { id: string }[];
    const [row] = (await manager.query(
      `INSERT INTO attachments (id, owner_type, owner_id, organisation_id, filename, content_type, size_bytes, sha256, sealed, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${META_COLUMNS}`,
      [id, input.ownerType, input.ownerId, input.organisationId, file.filename, file.contentType, file.sizeBytes, file.sha256, this.box.seal(file.bytes, `attachment:${id}`), input.uploadedBy.id, now],
    )) as AttachmentRow[];
    const meta = toMeta(row as AttachmentRow);
    await this.audit.append(manager, {
      chainId: `attachment:${meta.id}`,
      event: 'attachment_stored',
      actor: input.uploadedBy,
      subjectType: 'attachment',
      subjectId: meta.id,
      occurredAt: now,
      data: { ownerType: meta.ownerType, ownerId: meta.ownerId, contentType: meta.contentType, sizeBytes: meta.sizeBytes, sha256: meta.sha256 },
    });
    return meta;
  }

  async storeAll(manager: EntityManager, files: readonly UploadedFile[], owner: Omit<StoreAttachment, 'file'>): Promise<AttachmentMeta[]> {
    const stored: AttachmentMeta[] = [];
    for (const file of files) stored.push(await this.store(manager, { ...owner, file }));
    return stored;
  }

  async list(ownerType: string, ownerId: string, manager: EntityManager = this.dataSource.manager): Promise<AttachmentMeta[]> {
    const rows = (await manager.query(`SELECT ${META_COLUMNS} FROM attachments WHERE owner_type = $1 AND owner_id = $2 ORDER BY uploaded_at, id`, [ownerType, ownerId])) as AttachmentRow[];
    return rows.map(toMeta);
  }

  /** The file's bytes, checked against their stored hash; the read is logged with who, when and the request. */
  async open(id: string, owner: { ownerType: string; ownerId: string }, reader: Principal): Promise<{ meta: AttachmentMeta; bytes: Buffer }> {
    const [row] = (await this.dataSource.query(`SELECT ${META_COLUMNS}, sealed FROM attachments WHERE id = $1 AND owner_type = $2 AND owner_id = $3`, [id, owner.ownerType, owner.ownerId])) as AttachmentRow[];
    if (!row || row.sealed === undefined) throw notFound();
    const bytes = this.box.openBuffer(row.sealed, `attachment:${id}`);
    const actor = actorOf(reader);
    await this.dataSource.query(`INSERT INTO attachment_reads (attachment_id, reader_id, reader_label, request_id, read_at) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      actor.id,
      actor.label,
      RequestContext.current()?.requestId ?? null,
      this.clock.now(),
    ]);
    return { meta: toMeta(row), bytes };
  }

  /** Who read a file and when, newest first. */
  async reads(id: string): Promise<{ readerLabel: string; readAt: Date; requestId: string | null }[]> {
    const rows = (await this.dataSource.query(`SELECT reader_label, read_at, request_id FROM attachment_reads WHERE attachment_id = $1 ORDER BY read_at DESC, id DESC`, [id])) as {
      reader_label: string;
      read_at: Date;
      request_id: string | null;
    }[];
    return rows.map((r) => ({ readerLabel: r.reader_label, readAt: r.read_at, requestId: r.request_id }));
  }
}

/** Headers for sending a file: downloaded, never rendered by the browser, named as it was uploaded. */
export function downloadHeaders(meta: AttachmentMeta): Record<string, string> {
  const ascii = meta.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    'content-type': meta.contentType === 'application/pdf' ? 'application/pdf' : `${meta.contentType}; charset=utf-8`,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(meta.filename)}`,
    'content-length': String(meta.sizeBytes),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'x-attachment-sha256': meta.sha256,
  };
}
