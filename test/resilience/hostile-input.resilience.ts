import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bootTestApp, type TestApp } from '@app/testing';
import { ACCESS_MATRIX } from '../access-matrix.js';
import { bySize } from './support/api.js';
import { bodyFor, encode, encoding, LEAK, NASTY_STRINGS, paramFor, type OpenApiDocument } from './support/hostile.js';

const RUNS_PER_ENDPOINT = Number(process.env.RESILIENCE_FUZZ_RUNS) || bySize(60, 20);
/** RESILIENCE_FUZZ_ONLY=<text>: only the operations whose 'METHOD /path' contains it (to chase one finding). */
const ONLY = process.env.RESILIENCE_FUZZ_ONLY;
const ROOT = new URL('../..', import.meta.url).pathname;

interface Operation {
  method: string;
  /** As the OpenAPI document writes it: /api/v1/cases/{id} */
  path: string;
  /** As the access matrix keys it: /api/v1/cases/:id */
  route: string;
  pathParams: { name: string; schema?: Record<string, unknown> }[];
  queryParams: { name: string; schema?: Record<string, unknown> }[];
  body?: Record<string, unknown>;
}

/** What no response may be: a 5xx, or a body that shows a stack trace, a source path or a database error. */
function refusals(status: number, text: string): string | undefined {
  if (status >= 500) return `answered ${status}`;
  if (LEAK.test(text) || text.includes(ROOT)) return `leaked internals: ${text.slice(0, 300)}`;
  return undefined;
}

describe('hostile input to every endpoint of the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let operations: Operation[];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    t = await bootTestApp();
    doc = (await t.http().get('/api/docs-json')).body as OpenApiDocument;
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        route: path.replace(/\{([^}]+)\}/g, ':$1'),
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path') as Operation['pathParams'],
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query') as Operation['queryParams'],
        body: op.requestBody?.content?.['application/json']?.schema as Record<string, unknown> | undefined,
      })),
    );
    // Every token first: fuzzing the sign-in endpoint trips its throttle for this address.
    for (const role of ['admin', 'case_officer', 'decision_maker', 'analyst', 'provider', 'complainant_body']) tokens.set(role, await t.token(role));
  }, 120_000);
  afterAll(async () => t?.close());

  /** A role allowed to call the route (hostile input must get past the access check to test anything). */
  const roleFor = (op: Operation): string | undefined => {
    const access = ACCESS_MATRIX[`${op.method} ${op.route}`];
    if (!access || 'public' in access) return undefined;
    return access.allow.includes('case_officer') ? 'case_officer' : access.allow[0];
  };

  it('documents the API it serves', () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it(`never answers 5xx or shows internals, whatever is sent (${RUNS_PER_ENDPOINT} random requests per endpoint)`, async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => !ONLY || `${o.method} ${o.path}`.includes(ONLY))) {
      const role = roleFor(op);
      const token = role ? tokens.get(role) : undefined;
      const request = fc.record({
        params: fc.tuple(...op.pathParams.map((p) => paramFor(p.schema, doc))),
        query: fc.tuple(...op.queryParams.map((p) => fc.option(paramFor(p.schema, doc), { nil: undefined }))),
        body: bodyFor(op.body, doc),
        how: encoding,
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ params, query, body, how }) => {
          let path = op.path;
          op.pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, encodeURIComponent(String(params[i])) || '%20')));
          const search = new URLSearchParams();
          op.queryParams.forEach((p, i) => query[i] !== undefined && search.append(p.name, String(query[i])));
          const url = search.toString() ? `${path}?${search}` : path;
          let req = t.http()[op.method.toLowerCase() as 'get'](url).set('Accept', 'application/json');
          if (token) req = req.set('Authorization', `Bearer ${token}`);
          if (op.method !== 'GET' && op.method !== 'DELETE') {
            const { contentType, payload } = encode(body, how);
            if (contentType) req = req.set('Content-Type', contentType);
            if (payload !== undefined) req = req.send(payload);
          }
          const res = await req;
          const problem = refusals(res.status, res.text);
          if (problem) failures.push(`${op.method} ${url.slice(0, 200)} [${how}] ${JSON.stringify(body)?.slice(0, 1500)} → ${problem}`);
          return problem === undefined;
        }),
        { numRuns: RUNS_PER_ENDPOINT, endOnFailure: true },
      ).catch(() => undefined);
    }
    expect(failures).toEqual([]);
  }, 900_000);

  it('refuses bodies over the size limit with 413, and deeply nested JSON without a 5xx', async () => {
    const token = tokens.get('case_officer') as string;
    const huge = await t.http().post('/api/v1/intake').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(`{"description":"${'x'.repeat(2_000_000)}"}`);
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const deep = await t.http().post('/api/v1/intake').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(`${'['.repeat(50_000)}${']'.repeat(50_000)}`);
    expect(refusals(deep.status, deep.text)).toBeUndefined();
  });

  it('stores SQL-looking text verbatim and runs none of it', async () => {
    const token = tokens.get('case_officer') as string;
    const injections = NASTY_STRINGS.filter((s) => /SELECT|DROP|OR '1'/.test(s));
    for (const text of injections) {
      const res = await t
        .http()
        .post('/api/v1/intake')
        .set('Authorization', `Bearer ${token}`)
        .send({ source: 'supervision', serviceUrl: 'https://sql.example', harmCategories: ['fraud'], description: text });
      expect(res.status).toBe(201);
      const read = await t.http().get(`/api/v1/intake/${res.body.id}`).set('Authorization', `Bearer ${token}`);
      expect(read.status).toBe(200);
      expect(read.body.description).toBe(text);
      const search = await t.http().get(`/api/v1/cases?q=${encodeURIComponent(text)}`).set('Authorization', `Bearer ${token}`);
      expect(search.status).toBeLessThan(500);
    }
    // The tables are all still there.
    expect((await t.http().get('/api/v1/cases').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });
  it('shows script-like text people typed as text on every page that displays it (stored XSS)', async () => {
    const token = tokens.get('case_officer') as string;
    const script = '<script>alert("stored-xss")</script>';
    const attribute = '"><img src=x onerror=alert("stored-xss")>';
    const intake = await t
      .http()
      .post('/api/v1/intake')
      .set('Authorization', `Bearer ${token}`)
      .send({ source: 'supervision', serviceUrl: 'https://xss.example', harmCategories: ['fraud'], description: `${script} ${attribute}` });
    expect(intake.status).toBe(201);
    const created = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${token}`)
      .send({ serviceUrl: 'https://xss.example', title: `${script} ${attribute}`, harmCategories: ['fraud'] });
    expect(created.status).toBe(201);

    // A signed-in officer's browser session (the sign-in form, with its CSRF token).
    const browser = t.http();
    const form = await browser.get('/sign-in');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] as string;
    expect((await browser.post('/sign-in').type('form').send({ email: 'officer@demo.test', password: 'demo-password-for-tests', _csrf: csrf })).status).toBe(303);

    const pages = [`/cases/${created.body.id}`, '/cases', `/triage/matters/${intake.body.matterId}`, '/triage'];
    let shownEscaped = 0;
    for (const page of pages) {
      const res = await browser.get(page).set('Accept', 'text/html');
      expect({ page, status: res.status }).toEqual({ page, status: 200 });
      expect(res.text).not.toContain('<script>alert(');
      expect(res.text).not.toContain('<img src=x');
      if (res.text.includes('&lt;script&gt;alert(')) shownEscaped += 1;
    }
    // The text is there, escaped, on the pages that show it (the case page at least).
    expect(shownEscaped).toBeGreaterThanOrEqual(1);
  });
});
