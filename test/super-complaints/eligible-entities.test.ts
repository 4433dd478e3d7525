import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bootTestApp, type TestApp } from '@app/testing';

const evidence = {
  representsUsers: 'We represent 40,000 parents of children who use social media.',
  independent: 'Funded by members and charitable trusts; no funding from online services.',
  expertContribution: 'Our research is cited in parliamentary debates on online safety.',
  regardToGuidance: "Our complaints process follows the regulator's super-complaints guidance.",
};
const allMet = { representsUsers: true, independent: true, expertContribution: true, regardToGuidance: true };

describe('recognising eligible entities', () => {
  let t: TestApp;
  const as = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });
  const mailTo = async (address: string) =>
    (await t.app.get(DataSource).query(`SELECT subject, html FROM outbox_messages WHERE to_address = $1 ORDER BY created_at, id`, [address])) as { subject: string; html: string }[];

  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t?.close());

  it('takes an application with evidence for each criterion, which officers assess as a checklist', async () => {
    const res = await t.http().post('/api/v1/eligible-entity-applications').send({
      organisationName: 'Parents for Safer Apps',
      contactName: 'Sam Lee',
      contactEmail: 'sam@parents.example',
      description: 'A parents’ network campaigning for safer apps.',
      evidence,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ reference: expect.stringMatching(/^EE-\d{4}-\d{4}$/), state: 'submitted' });
    const seen = await t.http().get(`/api/v1/eligible-entity-applications/${res.body.id}`).set(await as('officer@demo.test'));
    expect(seen.status).toBe(200);
    expect(seen.body.criteria).toHaveLength(4);
    expect(seen.body.criteria[1]).toMatchObject({ criterion: 'independent', evidence: evidence.independent, met: null });
    // The contact is personal data: sealed at rest, and each read by an officer is logged with its purpose.
    expect(seen.body).toMatchObject({ contactName: 'Sam Lee', contactEmail: 'sam@parents.example' });
    const db = t.app.get(DataSource);
    const [stored] = (await db.query(`SELECT * FROM eligible_entity_applications WHERE id = $1`, [res.body.id])) as Record<string, unknown>[];
    expect(JSON.stringify(stored)).not.toContain('sam@parents.example');
    expect(JSON.stringify(stored)).not.toContain('Sam Lee');
    const reads = (await db.query(`SELECT purpose FROM personal_data_reads WHERE subject_id = $1`, [stored?.contact_subject_id])) as { purpose: string }[];
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]?.purpose).toMatch(/eligible-entity application/);
    const body = await t.http().get(`/api/v1/eligible-entity-applications/${res.body.id}`).set(await as('body@demo.test'));
    expect(body.status).toBe(403);
  });

  it('refuses an entity that misses a criterion and tells it why', async () => {
    const applied = await t.http().post('/api/v1/eligible-entity-applications').send({
      organisationName: 'Platform Friends Forum',
      contactName: 'Alex Doe',
      contactEmail: 'alex@forum.example',
      description: 'A forum.',
      evidence,
    });
    const res = await t.http().post(`/api/v1/eligible-entity-applications/${applied.body.id}/decision`).set(await as('officer@demo.test')).send({
      checklist: { ...allMet, independent: false },
      reasons: 'Most of the forum’s funding comes from a regulated service.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'refused', organisationId: null });
    const mail = await mailTo('alex@forum.example');
    expect(mail).toHaveLength(1);
    expect(mail[0]?.html).toContain('Not met: Is independent of the providers of regulated services.');
    const again = await t.http().post(`/api/v1/eligible-entity-applications/${applied.body.id}/decision`).set(await as('officer@demo.test')).send({ checklist: allMet, reasons: 'Changed our mind.' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ELIGIBLE_ENTITY_APPLICATION_DECIDED');
  });

  it('decides and creates the organisation account together: when the invitation cannot be made, nothing is kept', async () => {
    const applied = await t.http().post('/api/v1/eligible-entity-applications').send({
      organisationName: 'Survivors Online Network',
      contactName: 'Demo Body',
      // This address already has an account, so its contact cannot be invited.
      contactEmail: 'body@demo.test',
      description: 'A network of survivors of online abuse.',
      evidence,
    });
    expect(applied.status).toBe(201);
    const refused = await t.http().post(`/api/v1/eligible-entity-applications/${applied.body.id}/decision`).set(await as('decider@demo.test')).send({
      checklist: allMet,
      reasons: 'The network meets every criterion.',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('USER_EXISTS');
    const db = t.app.get(DataSource);
    expect(await db.query(`SELECT id FROM organisations WHERE name = $1`, ['Survivors Online Network'])).toEqual([]);
    const still = await t.http().get(`/api/v1/eligible-entity-applications/${applied.body.id}`).set(await as('officer@demo.test'));
    expect(still.body).toMatchObject({ state: 'submitted', organisationId: null, decidedAt: null });
    const events = (await db.query(`SELECT event FROM audit_events WHERE subject_id = $1`, [applied.body.id])) as { event: string }[];
    expect(events.map((e) => e.event)).toEqual(['eligible_entity_application.submitted']);
    expect((await mailTo('body@demo.test')).filter((m) => m.html.includes('eligible entity'))).toEqual([]);
  });

  it('recognises an entity: it gets an organisation, its contact an account, an API key, and can file', async () => {
    const list = await t.http().get('/api/v1/eligible-entity-applications').set(await as('officer@demo.test'));
    const application = list.body.find((a: { organisationName: string }) => a.organisationName === 'Parents for Safer Apps');
    const decided = await t.http().post(`/api/v1/eligible-entity-applications/${application.id}/decision`).set(await as('decider@demo.test')).send({
      checklist: allMet,
      reasons: 'The network meets every criterion.',
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ state: 'recognised', organisationId: expect.any(String) });
    expect(decided.body.criteria.every((c: { met: boolean }) => c.met === true)).toBe(true);

    const mail = await mailTo('sam@parents.example');
    expect(mail.map((m) => m.html).join('\n')).toContain('Recognised as an eligible entity');
    const html = mail.map((m) => m.html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')).join('\n');
    const token = decodeURIComponent(/invitations\/accept\?token=([A-Za-z0-9_%-]+)/.exec(html)?.[1] ?? '');
    expect(token).not.toBe('');
    const accepted = await t.http().post('/api/v1/invitations/accept').send({ token, password: 'harbour violet teapot gravel' });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ organisationId: decided.body.organisationId, roles: ['complainant_body'] });

    const signedIn = await t.http().post('/api/v1/auth/token').send({ email: 'sam@parents.example', password: 'harbour violet teapot gravel' });
    expect(signedIn.status).toBe(200);
    const key = await t.http().post('/api/v1/api-keys').set({ Authorization: `Bearer ${signedIn.body.accessToken}` }).send({ name: 'Campaign system' });
    expect(key.status).toBe(201);
    const draft = await t.http().post('/api/v1/super-complaints').set({ Authorization: `Bearer ${key.body.key}` }).send({
      title: 'Endless scroll for children',
      summary: 'Autoplay and endless feeds keep children online at night.',
      feature: 'Endless scroll and autoplay',
      serviceUrls: ['https://video.example'],
      harmCategories: ['children_harmful_content'],
    });
    expect(draft.status).toBe(201);
    expect(draft.body.organisationId).toBe(decided.body.organisationId);
  });
});
