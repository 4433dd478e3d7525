import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ERROR_CATALOGUE, ROLES, type Role } from '@app/core';
import { GUARDS } from './guards.js';
import { Lifecycle } from './lifecycle.js';
import { GENERIC_REFUSALS } from './lifecycle-doc.js';
import { TRANSITIONS } from './lifecycle-table.js';
import type { CaseActor, CaseDeadlineView, CaseSnapshot } from './model.js';
import { CASE_EVENTS, CASE_STATES, CLOSURE_OUTCOMES, type CaseState } from './vocabulary.js';

const lifecycle = new Lifecycle();
const OFFICER: CaseActor = { id: '00000000-0000-4000-8000-00000000000a', roles: ['case_officer'] };
const DECIDER: CaseActor = { id: '00000000-0000-4000-8000-00000000000b', roles: ['decision_maker'] };
const ADMIN: CaseActor = { id: '00000000-0000-4000-8000-00000000000c', roles: ['admin'] };
const NOW = new Date('2026-05-13T10:00:00Z');
const CASE_ID = '11111111-1111-4111-8111-111111111111';
/** The pure lifecycle only checks a letter is an object: its content is the documents context's to check. */
const letter = { recipient: { organisationName: 'Demo Platform Ltd' } };
const DECISION = { stepsRequired: 'Remove reported images within 48 hours', stepsWithin: 10, letter };

function snapshot(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    id: CASE_ID,
    state: 'assessment',
    version: 1,
    jurisdiction: 'england-and-wales',
    assignedOfficerId: OFFICER.id,
    investigatingOfficerId: null,
    investigationOpenedAt: null,
    representationsReceivedAt: null,
    lastOccurredAt: new Date('2026-01-05T09:00:00Z'),
    deadlines: [],
    ...overrides,
  };
}

const representations = (dueOn: string, status = 'pending'): CaseDeadlineView => ({ id: 'd1', kind: 'representations', subjectType: 'case', subjectId: CASE_ID, startsOn: '2026-04-01', dueOn, status });
const inProvisional = (overrides: Partial<CaseSnapshot> = {}): CaseSnapshot =>
  snapshot({ state: 'provisional_notice', investigatingOfficerId: OFFICER.id, investigationOpenedAt: new Date('2026-02-01T09:00:00Z'), ...overrides });

describe('the lifecycle table', () => {
  it('uses only canonical states and events, and every guard and refusal has a catalogued error code', () => {
    for (const rule of TRANSITIONS) {
      expect(CASE_EVENTS).toContain(rule.event);
      for (const s of rule.from) expect(CASE_STATES).toContain(s);
      if (rule.to !== 'same') expect(CASE_STATES).toContain(rule.to);
    }
    for (const guard of Object.values(GUARDS)) expect(ERROR_CATALOGUE).toHaveProperty(guard.code);
    for (const refusal of GENERIC_REFUSALS) expect(ERROR_CATALOGUE).toHaveProperty(refusal.code);
  });

  it('has at most one rule for each state and event', () => {
    for (const state of CASE_STATES) {
      for (const event of CASE_EVENTS) {
        expect(TRANSITIONS.filter((r) => r.event === event && r.from.includes(state)).length).toBeLessThanOrEqual(1);
      }
    }
  });

  it('can reach every state from assessment', () => {
    const seen = new Set<CaseState>(['assessment']);
    const queue: CaseState[] = ['assessment'];
    while (queue.length) for (const next of lifecycle.targetsFrom(queue.shift() as CaseState)) if (!seen.has(next)) (seen.add(next), queue.push(next));
    expect([...seen].sort()).toEqual([...CASE_STATES].sort());
  });
});

describe('deciding whether an event may happen', () => {
  it('lets a case officer open an investigation and records them as investigating officer', () => {
    const result = lifecycle.evaluate(snapshot(), 'open_investigation', OFFICER, {}, NOW);
    expect(result.allowed).toBe(true);
    if (!result.allowed) return;
    expect(result.toState).toBe('investigation');
    expect(result.plan.changes.investigatingOfficerId).toBe(OFFICER.id);
    expect(result.plan.changes.publishedAt).toEqual(NOW);
  });

  it('refuses an event the current state does not allow, naming where it is possible', () => {
    const result = lifecycle.evaluate(snapshot(), 'issue_confirmation_decision', DECIDER, {}, NOW);
    expect(result).toMatchObject({ allowed: false, blockedBy: { code: 'CASE_TRANSITION_NOT_ALLOWED' } });
    if (!result.allowed) expect(result.blockedBy.reason).toContain('provisional_notice');
  });

  it('refuses an event that is not in the lifecycle', () => {
    expect(lifecycle.evaluate(snapshot(), 'approve', OFFICER, {}, NOW)).toMatchObject({ allowed: false, blockedBy: { code: 'CASE_EVENT_UNKNOWN' } });
  });

  it('refuses a case officer issuing a provisional notice: that is for a decision-maker', () => {
    const result = lifecycle.evaluate(snapshot({ state: 'investigation', investigatingOfficerId: OFFICER.id }), 'issue_provisional_notice', OFFICER, {}, NOW);
    expect(result).toMatchObject({ allowed: false, blockedBy: { code: 'CASE_ROLE_NOT_ALLOWED' } });
  });

  it('refuses a decision by the investigating officer (four eyes)', () => {
    const both: CaseActor = { id: OFFICER.id, roles: ['case_officer', 'decision_maker'] };
    const result = lifecycle.evaluate(snapshot({ state: 'investigation', investigatingOfficerId: OFFICER.id }), 'issue_provisional_notice', both, {}, NOW);
    expect(result).toMatchObject({ allowed: false, blockedBy: { code: 'CASE_FOUR_EYES_REQUIRED' } });
  });

  it('starts a representations period of 20 working days by default, or as many as the decision-maker sets', () => {
    const s = snapshot({ state: 'investigation', investigatingOfficerId: OFFICER.id });
    const byDefault = lifecycle.evaluate(s, 'issue_provisional_notice', DECIDER, { letter }, NOW);
    const ten = lifecycle.evaluate(s, 'issue_provisional_notice', DECIDER, { representationsWorkingDays: 10, letter }, NOW);
    expect(byDefault.allowed && byDefault.plan.startDeadlines).toEqual([
      { kind: 'representations', subject: 'case', startsOn: '2026-05-13', amount: 20, unit: 'working_days', jurisdiction: 'england-and-wales' },
    ]);
    expect(ten.allowed && ten.plan.startDeadlines[0]).toMatchObject({ amount: 10 });
  });

  it('refuses a confirmation decision before the representations period ends', () => {
    const result = lifecycle.evaluate(inProvisional({ deadlines: [representations('2026-05-13')] }), 'issue_confirmation_decision', DECIDER, {}, NOW);
    expect(result).toMatchObject({ allowed: false, blockedBy: { code: 'CASE_REPRESENTATIONS_PERIOD_OPEN' } });
  });

  it('allows a confirmation decision the day after the representations period ends', () => {
    const result = lifecycle.evaluate(inProvisional({ deadlines: [representations('2026-05-12')] }), 'issue_confirmation_decision', DECIDER, DECISION, NOW);
    expect(result.allowed).toBe(true);
  });

  it('allows an early confirmation decision once representations were received and recorded as considered', () => {
    const s = inProvisional({ deadlines: [representations('2026-06-01', 'met')], representationsReceivedAt: new Date('2026-05-01T10:00:00Z') });
    expect(lifecycle.evaluate(s, 'issue_confirmation_decision', DECIDER, {}, NOW)).toMatchObject({
      allowed: false,
      blockedBy: { code: 'CASE_REPRESENTATIONS_PERIOD_OPEN' },
    });
    expect(lifecycle.evaluate(s, 'issue_confirmation_decision', DECIDER, { ...DECISION, representationsConsidered: true }, NOW).allowed).toBe(true);
  });

  it('refuses a confirmation decision that ignores representations received, even after the period', () => {
    const s = inProvisional({ deadlines: [representations('2026-05-01', 'met')], representationsReceivedAt: new Date('2026-04-20T10:00:00Z') });
    expect(lifecycle.evaluate(s, 'issue_confirmation_decision', DECIDER, {}, NOW)).toMatchObject({
      allowed: false,
      blockedBy: { code: 'CASE_REPRESENTATIONS_NOT_CONSIDERED' },
    });
  });

  it('starts compliance and payment deadlines only for what the decision imposes', () => {
    const s = inProvisional({ deadlines: [representations('2026-05-01')] });
    const steps = lifecycle.evaluate(s, 'issue_confirmation_decision', DECIDER, DECISION, NOW);
    const both = lifecycle.evaluate(s, 'issue_confirmation_decision', DECIDER, { ...DECISION, stepsWithin: 72, stepsUnit: 'hours', penaltyPence: 5_000_000 }, NOW);
    expect(steps.allowed && steps.plan.startDeadlines).toEqual([expect.objectContaining({ kind: 'compliance', amount: 10, unit: 'working_days' })]);
    expect(both.allowed && both.plan.startDeadlines).toEqual([
      expect.objectContaining({ kind: 'compliance', amount: 72, unit: 'hours' }),
      expect.objectContaining({ kind: 'penalty_payment', amount: 30, unit: 'calendar_days' }),
    ]);
  });

  it('refuses to close without an outcome, and closes with one', () => {
    expect(lifecycle.evaluate(snapshot(), 'close', OFFICER, {}, NOW)).toMatchObject({ allowed: false, blockedBy: { code: 'CASE_OUTCOME_REQUIRED' } });
    expect(lifecycle.evaluate(snapshot(), 'close', OFFICER, { outcome: 'closed_for_good' }, NOW)).toMatchObject({ allowed: false, blockedBy: { code: 'CASE_FIELD_INVALID' } });
    const closed = lifecycle.evaluate(snapshot(), 'close', OFFICER, { outcome: 'no_action' }, NOW);
    expect(closed.allowed && closed.plan.changes).toMatchObject({ outcome: 'no_action', closedAt: NOW });
  });

  it('requires a decision-maker other than the investigating officer to close after an investigation opened', () => {
    const s = snapshot({ state: 'investigation', investigatingOfficerId: OFFICER.id });
    expect(lifecycle.evaluate(s, 'close', OFFICER, { outcome: 'no_contravention' }, NOW)).toMatchObject({ blockedBy: { code: 'CASE_ROLE_NOT_ALLOWED' } });
    expect(lifecycle.evaluate(s, 'close', DECIDER, { outcome: 'no_contravention', summary: 'No contravention found', letter }, NOW).allowed).toBe(true);
  });

  it('refuses to close as merged without naming the case it was merged into', () => {
    expect(lifecycle.evaluate(snapshot(), 'close', OFFICER, { outcome: 'merged' }, NOW)).toMatchObject({ blockedBy: { code: 'CASE_FIELD_REQUIRED' } });
    const target = '22222222-2222-4222-8222-222222222222';
    const merged = lifecycle.evaluate(snapshot(), 'close', OFFICER, { outcome: 'merged', mergedIntoCaseId: target }, NOW);
    expect(merged.allowed && merged.plan.links).toEqual([{ relation: 'merged_into', caseId: target }]);
  });

  it('names the missing data of an information notice, and refuses a notice with steps giving under 7 days', () => {
    const missing = lifecycle.evaluate(snapshot(), 'issue_information_notice', OFFICER, {}, NOW);
    expect(missing).toMatchObject({ allowed: false, blockedBy: { code: 'CASE_FIELD_REQUIRED', fields: ['data.letter', 'data.responseDays or data.dueOn'] } });
    expect(lifecycle.evaluate(snapshot(), 'issue_information_notice', OFFICER, { responseDays: 5, requiresSteps: true }, NOW)).toMatchObject({
      blockedBy: { code: 'CASE_NOTICE_PERIOD_TOO_SHORT' },
    });
    const byDate = lifecycle.evaluate(snapshot(), 'issue_information_notice', OFFICER, { dueOn: '2026-05-27', requiresSteps: true, letter }, NOW);
    expect(byDate.allowed && byDate.plan.startDeadlines[0]).toMatchObject({ kind: 'information_notice_response', dueOn: '2026-05-27', unit: 'fixed_date' });
  });

  it('refuses data the event does not take, naming the field', () => {
    const result = lifecycle.evaluate(snapshot(), 'begin_remediation', OFFICER, { colour: 'red' }, NOW);
    expect(result).toMatchObject({ allowed: false, blockedBy: { code: 'CASE_FIELD_INVALID', fields: ['data.colour'] } });
  });

  it('refuses non-compliance before any deadline of the confirmation decision has passed', () => {
    const s = snapshot({ state: 'confirmation_decision', deadlines: [{ id: 'c', kind: 'compliance', subjectType: 'case', subjectId: CASE_ID, startsOn: '2026-05-01', dueOn: '2026-05-15', status: 'pending' }] });
    expect(lifecycle.evaluate(s, 'record_non_compliance', DECIDER, {}, NOW)).toMatchObject({ blockedBy: { code: 'CASE_COMPLIANCE_DEADLINE_NOT_PASSED' } });
    expect(lifecycle.evaluate(s, 'record_non_compliance', DECIDER, {}, new Date('2026-05-16T09:00:00Z')).allowed).toBe(true);
  });

  it('reopens only with a reason', () => {
    const closed = snapshot({ state: 'closed' });
    expect(lifecycle.evaluate(closed, 'reopen', DECIDER, {}, NOW)).toMatchObject({ blockedBy: { code: 'CASE_REASON_REQUIRED' } });
    expect(lifecycle.evaluate(closed, 'reopen', DECIDER, {}, NOW, { reason: 'New evidence from the police' })).toMatchObject({ allowed: true, toState: 'assessment' });
  });
});

describe('importing history with occurredAt', () => {
  const past = new Date('2026-03-01T12:00:00Z');

  it('records when the step really happened and judges the guards at that moment', () => {
    const s = inProvisional({ deadlines: [representations('2026-02-27')], lastOccurredAt: new Date('2026-01-30T12:00:00Z') });
    const result = lifecycle.evaluate(s, 'issue_confirmation_decision', DECIDER, DECISION, NOW, { occurredAt: past, reason: 'Imported from the old case system' });
    expect(result.allowed && result.plan).toMatchObject({ occurredAt: past, backdated: true });
    const early = lifecycle.evaluate(s, 'issue_confirmation_decision', DECIDER, {}, NOW, { occurredAt: new Date('2026-02-20T12:00:00Z'), reason: 'import' });
    expect(early).toMatchObject({ blockedBy: { code: 'CASE_REPRESENTATIONS_PERIOD_OPEN' } });
  });

  it('refuses a future occurredAt, one before the previous event, and one without a reason', () => {
    expect(lifecycle.evaluate(snapshot(), 'begin_remediation', OFFICER, {}, NOW, { occurredAt: new Date('2026-06-01T00:00:00Z'), reason: 'x' })).toMatchObject({
      blockedBy: { code: 'CASE_OCCURRED_AT_IN_FUTURE' },
    });
    expect(lifecycle.evaluate(snapshot(), 'begin_remediation', OFFICER, {}, NOW, { occurredAt: new Date('2025-12-01T00:00:00Z'), reason: 'x' })).toMatchObject({
      blockedBy: { code: 'CASE_OCCURRED_AT_BEFORE_PREVIOUS' },
    });
    expect(lifecycle.evaluate(snapshot(), 'begin_remediation', OFFICER, {}, NOW, { occurredAt: past })).toMatchObject({ blockedBy: { code: 'CASE_REASON_REQUIRED' } });
  });

  it('lets an admin import any event but never fire one live', () => {
    expect(lifecycle.evaluate(snapshot(), 'begin_remediation', ADMIN, {}, NOW)).toMatchObject({ blockedBy: { code: 'CASE_ROLE_NOT_ALLOWED' } });
    expect(lifecycle.evaluate(snapshot(), 'begin_remediation', ADMIN, {}, NOW, { occurredAt: past, reason: 'Imported' }).allowed).toBe(true);
  });

  it('never lets a provider import history', () => {
    const provider: CaseActor = { id: 'p', roles: ['provider'] };
    const s = inProvisional({ deadlines: [representations('2026-06-01')] });
    expect(lifecycle.evaluate(s, 'record_representations', provider, {}, NOW).allowed).toBe(true);
    expect(lifecycle.evaluate(s, 'record_representations', provider, {}, NOW, { occurredAt: past, reason: 'r' })).toMatchObject({ blockedBy: { code: 'CASE_ROLE_NOT_ALLOWED' } });
  });
});

describe('listing what a person may do now', () => {
  it('lists the officer\'s events in assessment with their data, and why the others are refused', () => {
    const { available, blocked } = lifecycle.available(snapshot(), OFFICER, NOW);
    expect(available.map((a) => a.event)).toEqual(
      expect.arrayContaining(['begin_remediation', 'issue_warning_letter', 'open_investigation', 'issue_information_notice', 'close']),
    );
    expect(available.find((a) => a.event === 'close')?.fields).toContainEqual(expect.objectContaining({ name: 'outcome', required: true }));
    expect(blocked).toContainEqual(expect.objectContaining({ event: 'issue_provisional_notice', code: 'CASE_TRANSITION_NOT_ALLOWED' }));
    expect(blocked).toContainEqual(expect.objectContaining({ event: 'reopen', code: 'CASE_TRANSITION_NOT_ALLOWED' }));
    expect(available.length + blocked.length).toBe(CASE_EVENTS.length);
  });

  it('tells the decision-maker the confirmation decision waits for the representations period', () => {
    const { blocked } = lifecycle.available(inProvisional({ deadlines: [representations('2026-06-01')] }), DECIDER, NOW);
    expect(blocked).toContainEqual(expect.objectContaining({ event: 'issue_confirmation_decision', code: 'CASE_REPRESENTATIONS_PERIOD_OPEN' }));
  });
});

describe('properties over random requests', () => {
  const uuid = fc.uuid();
  const actorArb = fc.record({
    id: fc.oneof(fc.constant(OFFICER.id), fc.constant(DECIDER.id), uuid),
    roles: fc.subarray([...ROLES] as Role[], { minLength: 0, maxLength: 3 }),
  });
  const dataArb = fc.dictionary(
    fc.constantFrom('outcome', 'responseDays', 'dueOn', 'representationsConsidered', 'stepsWithin', 'penaltyPence', 'mergedIntoCaseId', 'result', 'caseId', 'relation', 'matterIds', 'colour'),
    fc.oneof(fc.constantFrom(...CLOSURE_OUTCOMES), fc.integer({ min: -5, max: 400 }), fc.boolean(), fc.constant('2026-06-30'), uuid, fc.constantFrom('related', 'order_made'), fc.array(uuid, { maxLength: 2 })),
  );
  const snapshotArb = fc.record({
    state: fc.constantFrom(...CASE_STATES),
    investigatingOfficerId: fc.option(fc.constantFrom(OFFICER.id, DECIDER.id), { nil: null }),
    representationsReceivedAt: fc.option(fc.constant(new Date('2026-05-01T00:00:00Z')), { nil: null }),
    deadlines: fc.array(
      fc.record({ id: fc.constant('d'), subjectType: fc.constant('case'), subjectId: fc.constant(CASE_ID), kind: fc.constantFrom('representations', 'compliance', 'penalty_payment', 'information_notice_response'), startsOn: fc.constant('2026-04-01'), dueOn: fc.constantFrom('2026-05-01', '2026-06-01'), status: fc.constantFrom('pending', 'overdue', 'met', 'cancelled') }),
      { maxLength: 3 },
    ),
  });

  it('never allows a move the table does not list, nor by a role the table does not name', () => {
    fc.assert(
      fc.property(snapshotArb, fc.constantFrom(...CASE_EVENTS), actorArb, dataArb, (partial, event, actor, data) => {
        const s = snapshot(partial);
        const result = lifecycle.evaluate(s, event, actor, data, NOW);
        if (!result.allowed) {
          expect(ERROR_CATALOGUE).toHaveProperty(result.blockedBy.code);
          return;
        }
        const rule = lifecycle.ruleFor(s.state, event);
        expect(rule).toBeDefined();
        expect(result.toState).toBe(rule?.to === 'same' ? s.state : rule?.to);
        expect(actor.roles.some((r) => rule?.roles.includes(r))).toBe(true);
        if (rule?.guards.includes('four_eyes')) expect(actor.id).not.toBe(s.investigatingOfficerId);
        if (result.toState === 'closed' && s.state !== 'closed') expect(CLOSURE_OUTCOMES).toContain(result.plan.changes.outcome);
      }),
      { numRuns: 3000 },
    );
  });
});
