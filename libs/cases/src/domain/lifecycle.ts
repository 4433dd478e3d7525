import { REGULATOR_ROLES, type Role } from '@app/core';
import { checkFields } from './fields.js';
import { GUARDS, runningDeadlines } from './guards.js';
import { ukDateOf } from './legal-date.js';
import { CREATE_RULE, TRANSITIONS, type TransitionRule } from './lifecycle-table.js';
import {
  DEFAULT_LIFECYCLE_POLICY,
  type Blocked,
  type CaseActor,
  type CaseSnapshot,
  type DeadlineToStart,
  type Evaluation,
  type LifecyclePolicy,
  type TransitionPlan,
} from './model.js';
import { CASE_EVENTS, type CaseEvent, type CaseState } from './vocabulary.js';

export interface EvaluateOptions {
  /** When the step really happened (history import); absent means now. */
  occurredAt?: Date | null;
  reason?: string | null;
  /** List what could be fired without data: data-only checks are skipped. */
  probe?: boolean;
}

export interface AvailableEvent {
  event: CaseEvent;
  toState: CaseState;
  roles: readonly Role[];
  fields: { name: string; type: string; required: boolean; description: string }[];
  /** Groups of fields of which one must be given. */
  oneOf: string[][];
}

export interface BlockedEvent {
  event: CaseEvent;
  code: string;
  reason: string;
}

const isEvent = (event: string): event is CaseEvent => (CASE_EVENTS as readonly string[]).includes(event);
const list = (items: readonly string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

function withImportRoles(roles: readonly Role[], backdated: boolean): readonly Role[] {
  if (!backdated) return roles;
  return [...new Set<Role>([...roles.filter((r) => (REGULATOR_ROLES as readonly Role[]).includes(r)), 'admin'])];
}

/**
 * The enforcement lifecycle as a pure state machine over the table in lifecycle-table.ts: it decides
 * whether an event may happen and, if so, everything it does. It reads no clock and writes nothing.
 */
export class Lifecycle {
  constructor(
    readonly rules: readonly TransitionRule[] = TRANSITIONS,
    readonly policy: LifecyclePolicy = DEFAULT_LIFECYCLE_POLICY,
  ) {}

  ruleFor(state: CaseState, event: CaseEvent): TransitionRule | undefined {
    return this.rules.find((r) => r.event === event && r.from.includes(state));
  }

  /** The states an event may lead to from a state (every rule's target, resolving `same`). */
  targetsFrom(state: CaseState): Set<CaseState> {
    return new Set(this.rules.filter((r) => r.from.includes(state)).map((r) => (r.to === 'same' ? state : r.to)));
  }

  /** Roles that may fire a rule's event: its own, and when importing history, regulator roles among them plus admin. */
  rolesFor(rule: TransitionRule, backdated: boolean): readonly Role[] {
    return withImportRoles(rule.roles, backdated);
  }

  /** Whether the actor may create a case (at occurredAt, when importing history). */
  evaluateCreate(actor: CaseActor, now: Date, options: Pick<EvaluateOptions, 'occurredAt' | 'reason'> = {}): { allowed: true } | { allowed: false; blockedBy: Blocked } {
    const occurredAt = options.occurredAt ?? null;
    const backdated = occurredAt !== null;
    const refused = this.refusesActor('Creating a case', withImportRoles(CREATE_RULE.roles, backdated), actor, backdated) ?? this.refusesHistory(occurredAt, null, now, options.reason ?? null);
    return refused ? { allowed: false, blockedBy: refused } : { allowed: true };
  }

  evaluate(
    snapshot: CaseSnapshot,
    event: string,
    actor: CaseActor,
    data: Readonly<Record<string, unknown>>,
    now: Date,
    options: EvaluateOptions = {},
  ): Evaluation {
    const refuse = (blockedBy: Blocked, toState?: CaseState): Evaluation => ({ allowed: false, toState, blockedBy });
    if (!isEvent(event)) {
      return refuse({ code: 'CASE_EVENT_UNKNOWN', reason: `"${event.slice(0, 60)}" is not an event of the case lifecycle. Events: ${CASE_EVENTS.join(', ')}.` });
    }
    const rule = this.ruleFor(snapshot.state, event);
    if (!rule) {
      const from = [...new Set(this.rules.filter((r) => r.event === event).flatMap((r) => r.from))];
      return refuse({
        code: 'CASE_TRANSITION_NOT_ALLOWED',
        reason: `${event} cannot happen while the case is in ${snapshot.state}; it is possible from ${list(from)}.`,
      });
    }
    const toState = rule.to === 'same' ? snapshot.state : rule.to;
    const probe = options.probe === true;
    const occurredAt = probe ? null : (options.occurredAt ?? null);
    const backdated = occurredAt !== null;
    const reason = options.reason ?? null;

    const refused = this.refusesActor(event, this.rolesFor(rule, backdated), actor, backdated) ?? this.refusesHistory(occurredAt, snapshot.lastOccurredAt, now, reason);
    if (refused) return refuse(refused, toState);

    const at = occurredAt ?? now;
    const today = ukDateOf(at);
    const ctx = { snapshot, actor, data, reason, at, today, policy: this.policy, probe };
    for (const name of rule.guards) {
      const guard = GUARDS[name];
      const why = guard.check(ctx);
      if (why !== null) return refuse({ code: guard.code, reason: why }, toState);
    }
    if (!probe) {
      const { missing, invalid } = checkFields(rule.fields, rule.oneOf ?? [], data);
      if (missing.length > 0) {
        return refuse({ code: 'CASE_FIELD_REQUIRED', reason: `${event} needs ${missing.join(', ')}.`, fields: missing }, toState);
      }
      if (invalid.length > 0) {
        return refuse(
          { code: 'CASE_FIELD_INVALID', reason: invalid.map((p) => `${p.field} ${p.message}`).join('; ') + '.', fields: invalid.map((p) => p.field) },
          toState,
        );
      }
    }
    return { allowed: true, toState, plan: this.plan(rule, snapshot, actor, data, at, today, backdated) };
  }

  /** Every event of the lifecycle: those the actor may fire now (and what data they take), and why each other one is refused. */
  available(snapshot: CaseSnapshot, actor: CaseActor, now: Date): { available: AvailableEvent[]; blocked: BlockedEvent[] } {
    const available: AvailableEvent[] = [];
    const blocked: BlockedEvent[] = [];
    for (const event of CASE_EVENTS) {
      const result = this.evaluate(snapshot, event, actor, {}, now, { probe: true });
      if (!result.allowed) {
        blocked.push({ event, code: result.blockedBy.code, reason: result.blockedBy.reason });
        continue;
      }
      const rule = this.ruleFor(snapshot.state, event) as TransitionRule;
      available.push({
        event,
        toState: result.toState,
        roles: rule.roles,
        fields: Object.entries(rule.fields).map(([name, spec]) => ({
          name,
          type: spec.type,
          required: spec.required === true,
          description: spec.description,
        })),
        oneOf: (rule.oneOf ?? []).map((g) => [...g.fields]),
      });
    }
    return { available, blocked };
  }

  private refusesActor(what: string, roles: readonly Role[], actor: CaseActor, backdated: boolean): Blocked | null {
    if (actor.roles.some((r) => roles.includes(r))) return null;
    return {
      code: 'CASE_ROLE_NOT_ALLOWED',
      reason: `${what} ${backdated ? 'imported with occurredAt ' : ''}can be done by ${list(roles)}; you are ${list(actor.roles) || 'without a role'}.`,
    };
  }

  /** The history-import rules: occurredAt is never in the future nor before the previous event, and comes with a reason. */
  private refusesHistory(occurredAt: Date | null, previous: Date | null, now: Date, reason: string | null): Blocked | null {
    if (occurredAt === null) return null;
    if (occurredAt.getTime() > now.getTime()) {
      return { code: 'CASE_OCCURRED_AT_IN_FUTURE', reason: `occurredAt ${occurredAt.toISOString()} is in the future: give when the step really happened.`, fields: ['occurredAt'] };
    }
    if (previous && occurredAt.getTime() < previous.getTime()) {
      return {
        code: 'CASE_OCCURRED_AT_BEFORE_PREVIOUS',
        reason: `occurredAt ${occurredAt.toISOString()} is before the case's previous event (${previous.toISOString()}): import history in order.`,
        fields: ['occurredAt'],
      };
    }
    if (reason === null || reason.trim() === '') {
      return { code: 'CASE_REASON_REQUIRED', reason: 'A step recorded with occurredAt (history import) needs a reason saying where the record comes from.', fields: ['reason'] };
    }
    return null;
  }

  private plan(
    rule: TransitionRule,
    snapshot: CaseSnapshot,
    actor: CaseActor,
    data: Readonly<Record<string, unknown>>,
    at: Date,
    today: string,
    backdated: boolean,
  ): TransitionPlan {
    const effects = rule.effects?.apply({ snapshot, actor, data, at }) ?? {};
    const startDeadlines: DeadlineToStart[] = [];
    for (const start of rule.deadlines?.starts ?? []) {
      const period = start.period(data, this.policy, today);
      if (period) startDeadlines.push({ kind: start.kind, subject: start.subject, startsOn: today, jurisdiction: snapshot.jurisdiction, ...period });
    }
    // Each kind met: every running deadline of it, except that an answer meets one information notice (the one named, or the oldest).
    const satisfyDeadlines = (rule.deadlines?.satisfies ?? []).flatMap((kind) => {
      const running = runningDeadlines(snapshot.deadlines, kind);
      if (kind !== 'information_notice_response') return running;
      const named = running.find((d) => d.subjectId === data.noticeId);
      return named ? [named] : running.slice(0, 1);
    });
    return {
      event: rule.event,
      fromState: snapshot.state,
      toState: rule.to === 'same' ? snapshot.state : rule.to,
      occurredAt: at,
      backdated,
      changes: effects.changes ?? {},
      startDeadlines,
      satisfyDeadlines: satisfyDeadlines.map(({ id, kind, subjectType, subjectId }) => ({ id, kind, subjectType, subjectId })),
      closeDeadlines: (rule.deadlines?.closes ?? []).flatMap((kind) => runningDeadlines(snapshot.deadlines, kind)).map(({ id }) => id),
      cancelOpenDeadlines: rule.deadlines?.cancelsOpen === true,
      documents: [...(rule.documents ?? [])],
      links: effects.links ?? [],
      matterIds: effects.matterIds ?? [],
    };
  }
}
