import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateCase } from '@app/cases';
import { DomainError } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';

const DAY = 86_400_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const SURVEY_CSV = Buffer.from('question,yes,no\nContacted by a stranger,412,1588\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const base64File = (filename: string, contentType: string, bytes: Buffer) => ({ filename, contentType, contentBase64: bytes.toString('base64') });

const complete = {
  title: 'Livestream gifting pressures children',
  summary: 'Children are pressed to buy gifts for streamers.',
  feature: 'Paid gifting during livestreams watched by children',
  serviceUrls: ['https://stream.example', 'https://clips.example'],
  harmCategories: ['children_harmful_content', 'fraud'],
  evidence: 'Our helpline logged 340 calls about gifting debts in 2026.',
  requestedAction: 'Require gifting to be off by default for under-18s.',
};

/**
 * Issue 6 through the API with an API key: documents as real files (JSON base64 and multipart), every
 * change guarded by If-Match, downloads for the entity and officers only, and a response that opens
 * the enforcement cases in the same step.
 */
describe('super-complaint documents and changes through the API', () => {
  let t: TestApp;
  let key: Record<string, string>;
  let id: string;
  let pdfId: string;
  let etag: string;
  const as = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });
  const api = (path = ''): string => `/api/v1/super-complaints/${id}${path}`;
  const readEtag = async (headers: Record<string, string>): Promise<string> => (await t.http().get(api()).set(headers)).headers.etag as string;

  beforeAll(async () => {
    t = await bootTestApp();
    const created = await t.http().post('/api/v1/api-keys').set(await as('body@demo.test')).send({ name: 'Helpline system' });
    expect(created.status).toBe(201);
    key = { Authorization: `Bearer ${created.body.key}` };
  });
  afterAll(async () => t?.close());

  it('starts a draft with a PDF sent as base64, stored with its checksum, and gives its version as an ETag', async () => {
    const res = await t.http().post('/api/v1/super-complaints').set(key).send({ ...complete, attachments: [base64File('helpline-report.pdf', 'application/pdf', PDF)] });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe(`"${res.body.version}"`);
    expect(res.body.attachments).toEqual([
      expect.objectContaining({ filename: 'helpline-report.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: sha256(PDF) }),
    ]);
    id = res.body.id;
    pdfId = res.body.attachments[0].id;
    etag = res.headers.etag as string;
    const read = await t.http().get(api()).set(key);
    expect(read.headers.etag).toBe(etag);
  });

  it('requires If-Match to change the draft, and refuses a change based on a version someone changed since', async () => {
    const without = await t.http().patch(api()).set(key).send({ summary: 'Changed without a version.' });
    expect(without.status).toBe(428);
    expect(without.body.code).toBe('SUPER_COMPLAINT_IF_MATCH_REQUIRED');
    const garbled = await t.http().patch(api()).set(key).set('If-Match', 'latest').send({ summary: 'x' });
    expect(garbled.status).toBe(400);
    expect(garbled.body.code).toBe('SUPER_COMPLAINT_IF_MATCH_INVALID');

    const first = await t.http().patch(api()).set(key).set('If-Match', etag).send({ summary: 'Children are pressed to buy gifts for streamers they follow.' });
    expect(first.status).toBe(200);
    expect(first.headers.etag).not.toBe(etag);
    const stale = await t.http().patch(api()).set(key).set('If-Match', etag).send({ summary: 'A change made from the old version.' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('SUPER_COMPLAINT_VERSION_CONFLICT');
    expect(stale.body.detail).toContain(`If-Match: ${first.headers.etag}`);
    const now = await t.http().get(api()).set(key);
    expect(now.body.summary).toBe('Children are pressed to buy gifts for streamers they follow.');
    etag = first.headers.etag as string;
  });

  it('takes files as multipart/form-data too, and refuses an image whatever it claims to be, storing nothing', async () => {
    const image = await t.http().post(api('/attachments')).set(key).set('If-Match', etag).attach('attachments', PNG, { filename: 'profile.pdf', contentType: 'application/pdf' });
    expect(image.status).toBe(422);
    expect(image.body.code).toBe('ATTACHMENT_TYPE_REFUSED');
    expect(image.body.detail).toContain('images and videos are never accepted');
    const json = await t.http().post(api('/attachments')).set(key).set('If-Match', etag).send({ attachments: [base64File('screenshot.png', 'image/png', PNG)] });
    expect(json.status).toBe(422);
    expect(json.body.code).toBe('ATTACHMENT_TYPE_REFUSED');
    const none = await t.http().post(api('/attachments')).set(key).set('If-Match', etag).send({ attachments: [] });
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('VALIDATION_FAILED');

    t.clock.advance(60_000);
    const csv = await t.http().post(api('/attachments')).set(key).set('If-Match', etag).attach('attachments', SURVEY_CSV, { filename: 'survey.csv', contentType: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.body.attachments.map((a: { filename: string; contentType: string; sha256: string }) => [a.filename, a.contentType, a.sha256])).toEqual([
      ['helpline-report.pdf', 'application/pdf', sha256(PDF)],
      ['survey.csv', 'text/csv', sha256(SURVEY_CSV)],
    ]);
    etag = csv.headers.etag as string;
  });

  it('lets the entity and officers download a document, and answers 404 to another entity', async () => {
    const own = await t.http().get(api(`/attachments/${pdfId}`)).set(key).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(own.status).toBe(200);
    expect(Buffer.compare(own.body as Buffer, PDF)).toBe(0);
    expect(own.headers['x-attachment-sha256']).toBe(sha256(PDF));
    expect(own.headers['content-disposition']).toContain('attachment; filename="helpline-report.pdf"');
    for (const who of ['officer@demo.test', 'decider@demo.test', 'admin@demo.test']) {
      const res = await t.http().get(api(`/attachments/${pdfId}`)).set(await as(who));
      expect({ who, status: res.status }).toEqual({ who, status: 200 });
    }
    const body2 = await as('body2@demo.test');
    const attempts = [
      t.http().get(api(`/attachments/${pdfId}`)).set(body2),
      t.http().post(api('/attachments')).set(body2).set('If-Match', etag).send({ attachments: [base64File('mine.txt', 'text/plain', Buffer.from('mine'))] }),
      t.http().patch(api()).set(body2).set('If-Match', etag).send({ title: 'mine now' }),
      t.http().post(api('/submit')).set(body2).set('If-Match', etag),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    for (const who of ['provider@demo.test', 'analyst@demo.test']) {
      const res = await t.http().get(api(`/attachments/${pdfId}`)).set(await as(who));
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
    // A file is found only under the super-complaint it belongs to.
    const other = await t.http().post('/api/v1/super-complaints').set(body2).send({ title: 'Scam adverts' });
    const elsewhere = await t.http().get(`/api/v1/super-complaints/${other.body.id}/attachments/${pdfId}`).set(body2);
    expect(elsewhere.status).toBe(404);
  });

  it('files the draft, after which documents come only with the answer to an information request', async () => {
    const filed = await t.http().post(api('/submit')).set(key).set('If-Match', etag);
    expect(filed.status).toBe(200);
    expect(filed.body.state).toBe('received');
    const late = await t.http().post(api('/attachments')).set(key).set('If-Match', filed.headers.etag as string).send({ attachments: [base64File('more.txt', 'text/plain', Buffer.from('More evidence.'))] });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('SUPER_COMPLAINT_ATTACHMENTS_CLOSED');

    t.clock.advance(2 * DAY);
    // Tokens are short-lived: an officer signs in after the days have passed.
    const officer = await as('officer@demo.test');
    const eligible = await t.http().post(api('/events')).set(officer).set('If-Match', await readEtag(officer)).send({ event: 'find_eligible', data: { reasons: 'The helpline meets every criterion.' } });
    expect(eligible.status).toBe(200);
    const asked = await t.http().post(api('/events')).set(officer).set('If-Match', eligible.headers.etag as string).send({ event: 'request_information', data: { request: 'Send the call log summary.' } });
    expect(asked.status).toBe(200);
    t.clock.advance(3 * DAY);
    const log = Buffer.from('month,calls\nJanuary,28\nFebruary,31\n');
    const answered = await t.http().post(api('/events')).set(key).set('If-Match', await readEtag(key)).send({
      event: 'provide_information',
      data: { information: 'The call log summary is attached.' },
      attachments: [base64File('call-log.txt', 'text/plain', log)],
    });
    expect(answered.status).toBe(200);
    expect(answered.body.state).toBe('assessment');
    expect(answered.body.attachments.map((a: { filename: string }) => a.filename)).toEqual(['helpline-report.pdf', 'survey.csv', 'call-log.txt']);
  });

  it('lets only one of two officers working from the same version take a step', async () => {
    const officer = await as('officer@demo.test');
    const decider = await as('decider@demo.test');
    const version = await readEtag(officer);
    const first = await t.http().post(`/api/v1/super-complaints/${id}/messages`).set(officer).send({ body: 'We are assessing the call log.' });
    expect(first.status).toBe(201);
    const results = await Promise.all([
      t.http().post(api('/events')).set(officer).set('If-Match', version).send({ event: 'request_information', data: { request: 'Send the helpline scripts.' } }),
      t.http().post(api('/events')).set(decider).set('If-Match', version).send({ event: 'request_information', data: { request: 'Send the volunteer guidance.' } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('SUPER_COMPLAINT_VERSION_CONFLICT');
    const winner = results.find((r) => r.status === 200);
    const answered = await t.http().post(api('/events')).set(key).set('If-Match', winner?.headers.etag as string).send({ event: 'provide_information', data: { information: 'Attached to the thread.' } });
    expect(answered.status).toBe(200);
  });

  it('publishes a response that opens one enforcement case per service, with the harms, linked and visible to the entity', async () => {
    const decider = await as('decider@demo.test');
    const data = { outcome: 'enforcement_action_opened', response: 'We are opening enforcement action against both services.', summary: 'Enforcement action opened on livestream gifting.' };
    const wrongOutcome = await t.http().post(api('/events')).set(decider).set('If-Match', await readEtag(decider)).send({ event: 'publish_response', data: { ...data, outcome: 'no_action', openCases: true } });
    expect(wrongOutcome.status).toBe(422);
    const before = await t.http().get('/api/v1/cases?limit=100').set(decider);
    // The response and its cases commit together: opening the second case fails, so the first is not left behind.
    let opening = 0;
    let failSecond = true;
    t.app.get(CreateCase).onCreated(async () => {
      opening += 1;
      if (failSecond && opening === 2) throw new DomainError('CASE_SERVICE_REQUIRED', 'The second service could not be resolved.');
    });
    const failed = await t.http().post(api('/events')).set(decider).set('If-Match', await readEtag(decider)).send({ event: 'publish_response', data: { ...data, openCases: true } });
    failSecond = false;
    expect([failed.status, failed.body.code, opening]).toEqual([422, 'CASE_SERVICE_REQUIRED', 2]);
    expect((await t.http().get('/api/v1/cases?limit=100').set(decider)).body.items).toHaveLength(before.body.items.length);
    expect((await t.http().get(api()).set(decider)).body.state).not.toBe('response_published');
    // Two officers publish from the same version at once: one response, one set of cases.
    const version = await readEtag(decider);
    const officer = await as('officer@demo.test');
    const attempts = await Promise.all([
      t.http().post(api('/events')).set(decider).set('If-Match', version).send({ event: 'publish_response', data: { ...data, openCases: true } }),
      t.http().post(api('/events')).set(officer).set('If-Match', version).send({ event: 'publish_response', data: { ...data, openCases: true } }),
    ]);
    expect(attempts.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(attempts.find((r) => r.status === 409)?.body.code).toBe('SUPER_COMPLAINT_VERSION_CONFLICT');
    const published = attempts.find((r) => r.status === 200) as (typeof attempts)[number];
    expect(published.body.state).toBe('response_published');
    const cases = published.body.response.cases as Array<{ id: string; reference: string }>;
    expect(cases).toHaveLength(2);
    expect(published.body.response.caseIds).toEqual(cases.map((c) => c.id));
    const after = await t.http().get('/api/v1/cases?limit=100').set(decider);
    expect(after.body.items.length - before.body.items.length).toBe(2);
    const opened = await Promise.all(cases.map((c) => t.http().get(`/api/v1/cases/${c.id}`).set(decider)));
    expect(opened.map((c) => [c.body.reference, c.body.state, c.body.serviceUrl, [...c.body.harmCategories].sort()])).toEqual([
      [cases[0]?.reference, 'assessment', 'https://stream.example', ['children_harmful_content', 'fraud']],
      [cases[1]?.reference, 'assessment', 'https://clips.example', ['children_harmful_content', 'fraud']],
    ]);
    const seenByEntity = await t.http().get(api()).set(key);
    expect(seenByEntity.body.response.cases.map((c: { reference: string }) => c.reference)).toEqual(cases.map((c) => c.reference));
    const entityOnCase = await t.http().get(`/api/v1/cases/${cases[0]?.id}`).set(key);
    expect(entityOnCase.status).toBe(403);
  });

  it('documents If-Match and the attachment routes in OpenAPI', async () => {
    const doc = await t.http().get('/api/docs-json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/super-complaints/{id}/attachments', '/api/v1/super-complaints/{id}/attachments/{attachmentId}']));
    const patch = doc.body.paths['/api/v1/super-complaints/{id}'].patch;
    expect(patch.parameters.map((p: { name: string }) => p.name)).toContain('If-Match');
  });
});
