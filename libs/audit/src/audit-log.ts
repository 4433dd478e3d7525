import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, RequestContext, type Principal } from '@app/core';
import { GENESIS_HASH, hashAnchor, hashAuditEvent, type HashedAuditFields } from './audit-chain.js';

export interface AuditActor {
  id: string | null;
  label: string;
}

export const SYSTEM_ACTOR: AuditActor = { id: null, label: 'system' };

export function actorOf(principal: Principal | undefined): AuditActor {
  if (!principal) return { id: null, label: 'anonymous' };
  const label = principal.kind === 'api_key' ? `api_key:${principal.id}` : (principal.email ?? principal.id);
  return { id: principal.id, label };
}

export interface AuditEntry {
  /** The chain this event extends: one per aggregate (e.g. `case:<id>`), so writers to different aggregates never wait on each other. */
  chainId: string;
  event: string;
  actor: AuditActor;
  subjectType: string;
  subjectId?: string | null;
  fromState?: string | null;
  toState?: string | null;
  /** Changed fields, as { field: { before, after } }. Never personal data in clear. */
  changes?: Record<string, { before: unknown; after: unknown }> | null;
  reason?: string | null;
  /** When it really happened (history import); defaults to now. */
  occurredAt?: Date;
  data?: Record<string, unknown> | null;
}

/** How many chain heads AuditLog remembers (see knownHeads): a few hundred bytes each. */
const KNOWN_HEADS_LIMIT = 10_000;

export interface AuditRecord extends HashedAuditFields {
  seq: number;
  id: string;
  prevHash: string;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  chains: number;
  /** Global sequence number of the first event whose hash or link does not hold. */
  firstBrokenSeq: number | null;
  firstBroken: { seq: number; chainId: string; chainSeq: number; reason: string } | null;
  anchorsChecked: number;
}

interface AuditRow {
  seq: string;
  id: string;
  chain_id: string;
  chain_seq: number;
  event: string;
  actor_id: string | null;
  actor_label: string;
  subject_type: string;
  subject_id: string | null;
  from_state: string | null;
  to_state: string | null;
  changes: unknown;
  reason: string | null;
  request_id: string | null;
  occurred_at: Date;
  recorded_at: Date;
  data: unknown;
  prev_hash: string;
  hash: string;
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    seq: Number(row.seq),
    id: row.id,
    chainId: row.chain_id,
    chainSeq: row.chain_seq,
    event: row.event,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    fromState: row.from_state,
    toState: row.to_state,
    changes: row.changes,
    reason: row.reason,
    requestId: row.request_id,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    data: row.data,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function hashedFields(r: AuditRecord): HashedAuditFields {
  return {
    chainId: r.chainId,
    chainSeq: r.chainSeq,
    event: r.event,
    actorId: r.actorId,
    actorLabel: r.actorLabel,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    fromState: r.fromState,
    toState: r.toState,
    changes: r.changes,
    reason: r.reason,
    requestId: r.requestId,
    occurredAt: r.occurredAt,
    recordedAt: r.recordedAt,
    data: r.data,
  };
}

/** The fields an event's hash covers: the entry as given, placed in its chain, with when and by which request it was recorded. */
function entryFields(entry: AuditEntry, chainSeq: number, requestId: string | null, recordedAt: Date): HashedAuditFields {
  return {
    chainId: entry.chainId,
    chainSeq,
    event: entry.event,
    actorId: entry.actor.id,
    actorLabel: entry.actor.label,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    fromState: entry.fromState ?? null,
    toState: entry.toState ?? null,
    changes: entry.changes ?? null,
    reason: entry.reason ?? null,
    requestId,
    occurredAt: entry.occurredAt ?? recordedAt,
    recordedAt,
    data: entry.data ?? null,
  };
}

/**
 * The append-only, hash-chained audit trail. `append` must run inside the transaction that makes
 * the change it records, so the change and its audit event commit or roll back together.
 */
@Injectable()
export class AuditLog {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async append(manager: EntityManager, entry: AuditEntry): Promise<AuditRecord> {
    const [record] = await this.appendAll(manager, [entry]);
    return record as AuditRecord;
  }

  /**
   * Appends several events in the caller's transaction, in the order given within each chain, with
   * one statement per chain when this process wrote the chain's current head (the usual case: the
   * same aggregate changing again), two otherwise. Hash links and chain sequence numbers are exactly
   * those `append` would give one by one.
   */
  async appendAll(manager: EntityManager, entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
    if (entries.length === 0) return [];
    if (!manager.queryRunner?.isTransactionActive) {
      return this.dataSource.transaction((tx) => this.appendAll(tx, entries));
    }
    const recordedAt = this.clock.now();
    const requestId = RequestContext.requestId() ?? null;
    const byChain = new Map<string, AuditEntry[]>();
    for (const entry of entries) byChain.set(entry.chainId, [...(byChain.get(entry.chainId) ?? []), entry]);
    const records = new Map<AuditEntry, AuditRecord>();
    // Chains in a fixed order, so two writers of the same chains lock their heads in the same order.
    for (const chainId of [...byChain.keys()].sort()) {
      const chained = byChain.get(chainId) as AuditEntry[];
      const appended = await this.appendToChain(manager, chainId, chained, recordedAt, requestId);
      chained.forEach((entry, i) => records.set(entry, appended[i] as AuditRecord));
    }
    return entries.map((entry) => records.get(entry) as AuditRecord);
  }

  /**
   * The last head this process wrote, per chain (bounded). Only a guess: the statement that appends
   * moves the head only if it is still exactly that (sequence and hash, under the head's row lock),
   * so a stale guess (another process, a rolled-back transaction) costs one more statement, never a
   * wrong link.
   */
  private readonly knownHeads = new Map<string, { seq: number; hash: string }>();

  private rememberHead(chainId: string, seq: number, hash: string): void {
    this.knownHeads.delete(chainId);
    this.knownHeads.set(chainId, { seq, hash });
    if (this.knownHeads.size > KNOWN_HEADS_LIMIT) this.knownHeads.delete(this.knownHeads.keys().next().value as string);
  }

  private async appendToChain(manager: EntityManager, chainId: string, entries: AuditEntry[], recordedAt: Date, requestId: string | null): Promise<AuditRecord[]> {
    const known = this.knownHeads.get(chainId);
    if (known) {
      const appended = await this.moveHeadAndInsert(manager, chainId, known, entries, recordedAt, requestId);
      if (appended) return appended;
    }
    // One statement creates the chain's head if needed, locks it, and returns it: writers to the same
    // aggregate queue here; writers to other aggregates do not wait.
    const [head] = (await manager.query(
      `INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash) VALUES ($1, 0, $2)
       ON CONFLICT (chain_id) DO UPDATE SET chain_id = EXCLUDED.chain_id
       RETURNING last_seq, last_hash`,
      [chainId, GENESIS_HASH],
    )) as { last_seq: number; last_hash: string }[];
    const locked = { seq: head?.last_seq ?? 0, hash: head?.last_hash ?? GENESIS_HASH };
    const appended = await this.moveHeadAndInsert(manager, chainId, locked, entries, recordedAt, requestId);
    if (!appended) throw new Error(`the head of audit chain ${chainId} moved while this transaction held its lock`);
    return appended;
  }

  /**
   * Chains the events onto `head` and, in one statement, moves the chain's head from exactly `head`
   * to the last of them and inserts them. Returns null, having written nothing, when the head is no
   * longer `head`.
   */
  private async moveHeadAndInsert(
    manager: EntityManager,
    chainId: string,
    head: { seq: number; hash: string },
    entries: AuditEntry[],
    recordedAt: Date,
    requestId: string | null,
  ): Promise<AuditRecord[] | null> {
    let prevHash = head.hash;
    const chained = entries.map((entry, i) => {
      const fields = entryFields({ ...entry, chainId }, head.seq + 1 + i, requestId, recordedAt);
      const link = { fields, prevHash, hash: hashAuditEvent(prevHash, fields) };
      prevHash = link.hash;
      return link;
    });
    const last = chained[chained.length - 1] as (typeof chained)[number];
    const column = <T>(pick: (c: (typeof chained)[number]) => T): T[] => chained.map(pick);
    const json = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));
    const rows = (await manager.query(
      `WITH moved AS (
         UPDATE audit_chain_heads SET last_seq = $4, last_hash = $5, updated_at = $6
          WHERE chain_id = $1 AND last_seq = $2 AND last_hash = $3
          RETURNING chain_id)
       INSERT INTO audit_events (chain_id, chain_seq, event, actor_id, actor_label, subject_type, subject_id, from_state, to_state,
         changes, reason, request_id, occurred_at, recorded_at, data, prev_hash, hash)
       SELECT moved.chain_id, e.chain_seq, e.event, e.actor_id, e.actor_label, e.subject_type, e.subject_id, e.from_state, e.to_state,
              e.changes::jsonb, e.reason, $7, e.occurred_at, $6, e.data::jsonb, e.prev_hash, e.hash
         FROM moved,
              unnest($8::int[], $9::text[], $10::uuid[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
                     $16::text[], $17::text[], $18::timestamptz[], $19::text[], $20::text[], $21::text[])
                AS e(chain_seq, event, actor_id, actor_label, subject_type, subject_id, from_state, to_state,
                     changes, reason, occurred_at, data, prev_hash, hash)
        ORDER BY e.chain_seq
       RETURNING seq, id, chain_seq`,
      [
        chainId,
        head.seq,
        head.hash,
        last.fields.chainSeq,
        last.hash,
        recordedAt,
        requestId,
        column((c) => c.fields.chainSeq),
        column((c) => c.fields.event),
        column((c) => c.fields.actorId),
        column((c) => c.fields.actorLabel),
        column((c) => c.fields.subjectType),
        column((c) => c.fields.subjectId),
        column((c) => c.fields.fromState),
        column((c) => c.fields.toState),
        column((c) => json(c.fields.changes)),
        column((c) => c.fields.reason),
        column((c) => c.fields.occurredAt),
        column((c) => json(c.fields.data)),
        column((c) => c.prevHash),
        column((c) => c.hash),
      ],
    )) as { seq: string; id: string; chain_seq: number }[];
    if (rows.length === 0) {
      this.knownHeads.delete(chainId);
      return null;
    }
    this.rememberHead(chainId, last.fields.chainSeq, last.hash);
    const bySeq = new Map(rows.map((r) => [Number(r.chain_seq), r]));
    return chained.map((c) => {
      const row = bySeq.get(c.fields.chainSeq);
      return { ...c.fields, seq: Number(row?.seq), id: String(row?.id), prevHash: c.prevHash, hash: c.hash };
    });
  }

  /**
   * Appends the first event of a chain that cannot exist yet, because its aggregate was created in
   * this very transaction (a fresh random id): one statement creates the chain's head and its first
   * event. Should the chain exist after all, the head's primary key refuses the insert and the whole
   * transaction fails; nothing is ever appended out of order.
   */
  async appendFirst(manager: EntityManager, entry: AuditEntry): Promise<AuditRecord> {
    if (!manager.queryRunner?.isTransactionActive) {
      return this.dataSource.transaction((tx) => this.appendFirst(tx, entry));
    }
    const recordedAt = this.clock.now();
    const fields = entryFields(entry, 1, RequestContext.requestId() ?? null, recordedAt);
    const hash = hashAuditEvent(GENESIS_HASH, fields);
    const [row] = (await manager.query(
      `WITH head AS (
         INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash, updated_at) VALUES ($1, 1, $17, $14) RETURNING chain_id)
       INSERT INTO audit_events (chain_id, chain_seq, event, actor_id, actor_label, subject_type, subject_id, from_state, to_state,
         changes, reason, request_id, occurred_at, recorded_at, data, prev_hash, hash)
       SELECT head.chain_id, $2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17 FROM head
       RETURNING seq, id`,
      [
        fields.chainId,
        fields.chainSeq,
        fields.event,
        fields.actorId,
        fields.actorLabel,
        fields.subjectType,
        fields.subjectId,
        fields.fromState,
        fields.toState,
        fields.changes === null ? null : JSON.stringify(fields.changes),
        fields.reason,
        fields.requestId,
        fields.occurredAt,
        fields.recordedAt,
        fields.data === null ? null : JSON.stringify(fields.data),
        GENESIS_HASH,
        hash,
      ],
    )) as { seq: string; id: string }[];
    this.rememberHead(fields.chainId, 1, hash);
    return { ...fields, seq: Number(row?.seq), id: String(row?.id), prevHash: GENESIS_HASH, hash };
  }

  /** The events of one chain, oldest first. */
  async chain(chainId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<AuditRecord[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM audit_events WHERE chain_id = $1 AND chain_seq > $2 ORDER BY chain_seq LIMIT $3`,
      [chainId, options.afterSeq ?? 0, options.limit ?? 500],
    )) as AuditRow[];
    return rows.map(toRecord);
  }

  /** Events about one subject across chains, oldest first. */
  async forSubject(subjectType: string, subjectId: string, limit = 500): Promise<AuditRecord[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM audit_events WHERE subject_type = $1 AND subject_id = $2 ORDER BY seq LIMIT $3`,
      [subjectType, subjectId, limit],
    )) as AuditRow[];
    return rows.map(toRecord);
  }

  /**
   * Recomputes every chain from its first event, compares each chain's end with its recorded head,
   * then checks the anchors. Streams in keyset pages, so it runs in constant memory.
   */
  async verify(options: { chainId?: string; onProgress?: (checked: number) => void } = {}): Promise<VerifyResult> {
    let checked = 0;
    let chains = 0;
    let firstBroken: VerifyResult['firstBroken'] = null;
    const breakAt = (record: { seq: number; chainId: string; chainSeq: number }, reason: string): void => {
      if (!firstBroken || record.seq < firstBroken.seq) firstBroken = { seq: record.seq, chainId: record.chainId, chainSeq: record.chainSeq, reason };
    };
    const heads = new Map<string, { lastSeq: number; lastHash: string }>();
    const headRows = (await this.dataSource.query(
      options.chainId ? `SELECT * FROM audit_chain_heads WHERE chain_id = $1` : `SELECT * FROM audit_chain_heads`,
      options.chainId ? [options.chainId] : [],
    )) as { chain_id: string; last_seq: number; last_hash: string }[];
    for (const h of headRows) heads.set(h.chain_id, { lastSeq: h.last_seq, lastHash: h.last_hash });

    let cursor: { chainId: string; chainSeq: number } = { chainId: '', chainSeq: 0 };
    let current: { chainId: string; expectedSeq: number; prevHash: string; broken: boolean; last?: AuditRecord } | undefined;
    const finishChain = (): void => {
      if (!current) return;
      const head = heads.get(current.chainId);
      if (!current.broken && current.last && head && (head.lastSeq !== current.last.chainSeq || head.lastHash !== current.last.hash)) {
        breakAt(current.last, 'the chain ends before its recorded head: events were removed');
      }
      heads.delete(current.chainId);
    };
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT * FROM audit_events WHERE (chain_id, chain_seq) > ($1, $2) ${options.chainId ? 'AND chain_id = $4' : ''}
         ORDER BY chain_id, chain_seq LIMIT $3`,
        options.chainId ? [cursor.chainId, cursor.chainSeq, 2000, options.chainId] : [cursor.chainId, cursor.chainSeq, 2000],
      )) as AuditRow[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const record = toRecord(row);
        if (!current || current.chainId !== record.chainId) {
          finishChain();
          chains += 1;
          current = { chainId: record.chainId, expectedSeq: 1, prevHash: GENESIS_HASH, broken: false };
        }
        checked += 1;
        if (!current.broken) {
          if (record.chainSeq !== current.expectedSeq) {
            breakAt(record, `expected event ${current.expectedSeq} of the chain, found ${record.chainSeq}: events are missing`);
            current.broken = true;
          } else if (record.prevHash !== current.prevHash) {
            breakAt(record, 'its link to the previous event does not match');
            current.broken = true;
          } else if (hashAuditEvent(record.prevHash, hashedFields(record)) !== record.hash) {
            breakAt(record, 'its content does not match its hash: the event was altered');
            current.broken = true;
          }
        }
        current.expectedSeq = record.chainSeq + 1;
        current.prevHash = record.hash;
        current.last = record;
      }
      const last = rows[rows.length - 1] as AuditRow;
      cursor = { chainId: last.chain_id, chainSeq: last.chain_seq };
      options.onProgress?.(checked);
    }
    finishChain();
    // A head with no events left means a whole chain was deleted.
    for (const [chainId, head] of heads) {
      if (head.lastSeq > 0) breakAt({ seq: Number.MAX_SAFE_INTEGER, chainId, chainSeq: 1 }, 'every event of this chain is missing');
    }
    const anchorsChecked = options.chainId ? 0 : await this.verifyAnchors((reason) => breakAt({ seq: Number.MAX_SAFE_INTEGER, chainId: 'anchors', chainSeq: 0 }, reason));
    const broken = firstBroken as VerifyResult['firstBroken'];
    return {
      ok: broken === null,
      checked,
      chains,
      firstBrokenSeq: broken && broken.seq !== Number.MAX_SAFE_INTEGER ? broken.seq : null,
      firstBroken: broken,
      anchorsChecked,
    };
  }

  /** Records the current head of every chain in one hash, chained to the previous anchor. */
  async anchor(): Promise<{ id: number; hash: string; chains: number }> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('LOCK TABLE audit_anchors IN EXCLUSIVE MODE');
      const heads = ((await tx.query(`SELECT chain_id, last_seq, last_hash FROM audit_chain_heads`)) as { chain_id: string; last_seq: number; last_hash: string }[]).map(
        (h) => ({ chainId: h.chain_id, chainSeq: h.last_seq, hash: h.last_hash }),
      );
      const [prev] = (await tx.query(`SELECT hash FROM audit_anchors ORDER BY id DESC LIMIT 1`)) as { hash: string }[];
      const hash = hashAnchor(prev?.hash ?? GENESIS_HASH, heads);
      const [row] = (await tx.query(
        `INSERT INTO audit_anchors (created_at, heads, prev_hash, hash) VALUES ($1, $2, $3, $4) RETURNING id`,
        [this.clock.now(), JSON.stringify(heads), prev?.hash ?? GENESIS_HASH, hash],
      )) as { id: string }[];
      return { id: Number(row?.id), hash, chains: heads.length };
    });
  }

  /** Each anchor must hash correctly, link to the one before, and name chain heads that still exist in the events. */
  private async verifyAnchors(fail: (reason: string) => void): Promise<number> {
    const anchors = (await this.dataSource.query(`SELECT id, heads, prev_hash, hash FROM audit_anchors ORDER BY id`)) as {
      id: string;
      heads: { chainId: string; chainSeq: number; hash: string }[];
      prev_hash: string;
      hash: string;
    }[];
    let prev = GENESIS_HASH;
    for (const anchor of anchors) {
      if (anchor.prev_hash !== prev || hashAnchor(prev, anchor.heads) !== anchor.hash) {
        fail(`anchor ${anchor.id} does not hash correctly or is out of order`);
        return anchors.length;
      }
      prev = anchor.hash;
    }
    const latest = anchors[anchors.length - 1];
    if (latest) {
      const [mismatch] = (await this.dataSource.query(
        `SELECT h."chainId" AS chain_id, h."chainSeq" AS chain_seq
           FROM audit_anchors a
           CROSS JOIN LATERAL jsonb_to_recordset(a.heads) AS h("chainId" text, "chainSeq" int, hash text)
           LEFT JOIN audit_events e ON e.chain_id = h."chainId" AND e.chain_seq = h."chainSeq"
          WHERE a.id = $1 AND h."chainSeq" > 0 AND e.hash IS DISTINCT FROM h.hash
          LIMIT 1`,
        [latest.id],
      )) as { chain_id: string; chain_seq: number }[];
      if (mismatch) fail(`anchor ${latest.id} records event ${mismatch.chain_seq} of ${mismatch.chain_id}, which no longer matches`);
    }
    return anchors.length;
  }
}
