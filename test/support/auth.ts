import supertest from 'supertest';
import { DEMO_USERS, demoUserFor } from '@app/identity';
import { ROLES, type Clock, type Role } from '@app/core';

/** The password of every demo user in test databases (testConfig sets config.demoPassword to it). */
export const TEST_DEMO_PASSWORD = 'demo-password-for-tests';

/** 'case_officer' → officer@demo.test; an email is taken as it is. */
export function demoEmail(emailOrRole: string): string {
  if ((ROLES as readonly string[]).includes(emailOrRole)) return demoUserFor(emailOrRole as Role).email;
  if (emailOrRole.includes('@')) return emailOrRole;
  const known = DEMO_USERS.map((u) => u.email).join(', ');
  throw new Error(`"${emailOrRole}" is neither a role (${ROLES.join(', ')}) nor an email; demo users are ${known}`);
}

/** Signs in through POST /api/v1/auth/token and returns the access token; fails loudly with the problem the API gave. */
export async function signIn(baseUrl: string, email: string, password = TEST_DEMO_PASSWORD, otp?: string): Promise<{ accessToken: string; expiresIn: number }> {
  const res = await supertest(baseUrl)
    .post('/api/v1/auth/token')
    .send({ email, password, ...(otp ? { otp } : {}) });
  if (res.status !== 200) throw new Error(`signing in as ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { accessToken: string; expiresIn: number };
}

/**
 * Access tokens per demo user, signed in once and reused while they live (by the test clock, which
 * is what the server checks expiry against). Pass `{ fresh: true }` after changing the user's roles.
 */
export function tokenCache(baseUrl: string, clock: Clock): (emailOrRole: string, options?: { fresh?: boolean }) => Promise<string> {
  const cache = new Map<string, { token: string; expiresAtMs: number }>();
  return async (emailOrRole, options = {}) => {
    const email = demoEmail(emailOrRole);
    const cached = cache.get(email);
    if (cached && !options.fresh && cached.expiresAtMs - clock.now().getTime() > 30_000) return cached.token;
    const { accessToken, expiresIn } = await signIn(baseUrl, email);
    cache.set(email, { token: accessToken, expiresAtMs: clock.now().getTime() + expiresIn * 1000 });
    return accessToken;
  };
}
