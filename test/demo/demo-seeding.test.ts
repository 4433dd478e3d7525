import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ListCases } from '@app/cases';
import { DEMO_CASES, DEMO_REASON, DemoCaseSeeder } from '@app/demo';
import { bootTestApp, type TestApp } from '@app/testing';

const DAY_MS = 86_400_000;
const DEMO_ACTORS = ['officer@demo.test', 'officer2@demo.test', 'decider@demo.test'];
/** Decisions the investigating officer may never take (four eyes). */
const DECISIONS = ['issue_provisional_notice', 'issue_confirmation_decision', 'record_non_compliance', 'apply_for_business_disruption'];

interface CaseJson {
  id: string;
  reference: string;
  title: string;
  state: string;
  outcome: string | null;
  openedAt: string;
  serviceId: string;
  serviceDomain: string | null;
  investigatingOfficerId: string | null;
  links: { caseId: string; relation: string }[];
  deadlines: { kind: string; status: string; explanation: string[] }[];
}

describe('demo data', () => {
  let t: TestApp;
  const api = async (as: string, path: string) => t.http().get(path).set('Authorization', `Bearer ${await t.token(as)}`);
  const allCases = async (): Promise<CaseJson[]> => (await api('analyst@demo.test', '/api/v1/cases?limit=500')).body.items;

  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t?.close());

  it('seeds an empty database once, quickly, even when two processes try at the same time', async () => {
    expect(await allCases()).toEqual([]);
    const seeder = t.app.get(DemoCaseSeeder);
    const started = Date.now();
    const results = await Promise.all([seeder.seed(), seeder.seed()]);
    const elapsed = Date.now() - started;
    expect(results.map((r) => r.cases).sort()).toEqual([0, DEMO_CASES.length]);
    expect(results.find((r) => r.cases > 0)).toMatchObject({ services: 5 });
    expect(elapsed).toBeLessThan(10_000);
    expect(await allCases()).toHaveLength(DEMO_CASES.length);
  });

  it('adds nothing when run again', async () => {
    const before = await allCases();
    const events = (await api('admin@demo.test', '/api/v1/audit/verify')).body.checked;
    expect(await t.app.get(DemoCaseSeeder).seed()).toEqual({ cases: 0, services: 0, steps: 0 });
    expect(await allCases()).toEqual(before);
    expect((await api('admin@demo.test', '/api/v1/audit/verify')).body.checked).toBe(events);
  });

  it('keeps every audit chain valid', async () => {
    const verify = await api('admin@demo.test', '/api/v1/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it('spreads the cases over the states and the last two years', async () => {
    const cases = await allCases();
    const count = (state: string) => cases.filter((c) => c.state === state).length;
    expect({
      closed: count('closed'),
      assessment: count('assessment'),
      investigation: count('investigation'),
      provisional_notice: count('provisional_notice'),
      business_disruption: count('business_disruption'),
      compliance_remediation: count('compliance_remediation'),
    }).toEqual({ closed: 5, assessment: 1, investigation: 1, provisional_notice: 2, business_disruption: 1, compliance_remediation: 1 });
    expect(cases.filter((c) => c.state === 'closed').map((c) => c.outcome).sort()).toEqual(['complied', 'complied', 'complied', 'geoblocked', 'no_action']);
    const opened = cases.map((c) => Date.parse(c.openedAt));
    const now = t.clock.now().getTime();
    expect(Math.min(...opened)).toBeGreaterThan(now - 730 * DAY_MS);
    expect(Math.max(...opened) - Math.min(...opened)).toBeGreaterThan(600 * DAY_MS);
    expect(Math.max(...opened)).toBeLessThan(now);
  });

  it('tells each case through the lifecycle, backdated with a reason, by the demo officers and decision-maker, four eyes respected', async () => {
    for (const c of await allCases()) {
      const events = (await api('analyst@demo.test', `/api/v1/cases/${c.id}/events`)).body as {
        event: string;
        subjectType: string;
        actor: string;
        actorId: string;
        reason: string | null;
        occurredAt: string;
        recordedAt: string;
        data: { data?: { investigatingOfficerId?: string } } | null;
      }[];
      const steps = events.filter((e) => e.subjectType === 'case' && e.event !== 'document_issued');
      expect(steps[0]?.event).toBe('create');
      for (const step of steps) {
        expect(step.reason).toBe(DEMO_REASON);
        expect(DEMO_ACTORS).toContain(step.actor);
        expect(Date.parse(step.occurredAt)).toBeLessThan(Date.parse(step.recordedAt));
      }
      const occurred = steps.map((s) => Date.parse(s.occurredAt));
      expect([...occurred].sort((a, b) => a - b)).toEqual(occurred);
      const investigator = c.investigatingOfficerId;
      for (const decision of steps.filter((s) => DECISIONS.includes(s.event))) expect(decision.actorId).not.toBe(investigator);
      // Every date the case holds is explained.
      for (const deadline of (await api('analyst@demo.test', `/api/v1/cases/${c.id}/deadlines`)).body as { explanation: string[] }[]) {
        expect(deadline.explanation.length).toBeGreaterThan(1);
      }
    }
  });

  it('has an NCII site with a primary domain, two mirrors and a successor, and a case in assessment opened on a mirror', async () => {
    const cases = await allCases();
    const journey = cases.find((c) => c.state === 'assessment') as CaseJson;
    expect(journey.serviceDomain).toBe('peep-vault.example');
    const full = (await api('analyst@demo.test', `/api/v1/cases/${journey.id}`)).body as CaseJson;
    const geoblocked = cases.find((c) => c.outcome === 'geoblocked') as CaseJson;
    expect(full.links).toEqual([expect.objectContaining({ caseId: geoblocked.id, relation: 'continues' })]);
    const service = (await api('analyst@demo.test', `/api/v1/services/${journey.serviceId}`)).body as { name: string; domains: { domain: string; relation: string }[] };
    expect(service.domains.map((d) => `${d.relation}:${d.domain}`).sort()).toEqual([
      'mirror:peep-vault.example',
      'mirror:peepvault-mirror.example',
      'primary:peepvault.example',
      'successor:peepvault2.example',
    ]);
  });

  it('has an information notice due soon and a representations period running', async () => {
    const cases = await allCases();
    const deadlinesIn = async (state: string) => (await api('analyst@demo.test', `/api/v1/cases/${cases.find((c) => c.state === state)?.id}/deadlines`)).body as CaseJson['deadlines'];
    expect(await deadlinesIn('investigation')).toContainEqual(expect.objectContaining({ kind: 'information_notice_response', status: 'due_soon' }));
    expect(await deadlinesIn('provisional_notice')).toContainEqual(expect.objectContaining({ kind: 'representations', status: 'pending' }));
    const disruption = await deadlinesIn('business_disruption');
    expect(disruption.filter((d) => d.status === 'overdue').map((d) => d.kind).sort()).toEqual(['compliance', 'penalty_payment']);
    expect(await deadlinesIn('compliance_remediation')).toContainEqual(expect.objectContaining({ kind: 'reminder', status: 'overdue' }));
  });

  it("gives Demo Platform Ltd (provider@demo.test's organisation) a service of its own, and no other", async () => {
    const mine = (await api('provider@demo.test', '/api/v1/services')).body;
    const items = (Array.isArray(mine) ? mine : mine.items) as { name: string }[];
    expect(items.map((s) => s.name)).toEqual(['DemoDrop']);
    const other = (await api('provider2@demo.test', '/api/v1/services')).body;
    expect((Array.isArray(other) ? other : other.items) as unknown[]).toEqual([]);
  });
});

describe('demo data on start-up', () => {
  it('is seeded after the demo users when the application boots outside tests with SEED_DEMO on', async () => {
    const t = await bootTestApp({ overrides: { nodeEnv: 'development' } });
    try {
      const token = await t.token('analyst@demo.test');
      const res = await t.http().get('/api/v1/cases?limit=500').set('Authorization', `Bearer ${token}`);
      expect(res.body.items).toHaveLength(DEMO_CASES.length);
    } finally {
      await t.close();
    }
  });

  it('is not seeded with SEED_DEMO off', async () => {
    const t = await bootTestApp({ overrides: { nodeEnv: 'development', seedDemo: false } });
    try {
      // No demo users either, so nobody can sign in: ask the cases context directly.
      expect((await t.app.get(ListCases).execute({ limit: 1 })).items).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
