import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, TEST_DEMO_PASSWORD, type TestApp } from '@app/testing';

describe('access tokens from POST /api/v1/auth/token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  const signIn = (body: unknown) => t.http().post('/api/v1/auth/token').send(body as object);

  it('gives a demo user a bearer token (200, not 201) that the API accepts', async () => {
    const res = await signIn({ email: 'officer@demo.test', password: TEST_DEMO_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), expiresIn: 900, tokenType: 'Bearer' });
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'user', email: 'officer@demo.test', roles: ['case_officer'], via: 'token', organisationKind: 'regulator' });
  });

  it('finds the account whatever the case of the email', async () => {
    const res = await signIn({ email: 'Officer@Demo.Test', password: TEST_DEMO_PASSWORD });
    expect(res.status).toBe(200);
  });

  it('refuses a wrong password and an unknown email alike, without saying which was wrong', async () => {
    const wrongPassword = await signIn({ email: 'analyst@demo.test', password: 'not-the-password' });
    const unknownEmail = await signIn({ email: 'nobody@demo.test', password: TEST_DEMO_PASSWORD });
    for (const res of [wrongPassword, unknownEmail]) {
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
    expect(wrongPassword.body.detail).toBe(unknownEmail.body.detail);
  });

  it('names the missing or malformed fields with 422', async () => {
    const res = await signIn({ password: '' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['email', 'password']));
    const badOtp = await signIn({ email: 'officer@demo.test', password: TEST_DEMO_PASSWORD, otp: '12ab' });
    expect(badOtp.status).toBe(422);
    expect(badOtp.body.errors[0].field).toBe('otp');
    const unknownField = await signIn({ email: 'officer@demo.test', password: TEST_DEMO_PASSWORD, admin: true });
    expect(unknownField.status).toBe(422);
  });

  it('answers a text/plain body with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await t.http().post('/api/v1/auth/token').set('Content-Type', 'text/plain').send('email=officer@demo.test');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('asks for credentials with 401 AUTHENTICATION_REQUIRED and a Bearer challenge', async () => {
    const res = await t.http().get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTHENTICATION_REQUIRED');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    const otherScheme = await t.http().get('/api/v1/me').set('Authorization', 'Basic b2ZmaWNlcjpwYXNz');
    expect(otherScheme.status).toBe(401);
    expect(otherScheme.body.code).toBe('AUTHENTICATION_REQUIRED');
  });

  it('refuses a tampered, foreign or malformed token with 401 INVALID_TOKEN', async () => {
    const token = await t.token('officer@demo.test');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    for (const bad of [`${header}.${forgedPayload}.${signature}`, unsigned, 'not-a-token', `${token}x`]) {
      const res = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${bad}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_TOKEN');
      expect(res.headers['www-authenticate']).toContain('invalid_token');
    }
  });

  it('lets a token expire after expiresIn seconds', async () => {
    const res = await signIn({ email: 'decider@demo.test', password: TEST_DEMO_PASSWORD });
    const token = res.body.accessToken as string;
    t.clock.advance(899_000);
    expect((await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    t.clock.advance(2_000);
    const expired = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('INVALID_TOKEN');
  });

  it('refuses a role the route does not allow with 403 FORBIDDEN_ROLE', async () => {
    const res = await t.http().get('/api/v1/admin/users').set('Authorization', `Bearer ${await t.token('provider')}`);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN_ROLE');
  });

  it('still serves a public route when the credentials sent are bad', async () => {
    const res = await t.http().get('/health/live').set('Authorization', 'Bearer not-a-token');
    expect(res.status).toBe(200);
  });
});
