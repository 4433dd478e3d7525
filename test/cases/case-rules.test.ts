import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { FireTransition } from '@app/cases';
import { SettableClock, type Principal } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { LETTERS, createCase, fire, fireOk, get } from './case-api.js';

const DAY = 86_400_000;

describe('the rules of the case lifecycle, as people meet them', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));
  const idOf = async (as: string): Promise<string> => (await get(t, as, '/api/v1/me')).body.id;
  const lifecycleEvents = async (caseId: string): Promise<number> =>
    Number(
      (
        (await t.app.get(DataSource).query(`SELECT count(*) AS n FROM audit_events WHERE chain_id = $1 AND subject_type = 'case' AND event <> 'document_issued'`, [
          `case:${caseId}`,
        ])) as { n: string }[]
      )[0]?.n,
    );

  beforeAll(async () => {
    t = await bootTestApp({ clock });
  });
  afterAll(async () => t.close());

  /** A case brought to provisional_notice by the officer (investigating) and the decider. */
  async function caseWithProvisionalNotice(workingDays = 10): Promise<{ id: string; version: number }> {
    const created = await createCase(t, 'officer@demo.test');
    const opened = await fireOk(t, 'officer@demo.test', created.id, 1, 'open_investigation');
    const notice = await fireOk(t, 'decider@demo.test', created.id, opened.version, 'issue_provisional_notice', { representationsWorkingDays: workingDays, letter: LETTERS.provisional_notice });
    return { id: created.id, version: notice.version };
  }

  describe('versions and concurrency', () => {
    it('refuses a transition without If-Match with 428', async () => {
      const c = await createCase(t, 'officer@demo.test');
      const res = await fire(t, 'officer@demo.test', c.id, null, 'begin_remediation');
      expect(res.status).toBe(428);
      expect(res.body.code).toBe('CASE_IF_MATCH_REQUIRED');
    });

    it('refuses a transition from a version someone else already moved, with 409', async () => {
      const c = await createCase(t, 'officer@demo.test');
      await fireOk(t, 'officer@demo.test', c.id, 1, 'begin_remediation');
      const stale = await fire(t, 'officer2@demo.test', c.id, 1, 'open_investigation');
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'CASE_VERSION_CONFLICT', currentVersion: 2 });
    });

    it('refuses an If-Match that is not a version with 400', async () => {
      const c = await createCase(t, 'officer@demo.test');
      const res = await t
        .http()
        .post(`/api/v1/cases/${c.id}/transitions`)
        .set('Authorization', `Bearer ${await t.token('officer@demo.test')}`)
        .set('If-Match', '"abc"')
        .send({ event: 'begin_remediation' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('CASE_IF_MATCH_INVALID');
    });

    it('returns the new version as the ETag, and a refused event leaves the case and its audit chain untouched', async () => {
      const c = await createCase(t, 'officer@demo.test');
      const ok = await fire(t, 'officer@demo.test', c.id, 1, 'begin_remediation');
      expect(ok.etag).toBe('"2"');
      const refused = await fire(t, 'officer@demo.test', c.id, 2, 'close', {});
      expect(refused.status).toBe(422);
      expect((await get(t, 'officer@demo.test', `/api/v1/cases/${c.id}`)).headers.etag).toBe('"2"');
      expect(await lifecycleEvents(c.id)).toBe(2);
    });
  });

  describe('guards', () => {
    it('refuses a decision by the investigating officer', async () => {
      const decider = await idOf('decider@demo.test');
      const c = await createCase(t, 'officer@demo.test');
      const opened = await fireOk(t, 'officer@demo.test', c.id, 1, 'open_investigation', { investigatingOfficerId: decider });
      expect(opened.investigatingOfficerId).toBe(decider);
      const res = await fire(t, 'decider@demo.test', c.id, opened.version, 'issue_provisional_notice', { letter: LETTERS.provisional_notice });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CASE_FOUR_EYES_REQUIRED');
    });

    it('refuses a confirmation decision before the representations period ends, and allows it the day after', async () => {
      const c = await caseWithProvisionalNotice(10);
      const decision = { stepsRequired: 'Publish a reporting route', stepsWithin: 10, letter: LETTERS.confirmation_decision };
      const early = await fire(t, 'decider@demo.test', c.id, c.version, 'issue_confirmation_decision', decision);
      expect(early.status).toBe(422);
      expect(early.body).toMatchObject({ code: 'CASE_REPRESENTATIONS_PERIOD_OPEN', detail: expect.stringContaining('2026-03-16') });
      clock.set('2026-03-17T09:00:00Z');
      const decided = await fire(t, 'decider@demo.test', c.id, c.version, 'issue_confirmation_decision', decision);
      expect(decided.status).toBe(200);
      // The period ended without representations: the decision ends it, so it never shows as overdue.
      const deadlines = (await get(t, 'officer@demo.test', `/api/v1/cases/${c.id}/deadlines`)).body as { kind: string; status: string }[];
      expect(deadlines.find((d) => d.kind === 'representations')?.status).toBe('cancelled');
      expect(deadlines.find((d) => d.kind === 'compliance')?.status).toBe('pending');
      clock.set('2026-03-02T10:00:00Z');
    });

    it('refuses a confirmation decision after representations unless they are recorded as considered', async () => {
      const c = await caseWithProvisionalNotice();
      const received = await fireOk(t, 'officer@demo.test', c.id, c.version, 'record_representations', { summary: 'We disagree.' });
      const decision = { penaltyPence: 5_000_000, letter: LETTERS.confirmation_decision };
      const ignored = await fire(t, 'decider@demo.test', c.id, received.version, 'issue_confirmation_decision', decision);
      expect(ignored.body.code).toBe('CASE_REPRESENTATIONS_PERIOD_OPEN');
      const considered = await fire(t, 'decider@demo.test', c.id, received.version, 'issue_confirmation_decision', { ...decision, representationsConsidered: true });
      expect(considered.status).toBe(200);
      expect(considered.body.deadlines.find((d: { kind: string }) => d.kind === 'penalty_payment')).toMatchObject({ dueOn: '2026-04-01' });
    });

    it('refuses a case officer a decision-maker\'s event with 403', async () => {
      const c = await createCase(t, 'officer@demo.test');
      const opened = await fireOk(t, 'officer@demo.test', c.id, 1, 'open_investigation');
      const res = await fire(t, 'officer2@demo.test', c.id, opened.version, 'issue_provisional_notice', { letter: LETTERS.provisional_notice });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('CASE_ROLE_NOT_ALLOWED');
    });

    it('refuses to close a case without an outcome', async () => {
      const c = await createCase(t, 'officer@demo.test');
      const res = await fire(t, 'officer@demo.test', c.id, 1, 'close', {});
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CASE_OUTCOME_REQUIRED');
      const closed = await fireOk(t, 'officer@demo.test', c.id, 1, 'close', { outcome: 'no_action', summary: 'Nothing to act on.' });
      expect(closed).toMatchObject({ state: 'closed', outcome: 'no_action' });
    });

    it('refuses an event from a state that does not allow it, with 422', async () => {
      const c = await createCase(t, 'officer@demo.test');
      const res = await fire(t, 'decider@demo.test', c.id, 1, 'issue_confirmation_decision', {});
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'CASE_TRANSITION_NOT_ALLOWED', detail: expect.stringContaining('provisional_notice') });
    });

    it('names the content a notice is missing', async () => {
      const c = await createCase(t, 'officer@demo.test');
      const withoutLetter = await fire(t, 'officer@demo.test', c.id, 1, 'issue_information_notice', { responseDays: 10 });
      expect(withoutLetter.status).toBe(422);
      expect(withoutLetter.body).toMatchObject({ code: 'CASE_FIELD_REQUIRED', errors: [{ field: 'data.letter' }] });
      const thin = await fire(t, 'officer@demo.test', c.id, 1, 'issue_information_notice', { responseDays: 10, letter: { recipient: { organisationName: 'Demo Platform Ltd' } } });
      expect(thin.status).toBe(422);
      expect(thin.body.code).toBe('CASE_FIELD_REQUIRED');
      expect(thin.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['data.letter.requirements', 'data.letter.reasons', 'data.letter.responseForm']));
      expect(await lifecycleEvents(c.id)).toBe(1);
    });

    it('refuses an information notice requiring steps that gives under 7 days', async () => {
      const c = await createCase(t, 'officer@demo.test');
      const res = await fire(t, 'officer@demo.test', c.id, 1, 'issue_information_notice', { responseDays: 5, requiresSteps: true, letter: LETTERS.information_notice });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CASE_NOTICE_PERIOD_TOO_SHORT');
    });

    it('refuses non-compliance before the compliance deadline has passed, and records it after', async () => {
      const c = await caseWithProvisionalNotice(10);
      clock.set('2026-03-17T09:00:00Z');
      const decided = await fireOk(t, 'decider@demo.test', c.id, c.version, 'issue_confirmation_decision', { stepsRequired: 'Fix it', stepsWithin: 5, letter: LETTERS.confirmation_decision });
      const early = await fire(t, 'decider@demo.test', c.id, decided.version, 'record_non_compliance');
      expect(early.body.code).toBe('CASE_COMPLIANCE_DEADLINE_NOT_PASSED');
      clock.set('2026-03-25T09:00:00Z');
      const late = await fireOk(t, 'decider@demo.test', c.id, decided.version, 'record_non_compliance', { failures: 'No steps taken.' });
      expect(late.state).toBe('non_compliance');
      const overdue = await get(t, 'analyst@demo.test', '/api/v1/cases?overdue=true&limit=10');
      expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(c.id);
      clock.set('2026-03-02T10:00:00Z');
    });

    it('reopens a closed case only with a reason, by a decision-maker', async () => {
      const c = await createCase(t, 'officer@demo.test');
      const closed = await fireOk(t, 'officer@demo.test', c.id, 1, 'close', { outcome: 'withdrawn' });
      const noReason = await fire(t, 'decider@demo.test', c.id, closed.version, 'reopen');
      expect(noReason.body.code).toBe('CASE_REASON_REQUIRED');
      const reopened = await fireOk(t, 'decider@demo.test', c.id, closed.version, 'reopen', {}, { reason: 'The service reappeared at a new domain.' });
      expect(reopened).toMatchObject({ state: 'assessment', outcome: null, closedAt: null });
    });
  });

  describe('who may do what', () => {
    it('lets an analyst read cases but never change one', async () => {
      const c = await createCase(t, 'officer@demo.test');
      expect((await get(t, 'analyst@demo.test', `/api/v1/cases/${c.id}`)).status).toBe(200);
      expect((await fire(t, 'analyst@demo.test', c.id, 1, 'begin_remediation')).status).toBe(403);
      const create = await t.http().post('/api/v1/cases').set('Authorization', `Bearer ${await t.token('analyst@demo.test')}`).send({ serviceUrl: 'a.com', title: 'x', harmCategories: ['other'] });
      expect(create.status).toBe(403);
    });

    it('never shows a case to a provider or an eligible body through the case routes', async () => {
      const c = await createCase(t, 'officer@demo.test');
      for (const who of ['provider@demo.test', 'body@demo.test']) {
        for (const path of [`/api/v1/cases/${c.id}`, '/api/v1/cases', `/api/v1/cases/${c.id}/events`, `/api/v1/cases/${c.id}/deadlines`, `/api/v1/cases/${c.id}/transitions`]) {
          expect((await get(t, who, path)).status).toBe(403);
        }
      }
    });

    it('lists the events the caller may fire now, and why each other one is refused', async () => {
      const c = await caseWithProvisionalNotice();
      const asDecider = await get(t, 'decider@demo.test', `/api/v1/cases/${c.id}/transitions`);
      expect(asDecider.status).toBe(200);
      expect(asDecider.body.available.map((a: { event: string }) => a.event)).toEqual(expect.arrayContaining(['apply_for_business_disruption', 'close', 'assign_officer']));
      expect(asDecider.body.blocked).toContainEqual(expect.objectContaining({ event: 'issue_confirmation_decision', code: 'CASE_REPRESENTATIONS_PERIOD_OPEN' }));
      expect(asDecider.body.blocked).toContainEqual(expect.objectContaining({ event: 'record_representations', code: 'CASE_ROLE_NOT_ALLOWED' }));
      const asOfficer = await get(t, 'officer@demo.test', `/api/v1/cases/${c.id}/transitions`);
      expect(asOfficer.body.available.map((a: { event: string }) => a.event)).toContain('record_representations');
      expect(asOfficer.body.blocked).toContainEqual(expect.objectContaining({ event: 'close', code: 'CASE_ROLE_NOT_ALLOWED' }));
    });

    it('answers an unknown case with 404 and a malformed id with 400', async () => {
      expect((await get(t, 'officer@demo.test', '/api/v1/cases/3f1c2a9e-8d7b-4c6a-9e2f-0a1b2c3d4e5f')).body.code).toBe('CASE_NOT_FOUND');
      expect((await get(t, 'officer@demo.test', '/api/v1/cases/not-an-id')).status).toBe(400);
      expect((await fire(t, 'officer@demo.test', '3f1c2a9e-8d7b-4c6a-9e2f-0a1b2c3d4e5f', 1, 'begin_remediation')).status).toBe(404);
    });
  });

  describe('opening cases', () => {
    it('needs a service and known harm categories', async () => {
      const token = await t.token('officer@demo.test');
      const noService = await t.http().post('/api/v1/cases').set('Authorization', `Bearer ${token}`).send({ title: 'x', harmCategories: ['fraud'] });
      expect(noService.body.code).toBe('CASE_SERVICE_REQUIRED');
      const badHarm = await t.http().post('/api/v1/cases').set('Authorization', `Bearer ${token}`).send({ serviceUrl: 'https://a.example', title: 'x', harmCategories: ['spam'] });
      expect(badHarm.status).toBe(422);
      expect(badHarm.body.errors[0].field).toBe('harmCategories');
      const blank = await t.http().post('/api/v1/cases').set('Authorization', `Bearer ${token}`).send({ serviceUrl: 'https://a.example', title: '   ', harmCategories: ['fraud'] });
      expect(blank.status).toBe(422);
      expect(blank.body.errors[0].field).toBe('title');
      const badUrl = await t.http().post('/api/v1/cases').set('Authorization', `Bearer ${token}`).send({ serviceUrl: 'ftp://a.example', title: 'x', harmCategories: ['fraud'] });
      expect(badUrl.body.errors[0].field).toBe('serviceUrl');
    });

    it('finds the service of a serviceUrl in the registry, registering it the first time', async () => {
      const first = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://www.Same-Service.example/videos/1' });
      const second = await createCase(t, 'officer@demo.test', { serviceUrl: 'same-service.example/other' });
      const [a, b] = await Promise.all([first, second].map(async (c) => (await get(t, 'officer@demo.test', `/api/v1/cases/${c.id}`)).body));
      expect(a).toMatchObject({ serviceUrl: 'https://same-service.example/videos/1', serviceDomain: 'same-service.example' });
      expect(b.serviceId).toBe(a.serviceId);
      const service = await get(t, 'officer@demo.test', `/api/v1/services/${a.serviceId}`);
      expect(service.body.domains).toEqual([expect.objectContaining({ domain: 'same-service.example', relation: 'primary' })]);
    });

    it('gives each case a unique sequential reference, and keeps a registered service id and the matters as given', async () => {
      const seed = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://scottish.example' });
      const serviceId = (await get(t, 'officer@demo.test', `/api/v1/cases/${seed.id}`)).body.serviceId;
      const matterIds = ['1b6f3c1e-2a4d-4e5f-8a9b-1c2d3e4f5a6b', '2b6f3c1e-2a4d-4e5f-8a9b-1c2d3e4f5a6b'];
      const a = await createCase(t, 'officer@demo.test', { serviceUrl: undefined, serviceId, matterIds, jurisdiction: 'scotland' });
      const b = await createCase(t, 'decider@demo.test');
      expect(Number(b.reference.slice(-6))).toBeGreaterThan(Number(a.reference.slice(-6)));
      const view = (await get(t, 'officer@demo.test', `/api/v1/cases/${a.id}`)).body;
      expect(view).toMatchObject({ serviceId, serviceUrl: null, serviceDomain: 'scottish.example', matterIds, jurisdiction: 'scotland' });
      const unknown = await t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${await t.token('officer@demo.test')}`)
        .send({ serviceId: '0b6f3c1e-2a4d-4e5f-8a9b-1c2d3e4f5a6b', title: 'x', harmCategories: ['fraud'] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('CASE_SERVICE_NOT_FOUND');
    });
  });

  describe('importing history', () => {
    it('records when each step really happened, separately from when it was recorded', async () => {
      const created = await createCase(t, 'admin@demo.test', { occurredAt: '2025-11-03T09:00:00Z', reason: 'Imported from the 2025 case spreadsheet' });
      expect(created.reference).toMatch(/^ENF-2025-/);
      const opened = await fireOk(t, 'officer@demo.test', created.id, 1, 'open_investigation', {}, { occurredAt: '2025-12-01T09:00:00Z', reason: 'Imported' });
      expect(opened).toMatchObject({ investigationOpenedAt: '2025-12-01T09:00:00.000Z', lastOccurredAt: '2025-12-01T09:00:00.000Z' });
      const noticed = await fireOk(t, 'admin@demo.test', created.id, opened.version, 'issue_provisional_notice', { letter: LETTERS.provisional_notice }, {
        occurredAt: '2026-01-05T09:00:00Z',
        reason: 'Imported',
      });
      expect(noticed.deadlines.find((d: { kind: string }) => d.kind === 'representations')).toMatchObject({ startsOn: '2026-01-05', dueOn: '2026-02-02' });
      const events = (await get(t, 'analyst@demo.test', `/api/v1/cases/${created.id}/events`)).body.filter((e: { subjectType: string; event: string }) => e.subjectType === 'case' && e.event !== 'document_issued');
      expect(events.map((e: { occurredAt: string }) => e.occurredAt)).toEqual(['2025-11-03T09:00:00.000Z', '2025-12-01T09:00:00.000Z', '2026-01-05T09:00:00.000Z']);
      for (const e of events) expect(e.recordedAt).toBe('2026-03-02T10:00:00.000Z');
    });

    it('refuses a step in the future, one before the previous step, and one without a reason', async () => {
      const c = await createCase(t, 'officer@demo.test', { occurredAt: '2026-01-10T09:00:00Z', reason: 'Imported' });
      const future = await fire(t, 'officer@demo.test', c.id, 1, 'begin_remediation', {}, { occurredAt: new Date(clock.now().getTime() + DAY).toISOString(), reason: 'x' });
      expect(future.body.code).toBe('CASE_OCCURRED_AT_IN_FUTURE');
      const before = await fire(t, 'officer@demo.test', c.id, 1, 'begin_remediation', {}, { occurredAt: '2026-01-09T09:00:00Z', reason: 'x' });
      expect(before.body.code).toBe('CASE_OCCURRED_AT_BEFORE_PREVIOUS');
      const unexplained = await fire(t, 'officer@demo.test', c.id, 1, 'begin_remediation', {}, { occurredAt: '2026-01-11T09:00:00Z' });
      expect(unexplained.body.code).toBe('CASE_REASON_REQUIRED');
    });

    it('lets an admin import a step but never fire one live', async () => {
      const c = await createCase(t, 'officer@demo.test');
      const live = await fire(t, 'admin@demo.test', c.id, 1, 'begin_remediation');
      expect(live.status).toBe(403);
    });
  });

  describe('the provider and its service', () => {
    it('addresses letters to the registered provider, and lets a provider act only on cases about its own services', async () => {
      const asAdmin = async (path: string, body: object) =>
        (await t.http().post(path).set('Authorization', `Bearer ${await t.token('admin@demo.test')}`).send(body)).body;
      const me = async (as: string) => (await get(t, as, '/api/v1/me')).body;
      const [provider, otherProvider] = [await me('provider@demo.test'), await me('provider2@demo.test')];
      const registered = await asAdmin('/api/v1/providers', { name: 'Demo Platform Ltd', organisationId: provider.organisationId });
      await asAdmin('/api/v1/services', { name: 'DemoTube', providerId: registered.id, serviceType: 'user_to_user', domains: [{ domain: 'demotube.example', relation: 'primary' }] });

      const c = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://demotube.example/v/1' });
      const opened = await fireOk(t, 'officer@demo.test', c.id, 1, 'open_investigation');
      const { recipient: _recipient, ...withoutRecipient } = LETTERS.provisional_notice;
      const noticed = await fireOk(t, 'decider@demo.test', c.id, opened.version, 'issue_provisional_notice', { letter: withoutRecipient });
      const [document] = (await get(t, 'officer@demo.test', `/api/v1/documents?caseId=${c.id}`)).body;
      const issued = (await get(t, 'officer@demo.test', `/api/v1/documents/${document.id}`)).body;
      expect(issued.data).toMatchObject({ recipient: { organisationName: 'Demo Platform Ltd' }, service: { name: 'DemoTube', url: 'https://demotube.example/v/1' } });

      const principalOf = (who: { id: string; organisationId: string; email: string }): Principal => ({
        kind: 'user',
        id: who.id,
        organisationId: who.organisationId,
        organisationKind: 'provider',
        roles: ['provider'],
        email: who.email,
        via: 'token',
      });
      const transitions = t.app.get(FireTransition);
      const represent = (who: Principal) =>
        transitions.execute({ caseId: c.id, expectedVersion: noticed.version, event: 'record_representations', data: { summary: 'We disagree.' }, principal: who });
      await expect(represent(principalOf(otherProvider))).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
      const { record } = await represent(principalOf(provider));
      expect(record.representationsReceivedAt).not.toBeNull();
    });
  });

  describe('links', () => {
    it('links a case continuing another, merges one into another, and shows both ends', async () => {
      const first = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://rogue.example' });
      const mirror = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://rogue-mirror.example' });
      const duplicate = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://rogue.example' });
      await fireOk(t, 'officer@demo.test', mirror.id, 1, 'link_case', { caseId: first.id, relation: 'continues' });
      const merged = await fireOk(t, 'officer@demo.test', duplicate.id, 1, 'close', { outcome: 'merged', mergedIntoCaseId: first.id });
      expect(merged.links).toEqual([expect.objectContaining({ caseId: first.id, relation: 'merged_into', direction: 'outgoing' })]);
      const view = (await get(t, 'officer@demo.test', `/api/v1/cases/${first.id}`)).body;
      expect(view.links).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ caseId: mirror.id, relation: 'continues', direction: 'incoming' }),
          expect.objectContaining({ caseId: duplicate.id, relation: 'merged_into', direction: 'incoming' }),
        ]),
      );
      const missing = await fire(t, 'officer@demo.test', first.id, 1, 'link_case', { caseId: '3f1c2a9e-8d7b-4c6a-9e2f-0a1b2c3d4e5f', relation: 'related' });
      expect(missing.body.code).toBe('CASE_LINK_TARGET_NOT_FOUND');
      const itself = await fire(t, 'officer@demo.test', first.id, 1, 'link_case', { caseId: first.id, relation: 'related' });
      expect(itself.body.code).toBe('CASE_LINK_TO_ITSELF');
    });
  });

  describe('the case list', () => {
    it('filters by state, officer, service and harm, and pages with a cursor', async () => {
      const officer2 = await idOf('officer2@demo.test');
      const mine = [await createCase(t, 'officer2@demo.test', { serviceUrl: 'https://listed.example', harmCategories: ['terrorism'] })];
      const serviceId = (await get(t, 'officer2@demo.test', `/api/v1/cases/${mine[0]!.id}`)).body.serviceId;
      for (let i = 0; i < 2; i += 1) mine.push(await createCase(t, 'officer2@demo.test', { serviceUrl: undefined, serviceId, harmCategories: ['terrorism'] }));
      await fireOk(t, 'officer2@demo.test', mine[0]!.id, 1, 'begin_remediation');
      const q = async (query: string) => (await get(t, 'analyst@demo.test', `/api/v1/cases?${query}`)).body;
      expect((await q(`officer=${officer2}`)).items).toHaveLength(3);
      expect((await q(`service=${serviceId}&state=compliance_remediation`)).items.map((c: { id: string }) => c.id)).toEqual([mine[0]!.id]);
      expect((await q('harm=terrorism')).items).toHaveLength(3);
      const page1 = await q(`service=${serviceId}&limit=2&sort=reference`);
      expect(page1.items).toHaveLength(2);
      const page2 = await q(`service=${serviceId}&limit=2&sort=reference&cursor=${page1.nextCursor}`);
      expect(page2).toMatchObject({ items: [expect.objectContaining({ id: mine[2]!.id })], nextCursor: null });
      const refused = await get(t, 'analyst@demo.test', '/api/v1/cases?state=open&limit=1000');
      expect(refused.status).toBe(422);
    });
  });
});
