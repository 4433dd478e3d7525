import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generate } from 'otplib';
import { MfaService, SESSION_COOKIE, SessionService, UserAdminService } from '@app/identity';
import { bootTestApp, TEST_DEMO_PASSWORD, type TestApp } from '@app/testing';

/** The code an authenticator app would show at the server's (test) time, `stepsAhead` periods later. */
async function codeAt(t: TestApp, secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) + stepsAhead * 30 });
}

describe('multi-factor authentication with an authenticator app (TOTP)', () => {
  let t: TestApp;
  let secret: string;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  const bearer = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });
  const signIn = (email: string, otp?: string) =>
    t.http().post('/api/v1/auth/token').send({ email, password: TEST_DEMO_PASSWORD, ...(otp === undefined ? {} : { otp }) });

  it('starts enrolment with a secret, an otpauth URL and a QR code, leaving MFA off until confirmed', async () => {
    const res = await t.http().post('/api/v1/me/mfa/enrolment').set(await bearer('officer2@demo.test'));
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(res.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.*officer2%40demo\.test.*secret=/);
    expect(res.body.qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(res.body.qrCodeDataUrl.split(',')[1], 'base64').toString()).toContain('<svg');
    secret = res.body.secret;
    const me = await t.http().get('/api/v1/me').set(await bearer('officer2@demo.test'));
    expect(me.body.mfaEnabled).toBe(false);
    expect((await signIn('officer2@demo.test')).status).toBe(200);
  });

  it('refuses a wrong confirmation code and turns MFA on with the right one', async () => {
    const wrong = await t.http().post('/api/v1/me/mfa/enrolment/confirm').set(await bearer('officer2@demo.test')).send({ code: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_OTP');
    const right = await t.http().post('/api/v1/me/mfa/enrolment/confirm').set(await bearer('officer2@demo.test')).send({ code: await codeAt(t, secret) });
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ mfaEnabled: true });
    const again = await t.http().post('/api/v1/me/mfa/enrolment').set(await bearer('officer2@demo.test'));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('MFA_ALREADY_ENROLLED');
  });

  it('then asks for the code at sign-in: none is 401 MFA_REQUIRED, a wrong one 401 INVALID_OTP', async () => {
    const none = await signIn('officer2@demo.test');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('MFA_REQUIRED');
    const wrong = await signIn('officer2@demo.test', (Number(await codeAt(t, secret)) ^ 1).toString().padStart(6, '0'));
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_OTP');
  });

  it('issues a token with the right code, and refuses the same code a second time', async () => {
    t.clock.advance(30_000);
    const code = await codeAt(t, secret);
    const first = await signIn('officer2@demo.test', code);
    expect(first.status).toBe(200);
    expect((await t.http().get('/api/v1/me').set('Authorization', `Bearer ${first.body.accessToken}`)).body.mfaEnabled).toBe(true);
    const replay = await signIn('officer2@demo.test', code);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('INVALID_OTP');
    t.clock.advance(30_000);
    expect((await signIn('officer2@demo.test', await codeAt(t, secret))).status).toBe(200);
  });

  it('accepts a code one period off for clock drift, not two', async () => {
    t.clock.advance(90_000);
    expect((await signIn('officer2@demo.test', await codeAt(t, secret, 2))).status).toBe(401);
    expect((await signIn('officer2@demo.test', await codeAt(t, secret, 1))).status).toBe(200);
  });

  it("lets an admin reset a user's MFA: the user's tokens stop working and the password alone signs in again", async () => {
    t.clock.advance(60_000);
    const token = (await signIn('officer2@demo.test', await codeAt(t, secret))).body.accessToken as string;
    const users = t.app.get(UserAdminService);
    const officer2 = (await users.listUsers({ limit: 500 })).items.find((u) => u.email === 'officer2@demo.test');
    const reset = await t.http().post(`/api/v1/admin/users/${officer2?.id}/mfa/reset`).set(await bearer('admin'));
    expect(reset.status).toBe(200);
    expect(reset.body.mfaEnabled).toBe(false);
    const stale = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('INVALID_TOKEN');
    expect((await signIn('officer2@demo.test')).status).toBe(200);
  });

  it('refuses a token to a user whose role requires MFA but who has not set it up (409 MFA_NOT_ENROLLED)', async () => {
    const policy = await t.http().put('/api/v1/admin/role-policies/analyst').set(await bearer('admin')).send({ mfaRequired: true });
    expect(policy.status).toBe(200);
    expect(policy.body).toMatchObject({ role: 'analyst', mfaRequired: true, effectiveMfaRequired: true });
    const res = await signIn('analyst@demo.test');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('MFA_NOT_ENROLLED');
    expect(res.body.detail).toMatch(/browser/);
    await t.http().put('/api/v1/admin/role-policies/analyst').set(await bearer('admin')).send({ mfaRequired: false }).expect(200);
    expect((await signIn('analyst@demo.test')).status).toBe(200);
  });

  it('keeps a browser session that still owes its code to the MFA routes only', async () => {
    const sessions = t.app.get(SessionService);
    const users = t.app.get(UserAdminService);
    await t.http().put('/api/v1/admin/role-policies/admin').set(await bearer('admin')).send({ mfaRequired: true }).expect(200);
    const admin = (await users.listUsers({ limit: 500 })).items.find((u) => u.email === 'admin@demo.test');
    const { token } = await sessions.create(admin?.id as string, { mfaPassed: false });
    const cookie = `${SESSION_COOKIE}=${t.app.getHttpAdapter().getInstance().signCookie(token)}`;

    const me = await t.http().get('/api/v1/me').set('Cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'admin@demo.test', via: 'session', mfaEnabled: false, mfaRequired: true });
    const elsewhere = await t.http().get('/api/v1/admin/users').set('Cookie', cookie);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('MFA_NOT_ENROLLED');

    // What the web's MFA page does for this session (its forms carry CSRF tokens; the services are the same).
    const mfa = t.app.get(MfaService);
    const enrolment = await mfa.beginEnrolment(admin?.id as string);
    await mfa.confirmEnrolment(admin?.id as string, await codeAt(t, enrolment.secret));
    await sessions.markMfaPassed(token);
    expect((await t.http().get('/api/v1/admin/users').set('Cookie', cookie)).status).toBe(200);

    // A new session of an enrolled user owes its code until it is marked passed.
    const second = await sessions.create(admin?.id as string, { mfaPassed: false });
    const secondCookie = `${SESSION_COOKIE}=${t.app.getHttpAdapter().getInstance().signCookie(second.token)}`;
    const owed = await t.http().get('/api/v1/admin/users').set('Cookie', secondCookie);
    expect(owed.status).toBe(401);
    expect(owed.body.code).toBe('MFA_REQUIRED');
    await sessions.markMfaPassed(second.token);
    expect((await t.http().get('/api/v1/admin/users').set('Cookie', secondCookie)).status).toBe(200);

    await sessions.destroy(second.token);
    expect((await t.http().get('/api/v1/admin/users').set('Cookie', secondCookie)).status).toBe(401);
    const unsigned = await t.http().get('/api/v1/admin/users').set('Cookie', `${SESSION_COOKIE}=${token}`);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.code).toBe('INVALID_TOKEN');
  });
});

describe('MFA in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({ overrides: { nodeEnv: 'production' } });
  });
  afterAll(async () => t.close());

  it('is always required for regulator roles, whatever the role policies say', async () => {
    for (const email of ['admin@demo.test', 'officer@demo.test', 'decider@demo.test', 'analyst@demo.test']) {
      const res = await t.http().post('/api/v1/auth/token').send({ email, password: TEST_DEMO_PASSWORD });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('MFA_NOT_ENROLLED');
    }
    const provider = await t.http().post('/api/v1/auth/token').send({ email: 'provider@demo.test', password: TEST_DEMO_PASSWORD });
    expect(provider.status).toBe(200);
    const policies = await t.http().get('/api/v1/admin/role-policies').set('Authorization', `Bearer ${provider.body.accessToken}`);
    expect(policies.status).toBe(403);
  });
});
