import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_CASES, DemoCaseSeeder } from '@app/demo';
import { bootTestApp, type TestApp } from '@app/testing';
import { decode, errorSummaryOf, signInWithForm, textOf, versionIn, type PageSession } from './page-session.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const titleOf = (key: string): string => DEMO_CASES.find((c) => c.key === key)?.title as string;

/** The cases a list page shows, in order, as their ids. */
function listedIds(html: string): string[] {
  const body = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(new RegExp(`<a class="govuk-link govuk-!-font-weight-bold" href="/cases/(${UUID})">`, 'g'))].map((m) => m[1] as string);
}

describe('the case officer pages, over HTTP with a signed-in session', () => {
  let t: TestApp;
  let officer: PageSession;
  let officer2: PageSession;
  let decider: PageSession;
  let analyst: PageSession;
  /** Demo case key → { id, reference, ... } */
  const cases = new Map<string, { id: string; reference: string; serviceId: string; state: string; harmCategories: string[]; assignedOfficerId: string | null; investigatingOfficerId: string | null }>();
  const api = async (as: string, path: string) => t.http().get(path).set('Authorization', `Bearer ${await t.token(as)}`);
  const idOf = (key: string): string => cases.get(key)?.id as string;

  beforeAll(async () => {
    t = await bootTestApp();
    await t.app.get(DemoCaseSeeder).seed();
    [officer, officer2, decider, analyst] = await Promise.all(['officer@demo.test', 'officer2@demo.test', 'decider@demo.test', 'analyst@demo.test'].map((email) => signInWithForm(t, email)));
    const listed = await api('analyst@demo.test', '/api/v1/cases?limit=500');
    for (const demo of DEMO_CASES) cases.set(demo.key, listed.body.items.find((c: { title: string }) => c.title === demo.title));
  });
  afterAll(async () => t?.close());

  it('lists every case for regulator roles, with a "Create a case" button for case officers and decision-makers only', async () => {
    const page = await officer.get('/cases');
    expect(page.status).toBe(200);
    expect(new Set(listedIds(page.text))).toEqual(new Set([...cases.values()].map((c) => c.id)));
    expect(page.text).toContain('href="/cases/new"');
    const forAnalyst = await analyst.get('/cases');
    expect(forAnalyst.status).toBe(200);
    expect(listedIds(forAnalyst.text)).toHaveLength(cases.size);
    expect(forAnalyst.text).not.toContain('href="/cases/new"');
    expect((await analyst.get('/cases/new')).status).toBe(403);
  });

  it('filters the list by state, officer, service, harm and overdue deadlines', async () => {
    const all = [...cases.values()];
    const ids = async (query: string) => new Set(listedIds((await officer.get(`/cases?${query}`)).text));
    expect(await ids('state=closed')).toEqual(new Set(all.filter((c) => c.state === 'closed').map((c) => c.id)));
    expect(await ids('harm=ncii')).toEqual(new Set([idOf('c3'), idOf('c8')]));
    const officer2Id = cases.get('c2')?.assignedOfficerId as string;
    expect(await ids(`officer=${officer2Id}`)).toEqual(new Set(all.filter((c) => c.assignedOfficerId === officer2Id || c.investigatingOfficerId === officer2Id).map((c) => c.id)));
    expect(await ids(`service=${cases.get('c2')?.serviceId}`)).toEqual(new Set([idOf('c2'), idOf('c6'), idOf('c11')]));
    expect(await ids('overdue=true')).toEqual(new Set([idOf('c9'), idOf('c10')]));
    expect((await ids('overdue=false')).size).toBe(cases.size - 2);
    expect(await ids('state=closed&harm=children_access_pornography')).toEqual(new Set([idOf('c1')]));

    const filtered = await officer.get('/cases?state=investigation');
    expect(filtered.text).toMatch(/<option value="investigation" selected>/);
    expect(textOf(filtered.text)).toContain('Clear filters');

    const wrong = await officer.get('/cases?state=bogus&harm=nope');
    expect(wrong.status).toBe(200);
    expect(errorSummaryOf(wrong.text)).toEqual(['Choose a state from the list', 'Choose a harm from the list']);
    expect(listedIds(wrong.text)).toHaveLength(cases.size);
  });

  it('sorts by reference either way from the column headings', async () => {
    const references = [...cases.values()].map((c) => c.reference).sort();
    const ascending = await officer.get('/cases?sort=reference');
    expect(listedIds(ascending.text).map((id) => [...cases.values()].find((c) => c.id === id)?.reference)).toEqual(references);
    expect(decode(ascending.text)).toContain('aria-sort="ascending"><a class="govuk-link" href="/cases?sort=-reference">Case</a>');
    const descending = await officer.get('/cases?sort=-reference');
    expect(listedIds(descending.text).map((id) => [...cases.values()].find((c) => c.id === id)?.reference)).toEqual([...references].reverse());
  });

  it('shows a case: state, service and its domains, harms, officers, actions, deadlines with their explanations, documents and timeline', async () => {
    const id = idOf('c7');
    const page = await officer.get(`/cases/${id}`);
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain(cases.get('c7')?.reference);
    expect(text).toContain(titleOf('c7'));
    expect(page.text).toContain('<strong class="govuk-tag govuk-tag--purple">Provisional notice</strong>');
    for (const words of ['Chatterbox Forums', 'Quillon Communities Ltd', 'chatterbox-forums.example', 'Primary domain', 'Hate (hate)', '(harassment_stalking_threats)', 'Olu Officer', 'Scotland']) {
      expect(text).toContain(words);
    }
    // What the officer can do now leads to each step's form; what a decision-maker does is listed with why not.
    expect(page.text).toContain(`href="/cases/${id}/events/record_representations" role="button"`);
    expect(text).toContain('Issue a confirmation decision Only a decision maker can do this.');
    // Every deadline with every line of how its date was worked out.
    const deadlines = (await api('analyst@demo.test', `/api/v1/cases/${id}/deadlines`)).body as { label: string; explanation: string[] }[];
    expect(deadlines.length).toBeGreaterThan(0);
    for (const deadline of deadlines) {
      expect(text).toContain(deadline.label);
      expect(deadline.explanation.length).toBeGreaterThan(0);
      for (const line of deadline.explanation) expect(text).toContain(line.replace(/\s+/g, ' '));
    }
    expect(text).toContain('How this date was worked out');
    // Documents issued, each linking to the issued document.
    const documents = (await api('analyst@demo.test', `/api/v1/documents?caseId=${id}`)).body as { id: string }[];
    expect(documents.length).toBe(2);
    for (const d of documents) expect(page.text).toContain(`href="/documents/${d.id}"`);
    // The timeline: each step, its states, who, when it happened and when it was recorded, and the reason.
    expect(text).toMatch(/Issue a provisional notice of contravention Investigation to Provisional notice/);
    expect(text).toContain('Deadline started: Representations on the provisional notice, due');
    expect(text).toContain('Dev Decider');
    expect(text).toContain('Demo history');
    expect(text).toMatch(/recorded \d{1,2} \w+ \d{4} at/);
  });

  it('shows the cases a case continues, and the domain it was opened from', async () => {
    const page = await officer.get(`/cases/${idOf('c8')}`);
    const text = textOf(page.text);
    expect(page.text).toContain(`href="/cases/${idOf('c3')}"`);
    expect(text).toContain(`Continues ${cases.get('c3')?.reference}`);
    expect(text).toContain('Opened from https://peep-vault.example/albums/recent');
    for (const words of ['peep-vault.example Mirror', 'peepvault-mirror.example Mirror', 'peepvault2.example Successor', 'peepvault.example Primary domain']) expect(text).toContain(words);
    const back = textOf((await officer.get(`/cases/${idOf('c3')}`)).text);
    expect(back).toContain(`Continued by ${cases.get('c8')?.reference}`);
    expect(back).toContain('Closed: the service stopped being available to UK users');
  });

  it('lets analysts read a case but not change it', async () => {
    const page = await analyst.get(`/cases/${idOf('c8')}`);
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain('You can read this case.');
    expect(page.text).not.toContain('role="button"');
    expect(page.text).not.toContain('Record a domain of this service');
    expect((await analyst.get(`/cases/${idOf('c8')}/events/open_investigation`)).status).toBe(403);
    expect((await analyst.post(`/cases/${idOf('c8')}/events/open_investigation`, { version: '2' })).status).toBe(403);
  });

  it('answers an unknown case or action with a "Page not found" page', async () => {
    expect((await officer.get('/cases/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await officer.get(`/cases/${idOf('c8')}/events/do_something_else`)).status).toBe(404);
    expect((await officer.get('/cases/not-a-uuid')).status).toBe(400);
  });

  it('says why a step cannot be done now instead of offering its form', async () => {
    const page = await officer.get(`/cases/${idOf('c8')}/events/issue_confirmation_decision`);
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain('This cannot be done while the case is in assessment. It is possible from: provisional notice.');
    expect(page.text).not.toContain('name="version"');
  });

  it('shows what is missing beside each field, with an error summary linking to it', async () => {
    const id = idOf('c8');
    const form = await officer.get(`/cases/${id}/events/issue_information_notice`);
    expect(form.status).toBe(200);
    // Prefilled from the registry: the provider's name and its contact for notices.
    expect(form.text).toContain('value="Operator of Peepvault"');
    expect(form.text).toContain('value="abuse@peepvault.example"');
    const res = await officer.post(`/cases/${id}/events/issue_information_notice`, { version: versionIn(form.text), 'data.responseDays': 'ten', 'letter.recipient.organisationName': 'Operator of Peepvault' });
    expect(res.status).toBe(422);
    expect(errorSummaryOf(res.text)).toEqual([
      'Days to respond, counted from the day after issue must be a whole number',
      'Enter at least one row of requirements',
      'Enter reasons',
      'Enter response form',
    ]);
    expect(res.text).toContain('<a href="#data-responseDays">');
    expect(res.text).toContain('id="data-responseDays-error"');
    expect(res.text).toContain('value="ten"');
    expect(res.text).toMatch(/<title>Error: /);
  });

  it('fires a step from its form, then shows the case as it now is with a success message', async () => {
    const id = idOf('c8');
    const form = await officer.get(`/cases/${id}/events/open_investigation`);
    const version = versionIn(form.text);
    const res = await officer.post(`/cases/${id}/events/open_investigation`, { version, 'data.provisions': 'Section 10(3)(b)\nSection 9', 'data.summary': 'The mirror shows the same albums.', reason: '' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/cases/${id}`);
    const page = await officer.get(`/cases/${id}`);
    expect(textOf(page.text)).toContain('Open an investigation: done');
    expect(page.text).toContain('<strong class="govuk-tag govuk-tag--blue">Investigation</strong>');
    const c = (await api('analyst@demo.test', `/api/v1/cases/${id}`)).body;
    expect(c).toMatchObject({ state: 'investigation', version: Number(version) + 1, provisions: ['Section 10(3)(b)', 'Section 9'] });
  });

  it('refuses a stale form with "Someone else changed this case" and a link to reload, never a 500', async () => {
    const id = idOf('c8');
    const form = await officer.get(`/cases/${id}/events/assign_officer`);
    const version = versionIn(form.text);
    const officer2Id = cases.get('c2')?.assignedOfficerId as string;
    // Someone else changes the case first.
    const other = await officer2.get(`/cases/${id}/events/assign_officer`);
    expect((await officer2.post(`/cases/${id}/events/assign_officer`, { version: versionIn(other.text), 'data.assignedOfficerId': officer2Id })).status).toBe(303);

    const stale = await officer.post(`/cases/${id}/events/assign_officer`, { version, 'data.investigatingOfficerId': officer2Id });
    expect(stale.status).toBe(409);
    expect(errorSummaryOf(stale.text)).toEqual(['Someone else changed this case since you opened this form. Reload the case to see what changed, then try again.']);
    expect(stale.text).toContain(`<a href="/cases/${id}">Someone else changed this case`);
    expect(textOf(stale.text)).toContain('Reload the case');
    for (const bad of ['', 'abc', '99999999999']) {
      const res = await officer.post(`/cases/${id}/events/assign_officer`, { version: bad, 'data.investigatingOfficerId': officer2Id });
      expect(res.status).toBe(409);
    }
    const c = (await api('analyst@demo.test', `/api/v1/cases/${id}`)).body;
    expect(c.assignedOfficerId).toBe(officer2Id);
    expect(c.investigatingOfficerId).not.toBe(officer2Id);
  });

  it("shows a four-eyes refusal as an error summary with the guard's reason", async () => {
    const id = idOf('c6');
    const deciderId = (await api('decider@demo.test', '/api/v1/me')).body.id as string;
    const assign = await officer.get(`/cases/${id}/events/assign_officer`);
    expect((await officer.post(`/cases/${id}/events/assign_officer`, { version: versionIn(assign.text), 'data.investigatingOfficerId': deciderId })).status).toBe(303);

    const reason = 'You are the investigating officer of this case: another decision-maker must take this decision (four eyes).';
    const caseView = textOf((await decider.get(`/cases/${id}`)).text);
    expect(caseView).toContain(`Issue a provisional notice of contravention ${reason}`);
    const form = await decider.get(`/cases/${id}/events/issue_provisional_notice`);
    expect(textOf(form.text)).toContain(reason);

    const version = String((await api('analyst@demo.test', `/api/v1/cases/${id}`)).body.version);
    const res = await decider.post(`/cases/${id}/events/issue_provisional_notice`, {
      version,
      'data.representationsWorkingDays': '20',
      'letter.recipient.organisationName': 'Demo Platform Ltd',
      'letter.contraventions.0.provision': 'Section 10(2)',
      'letter.contraventions.0.duty': 'the duty to prevent users encountering priority illegal content',
      'letter.contraventions.0.reasons': 'Adults contact children through comments.',
    });
    expect(res.status).toBe(422);
    expect(errorSummaryOf(res.text)).toEqual([reason]);
    expect((await api('analyst@demo.test', `/api/v1/cases/${id}`)).body.state).toBe('investigation');
  });

  it("records a new mirror domain of the case's service, which the registry audits", async () => {
    const id = idOf('c8');
    const serviceId = cases.get('c8')?.serviceId as string;
    const res = await officer.post(`/cases/${id}/domains`, { domain: 'PeepVault-Backup.example', relation: 'mirror', evidence: 'Same upload form' });
    expect(res.status).toBe(303);
    const page = await officer.get(`/cases/${id}`);
    expect(textOf(page.text)).toContain('peepvault-backup.example recorded');
    expect(textOf(page.text)).toContain('peepvault-backup.example Mirror');
    const service = (await api('analyst@demo.test', `/api/v1/services/${serviceId}`)).body;
    expect(service.domains).toContainEqual(expect.objectContaining({ domain: 'peepvault-backup.example', relation: 'mirror' }));
    expect((await api('admin@demo.test', '/api/v1/audit/verify')).body.ok).toBe(true);

    const invalid = await officer.post(`/cases/${id}/domains`, { domain: 'not a domain', relation: 'mirror' });
    expect(invalid.status).toBe(422);
    expect(errorSummaryOf(invalid.text)[0]).toMatch(/^domain: "not a domain" must be a domain name alone/);
    const elsewhere = await officer.post(`/cases/${id}/domains`, { domain: 'velvetline.example', relation: 'successor' });
    expect(elsewhere.status).toBe(409);
    expect(errorSummaryOf(elsewhere.text)[0]).toContain('velvetline.example already belongs to the service "Velvetline"');
    const missing = await officer.post(`/cases/${id}/domains`, {});
    expect(errorSummaryOf(missing.text)).toEqual(['Enter the domain, like example.com', 'Select how the domain relates to the service']);
    expect((await decider.post(`/cases/${id}/domains`, { domain: 'x.example', relation: 'mirror' })).status).toBe(403);
  });

  it('opens a case from the form, with harms by their codes and a jurisdiction', async () => {
    const form = await officer2.get('/cases/new');
    expect(form.status).toBe(200);
    expect(textOf(form.text)).toContain('Intimate image abuse Code: ncii');
    const empty = await officer2.post('/cases/new', {});
    expect(empty.status).toBe(422);
    expect(errorSummaryOf(empty.text)).toEqual(['Choose the service the case is about, or enter its web address', 'Enter a title for the case', 'Select at least one harm']);
    const res = await officer2.post('/cases/new', {
      serviceUrl: 'https://www.peepvault-mirror.example/new',
      title: 'Images moved to another Peepvault mirror',
      harmCategories: ['ncii', 'harassment_stalking_threats'],
      jurisdiction: 'northern-ireland',
    });
    expect(res.status).toBe(303);
    const id = new RegExp(`^/cases/(${UUID})$`).exec(res.headers.location as string)?.[1] as string;
    const c = (await api('analyst@demo.test', `/api/v1/cases/${id}`)).body;
    expect(c).toMatchObject({ state: 'assessment', serviceId: cases.get('c8')?.serviceId, harmCategories: ['ncii', 'harassment_stalking_threats'], jurisdiction: 'northern-ireland' });
    expect(textOf((await officer2.get(`/cases/${id}`)).text)).toContain(`Case ${c.reference} opened`);
  });

  it('shows my work: the deadlines of my cases, overdue and due soon first, with links', async () => {
    const mine = await officer2.get('/work-queue');
    expect(mine.status).toBe(200);
    const statuses = [...mine.text.matchAll(/<strong class="govuk-tag govuk-tag--\w+">(Overdue|Due soon|Running|Clock stopped)<\/strong>/g)].map((m) => m[1]);
    const rank = { Overdue: 0, 'Due soon': 1, Running: 2, 'Clock stopped': 3 } as Record<string, number>;
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(statuses[0]).toBe('Overdue');
    expect([...statuses].sort((a, b) => (rank[a as string] ?? 9) - (rank[b as string] ?? 9))).toEqual(statuses);
    for (const key of ['c9', 'c10']) expect(mine.text).toContain(`href="/cases/${idOf(key)}#deadlines"`);
    expect(mine.text).not.toContain(`href="/cases/${idOf('c7')}#deadlines"`);

    const officerQueue = textOf((await officer.get('/work-queue')).text);
    expect(officerQueue).toMatch(/Due soon Response to the information notice/);
    expect(officerQueue).toContain(cases.get('c6')?.reference);
    expect((await analyst.get('/work-queue')).status).toBe(403);
  });

  it('pages through a long list with a cursor', async () => {
    const serviceId = cases.get('c4')?.serviceId as string;
    const token = await t.token('officer@demo.test');
    for (let n = 0; n < 20; n++) {
      const res = await t.http().post('/api/v1/cases').set('Authorization', `Bearer ${token}`).send({ serviceId, title: `Paging case ${n}`, harmCategories: ['hate'] });
      expect(res.status).toBe(201);
    }
    const total = (await api('analyst@demo.test', '/api/v1/cases?limit=500')).body.items.length as number;
    expect(total).toBeGreaterThan(25);
    const first = await officer.get('/cases?sort=reference');
    expect(listedIds(first.text)).toHaveLength(25);
    const next = /<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next">/.exec(decode(first.text))?.[1];
    expect(next).toMatch(/^\/cases\?sort=reference&cursor=/);
    const second = await officer.get(next as string);
    expect(listedIds(second.text)).toHaveLength(total - 25);
    expect(decode(second.text)).toContain('href="/cases?sort=reference" rel="prev"');
    expect(new Set([...listedIds(first.text), ...listedIds(second.text)]).size).toBe(total);
    const tampered = await officer.get('/cases?cursor=not-a-cursor');
    expect(tampered.status).toBe(200);
    expect(errorSummaryOf(tampered.text)).toEqual(['That page of the list no longer exists: this is the first page.']);
  });
});
