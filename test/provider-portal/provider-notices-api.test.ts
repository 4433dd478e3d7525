import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { canonicalJson } from '@app/audit';
import { DomainError, SettableClock } from '@app/core';
import { ProviderNotices, type NoticeResponseEvent } from '@app/provider-portal';
import { bootTestApp, type TestApp } from '@app/testing';
import { LETTERS, createCase, fireOk, get } from '../cases/case-api.js';

const DAY = 86_400_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * Issue 7, the provider's side through the API: notices issued on a case reach the provider
 * organisation's portal, which answers (on time and late), asks for more time (an officer decides),
 * and makes representations with a request for an oral hearing. Every submission has a receipt.
 */
describe('provider notices through the API', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));
  const provider = 'provider@demo.test';

  const as = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });
  const post = async (who: string, path: string, body: object) => t.http().post(path).set(await as(who)).send(body);
  const noticesOf = async (caseId: string) => (await get(t, 'officer@demo.test', `/api/v1/cases/${caseId}/notices`)).body as Array<Record<string, any>>;

  /** A case in investigation about DemoTube, a service of the provider's organisation. */
  async function openCase(): Promise<{ id: string; version: number }> {
    const c = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://demotube.example/watch' });
    const opened = await fireOk(t, 'officer@demo.test', c.id, c.version, 'open_investigation');
    return { id: c.id, version: opened.version };
  }

  async function informationNotice(responseDays = 10): Promise<{ caseId: string; noticeId: string; version: number }> {
    const c = await openCase();
    const issued = await fireOk(t, 'officer@demo.test', c.id, c.version, 'issue_information_notice', { responseDays, letter: LETTERS.information_notice, recipientEmail: provider });
    const [notice] = await noticesOf(c.id);
    return { caseId: c.id, noticeId: notice!.id, version: issued.version };
  }

  beforeAll(async () => {
    t = await bootTestApp({ clock });
    const me = (await get(t, provider, '/api/v1/me')).body;
    const registered = (await post('admin@demo.test', '/api/v1/providers', { name: 'Demo Platform Ltd', organisationId: me.organisationId })).body;
    await post('admin@demo.test', '/api/v1/services', { name: 'DemoTube', providerId: registered.id, serviceType: 'user_to_user', domains: [{ domain: 'demotube.example', relation: 'primary' }] });
  });
  afterAll(async () => t?.close());

  it('shows the provider its information notice, the deadline with its explanation, and the notice exactly as issued', async () => {
    const { caseId, noticeId } = await informationNotice(10);
    const list = (await get(t, provider, '/api/v1/provider/notices')).body;
    expect(list.nextCursor).toBeNull();
    expect(list.items[0]).toMatchObject({ id: noticeId, kind: 'information_notice', status: 'awaiting_response', dueOn: '2026-03-12', source: { type: 'case', id: caseId } });

    const detail = (await get(t, provider, `/api/v1/provider/notices/${noticeId}`)).body;
    expect(detail.deadline).toMatchObject({ kind: 'information_notice_response', dueOn: '2026-03-12', status: 'pending' });
    expect(detail.deadline.explanation.join(' ')).toMatch(/12 March 2026/);
    expect(detail.requestedItems).toEqual(['Your most recent illegal content risk assessment']);
    expect(detail.can).toEqual({ answer: true, makeRepresentations: false, requestExtension: true });

    const document = await get(t, provider, `/api/v1/provider/notices/${noticeId}/document`);
    expect(document.headers['content-type']).toMatch(/^text\/html/);
    expect(document.text).toContain('Your most recent illegal content risk assessment');
    expect(sha256(document.text)).toBe(detail.sha256);
    expect(document.headers['x-document-sha256']).toBe(detail.sha256);
    const [issued] = (await get(t, 'officer@demo.test', `/api/v1/documents?caseId=${caseId}`)).body;
    expect(issued.sha256).toBe(detail.sha256);
  });

  it('takes an answer on time with a PDF, gives a receipt whose hash covers the file, and records the response on the case in the same step', async () => {
    const { caseId, noticeId } = await informationNotice(10);
    clock.advance(2 * DAY);
    const answers = [{ item: 'Your most recent illegal content risk assessment', answer: 'Attached: approved by the board on 1 February 2026.' }];
    const res = await post(provider, `/api/v1/provider/notices/${noticeId}/responses`, {
      answers,
      statement: 'We are happy to meet.',
      attachments: [{ filename: 'risk-assessment.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64') }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'response', noticeId, late: false, receivedAt: '2026-03-04T10:00:00.000Z' });
    const expected = canonicalJson({
      noticeId,
      kind: 'response',
      content: { answers, statement: 'We are happy to meet.' },
      attachments: [{ filename: 'risk-assessment.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: sha256(PDF) }],
    });
    expect(res.body.sha256).toBe(sha256(expected));

    const events = (await get(t, 'officer@demo.test', `/api/v1/cases/${caseId}/events`)).body as Array<Record<string, any>>;
    expect(events.find((e) => e.event === 'record_information_response')).toMatchObject({ actor: expect.stringContaining(provider) });
    const deadlines = (await get(t, 'officer@demo.test', `/api/v1/cases/${caseId}/deadlines`)).body as Array<Record<string, any>>;
    expect(deadlines.find((d) => d.kind === 'information_notice_response')).toMatchObject({ status: 'met', satisfiedOn: '2026-03-04' });

    const [seen] = await noticesOf(caseId);
    expect(seen).toMatchObject({ status: 'responded', late: false, respondedAt: '2026-03-04T10:00:00.000Z' });
    expect(seen!.responses[0]).toMatchObject({ receiptId: res.body.receiptId, sha256: res.body.sha256, content: { answers } });
    expect(seen!.responses[0].attachments).toEqual([expect.objectContaining({ filename: 'risk-assessment.pdf', sha256: sha256(PDF) })]);
    const file = await t
      .http()
      .get(`/api/v1/provider/notices/${noticeId}/attachments/${seen!.responses[0].attachments[0].id}`)
      .set(await as('officer@demo.test'))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
  });

  it('records a late answer as late instead of refusing it, sent as a multipart form', async () => {
    const { caseId, noticeId } = await informationNotice(7);
    clock.advance(10 * DAY);
    const res = await t
      .http()
      .post(`/api/v1/provider/notices/${noticeId}/responses`)
      .set(await as(provider))
      .field('answers', JSON.stringify([{ item: 'Your most recent illegal content risk assessment', answer: 'Sorry for the delay: attached.' }]))
      .attach('attachments', PDF, { filename: 'late.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    expect(res.body.late).toBe(true);
    const deadlines = (await get(t, 'officer@demo.test', `/api/v1/cases/${caseId}/deadlines`)).body as Array<Record<string, any>>;
    expect(deadlines.find((d) => d.kind === 'information_notice_response')?.status).toBe('met_late');
    const detail = (await get(t, provider, `/api/v1/provider/notices/${noticeId}`)).body;
    expect(detail).toMatchObject({ status: 'responded', late: true });
    expect(detail.responses[0]).toMatchObject({ late: true, receiptId: res.body.receiptId });
  });

  it('refuses an answer that names no requirement, or a file that is an image, naming the field', async () => {
    const { noticeId } = await informationNotice(10);
    const empty = await post(provider, `/api/v1/provider/notices/${noticeId}/responses`, { answers: [] });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'answers' })]));
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const image = await post(provider, `/api/v1/provider/notices/${noticeId}/responses`, {
      answers: [{ item: 'x', answer: 'y' }],
      attachments: [{ filename: 'screenshot.pdf', contentType: 'application/pdf', contentBase64: png.toString('base64') }],
    });
    expect(image.status).toBe(422);
    expect(image.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'attachments' })]));
    expect((await get(t, provider, `/api/v1/provider/notices/${noticeId}`)).body.responses).toEqual([]);
  });

  it('keeps text PostgreSQL cannot store out of an answer instead of failing, and refuses an answer of nothing but NUL', async () => {
    const { noticeId } = await informationNotice(10);
    const nothing = await post(provider, `/api/v1/provider/notices/${noticeId}/responses`, { answers: [{ item: 'x', answer: '\u0000' }] });
    expect(nothing.status).toBe(422);
    const odd = await post(provider, `/api/v1/provider/notices/${noticeId}/responses`, { answers: [{ item: 'a\u0000b', answer: 'broken \uD800 surrogate' }], statement: '\u202Egnp.exe' });
    expect(odd.status).toBe(201);
    const detail = (await get(t, provider, `/api/v1/provider/notices/${noticeId}`)).body;
    expect(detail.responses[0].content).toEqual({ answers: [{ item: 'ab', answer: 'broken \uFFFD surrogate' }], statement: '\u202Egnp.exe' });
  });

  it('lets an officer grant an extension, which moves the deadline, is audited and is emailed to the provider', async () => {
    const { caseId, noticeId } = await informationNotice(10);
    const due = (await get(t, provider, `/api/v1/provider/notices/${noticeId}`)).body.dueOn as string;
    const earlier = await post(provider, `/api/v1/provider/notices/${noticeId}/extension-requests`, { requestedDueOn: due, reasons: 'More time.' });
    expect(earlier.body.code).toBe('PROVIDER_EXTENSION_DATE_NOT_LATER');
    const asked = await post(provider, `/api/v1/provider/notices/${noticeId}/extension-requests`, { requestedDueOn: '2026-04-30', reasons: 'Our auditors deliver the figures on 25 April.' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ kind: 'extension_request', late: false });
    const twice = await post(provider, `/api/v1/provider/notices/${noticeId}/extension-requests`, { requestedDueOn: '2026-05-30', reasons: 'Even more time.' });
    expect(twice.status).toBe(409);

    const pending = (await get(t, 'officer@demo.test', '/api/v1/provider/extension-requests')).body as Array<Record<string, any>>;
    expect(pending.find((p) => p.receiptId === asked.body.receiptId)).toMatchObject({ requestedDueOn: '2026-04-30', currentDueOn: due, decision: { status: 'pending' } });

    const provider2Decides = await post('analyst@demo.test', `/api/v1/provider/extension-requests/${asked.body.receiptId}/decision`, { decision: 'granted', reasons: 'x' });
    expect(provider2Decides.status).toBe(403);
    const granted = await post('officer@demo.test', `/api/v1/provider/extension-requests/${asked.body.receiptId}/decision`, { decision: 'granted', reasons: 'The figures are needed and cannot come sooner.' });
    expect(granted.status).toBe(200);
    expect(granted.body.decision).toMatchObject({ status: 'granted', newDueOn: '2026-04-30' });
    const again = await post('officer@demo.test', `/api/v1/provider/extension-requests/${asked.body.receiptId}/decision`, { decision: 'refused', reasons: 'Changed my mind.' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PROVIDER_EXTENSION_ALREADY_DECIDED');

    const detail = (await get(t, provider, `/api/v1/provider/notices/${noticeId}`)).body;
    expect(detail.dueOn).toBe('2026-04-30');
    expect(detail.deadline).toMatchObject({ dueOn: '2026-04-30', originalDueOn: due });
    expect(detail.deadline.explanation.join(' ')).toMatch(/Extended from .* to Thursday 30 April 2026/);
    expect(detail.extensionRequests[0].decision).toMatchObject({ status: 'granted', reasons: 'The figures are needed and cannot come sooner.' });

    const mail = (await t.app.get(DataSource).query(`SELECT to_address, subject, text FROM outbox_messages WHERE idempotency_key = $1`, [`provider-extension-decision:${asked.body.receiptId}`])) as Array<Record<string, string>>;
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to_address).toBe(provider);
    expect(mail[0]!.text).toContain('The figures are needed and cannot come sooner.');
    const audited = (await t.app.get(DataSource).query(`SELECT event FROM audit_events WHERE chain_id = $1 ORDER BY chain_seq`, [`provider-notice:${noticeId}`])) as Array<{ event: string }>;
    expect(audited.map((a) => a.event)).toEqual(['provider_notice_issued', 'provider_extension_request_received', 'provider_extension_granted']);
    const caseEvents = (await get(t, 'officer@demo.test', `/api/v1/cases/${caseId}/events`)).body as Array<Record<string, any>>;
    expect(caseEvents.map((e) => e.event)).toContain('deadline.extended');
  });

  it('lets an officer refuse an extension: the date stays and the provider is told why', async () => {
    const { noticeId } = await informationNotice(10);
    const before = (await get(t, provider, `/api/v1/provider/notices/${noticeId}`)).body.dueOn;
    const asked = await post(provider, `/api/v1/provider/notices/${noticeId}/extension-requests`, { requestedDueOn: '2026-12-31', reasons: 'Busy season.' });
    const refused = await post('decider@demo.test', `/api/v1/provider/extension-requests/${asked.body.receiptId}/decision`, { decision: 'refused', reasons: 'The information is already held; no reason given why it cannot be sent.' });
    expect(refused.status).toBe(200);
    expect(refused.body.decision).toMatchObject({ status: 'refused', newDueOn: null });
    expect((await get(t, provider, `/api/v1/provider/notices/${noticeId}`)).body.dueOn).toBe(before);
    const mail = (await t.app.get(DataSource).query(`SELECT subject, text FROM outbox_messages WHERE idempotency_key = $1`, [`provider-extension-decision:${asked.body.receiptId}`])) as Array<Record<string, string>>;
    expect(mail[0]!.text).toContain('Extension refused');
  });

  it('emails the decision to the organisation\'s portal users when the extension was asked through an API key', async () => {
    const { noticeId } = await informationNotice(10);
    const created = await post(provider, '/api/v1/api-keys', { name: 'Compliance system' });
    expect(created.status).toBe(201);
    const viaKey = { Authorization: `Bearer ${created.body.key as string}` };
    const asked = await t.http().post(`/api/v1/provider/notices/${noticeId}/extension-requests`).set(viaKey).send({ requestedDueOn: '2026-12-30', reasons: 'Our system exports monthly.' });
    expect(asked.status).toBe(201);
    const refused = await post('officer@demo.test', `/api/v1/provider/extension-requests/${asked.body.receiptId}/decision`, { decision: 'refused', reasons: 'A monthly export is not a reason.' });
    expect(refused.status).toBe(200);
    const mail = (await t.app.get(DataSource).query(`SELECT to_address, text FROM outbox_messages WHERE idempotency_key LIKE $1`, [`provider-extension-decision:${asked.body.receiptId}:%`])) as Array<Record<string, string>>;
    expect(mail.map((m) => m.to_address)).toEqual([provider]);
    expect(mail[0]!.text).toContain('A monthly export is not a reason.');
  });

  it('takes representations with a request for an oral hearing on a provisional notice, recording them on the case atomically', async () => {
    const c = await openCase();
    const noticed = await fireOk(t, 'decider@demo.test', c.id, c.version, 'issue_provisional_notice', { representationsWorkingDays: 10, letter: LETTERS.provisional_notice, recipientEmail: provider });
    const [notice] = (await noticesOf(c.id)).filter((n) => n.kind === 'provisional_notice');
    expect(notice).toMatchObject({ status: 'awaiting_response', can: { answer: false, makeRepresentations: true, requestExtension: true } });

    const wrongForm = await post(provider, `/api/v1/provider/notices/${notice!.id}/responses`, { answers: [{ item: 'x', answer: 'y' }] });
    expect(wrongForm.body.code).toBe('PROVIDER_NOTICE_NOT_ANSWERABLE');
    const res = await post(provider, `/api/v1/provider/notices/${notice!.id}/representations`, { summary: 'Removal times fell to 2 days in March; see the attached figures.', oralHearingRequested: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'representations', late: false });

    const view = (await get(t, 'officer@demo.test', `/api/v1/cases/${c.id}`)).body;
    expect(view.version).toBe(noticed.version + 1);
    expect(view.representationsReceivedAt).not.toBeNull();
    const events = (await get(t, 'officer@demo.test', `/api/v1/cases/${c.id}/events`)).body as Array<Record<string, any>>;
    expect(events.filter((e) => e.event === 'record_representations')).toHaveLength(1);
    const [seen] = (await noticesOf(c.id)).filter((n) => n.kind === 'provisional_notice');
    expect(seen!.representations[0].content).toEqual({ summary: 'Removal times fell to 2 days in March; see the attached figures.', oralHearingRequested: true });
    expect(seen!.status).toBe('responded');
  });

  it('takes a reply to a warning letter by its reply date, and closes the notices still awaiting an answer when the case closes', async () => {
    const warned = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://demotube.example/w' });
    await fireOk(t, 'officer@demo.test', warned.id, warned.version, 'issue_warning_letter', { replyWorkingDays: 10, letter: LETTERS.warning_letter, recipientEmail: provider });
    const [letter] = await noticesOf(warned.id);
    expect(letter).toMatchObject({ kind: 'warning_letter', status: 'awaiting_response', requestedItems: ['Remove reported intimate image abuse within 48 hours.'] });
    const reply = await post(provider, `/api/v1/provider/notices/${letter!.id}/responses`, { answers: [{ item: 'Remove reported intimate image abuse within 48 hours.', answer: 'Done since Monday.' }] });
    expect(reply.status).toBe(201);
    expect((await get(t, provider, `/api/v1/provider/notices/${letter!.id}`)).body.deadline).toMatchObject({ kind: 'reminder', status: 'met' });

    const c = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://demotube.example/c' });
    const issued = await fireOk(t, 'officer@demo.test', c.id, c.version, 'issue_information_notice', { responseDays: 10, letter: LETTERS.information_notice, recipientEmail: provider });
    await fireOk(t, 'officer@demo.test', c.id, issued.version, 'close', { outcome: 'no_action', summary: 'The provider removed the content.' });
    const [closed] = await noticesOf(c.id);
    expect(closed).toMatchObject({ status: 'closed', can: { answer: true, requestExtension: false } });
    const late = await post(provider, `/api/v1/provider/notices/${closed!.id}/responses`, { answers: [{ item: 'x', answer: 'Sent anyway.' }] });
    expect(late.status).toBe(201);
  });

  it("shows another provider's notices as not found, everywhere", async () => {
    const { noticeId } = await informationNotice(10);
    const other = 'provider2@demo.test';
    expect((await get(t, other, '/api/v1/provider/notices')).body.items).toEqual([]);
    for (const path of ['', '/document']) expect((await get(t, other, `/api/v1/provider/notices/${noticeId}${path}`)).status).toBe(404);
    const answers = [{ item: 'x', answer: 'y' }];
    expect((await post(other, `/api/v1/provider/notices/${noticeId}/responses`, { answers })).status).toBe(404);
    expect((await post(other, `/api/v1/provider/notices/${noticeId}/representations`, { summary: 'x', oralHearingRequested: false })).status).toBe(404);
    expect((await post(other, `/api/v1/provider/notices/${noticeId}/extension-requests`, { requestedDueOn: '2027-01-01', reasons: 'x' })).status).toBe(404);
    expect((await get(t, provider, `/api/v1/provider/notices/${noticeId}`)).body.responses).toEqual([]);
  });

  describe('the public API for other contexts', () => {
    it('issues a programme notice once per idempotency key, and tells listeners in the answer transaction', async () => {
      const notices = t.app.get(ProviderNotices);
      const dataSource = t.app.get(DataSource);
      const me = (await get(t, provider, '/api/v1/me')).body;
      const serviceId = (await get(t, 'officer@demo.test', `/api/v1/cases/${(await openCase()).id}`)).body.serviceId as string;
      const programmeId = '5a0e7c1e-9f0b-4c41-8f3e-3d1c9c2b7a10';
      const issue = () =>
        dataSource.transaction((manager) =>
          notices.issue(manager, {
            organisationId: me.organisationId,
            serviceId,
            source: { type: 'programme', id: programmeId, reference: 'Age assurance programme' },
            kind: 'information_notice',
            title: 'Information notice: age assurance',
            html: '<p>Tell us how you check age.</p>',
            dueOn: '2026-12-01',
            idempotencyKey: `programme:${programmeId}:${serviceId}`,
            requestedItems: ['How you check age'],
          }),
        );
      const first = await issue();
      const second = await issue();
      expect(first.created).toBe(true);
      expect(second).toEqual({ noticeId: first.noticeId, created: false });

      const heard: NoticeResponseEvent[] = [];
      notices.onResponse(async (_manager, event) => {
        if (event.noticeId !== first.noticeId) return;
        if (heard.length === 0) {
          heard.push(event);
          throw new DomainError('CONFLICT', 'The programme refused the answer this time.');
        }
        heard.push(event);
      }, 'programme');

      const answer = { answers: [{ item: 'How you check age', answer: 'Facial age estimation.' }] };
      const refused = await post(provider, `/api/v1/provider/notices/${first.noticeId}/responses`, answer);
      expect(refused.status).toBe(409);
      expect((await notices.forSource('programme', programmeId))[0]).toMatchObject({ status: 'awaiting_response', respondedAt: null, late: null });

      const accepted = await post(provider, `/api/v1/provider/notices/${first.noticeId}/responses`, answer);
      expect(accepted.status).toBe(201);
      expect(heard[1]).toMatchObject({ noticeId: first.noticeId, submissionId: accepted.body.receiptId, submissionKind: 'response', late: false, source: { type: 'programme', id: programmeId } });
      const [summary] = await notices.forSource('programme', programmeId);
      expect(summary).toMatchObject({ status: 'responded', late: false, respondedAt: new Date(accepted.body.receivedAt) });
    });
  });
});
