import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, actorOf, SYSTEM_ACTOR, type AuditActor } from '@app/audit';
import { Clock, DomainError, RequestContext, decodeCursor, encodeCursor, notFound, pageSize, type Page } from '@app/core';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { MasterKeyring, masterKeyCheckValue } from './master-keyring.js';
import { SecretBox } from './secret-box.js';

/** Whose personal data we hold. */
export const DATA_SUBJECT_KINDS = ['complainant', 'victim', 'whistleblower', 'contact'] as const;
export type DataSubjectKind = (typeof DATA_SUBJECT_KINDS)[number];

export type PersonalData = Record<string, unknown>;

export interface ReadOptions {
  /** Why the data is read, in words an auditor understands (e.g. "prepare the acknowledgement letter"). */
  purpose: string;
  /** The fields needed; only these are returned and logged. All fields when omitted. */
  fields?: string[];
}

export interface PersonalDataRead {
  id: string;
  subjectId: string;
  readerId: string | null;
  readerLabel: string;
  purpose: string;
  fields: string[];
  requestId: string | null;
  readAt: Date;
}

export interface ErasureResult {
  subjectId: string;
  erasedAt: Date;
  /** True when the subject had already been erased: nothing changed and no new audit event was written. */
  alreadyErased: boolean;
}

export interface RewrapResult {
  /** The master-key version every live data key is now wrapped under. */
  toVersion: number;
  /** Data keys re-wrapped by this run. */
  rewrapped: number;
  batches: number;
  /** Versions no live data key uses any more, now marked retired. */
  retiredVersions: number[];
}

interface SubjectKeyRow {
  id: string;
  wrapped_key: string | null;
  key_version: number;
  erased_at: Date | null;
}

interface ReadRow {
  id: string;
  subject_id: string;
  reader_id: string | null;
  reader_label: string;
  purpose: string;
  fields: string[];
  request_id: string | null;
  read_at: Date;
}

const PURPOSE_MAX_LENGTH = 500;
const OPEN_MANY_MAX = 1000;
const dataAad = (subjectId: string): string => `personal_data:${subjectId}`;

function toRead(row: ReadRow): PersonalDataRead {
  return {
    id: row.id,
    subjectId: row.subject_id,
    readerId: row.reader_id,
    readerLabel: row.reader_label,
    purpose: row.purpose,
    fields: row.fields,
    requestId: row.request_id,
    readAt: row.read_at,
  };
}

function requirePurpose(purpose: unknown): string {
  const trimmed = typeof purpose === 'string' ? purpose.trim() : '';
  if (trimmed === '') {
    throw new DomainError('READ_PURPOSE_REQUIRED', 'Say why the personal data is being read: every read is logged with its purpose.', {
      errors: [{ field: 'purpose', message: 'must not be blank' }],
    });
  }
  if (trimmed.length > PURPOSE_MAX_LENGTH) {
    throw new DomainError('VALIDATION_FAILED', `The purpose of a read must be at most ${PURPOSE_MAX_LENGTH} characters.`, {
      errors: [{ field: 'purpose', message: `must be at most ${PURPOSE_MAX_LENGTH} characters` }],
    });
  }
  return trimmed;
}

function erasedError(subjectId: string, erasedAt: Date): DomainError {
  return new DomainError(
    'SUBJECT_ERASED',
    `The personal data of data subject ${subjectId} was erased on ${erasedAt.toISOString().slice(0, 10)} and can no longer be read.`,
    { subjectId },
  );
}

/**
 * Envelope encryption of personal data. Each data subject has its own random data key, stored only
 * wrapped by the master key; values are sealed with AES-256-GCM under the data key, bound to the
 * subject. Erasing a subject destroys its wrapped key, so every copy of its ciphertexts (including
 * backups) becomes unreadable, even to someone holding the master key. Every read is logged with
 * who read it and why. Unwrapped keys are not cached: unwrapping is one AES-GCM call, and the row
 * must be read anyway to refuse erased subjects.
 */
@Injectable()
export class PersonalDataVault {
  private keyringLoad?: Promise<MasterKeyring>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  /** Creates a data subject with a fresh data key, in the caller's transaction. Returns its id. */
  async createSubject(manager: EntityManager, kind: DataSubjectKind): Promise<string> {
    if (!(DATA_SUBJECT_KINDS as readonly string[]).includes(kind)) {
      throw new DomainError('VALIDATION_FAILED', `A data subject is one of: ${DATA_SUBJECT_KINDS.join(', ')}.`, {
        errors: [{ field: 'kind', message: `must be one of ${DATA_SUBJECT_KINDS.join(', ')}` }],
      });
    }
    const keyring = await this.keyring();
    const id = randomUUID();
    const dataKey = randomBytes(32);
    try {
      const { wrappedKey, keyVersion } = keyring.wrap(id, dataKey);
      await manager.query(`INSERT INTO data_subjects (id, kind, wrapped_key, key_version, created_at) VALUES ($1, $2, $3, $4, $5)`, [
        id,
        kind,
        wrappedKey,
        keyVersion,
        this.clock.now(),
      ]);
    } finally {
      dataKey.fill(0);
    }
    return id;
  }

  /**
   * Creates one data subject per value, each with its own fresh data key, and seals the value under
   * it: what createSubject then seal do, in one statement for the whole list (the new data key is
   * still in hand, so it is neither re-read nor cached). Returns the subjects and sealed values in order.
   */
  async createSealedSubjects(manager: EntityManager, entries: { kind: DataSubjectKind; value: PersonalData }[]): Promise<{ subjectId: string; sealed: string }[]> {
    if (entries.length === 0) return [];
    for (const { kind, value } of entries) {
      if (!(DATA_SUBJECT_KINDS as readonly string[]).includes(kind)) {
        throw new DomainError('VALIDATION_FAILED', `A data subject is one of: ${DATA_SUBJECT_KINDS.join(', ')}.`, {
          errors: [{ field: 'kind', message: `must be one of ${DATA_SUBJECT_KINDS.join(', ')}` }],
        });
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('Personal data is sealed as an object of named fields');
    }
    const keyring = await this.keyring();
    const ids: string[] = [];
    const wrapped: string[] = [];
    const out: { subjectId: string; sealed: string }[] = [];
    for (const { value } of entries) {
      const id = randomUUID();
      const dataKey = randomBytes(32);
      try {
        wrapped.push(keyring.wrap(id, dataKey).wrappedKey);
        out.push({ subjectId: id, sealed: new SecretBox(dataKey).seal(JSON.stringify(value), dataAad(id)) });
      } finally {
        dataKey.fill(0);
      }
      ids.push(id);
    }
    await manager.query(
      `INSERT INTO data_subjects (id, kind, wrapped_key, key_version, created_at) SELECT id, kind, wrapped_key, $4, $5 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS s(id, kind, wrapped_key)`,
      [ids, entries.map((e) => e.kind), wrapped, keyring.currentVersion, this.clock.now()],
    );
    return out;
  }

  /** Encrypts a subject's personal data under its data key. Sealing for an erased subject is refused. */
  async seal(manager: EntityManager, subjectId: string, value: PersonalData): Promise<string> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('Personal data is sealed as an object of named fields');
    const [row] = (await manager.query(`SELECT id, wrapped_key, key_version, erased_at FROM data_subjects WHERE id = $1`, [subjectId])) as SubjectKeyRow[];
    const dataKey = await this.dataKeyOf(subjectId, row);
    try {
      return new SecretBox(dataKey).seal(JSON.stringify(value), dataAad(subjectId));
    } finally {
      dataKey.fill(0);
    }
  }

  /**
   * Decrypts a subject's personal data and logs the read (who, why, which fields, which request)
   * before returning it. An erased subject answers SUBJECT_ERASED.
   */
  async open(subjectId: string, sealed: string, options: ReadOptions): Promise<PersonalData> {
    const [value] = await this.openMany([{ subjectId, sealed }], options);
    return value as PersonalData;
  }

  /**
   * Decrypts personal data for a list, logging one read per subject. Items of erased subjects come
   * back as null (a list should show them as erased rather than fail); a list for one erased subject
   * throws SUBJECT_ERASED like `open`.
   */
  async openMany(items: { subjectId: string; sealed: string }[], options: ReadOptions): Promise<(PersonalData | null)[]> {
    const purpose = requirePurpose(options.purpose);
    const wanted = options.fields === undefined ? undefined : this.requireFields(options.fields);
    if (items.length === 0) return [];
    if (items.length > OPEN_MANY_MAX) throw new RangeError(`openMany reads at most ${OPEN_MANY_MAX} items at a time`);

    const keyring = await this.keyring();
    const ids = [...new Set(items.map((i) => i.subjectId))];
    const rows = (await this.dataSource.query(`SELECT id, wrapped_key, key_version, erased_at FROM data_subjects WHERE id = ANY($1::uuid[])`, [
      ids,
    ])) as SubjectKeyRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const lone = ids.length === 1 ? byId.get(ids[0] as string) : undefined;
    if (lone?.erased_at) throw erasedError(lone.id, lone.erased_at);

    const keys = new Map<string, Buffer>();
    const fieldsRead = new Map<string, Set<string>>();
    try {
      const values = items.map(({ subjectId, sealed }) => {
        const row = byId.get(subjectId);
        if (row?.erased_at) return null;
        let dataKey = keys.get(subjectId);
        if (!dataKey) {
          dataKey = this.unwrapLive(keyring, subjectId, row);
          keys.set(subjectId, dataKey);
        }
        const all = this.decrypt(subjectId, dataKey, sealed);
        const value = wanted ? Object.fromEntries(wanted.filter((f) => Object.hasOwn(all, f)).map((f) => [f, all[f]])) : all;
        const seen = fieldsRead.get(subjectId) ?? new Set<string>();
        for (const field of wanted ?? Object.keys(all)) seen.add(field);
        fieldsRead.set(subjectId, seen);
        return value;
      });
      await this.logReads(purpose, fieldsRead);
      return values;
    } finally {
      for (const key of keys.values()) key.fill(0);
    }
  }

  /**
   * Crypto-shredding: destroys the subject's wrapped data key, records when and why, and writes an
   * audit event, all in the caller's transaction. Erasing an erased subject changes nothing.
   */
  async eraseSubject(manager: EntityManager, subjectId: string, reason: string, actor: AuditActor): Promise<ErasureResult> {
    if (!manager.queryRunner?.isTransactionActive) {
      return this.dataSource.transaction((tx) => this.eraseSubject(tx, subjectId, reason, actor));
    }
    const why = typeof reason === 'string' ? reason.trim() : '';
    if (why === '') {
      throw new DomainError('VALIDATION_FAILED', 'Give the reason for erasing this personal data: it is kept in the audit trail.', {
        errors: [{ field: 'reason', message: 'must not be blank' }],
      });
    }
    const [row] = (await manager.query(`SELECT id, kind, erased_at FROM data_subjects WHERE id = $1 FOR UPDATE`, [subjectId])) as {
      id: string;
      kind: string;
      erased_at: Date | null;
    }[];
    if (!row) throw notFound('The data subject');
    if (row.erased_at) return { subjectId, erasedAt: row.erased_at, alreadyErased: true };
    const erasedAt = this.clock.now();
    await manager.query(`UPDATE data_subjects SET wrapped_key = NULL, erased_at = $2, erased_reason = $3 WHERE id = $1`, [subjectId, erasedAt, why]);
    await this.audit.append(manager, {
      chainId: `data_subject:${subjectId}`,
      event: 'data_subject_erased',
      actor,
      subjectType: 'data_subject',
      subjectId,
      reason: why,
      occurredAt: erasedAt,
      data: { kind: row.kind, method: 'crypto_shredding' },
    });
    return { subjectId, erasedAt, alreadyErased: false };
  }

  /**
   * Master-key rotation: registers `newMasterKey` as the next version, wraps new data keys under it at
   * once, and re-wraps every live data key in batches (one transaction each), so it runs in constant
   * memory and can be re-run with the same key to resume. Ciphertexts are untouched: data keys do not
   * change. Versions left with no live key are retired. Restart other processes with the new key.
   */
  async rewrapAll(newMasterKey: Buffer, options: { batchSize?: number } = {}): Promise<RewrapResult> {
    if (newMasterKey.length !== 32) throw new Error('The new master key must be 32 bytes');
    const batchSize = options.batchSize ?? 500;
    const keyring = await this.keyring();
    const toVersion = await this.registerMasterKey(newMasterKey);
    keyring.promote(toVersion, newMasterKey);

    let rewrapped = 0;
    let batches = 0;
    let afterId = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const done = await this.dataSource.transaction(async (tx) => {
        const rows = (await tx.query(
          `SELECT id, wrapped_key, key_version FROM data_subjects
            WHERE wrapped_key IS NOT NULL AND key_version <> $1 AND id > $2
            ORDER BY id LIMIT $3 FOR UPDATE`,
          [toVersion, afterId, batchSize],
        )) as { id: string; wrapped_key: string; key_version: number }[];
        if (rows.length === 0) return true;
        const updates = rows.map((row) => {
          const dataKey = keyring.unwrap(row.id, row.wrapped_key, row.key_version);
          try {
            return { id: row.id, wrappedKey: keyring.wrap(row.id, dataKey).wrappedKey };
          } finally {
            dataKey.fill(0);
          }
        });
        await tx.query(
          `UPDATE data_subjects AS s SET wrapped_key = u.wrapped_key, key_version = $3
             FROM unnest($1::uuid[], $2::text[]) AS u(id, wrapped_key) WHERE s.id = u.id`,
          [updates.map((u) => u.id), updates.map((u) => u.wrappedKey), toVersion],
        );
        rewrapped += rows.length;
        batches += 1;
        afterId = (rows[rows.length - 1] as { id: string }).id;
        return rows.length < batchSize;
      });
      if (done) break;
    }

    const retired = (await this.dataSource.query(
      `UPDATE privacy_master_keys k SET retired_at = $2
        WHERE k.version <> $1 AND k.retired_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM data_subjects s WHERE s.key_version = k.version AND s.wrapped_key IS NOT NULL)
        RETURNING k.version`,
      [toVersion, this.clock.now()],
    )) as [{ version: number }[], number];
    const retiredVersions = retired[0].map((r) => r.version).sort((a, b) => a - b);
    for (const version of retiredVersions) keyring.retire(version);
    return { toVersion, rewrapped, batches, retiredVersions };
  }

  /** The read log of one subject, newest first. */
  readsFor(subjectId: string, page: { limit?: number; cursor?: string } = {}): Promise<Page<PersonalDataRead>> {
    return this.reads({ ...page, subjectId });
  }

  /** The read log, newest first, optionally for one subject. */
  async reads(query: { subjectId?: string; limit?: number; cursor?: string } = {}): Promise<Page<PersonalDataRead>> {
    const limit = pageSize(query.limit);
    const after = decodeCursor<{ at: string; id: string }>(query.cursor);
    if (after && (typeof after.at !== 'string' || Number.isNaN(Date.parse(after.at)) || typeof after.id !== 'string')) {
      throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this service issued. Start again without a cursor.', {
        errors: [{ field: 'cursor', message: 'unrecognised cursor' }],
      });
    }
    const params: unknown[] = [limit + 1];
    const where: string[] = [];
    if (query.subjectId) {
      params.push(query.subjectId);
      where.push(`subject_id = $${params.length}`);
    }
    if (after) {
      params.push(after.at, after.id);
      where.push(`(read_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows = (await this.dataSource.query(
      `SELECT id, subject_id, reader_id, reader_label, purpose, fields, request_id, read_at FROM personal_data_reads
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY read_at DESC, id DESC LIMIT $1`,
      params,
    )) as ReadRow[];
    const items = rows.slice(0, limit).map(toRead);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.readAt.toISOString(), id: last.id }) : null };
  }

  private requireFields(fields: unknown): string[] {
    if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string' && f.trim() !== '')) {
      throw new DomainError('VALIDATION_FAILED', 'Name the personal-data fields to read, or leave the list out to read them all.', {
        errors: [{ field: 'fields', message: 'must be a non-empty list of field names' }],
      });
    }
    return [...new Set(fields as string[])];
  }

  private async dataKeyOf(subjectId: string, row: SubjectKeyRow | undefined): Promise<Buffer> {
    if (row?.erased_at) throw erasedError(subjectId, row.erased_at);
    return this.unwrapLive(await this.keyring(), subjectId, row);
  }

  /** Unwraps the data key of a subject known not to be erased. */
  private unwrapLive(keyring: MasterKeyring, subjectId: string, row: SubjectKeyRow | undefined): Buffer {
    if (!row) throw notFound('The data subject');
    return keyring.unwrap(subjectId, row.wrapped_key as string, row.key_version);
  }

  private decrypt(subjectId: string, dataKey: Buffer, sealed: string): PersonalData {
    let plaintext: string;
    try {
      plaintext = new SecretBox(dataKey).open(sealed, dataAad(subjectId));
    } catch {
      // Never echo the sealed value or anything decrypted.
      throw new Error(`A sealed value does not belong to data subject ${subjectId} or was altered`);
    }
    return JSON.parse(plaintext) as PersonalData;
  }

  private async logReads(purpose: string, fieldsRead: Map<string, Set<string>>): Promise<void> {
    if (fieldsRead.size === 0) return;
    const principal = RequestContext.current()?.principal;
    const reader = principal ? actorOf(principal) : SYSTEM_ACTOR;
    const subjects = [...fieldsRead.keys()];
    // Field lists differ per subject, so they travel as JSON arrays and become text[] in SQL.
    await this.dataSource.query(
      `INSERT INTO personal_data_reads (subject_id, reader_id, reader_label, purpose, fields, request_id, read_at)
       SELECT r.subject_id, $3, $4, $5, ARRAY(SELECT jsonb_array_elements_text(r.fields)), $6, $7
         FROM unnest($1::uuid[], $2::jsonb[]) AS r(subject_id, fields)`,
      [
        subjects,
        subjects.map((s) => JSON.stringify([...(fieldsRead.get(s) as Set<string>)])),
        reader.id,
        reader.label,
        purpose,
        RequestContext.requestId() ?? null,
        this.clock.now(),
      ],
    );
  }

  /** Loads (once) which version the configured master key is, registering it as version 1 on a new database. */
  private keyring(): Promise<MasterKeyring> {
    this.keyringLoad ??= this.loadKeyring().catch((error: unknown) => {
      this.keyringLoad = undefined;
      throw error;
    });
    return this.keyringLoad;
  }

  private async loadKeyring(): Promise<MasterKeyring> {
    const masterKey = this.config.masterKey;
    const check = masterKeyCheckValue(masterKey);
    await this.dataSource.query(
      `INSERT INTO privacy_master_keys (version, check_value, created_at)
       SELECT 1, $1, $2 WHERE NOT EXISTS (SELECT 1 FROM privacy_master_keys) ON CONFLICT DO NOTHING`,
      [check, this.clock.now()],
    );
    const [row] = (await this.dataSource.query(`SELECT version, retired_at FROM privacy_master_keys WHERE check_value = $1`, [check])) as {
      version: number;
      retired_at: Date | null;
    }[];
    if (!row) {
      throw new Error('MASTER_KEY is not a master key this database knows: personal data cannot be read or written. Set MASTER_KEY to the current master key.');
    }
    if (row.retired_at) {
      throw new Error(`MASTER_KEY is master key version ${row.version}, retired by a rotation: set MASTER_KEY to the current master key.`);
    }
    return new MasterKeyring(row.version, masterKey);
  }

  /** The version of `key`, registering it as the next version if it is new. */
  private async registerMasterKey(key: Buffer): Promise<number> {
    const check = masterKeyCheckValue(key);
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`LOCK TABLE privacy_master_keys IN SHARE ROW EXCLUSIVE MODE`);
      const [known] = (await tx.query(`SELECT version, retired_at FROM privacy_master_keys WHERE check_value = $1`, [check])) as {
        version: number;
        retired_at: Date | null;
      }[];
      if (known?.retired_at) throw new Error(`That master key is version ${known.version}, already retired: choose a new key.`);
      if (known) return known.version;
      const [next] = (await tx.query(
        `INSERT INTO privacy_master_keys (version, check_value, created_at)
         SELECT COALESCE(MAX(version), 0) + 1, $1, $2 FROM privacy_master_keys RETURNING version`,
        [check, this.clock.now()],
      )) as { version: number }[];
      return (next as { version: number }).version;
    });
  }
}
