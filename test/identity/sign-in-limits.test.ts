import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { LOGIN_ATTEMPTS_PER_WINDOW } from '@app/identity';
import { bootTestApp, TEST_DEMO_PASSWORD, type TestApp } from '@app/testing';

describe('account lockout after failed sign-ins', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Each attempt comes from its own address (X-Forwarded-For), so per-address throttling stays out of the way.
    t = await bootTestApp({ overrides: { trustProxy: true } });
  });
  afterAll(async () => t.close());

  let caller = 0;
  const signIn = (email: string, password: string) =>
    t.http().post('/api/v1/auth/token').set('X-Forwarded-For', `10.0.${Math.floor(++caller / 250)}.${caller % 250}`).send({ email, password });

  it('locks an account for 15 minutes after 5 wrong passwords in a row, with 429 and Retry-After', async () => {
    for (let i = 0; i < 5; i += 1) expect((await signIn('analyst@demo.test', 'wrong-password-123')).status).toBe(401);
    const locked = await signIn('analyst@demo.test', TEST_DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBe(900);
    expect(locked.body.retryAfterSeconds).toBe(900);

    t.clock.advance(14 * 60_000);
    const stillLocked = await signIn('analyst@demo.test', TEST_DEMO_PASSWORD);
    expect(stillLocked.status).toBe(429);
    expect(Number(stillLocked.headers['retry-after'])).toBe(60);

    t.clock.advance(60_000);
    expect((await signIn('analyst@demo.test', TEST_DEMO_PASSWORD)).status).toBe(200);
  });

  it('answers an address with no account exactly as a real one: locked after 5 failures, with the same Retry-After', async () => {
    const real: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      real.push((await signIn('officer2@demo.test', 'wrong-password-123')).status);
      unknown.push((await signIn('nobody-here@demo.test', 'wrong-password-123')).status);
    }
    expect(unknown).toEqual(real);
    expect(unknown).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await signIn('Nobody-Here@demo.test', 'any-password-123');
    expect(locked.body).toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: 900 });
    const [{ n }] = (await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM unknown_account_lockouts WHERE email_hash LIKE '%nobody%'`)) as { n: number }[];
    expect(n).toBe(0);
    t.clock.advance(15 * 60_000);
    expect((await signIn('nobody-here@demo.test', 'wrong-password-123')).status).toBe(401);
  });

  it('counts only consecutive failures: a success starts the count again', async () => {
    for (let i = 0; i < 4; i += 1) expect((await signIn('decider@demo.test', 'wrong-password-123')).status).toBe(401);
    expect((await signIn('decider@demo.test', TEST_DEMO_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await signIn('decider@demo.test', 'wrong-password-123')).status).toBe(401);
    expect((await signIn('decider@demo.test', TEST_DEMO_PASSWORD)).status).toBe(200);
  });

  it('lets an administrator lift a lockout by enabling the account', async () => {
    for (let i = 0; i < 5; i += 1) await signIn('body2@demo.test', 'wrong-password-123');
    expect((await signIn('body2@demo.test', TEST_DEMO_PASSWORD)).status).toBe(429);
    const admin = await t.token('admin');
    const users = await t.http().get('/api/v1/admin/users').set('Authorization', `Bearer ${admin}`);
    const body2 = users.body.items.find((u: { email: string }) => u.email === 'body2@demo.test');
    expect(body2.lockedUntil).not.toBeNull();
    await t.http().post(`/api/v1/admin/users/${body2.id}/disable`).set('Authorization', `Bearer ${admin}`).expect(200);
    await t.http().post(`/api/v1/admin/users/${body2.id}/enable`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect((await signIn('body2@demo.test', TEST_DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('sign-in throttling per IP address and per email, shared by every API process', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    // X-Forwarded-For stands in for callers on different addresses.
    a = await bootTestApp({ overrides: { trustProxy: true } });
    b = await bootTestApp({ overrides: { trustProxy: true }, databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const attempt = (app: TestApp, ip: string, email: string) =>
    app.http().post('/api/v1/auth/token').set('X-Forwarded-For', ip).send({ email, password: 'wrong-password-123' });

  it('refuses the 21st attempt in a minute from one address, even spread over two processes', async () => {
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_WINDOW; i += 1) {
      const res = await attempt(i % 2 === 0 ? a : b, '203.0.113.7', `stranger${i}@example.test`);
      expect(res.status).toBe(401);
    }
    const throttled = await attempt(b, '203.0.113.7', 'stranger-last@example.test');
    expect(throttled.status).toBe(429);
    expect(throttled.body.code).toBe('LOGIN_THROTTLED');
    const retryAfter = Number(throttled.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another address is not held back.
    expect((await attempt(a, '203.0.113.8', 'stranger-last@example.test')).status).toBe(401);
  });

  it('refuses the 21st attempt in a minute for one email, whatever the addresses', async () => {
    // The address has no account, so after 5 failures it is locked like any account (429 ACCOUNT_LOCKED).
    const codes: string[] = [];
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_WINDOW; i += 1) {
      codes.push((await attempt(i % 2 === 0 ? a : b, `198.51.100.${i + 1}`, 'target@example.test')).body.code);
    }
    expect(codes).toEqual([...Array(5).fill('INVALID_CREDENTIALS'), ...Array(LOGIN_ATTEMPTS_PER_WINDOW - 5).fill('ACCOUNT_LOCKED')]);
    const throttled = await attempt(a, '198.51.100.200', 'TARGET@example.test');
    expect(throttled.status).toBe(429);
    expect(throttled.body.code).toBe('LOGIN_THROTTLED');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('does not check the password of a throttled attempt, so even the right one is refused', async () => {
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_WINDOW; i += 1) await attempt(a, `192.0.2.${i + 1}`, 'provider2@demo.test');
    const res = await a.http().post('/api/v1/auth/token').set('X-Forwarded-For', '192.0.2.250').send({ email: 'provider2@demo.test', password: TEST_DEMO_PASSWORD });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('LOGIN_THROTTLED');
  });
});
