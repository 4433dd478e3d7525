import type { Role } from '@app/core';
import type {
  CaseDeadlineKind,
  CaseDocumentTemplate,
  CaseEvent,
  CaseLinkRelation,
  CaseState,
  ClosureOutcome,
  DeadlineUnit,
  Jurisdiction,
} from './vocabulary.js';

/** Who fires an event: the lifecycle needs the person's id (four eyes) and roles. */
export interface CaseActor {
  id: string;
  roles: readonly Role[];
}

/** A deadline of the case as the lifecycle's guards see it. */
export interface CaseDeadlineView {
  id: string;
  kind: string;
  /** What the deadline belongs to: `case` for the case's own, `information_notice` for one notice. */
  subjectType: string;
  subjectId: string;
  startsOn: string;
  dueOn: string;
  /** As the deadlines context reports it: pending, due_soon, overdue, stopped while running; met, met_late, cancelled when over. */
  status: string;
}

/** What the lifecycle needs to know about a case to decide whether an event may happen. */
export interface CaseSnapshot {
  id: string;
  state: CaseState;
  version: number;
  jurisdiction: Jurisdiction;
  assignedOfficerId: string | null;
  investigatingOfficerId: string | null;
  investigationOpenedAt: Date | null;
  representationsReceivedAt: Date | null;
  /** When the case's latest event really happened (its occurredAt). */
  lastOccurredAt: Date;
  deadlines: readonly CaseDeadlineView[];
}

/** The case fields an event may change (besides its state). */
export interface CaseChanges {
  assignedOfficerId?: string | null;
  investigatingOfficerId?: string | null;
  investigationOpenedAt?: Date | null;
  publishedAt?: Date | null;
  provisions?: string[];
  representationsReceivedAt?: Date | null;
  outcome?: ClosureOutcome | null;
  closedAt?: Date | null;
}

/** A period counted from the event's date, or a date the event names. */
export type DeadlinePeriod = { amount: number; unit: DeadlineUnit } | { dueOn: string; unit: 'fixed_date' };

/** Whose deadline: the case itself, or the notice the event issues (one information notice among several). */
export type DeadlineSubject = 'case' | 'notice';

export type DeadlineToStart = DeadlinePeriod & {
  kind: CaseDeadlineKind;
  subject: DeadlineSubject;
  startsOn: string;
  jurisdiction: Jurisdiction;
};

/** Everything an accepted event does, computed before anything is written. */
export interface TransitionPlan {
  event: CaseEvent;
  fromState: CaseState;
  toState: CaseState;
  /** When the step really happened: the given occurredAt, or now. */
  occurredAt: Date;
  /** True when the caller gave occurredAt (history import). */
  backdated: boolean;
  changes: CaseChanges;
  startDeadlines: DeadlineToStart[];
  /** The running deadlines the event meets. */
  satisfyDeadlines: { id: string; kind: string; subjectType: string; subjectId: string }[];
  /** Running deadlines (ids) the event ends without their being met. */
  closeDeadlines: string[];
  cancelOpenDeadlines: boolean;
  documents: CaseDocumentTemplate[];
  links: { relation: CaseLinkRelation; caseId: string }[];
  matterIds: string[];
}

/** Why an event is refused: a stable code and a sentence a person can act on. */
export interface Blocked {
  code: string;
  reason: string;
  /** The fields at fault, as `data.<name>` (for missing or invalid data). */
  fields?: string[];
}

export type Evaluation =
  | { allowed: true; toState: CaseState; plan: TransitionPlan }
  | { allowed: false; toState?: CaseState; blockedBy: Blocked };

/** Numbers the law leaves open: the product's defaults, configurable per installation and per event. */
export interface LifecyclePolicy {
  representationsWorkingDays: number;
  penaltyPaymentDays: number;
  informationNoticeMinDaysWithSteps: number;
}

export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = {
  representationsWorkingDays: 20,
  penaltyPaymentDays: 30,
  informationNoticeMinDaysWithSteps: 7,
};

/** Roles as listed in the table (imports add `admin`). */
export type RuleRoles = readonly Role[];
