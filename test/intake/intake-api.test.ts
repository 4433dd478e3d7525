import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bootTestApp, type TestApp } from '@app/testing';

const PNG_BASE64 = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(120, 7)]).toString('base64');

describe('POST /api/v1/intake', () => {
  let t: TestApp;
  let db: DataSource;
  const as = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });
  const complaint = (over: Record<string, unknown> = {}) => ({
    source: 'complaint',
    serviceUrl: 'https://www.Tube-Site.example/watch?v=1',
    harmCategories: ['ncii'],
    description: 'Intimate images of a woman were posted without consent and are still up.',
    ...over,
  });

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(async () => t.close());

  it('takes an anonymous public complaint and answers with its reference, service and matter', async () => {
    const res = await t.http().post('/api/v1/intake').send(complaint({ occurredOn: '2026-01-02' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      reference: expect.stringMatching(/^INT-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/),
      serviceId: expect.any(String),
      matterId: expect.any(String),
    });
    const status = await t.http().get(`/api/v1/intake/status/${res.body.reference.toLowerCase().replace(/-/g, ' ')}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ reference: res.body.reference, status: 'received' });
  });

  it('groups a second report about the same service and harm into the same matter, with the reason shown', async () => {
    const first = await t.http().post('/api/v1/intake').send(complaint({ serviceUrl: 'https://group.example/a' }));
    const second = await t.http().post('/api/v1/intake').send(complaint({ serviceUrl: 'group.example/b', harmCategories: ['ncii', 'harassment_stalking_threats'] }));
    expect(second.body.matterId).toBe(first.body.matterId);
    expect(second.body.serviceId).toBe(first.body.serviceId);
    expect(second.body.matchReason).toMatchObject({ rule: 'same_service_overlapping_harm', detail: expect.stringContaining('ncii') });
    const other = await t.http().post('/api/v1/intake').send(complaint({ serviceUrl: 'group.example', harmCategories: ['fraud'] }));
    expect(other.body.matterId).not.toBe(first.body.matterId);
    expect(other.body.matchReason.rule).toBe('new_matter');
  });

  it('lands a complaint about a mirror domain on the original service and its open matter', async () => {
    const officer = await as('officer@demo.test');
    const service = await t.http().post('/api/v1/services').set(officer).send({
      name: 'Rogue Site',
      serviceType: 'user_to_user',
      domains: [{ domain: 'rogue.example', relation: 'primary' }],
    });
    const original = await t.http().post('/api/v1/intake').send(complaint({ serviceUrl: 'https://rogue.example/x' }));
    expect(original.body.serviceId).toBe(service.body.id);
    await t.http().post(`/api/v1/services/${service.body.id}/domains`).set(officer).send({ domain: 'rogue-mirror.example', relation: 'mirror' }).expect(201);
    const viaMirror = await t.http().post('/api/v1/intake').send(complaint({ serviceUrl: 'http://WWW.ROGUE-MIRROR.EXAMPLE./y' }));
    expect(viaMirror.status).toBe(201);
    expect(viaMirror.body.serviceId).toBe(service.body.id);
    expect(viaMirror.body.matterId).toBe(original.body.matterId);
    expect(viaMirror.body.matchReason.detail).toContain('rogue-mirror.example, a mirror domain');
  });

  it('joins the matter holding the same content hash even when the harm differs', async () => {
    const hash = 'a'.repeat(64);
    const first = await t.http().post('/api/v1/intake').send(complaint({ serviceUrl: 'hashes.example', evidence: [{ hashAlgorithm: 'pdq', hash }] }));
    const second = await t.http().post('/api/v1/intake').send(
      complaint({ serviceUrl: 'hashes.example', harmCategories: ['hate'], evidence: [{ hashAlgorithm: 'pdq', hash: hash.toUpperCase() }] }),
    );
    expect(second.body.matterId).toBe(first.body.matterId);
    expect(second.body.matchReason.rule).toBe('same_content_hash');
  });

  it('never accepts image or video bytes, explaining why', async () => {
    const upload = await t.http().post('/api/v1/intake').set('Content-Type', 'image/png').send(Buffer.from(PNG_BASE64, 'base64'));
    expect(upload.status).toBe(415);
    expect(upload.body).toMatchObject({ code: 'MEDIA_NOT_ACCEPTED', detail: expect.stringContaining('never accept images or videos') });
    const multipart = await t.http().post('/api/v1/intake').field('source', 'complaint').attach('file', Buffer.from(PNG_BASE64, 'base64'), 'a.png');
    expect(multipart.status).toBe(415);
    expect(multipart.body.code).toBe('MEDIA_NOT_ACCEPTED');
    const dataUri = await t.http().post('/api/v1/intake').send(complaint({ evidence: [{ url: `data:image/png;base64,${PNG_BASE64}` }] }));
    expect(dataUri.status).toBe(422);
    expect(dataUri.body).toMatchObject({ code: 'MEDIA_IN_FIELD', errors: [{ field: 'evidence[0].url' }] });
    const base64 = await t.http().post('/api/v1/intake').send(complaint({ description: PNG_BASE64 }));
    expect(base64.status).toBe(422);
    expect(base64.body).toMatchObject({ code: 'MEDIA_IN_FIELD', errors: [{ field: 'description', message: expect.stringContaining('PNG image') }] });
    expect(base64.body.detail).toMatch(/hash of it \(PDQ, MD5, SHA-256 or a PhotoDNA identifier\)/);
  });

  it('answers bad input with 422 naming each field', async () => {
    const res = await t.http().post('/api/v1/intake').send({ source: 'gossip', serviceUrl: 'ftp://x.example', harmCategories: ['nonsense'], description: '' });
    expect(res.status).toBe(422);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['source', 'description']));
    const url = await t.http().post('/api/v1/intake').send(complaint({ serviceUrl: 'https://user:pw@evil.example/' }));
    expect(url.status).toBe(422);
    expect(url.body).toMatchObject({ code: 'INVALID_URL', errors: [{ field: 'serviceUrl' }] });
    const hash = await t.http().post('/api/v1/intake').send(complaint({ evidence: [{ hashAlgorithm: 'md5', hash: 'xyz' }] }));
    expect(hash.status).toBe(422);
    expect(hash.body.errors).toEqual([{ field: 'evidence[0].hash', message: 'a md5 hash is 32 hexadecimal characters' }]);
    const future = await t.http().post('/api/v1/intake').send(complaint({ occurredOn: '2999-01-01' }));
    expect(future.status).toBe(422);
    expect(future.body.errors[0].field).toBe('occurredOn');
    const wrongPart = await t.http().post('/api/v1/intake').send(complaint({ otherBody: { bodyType: 'police', bodyName: 'X', bodyReference: '1' } }));
    expect(wrongPart.status).toBe(422);
    expect(wrongPart.body.errors[0]).toMatchObject({ field: 'otherBody' });
  });

  it('needs sign-in for every source but public complaints, and the right role for each', async () => {
    const anonymous = await t.http().post('/api/v1/intake').send({ ...complaint(), source: 'supervision' });
    expect(anonymous.status).toBe(401);
    const provider = await t.http().post('/api/v1/intake').set(await as('provider@demo.test')).send({ ...complaint(), source: 'supervision' });
    expect(provider.status).toBe(403);
    expect(provider.body.code).toBe('SOURCE_NOT_ALLOWED');
  });

  it('files each of the seven sources the way its users would', async () => {
    const officer = await as('officer@demo.test');
    const cases: [string, Record<string, string>, Record<string, unknown>][] = [
      ['complaint', {}, { complaint: { channel: 'contact_centre', reportedToProvider: true } }],
      ['provider_self_report', await as('provider@demo.test'), { providerSelfReport: { remediationSoFar: 'Removed the feature', discoveredOn: '2026-01-01' }, reporter: { name: 'Alex Morgan', email: 'alex@provider.example' } }],
      ['supervision', officer, { supervision: { engagementReference: 'SUP-12' } }],
      ['other_regulatory_function', officer, { otherRegulatoryFunction: { function: 'information_request', relatedReference: 'IR-2026-7' } }],
      ['whistleblower', officer, { whistleblower: { relationship: 'former_employee', insiderEvidenceSummary: 'Moderation queue ignored for months' }, reporter: { name: 'Jo Insider', phone: '07700 900000' } }],
      ['other_body', officer, { otherBody: { bodyType: 'hotline', bodyName: 'Internet Watch Foundation', bodyReference: 'IWF-99812' } }],
      ['super_complaint', await as('body@demo.test'), { superComplaint: { superComplaintReference: 'SC-2026-001' } }],
    ];
    for (const [source, headers, extra] of cases) {
      const res = await t.http().post('/api/v1/intake').set(headers).send({ ...complaint({ serviceUrl: 'sources.example' }), source, ...extra });
      expect([source, res.status, res.body.code]).toEqual([source, 201, undefined]);
      const item = await t.http().get(`/api/v1/intake/${res.body.id}`).set(officer);
      expect(item.body).toMatchObject({ source });
    }
    const [{ sources }] = await db.query(`SELECT sources FROM matters m JOIN intake_items i ON i.matter_id = m.id WHERE i.reported_domain = 'sources.example' LIMIT 1`);
    expect([...sources].sort()).toEqual(['complaint', 'other_body', 'other_regulatory_function', 'provider_self_report', 'super_complaint', 'supervision', 'whistleblower']);
  });

  it('seals reporter and victim data per person, logs each read, and hides a whistleblower from officers', async () => {
    const res = await t.http().post('/api/v1/intake').send(
      complaint({
        serviceUrl: 'sealed.example',
        reporter: { name: 'Sam Reporter', email: 'sam@example.net', isPersonAffected: false },
        personAffected: { name: 'Riley Survivor', ageGroup: '13_17' },
      }),
    );
    expect(res.status).toBe(201);
    const [row] = await db.query(`SELECT * FROM intake_items WHERE id = $1`, [res.body.id]);
    expect(JSON.stringify(row)).not.toContain('Sam Reporter');
    expect(JSON.stringify(row)).not.toContain('Riley');
    expect(row.children_likely).toBe(true);
    const officer = await as('officer@demo.test');
    const view = await t.http().get(`/api/v1/intake/${res.body.id}`).set(officer);
    expect(view.body).toMatchObject({ hasReporter: true, hasPersonAffected: true });
    expect(JSON.stringify(view.body)).not.toContain('Sam Reporter');
    const noPurpose = await t.http().get(`/api/v1/intake/${res.body.id}/personal-data`).set(officer);
    expect(noPurpose.status).toBe(422);
    const read = await t.http().get(`/api/v1/intake/${res.body.id}/personal-data`).query({ purpose: 'contact the complainant about evidence' }).set(officer);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ reporter: { name: 'Sam Reporter', email: 'sam@example.net' }, personAffected: { name: 'Riley Survivor' } });
    const reads = await db.query(`SELECT purpose FROM personal_data_reads WHERE subject_id = $1`, [row.reporter_subject]);
    expect(reads).toEqual([{ purpose: 'contact the complainant about evidence' }]);
    expect((await t.http().get(`/api/v1/intake/${res.body.id}/personal-data`).query({ purpose: 'x' }).set(await as('analyst@demo.test'))).status).toBe(403);

    const wb = await t.http().post('/api/v1/intake').set(officer).send({
      ...complaint({ serviceUrl: 'sealed.example' }),
      source: 'whistleblower',
      whistleblower: { relationship: 'employee' },
      reporter: { name: 'Dana Insider' },
    });
    const officerRead = await t.http().get(`/api/v1/intake/${wb.body.id}/personal-data`).query({ purpose: 'check' }).set(officer);
    expect(officerRead.status).toBe(403);
    const deciderRead = await t.http().get(`/api/v1/intake/${wb.body.id}/personal-data`).query({ purpose: 'protect the source' }).set(await as('decider@demo.test'));
    expect(deciderRead.body.reporter).toMatchObject({ name: 'Dana Insider' });
  });

  it('queues an acknowledgement quoting the reference when the complainant gave an email address', async () => {
    const res = await t.http().post('/api/v1/intake').send(complaint({ serviceUrl: 'ack.example', reporter: { email: 'ack@example.net' } }));
    const [message] = await db.query(`SELECT subject, text FROM outbox_messages WHERE subject_id = $1`, [res.body.id]);
    expect(message.subject).toContain(res.body.reference);
    expect(message.text).toContain(`Your reference is ${res.body.reference}`);
  });

  it('shows an external user only the items of its own organisation', async () => {
    const mine = await t.http().post('/api/v1/intake').set(await as('provider@demo.test')).send({
      ...complaint({ serviceUrl: 'own.example' }),
      source: 'provider_self_report',
      providerSelfReport: { remediationSoFar: 'Fixed' },
    });
    expect((await t.http().get(`/api/v1/intake/${mine.body.id}`).set(await as('provider@demo.test'))).status).toBe(200);
    expect((await t.http().get(`/api/v1/intake/${mine.body.id}`).set(await as('provider2@demo.test'))).status).toBe(404);
  });
});
