import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { bootTestApp, signIn, type TestApp } from '@app/testing';
import { ACCESS_MATRIX } from '../access-matrix.js';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('tokens, forms, sign-in attempts and the audit trail under attack', () => {
  let t: TestApp;
  let officer: string;
  let admin: string;

  beforeAll(async () => {
    t = await bootTestApp();
    officer = await t.token('case_officer');
    admin = await t.token('admin');
  });
  afterAll(async () => t?.close());

  const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);

  it('refuses tampered, forged and malformed access tokens with 401', async () => {
    expect((await me(officer)).status).toBe(200);
    const [header, payload, signature] = officer.split('.') as [string, string, string];
    const claims = decode(payload);
    const forged = [
      // the signature altered
      `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`,
      // the claims raised to another user and role, signature kept
      `${header}.${b64({ ...claims, roles: ['admin'], role: 'admin', sub: decode(admin.split('.')[1] as string).sub })}.${signature}`,
      // unsigned ("alg": "none")
      `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      // signed with a key that is not the service's
      (() => {
        const body = `${header}.${b64({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })}`;
        return `${body}.${createHmac('sha256', 'not-the-service-secret-0123456789abcdef').update(body).digest('base64url')}`;
      })(),
      'not-a-token',
      `${header}.${payload}`,
      '',
    ];
    for (const token of forged) {
      const res = await me(token);
      expect({ token, status: res.status }).toEqual({ token, status: 401 });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('refuses every form post without a valid CSRF token with 403, signed in or not', async () => {
    const forms = Object.keys(ACCESS_MATRIX).filter((key) => /^(POST|PUT|PATCH|DELETE) \/(?!api\/)/.test(key));
    expect(forms.length).toBeGreaterThan(10);
    const session = t.http();
    const signInPage = await session.get('/sign-in');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(signInPage.text)?.[1];
    expect(csrf).toBeDefined();
    const signedIn = await session.post('/sign-in').type('form').send({ email: 'admin@demo.test', password: 'demo-password-for-tests', _csrf: csrf });
    expect(signedIn.status).toBe(303);
    const failures: string[] = [];
    for (const form of forms) {
      const [method, route] = form.split(' ') as [string, string];
      const path = route.replace(/:[A-Za-z]+/g, '8b0f5a52-6c1e-4c3b-9a3e-2f1d7a9c4e10').replace('*', 'x');
      for (const [who, agent] of [['anonymous', t.http()], ['signed in', session]] as const) {
        for (const token of [undefined, 'forged-token']) {
          const res = await agent[method.toLowerCase() as 'post'](path)
            .type('form')
            .set('Accept', 'application/json')
            .send({ name: 'Forged', ...(token ? { _csrf: token } : {}) });
          if (res.status !== 403 || res.body.code !== 'CSRF_INVALID') failures.push(`${form} (${who}, ${token ?? 'no token'}) → ${res.status} ${res.body?.code}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('names the event when someone edits the audit trail directly in the database', async () => {
    const created = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${officer}`)
      .send({ serviceUrl: 'https://tamper.example', title: 'Audit tampering probe', harmCategories: ['fraud'] });
    expect(created.status).toBe(201);
    const verify = () => t.http().get('/api/v1/audit/verify').set('Authorization', `Bearer ${officer}`);
    expect((await verify()).body).toMatchObject({ ok: true, firstBrokenSeq: null });

    // A superuser bypassing the append-only trigger: what verification is there to catch.
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    let seq: number;
    try {
      seq = Number((await db.query(`SELECT seq FROM audit_events WHERE chain_id = $1 ORDER BY chain_seq LIMIT 1`, [`case:${created.body.id}`])).rows[0].seq);
      await db.query(`SET session_replication_role = replica`);
      await db.query(`UPDATE audit_events SET reason = 'nothing to see here' WHERE seq = $1`, [seq]);
    } finally {
      await db.end();
    }
    const broken = await verify();
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ ok: false, firstBrokenSeq: seq, firstBroken: { seq, chainId: `case:${created.body.id}` } });
  });

  it('refuses an access token once it has expired', async () => {
    const { accessToken, expiresIn } = await signIn(t.baseUrl, 'analyst@demo.test');
    expect((await me(accessToken)).status).toBe(200);
    t.clock.advance((expiresIn + 1) * 1000);
    const res = await me(accessToken);
    expect(res.status).toBe(401);
    expect(res.body.status).toBe(401);
  });

  it('throttles repeated wrong passwords with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let limited: { status: number; headers: Record<string, string>; body: { code?: string } } | undefined;
    for (let i = 0; i < 30 && !limited; i += 1) {
      const res = await t.http().post('/api/v1/auth/token').send({ email: 'decider@demo.test', password: `guess-${i}` });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    // Throttled by address (RATE_LIMITED) or the account locked for a while (ACCOUNT_LOCKED), both 429.
    expect(['RATE_LIMITED', 'ACCOUNT_LOCKED']).toContain(limited?.body.code);
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password waits until the window has passed.
    await expect(signIn(t.baseUrl, 'decider@demo.test')).rejects.toThrow(/429/);
  });
});
