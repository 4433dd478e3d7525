import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SettableClock } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { LETTERS, createCase, fire, fireOk, get } from './case-api.js';

const DAY = 86_400_000;

describe('a case through the whole enforcement lifecycle', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2026-05-13T09:00:00Z'));
  beforeAll(async () => {
    t = await bootTestApp({ clock });
  });
  afterAll(async () => t.close());

  it('goes from assessment to closed, every deadline explained and every step in the verified audit chain', async () => {
    const created = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://www.Example.com/', harmCategories: ['ncii', 'csam'] });
    expect(created).toMatchObject({ reference: expect.stringMatching(/^ENF-2026-\d{6}$/), state: 'assessment', version: 1 });

    const read = await get(t, 'analyst@demo.test', `/api/v1/cases/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body).toMatchObject({ id: created.id, serviceUrl: 'https://example.com', serviceDomain: 'example.com', harmCategories: ['ncii', 'csam'], jurisdiction: 'england-and-wales' });

    let c = await fireOk(t, 'officer@demo.test', created.id, 1, 'open_investigation', { provisions: ['Section 10(3)(b)'] });
    expect(c).toMatchObject({ state: 'investigation', version: 2, publishedAt: '2026-05-13T09:00:00.000Z' });

    c = await fireOk(t, 'officer@demo.test', created.id, c.version, 'issue_information_notice', {
      responseDays: 14,
      requiresSteps: true,
      letter: LETTERS.information_notice,
      recipientEmail: 'trust@example.com',
    });
    const responseDeadline = c.deadlines.find((d: { kind: string }) => d.kind === 'information_notice_response');
    expect(responseDeadline).toMatchObject({ startsOn: '2026-05-13', dueOn: '2026-05-27', status: 'pending' });

    clock.advance(3 * DAY);
    c = await fireOk(t, 'officer@demo.test', created.id, c.version, 'record_information_response', { summary: 'The risk assessment arrived.' });
    expect(c.deadlines.find((d: { id: string }) => d.id === responseDeadline.id).status).toBe('met');

    clock.set('2026-05-20T10:00:00Z');
    c = await fireOk(t, 'decider@demo.test', created.id, c.version, 'issue_provisional_notice', { representationsWorkingDays: 10, letter: LETTERS.provisional_notice });
    const representations = c.deadlines.find((d: { kind: string }) => d.kind === 'representations');
    // 10 working days from Wednesday 20 May 2026, skipping the Spring bank holiday on 25 May.
    expect(representations).toMatchObject({ startsOn: '2026-05-20', dueOn: '2026-06-04', unit: 'working_days', jurisdiction: 'england-and-wales' });

    clock.advance(2 * DAY);
    c = await fireOk(t, 'officer@demo.test', created.id, c.version, 'record_representations', { summary: 'The provider disputes the figures.' });
    expect(c.representationsReceivedAt).toBe('2026-05-22T10:00:00.000Z');

    const decision = { stepsRequired: 'Remove reported images within 48 hours', stepsWithin: 10, penaltyPence: 200_000_000, letter: LETTERS.confirmation_decision };
    const early = await fire(t, 'decider@demo.test', created.id, c.version, 'issue_confirmation_decision', decision);
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('CASE_REPRESENTATIONS_PERIOD_OPEN');

    clock.set('2026-05-26T09:00:00Z');
    c = await fireOk(t, 'decider@demo.test', created.id, c.version, 'issue_confirmation_decision', { ...decision, representationsConsidered: true, recipientEmail: 'trust@example.com' });
    expect(c.state).toBe('confirmation_decision');
    expect(c.deadlines.find((d: { kind: string }) => d.kind === 'compliance')).toMatchObject({ startsOn: '2026-05-26', dueOn: '2026-06-09', unit: 'working_days' });
    expect(c.deadlines.find((d: { kind: string }) => d.kind === 'penalty_payment')).toMatchObject({ startsOn: '2026-05-26', dueOn: '2026-06-25', unit: 'calendar_days' });

    clock.set('2026-06-08T15:00:00Z');
    c = await fireOk(t, 'officer@demo.test', created.id, c.version, 'confirm_compliance', { summary: 'Steps taken and penalty paid.', letter: LETTERS.closure_letter });
    expect(c).toMatchObject({ state: 'closed', outcome: 'complied', closedAt: '2026-06-08T15:00:00.000Z' });
    expect(c.deadlines.every((d: { status: string }) => ['met', 'met_late', 'cancelled'].includes(d.status))).toBe(true);

    const deadlines = await get(t, 'analyst@demo.test', `/api/v1/cases/${created.id}/deadlines`);
    expect(deadlines.body).toHaveLength(4);
    for (const deadline of deadlines.body) {
      expect(deadline).toMatchObject({ id: expect.any(String), kind: expect.any(String), startsOn: expect.any(String), dueOn: expect.any(String), unit: expect.any(String), jurisdiction: 'england-and-wales' });
      expect(deadline.explanation.length).toBeGreaterThan(1);
      expect(deadline.explanation.join(' ')).toContain(deadline.dueOn.slice(8, 10).replace(/^0/, ''));
    }

    const events = await get(t, 'analyst@demo.test', `/api/v1/cases/${created.id}/events`);
    const steps = events.body.filter((e: { subjectType: string; event: string }) => e.subjectType === 'case' && e.event !== 'document_issued');
    expect(steps.map((e: { event: string; fromState: string | null; toState: string }) => `${e.fromState ?? '∅'}→${e.toState}:${e.event}`)).toEqual([
      '∅→assessment:create',
      'assessment→investigation:open_investigation',
      'investigation→investigation:issue_information_notice',
      'investigation→investigation:record_information_response',
      'investigation→provisional_notice:issue_provisional_notice',
      'provisional_notice→provisional_notice:record_representations',
      'provisional_notice→confirmation_decision:issue_confirmation_decision',
      'confirmation_decision→closed:confirm_compliance',
    ]);
    expect(steps.map((e: { actor: string }) => e.actor)).toContain('decider@demo.test');
    for (const [i, e] of events.body.entries()) {
      expect(e.chainSeq).toBe(i + 1);
      if (i > 0) expect(e.prevHash).toBe(events.body[i - 1].hash);
    }
    expect(events.body.filter((e: { event: string }) => e.event === 'document_issued')).toHaveLength(4);

    const documents = (await get(t, 'officer@demo.test', `/api/v1/documents?caseId=${created.id}`)).body;
    expect(documents.map((d: { template: string }) => d.template)).toEqual(['information_notice', 'provisional_notice', 'confirmation_decision', 'closure_letter']);
    const notice = (await get(t, 'officer@demo.test', `/api/v1/documents/${documents[1].id}`)).body;
    // The notice states the representations period exactly as the deadline holds it, and who signed it.
    expect(notice.data).toMatchObject({ caseReference: created.reference, issuedOn: '2026-05-20', representations: { dueOn: '2026-06-04', period: '10 working days' } });
    expect(notice.data.signatory).toMatchObject({ name: 'Dev Decider', role: 'Decision maker', contactEmail: 'decider@demo.test' });
    expect(notice.html).toContain('4 June 2026');

    const verify = await get(t, 'decider@demo.test', '/api/v1/audit/verify');
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });

    const outbox = await get(t, 'officer@demo.test', `/api/v1/outbox?caseId=${created.id}`);
    expect(outbox.status).toBe(200);
    expect(outbox.body.items.map((m: { template: string }) => m.template)).toEqual(['notice_issued', 'notice_issued']);
  });
});
