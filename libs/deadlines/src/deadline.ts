import type { AuditActor } from '@app/audit';
import type { ExplanationLine, Jurisdiction } from './calendar/uk-calendar.js';

/**
 * What a deadline is for. The first four are started by the case lifecycle; the super-complaint
 * clock has two; takedown duties run in hours; `reminder` is a date an officer sets to follow up.
 */
export const DEADLINE_KINDS = [
  'information_notice_response',
  'representations',
  'compliance',
  'penalty_payment',
  'super_complaint_eligibility',
  'super_complaint_response',
  'intimate_image_takedown',
  'reminder',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Words for each kind, used in explanations and messages when the caller gives no label. */
export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  information_notice_response: 'Response to the information notice',
  representations: 'Representations on the provisional notice',
  compliance: 'Compliance with the requirements of the confirmation decision',
  penalty_payment: 'Payment of the penalty',
  super_complaint_eligibility: 'Decision on the eligibility of the super-complaint',
  super_complaint_response: 'Response to the super-complaint',
  intimate_image_takedown: 'Removal of the flagged intimate image',
  reminder: 'Reminder',
};

export const DEADLINE_UNITS = ['working_days', 'calendar_days', 'calendar_months', 'hours', 'fixed_date'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export const DEADLINE_STATUSES = ['pending', 'due_soon', 'overdue', 'met', 'met_late', 'cancelled', 'stopped'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** Statuses of a deadline whose clock is running (the sweep watches these). */
export const RUNNING_STATUSES: readonly DeadlineStatus[] = ['pending', 'due_soon', 'overdue'];
/** Statuses from which nothing more can happen. */
export const CLOSED_STATUSES: readonly DeadlineStatus[] = ['met', 'met_late', 'cancelled'];

export interface DeadlineExtension {
  previousDueOn: string;
  newDueOn: string;
  /** For deadlines in hours: the new due instant. */
  newDueAt: string | null;
  reason: string;
  approvedBy: { id: string | null; label: string };
  createdAt: string;
}

export interface DeadlineClockStop {
  stoppedOn: string;
  stoppedAt: string | null;
  reason: string;
  restartedOn: string | null;
  restartedAt: string | null;
  /** How far the due date moved when the clock restarted (null while stopped). */
  movedBy: number | null;
  movedByUnit: 'working_days' | 'calendar_days' | 'seconds' | null;
}

/** A deadline as the API and other contexts see it. */
export interface Deadline {
  id: string;
  kind: DeadlineKind;
  label: string;
  subjectType: string;
  subjectId: string;
  caseId: string | null;
  /** A human reference of what the deadline belongs to (e.g. the case reference), for messages. */
  reference: string | null;
  unit: DeadlineUnit;
  /** The period's length in its unit; null for a date set by the decision. */
  amount: number | null;
  jurisdiction: Jurisdiction;
  startsOn: string;
  /** For deadlines in hours: the instant the clock started. */
  startsAt: string | null;
  dueOn: string;
  /** For deadlines in hours: the due instant. */
  dueAt: string | null;
  /** The first instant the deadline counts as missed: end of dueOn in UK local time, or dueAt for hours. */
  overdueFrom: string;
  originalDueOn: string;
  status: DeadlineStatus;
  explanation: string[];
  explanationLines: ExplanationLine[];
  extensions: DeadlineExtension[];
  clockStops: DeadlineClockStop[];
  satisfiedOn: string | null;
  satisfiedAt: string | null;
  satisfiedByEvent: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  ownerUserId: string | null;
  escalateToUserId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Identifies the running deadline of one kind for one subject. */
export interface DeadlineSubjectRef {
  subjectType: string;
  subjectId: string;
  kind: DeadlineKind;
}

/** A deadline by id, or the running one of a kind for a subject. */
export type DeadlineRef = string | DeadlineSubjectRef;

export interface StartDeadlineInput {
  subjectType: string;
  subjectId: string;
  caseId?: string | null;
  kind: DeadlineKind;
  /** Day 0 of the period (YYYY-MM-DD). For hours, defaults to the UK date of startsAt. */
  startsOn?: string;
  unit: DeadlineUnit;
  /** Length of the period; not used for fixed_date. For hours, the number of hours. */
  amount?: number;
  /** Hours only: an alias of amount. */
  hours?: number;
  /** Hours only: the instant the clock starts (e.g. when the image was flagged). */
  startsAt?: Date | string;
  /** fixed_date only: the date the decision set. */
  dueOn?: string;
  jurisdiction?: Jurisdiction;
  label?: string;
  reference?: string;
  /** Who is reminded (e.g. the case officer). */
  ownerUserId?: string | null;
  /** Who hears when it is missed (the case's decision-maker). */
  escalateToUserId?: string | null;
  actor?: AuditActor;
}

export interface SatisfyDeadlineInput extends DeadlineSubjectRef {
  /** When the event that meets it happened: a date, or an instant (needed for deadlines in hours). */
  on: string | Date;
  /** The event that meets it, e.g. `record_representations`. */
  byEvent: string;
  actor?: AuditActor;
}

export interface ClockStopInput {
  /** The day the clock stops (the stop day itself still counts), or an instant for deadlines in hours. */
  on: string | Date;
  reason: string;
  actor?: AuditActor;
}

export interface ClockRestartInput {
  /** The day the clock restarts (counting resumes the day after), or an instant for deadlines in hours. */
  on: string | Date;
  reason?: string;
  actor?: AuditActor;
}

export interface ExtendDeadlineInput {
  /** The new due date; must be after the current one. */
  newDueOn?: string;
  /** Deadlines in hours: the new due instant (instead of newDueOn). */
  newDueAt?: Date | string;
  reason: string;
}

/** Reminder and status settings (see DEFAULT_DEADLINE_SETTINGS). */
export interface DeadlineSettings {
  /** Remind the owner this many working days before a date deadline, once per threshold. */
  reminderWorkingDaysBefore: number[];
  /** Remind the owner this many hours before a deadline in hours, once per threshold. */
  reminderHoursBefore: number[];
  /** A running date deadline is due_soon from this many working days before its due date. */
  dueSoonWorkingDays: number;
  /** A running deadline in hours is due_soon from this many hours before it is due. */
  dueSoonHours: number;
  /** How often the sweep runs in worker processes. */
  sweepEverySeconds: number;
  /** Deadlines the sweep handles per batch. */
  sweepBatchSize: number;
  /** Path of a case in the web UI, for links in messages (`{caseId}` is replaced). */
  caseLinkTemplate: string;
}

export const DEFAULT_DEADLINE_SETTINGS: DeadlineSettings = {
  reminderWorkingDaysBefore: [5, 1],
  reminderHoursBefore: [24, 4],
  dueSoonWorkingDays: 5,
  dueSoonHours: 24,
  sweepEverySeconds: 300,
  sweepBatchSize: 100,
  caseLinkTemplate: '/cases/{caseId}',
};

/** Nest token of the DeadlineSettings in force. */
export const DEADLINE_SETTINGS = Symbol('DEADLINE_SETTINGS');
