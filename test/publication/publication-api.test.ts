import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { AuditLog } from '@app/audit';
import type { Principal } from '@app/core';
import { PublicationService } from '@app/publication';
import { bootTestApp, type TestApp } from '@app/testing';

/** Words that exist only inside confidential markers or unapproved drafts: never in anything public. */
const SECRET_SUMMARY = 'SECRET-SUMMARY-7731 the informant works at the provider';
const SECRET_UPDATE = 'SECRET-UPDATE-5120 figures given in confidence';
const SECRET_DECISION = 'SECRET-DECISION-9043 merchant identifiers';
const UNAPPROVED = 'UNAPPROVED-DRAFT-2468 not yet approved';
const LEAKS = [SECRET_SUMMARY, SECRET_UPDATE, SECRET_DECISION, UNAPPROVED, 'SECRET-', 'UNAPPROVED-', '[[confidential', 'confidential]]'];

describe('publication workflow and the public bulletin', () => {
  let t: TestApp;
  let caseId: string;
  let reference: string;
  const as = async (role: string) => ({ Authorization: `Bearer ${await t.token(role)}` });
  const anonymous = (path: string) => t.http().get(path);

  /** Every public output an anonymous reader can fetch, as text. */
  async function everythingPublic(): Promise<Record<string, { status: number; text: string }>> {
    const paths = [
      '/api/v1/public/cases',
      `/api/v1/public/cases/${reference}`,
      `/api/v1/public/cases/${reference}/statements-of-reasons`,
      '/api/v1/public/open-data/cases.json',
      '/api/v1/public/open-data/cases.csv',
      '/api/v1/public/open-data/statements-of-reasons.json',
      '/enforcement/feed.atom',
      '/enforcement',
      `/enforcement/${reference}`,
    ];
    const out: Record<string, { status: number; text: string }> = {};
    for (const path of paths) {
      const res = await anonymous(path).buffer(true).parse((r, done) => {
        let data = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (data += chunk));
        r.on('end', () => done(null, data));
      });
      out[path] = { status: res.status, text: String(res.body) };
    }
    const entry = await anonymous(`/api/v1/public/cases/${reference}`);
    for (const d of (entry.body.decisions ?? []) as { id: string }[]) {
      const page = await anonymous(`/enforcement/${reference}/decisions/${d.id}`);
      out[`decision ${d.id}`] = { status: page.status, text: page.text };
    }
    return out;
  }

  function expectNoLeak(outputs: Record<string, { status: number; text: string }>): void {
    for (const [path, { text }] of Object.entries(outputs)) {
      for (const secret of LEAKS) {
        if (text.includes(secret)) throw new Error(`${path} shows "${secret}"`);
      }
    }
  }

  const draftBody = (revision: number | null, extra: { updates?: unknown[]; summary?: string } = {}) => ({
    revision,
    content: {
      title: 'Known abuse material shared through Testdrop links',
      summary: extra.summary ?? `We are investigating whether Testdrop uses hash matching. [[confidential]]${SECRET_SUMMARY}[[/confidential]] The provider is cooperating.`,
      providerName: 'Testdrop Ltd',
      anonymised: false,
      anonymisedLabel: '',
      services: ['Testdrop'],
      provisions: ['Section 10(2)'],
      harmCategories: ['csam'],
      openedOn: '2026-03-02',
      status: 'investigation',
      outcome: null,
      closedOn: null,
      penaltyPence: null,
      updates: extra.updates ?? [
        { date: '2026-03-02', text: 'We opened an investigation.' },
        { date: '2026-03-20', text: `We sent an information notice. [[ Confidential ]]${SECRET_UPDATE}[[/CONFIDENTIAL]]` },
      ],
      decisions: [
        {
          kind: 'provisional_notice',
          decidedOn: '2026-04-01',
          title: 'Provisional notice of contravention',
          grounds: 'No hash matching of uploads.',
          text: `We found no hash matching.\n[[confidential]]\n${SECRET_DECISION}\n[[/confidential]]\nThe provider may make representations.`,
          penaltyPence: 50_000_000,
          stepsRequired: 'Introduce hash matching of uploads.',
        },
      ],
    },
  });

  beforeAll(async () => {
    t = await bootTestApp();
    const created = await t
      .http()
      .post('/api/v1/cases')
      .set(await as('case_officer'))
      .send({ serviceUrl: 'https://testdrop.example/share', title: 'Known abuse material shared through Testdrop links', harmCategories: ['csam'] });
    expect(created.status).toBe(201);
    caseId = created.body.id;
    reference = created.body.reference;
  });
  afterAll(async () => t?.close());

  it('publishes nothing about a case before an investigation is opened and a version approved', async () => {
    expect((await anonymous('/api/v1/public/cases')).body).toEqual({ items: [], nextCursor: null });
    const one = await anonymous(`/api/v1/public/cases/${reference}`);
    expect(one.status).toBe(404);
    expect(one.body.code).toBe('PUBLICATION_NOT_FOUND');
    expect((await anonymous(`/enforcement/${reference}`)).status).toBe(404);
  });

  it('proposes a draft update when the investigation opens, and publishes nothing on its own', async () => {
    const fired = await t
      .http()
      .post(`/api/v1/cases/${caseId}/transitions`)
      .set(await as('case_officer'))
      .set('If-Match', '"1"')
      .send({ event: 'open_investigation', data: { provisions: ['Section 10(2)'], summary: `Opened. ${UNAPPROVED}` } });
    expect(fired.status).toBe(200);
    const overview = await t.http().get(`/api/v1/cases/${caseId}/publication`).set(await as('analyst'));
    expect(overview.status).toBe(200);
    expect(overview.body.published).toBeNull();
    expect(overview.body.draft).toMatchObject({ number: 1, status: 'draft', proposedByEvent: 'open_investigation', editedBy: [] });
    expect(overview.body.draft.content.updates).toHaveLength(1);
    expect(overview.body.draft.content.updates[0].text).toContain('Section 10(2)');
    // The officer's reasons are proposed marked confidential.
    expect(overview.body.draft.content.summary).toBe(`[[confidential]]Opened. ${UNAPPROVED}[[/confidential]]`);
    expectNoLeak(await everythingPublic());
    expect((await anonymous('/api/v1/public/cases')).body.items).toEqual([]);
  });

  it('refuses a draft whose confidential marker is not closed, naming the field', async () => {
    const res = await t
      .http()
      .put(`/api/v1/cases/${caseId}/publication/draft`)
      .set(await as('case_officer'))
      .send(draftBody(1, { summary: `Summary. [[confidential]]${SECRET_SUMMARY}` }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PUBLICATION_DRAFT_INVALID');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'summary' })]));
  });

  it('lets only a case officer draft and only a decision maker approve', async () => {
    const byDecider = await t.http().put(`/api/v1/cases/${caseId}/publication/draft`).set(await as('decision_maker')).send(draftBody(1));
    expect(byDecider.status).toBe(403);
    const saved = await t.http().put(`/api/v1/cases/${caseId}/publication/draft`).set(await as('case_officer')).send(draftBody(1));
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ number: 1, revision: 2, status: 'draft', editedBy: ['officer@demo.test'] });
    const stale = await t.http().put(`/api/v1/cases/${caseId}/publication/draft`).set(await as('case_officer')).send(draftBody(1));
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('PUBLICATION_DRAFT_CONFLICT');
    const byOfficer = await t.http().post(`/api/v1/cases/${caseId}/publication/approve`).set(await as('case_officer')).send({ revision: 2 });
    expect(byOfficer.status).toBe(403);
    expectNoLeak(await everythingPublic());
    expect((await anonymous(`/api/v1/public/cases/${reference}`)).status).toBe(404);
  });

  it('never lets someone who edited the draft approve it (four eyes)', async () => {
    const service = t.app.get(PublicationService);
    const both: Principal = { kind: 'user', id: '00000000-0000-4000-8000-0000000000aa', organisationId: '00000000-0000-4000-8000-0000000000bb', organisationKind: 'regulator', roles: ['case_officer', 'decision_maker'], email: 'both@test', via: 'token' };
    const edited = await service.saveDraft(caseId, (await service.startingContent(caseId)).content, 2, both);
    await expect(service.approve(caseId, edited.revision, both)).rejects.toMatchObject({ code: 'PUBLICATION_FOUR_EYES_REQUIRED' });
  });

  it('publishes the non-confidential version once a decision maker approves it, and audits it', async () => {
    const preview = await t.http().get(`/api/v1/cases/${caseId}/publication/preview`).set(await as('decision_maker'));
    expect(preview.body.summary).toBe('We are investigating whether Testdrop uses hash matching. [redacted] The provider is cooperating.');
    const approved = await t.http().post(`/api/v1/cases/${caseId}/publication/approve`).set(await as('decision_maker')).send({ revision: 3 });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ number: 1, status: 'published', approvedBy: 'decider@demo.test' });

    const list = await anonymous('/api/v1/public/cases');
    expect(list.body.items).toHaveLength(1);
    const item = list.body.items[0];
    expect(item).toMatchObject({ reference, title: 'Known abuse material shared through Testdrop links', status: 'investigation', openedOn: '2026-03-02', provisions: ['Section 10(2)'], provider: 'Testdrop Ltd' });
    expect(item.updates.map((u: { date: string; text: string }) => [u.date, u.text])).toEqual([
      ['2026-03-02', 'We opened an investigation.'],
      ['2026-03-20', 'We sent an information notice. [redacted]'],
    ]);
    expect(item.decisions[0].text).toBe('We found no hash matching.\n[redacted]\nThe provider may make representations.');
    expectNoLeak(await everythingPublic());

    const events = await t.app.get(AuditLog).forSubject('case', caseId);
    const published = events.find((e) => e.event === 'publication_published');
    expect(published?.actorLabel).toBe('decider@demo.test');
    expect(published?.data).toMatchObject({ version: 1, sha256: approved.body.publicSha256 });
    const verify = await t.http().get('/api/v1/audit/verify').set(await as('admin'));
    expect(verify.body.ok).toBe(true);
  });

  it('filters the public list by status, harm, provision and year, and pages with a cursor', async () => {
    const count = async (query: string) => (await anonymous(`/api/v1/public/cases?${query}`)).body.items.length;
    expect(await count('status=investigation')).toBe(1);
    expect(await count('status=open')).toBe(1);
    expect(await count('status=closed')).toBe(0);
    expect(await count('harm=csam')).toBe(1);
    expect(await count('harm=fraud')).toBe(0);
    expect(await count('provision=section%2010(2)')).toBe(1);
    expect(await count('provision=Section%2081(2)')).toBe(0);
    expect(await count('year=2026')).toBe(1);
    expect(await count('year=2025')).toBe(0);
    const bad = await anonymous('/api/v1/public/cases?status=secret');
    expect(bad.status).toBe(422);
    expect((await anonymous('/api/v1/public/cases?cursor=nonsense')).status).toBe(422);
  });

  it('keeps an approved version immutable, and a later draft off the public record until it is approved', async () => {
    const overview = await t.http().get(`/api/v1/cases/${caseId}/publication`).set(await as('case_officer'));
    const content = overview.body.published.content;
    const next = await t
      .http()
      .put(`/api/v1/cases/${caseId}/publication/draft`)
      .set(await as('case_officer'))
      .send({ revision: null, content: { ...content, updates: [...content.updates, { date: '2026-04-10', text: UNAPPROVED }] } });
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ number: 2, status: 'draft' });
    expectNoLeak(await everythingPublic());
    expect((await anonymous(`/api/v1/public/cases/${reference}`)).body.version).toBe(1);
    await expect(t.app.get(PublicationService)['dataSource'].query(`UPDATE publication_versions SET content = '{}' WHERE status = 'published'`)).rejects.toThrow(/cannot change/);
    await expect(t.app.get(PublicationService)['dataSource'].query(`DELETE FROM publication_versions WHERE status = 'published'`)).rejects.toThrow(/cannot change/);
  });

  it('proposes the closure in the open draft when the case closes, with the issued letter wholly marked confidential', async () => {
    const current = await t.http().get(`/api/v1/cases/${caseId}`).set(await as('decision_maker'));
    const closed = await t
      .http()
      .post(`/api/v1/cases/${caseId}/transitions`)
      .set(await as('decision_maker'))
      .set('If-Match', `"${current.body.version}"`)
      .send({
        event: 'close',
        data: { outcome: 'no_contravention', summary: 'No contravention found.', letter: { recipient: { organisationName: 'Testdrop Ltd' }, reasons: [`No contravention. ${UNAPPROVED}`] } },
      });
    expect(closed.status).toBe(200);
    const overview = await t.http().get(`/api/v1/cases/${caseId}/publication`).set(await as('case_officer'));
    const draft = overview.body.draft;
    expect(draft).toMatchObject({ number: 2, proposedByEvent: 'close' });
    expect(draft.content).toMatchObject({ status: 'closed', outcome: 'no_contravention' });
    expect(draft.content.updates.at(-1).text).toMatch(/^We closed the case\. Outcome: /);
    const closure = draft.content.decisions.find((d: { kind: string }) => d.kind === 'closure');
    expect(closure.text).toMatch(/^\[\[confidential\]\][\s\S]*No contravention\. UNAPPROVED-DRAFT-2468[\s\S]*\[\[\/confidential\]\]$/);
    expect(draft.content.stages).toEqual([{ stage: 'investigation', startedOn: expect.any(String), endedOn: expect.any(String) }]);
    // Still the approved version 1 in public, and nothing of the draft.
    const published = await anonymous(`/api/v1/public/cases/${reference}`);
    expect(published.body).toMatchObject({ version: 1, status: 'investigation', outcome: null });
    expectNoLeak(await everythingPublic());
  });

  it('serves open data that validates against its published JSON Schema, and the same cases as CSV', async () => {
    const schema = await anonymous('/api/v1/public/open-data/schema.json');
    expect(schema.status).toBe(200);
    expect(schema.headers['content-type']).toMatch(/json/);
    const data = await anonymous('/api/v1/public/open-data/cases.json');
    expect(data.status).toBe(200);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema.body);
    expect(validate(data.body) ? [] : validate.errors).toEqual([]);
    expect(data.body.cases).toHaveLength(1);
    expect(data.body.cases[0]).toMatchObject({ reference, url: `http://localhost/enforcement/${reference}`, status: 'investigation', stages: [{ stage: 'investigation', endedOn: null }] });
    // A broken document does not validate: the check can fail.
    expect(validate({ ...data.body, cases: [{ ...data.body.cases[0], penaltyPence: -1 }] })).toBe(false);

    const csv = await anonymous('/api/v1/public/open-data/cases.csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, row, ...rest] = csv.text.trim().split('\r\n');
    expect(header?.split(',').slice(0, 3)).toEqual(['reference', 'url', 'title']);
    expect(row?.startsWith(`${reference},`)).toBe(true);
    expect(rest).toEqual([]);
  });

  it('exports a statement of reasons for each published decision', async () => {
    const res = await anonymous(`/api/v1/public/cases/${reference}/statements-of-reasons`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      caseReference: reference,
      decisionType: 'provisional_notice',
      decisionDate: '2026-04-01',
      decisionGround: 'suspected_contravention',
      legalBasis: { instrument: 'Online Safety Act 2023', power: 's.130', provisions: ['Section 10(2)'] },
      territorialScope: ['GB'],
      measures: [{ type: 'provisional_notice_of_contravention' }, { type: 'proposed_penalty', amountPence: 50_000_000, currency: 'GBP' }, { type: 'proposed_steps', description: 'Introduce hash matching of uploads.' }],
      automatedDecision: 'not_automated',
    });
    const all = await anonymous('/api/v1/public/open-data/statements-of-reasons.json');
    expect(all.body.items).toEqual(res.body.items);
  });
});
