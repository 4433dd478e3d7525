import { calendarDaysBetween } from './legal-date.js';
import type { CaseActor, CaseDeadlineView, CaseSnapshot, LifecyclePolicy } from './model.js';

export interface GuardContext {
  snapshot: CaseSnapshot;
  actor: CaseActor;
  data: Readonly<Record<string, unknown>>;
  reason: string | null;
  /** When the step happens (occurredAt or now), and its UK date. */
  at: Date;
  today: string;
  policy: LifecyclePolicy;
  /**
   * Listing what the caller could fire now, without data: a guard that only data can satisfy
   * passes, and the data it needs is listed with the event instead.
   */
  probe: boolean;
}

export interface Guard {
  code: string;
  /** What the guard checks, in words (for docs/lifecycle.md). */
  description: string;
  /** The reason the event is refused, or null when the guard holds. */
  check(ctx: GuardContext): string | null;
}

/** The most recently started deadline of a kind that was not cancelled (e.g. the latest representations period). */
export function latestDeadline(deadlines: readonly CaseDeadlineView[], kind: string): CaseDeadlineView | undefined {
  return deadlines
    .filter((d) => d.kind === kind && d.status !== 'cancelled')
    .reduce<CaseDeadlineView | undefined>((latest, d) => (!latest || d.startsOn >= latest.startsOn ? d : latest), undefined);
}

/** Statuses of a deadline that is over (the deadlines context's closed statuses). */
const DONE_STATUSES = ['met', 'met_late', 'cancelled'];
const isDone = (status: string): boolean => DONE_STATUSES.includes(status);

/** The deadlines of a kind whose clock is still running, oldest first. */
export function runningDeadlines(deadlines: readonly CaseDeadlineView[], kind: string): CaseDeadlineView[] {
  return deadlines.filter((d) => d.kind === kind && !isDone(d.status)).sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0));
}

/** Every guard of the lifecycle, by name. The table refers to them by these names. */
export const GUARDS = {
  four_eyes: {
    code: 'CASE_FOUR_EYES_REQUIRED',
    description: 'the decision is taken by someone other than the case\'s investigating officer',
    check: ({ snapshot, actor }) =>
      snapshot.investigatingOfficerId !== null && snapshot.investigatingOfficerId === actor.id
        ? 'You are the investigating officer of this case: another decision-maker must take this decision (four eyes).'
        : null,
  },
  representations_period_ended: {
    code: 'CASE_REPRESENTATIONS_PERIOD_OPEN',
    description: 'the representations period has ended, or the provider\'s representations were received and are recorded as considered',
    check: ({ snapshot, data, today, probe }) => {
      const period = latestDeadline(snapshot.deadlines, 'representations');
      if (!period) return 'No representations period is recorded for this case: issue a provisional notice first.';
      if (today > period.dueOn) return null;
      const received = snapshot.representationsReceivedAt !== null;
      if (received && (probe || data.representationsConsidered === true)) return null;
      return received
        ? `The representations period runs until ${period.dueOn}. The provider's representations were received: record that they were considered (data.representationsConsidered: true) to decide before then.`
        : `The representations period runs until ${period.dueOn} and no representations have been recorded: wait until after that date, or record the provider's representations first.`;
    },
  },
  representations_considered: {
    code: 'CASE_REPRESENTATIONS_NOT_CONSIDERED',
    description: 'where representations were received, the decision-maker records that they were considered',
    check: ({ snapshot, data, probe }) =>
      snapshot.representationsReceivedAt !== null && !probe && data.representationsConsidered !== true
        ? "The provider's representations were received: record that you considered them (data.representationsConsidered: true)."
        : null,
  },
  outcome_recorded: {
    code: 'CASE_OUTCOME_REQUIRED',
    description: 'a closure outcome from the domain reference is given',
    check: ({ data, probe }) =>
      !probe && (data.outcome === undefined || data.outcome === null)
        ? 'Closing a case needs an outcome (data.outcome): no_action, remediated, warning_issued, geoblocked, no_contravention, complied, order_made, order_refused, withdrawn or merged.'
        : null,
  },
  merge_target_named: {
    code: 'CASE_FIELD_REQUIRED',
    description: 'a case closed as merged names the case it was merged into',
    check: ({ data, probe }) =>
      !probe && data.outcome === 'merged' && typeof data.mergedIntoCaseId !== 'string'
        ? 'A case closed as merged must name the case it was merged into (data.mergedIntoCaseId).'
        : null,
  },
  not_linked_to_itself: {
    code: 'CASE_LINK_TO_ITSELF',
    description: 'a case is never linked or merged to itself',
    check: ({ snapshot, data }) =>
      data.caseId === snapshot.id || data.mergedIntoCaseId === snapshot.id ? 'A case cannot be linked or merged to itself: name another case.' : null,
  },
  notice_period_long_enough: {
    code: 'CASE_NOTICE_PERIOD_TOO_SHORT',
    description: 'an information notice gives at least one day to respond, and at least 7 days where it requires s.100(3) steps',
    check: ({ data, today, policy, probe }) => {
      if (probe) return null;
      const days = typeof data.dueOn === 'string' ? calendarDaysBetween(today, data.dueOn) : typeof data.responseDays === 'number' ? data.responseDays : null;
      if (days === null) return null;
      const minimum = data.requiresSteps === true ? policy.informationNoticeMinDaysWithSteps : 1;
      return days < minimum
        ? `An information notice issued on ${today} must allow at least ${minimum} day(s) to respond${data.requiresSteps === true ? ' because it requires steps of the kind in s.100(3)' : ''}; it allows ${days}.`
        : null;
    },
  },
  information_notice_outstanding: {
    code: 'CASE_NO_OUTSTANDING_NOTICE',
    description: 'an information notice is awaiting its response',
    check: ({ snapshot, data }) => {
      const awaiting = runningDeadlines(snapshot.deadlines, 'information_notice_response');
      if (awaiting.length === 0) return 'No information notice of this case is awaiting a response: issue one first.';
      if (typeof data.noticeId === 'string' && !awaiting.some((d) => d.subjectId === data.noticeId)) {
        return `The notice ${data.noticeId} is not awaiting a response; these are: ${awaiting.map((d) => d.subjectId).join(', ')}.`;
      }
      return null;
    },
  },
  compliance_deadline_passed: {
    code: 'CASE_COMPLIANCE_DEADLINE_NOT_PASSED',
    description: 'a deadline set by the confirmation decision (steps or payment) has passed unmet',
    check: ({ snapshot, today }) => {
      const set = snapshot.deadlines.filter((d) => d.kind === 'compliance' || d.kind === 'penalty_payment');
      if (set.length === 0) return 'The confirmation decision set no deadline for steps or payment, so nothing can be overdue.';
      if (set.some((d) => !isDone(d.status) && d.dueOn < today)) return null;
      const next = set.filter((d) => !isDone(d.status)).map((d) => d.dueOn).sort()[0];
      return next
        ? `No deadline of the confirmation decision has passed yet: the next ends on ${next}. Non-compliance can be recorded from the day after.`
        : 'Every deadline of the confirmation decision was met.';
    },
  },
  steps_described: {
    code: 'CASE_FIELD_REQUIRED',
    description: 'a period for steps comes with the steps themselves',
    check: ({ data, probe }) =>
      !probe && typeof data.stepsWithin === 'number' && typeof data.stepsRequired !== 'string'
        ? 'Say which steps the provider must take within that period (data.stepsRequired).'
        : null,
  },
  reason_given: {
    code: 'CASE_REASON_REQUIRED',
    description: 'a reason is recorded',
    check: ({ reason, probe }) => (!probe && (reason === null || reason.trim() === '') ? 'Give the reason for this step (reason).' : null),
  },
} as const satisfies Record<string, Guard>;

export type GuardName = keyof typeof GUARDS;
