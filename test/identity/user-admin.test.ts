import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import { DEMO_USERS, DemoSeeder } from '@app/identity';
import { bootTestApp, TEST_DEMO_PASSWORD, type TestApp } from '@app/testing';

interface UserBody {
  id: string;
  email: string;
  roles: string[];
  organisationId: string;
  disabled: boolean;
}

describe('administering users, organisations and MFA policy', () => {
  let t: TestApp;
  let audit: AuditLog;
  const users = new Map<string, UserBody>();
  let organisations: { id: string; kind: string; name: string }[];
  beforeAll(async () => {
    t = await bootTestApp();
    audit = t.app.get(AuditLog);
  });
  afterAll(async () => t.close());

  const admin = async () => ({ Authorization: `Bearer ${await t.token('admin')}` });
  const organisationOf = (name: string) => organisations.find((o) => o.name === name)?.id as string;

  it('seeds the demo users once even when two processes start together on an empty database', async () => {
    const db = t.app.get(DataSource);
    await db.query(`DELETE FROM users`);
    const seeder = t.app.get(DemoSeeder);
    const results = await Promise.all([seeder.seed(TEST_DEMO_PASSWORD), seeder.seed(TEST_DEMO_PASSWORD)]);
    expect(results.sort()).toEqual([false, true]);
    const [{ count }] = (await db.query(`SELECT count(*)::int AS count FROM users`)) as { count: number }[];
    expect(count).toBe(DEMO_USERS.length);
  });

  it('seeds every demo user of the contract into an empty database, and only once', async () => {
    const res = await t.http().get('/api/v1/admin/users').query({ limit: 500 }).set(await admin());
    expect(res.status).toBe(200);
    for (const user of res.body.items as UserBody[]) users.set(user.email, user);
    for (const demo of DEMO_USERS) expect(users.get(demo.email)?.roles).toEqual([demo.role]);
    expect(res.body.items[0]).not.toHaveProperty('passwordHash');
    expect(res.body.items[0]).not.toHaveProperty('mfaSecret');
    const orgs = await t.http().get('/api/v1/admin/organisations').set(await admin());
    organisations = orgs.body.items;
    expect(organisations.map((o) => o.kind).sort()).toEqual(['eligible_entity', 'eligible_entity', 'provider', 'provider', 'regulator']);
    expect(users.get('provider@demo.test')?.organisationId).toBe(organisationOf('Demo Platform Ltd'));
    expect(users.get('provider2@demo.test')?.organisationId).not.toBe(organisationOf('Demo Platform Ltd'));
    expect(users.get('body@demo.test')?.organisationId).not.toBe(users.get('body2@demo.test')?.organisationId);

    const second = await bootTestApp({ databaseUrl: t.databaseUrl });
    await second.close();
    const [{ count }] = (await t.app.get(DataSource).query(`SELECT count(*)::int AS count FROM users`)) as { count: number }[];
    expect(count).toBe(DEMO_USERS.length);
  });

  it('pages through users with limit and cursor', async () => {
    const first = await t.http().get('/api/v1/admin/users').query({ limit: 4 }).set(await admin());
    expect(first.body.items).toHaveLength(4);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await t.http().get('/api/v1/admin/users').query({ limit: 500, cursor: first.body.nextCursor }).set(await admin());
    const emails = [...first.body.items, ...rest.body.items].map((u: UserBody) => u.email);
    expect(emails).toEqual([...users.keys()].sort());
    expect(rest.body.nextCursor).toBeNull();
    expect((await t.http().get('/api/v1/admin/users').query({ limit: 501 }).set(await admin())).status).toBe(422);
    expect((await t.http().get('/api/v1/admin/users').query({ cursor: 'garbage!' }).set(await admin())).status).toBe(422);
    const byOrganisation = await t.http().get('/api/v1/admin/users').query({ organisationId: organisationOf('Demo Platform Ltd') }).set(await admin());
    expect(byOrganisation.body.items.map((u: UserBody) => u.email)).toEqual(['provider@demo.test']);
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    expect((await t.http().get('/api/v1/admin/users/00000000-0000-4000-8000-000000000000').set(await admin())).status).toBe(404);
    const malformed = await t.http().get('/api/v1/admin/users/not-an-id').set(await admin());
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('INVALID_ID');
  });

  it('invites a person, who chooses a strong password and signs in; the link works once', async () => {
    const invite = await t
      .http()
      .post('/api/v1/admin/invitations')
      .set(await admin())
      .send({ email: 'sam.patel@regulator.example', name: 'Sam Patel', organisationId: organisationOf('Online Safety Regulator'), roles: ['case_officer'] });
    expect(invite.status).toBe(201);
    expect(invite.body.acceptUrl).toBe(`http://localhost/invitations/accept?token=${invite.body.token}`);
    expect(invite.body.invitation).toMatchObject({ email: 'sam.patel@regulator.example', roles: ['case_officer'], acceptedAt: null });
    const token = invite.body.token as string;

    for (const password of ['short', 'sam.patel@regulator.example', 'password1234']) {
      const weak = await t.http().post('/api/v1/invitations/accept').send({ token, password });
      expect(weak.status).toBe(422);
      expect(weak.body.code).toBe('WEAK_PASSWORD');
      expect(weak.body.errors[0].field).toBe('password');
    }
    const accepted = await t.http().post('/api/v1/invitations/accept').send({ token, password: 'plum kettle orbit fennel', name: 'Samira Patel' });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ email: 'sam.patel@regulator.example', name: 'Samira Patel', roles: ['case_officer'] });
    const signIn = await t.http().post('/api/v1/auth/token').send({ email: 'sam.patel@regulator.example', password: 'plum kettle orbit fennel' });
    expect(signIn.status).toBe(200);
    const again = await t.http().post('/api/v1/invitations/accept').send({ token, password: 'another long password' });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('INVITATION_INVALID');
    expect((await t.http().post('/api/v1/invitations/accept').send({ token: 'made-up', password: 'another long password' })).status).toBe(410);
  });

  it('lets an invitation expire after 7 days', async () => {
    const invite = await t
      .http()
      .post('/api/v1/admin/invitations')
      .set(await admin())
      .send({ email: 'late@regulator.example', name: 'Late Comer', organisationId: organisationOf('Online Safety Regulator'), roles: ['analyst'] });
    t.clock.advance(7 * 86_400_000 + 1000);
    const res = await t.http().post('/api/v1/invitations/accept').send({ token: invite.body.token, password: 'plum kettle orbit fennel' });
    expect(res.status).toBe(410);
  });

  it('refuses roles the organisation cannot hold, and emails that already have an account', async () => {
    const wrongRole = await t
      .http()
      .post('/api/v1/admin/invitations')
      .set(await admin())
      .send({ email: 'x@platform.example', name: 'X', organisationId: organisationOf('Demo Platform Ltd'), roles: ['case_officer'] });
    expect(wrongRole.status).toBe(422);
    expect(wrongRole.body.code).toBe('ROLES_NOT_ALLOWED_FOR_ORGANISATION');
    const exists = await t
      .http()
      .post('/api/v1/admin/invitations')
      .set(await admin())
      .send({ email: 'OFFICER@demo.test', name: 'Dup', organisationId: organisationOf('Online Safety Regulator'), roles: ['analyst'] });
    expect(exists.status).toBe(409);
    expect(exists.body.code).toBe('USER_EXISTS');
    const unknownRole = await t
      .http()
      .post('/api/v1/admin/invitations')
      .set(await admin())
      .send({ email: 'y@regulator.example', name: 'Y', organisationId: organisationOf('Online Safety Regulator'), roles: ['superuser'] });
    expect(unknownRole.status).toBe(422);
    expect(unknownRole.body.errors[0].field).toBe('roles');
  });

  it("ends a user's tokens when their roles change, and the new roles apply at once", async () => {
    const officer2 = users.get('officer2@demo.test') as UserBody;
    const before = await t.token('officer2@demo.test');
    expect((await t.http().get('/api/v1/audit/verify').set('Authorization', `Bearer ${before}`)).status).toBe(200);
    const changed = await t.http().put(`/api/v1/admin/users/${officer2.id}/roles`).set(await admin()).send({ roles: ['analyst'] });
    expect(changed.status).toBe(200);
    expect(changed.body.roles).toEqual(['analyst']);
    const stale = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${before}`);
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('INVALID_TOKEN');
    const after = await t.token('officer2@demo.test', { fresh: true });
    expect((await t.http().get('/api/v1/audit/verify').set('Authorization', `Bearer ${after}`)).status).toBe(403);
    const providerRole = await t.http().put(`/api/v1/admin/users/${officer2.id}/roles`).set(await admin()).send({ roles: ['provider'] });
    expect(providerRole.status).toBe(422);
    expect(providerRole.body.code).toBe('ROLES_NOT_ALLOWED_FOR_ORGANISATION');
  });

  it('never lets the last active admin lose the admin role or be disabled', async () => {
    const self = users.get('admin@demo.test') as UserBody;
    const demote = await t.http().put(`/api/v1/admin/users/${self.id}/roles`).set(await admin()).send({ roles: ['case_officer'] });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('LAST_ADMIN');
    const disable = await t.http().post(`/api/v1/admin/users/${self.id}/disable`).set(await admin());
    expect(disable.status).toBe(409);
    expect(disable.body.code).toBe('LAST_ADMIN');

    // With a second admin, the first may step down.
    const decider = users.get('decider@demo.test') as UserBody;
    await t.http().put(`/api/v1/admin/users/${decider.id}/roles`).set(await admin()).send({ roles: ['decision_maker', 'admin'] }).expect(200);
    const stepDown = await t.http().put(`/api/v1/admin/users/${self.id}/roles`).set(await admin()).send({ roles: ['admin', 'analyst'] });
    expect(stepDown.status).toBe(200);
    const deciderToken = await t.token('decider@demo.test', { fresh: true });
    await t.http().put(`/api/v1/admin/users/${decider.id}/roles`).set('Authorization', `Bearer ${deciderToken}`).send({ roles: ['decision_maker'] }).expect(200);
    await t.token('admin', { fresh: true });
  });

  it('disables a user (tokens end, sign-in refused) and enables them again', async () => {
    const body = users.get('body@demo.test') as UserBody;
    const token = await t.token('body@demo.test');
    const disabled = await t.http().post(`/api/v1/admin/users/${body.id}/disable`).set(await admin());
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    const signIn = await t.http().post('/api/v1/auth/token').send({ email: 'body@demo.test', password: TEST_DEMO_PASSWORD });
    expect(signIn.status).toBe(401);
    expect(signIn.body.code).toBe('INVALID_CREDENTIALS');
    const enabled = await t.http().post(`/api/v1/admin/users/${body.id}/enable`).set(await admin());
    expect(enabled.body.disabled).toBe(false);
    expect((await t.http().post('/api/v1/auth/token').send({ email: 'body@demo.test', password: TEST_DEMO_PASSWORD })).status).toBe(200);
  });

  it('creates organisations with unique names and lists them by kind', async () => {
    const created = await t.http().post('/api/v1/admin/organisations').set(await admin()).send({ kind: 'provider', name: 'Example Video Sharing Ltd' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'provider', name: 'Example Video Sharing Ltd', id: expect.any(String) });
    const duplicate = await t.http().post('/api/v1/admin/organisations').set(await admin()).send({ kind: 'provider', name: 'example video sharing ltd' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('ORGANISATION_EXISTS');
    const badKind = await t.http().post('/api/v1/admin/organisations').set(await admin()).send({ kind: 'charity', name: 'X' });
    expect(badKind.status).toBe(422);
    const providers = await t.http().get('/api/v1/admin/organisations').query({ kind: 'provider', limit: 2 }).set(await admin());
    expect(providers.body.items).toHaveLength(2);
    const more = await t.http().get('/api/v1/admin/organisations').query({ kind: 'provider', cursor: providers.body.nextCursor }).set(await admin());
    expect([...providers.body.items, ...more.body.items].map((o: { name: string }) => o.name)).toEqual([
      'Demo Platform Ltd',
      'Example Video Sharing Ltd',
      'Second Demo Platform Ltd',
    ]);
  });

  it('shows and changes the MFA policy of each role', async () => {
    const list = await t.http().get('/api/v1/admin/role-policies').set(await admin());
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { role: string }) => p.role)).toEqual(['admin', 'case_officer', 'decision_maker', 'analyst', 'provider', 'complainant_body']);
    const set = await t.http().put('/api/v1/admin/role-policies/provider').set(await admin()).send({ mfaRequired: true });
    expect(set.body).toEqual({ role: 'provider', mfaRequired: true, enforcedInProduction: false, effectiveMfaRequired: true });
    await t.http().put('/api/v1/admin/role-policies/provider').set(await admin()).send({ mfaRequired: false }).expect(200);
    expect((await t.http().put('/api/v1/admin/role-policies/superuser').set(await admin()).send({ mfaRequired: true })).status).toBe(404);
    expect((await t.http().put('/api/v1/admin/role-policies/provider').set(await admin()).send({ mfaRequired: 'yes' })).status).toBe(422);
  });

  it('audits every change with who made it and what changed, and never a password or secret', async () => {
    const officer2 = users.get('officer2@demo.test') as UserBody;
    const events = await audit.chain(`user:${officer2.id}`);
    const roleChange = events.find((e) => e.event === 'user.roles_changed');
    expect(roleChange).toMatchObject({ actorLabel: 'admin@demo.test', subjectType: 'user', subjectId: officer2.id, changes: { roles: { before: ['case_officer'], after: ['analyst'] } } });
    const body = users.get('body@demo.test') as UserBody;
    expect((await audit.chain(`user:${body.id}`)).map((e) => e.event)).toEqual(['user.created', 'user.disabled', 'user.enabled']);
    const policies = await audit.chain('identity:policies');
    expect(policies.map((e) => [e.subjectId, e.changes])).toEqual([
      ['provider', { mfaRequired: { before: false, after: true } }],
      ['provider', { mfaRequired: { before: true, after: false } }],
    ]);
    const regulator = await audit.chain(`organisation:${organisationOf('Online Safety Regulator')}`);
    expect(regulator.filter((e) => e.event === 'user.invited')).toHaveLength(2);
    const created = (await t.http().get('/api/v1/admin/users').query({ limit: 500 }).set(await admin())).body.items.find(
      (u: UserBody) => u.email === 'sam.patel@regulator.example',
    );
    const acceptance = (await audit.chain(`user:${created.id}`))[0];
    expect(acceptance).toMatchObject({ event: 'user.created', actorId: created.id });

    const everything = JSON.stringify(await t.app.get(DataSource).query(`SELECT * FROM audit_events`));
    for (const secret of [TEST_DEMO_PASSWORD, 'plum kettle orbit fennel', 'password_hash', '$argon2id']) expect(everything).not.toContain(secret);
    expect((await audit.verify()).ok).toBe(true);
  });
});
