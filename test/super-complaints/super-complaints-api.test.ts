import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { addDays, londonDateOf } from '@app/deadlines';
import { bootTestApp, type TestApp } from '@app/testing';

const DAY = 86_400_000;
const SHA = 'a'.repeat(64);

const complete = {
  summary: 'Children are shown to adult strangers by default.',
  feature: 'Default public profiles for under-16s',
  serviceUrls: ['https://social.example/profiles'],
  harmCategories: ['children_harmful_content', 'csam'],
  evidence: 'Our survey of 2,000 parents found 1 in 5 children contacted by strangers within a week.',
  requestedAction: 'Require private-by-default profiles for users under 16.',
  documents: [{ title: 'Parent survey 2026', contentType: 'application/pdf', sha256: SHA }],
};

describe('super-complaints through the API', () => {
  let t: TestApp;
  let id: string;
  let reference: string;
  const as = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });
  const today = (): string => londonDateOf(t.clock.now());
  /** If-Match with the version the caller reads now (its ETag), as a client changing the super-complaint sends it. */
  const current = async (superComplaintId: string, headers: Record<string, string>): Promise<Record<string, string>> => {
    const res = await t.http().get(`/api/v1/super-complaints/${superComplaintId}`).set(headers);
    return { 'If-Match': res.headers.etag ?? '"1"' };
  };

  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t?.close());

  it('lets an eligible entity save a draft in the contract shape, with no deadline yet', async () => {
    const res = await t.http().post('/api/v1/super-complaints').set(await as('body@demo.test')).send({
      title: 'Default public profiles expose children',
      summary: complete.summary,
      feature: complete.feature,
      serviceUrls: complete.serviceUrls,
      harmCategories: complete.harmCategories,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), reference: expect.stringMatching(/^SC-\d{4}-\d{4}$/), state: 'draft', deadlines: [] });
    expect(res.body.missingForFiling).toEqual(['evidence', 'requestedAction']);
    id = res.body.id;
    reference = res.body.reference;
  });

  it('refuses to file an incomplete draft and says what is missing', async () => {
    const res = await t.http().post(`/api/v1/super-complaints/${id}/submit`).set(await as('body@demo.test')).set(await current(id, await as('body@demo.test')));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('SUPER_COMPLAINT_INCOMPLETE');
    expect(res.body.detail).toContain('evidence, requestedAction');
  });

  it('refuses images as attachments with a clear message', async () => {
    const res = await t.http().patch(`/api/v1/super-complaints/${id}`).set(await as('body@demo.test')).set(await current(id, await as('body@demo.test'))).send({
      documents: [{ title: 'Screenshot of a profile', contentType: 'image/png', sha256: SHA }],
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('MEDIA_NOT_ACCEPTED');
    expect(res.body.detail).toContain('images and videos are never accepted');
  });

  it('resumes the draft and files it: the 30-day eligibility clock starts, with its explanation', async () => {
    const patched = await t.http().patch(`/api/v1/super-complaints/${id}`).set(await as('body@demo.test')).set(await current(id, await as('body@demo.test'))).send(complete);
    expect(patched.status).toBe(200);
    expect(patched.body.missingForFiling).toEqual([]);
    const res = await t.http().post(`/api/v1/super-complaints/${id}/submit`).set(await as('body@demo.test')).set(await current(id, await as('body@demo.test')));
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('received');
    expect(res.body.filedOn).toBe(today());
    expect(res.body.deadlines).toEqual([
      expect.objectContaining({ kind: 'super_complaint_eligibility', startsOn: today(), dueOn: addDays(today(), 30), status: 'pending', explanation: expect.any(Array) }),
    ]);
    expect(res.body.deadlines[0].explanation.length).toBeGreaterThan(1);
    const again = await t.http().patch(`/api/v1/super-complaints/${id}`).set(await as('body@demo.test')).set(await current(id, await as('body@demo.test'))).send({ title: 'changed' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SUPER_COMPLAINT_NOT_DRAFT');
  });

  it('shows a super-complaint only to its own entity (404 for another) and to officers', async () => {
    for (const who of ['body@demo.test', 'officer@demo.test', 'decider@demo.test', 'admin@demo.test']) {
      const res = await t.http().get(`/api/v1/super-complaints/${id}`).set(await as(who));
      expect({ who, status: res.status }).toEqual({ who, status: 200 });
    }
    const other = await as('body2@demo.test');
    const attempts = [
      t.http().get(`/api/v1/super-complaints/${id}`).set(other),
      t.http().patch(`/api/v1/super-complaints/${id}`).set(other).set(await current(id, other)).send({ title: 'mine now' }),
      t.http().post(`/api/v1/super-complaints/${id}/submit`).set(other).set(await current(id, other)),
      t.http().post(`/api/v1/super-complaints/${id}/events`).set(other).set(await current(id, other)).send({ event: 'withdraw' }),
      t.http().get(`/api/v1/super-complaints/${id}/messages`).set(other),
      t.http().post(`/api/v1/super-complaints/${id}/messages`).set(other).send({ body: 'hello' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    const list = await t.http().get('/api/v1/super-complaints').set(other);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const officers = await t.http().get('/api/v1/super-complaints').set(await as('officer@demo.test'));
    expect(officers.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const provider = await t.http().get(`/api/v1/super-complaints/${id}`).set(await as('provider@demo.test'));
    expect(provider.status).toBe(403);
    const analyst = await t.http().get(`/api/v1/super-complaints/${id}`).set(await as('analyst@demo.test'));
    expect(analyst.status).toBe(403);
  });

  it('gives analysts counts and timings only', async () => {
    const res = await t.http().get('/api/v1/super-complaints/stats').set(await as('analyst@demo.test'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ byState: { received: 1 }, filed: 1, eligibilityDecided: 0, medianDaysToEligibilityDecision: null });
    expect(JSON.stringify(res.body)).not.toContain('Default public profiles');
  });

  it('keeps eligibility decisions to officers', async () => {
    const res = await t.http().post(`/api/v1/super-complaints/${id}/events`).set(await as('body@demo.test')).set(await current(id, await as('body@demo.test'))).send({ event: 'find_eligible', data: { reasons: 'we say so' } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('SUPER_COMPLAINT_ROLE_NOT_ALLOWED');
  });

  it('decides eligibility within the period and starts the 90-day response clock', async () => {
    t.clock.advance(3 * DAY);
    const ack = await t.http().post(`/api/v1/super-complaints/${id}/events`).set(await as('officer@demo.test')).set(await current(id, await as('officer@demo.test'))).send({ event: 'acknowledge_receipt' });
    expect(ack.status).toBe(200);
    expect(ack.body.state).toBe('eligibility_check');
    t.clock.advance(7 * DAY);
    const res = await t.http().post(`/api/v1/super-complaints/${id}/events`).set(await as('officer@demo.test')).set(await current(id, await as('officer@demo.test'))).send({
      event: 'find_eligible',
      data: { reasons: 'The coalition represents children, is independent of services and contributes expert evidence.' },
    });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('assessment');
    const byKind = Object.fromEntries(res.body.deadlines.map((d: { kind: string }) => [d.kind, d]));
    expect(byKind.super_complaint_eligibility.status).toBe('met');
    expect(byKind.super_complaint_response).toMatchObject({ startsOn: today(), dueOn: addDays(today(), 90), status: 'pending' });
  });

  it('stops the response clock while information is awaited, and the entity sees the moved date and why', async () => {
    const decidedOn = today();
    t.clock.advance(5 * DAY);
    const asked = await t.http().post(`/api/v1/super-complaints/${id}/events`).set(await as('officer@demo.test')).set(await current(id, await as('officer@demo.test'))).send({
      event: 'request_information',
      data: { request: 'Please send the survey questionnaire and the raw response counts.' },
    });
    expect(asked.status).toBe(200);
    expect(asked.body.state).toBe('information_requested');
    expect(asked.body.deadlines.find((d: { kind: string }) => d.kind === 'super_complaint_response').status).toBe('stopped');
    t.clock.advance(12 * DAY);
    const answered = await t.http().post(`/api/v1/super-complaints/${id}/events`).set(await as('body@demo.test')).set(await current(id, await as('body@demo.test'))).send({
      event: 'provide_information',
      data: { information: 'Questionnaire and counts attached as documents.' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.state).toBe('assessment');
    const seen = await t.http().get(`/api/v1/super-complaints/${id}`).set(await as('body@demo.test'));
    const response = seen.body.deadlines.find((d: { kind: string }) => d.kind === 'super_complaint_response');
    expect(response.status).toBe('pending');
    expect(response.originalDueOn).toBe(addDays(decidedOn, 90));
    expect(response.dueOn).toBe(addDays(decidedOn, 102));
    expect(response.explanation.join('\n')).toMatch(/Clock restarted .*12 days stopped/);
    expect(response.clockStops).toHaveLength(1);
  });

  it('keeps a message thread per submission and emails the entity when officers write', async () => {
    const officer = await t.http().post(`/api/v1/super-complaints/${id}/messages`).set(await as('officer@demo.test')).send({ body: 'Thank you: we are reviewing the survey.' });
    expect(officer.status).toBe(201);
    t.clock.advance(60_000);
    const reply = await t.http().post(`/api/v1/super-complaints/${id}/messages`).set(await as('body@demo.test')).send({ body: 'Happy to meet if useful.' });
    expect(reply.status).toBe(201);
    const thread = await t.http().get(`/api/v1/super-complaints/${id}/messages`).set(await as('body@demo.test'));
    expect(thread.body.map((m: { from: string; body: string }) => [m.from, m.body])).toEqual([
      ['regulator', 'Thank you: we are reviewing the survey.'],
      ['entity', 'Happy to meet if useful.'],
    ]);
    const ds = t.app.get(DataSource);
    const mail = await ds.query(`SELECT to_address, subject FROM outbox_messages WHERE subject_id = $1 AND idempotency_key LIKE $2`, [id, `super_complaint:${id}:message:%`]);
    expect(mail.map((m: { to_address: string }) => m.to_address)).toEqual(['body@demo.test']);
  });

  it('publishes the response with its outcome and the cases it opened, on the public list', async () => {
    const data = { outcome: 'enforcement_action_opened', response: 'We opened an investigation into default settings.', summary: 'Investigation opened into default public profiles.' };
    const missing = await t.http().post(`/api/v1/super-complaints/${id}/events`).set(await as('decider@demo.test')).set(await current(id, await as('decider@demo.test'))).send({ event: 'publish_response', data });
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('SUPER_COMPLAINT_CASES_REQUIRED');
    const unknown = await t.http().post(`/api/v1/super-complaints/${id}/events`).set(await as('decider@demo.test')).set(await current(id, await as('decider@demo.test'))).send({
      event: 'publish_response',
      data: { ...data, caseIds: ['5b0f5a52-6c1e-4c3b-9a3e-2f1d7a9c4e10'] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('SUPER_COMPLAINT_CASE_NOT_FOUND');
    const opened = await t.http().post('/api/v1/cases').set(await as('officer@demo.test')).send({
      serviceUrl: 'https://social.example',
      title: 'Default public profiles for children',
      harmCategories: ['children_harmful_content'],
    });
    expect(opened.status).toBe(201);
    const caseId = opened.body.id as string;
    const res = await t.http().post(`/api/v1/super-complaints/${id}/events`).set(await as('decider@demo.test')).set(await current(id, await as('decider@demo.test'))).send({ event: 'publish_response', data: { ...data, caseIds: [caseId] } });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('response_published');
    expect(res.body.response).toMatchObject({ outcome: 'enforcement_action_opened', caseIds: [caseId], publishedOn: today() });
    expect(res.body.deadlines.find((d: { kind: string }) => d.kind === 'super_complaint_response').status).toBe('met');
    const pub = await t.http().get('/api/v1/super-complaints/published');
    expect(pub.status).toBe(200);
    expect(pub.body[0]).toMatchObject({ reference, outcome: 'enforcement_action_opened', summary: data.summary });
  });

  it('limits an entity to one filing in six months unless an officer records an exception, and rejects repeats of a published complaint', async () => {
    const body = await as('body@demo.test');
    const draft = await t.http().post('/api/v1/super-complaints').set(body).send({ title: 'Second complaint', ...complete });
    expect(draft.status).toBe(201);
    const limited = await t.http().post(`/api/v1/super-complaints/${draft.body.id}/submit`).set(body).set(await current(draft.body.id, body));
    expect(limited.status).toBe(409);
    expect(limited.body.code).toBe('SUPER_COMPLAINT_FILING_LIMIT');
    expect(limited.body.detail).toContain(reference);
    const exception = await t.http().post(`/api/v1/super-complaints/${draft.body.id}/events`).set(await as('officer@demo.test')).set(await current(draft.body.id, await as('officer@demo.test'))).send({
      event: 'grant_filing_exception',
      data: { reason: 'New evidence of serious harm to children.' },
    });
    expect(exception.status).toBe(200);
    expect(exception.body.filingException).toMatchObject({ reason: 'New evidence of serious harm to children.' });
    const repeated = await t.http().post(`/api/v1/super-complaints/${draft.body.id}/submit`).set(body).set(await current(draft.body.id, body));
    expect(repeated.status).toBe(409);
    expect(repeated.body.code).toBe('SUPER_COMPLAINT_REPEATS_PUBLISHED');
    await t.http().patch(`/api/v1/super-complaints/${draft.body.id}`).set(body).set(await current(draft.body.id, body)).send({ feature: 'Livestream gifting to children' });
    const filed = await t.http().post(`/api/v1/super-complaints/${draft.body.id}/submit`).set(body).set(await current(draft.body.id, body));
    expect(filed.status).toBe(200);
    // Already found eligible once: the eligibility decision is due in 15 days.
    expect(filed.body.deadlines).toEqual([expect.objectContaining({ kind: 'super_complaint_eligibility', dueOn: addDays(today(), 15) })]);
    const withdrawn = await t.http().post(`/api/v1/super-complaints/${draft.body.id}/events`).set(body).set(await current(draft.body.id, body)).send({ event: 'withdraw', data: { reason: 'Merged into a joint complaint.' } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.state).toBe('withdrawn');
    expect(withdrawn.body.deadlines[0].status).toBe('cancelled');
  });

  it("serves an entity's own systems through an API key, confined to its organisation", async () => {
    const created = await t.http().post('/api/v1/api-keys').set(await as('body2@demo.test')).send({ name: 'Case system' });
    expect(created.status).toBe(201);
    const key = { Authorization: `Bearer ${created.body.key}` };
    const draft = await t.http().post('/api/v1/super-complaints').set(key).send({ title: 'Scam adverts', ...complete, feature: 'Paid scam adverts', harmCategories: ['fraud'] });
    expect(draft.status).toBe(201);
    const filed = await t.http().post(`/api/v1/super-complaints/${draft.body.id}/submit`).set(key).set(await current(draft.body.id, key));
    expect(filed.status).toBe(200);
    expect(filed.body.deadlines[0]).toMatchObject({ kind: 'super_complaint_eligibility', dueOn: addDays(today(), 30) });
    const own = await t.http().get(`/api/v1/super-complaints/${draft.body.id}`).set(key);
    expect(own.status).toBe(200);
    const others = await t.http().get(`/api/v1/super-complaints/${id}`).set(key);
    expect(others.status).toBe(404);
    const list = await t.http().get('/api/v1/super-complaints').set(key);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([draft.body.id]);
  });

  it('documents the API in OpenAPI', async () => {
    const doc = await t.http().get('/api/docs-json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/super-complaints', '/api/v1/super-complaints/{id}/submit', '/api/v1/super-complaints/{id}']));
  });
});
