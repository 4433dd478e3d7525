import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditLog } from '@app/audit';
import { bootTestApp, type TestApp } from '@app/testing';

describe('organisation API keys', () => {
  let t: TestApp;
  let key: string;
  let keyId: string;
  let providerOrganisationId: string;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  const as = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });

  it('lets a provider create a key for its own organisation, shown once', async () => {
    const res = await t.http().post('/api/v1/api-keys').set(await as('provider')).send({ name: 'Reporting system' });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^osa_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(res.body.key.slice(4, 12)).toBe(res.body.prefix);
    key = res.body.key;
    keyId = res.body.id;
    providerOrganisationId = res.body.organisationId;
    const me = await t.http().get('/api/v1/me').set(await as('provider'));
    expect(providerOrganisationId).toBe(me.body.organisationId);
  });

  it("lets the key act as its organisation, with the organisation's role", async () => {
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${key}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'api_key', id: keyId, via: 'api_key', roles: ['provider'], organisationId: providerOrganisationId, organisationName: 'Demo Platform Ltd' });
    const admin = await t.http().get('/api/v1/admin/users').set('Authorization', `Bearer ${key}`);
    expect(admin.status).toBe(403);
    expect(admin.body.code).toBe('FORBIDDEN_ROLE');
  });

  it('lists the keys without their secrets, and records when a key was last used', async () => {
    const res = await t.http().get('/api/v1/api-keys').set(await as('provider'));
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ id: keyId, name: 'Reporting system', revokedAt: null, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toContain(key.slice(13));
    expect(res.body.items[0]).not.toHaveProperty('secretHash');
  });

  it("keeps another provider out of the organisation's keys with 404, never 403", async () => {
    const list = await t.http().get('/api/v1/api-keys').query({ organisationId: providerOrganisationId }).set(await as('provider2@demo.test'));
    expect(list.status).toBe(404);
    expect(list.body.code).toBe('NOT_FOUND');
    const create = await t.http().post('/api/v1/api-keys').set(await as('provider2@demo.test')).send({ name: 'sneaky', organisationId: providerOrganisationId });
    expect(create.status).toBe(404);
    const revoke = await t.http().delete(`/api/v1/api-keys/${keyId}`).set(await as('provider2@demo.test'));
    expect(revoke.status).toBe(404);
    const own = await t.http().get('/api/v1/api-keys').set(await as('provider2@demo.test'));
    expect(own.body.items).toEqual([]);
    expect((await t.http().get('/api/v1/me').set('Authorization', `Bearer ${key}`)).status).toBe(200);
  });

  it('lets an admin manage any provider or eligible entity, but issues no keys to the regulator', async () => {
    const noOrganisation = await t.http().get('/api/v1/api-keys').set(await as('admin'));
    expect(noOrganisation.status).toBe(422);
    expect(noOrganisation.body.errors[0].field).toBe('organisationId');
    const listed = await t.http().get('/api/v1/api-keys').query({ organisationId: providerOrganisationId }).set(await as('admin'));
    expect(listed.body.items.map((k: { id: string }) => k.id)).toEqual([keyId]);
    const adminMe = await t.http().get('/api/v1/me').set(await as('admin'));
    const regulatorKey = await t.http().post('/api/v1/api-keys').set(await as('admin')).send({ name: 'x', organisationId: adminMe.body.organisationId });
    expect(regulatorKey.status).toBe(403);
    expect(regulatorKey.body.code).toBe('API_KEY_NOT_ALLOWED');
    const bodyMe = await t.http().get('/api/v1/me').set(await as('complainant_body'));
    const bodyKey = await t.http().post('/api/v1/api-keys').set(await as('admin')).send({ name: 'Coalition intake', organisationId: bodyMe.body.organisationId });
    expect(bodyKey.status).toBe(201);
    const asBody = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${bodyKey.body.key}`);
    expect(asBody.body.roles).toEqual(['complainant_body']);
  });

  it('does not let a key create or revoke keys', async () => {
    const res = await t.http().post('/api/v1/api-keys').set('Authorization', `Bearer ${key}`).send({ name: 'child key' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN_ROLE');
  });

  it('stops a revoked key at once', async () => {
    const res = await t.http().delete(`/api/v1/api-keys/${keyId}`).set(await as('provider'));
    expect(res.status).toBe(200);
    expect(res.body.revokedAt).not.toBeNull();
    const used = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${key}`);
    expect(used.status).toBe(401);
    expect(used.body.code).toBe('INVALID_TOKEN');
  });

  it('refuses a key whose secret is wrong, even with a real prefix', async () => {
    const forged = `${key.slice(0, 13)}${'A'.repeat(43)}`;
    const res = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${forged}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('INVALID_TOKEN');
  });

  it('audits creation and revocation on the organisation chain, without the key', async () => {
    const events = await t.app.get(AuditLog).chain(`organisation:${providerOrganisationId}`);
    const mine = events.filter((e) => e.subjectId === keyId);
    expect(mine.map((e) => e.event)).toEqual(['api_key.created', 'api_key.revoked']);
    expect(mine[0]?.actorLabel).toBe('provider@demo.test');
    expect(JSON.stringify(events)).not.toContain(key.slice(13));
  });
});
