import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { ROLES, type Role } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { ACCESS_MATRIX, type RouteAccess } from './access-matrix.js';

/** Syntactically valid, never issued: allowed callers get past the guard and meet 404/422 instead. */
const PROBE_ID = '00000000-0000-4000-8000-000000000000';
const CALLERS = ['anonymous', ...ROLES] as const;
type Caller = (typeof CALLERS)[number];

const probePath = (path: string): string => path.replace(/:[A-Za-z0-9_]+/g, PROBE_ID).replace(/\*/g, 'access-matrix-probe');

/** An access refusal, as opposed to the route's own answer (404, 422, 428, a page, a redirect). */
const refused = (res: Response): boolean => res.status === 401 || (res.status === 403 && res.body?.code === 'FORBIDDEN_ROLE');

function verdict(access: RouteAccess, caller: Caller, res: Response): string | undefined {
  const got = `${res.status}${res.body?.code ? ` ${res.body.code}` : ''}`;
  if (res.status >= 500) return `server error ${got}`;
  const allowed = 'public' in access || (caller !== 'anonymous' && access.allow.includes(caller));
  if (allowed) return refused(res) ? `expected to be let through, got ${got}` : undefined;
  if (caller === 'anonymous') return res.status === 401 && res.body?.code === 'AUTHENTICATION_REQUIRED' ? undefined : `expected 401 AUTHENTICATION_REQUIRED, got ${got}`;
  return res.status === 403 && res.body?.code === 'FORBIDDEN_ROLE' ? undefined : `expected 403 FORBIDDEN_ROLE, got ${got}`;
}

describe('the access matrix (test/access-matrix.ts) holds for every route the server registers', () => {
  let t: TestApp;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    t = await bootTestApp();
    for (const role of ROLES) tokens[role] = await t.token(role);
  });
  afterAll(async () => t?.close());

  it('has an entry for every registered route, and none for a route that does not exist', () => {
    const registered = new Set(t.routes);
    const missing = [...registered].filter((route) => !(route in ACCESS_MATRIX)).sort();
    const stale = Object.keys(ACCESS_MATRIX).filter((route) => !registered.has(route)).sort();
    if (missing.length > 0) process.stderr.write(`Routes with no line in test/access-matrix.ts:\n${missing.map((r) => `  '${r}'`).join('\n')}\n`);
    if (stale.length > 0) process.stderr.write(`Lines in test/access-matrix.ts for routes the server does not register:\n${stale.map((r) => `  '${r}'`).join('\n')}\n`);
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it.each(Object.entries(ACCESS_MATRIX))('%s answers anonymous callers and each role as the matrix says', async (route, access) => {
    if (!t.routes.includes(route)) return; // reported by the completeness check above
    const [method, path] = route.split(' ') as [string, string];
    const failures: string[] = [];
    for (const caller of CALLERS) {
      let request = t.http()[method.toLowerCase() as 'get'](probePath(path)).set('Accept', 'application/json').redirects(0);
      if (caller !== 'anonymous') request = request.set('Authorization', `Bearer ${tokens[caller]}`);
      if (['POST', 'PUT', 'PATCH'].includes(method)) request = request.send({});
      const problem = verdict(access, caller, await request);
      if (problem) failures.push(`${caller}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });
});
