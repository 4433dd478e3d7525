import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, type AuditActor } from '@app/audit';
import { Clock, DomainError, type FieldError } from '@app/core';
import { PersonalDataVault } from '@app/privacy';
import { ServiceRegistry } from '@app/registry';
import type { TriageInputs, TriageResult } from '@app/triage';
import { evidenceKinds } from '../domain/evidence.js';
import { parseIntakeInput, type IntakeCommand } from '../domain/intake-input.js';
import { chooseMatter, type CandidateCase, type CandidateMatter } from '../domain/matching.js';
import { csvRowToInput, RecordSplitter } from '../domain/records.js';
import { newIntakeReference } from '../domain/reference.js';
import type { MatterAggregate, MatterRow } from '../infrastructure/intake.repository.js';
import { CASES_PORT, type CasesPort } from '../ports.js';
import { MatterScoring, withItem } from './matter-scoring.js';
import { sealPersonalDataOfMany, type SealedPersonalData } from './personal-data.js';

export interface ImportProgress {
  importId: string;
  bytesDone: number;
  bytesTotal: number;
  rows: number;
  accepted: number;
  rejected: number;
}

export interface ImportReject {
  row: number;
  errors: FieldError[];
}

export interface ImportOptions {
  file: string;
  format?: 'csv' | 'ndjson';
  /** Rows per transaction. */
  batchSize?: number;
  /** Start again from the beginning instead of resuming an unfinished import of the same file. */
  restart?: boolean;
  actor: AuditActor;
  onProgress?: (progress: ImportProgress) => void;
  onReject?: (reject: ImportReject) => void;
}

export interface ImportResult extends ImportProgress {
  resumedFromRow: number | null;
  status: 'completed';
  seconds: number;
}

interface GoodRow {
  row: number;
  command: IntakeCommand;
}

interface LiveMatter {
  row: Pick<MatterRow, 'id' | 'reference' | 'status' | 'harm_categories' | 'case_id' | 'case_reference' | 'assessment' | 'triage_score' | 'triage_model_version'>;
  aggregate: MatterAggregate;
  hashes: Set<string>;
  isNew: boolean;
  touched: boolean;
}

const BYTES_FOR_FINGERPRINT = 1 << 20;

/** Identifies a file by its size and the hash of its first megabyte: the same file resumes, a changed one starts afresh. */
async function fingerprint(path: string, size: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(size, BYTES_FOR_FINGERPRINT));
    await handle.read(buffer, 0, buffer.length, 0);
    return createHash('sha256').update(String(size)).update('\n').update(buffer).digest('hex');
  } finally {
    await handle.close();
  }
}

/**
 * Imports intake in bulk from CSV or NDJSON: streamed (memory stays flat whatever the file size),
 * every row validated as the API would, bad rows reported by number without stopping the good ones,
 * each batch committed with the import's progress so that an interrupted import resumes after the
 * last committed row. Rows join matters exactly as single items do.
 */
@Injectable()
export class BulkImport {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(MatterScoring) private readonly scoring: MatterScoring,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
    @Optional() @Inject(CASES_PORT) private readonly cases?: CasesPort,
  ) {}

  async run(options: ImportOptions): Promise<ImportResult> {
    const started = Date.now();
    const info = await stat(options.file).catch(() => undefined);
    if (!info?.isFile()) throw new DomainError('VALIDATION_FAILED', `${options.file} is not a file that can be read.`, { errors: [{ field: 'file', message: 'not found' }] });
    const format = options.format ?? (/\.csv$/i.test(options.file) ? 'csv' : /\.(nd)?jsonl?$/i.test(options.file) ? 'ndjson' : undefined);
    if (!format) throw new DomainError('VALIDATION_FAILED', 'Name the format (csv or ndjson): it cannot be told from the file name.', { errors: [{ field: 'format', message: 'unknown' }] });
    const batchSize = options.batchSize ?? 5000;
    const print = await fingerprint(options.file, info.size);

    const state = await this.startOrResume(options, format, info.size, print);
    const progress: ImportProgress = { importId: state.id, bytesDone: state.bytesDone, bytesTotal: info.size, rows: state.rowsDone, accepted: state.accepted, rejected: state.rejected };
    const today = this.clock.now().toISOString().slice(0, 10);
    let header: string[] | undefined = state.header;
    let rowNumber = state.rowsDone + (format === 'csv' ? 1 : 0);
    const splitter = new RecordSplitter(format === 'csv' ? 'csv' : 'lines', state.bytesDone);
    let good: GoodRow[] = [];
    let rejects: ImportReject[] = [];
    let lastOffset = state.bytesDone;
    let pendingRows = 0;

    // One batch commits while the next is read and validated; batches commit one at a time, in file order.
    let committing: Promise<void> = Promise.resolve();
    const flush = async (): Promise<void> => {
      if (pendingRows === 0 && rejects.length === 0) return;
      const batch = { good, rejects, advance: { bytesDone: lastOffset, rows: pendingRows } };
      good = [];
      rejects = [];
      pendingRows = 0;
      await committing;
      committing = this.commitBatch(state.id, batch.good, batch.rejects, batch.advance, options.actor).then(() => {
        progress.bytesDone = batch.advance.bytesDone;
        progress.rows += batch.advance.rows;
        progress.accepted += batch.good.length;
        progress.rejected += batch.rejects.length;
        for (const reject of batch.rejects) options.onReject?.(reject);
        options.onProgress?.({ ...progress });
      });
      // Its failure is raised where it is awaited (the next flush or the end), not as an unhandled rejection.
      committing.catch(() => undefined);
    };

    const take = async (records: ReturnType<RecordSplitter['push']>): Promise<void> => {
      for (const record of records) {
        lastOffset = record.endOffset;
        if (format === 'csv' && header === undefined) {
          header = record.fields.map((f) => f.trim());
          await this.saveHeader(state.id, header, record.endOffset);
          continue;
        }
        rowNumber += 1;
        pendingRows += 1;
        const line = record.fields[0] ?? '';
        if (format === 'ndjson' && line.trim() === '') {
          // Blank lines count as rows (so numbers match the editor) but are neither accepted nor rejected.
        } else {
          try {
            if (record.error) throw new DomainError('VALIDATION_FAILED', record.error, { errors: [{ field: 'row', message: record.error }] });
            let raw: unknown;
            if (format === 'csv') {
              try {
                raw = csvRowToInput(header as string[], record.fields);
              } catch (error) {
                throw new DomainError('VALIDATION_FAILED', (error as Error).message, { errors: [{ field: 'row', message: (error as Error).message }] });
              }
            } else {
              try {
                raw = JSON.parse(line);
              } catch {
                throw new DomainError('VALIDATION_FAILED', 'the line is not valid JSON', { errors: [{ field: 'row', message: 'the line is not valid JSON' }] });
              }
            }
            good.push({ row: rowNumber, command: parseIntakeInput(raw, { today }) });
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            rejects.push({ row: rowNumber, errors: error.extras.errors ?? [{ field: 'row', message: error.detail }] });
          }
        }
        if (pendingRows >= batchSize) await flush();
      }
    };

    const stream = createReadStream(options.file, { start: state.bytesDone, highWaterMark: 1 << 20 });
    for await (const chunk of stream) await take(splitter.push(chunk as Buffer));
    await take(splitter.end());
    await flush();
    await committing;
    await this.finish(state.id, progress, options.actor);
    return { ...progress, resumedFromRow: state.rowsDone > 0 ? state.rowsDone : null, status: 'completed', seconds: (Date.now() - started) / 1000 };
  }

  private async startOrResume(
    options: ImportOptions,
    format: 'csv' | 'ndjson',
    size: number,
    print: string,
  ): Promise<{ id: string; bytesDone: number; rowsDone: number; accepted: number; rejected: number; header?: string[] }> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const [running] = (await tx.query(`SELECT * FROM intake_imports WHERE fingerprint = $1 AND status = 'running' ORDER BY started_at DESC LIMIT 1 FOR UPDATE`, [print])) as {
        id: string;
        bytes_done: string;
        rows_done: string;
        accepted: string;
        rejected: string;
        header: string[] | null;
      }[];
      if (running && !options.restart) {
        return {
          id: running.id,
          bytesDone: Number(running.bytes_done),
          rowsDone: Number(running.rows_done),
          accepted: Number(running.accepted),
          rejected: Number(running.rejected),
          header: running.header ?? undefined,
        };
      }
      if (running) await tx.query(`UPDATE intake_imports SET status = 'failed', updated_at = $2 WHERE id = $1`, [running.id, now]);
      const id = randomUUID();
      await tx.query(
        `INSERT INTO intake_imports (id, file_name, file_size, fingerprint, format, status, started_by, started_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'running', $6, $7, $7)`,
        [id, basename(options.file), size, print, format, options.actor.label, now],
      );
      await this.audit.append(tx, {
        chainId: `intake_import:${id}`,
        event: 'intake_import_started',
        actor: options.actor,
        subjectType: 'intake_import',
        subjectId: id,
        data: { file: basename(options.file), size, format, fingerprint: print },
      });
      return { id, bytesDone: 0, rowsDone: 0, accepted: 0, rejected: 0 };
    });
  }

  private async saveHeader(importId: string, header: string[], offset: number): Promise<void> {
    await this.dataSource.query(`UPDATE intake_imports SET header = $2, bytes_done = $3, updated_at = $4 WHERE id = $1`, [importId, header, offset, this.clock.now()]);
  }

  private async finish(importId: string, progress: ImportProgress, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const now = this.clock.now();
      await tx.query(`UPDATE intake_imports SET status = 'completed', finished_at = $2, updated_at = $2 WHERE id = $1`, [importId, now]);
      await this.audit.append(tx, {
        chainId: `intake_import:${importId}`,
        event: 'intake_import_completed',
        actor,
        subjectType: 'intake_import',
        subjectId: importId,
        data: { rows: progress.rows, accepted: progress.accepted, rejected: progress.rejected },
      });
    });
  }

  /** One batch in one transaction: items, matters, hashes, scores, rejects and the import's progress. */
  private async commitBatch(importId: string, good: GoodRow[], rejects: ImportReject[], advance: { bytesDone: number; rows: number }, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const at = this.clock.now();
      const touchedMatters = good.length > 0 ? await this.placeRows(tx, importId, good, actor, at) : 0;
      if (rejects.length > 0) {
        await tx.query(
          `INSERT INTO intake_import_rejects (import_id, row_number, errors) SELECT $1, r, e::jsonb FROM unnest($2::bigint[], $3::text[]) AS x(r, e)
           ON CONFLICT DO NOTHING`,
          [importId, rejects.map((r) => r.row), rejects.map((r) => JSON.stringify(r.errors))],
        );
      }
      await tx.query(
        `UPDATE intake_imports SET bytes_done = $2, rows_done = rows_done + $3, accepted = accepted + $4, rejected = rejected + $5, updated_at = $6 WHERE id = $1`,
        [importId, advance.bytesDone, advance.rows, good.length, rejects.length, at],
      );
      await this.audit.append(tx, {
        chainId: `intake_import:${importId}`,
        event: 'intake_import_batch',
        actor,
        subjectType: 'intake_import',
        subjectId: importId,
        data: { rows: advance.rows, accepted: good.length, rejected: rejects.length, mattersTouched: touchedMatters, firstRow: good[0]?.row ?? rejects[0]?.row ?? null },
      });
    });
  }

  private async placeRows(tx: EntityManager, importId: string, good: GoodRow[], actor: AuditActor, at: Date): Promise<number> {
    const resolved = await this.registry.resolveDomains(
      tx,
      good.map((g) => g.command.service.domain),
      actor,
    );
    const serviceIds = [...new Set([...resolved.values()].map((r) => r.serviceId))].sort();
    await tx.query(`SELECT pg_advisory_xact_lock(7341008, hashtext(s)) FROM unnest($1::text[]) AS s ORDER BY s`, [serviceIds]);
    const liveRows = (await tx.query(
      `SELECT id, reference, status, service_id, harm_categories, sources, item_count, children_likely, reported_via_linked, evidence_kinds,
              first_received_at, last_received_at, case_id, case_reference, assessment, triage_score, triage_model_version
         FROM matters WHERE service_id = ANY($1::uuid[]) AND status IN ('open', 'case_opened') ORDER BY service_id, last_received_at DESC FOR UPDATE`,
      [serviceIds],
    )) as (MatterRow & MatterAggregate)[];
    const batchHashes = good.flatMap((g) => g.command.evidence.filter((e) => e.hash).map((e) => `${e.hashAlgorithm}:${e.hash}`));
    const knownHashes =
      batchHashes.length === 0 || liveRows.length === 0
        ? []
        : ((await tx.query(
            `SELECT matter_id, algorithm || ':' || hash AS h FROM intake_content_hashes
              WHERE matter_id = ANY($1::uuid[]) AND algorithm || ':' || hash = ANY($2::text[])`,
            [liveRows.map((r) => r.id), [...new Set(batchHashes)]],
          )) as { matter_id: string; h: string }[]);
    const knownHashesOf = new Map<string, string[]>();
    for (const k of knownHashes) knownHashesOf.set(k.matter_id, [...(knownHashesOf.get(k.matter_id) ?? []), k.h]);
    const byService = new Map<string, LiveMatter[]>();
    for (const r of liveRows) {
      const live: LiveMatter = {
        row: r,
        aggregate: {
          harm_categories: r.harm_categories,
          sources: r.sources,
          item_count: r.item_count,
          children_likely: r.children_likely,
          reported_via_linked: r.reported_via_linked,
          evidence_kinds: r.evidence_kinds,
          first_received_at: r.first_received_at,
          last_received_at: r.last_received_at,
        },
        hashes: new Set(knownHashesOf.get(r.id) ?? []),
        isNew: false,
        touched: false,
      };
      const list = byService.get(r.service_id) ?? [];
      list.push(live);
      byService.set(r.service_id, list);
    }
    // The open cases of services whose reports may start a new matter, read once for the batch.
    let casesOf: Map<string, CandidateCase[]> | undefined;

    // Every data subject of the batch in one statement.
    const sealed = await sealPersonalDataOfMany(this.vault, tx, good.map((g) => g.command));
    const items: unknown[][] = [];
    const hashRows: [string, string, string, string][] = [];
    for (const [k, { row, command }] of good.entries()) {
      const service = resolved.get(command.service.domain) as { serviceId: string; relation: string; domain: string; matchedDomain: string };
      const list = byService.get(service.serviceId) ?? [];
      byService.set(service.serviceId, list);
      const hashes = command.evidence.filter((e) => e.hash).map((e) => `${e.hashAlgorithm}:${e.hash}`);
      const via = service.relation === 'primary' ? undefined : { domain: command.service.domain, relation: service.relation, matchedDomain: service.matchedDomain };
      const candidates: CandidateMatter[] = list.map((m) => ({
        id: m.row.id,
        reference: m.row.reference,
        status: m.row.status as CandidateMatter['status'],
        harmCategories: m.aggregate.harm_categories,
        caseId: m.row.case_id,
        sharesContentHash: hashes.some((h) => m.hashes.has(h)),
        lastReceivedAt: m.aggregate.last_received_at,
      }));
      let decision = chooseMatter({ harmCategories: command.harmCategories, via }, candidates);
      if (!decision.matterId && this.cases) {
        casesOf ??= await this.cases.openCasesForServices(serviceIds);
        decision = chooseMatter({ harmCategories: command.harmCategories, via }, [], casesOf.get(service.serviceId) ?? []);
      }
      let matter = decision.matterId ? list.find((m) => m.row.id === decision.matterId) : undefined;
      if (!matter) {
        const caseRef = decision.attachToCase;
        matter = {
          row: {
            id: randomUUID(),
            reference: '',
            status: caseRef ? 'case_opened' : 'open',
            harm_categories: [],
            case_id: caseRef?.caseId ?? null,
            case_reference: caseRef?.reference ?? null,
            assessment: {},
            triage_score: null,
            triage_model_version: null,
          },
          aggregate: undefined as unknown as MatterAggregate,
          hashes: new Set(),
          isNew: true,
          touched: true,
        };
        list.unshift(matter);
      }
      matter.aggregate = withItem(matter.aggregate as MatterAggregate | undefined, {
        harmCategories: command.harmCategories,
        source: command.source,
        childrenLikely: command.childrenLikely,
        viaLinked: service.relation !== 'primary',
        evidenceKinds: evidenceKinds(command.evidence, command.description !== ''),
        at,
      });
      matter.touched = true;
      for (const h of hashes) matter.hashes.add(h);
      const itemId = randomUUID();
      const personal = sealed[k] as SealedPersonalData;
      items.push([
        itemId,
        newIntakeReference(),
        command.source,
        at,
        service.serviceId,
        command.service.url,
        command.service.domain,
        service.relation,
        command.harmCategories.join(','),
        command.description,
        command.occurredOn,
        command.childrenLikely,
        JSON.stringify(personal.details),
        JSON.stringify(command.evidence),
        personal.reporterSubject,
        personal.reporterSealed,
        personal.victimSubject,
        personal.victimSealed,
        matter.row.id,
        JSON.stringify(decision.reason),
        row,
      ]);
      for (const e of command.evidence) if (e.hash) hashRows.push([e.hashAlgorithm as string, e.hash, itemId, matter.row.id]);
    }

    const touched = [...byService.entries()].flatMap(([serviceId, list]) => list.filter((m) => m.touched).map((m) => ({ serviceId, m })));
    const facts = await this.registry.facts(serviceIds, tx);
    const previous = (await tx.query(
      `SELECT service_id, count(*)::int AS n FROM matters WHERE service_id = ANY($1::uuid[]) AND status IN ('routed', 'closed') GROUP BY service_id`,
      [serviceIds],
    )) as { service_id: string; n: number }[];
    const previousOf = new Map(previous.map((p) => [p.service_id, p.n]));
    const scored: { serviceId: string; m: LiveMatter; inputs: TriageInputs; result: TriageResult }[] = [];
    for (const { serviceId, m } of touched) {
      const inputs = this.scoring.inputs(m.aggregate, m.row.assessment, facts.get(serviceId), previousOf.get(serviceId) ?? 0);
      scored.push({ serviceId, m, inputs, result: await this.scoring.score(inputs, tx) });
    }
    const fresh = scored.filter((s) => s.m.isNew);
    const old = scored.filter((s) => !s.m.isNew);
    const col = <T>(list: typeof scored, f: (s: (typeof scored)[number]) => T): T[] => list.map(f);
    if (fresh.length > 0) {
      await tx.query(
        `INSERT INTO matters (id, reference, service_id, harm_categories, sources, status, case_id, case_reference, item_count, children_likely,
                              reported_via_linked, evidence_kinds, first_received_at, last_received_at, triage_score, triage_model_version,
                              triage_factors, triage_inputs, scored_at, created_at, updated_at)
         SELECT id, 'MAT-' || lpad(nextval('matter_reference_seq')::text, 6, '0'), service_id, string_to_array(harms, ','), string_to_array(sources, ','),
                status, case_id, case_reference, item_count, children, linked, string_to_array(kinds, ','), first_at, last_at, score, version,
                factors::jsonb, inputs::jsonb, $17, $17, $17
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::int[], $9::bool[], $10::bool[], $11::text[],
                       $12::timestamptz[], $13::timestamptz[], $14::int[], $15::text[], $16::text[], $18::text[])
             AS x(id, service_id, harms, sources, status, case_id, case_reference, item_count, children, linked, kinds, first_at, last_at, score, version, factors, inputs)`,
        [
          col(fresh, (s) => s.m.row.id),
          col(fresh, (s) => s.serviceId),
          col(fresh, (s) => s.m.aggregate.harm_categories.join(',')),
          col(fresh, (s) => s.m.aggregate.sources.join(',')),
          col(fresh, (s) => s.m.row.status),
          col(fresh, (s) => s.m.row.case_id),
          col(fresh, (s) => s.m.row.case_reference),
          col(fresh, (s) => s.m.aggregate.item_count),
          col(fresh, (s) => s.m.aggregate.children_likely),
          col(fresh, (s) => s.m.aggregate.reported_via_linked),
          col(fresh, (s) => s.m.aggregate.evidence_kinds.join(',')),
          col(fresh, (s) => s.m.aggregate.first_received_at),
          col(fresh, (s) => s.m.aggregate.last_received_at),
          col(fresh, (s) => s.result.score),
          col(fresh, (s) => s.result.modelVersion),
          col(fresh, (s) => JSON.stringify(s.result.factors)),
          at,
          col(fresh, (s) => JSON.stringify(s.inputs)),
        ],
      );
    }
    // Matters whose score changed get the new explanation and inputs; the others only their counts (their stored
    // explanation and inputs still reproduce their stored score exactly, as of scoredAt).
    const rescored = old.filter((s) => s.m.row.triage_score !== s.result.score || s.m.row.triage_model_version !== s.result.modelVersion);
    const rescoredSet = new Set(rescored);
    const counted = old.filter((s) => !rescoredSet.has(s));
    if (rescored.length > 0) {
      await tx.query(
        `UPDATE matters AS m SET harm_categories = string_to_array(x.harms, ','), sources = string_to_array(x.sources, ','), item_count = x.item_count,
                children_likely = x.children, reported_via_linked = x.linked, evidence_kinds = string_to_array(x.kinds, ','), last_received_at = x.last_at,
                triage_score = x.score, triage_model_version = x.version, triage_factors = x.factors::jsonb, triage_inputs = x.inputs::jsonb,
                scored_at = $12, updated_at = $12, version = m.version + 1
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::bool[], $6::bool[], $7::text[], $8::timestamptz[], $9::int[], $10::text[], $11::text[], $13::text[])
             AS x(id, harms, sources, item_count, children, linked, kinds, last_at, score, version, factors, inputs)
          WHERE m.id = x.id`,
        [
          col(rescored, (s) => s.m.row.id),
          col(rescored, (s) => s.m.aggregate.harm_categories.join(',')),
          col(rescored, (s) => s.m.aggregate.sources.join(',')),
          col(rescored, (s) => s.m.aggregate.item_count),
          col(rescored, (s) => s.m.aggregate.children_likely),
          col(rescored, (s) => s.m.aggregate.reported_via_linked),
          col(rescored, (s) => s.m.aggregate.evidence_kinds.join(',')),
          col(rescored, (s) => s.m.aggregate.last_received_at),
          col(rescored, (s) => s.result.score),
          col(rescored, (s) => s.result.modelVersion),
          col(rescored, (s) => JSON.stringify(s.result.factors)),
          at,
          col(rescored, (s) => JSON.stringify(s.inputs)),
        ],
      );
    }
    if (counted.length > 0) {
      await tx.query(
        `UPDATE matters AS m SET harm_categories = string_to_array(x.harms, ','), sources = string_to_array(x.sources, ','), item_count = x.item_count,
                children_likely = x.children, reported_via_linked = x.linked, evidence_kinds = string_to_array(x.kinds, ','), last_received_at = x.last_at,
                updated_at = $9, version = m.version + 1
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::bool[], $6::bool[], $7::text[], $8::timestamptz[])
             AS x(id, harms, sources, item_count, children, linked, kinds, last_at)
          WHERE m.id = x.id`,
        [
          col(counted, (s) => s.m.row.id),
          col(counted, (s) => s.m.aggregate.harm_categories.join(',')),
          col(counted, (s) => s.m.aggregate.sources.join(',')),
          col(counted, (s) => s.m.aggregate.item_count),
          col(counted, (s) => s.m.aggregate.children_likely),
          col(counted, (s) => s.m.aggregate.reported_via_linked),
          col(counted, (s) => s.m.aggregate.evidence_kinds.join(',')),
          col(counted, (s) => s.m.aggregate.last_received_at),
          at,
        ],
      );
    }
    const c = (k: number): unknown[] => items.map((i) => i[k]);
    await tx.query(
      `INSERT INTO intake_items (id, reference, source, received_via, received_at, service_id, reported_url, reported_domain, domain_relation, harm_categories,
                                 description, occurred_on, children_likely, details, evidence, reporter_subject, reporter_sealed, victim_subject, victim_sealed,
                                 matter_id, match_reason, submitted_by_id, submitted_by_label, import_id, import_row)
       SELECT id, reference, source, 'bulk_import', received_at, service_id, url, domain, relation, string_to_array(harms, ','), description, occurred_on,
              children, details::jsonb, evidence::jsonb, rs, rsealed, vs, vsealed, matter_id, reason::jsonb, $22, $23, $24, row_number
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::date[],
                     $12::bool[], $13::text[], $14::text[], $15::uuid[], $16::text[], $17::uuid[], $18::text[], $19::uuid[], $20::text[], $21::bigint[])
           AS x(id, reference, source, received_at, service_id, url, domain, relation, harms, description, occurred_on, children, details, evidence,
                rs, rsealed, vs, vsealed, matter_id, reason, row_number)`,
      [...Array.from({ length: 21 }, (_, k) => c(k)), actor.id, actor.label, importId],
    );
    if (hashRows.length > 0) {
      await tx.query(
        `INSERT INTO intake_content_hashes (algorithm, hash, item_id, matter_id) SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[]) ON CONFLICT DO NOTHING`,
        [hashRows.map((h) => h[0]), hashRows.map((h) => h[1]), hashRows.map((h) => h[2]), hashRows.map((h) => h[3])],
      );
    }
    // The score history records each change of score; the matter row always holds the current explanation and inputs.
    const changed = scored.filter((s) => s.m.row.triage_score !== s.result.score || s.m.row.triage_model_version !== s.result.modelVersion);
    if (changed.length > 0) {
      await tx.query(
        `INSERT INTO matter_scores (matter_id, scored_at, model_version, score, factors, inputs, cause)
         SELECT id, $1, version, score, factors::jsonb, inputs::jsonb, 'bulk_import' FROM unnest($2::uuid[], $3::text[], $4::int[], $5::text[], $6::text[]) AS x(id, version, score, factors, inputs)`,
        [at, col(changed, (s) => s.m.row.id), col(changed, (s) => s.result.modelVersion), col(changed, (s) => s.result.score), col(changed, (s) => JSON.stringify(s.result.factors)), col(changed, (s) => JSON.stringify(s.inputs))],
      );
    }
    for (const s of scored) Object.assign(s.m.row, { triage_score: s.result.score, triage_model_version: s.result.modelVersion });
    return scored.length;
  }
}
