import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditBatch, AuditLog, SYSTEM_ACTOR, actorOf, type AuditActor } from '@app/audit';
import { Clock, DomainError, RequestContext, type FieldError } from '@app/core';
import {
  addDays,
  daysBetween,
  endOfLondonDay,
  isLegalDate,
  londonDateOf,
  longInstant,
  longLegalDate,
} from './calendar/legal-date.js';
import { DEFAULT_JURISDICTION, JURISDICTION_NAMES, UkCalendar, isJurisdiction, type ExplanationLine, type Jurisdiction } from './calendar/uk-calendar.js';
import {
  CLOSED_STATUSES,
  DEADLINE_KINDS,
  DEADLINE_KIND_LABELS,
  DEADLINE_SETTINGS,
  DEADLINE_UNITS,
  type ClockRestartInput,
  type DeadlineClockStop,
  type DeadlineExtension,
  type ClockStopInput,
  type Deadline,
  type DeadlineRef,
  type DeadlineSettings,
  type ExtendDeadlineInput,
  type SatisfyDeadlineInput,
  type StartDeadlineInput,
} from './deadline.js';
import { DeadlineRules } from './deadline-rules.js';
import { DeadlineRepository, type DeadlineHistory, type DeadlineRow, type DeadlineUpdate, type LockedDeadlineRow } from './deadline.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Instants in the future by more than this are refused as "when it happened". */
const CLOCK_SKEW_MS = 5 * 60_000;

function invalid(errors: FieldError[]): DomainError {
  return new DomainError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

function requireText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) throw invalid([{ field, message: `must be text of 1 to ${max} characters` }]);
  return value.trim();
}

/** Dates and instants the engine accepts: the UK bank-holiday rules it counts with cover these years. */
const EARLIEST = '1971-01-01';
const LATEST = '2200-12-31';

function requireDate(value: unknown, field: string): string {
  if (!isLegalDate(value)) throw invalid([{ field, message: 'must be a real date written YYYY-MM-DD' }]);
  if (value < EARLIEST || value > LATEST) throw invalid([{ field, message: `must be from ${EARLIEST} to ${LATEST}` }]);
  return value;
}

/**
 * Options of the commands a caller runs inside its own transaction. With `audit`, the deadline's
 * audit events go into the caller's batch, which the caller appends before it commits (one round
 * trip for all of them), instead of being appended one by one.
 */
export interface DeadlineCommandOptions {
  audit?: AuditBatch;
}

/** A date or an instant given by a caller, resolved against the deadline's unit. */
interface When {
  date: string;
  instant: Date | null;
}

/**
 * The deadline engine. Every command takes the caller's EntityManager, so the deadline change, its
 * audit event and the caller's own change commit together (the case lifecycle calls these inside
 * its transitions). Status is derived when read: see DeadlineRules.
 */
@Injectable()
export class DeadlineService {
  private readonly rules: DeadlineRules;

  constructor(
    @Inject(DeadlineRepository) private readonly repository: DeadlineRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(UkCalendar) private readonly calendar: UkCalendar,
    @Inject(DEADLINE_SETTINGS) settings: DeadlineSettings,
  ) {
    this.rules = new DeadlineRules(calendar, settings);
  }

  /** Starts a deadline and works out its due date, with the explanation kept beside it. */
  async start(manager: EntityManager, input: StartDeadlineInput, options: DeadlineCommandOptions = {}): Promise<Deadline> {
    const now = this.clock.now();
    const errors: FieldError[] = [];
    const check = (ok: boolean, field: string, message: string): void => void (ok || errors.push({ field, message }));
    check(typeof input.subjectType === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(input.subjectType), 'subjectType', 'must be a lower-case name such as case or super_complaint');
    check(typeof input.subjectId === 'string' && input.subjectId.length > 0 && input.subjectId.length <= 200, 'subjectId', 'must be 1 to 200 characters');
    check(input.caseId === undefined || input.caseId === null || (typeof input.caseId === 'string' && UUID.test(input.caseId)), 'caseId', 'must be a UUID');
    check((DEADLINE_KINDS as readonly string[]).includes(input.kind), 'kind', `must be one of ${DEADLINE_KINDS.join(', ')}`);
    check((DEADLINE_UNITS as readonly string[]).includes(input.unit), 'unit', `must be one of ${DEADLINE_UNITS.join(', ')}`);
    check(input.jurisdiction === undefined || isJurisdiction(input.jurisdiction), 'jurisdiction', 'must be england-and-wales, scotland or northern-ireland');
    for (const field of ['ownerUserId', 'escalateToUserId'] as const) {
      const value = input[field];
      check(value === undefined || value === null || (typeof value === 'string' && UUID.test(value)), field, 'must be a UUID');
    }
    check(input.label === undefined || (typeof input.label === 'string' && input.label.trim().length > 0 && input.label.length <= 200), 'label', 'must be 1 to 200 characters');
    check(input.reference === undefined || (typeof input.reference === 'string' && input.reference.length <= 100), 'reference', 'must be at most 100 characters');
    if (errors.length) throw invalid(errors);

    const jurisdiction: Jurisdiction = input.jurisdiction ?? DEFAULT_JURISDICTION;
    let startsOn: string;
    let startsAt: Date | null = null;
    let dueOn: string;
    let overdueFrom: Date;
    let amount: number | null;
    let lines: ExplanationLine[];

    if (input.unit === 'hours') {
      startsAt = input.startsAt === undefined ? now : this.instant(input.startsAt, 'startsAt');
      amount = input.hours ?? input.amount ?? NaN;
      const result = this.calendar.addHours(startsAt, amount);
      startsOn = londonDateOf(startsAt);
      if (input.startsOn !== undefined && input.startsOn !== startsOn) {
        throw invalid([{ field: 'startsOn', message: `must be the UK date of startsAt (${startsOn}), or left out` }]);
      }
      dueOn = result.date;
      overdueFrom = new Date(result.at);
      lines = result.lines;
    } else {
      startsOn = requireDate(input.startsOn ?? londonDateOf(now), 'startsOn');
      if (input.unit === 'fixed_date') {
        dueOn = requireDate(input.dueOn, 'dueOn');
        if (dueOn < startsOn) throw invalid([{ field: 'dueOn', message: `must not be before startsOn (${startsOn})` }]);
        amount = null;
        lines = this.fixedDateLines(startsOn, dueOn, jurisdiction);
      } else {
        amount = input.amount ?? NaN;
        const result = this.calendar.addPeriod({ from: startsOn, amount, unit: input.unit, jurisdiction });
        dueOn = result.date;
        lines = result.lines;
      }
      overdueFrom = endOfLondonDay(dueOn);
    }

    const label = input.label?.trim() ?? DEADLINE_KIND_LABELS[input.kind];
    const row = await this.repository.insert(manager, {
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      caseId: input.caseId ?? null,
      kind: input.kind,
      label,
      reference: input.reference ?? null,
      unit: input.unit,
      amount,
      jurisdiction,
      startsOn,
      startsAt,
      dueOn,
      overdueFrom,
      originalDueOn: dueOn,
      originalOverdueFrom: overdueFrom,
      explanation: lines,
      ownerUserId: input.ownerUserId ?? null,
      escalateToUserId: input.escalateToUserId ?? null,
      createdAt: now,
    });
    if (!row) {
      throw new DomainError(
        'DEADLINE_ALREADY_RUNNING',
        `A ${input.kind.replace(/_/g, ' ')} deadline is already running for this ${input.subjectType.replace(/_/g, ' ')}: satisfy, cancel or extend it instead of starting another.`,
      );
    }
    await this.record(manager, row, 'deadline.started', input.actor, {
      toState: 'pending',
      data: { kind: row.kind, unit: row.unit, amount: row.amount, jurisdiction, startsOn, startsAt: startsAt?.toISOString() ?? null, dueOn, overdueFrom: overdueFrom.toISOString() },
    }, options.audit);
    // Just inserted: no extension or clock stop can exist yet.
    return this.toDeadline(row, [], []);
  }

  /**
   * Records that the event that meets the deadline happened: met when on or before the due date
   * (the due instant for hours), met_late after it. A stopped clock restarts on that day first.
   * Returns null when the subject has no open deadline of that kind.
   */
  async satisfy(manager: EntityManager, input: SatisfyDeadlineInput, options: DeadlineCommandOptions = {}): Promise<Deadline | null> {
    const byEvent = requireText(input.byEvent, 'byEvent', 100);
    const lockedRow = await this.repository.lockOpenBySubject(manager, input);
    if (!lockedRow) return null;
    let row: DeadlineRow = lockedRow;
    const when = this.when(row, input.on, 'on');
    const restarted = row.status === 'stopped';
    if (restarted) row = await this.restartLocked(manager, row, when, 'restarted by the event that met the deadline', input.actor, options.audit);
    const late = when.instant && row.unit === 'hours' ? when.instant.getTime() >= row.overdueFrom.getTime() : when.date > row.dueOn;
    const status = late ? 'met_late' : 'met';
    const line: ExplanationLine = {
      kind: 'change',
      date: when.date,
      text: `${late ? 'Met late' : 'Met'} on ${when.instant && row.unit === 'hours' ? longInstant(when.instant) : longLegalDate(when.date)} by ${byEvent}${late ? ` (due ${this.dueText(row)})` : ''}`,
    };
    const updated = await this.repository.update(
      manager,
      row.id,
      { status, satisfiedOn: when.date, satisfiedAt: when.instant, satisfiedByEvent: byEvent, explanation: [...row.explanation, line] },
      this.clock.now(),
    );
    await this.record(manager, updated, `deadline.${status}`, input.actor, {
      fromState: row.status,
      toState: status,
      data: { byEvent, satisfiedOn: when.date, satisfiedAt: when.instant?.toISOString() ?? null, dueOn: row.dueOn },
    }, options.audit);
    // A restart closed a clock stop: read the history again.
    return restarted ? this.hydrate(manager, updated) : this.withHistory(updated, lockedRow.history);
  }

  /**
   * Cancels an open deadline (e.g. the notice was withdrawn). By id, a closed deadline is refused;
   * by subject and kind, null is returned when none is open.
   */
  async cancel(manager: EntityManager, ref: DeadlineRef, reason: string, actor?: AuditActor, options: DeadlineCommandOptions = {}): Promise<Deadline | null> {
    const why = requireText(reason, 'reason', 2000);
    const row = await this.lockOpen(manager, ref);
    if (!row) return null;
    return this.cancelLocked(manager, row, why, actor, options.audit);
  }

  /** Cancels every open deadline of a case or a subject (e.g. when the case closes). */
  async cancelAll(
    manager: EntityManager,
    scope: { caseId: string } | { subjectType: string; subjectId: string },
    reason: string,
    actor?: AuditActor,
    options: DeadlineCommandOptions = {},
  ): Promise<Deadline[]> {
    const why = requireText(reason, 'reason', 2000);
    if ('caseId' in scope && !UUID.test(scope.caseId)) return [];
    const rows = await this.repository.lockOpenInScope(manager, scope);
    const cancelled: Deadline[] = [];
    for (const row of rows) cancelled.push(await this.cancelLocked(manager, row, why, actor, options.audit));
    return cancelled;
  }

  /**
   * Stops the clock (e.g. while waiting for information the regulator asked for). The stop day
   * itself still counts; the days after it do not until the clock restarts.
   */
  async stopClock(manager: EntityManager, ref: DeadlineRef, input: ClockStopInput): Promise<Deadline> {
    const reason = requireText(input.reason, 'reason', 2000);
    const row = await this.requireOpen(manager, ref);
    if (row.status === 'stopped') {
      throw new DomainError('DEADLINE_CLOCK_ALREADY_STOPPED', 'The clock of this deadline is already stopped: restart it before stopping it again.');
    }
    const when = this.when(row, input.on, 'on');
    const afterDue = row.unit === 'hours' && when.instant ? when.instant.getTime() >= row.overdueFrom.getTime() : when.date > row.dueOn;
    if (afterDue) {
      throw invalid([{ field: 'on', message: `must not be after the due date (${this.dueText(row)}): the period had already ended` }]);
    }
    await this.repository.insertClockStop(manager, { deadlineId: row.id, stoppedOn: when.date, stoppedAt: row.unit === 'hours' ? when.instant : null, reason, at: this.clock.now() });
    const line: ExplanationLine = {
      kind: 'change',
      date: when.date,
      text: `Clock stopped ${row.unit === 'hours' && when.instant ? `at ${longInstant(when.instant)}` : `at the end of ${longLegalDate(when.date)}`}: ${reason}`,
    };
    const updated = await this.repository.update(manager, row.id, { status: 'stopped', explanation: [...row.explanation, line] }, this.clock.now());
    await this.record(manager, updated, 'deadline.clock_stopped', input.actor, {
      fromState: row.status,
      toState: 'stopped',
      reason,
      data: { stoppedOn: when.date, stoppedAt: when.instant?.toISOString() ?? null },
    });
    return this.hydrate(manager, updated);
  }

  /**
   * Restarts a stopped clock. Counting resumes the day after `on`; the due date moves out by the
   * days that were stopped, in the deadline's own unit (working days for working-day periods,
   * calendar days otherwise, elapsed time for hours).
   */
  async restartClock(manager: EntityManager, ref: DeadlineRef, input: ClockRestartInput): Promise<Deadline> {
    const row = await this.requireOpen(manager, ref);
    if (row.status !== 'stopped') throw new DomainError('DEADLINE_CLOCK_NOT_STOPPED', 'The clock of this deadline is running: there is nothing to restart.');
    const when = this.when(row, input.on, 'on');
    const reason = input.reason === undefined ? 'clock restarted' : requireText(input.reason, 'reason', 2000);
    const updated = await this.restartLocked(manager, row, when, reason, input.actor);
    return this.hydrate(manager, updated);
  }

  /**
   * Moves the due date later, keeping the original and every earlier date in the history. The
   * approver is recorded.
   */
  async extend(manager: EntityManager, id: string, input: ExtendDeadlineInput, actor: AuditActor): Promise<Deadline> {
    const reason = requireText(input.reason, 'reason', 2000);
    const row = await this.requireOpen(manager, id);
    let newDueOn: string;
    let newOverdueFrom: Date;
    if (row.unit === 'hours') {
      if (input.newDueAt === undefined) throw invalid([{ field: 'newDueAt', message: 'is required for a deadline in hours (an ISO 8601 instant)' }]);
      newOverdueFrom = this.instant(input.newDueAt, 'newDueAt');
      newDueOn = londonDateOf(newOverdueFrom);
    } else {
      newDueOn = requireDate(input.newDueOn, 'newDueOn');
      newOverdueFrom = endOfLondonDay(newDueOn);
    }
    if (newOverdueFrom.getTime() <= row.overdueFrom.getTime()) {
      throw new DomainError(
        'DEADLINE_EXTENSION_NOT_LATER',
        `The deadline is due ${this.dueText(row)}: an extension must give a later ${row.unit === 'hours' ? 'time' : 'date'}.`,
        { errors: [{ field: row.unit === 'hours' ? 'newDueAt' : 'newDueOn', message: `must be after ${row.unit === 'hours' ? row.overdueFrom.toISOString() : row.dueOn}` }] },
      );
    }
    const now = this.clock.now();
    await this.repository.insertExtension(manager, {
      deadlineId: row.id,
      previousDueOn: row.dueOn,
      newDueOn,
      previousOverdueFrom: row.overdueFrom,
      newOverdueFrom,
      reason,
      approvedBy: actor.id,
      approvedByLabel: actor.label,
      at: now,
    });
    const newDueText = row.unit === 'hours' ? longInstant(newOverdueFrom) : longLegalDate(newDueOn);
    const line: ExplanationLine = {
      kind: 'change',
      date: newDueOn,
      text: `Extended from ${this.dueText(row)} to ${newDueText}: ${reason} (approved by ${actor.label})`,
    };
    const changes: DeadlineUpdate = {
      dueOn: newDueOn,
      overdueFrom: newOverdueFrom,
      explanation: [...row.explanation, line],
      markedDueSoonAt: null,
      markedOverdueAt: null,
      ...(row.status === 'stopped' ? {} : { status: 'pending' as const }),
    };
    const updated = await this.repository.update(manager, row.id, changes, now);
    await this.record(manager, updated, 'deadline.extended', actor, {
      fromState: row.status,
      toState: updated.status,
      reason,
      changes: { dueOn: { before: row.dueOn, after: newDueOn }, overdueFrom: { before: row.overdueFrom.toISOString(), after: newOverdueFrom.toISOString() } },
    });
    return this.hydrate(manager, updated);
  }

  async get(id: string, manager?: EntityManager): Promise<Deadline> {
    if (typeof id !== 'string' || !UUID.test(id)) throw this.notFound();
    const row = await this.repository.findById(id, manager);
    if (!row) throw this.notFound();
    return this.withHistory(row, row.history);
  }

  async listFor(subjectType: string, subjectId: string, manager?: EntityManager): Promise<Deadline[]> {
    return (await this.repository.listBySubject(subjectType, subjectId, manager)).map((row) => this.withHistory(row, row.history));
  }

  async listForCase(caseId: string, manager?: EntityManager): Promise<Deadline[]> {
    if (typeof caseId !== 'string' || !UUID.test(caseId)) return [];
    return (await this.repository.listByCase(caseId, manager)).map((row) => this.withHistory(row, row.history));
  }

  /** The status a deadline has at an instant (now by default). */
  statusAt(deadline: Pick<Deadline, 'status' | 'unit' | 'dueOn' | 'overdueFrom' | 'jurisdiction'>, at: Date = this.clock.now()): Deadline['status'] {
    return this.rules.currentStatus({ ...deadline, overdueFrom: new Date(deadline.overdueFrom) }, at);
  }

  // --- internals ---------------------------------------------------------------------------

  private async restartLocked(manager: EntityManager, row: DeadlineRow, when: When, reason: string, actor: AuditActor | undefined, batch?: AuditBatch): Promise<DeadlineRow> {
    const stop = await this.repository.openClockStop(manager, row.id);
    if (!stop) throw new Error(`deadline ${row.id} is stopped but has no open clock stop`);
    const lines: ExplanationLine[] = [];
    let dueOn: string;
    let overdueFrom: Date;
    let movedBy: number;
    let movedByUnit: 'working_days' | 'calendar_days' | 'seconds';
    if (row.unit === 'hours') {
      const stoppedAt = stop.stoppedAt ?? endOfLondonDay(stop.stoppedOn);
      const restartAt = when.instant ?? endOfLondonDay(when.date);
      if (restartAt.getTime() < stoppedAt.getTime()) throw invalid([{ field: 'on', message: `must not be before the clock stopped (${stoppedAt.toISOString()})` }]);
      movedBy = Math.round((restartAt.getTime() - stoppedAt.getTime()) / 1000);
      movedByUnit = 'seconds';
      overdueFrom = new Date(row.overdueFrom.getTime() + movedBy * 1000);
      dueOn = londonDateOf(overdueFrom);
      lines.push({
        kind: 'change',
        date: londonDateOf(restartAt),
        text: `Clock restarted at ${longInstant(restartAt)} (${reason}): stopped for ${formatDuration(movedBy)}; due moves from ${longInstant(row.overdueFrom)} to ${longInstant(overdueFrom)}`,
      });
    } else {
      if (when.date < stop.stoppedOn) throw invalid([{ field: 'on', message: `must not be before the clock stopped (${stop.stoppedOn})` }]);
      const working = row.unit === 'working_days';
      movedByUnit = working ? 'working_days' : 'calendar_days';
      movedBy = working ? this.calendar.workingDaysBetween(stop.stoppedOn, when.date, row.jurisdiction) : daysBetween(stop.stoppedOn, when.date);
      const moved = working
        ? this.calendar.addPeriod({ from: row.dueOn, amount: movedBy, unit: 'working_days', jurisdiction: row.jurisdiction })
        : undefined;
      dueOn = moved ? moved.date : addDays(row.dueOn, movedBy);
      overdueFrom = endOfLondonDay(dueOn);
      const what = working ? (movedBy === 1 ? 'working day' : 'working days') : movedBy === 1 ? 'day' : 'days';
      lines.push({
        kind: 'change',
        date: when.date,
        text:
          `Clock restarted on ${longLegalDate(when.date)} (${reason}): ${movedBy} ${what} stopped after ${longLegalDate(stop.stoppedOn)}` +
          (movedBy > 0 ? `; due date moves from ${longLegalDate(row.dueOn)} to ${longLegalDate(dueOn)}` : '; the due date does not move'),
      });
      if (moved) for (const skipped of moved.lines.filter((l) => l.kind === 'skipped')) lines.push({ ...skipped, kind: 'change', text: `  ${skipped.text}` });
    }
    await this.repository.closeClockStop(manager, stop.id, { restartedOn: when.date, restartedAt: row.unit === 'hours' ? when.instant : null, movedBy, movedByUnit });
    const updated = await this.repository.update(
      manager,
      row.id,
      { status: 'pending', dueOn, overdueFrom, explanation: [...row.explanation, ...lines], markedDueSoonAt: null, markedOverdueAt: null },
      this.clock.now(),
    );
    await this.record(manager, updated, 'deadline.clock_restarted', actor, {
      fromState: 'stopped',
      toState: 'pending',
      reason,
      changes: { dueOn: { before: row.dueOn, after: dueOn } },
      data: { restartedOn: when.date, movedBy, movedByUnit },
    }, batch);
    return updated;
  }

  private async cancelLocked(manager: EntityManager, row: LockedDeadlineRow, reason: string, actor: AuditActor | undefined, batch?: AuditBatch): Promise<Deadline> {
    const now = this.clock.now();
    const line: ExplanationLine = { kind: 'change', date: londonDateOf(now), text: `Cancelled on ${longLegalDate(londonDateOf(now))}: ${reason}` };
    const updated = await this.repository.update(manager, row.id, { status: 'cancelled', cancelledAt: now, cancelReason: reason, explanation: [...row.explanation, line] }, now);
    await this.record(manager, updated, 'deadline.cancelled', actor, { fromState: row.status, toState: 'cancelled', reason }, batch);
    return this.withHistory(updated, row.history);
  }

  private async lockOpen(manager: EntityManager, ref: DeadlineRef): Promise<LockedDeadlineRow | undefined> {
    if (typeof ref !== 'string') return this.repository.lockOpenBySubject(manager, ref);
    if (!UUID.test(ref)) throw this.notFound();
    const row = await this.repository.lockById(manager, ref);
    if (!row) throw this.notFound();
    if (CLOSED_STATUSES.includes(row.status)) throw this.closed(row);
    return row;
  }

  private async requireOpen(manager: EntityManager, ref: DeadlineRef): Promise<LockedDeadlineRow> {
    const row = await this.lockOpen(manager, ref);
    if (!row) throw this.notFound();
    return row;
  }

  /** Resolves a date or instant against the deadline: not before it started, not in the future. */
  private when(row: DeadlineRow, value: string | Date, field: string): When {
    const now = this.clock.now();
    let when: When;
    if (typeof value === 'string' && isLegalDate(value)) when = { date: value, instant: null };
    else {
      const instant = this.instant(value, field);
      when = { date: londonDateOf(instant), instant };
    }
    if (when.instant ? when.instant.getTime() > now.getTime() + CLOCK_SKEW_MS : when.date > londonDateOf(now)) {
      throw invalid([{ field, message: 'must not be in the future' }]);
    }
    const beforeStart = row.startsAt && when.instant ? when.instant.getTime() < row.startsAt.getTime() : when.date < row.startsOn;
    if (beforeStart) throw invalid([{ field, message: `must not be before the deadline started (${row.startsAt?.toISOString() ?? row.startsOn})` }]);
    return when;
  }

  private instant(value: Date | string, field: string): Date {
    const instant = value instanceof Date ? value : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : new Date(NaN);
    if (Number.isNaN(instant.getTime())) throw invalid([{ field, message: 'must be an ISO 8601 instant such as 2026-05-13T14:05:00Z' }]);
    const iso = instant.toISOString();
    if (iso < EARLIEST || iso > `${LATEST}T23:59:59.999Z`) throw invalid([{ field, message: `must be from ${EARLIEST} to ${LATEST}` }]);
    return instant;
  }

  private fixedDateLines(startsOn: string, dueOn: string, jurisdiction: Jurisdiction): ExplanationLine[] {
    const lines: ExplanationLine[] = [
      { kind: 'start', date: startsOn, text: `Start: ${longLegalDate(startsOn)}` },
      { kind: 'result', date: dueOn, text: `Due: ${longLegalDate(dueOn)}, the date set by the decision` },
    ];
    if (!this.calendar.isWorkingDay(dueOn, jurisdiction)) {
      const holiday = this.calendar.holidayOn(dueOn, jurisdiction);
      lines.push({
        kind: 'note',
        date: dueOn,
        text: `Note: ${longLegalDate(dueOn)} is ${holiday ? `a bank holiday in ${JURISDICTION_NAMES[jurisdiction]} (${holiday.name})` : 'a weekend day'}; a date set by the decision is not moved`,
      });
    }
    lines.push({ kind: 'rule', text: 'Rule: a date set by the decision; the deadline ends at the end of that day, UK time' });
    return lines;
  }

  private dueText(row: DeadlineRow): string {
    return row.unit === 'hours' ? longInstant(row.overdueFrom) : longLegalDate(row.dueOn);
  }

  private actorFor(actor: AuditActor | undefined): AuditActor {
    if (actor) return actor;
    const principal = RequestContext.current()?.principal;
    return principal ? actorOf(principal) : SYSTEM_ACTOR;
  }

  private async record(
    manager: EntityManager,
    row: DeadlineRow,
    event: string,
    actor: AuditActor | undefined,
    extra: { fromState?: string; toState?: string; reason?: string; changes?: Record<string, { before: unknown; after: unknown }>; data?: Record<string, unknown> },
    batch?: AuditBatch,
  ): Promise<void> {
    const entry = {
      chainId: row.caseId ? `case:${row.caseId}` : `deadline:${row.id}`,
      event,
      actor: this.actorFor(actor),
      subjectType: 'deadline',
      subjectId: row.id,
      fromState: extra.fromState ?? null,
      toState: extra.toState ?? null,
      reason: extra.reason ?? null,
      changes: extra.changes ?? null,
      data: { kind: row.kind, subjectType: row.subjectType, subjectId: row.subjectId, dueOn: row.dueOn, ...extra.data },
    };
    if (batch) batch.add(entry);
    else await this.audit.append(manager, entry);
  }

  private notFound(): DomainError {
    return new DomainError('DEADLINE_NOT_FOUND', 'There is no deadline with that id. Check the id, or list the deadlines of the case.');
  }

  private closed(row: DeadlineRow): DomainError {
    return new DomainError('DEADLINE_CLOSED', `This deadline is already ${row.status.replace('_', ' ')}: it can no longer change.`);
  }

  private async hydrate(manager: EntityManager | undefined, row: DeadlineRow): Promise<Deadline> {
    const [deadline] = await this.hydrateAll(manager, [row]);
    return deadline as Deadline;
  }

  private async hydrateAll(manager: EntityManager | undefined, rows: DeadlineRow[]): Promise<Deadline[]> {
    const history = await this.repository.historyOf(rows.map((r) => r.id), manager);
    return rows.map((row) => this.toDeadline(row, history.get(row.id)?.extensions ?? [], history.get(row.id)?.clockStops ?? []));
  }

  /** A deadline with the history read beside it (with its lock, for a change made under it). */
  private withHistory(row: DeadlineRow, history: DeadlineHistory): Deadline {
    return this.toDeadline(row, history.extensions, history.clockStops);
  }

  private toDeadline(row: DeadlineRow, extensions: DeadlineExtension[], clockStops: DeadlineClockStop[]): Deadline {
    const now = this.clock.now();
    return {
      id: row.id,
      kind: row.kind,
      label: row.label,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      caseId: row.caseId,
      reference: row.reference,
      unit: row.unit,
      amount: row.amount,
      jurisdiction: row.jurisdiction,
      startsOn: row.startsOn,
      startsAt: row.startsAt?.toISOString() ?? null,
      dueOn: row.dueOn,
      dueAt: row.unit === 'hours' ? row.overdueFrom.toISOString() : null,
      overdueFrom: row.overdueFrom.toISOString(),
      originalDueOn: row.originalDueOn,
      status: this.rules.currentStatus(row, now),
      explanation: row.explanation.map((l) => l.text),
      explanationLines: row.explanation,
      extensions,
      clockStops,
      satisfiedOn: row.satisfiedOn,
      satisfiedAt: row.satisfiedAt?.toISOString() ?? null,
      satisfiedByEvent: row.satisfiedByEvent,
      cancelledAt: row.cancelledAt?.toISOString() ?? null,
      cancelReason: row.cancelReason,
      ownerUserId: row.ownerUserId,
      escalateToUserId: row.escalateToUserId,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

function formatDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}

