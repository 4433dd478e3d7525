import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { DocumentStore, LETTER_TEMPLATES, type IssueData } from '@app/documents';
import { bootTestApp, tokenCache, type TestApp } from '@app/testing';

const officer = { id: randomUUID(), label: 'officer@demo.test' };
const warningData = (): IssueData<'warning_letter'> => {
  const { issuedOn: _issuedOn, ...rest } = structuredClone(LETTER_TEMPLATES.warning_letter.sample);
  return rest;
};

describe('issued documents are stored immutably on the case', () => {
  let t: TestApp;
  let db: DataSource;
  let store: DocumentStore;
  let audit: AuditLog;
  let token: (role: string) => Promise<string>;

  beforeAll(async () => {
    t = await bootTestApp();
    t.clock.set('2026-05-13T09:30:00Z');
    db = t.app.get(DataSource);
    store = t.app.get(DocumentStore);
    audit = t.app.get(AuditLog);
    token = tokenCache(t.baseUrl, t.clock);
  });
  afterAll(async () => t.close());

  const issueWarning = (caseId: string) => db.transaction((tx) => store.issue(tx, { caseId, template: 'warning_letter', data: warningData(), issuedBy: officer }));

  it('stores the rendered letter with the hash of its bytes, and records the issue in the case audit chain', async () => {
    const caseId = randomUUID();
    const issued = await issueWarning(caseId);
    expect(issued).toMatchObject({ caseId, template: 'warning_letter', title: 'Warning letter OSA-2026-0042', issuedBy: officer.id, issuedByLabel: officer.label });
    expect(issued.sha256).toBe(createHash('sha256').update(issued.html, 'utf8').digest('hex'));
    expect(issued.data.issuedOn).toBe('2026-05-13');
    expect(issued.html).toContain('13 May 2026');

    const stored = await store.get(issued.id);
    expect(stored.html).toBe(issued.html);
    expect(stored.sha256).toBe(issued.sha256);
    expect(stored.issuedAt.toISOString()).toBe('2026-05-13T09:30:00.000Z');

    const chain = await audit.chain(`case:${caseId}`);
    expect(chain).toHaveLength(1);
    expect(chain[0]).toMatchObject({
      event: 'document_issued',
      actorId: officer.id,
      subjectType: 'case',
      subjectId: caseId,
      data: { documentId: issued.id, template: 'warning_letter', sha256: issued.sha256, title: issued.title },
    });
    expect((await audit.verify({ chainId: `case:${caseId}` })).ok).toBe(true);
  });

  it('refuses to change or delete an issued document', async () => {
    const issued = await issueWarning(randomUUID());
    await expect(db.query(`UPDATE case_documents SET html = 'forged' WHERE id = $1`, [issued.id])).rejects.toThrow(/immutable/);
    await expect(db.query(`DELETE FROM case_documents WHERE id = $1`, [issued.id])).rejects.toThrow(/immutable/);
    await expect(db.query(`TRUNCATE case_documents`)).rejects.toThrow(/immutable/);
    expect((await store.get(issued.id)).html).toBe(issued.html);
  });

  it('refuses to store a document whose hash is not the hash of its bytes', async () => {
    await expect(
      db.query(
        `INSERT INTO case_documents (case_id, template, title, html, sha256, data, issued_by_label, issued_at) VALUES ($1, 'warning_letter', 't', '<p>x</p>', $2, '{}', 'x', now())`,
        [randomUUID(), '0'.repeat(64)],
      ),
    ).rejects.toThrow(/case_documents_sha256_matches/);
  });

  it('leaves neither document nor audit event when the issuing transaction rolls back', async () => {
    const caseId = randomUUID();
    await expect(
      db.transaction(async (tx) => {
        await store.issue(tx, { caseId, template: 'warning_letter', data: warningData(), issuedBy: officer });
        throw new Error('the transition failed');
      }),
    ).rejects.toThrow(/transition failed/);
    expect(await store.listForCase(caseId)).toEqual([]);
    expect(await audit.chain(`case:${caseId}`)).toEqual([]);
  });

  it('dates a letter with the day of issue in the UK', async () => {
    t.clock.set('2026-05-13T23:30:00Z');
    try {
      const issued = await issueWarning(randomUUID());
      expect(issued.data.issuedOn).toBe('2026-05-14');
      expect(issued.html).toContain('14 May 2026');
    } finally {
      t.clock.set('2026-05-13T09:30:00Z');
    }
  });

  it('lists the documents of a case in the order they were issued', async () => {
    const caseId = randomUUID();
    const first = await issueWarning(caseId);
    t.clock.advance(60_000);
    const second = await db.transaction((tx) =>
      store.issue(tx, { caseId, template: 'information_notice', data: LETTER_TEMPLATES.information_notice.sample, issuedBy: SYSTEM_ACTOR }),
    );
    const listed = await store.listForCase(caseId);
    expect(listed.map((d) => d.id)).toEqual([first.id, second.id]);
    expect(listed[1]).toMatchObject({ template: 'information_notice', issuedBy: null, issuedByLabel: 'system' });
    expect(listed[0]).not.toHaveProperty('html');
  });

  it('refuses incomplete data with 422 naming the fields, and stores nothing', async () => {
    const caseId = randomUUID();
    const { deadline: _deadline, ...incomplete } = warningData();
    await expect(
      db.transaction((tx) => store.issue(tx, { caseId, template: 'warning_letter', data: incomplete as IssueData<'warning_letter'>, issuedBy: officer })),
    ).rejects.toMatchObject({ code: 'DOCUMENT_DATA_INCOMPLETE', status: 422 });
    expect(await store.listForCase(caseId)).toEqual([]);
  });

  describe('over the API', () => {
    it('gives a regulator the document with its metadata and HTML exactly as issued', async () => {
      const issued = await issueWarning(randomUUID());
      const res = await t.http().get(`/api/v1/documents/${issued.id}`).auth(await token('case_officer'), { type: 'bearer' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: issued.id, caseId: issued.caseId, template: 'warning_letter', sha256: issued.sha256, html: issued.html });
      expect(createHash('sha256').update(res.body.html, 'utf8').digest('hex')).toBe(issued.sha256);
      for (const role of ['admin', 'decision_maker', 'analyst']) {
        expect((await t.http().get(`/api/v1/documents/${issued.id}`).auth(await token(role), { type: 'bearer' })).status).toBe(200);
      }
    });

    it('lists the documents of a case', async () => {
      const issued = await issueWarning(randomUUID());
      const res = await t.http().get(`/api/v1/documents?caseId=${issued.caseId}`).auth(await token('analyst'), { type: 'bearer' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([expect.objectContaining({ id: issued.id, sha256: issued.sha256 })]);
      const bad = await t.http().get('/api/v1/documents?caseId=not-a-case').auth(await token('analyst'), { type: 'bearer' });
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });

    it('answers 404 for an unknown document, 400 for a malformed id, 401 without sign-in and 403 for external users', async () => {
      const issued = await issueWarning(randomUUID());
      const officerToken = await token('case_officer');
      const missing = await t.http().get(`/api/v1/documents/${randomUUID()}`).auth(officerToken, { type: 'bearer' });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('NOT_FOUND');
      expect((await t.http().get('/api/v1/documents/12345').auth(officerToken, { type: 'bearer' })).body.code).toBe('INVALID_ID');
      expect((await t.http().get(`/api/v1/documents/${issued.id}`)).status).toBe(401);
      for (const role of ['provider', 'complainant_body']) {
        expect((await t.http().get(`/api/v1/documents/${issued.id}`).auth(await token(role), { type: 'bearer' })).status).toBe(403);
      }
    });

    it('lists the templates with what their samples show and where to preview them', async () => {
      const res = await t.http().get('/api/v1/documents/templates').auth(await token('decision_maker'), { type: 'bearer' });
      expect(res.status).toBe(200);
      expect(res.body.map((t: { name: string }) => t.name)).toEqual(['information_notice', 'warning_letter', 'provisional_notice', 'confirmation_decision', 'closure_letter']);
      expect(res.body[2]).toMatchObject({
        title: 'Provisional notice of contravention',
        legalBasis: expect.stringContaining('section 130'),
        sampleDescription: expect.stringContaining('20 working days'),
        previewUrl: '/documents/preview/provisional_notice',
      });
      expect((await t.http().get('/api/v1/documents/templates').auth(await token('provider'), { type: 'bearer' })).status).toBe(403);
    });
  });
});
