import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { BulkActionProcessor } from '@app/programmes';
import { bootTestApp, type TestApp } from '@app/testing';
import { createDemoProviders, type DemoProviders } from './demo-providers.js';

const SERVICES = 60;

const notice = {
  title: 'Information notice: age assurance',
  requirements: [{ item: 'How you check that users are 18 or over' }],
  reasons: ['We are reviewing age assurance on services that publish pornographic content.'],
  responseForm: 'Answer each requirement through the provider portal.',
  responseWorkingDays: 10,
};

describe('closing and reopening a programme, and listing its services a page at a time (API)', () => {
  let t: TestApp;
  let db: DataSource;
  let demo: DemoProviders;
  let programmeId: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const officer = async () => auth(await t.token('case_officer'));

  beforeAll(async () => {
    t = await bootTestApp();
    t.clock.set(new Date('2026-06-01T09:00:00Z'));
    db = t.app.get(DataSource);
    demo = await createDemoProviders(db, SERVICES, 'Cls');
    const created = await t.http().post('/api/v1/programmes').set(await officer()).send({
      title: 'Age assurance across the sector',
      description: 'Whether services that publish pornography use highly effective age assurance.',
      harmCategories: ['children_access_pornography'],
    });
    programmeId = created.body.id;
    const added = await t.http().post(`/api/v1/programmes/${programmeId}/services`).set(await officer()).send({ serviceIds: demo.serviceIds });
    expect(added.body.added).toHaveLength(SERVICES);
  }, 120_000);
  afterAll(async () => t?.close());

  it('lists the services a page at a time with nextCursor, each service once, and filters by status', async () => {
    const first = await t.http().get(`/api/v1/programmes/${programmeId}/services?limit=50`).set(auth(await t.token('analyst')));
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await t.http().get(`/api/v1/programmes/${programmeId}/services`).query({ limit: 50, cursor: first.body.nextCursor }).set(auth(await t.token('analyst')));
    expect(second.body.items).toHaveLength(SERVICES - 50);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((s: { serviceId: string }) => s.serviceId);
    expect(new Set(ids)).toEqual(new Set(demo.serviceIds));

    await t.http().post(`/api/v1/programmes/${programmeId}/services/${demo.serviceIds[7]}/status`).set(await officer()).send({ status: 'compliant', reason: 'Checks in place.' });
    const compliant = await t.http().get(`/api/v1/programmes/${programmeId}/services?status=compliant`).set(await officer());
    expect(compliant.body).toEqual({ items: [expect.objectContaining({ serviceId: demo.serviceIds[7], status: 'compliant' })], nextCursor: null });

    const badCursor = await t.http().get(`/api/v1/programmes/${programmeId}/services?cursor=not-a-cursor`).set(await officer());
    expect(badCursor.status).toBe(422);
    expect(badCursor.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses to close while a bulk action is still sending, naming the action and what to do', async () => {
    const confirmed = await t.http().post(`/api/v1/programmes/${programmeId}/actions`).set(await officer()).send({ kind: 'information_notice', notice });
    expect(confirmed.status).toBe(202);
    const refused = await t.http().post(`/api/v1/programmes/${programmeId}/close`).set(await officer()).send({ reason: 'Review finished.' });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('PROGRAMME_BULK_ACTION_RUNNING');
    expect(refused.body.detail).toContain('Information notice to every provider');
    expect(refused.body.detail).toContain(`/programmes/${programmeId}/actions/${confirmed.body.id}`);
    expect(refused.body.detail).toMatch(/Wait until it has completed/);
    expect((await t.http().get(`/api/v1/programmes/${programmeId}`).set(await officer())).body.status).toBe('open');

    await t.app.get(BulkActionProcessor).drain();
  }, 60_000);

  it('closes with the reason and an audit event; a closed programme stays readable and refuses changes', async () => {
    const closed = await t.http().post(`/api/v1/programmes/${programmeId}/close`).set(await officer()).send({ reason: 'Review finished: all providers answered.' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');

    const events = (await db.query(`SELECT event, from_state, to_state, reason FROM audit_events WHERE chain_id = $1 AND event = 'programme_closed'`, [`programme:${programmeId}`])) as Record<string, string>[];
    expect(events).toEqual([{ event: 'programme_closed', from_state: 'open', to_state: 'closed', reason: 'Review finished: all providers answered.' }]);

    const shown = await t.http().get(`/api/v1/programmes/${programmeId}`).set(auth(await t.token('analyst')));
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ status: 'closed', statusChange: { status: 'closed', reason: 'Review finished: all providers answered.' } });
    expect(shown.body.dashboard.services).toBe(SERVICES);

    const preview = await t.http().post(`/api/v1/programmes/${programmeId}/actions/preview`).set(await officer()).send({ kind: 'information_notice', notice });
    expect(preview.status).toBe(409);
    expect(preview.body.code).toBe('PROGRAMME_CLOSED');
    expect(preview.body.detail).toMatch(/reopen it/);
    const confirm = await t.http().post(`/api/v1/programmes/${programmeId}/actions`).set(await officer()).send({ kind: 'chase_overdue' });
    expect(confirm.body.code).toBe('PROGRAMME_CLOSED');
    const add = await t.http().post(`/api/v1/programmes/${programmeId}/services`).set(await officer()).send({ serviceIds: [demo.serviceIds[0]] });
    expect(add.body.code).toBe('PROGRAMME_CLOSED');
    const finding = await t.http().post(`/api/v1/programmes/${programmeId}/services/${demo.serviceIds[1]}/status`).set(await officer()).send({ status: 'compliant', reason: 'x' });
    expect(finding.body.code).toBe('PROGRAMME_CLOSED');
    const investigation = await t.http().post(`/api/v1/programmes/${programmeId}/investigations`).set(await officer()).send({ serviceId: demo.serviceIds[2], summary: 'x' });
    expect(investigation.status).toBe(409);
    expect(investigation.body.code).toBe('PROGRAMME_CLOSED');

    const twice = await t.http().post(`/api/v1/programmes/${programmeId}/close`).set(await officer()).send({ reason: 'Again.' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('PROGRAMME_ALREADY_CLOSED');
    const viaStatus = await t.http().post(`/api/v1/programmes/${programmeId}/status`).set(await officer()).send({ status: 'closed', reason: 'Again.' });
    expect(viaStatus.body.code).toBe('PROGRAMME_ALREADY_CLOSED');
  }, 60_000);

  it('reopens with the reason, after which changes are allowed again', async () => {
    const reopened = await t.http().post(`/api/v1/programmes/${programmeId}/reopen`).set(await officer()).send({ reason: 'New evidence about three providers.' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('open');
    const events = (await db.query(`SELECT event, reason FROM audit_events WHERE chain_id = $1 AND event IN ('programme_closed', 'programme_reopened') ORDER BY chain_seq`, [
      `programme:${programmeId}`,
    ])) as Record<string, string>[];
    expect(events.map((e) => e.event)).toEqual(['programme_closed', 'programme_reopened']);

    const preview = await t.http().post(`/api/v1/programmes/${programmeId}/actions/preview`).set(await officer()).send({ kind: 'information_notice', notice });
    expect(preview.status).toBe(200);
    const finding = await t.http().post(`/api/v1/programmes/${programmeId}/services/${demo.serviceIds[1]}/status`).set(await officer()).send({ status: 'compliant', reason: 'Checks in place.' });
    expect(finding.status).toBe(200);

    const again = await t.http().post(`/api/v1/programmes/${programmeId}/reopen`).set(await officer()).send({ reason: 'Again.' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PROGRAMME_ALREADY_OPEN');
  }, 60_000);

  it('refuses a bad id, a missing or blank reason, and roles that may not close', async () => {
    const badId = await t.http().post('/api/v1/programmes/not-an-id/close').set(await officer()).send({ reason: 'x' });
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe('INVALID_ID');
    const unknown = await t.http().post('/api/v1/programmes/00000000-0000-4000-8000-000000000000/close').set(await officer()).send({ reason: 'x' });
    expect(unknown.status).toBe(404);
    const missing = await t.http().post(`/api/v1/programmes/${programmeId}/close`).set(await officer()).send({});
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    const blank = await t.http().post(`/api/v1/programmes/${programmeId}/close`).set(await officer()).send({ reason: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    for (const role of ['analyst', 'provider']) {
      const refused = await t.http().post(`/api/v1/programmes/${programmeId}/close`).set(auth(await t.token(role))).send({ reason: 'x' });
      expect(refused.status).toBe(403);
    }
    expect((await t.http().get(`/api/v1/programmes/${programmeId}`).set(await officer())).body.status).toBe('open');
  });

  it('documents close and reopen in the OpenAPI document', async () => {
    const paths = Object.keys((await t.http().get('/api/docs-json')).body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/programmes/{id}/close', '/api/v1/programmes/{id}/reopen']));
  });
});
