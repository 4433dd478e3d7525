import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ServiceRegistry } from '@app/registry';
import { bootTestApp, type TestApp } from '@app/testing';

describe('the online-service registry', () => {
  let t: TestApp;
  const as = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });

  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  async function createService(body: Record<string, unknown>): Promise<{ id: string; providerId: string | null }> {
    const res = await t.http().post('/api/v1/services').set(await as('officer@demo.test')).send(body);
    expect(res.status).toBe(201);
    return res.body;
  }

  it('registers a provider and its service with domains and app identifiers', async () => {
    const provider = await t.http().post('/api/v1/providers').set(await as('officer@demo.test')).send({
      name: 'Tube Example Ltd',
      legalEntity: 'Tube Example Ltd (12345678)',
      groupName: 'Example Group',
      jurisdiction: 'GB',
      noticeContact: 'legal@tube.example',
    });
    expect(provider.status).toBe(201);
    const service = await createService({
      name: 'Tube Example',
      providerId: provider.body.id,
      serviceType: 'user_to_user',
      categorisation: 'category_1',
      ukUsersEstimate: 12_000_000,
      domains: [{ domain: 'WWW.Tube.Example.', relation: 'primary' }],
      appIds: [{ store: 'google', appId: 'com.tube.example' }],
    });
    const got = await t.http().get(`/api/v1/services/${service.id}`).set(await as('analyst@demo.test'));
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: service.id,
      name: 'Tube Example',
      providerId: provider.body.id,
      serviceType: 'user_to_user',
      categorisation: 'category_1',
      ukUsersEstimate: 12_000_000,
      domains: [{ domain: 'tube.example', relation: 'primary', since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }],
      appIds: [{ store: 'google', appId: 'com.tube.example' }],
    });
  });

  it('records a mirror and a successor, audited, and resolves URLs on them to the original service', async () => {
    const service = await createService({ name: 'Leaky Site', serviceType: 'user_to_user', domains: [{ domain: 'leaky.example', relation: 'primary' }] });
    const mirror = await t.http().post(`/api/v1/services/${service.id}/domains`).set(await as('officer@demo.test')).send({
      domain: 'Leaky-Mirror.example.',
      relation: 'mirror',
      evidence: 'Same content and layout; redirects from leaky.example since blocking',
    });
    expect(mirror.status).toBe(201);
    expect(mirror.body).toMatchObject({ domain: 'leaky-mirror.example', relation: 'mirror' });
    await t.http().post(`/api/v1/services/${service.id}/domains`).set(await as('officer@demo.test')).send({ domain: 'leaky2.example', relation: 'successor' }).expect(201);

    const got = await t.http().get(`/api/v1/services/${service.id}`).set(await as('officer@demo.test'));
    expect(got.body.domains.map((d: { domain: string; relation: string }) => [d.domain, d.relation])).toEqual(
      expect.arrayContaining([
        ['leaky.example', 'primary'],
        ['leaky-mirror.example', 'mirror'],
        ['leaky2.example', 'successor'],
      ]),
    );

    const registry = t.app.get(ServiceRegistry);
    const dataSource = t.app.get(DataSource);
    const resolved = await dataSource.transaction((tx) => registry.resolveUrl(tx, 'https://WWW.leaky-mirror.example/videos/1?x=2#t', { registerIfUnknown: false }));
    expect(resolved).toMatchObject({ serviceId: service.id, domain: 'leaky-mirror.example', relation: 'mirror', url: 'https://leaky-mirror.example/videos/1?x=2' });
    const sub = await dataSource.transaction((tx) => registry.resolveUrl(tx, 'cdn.leaky2.example/a', { registerIfUnknown: false }));
    expect(sub).toMatchObject({ serviceId: service.id, relation: 'successor', matchedDomain: 'leaky2.example', domain: 'cdn.leaky2.example' });

    const byApi = await t.http().get('/api/v1/services/resolve').query({ url: 'http://leaky2.example.' }).set(await as('officer@demo.test'));
    expect(byApi.status).toBe(200);
    expect(byApi.body).toMatchObject({ serviceId: service.id, relation: 'successor' });

    const events = await dataSource.query(`SELECT event, data FROM audit_events WHERE chain_id = $1 ORDER BY chain_seq`, [`service:${service.id}`]);
    expect(events.map((e: { event: string }) => e.event)).toEqual(['service_registered', 'service_domain_linked', 'service_domain_linked', 'service_domain_linked']);
    expect(events[2].data).toMatchObject({ domain: 'leaky-mirror.example', relation: 'mirror', evidence: expect.stringContaining('redirects') });
  });

  it('registers an unknown domain from a report as an unconfirmed service, once, even when reports race', async () => {
    const registry = t.app.get(ServiceRegistry);
    const dataSource = t.app.get(DataSource);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => dataSource.transaction((tx) => registry.resolveUrl(tx, 'https://brand-new.example/x', { registerIfUnknown: true }))),
    );
    expect(new Set(results.map((r) => r.serviceId)).size).toBe(1);
    expect(results.filter((r) => r.registered)).toHaveLength(1);
    const service = await registry.getService(results[0]!.serviceId);
    expect(service).toMatchObject({ origin: 'intake', serviceType: 'unknown', name: 'brand-new.example' });
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM online_services WHERE name = 'brand-new.example'`);
    expect(n).toBe(1);
  });

  it('takes over an unconfirmed service when its domain is recorded as a mirror of a known one', async () => {
    const registry = t.app.get(ServiceRegistry);
    const dataSource = t.app.get(DataSource);
    const placeholder = await dataSource.transaction((tx) => registry.resolveUrl(tx, 'copycat.example', { registerIfUnknown: true }));
    const original = await createService({ name: 'Original', serviceType: 'user_to_user', domains: [{ domain: 'original.example', relation: 'primary' }] });
    const res = await t.http().post(`/api/v1/services/${original.id}/domains`).set(await as('officer@demo.test')).send({ domain: 'copycat.example', relation: 'mirror' });
    expect(res.status).toBe(201);
    expect((await registry.getService(placeholder.serviceId))?.mergedInto).toBe(original.id);
    const again = await dataSource.transaction((tx) => registry.resolveUrl(tx, 'https://copycat.example/', { registerIfUnknown: true }));
    expect(again).toMatchObject({ serviceId: original.id, relation: 'mirror' });
  });

  it('refuses a domain that belongs to another confirmed service, naming it', async () => {
    const a = await createService({ name: 'Service A', serviceType: 'search', domains: [{ domain: 'a-search.example', relation: 'primary' }] });
    const b = await createService({ name: 'Service B', serviceType: 'search' });
    const res = await t.http().post(`/api/v1/services/${b.id}/domains`).set(await as('officer@demo.test')).send({ domain: 'a-search.example', relation: 'mirror' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'DOMAIN_LINKED_ELSEWHERE', serviceId: a.id });
    expect(res.body.detail).toContain('Service A');
  });

  it('answers bad input with a 4xx naming the field', async () => {
    const s = await createService({ name: 'Service C', serviceType: 'search' });
    const bad = await t.http().post(`/api/v1/services/${s.id}/domains`).set(await as('officer@demo.test')).send({ domain: 'https://user:pw@x.example/', relation: 'mirror' });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'INVALID_URL', errors: [{ field: 'domain' }] });
    const relation = await t.http().post(`/api/v1/services/${s.id}/domains`).set(await as('officer@demo.test')).send({ domain: 'ok.example', relation: 'cousin' });
    expect(relation.status).toBe(422);
    expect(relation.body.errors[0].field).toBe('relation');
    const unknownService = await t.http().post('/api/v1/services/3f1c2a9e-8d7b-4c6a-9e2f-0a1b2c3d4e5f/domains').set(await as('officer@demo.test')).send({ domain: 'ok.example', relation: 'mirror' });
    expect(unknownService.status).toBe(404);
    expect((await t.http().get('/api/v1/services/not-a-uuid').set(await as('officer@demo.test'))).status).toBe(400);
    const type = await t.http().post('/api/v1/services').set(await as('officer@demo.test')).send({ name: 'X', serviceType: 'forum' });
    expect(type.status).toBe(422);
    expect(type.body.errors[0].field).toBe('serviceType');
  });

  it('lets only officers and admins change the registry; analysts read', async () => {
    const s = await createService({ name: 'Service D', serviceType: 'search' });
    expect((await t.http().post(`/api/v1/services/${s.id}/domains`).set(await as('analyst@demo.test')).send({ domain: 'd.example', relation: 'primary' })).status).toBe(403);
    expect((await t.http().post(`/api/v1/services/${s.id}/domains`).send({ domain: 'd.example', relation: 'primary' })).status).toBe(401);
    expect((await t.http().get(`/api/v1/services/${s.id}`).set(await as('analyst@demo.test'))).status).toBe(200);
  });

  it('shows a provider user only its own services (404 for others)', async () => {
    const s = await createService({ name: 'Service E', serviceType: 'search' });
    expect((await t.http().get(`/api/v1/services/${s.id}`).set(await as('provider@demo.test'))).status).toBe(404);
  });

  it('lists services by name with an opaque cursor', async () => {
    for (const name of ['Paged 1', 'Paged 2', 'Paged 3']) await createService({ name, serviceType: 'search' });
    const first = await t.http().get('/api/v1/services').query({ q: 'paged', limit: 2 }).set(await as('officer@demo.test'));
    expect(first.body.items.map((s: { name: string }) => s.name)).toEqual(['Paged 1', 'Paged 2']);
    const second = await t.http().get('/api/v1/services').query({ q: 'paged', limit: 2, cursor: first.body.nextCursor }).set(await as('officer@demo.test'));
    expect(second.body).toMatchObject({ items: [{ name: 'Paged 3' }], nextCursor: null });
    expect((await t.http().get('/api/v1/services').query({ limit: 501 }).set(await as('officer@demo.test'))).status).toBe(422);
  });
});
