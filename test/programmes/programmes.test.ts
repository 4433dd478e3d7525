import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { RecurringJobs } from '@app/jobs';
import { BULK_ACTIONS_JOB, BulkActionProcessor } from '@app/programmes';
import { FireTransition } from '@app/cases';
import { DomainError } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { createDemoProviders, type DemoProviders } from './demo-providers.js';

const PROVIDERS = 500;

const notice = {
  title: 'Information notice: age assurance',
  requirements: [{ item: 'How you check that users are 18 or over before they can see pornographic content' }, { item: 'How often the checks are circumvented, per month since January 2026' }],
  reasons: ['We are reviewing age assurance on services that publish pornographic content.'],
  responseForm: 'Answer each requirement through the provider portal.',
  responseWorkingDays: 10,
};

describe('an enforcement programme across 500 services of 500 providers', () => {
  let t: TestApp;
  let db: DataSource;
  let demo: DemoProviders;
  let programmeId: string;
  let actionId: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await bootTestApp();
    t.clock.set(new Date('2026-06-01T09:00:00Z'));
    db = t.app.get(DataSource);
    demo = await createDemoProviders(db, PROVIDERS, 'Prg');
  }, 120_000);
  afterAll(async () => t?.close());

  const count = async (sql: string, params: unknown[]): Promise<number> => Number(((await db.query(sql, params)) as { n: string }[])[0]?.n);

  it('creates a programme and adds services from a CSV of web addresses, reporting the ones it cannot find', async () => {
    const created = await t.http().post('/api/v1/programmes').set(auth(await t.token('case_officer'))).send({
      title: 'Age assurance on pornography services',
      description: 'Whether services that publish pornography use highly effective age assurance.',
      harmCategories: ['children_access_pornography'],
      serviceKinds: 'Part 5 services',
    });
    expect(created.status).toBe(201);
    expect(created.body.reference).toMatch(/^PRG-2026-\d{4}$/);
    programmeId = created.body.id;

    const csv = ['url,notes', ...demo.domains.map((d, i) => `https://www.${d}/home,row ${i}`), 'https://not-registered.example/'].join('\n');
    const added = await t.http().post(`/api/v1/programmes/${programmeId}/services`).set(auth(await t.token('case_officer'))).send({ list: csv });
    expect(added.status).toBe(200);
    expect(added.body.added).toHaveLength(PROVIDERS);
    expect(added.body.rejected).toEqual([{ line: PROVIDERS + 2, value: 'https://not-registered.example/', reason: 'no registered service uses this domain' }]);

    const again = await t.http().post(`/api/v1/programmes/${programmeId}/services`).set(auth(await t.token('case_officer'))).send({ serviceIds: [demo.serviceIds[0]] });
    expect(again.body).toMatchObject({ added: [], alreadyInProgramme: [demo.serviceIds[0]] });

    const shown = await t.http().get(`/api/v1/programmes/${programmeId}`).set(auth(await t.token('analyst')));
    expect(shown.body.dashboard.byStatus.assessed).toBe(PROVIDERS);
  }, 60_000);

  it('lets analysts read but not act', async () => {
    const analyst = await t.token('analyst');
    const refused = await t.http().post(`/api/v1/programmes/${programmeId}/actions/preview`).set(auth(analyst)).send({ kind: 'information_notice', notice });
    expect(refused.status).toBe(403);
  });

  it('previews the bulk notice: every provider, their contact, and the notice as the first will receive it', async () => {
    const preview = await t.http().post(`/api/v1/programmes/${programmeId}/actions/preview`).set(auth(await t.token('case_officer'))).send({ kind: 'information_notice', notice });
    expect(preview.status).toBe(200);
    expect(preview.body.toSend).toBe(PROVIDERS);
    expect(preview.body.skipped).toBe(0);
    expect(preview.body.sample.html).toContain('How you check that users are 18 or over');
    expect(preview.body.sample.dueOn).toBe('2026-06-15');
    // Nothing is sent by a preview.
    expect(await count(`SELECT count(*) AS n FROM provider_notices WHERE source_id = $1`, [programmeId])).toBe(0);
  }, 60_000);

  it('sends exactly one notice, deadline and email per provider, even when processing stops half-way and is retried', async () => {
    const preview = await t.http().post(`/api/v1/programmes/${programmeId}/actions/preview`).set(auth(await t.token('case_officer'))).send({ kind: 'information_notice', notice });
    const confirmation = { kind: 'information_notice', notice, confirmationKey: preview.body.confirmationKey };
    const confirmed = await t.http().post(`/api/v1/programmes/${programmeId}/actions`).set(auth(await t.token('case_officer'))).send(confirmation);
    expect(confirmed.status).toBe(202);
    expect(confirmed.body).toMatchObject({ total: PROVIDERS, done: 0, pending: PROVIDERS, status: 'queued' });
    actionId = confirmed.body.id;
    // The confirmation sent again (a double click, a client retry) is the same action.
    const repeated = await t.http().post(`/api/v1/programmes/${programmeId}/actions`).set(auth(await t.token('case_officer'))).send(confirmation);
    expect(repeated.status).toBe(202);
    expect(repeated.body.id).toBe(actionId);
    expect(await count(`SELECT count(*) AS n FROM programme_actions WHERE programme_id = $1`, [programmeId])).toBe(1);

    const processor = t.app.get(BulkActionProcessor);
    const started = Date.now();
    // A first worker stops after 180 items; its progress is visible meanwhile.
    await processor.drain({ limit: 180, concurrency: 3 });
    const half = await t.http().get(`/api/v1/programmes/${programmeId}/actions/${actionId}`).set(auth(await t.token('case_officer')));
    expect(half.body).toMatchObject({ total: PROVIDERS, failed: 0, status: 'queued' });
    expect(half.body.done).toBeGreaterThanOrEqual(178);
    expect(half.body.done).toBeLessThanOrEqual(180);

    // Two workers resume at once (the recurring job and a second drain), then the job runs again.
    await Promise.all([t.app.get(RecurringJobs).runNow(BULK_ACTIONS_JOB), processor.drain({ concurrency: 2 })]);
    await t.app.get(RecurringJobs).runNow(BULK_ACTIONS_JOB);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`bulk notice to ${PROVIDERS} providers processed in ${seconds.toFixed(1)} s\n`);
    expect(seconds).toBeLessThan(60);

    const done = await t.http().get(`/api/v1/programmes/${programmeId}/actions/${actionId}`).set(auth(await t.token('case_officer')));
    expect(done.body).toMatchObject({ total: PROVIDERS, done: PROVIDERS, failed: 0, pending: 0, status: 'completed' });

    expect(await count(`SELECT count(*) AS n FROM provider_notices WHERE source_id = $1`, [programmeId])).toBe(PROVIDERS);
    expect(await count(`SELECT count(DISTINCT organisation_id) AS n FROM provider_notices WHERE source_id = $1`, [programmeId])).toBe(PROVIDERS);
    expect(await count(`SELECT count(*) AS n FROM outbox_messages WHERE subject_id = $1 AND template = 'notice_issued'`, [programmeId])).toBe(PROVIDERS);
    expect(await count(`SELECT count(DISTINCT to_address) AS n FROM outbox_messages WHERE subject_id = $1 AND template = 'notice_issued'`, [programmeId])).toBe(PROVIDERS);
    expect(await count(`SELECT count(*) AS n FROM deadlines WHERE subject_type = 'programme_notice' AND kind = 'information_notice_response'`, [])).toBe(PROVIDERS);

    // Retrying after completion sends nothing more.
    expect(await processor.drain()).toEqual({ done: 0, failed: 0 });
    expect(await count(`SELECT count(*) AS n FROM outbox_messages WHERE subject_id = $1`, [programmeId])).toBe(PROVIDERS);
  }, 120_000);

  it('puts each notice in its provider\'s portal thread with its own deadline', async () => {
    const provider = await t.token('provider@demo.test');
    const list = await t.http().get('/api/v1/provider/notices').set(auth(provider));
    expect(list.status).toBe(200);
    const mine = (list.body.items as { id: string; title: string; dueOn: string }[]).filter((n) => n.title === notice.title);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.dueOn).toBe('2026-06-15');
  });

  it('counts answers in time and late on the dashboard, and chases only the overdue providers, once each', async () => {
    const notices = (await db.query(`SELECT id, service_id FROM provider_notices WHERE source_id = $1`, [programmeId])) as { id: string; service_id: string }[];
    const noticeOf = (serviceId: string) => notices.find((n) => n.service_id === serviceId)?.id as string;
    const answers = { answers: notice.requirements.map((r) => ({ item: r.item, answer: 'We use facial age estimation followed by a document check.' })) };

    t.clock.set(new Date('2026-06-10T10:00:00Z'));
    const onTime = await t.http().post(`/api/v1/provider/notices/${noticeOf(demo.demoPlatformServiceId)}/responses`).set(auth(await t.token('provider@demo.test'))).send(answers);
    expect(onTime.status).toBe(201);

    t.clock.set(new Date('2026-06-18T10:00:00Z'));
    const late = await t.http().post(`/api/v1/provider/notices/${noticeOf(demo.secondDemoServiceId)}/responses`).set(auth(await t.token('provider2@demo.test'))).send(answers);
    expect(late.status).toBe(201);

    const officerToken = await t.token('case_officer');
    const shown = await t.http().get(`/api/v1/programmes/${programmeId}`).set(auth(officerToken));
    expect(shown.body.dashboard).toMatchObject({
      services: PROVIDERS,
      byStatus: { assessed: 0, engaged: PROVIDERS, compliant: 0, referred_to_investigation: 0, closed: 0 },
      notices: { sent: PROVIDERS, onTime: 1, late: 1, overdue: PROVIDERS - 2, awaiting: 0 },
      investigationsOpened: 0,
    });
    // The answers met their deadlines (the late one late).
    const met = (await db.query(
      `SELECT d.status FROM deadlines d JOIN programme_action_items i ON i.deadline_id = d.id WHERE i.service_id = ANY($1::uuid[]) ORDER BY d.status`,
      [[demo.demoPlatformServiceId, demo.secondDemoServiceId]],
    )) as { status: string }[];
    expect(met.map((m) => m.status)).toEqual(['met', 'met_late']);

    const chasePreview = await t.http().post(`/api/v1/programmes/${programmeId}/actions/preview`).set(auth(officerToken)).send({ kind: 'chase_overdue' });
    expect(chasePreview.body.toSend).toBe(PROVIDERS - 2);
    const chase = await t.http().post(`/api/v1/programmes/${programmeId}/actions`).set(auth(officerToken)).send({ kind: 'chase_overdue', chase: { message: 'Contact us if you need help.' } });
    expect(chase.status).toBe(202);
    await t.app.get(BulkActionProcessor).drain();
    await t.app.get(BulkActionProcessor).drain();
    expect(await count(`SELECT count(*) AS n FROM outbox_messages WHERE subject_id = $1 AND template = 'case_update'`, [programmeId])).toBe(PROVIDERS - 2);
    expect(await count(`SELECT count(DISTINCT to_address) AS n FROM outbox_messages WHERE subject_id = $1 AND template = 'case_update'`, [programmeId])).toBe(PROVIDERS - 2);
    const progress = await t.http().get(`/api/v1/programmes/${programmeId}/actions/${chase.body.id}`).set(auth(officerToken));
    expect(progress.body).toMatchObject({ total: PROVIDERS - 2, done: PROVIDERS - 2, status: 'completed' });
  }, 120_000);

  it('records a finding in the service\'s audited history', async () => {
    const serviceId = demo.demoPlatformServiceId;
    const set = await t.http().post(`/api/v1/programmes/${programmeId}/services/${serviceId}/status`).set(auth(await t.token('case_officer'))).send({ status: 'compliant', reason: 'Highly effective age assurance in place.' });
    expect(set.status).toBe(200);
    expect(set.body.status).toBe('compliant');
    const refused = await t.http().post(`/api/v1/programmes/${programmeId}/services/${serviceId}/status`).set(auth(await t.token('case_officer'))).send({ status: 'referred_to_investigation', reason: 'x' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('PROGRAMME_STATUS_CHANGE_REFUSED');
    const shown = await t.http().get(`/api/v1/programmes/${programmeId}/services/${serviceId}`).set(auth(await t.token('case_officer')));
    expect(shown.body.history.map((h: { event: string }) => h.event)).toEqual([
      'programme_service_added',
      'programme_notice_sent',
      'programme_notice_answered',
      'programme_service_status_changed',
    ]);
    expect(shown.body.history[3]).toMatchObject({ fromState: 'engaged', toState: 'compliant', reason: 'Highly effective age assurance in place.' });
  });

  it("opens an investigation for a chosen service, carrying the programme's evidence over and linking back", async () => {
    const serviceId = demo.secondDemoServiceId;
    // All or nothing: when the investigation cannot be opened, no case is left behind and the service is not referred.
    let refuse = true;
    t.app.get(FireTransition).onTransition(async (_manager, fired) => {
      if (refuse && fired.event === 'open_investigation') throw new DomainError('CASE_TRANSITION_NOT_ALLOWED', 'Refused for the test.');
    });
    const casesBefore = Number((await db.query(`SELECT count(*)::int AS n FROM cases WHERE service_id = $1`, [serviceId]))[0].n);
    const refused = await t.http().post(`/api/v1/programmes/${programmeId}/investigations`).set(auth(await t.token('case_officer'))).send({ serviceId, summary: 'Refused.' });
    refuse = false;
    expect([refused.status, refused.body.code]).toEqual([422, 'CASE_TRANSITION_NOT_ALLOWED']);
    expect(Number((await db.query(`SELECT count(*)::int AS n FROM cases WHERE service_id = $1`, [serviceId]))[0].n)).toBe(casesBefore);
    expect((await t.http().get(`/api/v1/programmes/${programmeId}/services/${serviceId}`).set(auth(await t.token('case_officer')))).body.caseId ?? null).toBeNull();
    const opened = await t.http().post(`/api/v1/programmes/${programmeId}/investigations`).set(auth(await t.token('case_officer'))).send({ serviceId, summary: 'Answered late and the answer shows no age checks.', provisions: ['Section 81'] });
    expect(opened.status).toBe(201);
    expect(opened.body.state).toBe('investigation');
    const caseId = opened.body.caseId as string;

    const events = await t.http().get(`/api/v1/cases/${caseId}/events`).set(auth(await t.token('case_officer')));
    const opening = (events.body.items ?? events.body).find((e: { event: string }) => e.event === 'open_investigation');
    const summary = String(opening.data.data.summary);
    const noticeId = ((await db.query(`SELECT id FROM provider_notices WHERE source_id = $1 AND service_id = $2`, [programmeId, serviceId])) as { id: string }[])[0]?.id;
    expect(summary).toContain('Answered late and the answer shows no age checks.');
    expect(summary).toContain(`Evidence from enforcement programme`);
    expect(summary).toContain(noticeId);
    expect(summary).toContain('(late)');

    const service = await t.http().get(`/api/v1/programmes/${programmeId}/services/${serviceId}`).set(auth(await t.token('case_officer')));
    expect(service.body).toMatchObject({ status: 'referred_to_investigation', caseId });
    const dashboard = (await t.http().get(`/api/v1/programmes/${programmeId}`).set(auth(await t.token('case_officer')))).body.dashboard;
    expect(dashboard.investigationsOpened).toBe(1);
    expect(dashboard.byStatus.referred_to_investigation).toBe(1);

    const twice = await t.http().post(`/api/v1/programmes/${programmeId}/investigations`).set(auth(await t.token('case_officer'))).send({ serviceId, summary: 'Again' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('PROGRAMME_SERVICE_ALREADY_REFERRED');
    const decider = await t.http().post(`/api/v1/programmes/${programmeId}/investigations`).set(auth(await t.token('decision_maker'))).send({ serviceId: demo.serviceIds[5], summary: 'x' });
    expect(decider.status).toBe(403);
  }, 60_000);

  it('is documented in the OpenAPI document', async () => {
    const docs = await t.http().get('/api/docs-json');
    const paths = Object.keys(docs.body.paths);
    for (const path of ['/api/v1/programmes', '/api/v1/programmes/{id}', '/api/v1/programmes/{id}/services', '/api/v1/programmes/{id}/actions/preview', '/api/v1/programmes/{id}/actions/{actionId}', '/api/v1/programmes/{id}/investigations']) {
      expect(paths).toContain(path);
    }
  });

  it('refuses bad input with the field named, never a server error', async () => {
    const missing = await t.http().post(`/api/v1/programmes/${programmeId}/actions`).set(auth(await t.token('case_officer'))).send({ kind: 'information_notice' });
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    const short = await t.http().post(`/api/v1/programmes/${programmeId}/actions/preview`).set(auth(await t.token('case_officer'))).send({ kind: 'information_notice', notice: { ...notice, responseWorkingDays: 3 } });
    expect(short.status).toBe(422);
    const unknown = await t.http().get(`/api/v1/programmes/00000000-0000-4000-8000-000000000000/actions/00000000-0000-4000-8000-000000000000`).set(auth(await t.token('case_officer')));
    expect(unknown.status).toBe(404);
    const noHarm = await t.http().post('/api/v1/programmes').set(auth(await t.token('case_officer'))).send({ title: 'No harms', description: 'x', harmCategories: [] });
    expect(noHarm.status).toBe(422);
  });
});
