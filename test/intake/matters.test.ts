import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bootTestApp, type TestApp } from '@app/testing';

describe('matters and the triage queue', () => {
  let t: TestApp;
  let db: DataSource;
  const as = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });
  const file = async (serviceUrl: string, harmCategories: string[], over: Record<string, unknown> = {}) => {
    const res = await t.http().post('/api/v1/intake').set(await as('officer@demo.test')).send({ source: 'complaint', serviceUrl, harmCategories, description: 'Seen on the service.', ...over });
    expect(res.status).toBe(201);
    return res.body as { id: string; matterId: string; serviceId: string; caseId: string | null };
  };

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(async () => t.close());

  it('explains the score as factor contributions that add up to it exactly, with the model version', async () => {
    const item = await file('explained.example', ['csam'], { childrenLikely: true, evidence: [{ hashAlgorithm: 'md5', hash: 'd41d8cd98f00b204e9800998ecf8427e' }] });
    const res = await t.http().get(`/api/v1/matters/${item.matterId}`).set(await as('analyst@demo.test'));
    expect(res.status).toBe(200);
    const { triage } = res.body;
    expect(triage.modelVersion).toBe('osa-triage-2026.1');
    expect(triage.factors.map((f: { name: string }) => f.name)).toEqual([
      'harm_severity',
      'reach',
      'children',
      'volume_recurrence',
      'strategic_significance',
      'evidence_availability',
      'provider_cooperation',
      'jurisdiction',
    ]);
    for (const f of triage.factors) expect(f).toEqual({ name: expect.any(String), group: expect.any(String), value: expect.any(Number), weight: expect.any(Number), contribution: expect.any(Number), reason: expect.any(String) });
    expect(triage.factors.reduce((sum: number, f: { contribution: number }) => sum + f.contribution, 0)).toBe(triage.score);
    expect(res.body.items[0]).toMatchObject({ id: item.id, matchReason: { rule: 'new_matter' } });
    // The stored inputs reproduce the score with the stored model version.
    const model = await t.http().get(`/api/v1/triage/models/${triage.modelVersion}`).set(await as('analyst@demo.test'));
    expect(model.body.weights.harm_severity).toBe(triage.factors[0].weight);
  });

  it('ranks the queue by score, filters it, and pages it with an opaque cursor', async () => {
    const csam = await file('queue-a.example', ['csam']);
    const fraud = await file('queue-b.example', ['fraud']);
    const ncii = await file('queue-c.example', ['ncii'], { source: 'other_body', otherBody: { bodyType: 'police', bodyName: 'Police Scotland', bodyReference: 'PS-1' } });
    const officer = await as('officer@demo.test');
    const queue = await t.http().get('/api/v1/triage/queue').query({ limit: 500 }).set(officer);
    const order = queue.body.items.map((m: { id: string }) => m.id);
    expect(order.indexOf(csam.matterId)).toBeLessThan(order.indexOf(ncii.matterId));
    expect(order.indexOf(ncii.matterId)).toBeLessThan(order.indexOf(fraud.matterId));
    const scores = queue.body.items.map((m: { effectiveScore: number }) => m.effectiveScore);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const bySource = await t.http().get('/api/v1/triage/queue').query({ source: 'other_body' }).set(officer);
    expect(bySource.body.items.map((m: { id: string }) => m.id)).toEqual([ncii.matterId]);
    const byHarm = await t.http().get('/api/v1/triage/queue').query({ harm: 'fraud,hate' }).set(officer);
    expect(byHarm.body.items.map((m: { id: string }) => m.id)).toEqual([fraud.matterId]);
    const byService = await t.http().get('/api/v1/triage/queue').query({ serviceId: csam.serviceId }).set(officer);
    expect(byService.body.items).toHaveLength(1);
    expect((await t.http().get('/api/v1/triage/queue').query({ minAgeDays: 1 }).set(officer)).body.items).toHaveLength(0);

    const first = await t.http().get('/api/v1/triage/queue').query({ limit: 2 }).set(officer);
    const second = await t.http().get('/api/v1/triage/queue').query({ limit: 2, cursor: first.body.nextCursor }).set(officer);
    expect(second.body.items[0].id).toBe(order[2]);
    expect((await t.http().get('/api/v1/triage/queue').query({ source: 'gossip' }).set(officer)).status).toBe(422);
    expect((await t.http().get('/api/v1/triage/queue').query({ cursor: 'garbage!' }).set(officer)).status).toBe(422);
    expect((await t.http().get('/api/v1/triage/queue').set(await as('provider@demo.test'))).status).toBe(403);
  });

  it('lets an officer override the score with a reason, audited, and the queue uses it', async () => {
    const item = await file('override.example', ['other']);
    const officer = await as('officer@demo.test');
    const noReason = await t.http().post(`/api/v1/matters/${item.matterId}/override`).set(officer).send({ score: 990 });
    expect(noReason.status).toBe(422);
    const res = await t.http().post(`/api/v1/matters/${item.matterId}/override`).set(officer).send({ score: 990, reason: 'Linked to a live police operation' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ effectiveScore: 990, override: { score: 990, reason: 'Linked to a live police operation' } });
    expect(res.body.triage.score).toBeLessThan(990);
    const queue = await t.http().get('/api/v1/triage/queue').set(officer);
    expect(queue.body.items[0].id).toBe(item.matterId);
    const [event] = await db.query(`SELECT event, reason FROM audit_events WHERE chain_id = $1 AND event = 'matter_score_overridden'`, [`matter:${item.matterId}`]);
    expect(event.reason).toBe('Linked to a live police operation');
    await t.http().post(`/api/v1/matters/${item.matterId}/override`).set(officer).send({ score: null, reason: 'Operation ended' }).expect(200);
  });

  it('rescores when the officer records strategic significance', async () => {
    const item = await file('assess.example', ['hate']);
    const officer = await as('officer@demo.test');
    const before = (await t.http().get(`/api/v1/matters/${item.matterId}`).set(officer)).body;
    const after = await t.http().patch(`/api/v1/matters/${item.matterId}/assessment`).set(officer).send({ systemic: true, firstUseOfPower: true, reason: 'Sector-wide failure' });
    expect(after.status).toBe(200);
    expect(after.body.triage.score).toBeGreaterThan(before.triage.score);
    const strategic = after.body.triage.factors.find((f: { name: string }) => f.name === 'strategic_significance');
    expect(strategic.reason).toMatch(/systemic issue \(\+40\); first use of a power \(\+25\)/);
    expect(after.body.scoreHistory[0]).toMatchObject({ cause: 'assessment_changed' });
  });

  it('assigns, and takes an alternative route with its outcome recorded', async () => {
    const item = await file('route.example', ['fraud']);
    const officer = await as('officer@demo.test');
    const assigned = await t.http().post(`/api/v1/matters/${item.matterId}/assign`).set(officer).send({});
    expect(assigned.body.assignedTo).toMatchObject({ label: 'officer@demo.test' });
    const stale = await t.http().post(`/api/v1/matters/${item.matterId}/route`).set(officer).set('If-Match', '"1"').send({ route: 'warning_letter', outcome: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('MATTER_VERSION_CONFLICT');
    const noProgramme = await t.http().post(`/api/v1/matters/${item.matterId}/route`).set(officer).send({ route: 'enforcement_programme', outcome: 'Joins the programme' });
    expect(noProgramme.status).toBe(422);
    const routed = await t.http().post(`/api/v1/matters/${item.matterId}/route`).set(officer).send({ route: 'warning_letter', outcome: 'Warning letter sent; provider fixed reporting within 14 days' });
    expect(routed.body).toMatchObject({ status: 'routed', route: { route: 'warning_letter', outcome: expect.stringContaining('Warning letter sent') } });
    const again = await t.http().post(`/api/v1/matters/${item.matterId}/route`).set(officer).send({ route: 'no_action', outcome: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('MATTER_NOT_OPEN');
    const later = await file('route.example', ['fraud']);
    expect(later.matterId).not.toBe(item.matterId);
    const laterView = await t.http().get(`/api/v1/matters/${later.matterId}`).set(officer);
    expect(laterView.body.triage.factors.find((f: { name: string }) => f.name === 'volume_recurrence').reason).toContain('1 earlier matter');
  });

  it('merges and splits matters of one service, with audit', async () => {
    const a = await file('merge.example', ['fraud']);
    const b = await file('merge.example', ['hate']);
    const c = await file('merge.example', ['hate']);
    expect(c.matterId).toBe(b.matterId);
    const officer = await as('officer@demo.test');
    const merged = await t.http().post(`/api/v1/matters/${a.matterId}/merge`).set(officer).send({ matterIds: [b.matterId], reason: 'Same scam ring' });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ itemCount: 3, harmCategories: ['fraud', 'hate'] });
    expect((await t.http().get(`/api/v1/matters/${b.matterId}`).set(officer)).body).toMatchObject({ status: 'merged', mergedInto: a.matterId });
    const other = await file('elsewhere.example', ['fraud']);
    const cross = await t.http().post(`/api/v1/matters/${a.matterId}/merge`).set(officer).send({ matterIds: [other.matterId], reason: 'x' });
    expect(cross.status).toBe(422);
    expect(cross.body.code).toBe('MATTER_MERGE_INVALID');

    const split = await t.http().post(`/api/v1/matters/${a.matterId}/split`).set(officer).send({ itemIds: [b.id, c.id], reason: 'Hate reports are a separate issue' });
    expect(split.status).toBe(201);
    expect(split.body.from).toMatchObject({ itemCount: 1, harmCategories: ['fraud'] });
    expect(split.body.to).toMatchObject({ itemCount: 2, harmCategories: ['hate'], status: 'open' });
    expect(split.body.to.triage.factors.reduce((s: number, f: { contribution: number }) => s + f.contribution, 0)).toBe(split.body.to.triage.score);
    const all = await t.http().post(`/api/v1/matters/${a.matterId}/split`).set(officer).send({ itemIds: [a.id], reason: 'x' });
    expect(all.status).toBe(422);
    const events = await db.query(`SELECT event FROM audit_events WHERE chain_id = $1 ORDER BY chain_seq`, [`matter:${a.matterId}`]);
    expect(events.map((e: { event: string }) => e.event)).toEqual(['matter_opened', 'matters_merged_in', 'matter_split']);
  });

  it('opens a case from a matter, and a later complaint about a mirror lands on that case', async () => {
    const officer = await as('officer@demo.test');
    const service = await t.http().post('/api/v1/services').set(officer).send({ name: 'Evasive', serviceType: 'user_to_user', domains: [{ domain: 'evasive.example', relation: 'primary' }] });
    const first = await file('evasive.example', ['ncii']);
    const opened = await t.http().post(`/api/v1/matters/${first.matterId}/open-case`).set(officer).send({ title: 'Evasive: intimate image abuse' });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'case_opened', caseId: expect.any(String), case: { reference: expect.any(String) } });
    const theCase = await t.http().get(`/api/v1/cases/${opened.body.caseId}`).set(officer);
    expect(theCase.body.serviceId).toBe(service.body.id);
    await t.http().post(`/api/v1/services/${service.body.id}/domains`).set(officer).send({ domain: 'evasive2.example', relation: 'successor' }).expect(201);
    const viaSuccessor = await t.http().post('/api/v1/intake').send({ source: 'complaint', serviceUrl: 'https://evasive2.example/new', harmCategories: ['ncii'], description: 'Moved here.' });
    expect(viaSuccessor.body).toMatchObject({ serviceId: service.body.id, matterId: first.matterId, caseId: opened.body.caseId });
  });

  it('attaches a complaint about a mirror to an open case opened directly on the service', async () => {
    const officer = await as('officer@demo.test');
    const service = await t.http().post('/api/v1/services').set(officer).send({ name: 'Direct', serviceType: 'user_to_user', domains: [{ domain: 'direct.example', relation: 'primary' }] });
    const created = await t.http().post('/api/v1/cases').set(officer).send({ serviceId: service.body.id, title: 'Direct: CSAM', harmCategories: ['csam'] });
    expect(created.status).toBe(201);
    await t.http().post(`/api/v1/services/${service.body.id}/domains`).set(officer).send({ domain: 'direct-mirror.example', relation: 'mirror' }).expect(201);
    const res = await t.http().post('/api/v1/intake').send({ source: 'complaint', serviceUrl: 'direct-mirror.example', harmCategories: ['csam'], description: 'Still there.' });
    expect(res.body).toMatchObject({ serviceId: service.body.id, caseId: created.body.id, matchReason: { rule: 'open_case' } });
  });

  it('re-homes reports filed against a domain before it was known to be a mirror', async () => {
    const early = await file('unknown-mirror.example', ['terrorism']);
    const officer = await as('officer@demo.test');
    const service = await t.http().post('/api/v1/services').set(officer).send({ name: 'Known', serviceType: 'user_to_user', domains: [{ domain: 'known.example', relation: 'primary' }] });
    const original = await file('known.example', ['terrorism']);
    await t.http().post(`/api/v1/services/${service.body.id}/domains`).set(officer).send({ domain: 'unknown-mirror.example', relation: 'mirror' }).expect(201);
    const earlyMatter = await t.http().get(`/api/v1/matters/${early.matterId}`).set(officer);
    expect(earlyMatter.body).toMatchObject({ status: 'merged', mergedInto: original.matterId });
    const merged = await t.http().get(`/api/v1/matters/${original.matterId}`).set(officer);
    expect(merged.body).toMatchObject({ serviceId: service.body.id, itemCount: 2, reportedViaLinkedDomain: false });
  });
});
