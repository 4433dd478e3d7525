import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ExplanationLine, Jurisdiction } from './calendar/uk-calendar.js';
import type { DeadlineClockStop, DeadlineExtension, DeadlineKind, DeadlineStatus, DeadlineSubjectRef, DeadlineUnit } from './deadline.js';

/** A deadlines row, with dates as `YYYY-MM-DD` strings. */
export interface DeadlineRow {
  id: string;
  subjectType: string;
  subjectId: string;
  caseId: string | null;
  kind: DeadlineKind;
  label: string;
  reference: string | null;
  unit: DeadlineUnit;
  amount: number | null;
  jurisdiction: Jurisdiction;
  startsOn: string;
  startsAt: Date | null;
  dueOn: string;
  overdueFrom: Date;
  originalDueOn: string;
  originalOverdueFrom: Date;
  status: DeadlineStatus;
  explanation: ExplanationLine[];
  ownerUserId: string | null;
  escalateToUserId: string | null;
  satisfiedOn: string | null;
  satisfiedAt: Date | null;
  satisfiedByEvent: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  markedDueSoonAt: Date | null;
  markedOverdueAt: Date | null;
  escalatedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type NewDeadlineRow = Omit<
  DeadlineRow,
  | 'id'
  | 'status'
  | 'satisfiedOn'
  | 'satisfiedAt'
  | 'satisfiedByEvent'
  | 'cancelledAt'
  | 'cancelReason'
  | 'markedDueSoonAt'
  | 'markedOverdueAt'
  | 'escalatedAt'
  | 'version'
  | 'updatedAt'
>;

export interface OpenClockStop {
  id: string;
  stoppedOn: string;
  stoppedAt: Date | null;
}

const COLUMNS = `
  id, subject_type AS "subjectType", subject_id AS "subjectId", case_id AS "caseId", kind, label, reference, unit, amount,
  jurisdiction, starts_on::text AS "startsOn", starts_at AS "startsAt", due_on::text AS "dueOn", overdue_from AS "overdueFrom",
  original_due_on::text AS "originalDueOn", original_overdue_from AS "originalOverdueFrom", status, explanation,
  owner_user_id AS "ownerUserId", escalate_to_user_id AS "escalateToUserId", satisfied_on::text AS "satisfiedOn",
  satisfied_at AS "satisfiedAt", satisfied_by_event AS "satisfiedByEvent", cancelled_at AS "cancelledAt",
  cancel_reason AS "cancelReason", marked_due_soon_at AS "markedDueSoonAt", marked_overdue_at AS "markedOverdueAt",
  escalated_at AS "escalatedAt", version, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The extensions and clock stops of the deadline in `deadlines` of the enclosing query, as one JSON array, oldest first. */
const HISTORY = `(
  SELECT coalesce(json_agg(h ORDER BY h."createdAt", h.id), '[]'::json) FROM (
    SELECT 'extension' AS source, e.previous_due_on::text AS "fromDate", e.new_due_on::text AS "toDate", e.new_overdue_from AS "fromAt",
           NULL::timestamptz AS "toAt", e.reason, e.approved_by AS "approvedBy", e.approved_by_label AS "approvedByLabel",
           NULL::int AS "movedBy", NULL::text AS "movedByUnit", e.created_at AS "createdAt", e.id
      FROM deadline_extensions e WHERE e.deadline_id = deadlines.id
    UNION ALL
    SELECT 'stop', s.stopped_on::text, s.restarted_on::text, s.stopped_at, s.restarted_at, s.reason, NULL::uuid, NULL::text,
           s.moved_by, s.moved_by_unit, s.created_at, s.id
      FROM deadline_clock_stops s WHERE s.deadline_id = deadlines.id) h) AS history`;

/** A deadline's extensions and clock stops, oldest first. */
export interface DeadlineHistory {
  extensions: DeadlineExtension[];
  clockStops: DeadlineClockStop[];
}

/** A deadline read with its history. */
export type DeadlineWithHistoryRow = DeadlineRow & { history: DeadlineHistory };

/** A deadline locked for the caller's transaction, with its history (which cannot change while it is locked). */
export type LockedDeadlineRow = DeadlineWithHistoryRow;

interface HistoryItem {
  source: 'extension' | 'stop';
  fromDate: string;
  toDate: string | null;
  fromAt: string | null;
  toAt: string | null;
  reason: string;
  approvedBy: string | null;
  approvedByLabel: string | null;
  movedBy: number | null;
  movedByUnit: DeadlineClockStop['movedByUnit'];
}

const isoOf = (instant: string | null): string | null => (instant === null ? null : new Date(instant).toISOString());

function historyFrom(items: (HistoryItem & { createdAt: string })[], unit: DeadlineUnit): DeadlineHistory {
  const history: DeadlineHistory = { extensions: [], clockStops: [] };
  for (const item of items) {
    if (item.source === 'extension') {
      history.extensions.push({
        previousDueOn: item.fromDate,
        newDueOn: item.toDate as string,
        newDueAt: unit === 'hours' ? isoOf(item.fromAt) : null,
        reason: item.reason,
        approvedBy: { id: item.approvedBy, label: item.approvedByLabel as string },
        createdAt: isoOf(item.createdAt) as string,
      });
    } else {
      history.clockStops.push({
        stoppedOn: item.fromDate,
        stoppedAt: isoOf(item.fromAt),
        reason: item.reason,
        restartedOn: item.toDate,
        restartedAt: isoOf(item.toAt),
        movedBy: item.movedBy,
        movedByUnit: item.movedByUnit,
      });
    }
  }
  return history;
}

type RowWithHistory = DeadlineRow & { history: (HistoryItem & { createdAt: string })[] };
const locked = (row: RowWithHistory | undefined): LockedDeadlineRow | undefined => (row ? { ...row, history: historyFrom(row.history, row.unit) } : undefined);

/** Open deadlines (clock running or stopped): at most one per subject and kind, except reminders. */
const OPEN = `status IN ('pending', 'due_soon', 'overdue', 'stopped')`;

/** Column names the service may change, in the row's terms. */
const UPDATABLE = {
  status: 'status',
  dueOn: 'due_on',
  overdueFrom: 'overdue_from',
  explanation: 'explanation',
  satisfiedOn: 'satisfied_on',
  satisfiedAt: 'satisfied_at',
  satisfiedByEvent: 'satisfied_by_event',
  cancelledAt: 'cancelled_at',
  cancelReason: 'cancel_reason',
  markedDueSoonAt: 'marked_due_soon_at',
  markedOverdueAt: 'marked_overdue_at',
  escalatedAt: 'escalated_at',
} as const satisfies Partial<Record<keyof DeadlineRow, string>>;
export type DeadlineUpdate = Partial<Pick<DeadlineRow, keyof typeof UPDATABLE>>;

/** The only place that reads and writes the deadline tables. */
@Injectable()
export class DeadlineRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Inserts unless an open deadline of the kind already exists for the subject; undefined then. */
  async insert(manager: EntityManager, row: NewDeadlineRow): Promise<DeadlineRow | undefined> {
    const rows = (await manager.query(
      `INSERT INTO deadlines (subject_type, subject_id, case_id, kind, label, reference, unit, amount, jurisdiction, starts_on, starts_at,
         due_on, overdue_from, original_due_on, original_overdue_from, explanation, owner_user_id, escalate_to_user_id, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$19)
       ON CONFLICT (subject_type, subject_id, kind) WHERE ${OPEN} AND kind <> 'reminder' DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        row.subjectType,
        row.subjectId,
        row.caseId,
        row.kind,
        row.label,
        row.reference,
        row.unit,
        row.amount,
        row.jurisdiction,
        row.startsOn,
        row.startsAt,
        row.dueOn,
        row.overdueFrom,
        row.originalDueOn,
        row.originalOverdueFrom,
        JSON.stringify(row.explanation),
        row.ownerUserId,
        row.escalateToUserId,
        row.createdAt,
      ],
    )) as DeadlineRow[];
    return rows[0];
  }

  async lockById(manager: EntityManager, id: string): Promise<LockedDeadlineRow | undefined> {
    const rows = (await manager.query(`SELECT ${COLUMNS}, ${HISTORY} FROM deadlines WHERE id = $1 FOR UPDATE`, [id])) as RowWithHistory[];
    return locked(rows[0]);
  }

  /** The open deadline of a kind for a subject, locked for the caller's transaction. */
  async lockOpenBySubject(manager: EntityManager, ref: DeadlineSubjectRef): Promise<LockedDeadlineRow | undefined> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS}, ${HISTORY} FROM deadlines WHERE subject_type = $1 AND subject_id = $2 AND kind = $3 AND ${OPEN}
       ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [ref.subjectType, ref.subjectId, ref.kind],
    )) as RowWithHistory[];
    return locked(rows[0]);
  }

  async lockOpenInScope(manager: EntityManager, scope: { caseId: string } | { subjectType: string; subjectId: string }): Promise<LockedDeadlineRow[]> {
    const [where, params] =
      'caseId' in scope ? ['case_id = $1', [scope.caseId]] : ['subject_type = $1 AND subject_id = $2', [scope.subjectType, scope.subjectId]];
    const rows = (await manager.query(`SELECT ${COLUMNS}, ${HISTORY} FROM deadlines WHERE ${where} AND ${OPEN} ORDER BY created_at, id FOR UPDATE`, params)) as RowWithHistory[];
    return rows.map((row) => locked(row) as LockedDeadlineRow);
  }

  /** Locks a deadline the sweep may act on, skipping one another transaction holds. */
  async lockForSweep(manager: EntityManager, id: string): Promise<DeadlineRow | undefined> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM deadlines WHERE id = $1 AND status IN ('pending', 'due_soon', 'overdue') FOR UPDATE SKIP LOCKED`,
      [id],
    )) as DeadlineRow[];
    return rows[0];
  }

  /**
   * Ids of running deadlines that may need the sweep: due by the horizon (date deadlines), overdue by
   * the horizon instant (hours), or overdue and not yet escalated. Keyset pages by id.
   */
  async sweepCandidates(afterId: string, horizonDate: string, horizonInstant: Date, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM deadlines
        WHERE id > $1
          AND ((status IN ('pending', 'due_soon') AND ((unit <> 'hours' AND due_on <= $2) OR (unit = 'hours' AND overdue_from <= $3)))
               OR (status = 'overdue' AND escalated_at IS NULL))
        ORDER BY id LIMIT $4`,
      [afterId, horizonDate, horizonInstant, limit],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async update(manager: EntityManager, id: string, changes: DeadlineUpdate, at: Date): Promise<DeadlineRow> {
    const sets: string[] = [];
    const params: unknown[] = [id, at];
    for (const [field, column] of Object.entries(UPDATABLE) as [keyof typeof UPDATABLE, string][]) {
      if (!(field in changes)) continue;
      const value = changes[field];
      params.push(field === 'explanation' ? JSON.stringify(value) : value);
      sets.push(`${column} = $${params.length}`);
    }
    const rows = (await manager.query(
      `UPDATE deadlines SET ${sets.join(', ')}${sets.length ? ', ' : ''}version = version + 1, updated_at = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
    )) as [DeadlineRow[], number] | DeadlineRow[];
    // TypeORM returns [rows, affected] for UPDATE ... RETURNING on PostgreSQL.
    const returned = (Array.isArray(rows[0]) ? rows[0] : rows) as DeadlineRow[];
    return returned[0] as DeadlineRow;
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<LockedDeadlineRow | undefined> {
    const rows = (await manager.query(`SELECT ${COLUMNS}, ${HISTORY} FROM deadlines WHERE id = $1`, [id])) as RowWithHistory[];
    return locked(rows[0]);
  }

  async listBySubject(subjectType: string, subjectId: string, manager: EntityManager = this.dataSource.manager): Promise<DeadlineWithHistoryRow[]> {
    const rows = (await manager.query(`SELECT ${COLUMNS}, ${HISTORY} FROM deadlines WHERE subject_type = $1 AND subject_id = $2 ORDER BY created_at, id`, [
      subjectType,
      subjectId,
    ])) as RowWithHistory[];
    return rows.map((row) => locked(row) as DeadlineWithHistoryRow);
  }

  async listByCase(caseId: string, manager: EntityManager = this.dataSource.manager): Promise<DeadlineWithHistoryRow[]> {
    const rows = (await manager.query(`SELECT ${COLUMNS}, ${HISTORY} FROM deadlines WHERE case_id = $1 ORDER BY created_at, id`, [caseId])) as RowWithHistory[];
    return rows.map((row) => locked(row) as DeadlineWithHistoryRow);
  }

  // --- extensions and clock stops ------------------------------------------------------------

  async insertExtension(
    manager: EntityManager,
    e: {
      deadlineId: string;
      previousDueOn: string;
      newDueOn: string;
      previousOverdueFrom: Date;
      newOverdueFrom: Date;
      reason: string;
      approvedBy: string | null;
      approvedByLabel: string;
      at: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO deadline_extensions (deadline_id, previous_due_on, new_due_on, previous_overdue_from, new_overdue_from, reason, approved_by, approved_by_label, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [e.deadlineId, e.previousDueOn, e.newDueOn, e.previousOverdueFrom, e.newOverdueFrom, e.reason, e.approvedBy, e.approvedByLabel, e.at],
    );
  }

  async insertClockStop(manager: EntityManager, s: { deadlineId: string; stoppedOn: string; stoppedAt: Date | null; reason: string; at: Date }): Promise<void> {
    await manager.query(`INSERT INTO deadline_clock_stops (deadline_id, stopped_on, stopped_at, reason, created_at) VALUES ($1,$2,$3,$4,$5)`, [
      s.deadlineId,
      s.stoppedOn,
      s.stoppedAt,
      s.reason,
      s.at,
    ]);
  }

  async openClockStop(manager: EntityManager, deadlineId: string): Promise<OpenClockStop | undefined> {
    const rows = (await manager.query(
      `SELECT id, stopped_on::text AS "stoppedOn", stopped_at AS "stoppedAt" FROM deadline_clock_stops WHERE deadline_id = $1 AND restarted_on IS NULL`,
      [deadlineId],
    )) as OpenClockStop[];
    return rows[0];
  }

  async closeClockStop(
    manager: EntityManager,
    id: string,
    r: { restartedOn: string; restartedAt: Date | null; movedBy: number; movedByUnit: 'working_days' | 'calendar_days' | 'seconds' },
  ): Promise<void> {
    await manager.query(`UPDATE deadline_clock_stops SET restarted_on = $2, restarted_at = $3, moved_by = $4, moved_by_unit = $5 WHERE id = $1`, [
      id,
      r.restartedOn,
      r.restartedAt,
      r.movedBy,
      r.movedByUnit,
    ]);
  }

  /** The extensions and clock stops of these deadlines, in one round trip. */
  async historyOf(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, DeadlineHistory>> {
    if (ids.length === 0) return new Map();
    const rows = (await manager.query(`SELECT id, unit, ${HISTORY} FROM deadlines WHERE id = ANY($1::uuid[])`, [ids])) as Pick<RowWithHistory, 'id' | 'unit' | 'history'>[];
    return new Map(rows.map((r) => [r.id, historyFrom(r.history, r.unit)]));
  }

  // --- reminders ------------------------------------------------------------------------------

  async reminderThresholds(manager: EntityManager, deadlineId: string): Promise<Set<string>> {
    const rows = (await manager.query(`SELECT threshold FROM deadline_reminders WHERE deadline_id = $1`, [deadlineId])) as { threshold: string }[];
    return new Set(rows.map((r) => r.threshold));
  }

  /** Records a reminder or escalation once per deadline and threshold; false when it was already recorded. */
  async recordReminder(
    manager: EntityManager,
    r: {
      deadlineId: string;
      threshold: string;
      kind: 'reminder' | 'escalation';
      dueOn: string;
      recipientUserIds: string[];
      outcome: 'sent' | 'superseded' | 'no_recipient';
      at: Date;
    },
  ): Promise<string | undefined> {
    const rows = (await manager.query(
      `INSERT INTO deadline_reminders (deadline_id, threshold, kind, due_on, recipient_user_ids, outcome, created_at)
       VALUES ($1,$2,$3,$4,$5::uuid[],$6,$7) ON CONFLICT (deadline_id, threshold) DO NOTHING RETURNING id`,
      [r.deadlineId, r.threshold, r.kind, r.dueOn, r.recipientUserIds, r.outcome, r.at],
    )) as { id: string }[];
    return rows[0]?.id;
  }

  async setReminderMessages(manager: EntityManager, reminderId: string, messageIds: string[]): Promise<void> {
    await manager.query(`UPDATE deadline_reminders SET message_ids = $2::text[] WHERE id = $1`, [reminderId, messageIds]);
  }

  async remindersOf(
    deadlineId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ threshold: string; kind: string; dueOn: string; recipientUserIds: string[]; outcome: string; messageIds: string[]; createdAt: Date }[]> {
    return (await manager.query(
      `SELECT threshold, kind, due_on::text AS "dueOn", recipient_user_ids AS "recipientUserIds", outcome, message_ids AS "messageIds", created_at AS "createdAt"
         FROM deadline_reminders WHERE deadline_id = $1 ORDER BY created_at, threshold`,
      [deadlineId],
    )) as { threshold: string; kind: string; dueOn: string; recipientUserIds: string[]; outcome: string; messageIds: string[]; createdAt: Date }[];
  }
}
