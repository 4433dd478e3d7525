import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@app/core';
import { checkDocument, missingForFiling, repeats } from './filing-rules.js';
import { planTransition } from './lifecycle.js';
import { SUPER_COMPLAINT_TRANSITIONS, type FilingFacts } from './lifecycle-table.js';
import { SUPER_COMPLAINT_EVENTS, SUPER_COMPLAINT_STATES } from './vocabulary.js';

const facts = (over: Partial<FilingFacts> = {}): FilingFacts => ({
  missing: [],
  recentFiling: null,
  exceptionGranted: false,
  repeatsPublished: null,
  entityAlreadyFoundEligible: false,
  ...over,
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}

describe('the super-complaint lifecycle table', () => {
  it('names only canonical states and every event once', () => {
    const events = SUPER_COMPLAINT_TRANSITIONS.map((t) => t.event);
    expect(new Set(events).size).toBe(events.length);
    expect([...events].sort()).toEqual([...SUPER_COMPLAINT_EVENTS].sort());
    for (const t of SUPER_COMPLAINT_TRANSITIONS) {
      for (const s of [...t.from, ...(t.to === 'same' ? [] : [t.to])]) expect(SUPER_COMPLAINT_STATES).toContain(s);
    }
  });

  it('lets nothing leave a final state', () => {
    for (const t of SUPER_COMPLAINT_TRANSITIONS) for (const s of ['not_admissible', 'response_published', 'withdrawn']) expect(t.from).not.toContain(s);
  });

  it('starts a 30-day eligibility clock when an entity files, 15 days for an entity already found eligible', () => {
    expect(planTransition({ state: 'draft', event: 'submit', roles: ['complainant_body'], data: {}, facts: facts() })).toMatchObject({
      to: 'received',
      deadlines: [{ op: 'start', kind: 'super_complaint_eligibility', days: 30 }],
    });
    expect(planTransition({ state: 'draft', event: 'submit', roles: ['complainant_body'], data: {}, facts: facts({ entityAlreadyFoundEligible: true }) }).deadlines).toEqual([
      { op: 'start', kind: 'super_complaint_eligibility', days: 15 },
    ]);
  });

  it('refuses to file an incomplete draft and says what is missing', () => {
    try {
      planTransition({ state: 'draft', event: 'submit', roles: ['complainant_body'], data: {}, facts: facts({ missing: ['evidence', 'requestedAction'] }) });
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('SUPER_COMPLAINT_INCOMPLETE');
      expect((e as DomainError).message).toContain('evidence, requestedAction');
    }
  });

  it('refuses a second filing within six months unless an officer recorded an exception', () => {
    const recentFiling = { reference: 'SC-2026-0001', filedOn: '2026-03-01' };
    expect(codeOf(() => planTransition({ state: 'draft', event: 'submit', roles: ['complainant_body'], data: {}, facts: facts({ recentFiling }) }))).toBe('SUPER_COMPLAINT_FILING_LIMIT');
    expect(codeOf(() => planTransition({ state: 'draft', event: 'submit', roles: ['complainant_body'], data: {}, facts: facts({ recentFiling, exceptionGranted: true }) }))).toBeUndefined();
  });

  it('rejects a complaint repeating one published within two years', () => {
    const repeatsPublished = { reference: 'SC-2026-0002', publishedOn: '2026-01-10' };
    expect(codeOf(() => planTransition({ state: 'draft', event: 'submit', roles: ['complainant_body'], data: {}, facts: facts({ repeatsPublished }) }))).toBe('SUPER_COMPLAINT_REPEATS_PUBLISHED');
  });

  it('satisfies the eligibility clock and starts the 90-day response clock on an eligibility decision', () => {
    expect(planTransition({ state: 'eligibility_check', event: 'find_eligible', roles: ['case_officer'], data: { reasons: 'meets every criterion' } })).toMatchObject({
      to: 'assessment',
      deadlines: [
        { op: 'satisfy', kind: 'super_complaint_eligibility' },
        { op: 'start', kind: 'super_complaint_response', days: 90 },
      ],
    });
  });

  it('stops the response clock while information is awaited and restarts it when it arrives', () => {
    expect(planTransition({ state: 'assessment', event: 'request_information', roles: ['case_officer'], data: { request: 'the survey data' } }).deadlines).toEqual([
      { op: 'stop', kind: 'super_complaint_response' },
    ]);
    expect(planTransition({ state: 'information_requested', event: 'provide_information', roles: ['complainant_body'], data: { information: 'attached' } })).toMatchObject({
      to: 'assessment',
      deadlines: [{ op: 'restart', kind: 'super_complaint_response' }],
    });
  });

  it('needs reasons to find a complaint not admissible', () => {
    expect(codeOf(() => planTransition({ state: 'received', event: 'find_not_admissible', roles: ['case_officer'], data: {} }))).toBe('VALIDATION_FAILED');
  });

  it('requires the cases opened when the response concludes with enforcement action', () => {
    const data = { outcome: 'enforcement_action_opened', response: 'We opened an investigation.', summary: 'Investigation opened' };
    expect(codeOf(() => planTransition({ state: 'assessment', event: 'publish_response', roles: ['decision_maker'], data }))).toBe('SUPER_COMPLAINT_CASES_REQUIRED');
    const plan = planTransition({ state: 'assessment', event: 'publish_response', roles: ['decision_maker'], data: { ...data, caseIds: ['00000000-0000-4000-8000-000000000001'] } });
    expect(plan.to).toBe('response_published');
  });

  it('accepts openCases in place of case ids for enforcement action, and case links only with that outcome', () => {
    const data = { outcome: 'enforcement_action_opened', response: 'We opened an investigation.', summary: 'Investigation opened' };
    const plan = planTransition({ state: 'assessment', event: 'publish_response', roles: ['case_officer'], data: { ...data, openCases: true } });
    expect(plan.data.openCases).toBe(true);
    expect(codeOf(() => planTransition({ state: 'assessment', event: 'publish_response', roles: ['case_officer'], data: { ...data, openCases: false } }))).toBe('SUPER_COMPLAINT_CASES_REQUIRED');
    expect(codeOf(() => planTransition({ state: 'assessment', event: 'publish_response', roles: ['case_officer'], data: { ...data, openCases: 'yes' } }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => planTransition({ state: 'assessment', event: 'publish_response', roles: ['case_officer'], data: { ...data, outcome: 'no_action', openCases: true } }))).toBe('VALIDATION_FAILED');
  });

  it("keeps officers' and entities' steps apart, and refuses steps from the wrong state", () => {
    expect(codeOf(() => planTransition({ state: 'received', event: 'find_eligible', roles: ['complainant_body'], data: { reasons: 'x' } }))).toBe('SUPER_COMPLAINT_ROLE_NOT_ALLOWED');
    expect(codeOf(() => planTransition({ state: 'assessment', event: 'withdraw', roles: ['case_officer'], data: {} }))).toBe('SUPER_COMPLAINT_ROLE_NOT_ALLOWED');
    expect(codeOf(() => planTransition({ state: 'response_published', event: 'withdraw', roles: ['complainant_body'], data: {} }))).toBe('SUPER_COMPLAINT_TRANSITION_NOT_ALLOWED');
    expect(codeOf(() => planTransition({ state: 'assessment', event: 'close_it', roles: ['case_officer'], data: {} }))).toBe('SUPER_COMPLAINT_EVENT_UNKNOWN');
    expect(planTransition({ state: 'information_requested', event: 'withdraw', roles: ['complainant_body'], data: {} }).deadlines).toEqual([{ op: 'cancel_open' }]);
  });

  it('refuses data an event does not take', () => {
    expect(codeOf(() => planTransition({ state: 'received', event: 'acknowledge_receipt', roles: ['case_officer'], data: { outcome: 'no_action' } }))).toBe('VALIDATION_FAILED');
  });
});

describe('filing rules', () => {
  it('lists every missing part of a draft', () => {
    expect(missingForFiling({ title: 'T', summary: ' ', feature: null, serviceUrls: [], serviceKinds: null, harmCategories: [], evidence: null, requestedAction: 'x' })).toEqual([
      'summary',
      'feature',
      'serviceUrls or serviceKinds',
      'harmCategories',
      'evidence',
    ]);
  });

  it('accepts PDF and text documents and refuses images and videos with a clear message', () => {
    expect(checkDocument({ title: 'Report', contentType: 'Application/PDF', sha256: 'AB' }, 0)).toEqual({ title: 'Report', contentType: 'application/pdf', sha256: 'ab' });
    expect(codeOf(() => checkDocument({ title: 'Screenshot', contentType: 'image/png', sha256: 'ab' }, 1))).toBe('MEDIA_NOT_ACCEPTED');
    expect(codeOf(() => checkDocument({ title: 'Clip', contentType: 'video/mp4', sha256: 'ab' }, 1))).toBe('MEDIA_NOT_ACCEPTED');
    expect(codeOf(() => checkDocument({ title: 'Sheet', contentType: 'application/vnd.ms-excel', sha256: 'ab' }, 1))).toBe('VALIDATION_FAILED');
  });

  it('treats the same feature with a shared harm category as a repeat', () => {
    const published = { feature: 'Default public profiles for under-16s', harmCategories: ['csam', 'children_harmful_content'] };
    expect(repeats({ feature: 'default public profiles for UNDER-16s.', harmCategories: ['csam'] }, published)).toBe(true);
    expect(repeats({ feature: 'default public profiles for under-16s', harmCategories: ['fraud'] }, published)).toBe(false);
    expect(repeats({ feature: 'Live streaming by children', harmCategories: ['csam'] }, published)).toBe(false);
  });
});
