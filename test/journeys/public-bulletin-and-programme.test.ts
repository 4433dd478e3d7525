import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Browser, Page } from 'playwright-core';
import supertest from 'supertest';
import { RecurringJobs } from '@app/jobs';
import { BULK_ACTIONS_JOB } from '@app/programmes';
import { TEST_DEMO_PASSWORD, bootTestApp, type TestApp } from '@app/testing';
import { launchBrowser } from '../support/browser.js';

/**
 * Issue 10, "Done when", end to end through the HTTP API: a visitor with no account reads the
 * bulletin, follows the Atom feed and downloads the open data — an entry an officer drafted with a
 * confidential passage and a decision maker approved, the passage never shown — and an officer runs
 * a programme across the services of 20 providers: one bulk information notice, previewed and
 * confirmed, reaches each provider's portal once.
 */

const OFFICER = 'officer@demo.test';
const DECIDER = 'decider@demo.test';
const ADMIN = 'admin@demo.test';
const ATOM = 'http://www.w3.org/2005/Atom';

/** Words that appear only inside the officer's confidential markers. */
const CONFIDENTIAL = 'CONFIDENTIAL-4417 the whistleblower in the moderation team';
const CONFIDENTIAL_UPDATE = 'CONFIDENTIAL-9902 figures given in confidence';
const LEAK_MARKERS = [CONFIDENTIAL, CONFIDENTIAL_UPDATE, 'CONFIDENTIAL-', '[[confidential', 'confidential]]'];

const PROVIDERS = 20;
const NOTICE = {
  title: 'Information notice: illegal content risk assessments',
  requirements: [{ item: 'Your latest illegal content risk assessment, with the date it was approved' }],
  reasons: ['We are reviewing illegal content risk assessments of file-sharing services.'],
  responseForm: 'Answer through the provider portal.',
  responseWorkingDays: 10,
};

/** The parts of the browser's XML DOM the feed check reads (the project's TypeScript has no DOM library). */
interface XmlElement {
  namespaceURI: string | null;
  localName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getElementsByTagNameNS(ns: string, name: string): ArrayLike<XmlElement> & Iterable<XmlElement>;
}
interface XmlDocument {
  documentElement: XmlElement;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
  getElementsByTagNameNS(ns: string, name: string): ArrayLike<XmlElement> & Iterable<XmlElement>;
}

interface ParsedFeed {
  parseError: boolean;
  namespace: string | null;
  root: string;
  entries: { id: string; title: string; updated: string; link: string; content: string }[];
}

/** A body as text whatever its content type (feeds and CSV). */
const asText = (req: supertest.Test) =>
  req.buffer(true).parse((r, done) => {
    let data = '';
    r.setEncoding('utf8');
    r.on('data', (chunk: string) => (data += chunk));
    r.on('end', () => done(null, data));
  });

describe('a visitor reads the enforcement bulletin, its Atom feed and open data', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let caseId = '';
  let reference = '';
  const call = async (who: string, method: 'get' | 'post' | 'put', path: string, body?: object) => {
    const req = t.http()[method](path).set('Authorization', `Bearer ${await t.token(who)}`);
    return body === undefined ? req : req.send(body);
  };
  const anonymous = (path: string) => asText(t.http().get(path));

  /** Parsed by Chromium's DOMParser: a real, namespace-aware XML parser. */
  async function parseFeed(xml: string): Promise<ParsedFeed> {
    return page.evaluate(
      ({ text, ns }) => {
        const { DOMParser } = globalThis as unknown as { DOMParser: new () => { parseFromString(text: string, type: string): XmlDocument } };
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        const child = (el: XmlElement, name: string) => el.getElementsByTagNameNS(ns, name)[0];
        return {
          parseError: doc.getElementsByTagName('parsererror').length > 0,
          namespace: doc.documentElement.namespaceURI,
          root: doc.documentElement.localName,
          entries: [...doc.getElementsByTagNameNS(ns, 'entry')].map((e) => ({
            id: child(e, 'id')?.textContent ?? '',
            title: child(e, 'title')?.textContent ?? '',
            updated: child(e, 'updated')?.textContent ?? '',
            link: child(e, 'link')?.getAttribute('href') ?? '',
            content: (child(e, 'content') ?? child(e, 'summary'))?.textContent ?? '',
          })),
        };
      },
      { text: xml, ns: ATOM },
    );
  }

  /** Everything an anonymous client can read about published cases, by path. */
  async function everythingPublic(): Promise<Record<string, { status: number; text: string }>> {
    const paths = [
      '/api/v1/public/cases',
      `/api/v1/public/cases/${reference}`,
      '/api/v1/public/open-data/cases.json',
      '/api/v1/public/open-data/cases.csv',
      '/enforcement/feed.atom',
      '/enforcement',
      `/enforcement/${reference}`,
    ];
    const out: Record<string, { status: number; text: string }> = {};
    for (const path of paths) {
      const res = await anonymous(path);
      out[path] = { status: res.status, text: String(res.body) };
    }
    return out;
  }

  const expectNothingConfidential = (outputs: Record<string, { text: string }>) => {
    for (const [path, { text }] of Object.entries(outputs)) {
      for (const secret of LEAK_MARKERS) expect({ path, shows: text.includes(secret) ? secret : null }).toEqual({ path, shows: null });
    }
  };

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
    t.clock.set('2026-03-02T10:00:00Z');
    page = await (await browser.newContext()).newPage();
    const created = await call(OFFICER, 'post', '/api/v1/cases', {
      serviceUrl: 'https://sharebox.example/files',
      title: 'Known abuse material shared through Sharebox links',
      harmCategories: ['csam'],
    });
    expect(created.status).toBe(201);
    ({ id: caseId, reference } = created.body);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the visitor nothing of a case before a decision maker approves its entry', async () => {
    const opened = await t
      .http()
      .post(`/api/v1/cases/${caseId}/transitions`)
      .set('Authorization', `Bearer ${await t.token(OFFICER)}`)
      .set('If-Match', '"1"')
      .send({ event: 'open_investigation', data: { provisions: ['Section 10(2)'] } });
    expect(opened.status).toBe(200);

    const list = await t.http().get('/api/v1/public/cases');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [], nextCursor: null });
    expect((await t.http().get(`/api/v1/public/cases/${reference}`)).status).toBe(404);
    const feed = await parseFeed(String((await anonymous('/enforcement/feed.atom')).body));
    expect(feed).toMatchObject({ parseError: false, namespace: ATOM, root: 'feed', entries: [] });
    expect((await t.http().get('/api/v1/public/open-data/cases.json')).body.cases).toEqual([]);
  }, 60_000);

  it('lets an officer draft the entry with a confidential passage, still unpublished until approved', async () => {
    t.clock.set('2026-03-04T10:00:00Z');
    const overview = await call(OFFICER, 'get', `/api/v1/cases/${caseId}/publication`);
    expect(overview.status).toBe(200);
    expect(overview.body.published).toBeNull();
    const draft = overview.body.draft;
    const saved = await call(OFFICER, 'put', `/api/v1/cases/${caseId}/publication/draft`, {
      revision: draft.revision,
      content: {
        ...draft.content,
        providerName: 'Sharebox Ltd',
        anonymised: false,
        summary: `We are investigating whether Sharebox matches uploads against known abuse material. [[confidential]]${CONFIDENTIAL}[[/confidential]] The provider is cooperating.`,
        updates: [
          { date: '2026-03-02', text: 'We opened an investigation.' },
          { date: '2026-03-04', text: `We asked the provider for its risk assessment. [[confidential]]${CONFIDENTIAL_UPDATE}[[/confidential]]` },
        ],
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ status: 'draft', editedBy: [OFFICER] });

    const preview = await call(DECIDER, 'get', `/api/v1/cases/${caseId}/publication/preview`);
    expect(preview.body.summary).toBe('We are investigating whether Sharebox matches uploads against known abuse material. [redacted] The provider is cooperating.');
    expect((await t.http().get('/api/v1/public/cases')).body.items).toEqual([]);
    expectNothingConfidential(await everythingPublic());

    const approved = await call(DECIDER, 'post', `/api/v1/cases/${caseId}/publication/approve`, { revision: saved.body.revision });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'published', approvedBy: DECIDER });
  });

  it('lets the visitor read the published entry in the bulletin, without the confidential passages', async () => {
    const list = await t.http().get('/api/v1/public/cases');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ reference, title: 'Known abuse material shared through Sharebox links', status: 'investigation', openedOn: '2026-03-02', provisions: ['Section 10(2)'], provider: 'Sharebox Ltd' });
    expect(list.body.items[0].updates.map((u: { text: string }) => u.text)).toEqual(['We opened an investigation.', 'We asked the provider for its risk assessment. [redacted]']);
    const one = await t.http().get(`/api/v1/public/cases/${reference}`);
    expect(one.status).toBe(200);
    expect(one.body.summary).toContain('[redacted]');
    expectNothingConfidential(await everythingPublic());
  });

  it('gives the visitor an Atom feed, in the Atom namespace, with one entry per published update', async () => {
    const res = await anonymous('/enforcement/feed.atom');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const feed = await parseFeed(String(res.body));
    expect(feed).toMatchObject({ parseError: false, namespace: ATOM, root: 'feed' });
    const updates = (await t.http().get('/api/v1/public/cases')).body.items[0].updates as { date: string; text: string }[];
    expect(feed.entries).toHaveLength(updates.length);
    for (const entry of feed.entries) {
      expect(entry.link).toBe(`http://localhost/enforcement/${reference}`);
      expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
      expect(entry.id).not.toBe('');
    }
    const said = feed.entries.map((e) => `${e.title} ${e.content}`).join('\n');
    for (const update of updates) expect(said).toContain(update.text);
    expect(new Set(feed.entries.map((e) => e.id)).size).toBe(feed.entries.length);
  });

  it('lets the visitor download the open data as JSON that validates against its schema and as CSV, both with the entry', async () => {
    const schema = await t.http().get('/api/v1/public/open-data/schema.json');
    const json = await t.http().get('/api/v1/public/open-data/cases.json');
    expect(json.status).toBe(200);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema.body);
    expect(validate(json.body) ? [] : validate.errors).toEqual([]);
    expect(json.body.cases.map((c: { reference: string }) => c.reference)).toEqual([reference]);
    expect(json.body.cases[0]).toMatchObject({ status: 'investigation', url: `http://localhost/enforcement/${reference}` });

    const csv = await anonymous('/api/v1/public/open-data/cases.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = String(csv.body).trim().split('\r\n');
    expect(rows[0]?.split(',').slice(0, 2)).toEqual(['reference', 'url']);
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual([reference]);
  });
});

describe('an officer runs an enforcement programme across the services of 20 providers', () => {
  let t: TestApp;
  let programmeId = '';
  let sampleDueOn = '';
  const providers: { email: string; ip: string; organisationId: string; serviceId: string; name: string; token: string }[] = [];
  const call = async (who: string, method: 'get' | 'post', path: string, body?: object) => {
    const req = t.http()[method](path).set('Authorization', `Bearer ${await t.token(who)}`);
    return body === undefined ? req : req.send(body);
  };

  /**
   * Each provider's compliance team signs in from its own network. The server runs behind a proxy
   * (TRUST_PROXY) so it sees each address: sign-ins are limited to 20 a minute per address.
   */
  async function signInFrom(ip: string, email: string): Promise<string> {
    const res = await supertest(t.baseUrl).post('/api/v1/auth/token').set('X-Forwarded-For', ip).send({ email, password: TEST_DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`signing in as ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  }

  beforeAll(async () => {
    t = await bootTestApp({ overrides: { trustProxy: true } });
    t.clock.set('2026-06-01T09:00:00Z');
  }, 120_000);
  afterAll(async () => t?.close());

  it('onboards 20 providers, each with a portal user and a registered service', async () => {
    for (let n = 1; n <= PROVIDERS; n += 1) {
      const name = `Filebox ${String(n).padStart(2, '0')} Ltd`;
      const email = `compliance@filebox-${n}.example`;
      const organisation = await call(ADMIN, 'post', '/api/v1/admin/organisations', { kind: 'provider', name });
      expect(organisation.status).toBe(201);
      const invited = await call(ADMIN, 'post', '/api/v1/admin/invitations', { email, name: `Compliance team ${n}`, organisationId: organisation.body.id, roles: ['provider'] });
      expect(invited.status).toBe(201);
      const accepted = await t.http().post('/api/v1/invitations/accept').send({ token: invited.body.token, password: TEST_DEMO_PASSWORD });
      expect(accepted.status).toBe(201);
      const provider = await call(ADMIN, 'post', '/api/v1/providers', { name, organisationId: organisation.body.id, noticeContact: email });
      expect(provider.status).toBe(201);
      const service = await call(OFFICER, 'post', '/api/v1/services', {
        name: `Filebox ${n}`,
        providerId: provider.body.id,
        serviceType: 'user_to_user',
        domains: [{ domain: `filebox-${n}.example`, relation: 'primary' }],
      });
      expect(service.status).toBe(201);
      providers.push({ email, ip: `198.51.100.${n}`, organisationId: organisation.body.id, serviceId: service.body.id, name, token: '' });
    }
    for (const p of providers) p.token = await signInFrom(p.ip, p.email);
    expect(providers).toHaveLength(PROVIDERS);
  }, 120_000);

  it('lets the officer create a programme and add the 20 services from a list of web addresses', async () => {
    const created = await call(OFFICER, 'post', '/api/v1/programmes', {
      title: 'Illegal content risk assessments of file-sharing services',
      description: 'Whether file-sharing services assessed the risk of known abuse material being shared.',
      harmCategories: ['csam'],
    });
    expect(created.status).toBe(201);
    programmeId = created.body.id;

    const list = ['url', ...providers.map((_, i) => `https://filebox-${i + 1}.example/`)].join('\n');
    const added = await call(OFFICER, 'post', `/api/v1/programmes/${programmeId}/services`, { list });
    expect(added.status).toBe(200);
    expect(added.body.added).toHaveLength(PROVIDERS);
    expect(added.body.rejected).toEqual([]);
    const shown = await call(OFFICER, 'get', `/api/v1/programmes/${programmeId}`);
    expect(shown.body.dashboard).toMatchObject({ services: PROVIDERS, byStatus: { assessed: PROVIDERS } });
  });

  it('previews the bulk information notice without sending anything', async () => {
    const preview = await call(OFFICER, 'post', `/api/v1/programmes/${programmeId}/actions/preview`, { kind: 'information_notice', notice: NOTICE });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ toSend: PROVIDERS, skipped: 0 });
    expect(preview.body.sample.html).toContain('Your latest illegal content risk assessment');
    // 10 working days from Monday 1 June 2026.
    expect(preview.body.sample.dueOn).toBe('2026-06-15');
    sampleDueOn = preview.body.sample.dueOn;
    for (const p of providers) {
      const res = await t.http().get('/api/v1/provider/notices').set('Authorization', `Bearer ${p.token}`);
      expect(res.body.items).toEqual([]);
    }
  });

  it('sends one notice to each provider once confirmed and processed, even when the confirmation is sent twice, and the dashboard counts them', async () => {
    const preview = await call(OFFICER, 'post', `/api/v1/programmes/${programmeId}/actions/preview`, { kind: 'information_notice', notice: NOTICE });
    const confirmation = { kind: 'information_notice', notice: NOTICE, confirmationKey: preview.body.confirmationKey };
    const confirmed = await call(OFFICER, 'post', `/api/v1/programmes/${programmeId}/actions`, confirmation);
    expect(confirmed.status).toBe(202);
    expect(confirmed.body).toMatchObject({ total: PROVIDERS, done: 0, status: 'queued' });
    const again = await call(OFFICER, 'post', `/api/v1/programmes/${programmeId}/actions`, confirmation);
    expect(again.body.id).toBe(confirmed.body.id);

    // The worker's recurring job sends the items; a second run finds nothing left.
    await t.app.get(RecurringJobs).runNow(BULK_ACTIONS_JOB);
    await t.app.get(RecurringJobs).runNow(BULK_ACTIONS_JOB);
    const progress = await call(OFFICER, 'get', `/api/v1/programmes/${programmeId}/actions/${confirmed.body.id}`);
    expect(progress.body).toMatchObject({ total: PROVIDERS, done: PROVIDERS, failed: 0, pending: 0, status: 'completed' });

    const dashboard = (await call(OFFICER, 'get', `/api/v1/programmes/${programmeId}`)).body.dashboard;
    expect(dashboard).toMatchObject({
      services: PROVIDERS,
      byStatus: { assessed: 0, engaged: PROVIDERS },
      notices: { sent: PROVIDERS, onTime: 0, late: 0 },
      investigationsOpened: 0,
    });
  }, 60_000);

  it('puts exactly one notice in each provider’s portal, with its deadline, and none of the others’', async () => {
    const seen: string[] = [];
    for (const p of providers) {
      const res = await t.http().get('/api/v1/provider/notices').set('Authorization', `Bearer ${p.token}`);
      expect(res.status).toBe(200);
      expect({ provider: p.name, notices: res.body.items.length }).toEqual({ provider: p.name, notices: 1 });
      const notice = res.body.items[0];
      expect(notice).toMatchObject({ kind: 'information_notice', title: NOTICE.title, dueOn: sampleDueOn, source: { type: 'programme', id: programmeId } });
      seen.push(notice.id);
      const detail = await t.http().get(`/api/v1/provider/notices/${notice.id}`).set('Authorization', `Bearer ${p.token}`);
      expect(detail.body.deadline.explanation.join(' ')).toContain('15 June 2026');
    }
    expect(new Set(seen).size).toBe(PROVIDERS);
    // Another provider's notice is not found.
    const [first, second] = providers;
    const foreign = await t.http().get(`/api/v1/provider/notices/${seen[0]}`).set('Authorization', `Bearer ${second!.token}`);
    expect(foreign.status).toBe(404);
    expect((await t.http().get(`/api/v1/provider/notices/${seen[1]}`).set('Authorization', `Bearer ${first!.token}`)).status).toBe(404);

    const verify = await call(ADMIN, 'get', '/api/v1/audit/verify');
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });
  });
});
