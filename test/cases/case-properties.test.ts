import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import { CASE_EVENTS, CASE_STATES, Lifecycle, type CaseEvent, type CaseState } from '@app/cases';
import { SettableClock } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { LETTERS, createCase, fire, get } from './case-api.js';

const DAY = 86_400_000;
const ACTORS = ['officer@demo.test', 'officer2@demo.test', 'decider@demo.test', 'admin@demo.test', 'analyst@demo.test'] as const;
const lifecycle = new Lifecycle();

/** Data that satisfies the event's field rules (guards may still refuse it), given where the case is. */
function validData(event: CaseEvent, state: CaseState, ids: { otherCase: string; officer2: string }): Record<string, unknown> {
  switch (event) {
    case 'issue_warning_letter':
      return { replyWorkingDays: 15, letter: LETTERS.warning_letter };
    case 'issue_information_notice':
      return { responseDays: 14, requiresSteps: true, letter: LETTERS.information_notice };
    case 'issue_provisional_notice':
      return { representationsWorkingDays: 10, letter: LETTERS.provisional_notice };
    case 'record_representations':
      return { summary: 'We disagree.' };
    case 'issue_confirmation_decision':
      return { stepsRequired: 'Fix the reporting route', stepsWithin: 5, penaltyPence: 1_000_000, representationsConsidered: true, letter: LETTERS.confirmation_decision };
    case 'confirm_compliance':
      return { summary: 'Done.', letter: LETTERS.closure_letter };
    case 'apply_for_business_disruption':
      return { kind: 'service_restriction', interim: false };
    case 'record_court_order':
      return { result: 'order_made' };
    case 'close':
      return state === 'assessment' || state === 'compliance_remediation'
        ? { outcome: 'no_action', summary: 'Nothing to act on.' }
        : { outcome: 'no_contravention', summary: 'No contravention.', letter: LETTERS.closure_letter };
    case 'assign_officer':
      return { assignedOfficerId: ids.officer2 };
    case 'link_case':
      return { caseId: ids.otherCase, relation: 'related' };
    case 'link_matters':
      return { matterIds: ['7b6f3c1e-2a4d-4e5f-8a9b-1c2d3e4f5a6b'] };
    default:
      return {};
  }
}

/**
 * A step picks its event and actor by numbers resolved against the case's state when it runs: mostly
 * an event possible from that state fired by someone whose role may fire it, so sequences reach deep
 * into the lifecycle; sometimes anything by anyone, with empty or junk data, or a stale version.
 */
const stepArb = fc.record({
  anyEvent: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  eventPick: fc.nat(),
  anyActor: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  actorPick: fc.constantFrom(...ACTORS),
  data: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'empty', 'junk'),
  stale: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  advanceDays: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 })),
  reason: fc.constantFrom(undefined, 'Because the evidence says so'),
});

const ONWARD_IN_PLACE: CaseEvent[] = ['record_representations', 'record_court_order', 'issue_information_notice', 'record_information_response'];

function resolve(step: { anyEvent: boolean; eventPick: number; anyActor: boolean; actorPick: string }, state: CaseState): { event: CaseEvent; actor: string } {
  const possible = CASE_EVENTS.filter((e) => lifecycle.ruleFor(state, e));
  // Three times in four, an event that moves the case on or records what the next one waits for.
  const onward = possible.filter((e) => lifecycle.ruleFor(state, e)?.to !== 'same' || ONWARD_IN_PLACE.includes(e));
  const pool = step.anyEvent || possible.length === 0 ? CASE_EVENTS : step.eventPick % 4 !== 0 && onward.length > 0 ? onward : possible;
  const event = pool[step.eventPick % pool.length] as CaseEvent;
  const roles = lifecycle.ruleFor(state, event)?.roles ?? [];
  const fitting = roles.includes('decision_maker') && (!roles.includes('case_officer') || step.eventPick % 2 === 0) ? 'decider@demo.test' : roles.includes('case_officer') ? (step.eventPick % 3 === 0 ? 'officer2@demo.test' : 'officer@demo.test') : step.actorPick;
  return { event, actor: step.anyActor ? step.actorPick : fitting };
}

describe('the case lifecycle under random event sequences', () => {
  let t: TestApp;
  let db: DataSource;
  const START = '2026-01-05T09:00:00Z';
  const clock = new SettableClock(new Date(START));
  let ids: { otherCase: string; officer2: string };

  const lifecycleEvents = async (caseId: string): Promise<{ event: string; from_state: string | null; to_state: string | null }[]> =>
    db.query(`SELECT event, from_state, to_state FROM audit_events WHERE chain_id = $1 AND subject_type = 'case' AND event <> 'document_issued' ORDER BY chain_seq`, [`case:${caseId}`]);

  beforeAll(async () => {
    // The test clock jumps weeks ahead between steps: tokens that outlive it spare a sign-in per step.
    t = await bootTestApp({ clock, overrides: { accessTokenTtlSeconds: 10 * 365 * 86_400 } });
    db = t.app.get(DataSource);
    const other = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://other.example' });
    ids = { otherCase: other.id, officer2: (await get(t, 'officer2@demo.test', '/api/v1/me')).body.id };
  });
  afterAll(async () => t.close());

  it('never reaches a state the table does not allow, and each accepted event leaves exactly one audit event in a valid chain', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 4, maxLength: 16 }), async (steps) => {
        clock.set(START);
        const created = await createCase(t, 'officer@demo.test');
        let state: CaseState = 'assessment';
        let version = 1;
        let audited = 1;
        for (const step of steps) {
          clock.advance(step.advanceDays * DAY);
          const { event, actor } = resolve(step, state);
          const data = step.data === 'valid' ? validData(event, state, ids) : step.data === 'empty' ? {} : { colour: 'red', outcome: 42 };
          const res = await fire(t, actor, created.id, step.stale ? version - 1 : version, event, data, step.reason ? { reason: step.reason } : {});
          expect([200, 403, 409, 422]).toContain(res.status);
          const events = await lifecycleEvents(created.id);
          if (res.status === 200) {
            const rule = lifecycle.ruleFor(state, event);
            expect(rule).toBeDefined();
            const expected = rule?.to === 'same' ? state : rule?.to;
            expect(res.body.state).toBe(expected);
            expect(lifecycle.targetsFrom(state).has(res.body.state)).toBe(true);
            expect(res.body.version).toBe(version + 1);
            expect(events).toHaveLength(audited + 1);
            expect(events[events.length - 1]).toEqual({ event, from_state: state, to_state: res.body.state });
            state = res.body.state;
            version = res.body.version;
            audited += 1;
          } else {
            expect(res.body.code).toEqual(expect.any(String));
            expect(events).toHaveLength(audited);
          }
          expect(CASE_STATES).toContain(state);
        }
        const current = (await get(t, 'analyst@demo.test', `/api/v1/cases/${created.id}`)).body;
        expect(current).toMatchObject({ state, version });
        expect((await t.app.get(AuditLog).verify({ chainId: `case:${created.id}` })).ok).toBe(true);
      }),
      { numRuns: 30 },
    );
    const all = await t.app.get(AuditLog).verify();
    expect(all).toMatchObject({ ok: true, firstBrokenSeq: null });
  }, 300_000);
});
