import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SettableClock } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { BACKFILL_CASE_STAGE_SPANS } from '../../migrations/1795000000018-reporting.js';
import { LETTERS, createCase as createCaseNow, fireOk as fireOkNow, get } from '../cases/case-api.js';

const IMPORTED = 'Imported from the legacy case tracker';
const createCase = (t: TestApp, as: string, body: Record<string, unknown>) => createCaseNow(t, as, { reason: IMPORTED, ...body });
const fireOk = (t: TestApp, as: string, id: string, version: number, event: string, data: Record<string, unknown>, occurredAt: string) =>
  fireOkNow(t, as, id, version, event, data, { reason: IMPORTED, occurredAt });

const REPORT = '/api/v1/reports/enforcement-timelines';
const SAVED = '/api/v1/reports/saved';
const stageOf = (body: { stages: { stage: string }[] }, name: string) => body.stages.find((s) => s.stage === name) as Record<string, unknown>;

/**
 * The stage summary behind the timelines report (case_stage_spans), saved reports, and the super-complaint
 * stage, on one application (suppression threshold 1, so every figure shows).
 *   A ncii  created 5 Jan 2026, investigation 15 Jan, provisional notice 16 Feb (open)
 *   B ncii  created 10 Jan, closed (no action) 12 Jan, reopened 20 Jan, investigation 2 Feb (open)
 *   C fraud created 2 Feb, still in assessment
 */
describe('the stage summary behind the timelines report', () => {
  let t: TestApp;
  let db: DataSource;
  const clock = new SettableClock(new Date('2026-06-01T12:00:00Z'));
  const asOf = '2026-06-01T12:00:00.000Z';
  const previousThreshold = process.env.REPORT_SUPPRESSION_THRESHOLD;
  let caseC: { id: string; version: number };
  let caseA: { id: string; version: number };

  beforeAll(async () => {
    process.env.REPORT_SUPPRESSION_THRESHOLD = '1';
    t = await bootTestApp({ clock });
    db = t.app.get(DataSource);
    const officer = 'officer@demo.test';
    const a = await createCase(t, officer, { harmCategories: ['ncii'], occurredAt: '2026-01-05T10:00:00Z' });
    let v = (await fireOk(t, officer, a.id, a.version, 'open_investigation', {}, '2026-01-15T10:00:00Z')).version;
    v = (await fireOk(t, 'decider@demo.test', a.id, v, 'issue_provisional_notice', { representationsWorkingDays: 10, letter: LETTERS.provisional_notice }, '2026-02-16T10:00:00Z')).version;
    caseA = { id: a.id, version: v };
    const b = await createCase(t, officer, { harmCategories: ['ncii'], occurredAt: '2026-01-10T10:00:00Z' });
    v = (await fireOk(t, officer, b.id, b.version, 'close', { outcome: 'no_action' }, '2026-01-12T10:00:00Z')).version;
    v = (await fireOk(t, 'decider@demo.test', b.id, v, 'reopen', {}, '2026-01-20T10:00:00Z')).version;
    await fireOk(t, officer, b.id, v, 'open_investigation', {}, '2026-02-02T10:00:00Z');
    caseC = await createCase(t, officer, { harmCategories: ['fraud'], occurredAt: '2026-02-02T10:00:00Z' });
  });
  afterAll(async () => {
    if (previousThreshold === undefined) delete process.env.REPORT_SUPPRESSION_THRESHOLD;
    else process.env.REPORT_SUPPRESSION_THRESHOLD = previousThreshold;
    await t.close();
  });

  it('keeps one row per case and stage, the same as rebuilding it from the audit trail', async () => {
    const spans = await db.query(`SELECT stage, started_on::text, ended_on::text, end_outcome FROM case_stage_spans ORDER BY started_at, stage`);
    expect(spans).toEqual([
      { stage: 'assessment', started_on: '2026-01-05', ended_on: '2026-01-15', end_outcome: null },
      { stage: 'end_to_end', started_on: '2026-01-05', ended_on: null, end_outcome: null },
      { stage: 'assessment', started_on: '2026-01-10', ended_on: '2026-01-12', end_outcome: null },
      // B's first episode: closed with no action; the reopening does not start it again.
      { stage: 'end_to_end', started_on: '2026-01-10', ended_on: '2026-01-12', end_outcome: 'no_action' },
      { stage: 'investigation', started_on: '2026-01-15', ended_on: '2026-02-16', end_outcome: null },
      { stage: 'assessment', started_on: '2026-02-02', ended_on: null, end_outcome: null },
      { stage: 'end_to_end', started_on: '2026-02-02', ended_on: null, end_outcome: null },
      { stage: 'investigation', started_on: '2026-02-02', ended_on: null, end_outcome: null },
      { stage: 'representations', started_on: '2026-02-16', ended_on: null, end_outcome: null },
    ]);
    // The migration's rebuild from the audit events gives exactly what the event transactions maintained.
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      const maintained = await runner.query(`SELECT * FROM case_stage_spans ORDER BY case_id, stage`);
      await runner.query(`DELETE FROM case_stage_spans`);
      await runner.query(BACKFILL_CASE_STAGE_SPANS);
      expect(await runner.query(`SELECT * FROM case_stage_spans ORDER BY case_id, stage`)).toEqual(maintained);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('a refused event changes nothing in the summary', async () => {
    const before = await db.query(`SELECT * FROM case_stage_spans ORDER BY case_id, stage`);
    // A stale version: the transition (and with it the summary's update) is refused.
    const res = await t.http().post(`/api/v1/cases/${caseC.id}/transitions`).set('Authorization', `Bearer ${await t.token('officer@demo.test')}`).set('If-Match', '"99"').send({ event: 'close', data: { outcome: 'no_action' } });
    expect(res.status).toBe(409);
    expect(await db.query(`SELECT * FROM case_stage_spans ORDER BY case_id, stage`)).toEqual(before);
  });

  it('saves a report, lists it, and re-runs it to the same figures and hash after more events arrive', async () => {
    const analyst = `Bearer ${await t.token('analyst@demo.test')}`;
    const saved = await t.http().post(SAVED).set('Authorization', analyst).send({ name: 'NCII timelines for the committee', harmCategories: ['ncii'], groupBy: 'outcome', asOf });
    expect(saved.status).toBe(201);
    expect(saved.headers.location).toBe(`${SAVED}/${saved.body.savedReport.id}`);
    expect(saved.body.savedReport).toMatchObject({
      name: 'NCII timelines for the committee',
      report: 'enforcement_timelines',
      parameters: { asOf, from: null, to: null, groupBy: 'outcome', harmCategories: ['ncii'], serviceIds: [] },
      snapshotHash: saved.body.report.snapshotHash,
    });
    const direct = await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}&harmCategories=ncii&groupBy=outcome`);
    expect(saved.body.report).toEqual(direct.body);
    expect(stageOf(saved.body.report, 'assessment')).toMatchObject({ n: 2, completed: 2 });
    expect(saved.body.report.groups.map((g: { key: string }) => g.key)).toEqual(['no_action', 'open']);

    // Later: C is closed with a backdated date before asOf, and A moves on; neither was recorded by asOf.
    clock.set('2026-06-10T12:00:00Z');
    await fireOk(t, 'officer@demo.test', caseC.id, caseC.version, 'close', { outcome: 'no_action' }, '2026-05-20T10:00:00Z');
    await fireOk(t, 'decider@demo.test', caseA.id, caseA.version, 'close', { outcome: 'no_contravention', summary: 'No contravention found.', letter: LETTERS.closure_letter }, '2026-05-25T10:00:00Z');

    const run = await get(t, 'analyst@demo.test', `${SAVED}/${saved.body.savedReport.id}/run`);
    expect(run.status).toBe(200);
    expect(run.body.sameAsSaved).toBe(true);
    expect(run.body.report).toEqual(saved.body.report);
    // Today's report does see them.
    const now = await get(t, 'analyst@demo.test', `${REPORT}?harmCategories=ncii`);
    expect(stageOf(now.body, 'representations')).toMatchObject({ n: 1, completed: 1 });
    expect(now.body.snapshotHash).not.toBe(saved.body.report.snapshotHash);

    const list = await get(t, 'decider@demo.test', SAVED);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([saved.body.savedReport]);
    expect((await get(t, 'analyst@demo.test', `${SAVED}/${saved.body.savedReport.id}`)).body).toEqual(saved.body.savedReport);
  });

  it('pins a saved report without asOf to the moment it was saved', async () => {
    const res = await t.http().post(SAVED).set('Authorization', `Bearer ${await t.token('analyst@demo.test')}`).send({ name: 'Everything, now' });
    expect(res.status).toBe(201);
    expect(res.body.savedReport.parameters.asOf).toBe(clock.now().toISOString());
    clock.set('2026-06-11T12:00:00Z');
    await createCase(t, 'officer@demo.test', { harmCategories: ['fraud'], occurredAt: '2026-06-01T10:00:00Z' });
    const run = await get(t, 'analyst@demo.test', `${SAVED}/${res.body.savedReport.id}/run`);
    expect(run.body).toMatchObject({ sameAsSaved: true, report: { snapshotHash: res.body.report.snapshotHash } });
  });

  it('refuses a saved report without a name, with unknown fields, or that does not exist', async () => {
    const analyst = `Bearer ${await t.token('analyst@demo.test')}`;
    const bad = await t.http().post(SAVED).set('Authorization', analyst).send({ name: '  ', groupBy: 'colour', colour: 'red' });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'groupBy', 'name']);
    const future = await t.http().post(SAVED).set('Authorization', analyst).send({ name: 'Next year', asOf: '2030-01-01T00:00:00Z' });
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('REPORT_AS_OF_IN_FUTURE');
    const missing = await get(t, 'analyst@demo.test', `${SAVED}/7d0c3c4e-1b7e-4c43-9a55-6a4a39b8d1f0/run`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('SAVED_REPORT_NOT_FOUND');
    expect((await get(t, 'analyst@demo.test', `${SAVED}/not-an-id`)).status).toBe(400);
    expect((await get(t, 'provider@demo.test', SAVED)).status).toBe(403);
  });
});

describe('the super-complaint stage', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2026-03-02T09:00:00Z'));
  const previousThreshold = process.env.REPORT_SUPPRESSION_THRESHOLD;
  const complaint = {
    summary: 'Children are shown to adult strangers by default.',
    feature: 'Default public profiles for under-16s',
    serviceUrls: ['https://social.example/profiles'],
    harmCategories: ['children_harmful_content'],
    evidence: 'Our survey of 2,000 parents found 1 in 5 children contacted by strangers within a week.',
    requestedAction: 'Require private-by-default profiles for users under 16.',
    documents: [{ title: 'Parent survey 2026', contentType: 'application/pdf', sha256: 'a'.repeat(64) }],
  };
  const as = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });
  const ifMatch = async (id: string, who: string) => ({ 'If-Match': (await t.http().get(`/api/v1/super-complaints/${id}`).set(await as(who))).headers.etag ?? '"1"' });
  const draft = async (title: string, feature: string): Promise<string> => {
    const res = await t.http().post('/api/v1/super-complaints').set(await as('body@demo.test')).send({ title, ...complaint, feature });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const submit = async (id: string) => {
    const res = await t.http().post(`/api/v1/super-complaints/${id}/submit`).set(await as('body@demo.test')).set(await ifMatch(id, 'body@demo.test'));
    expect(res.status).toBe(200);
  };
  const event = async (id: string, who: string, name: string, data: Record<string, unknown>) => {
    const res = await t.http().post(`/api/v1/super-complaints/${id}/events`).set(await as(who)).set(await ifMatch(id, who)).send({ event: name, data });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    process.env.REPORT_SUPPRESSION_THRESHOLD = '1';
    t = await bootTestApp({ clock });
  });
  afterAll(async () => {
    if (previousThreshold === undefined) delete process.env.REPORT_SUPPRESSION_THRESHOLD;
    else process.env.REPORT_SUPPRESSION_THRESHOLD = previousThreshold;
    await t.close();
  });

  it('counts super-complaints from received to rejected or withdrawn, open ones censored, as of a moment', async () => {
    // First: received Mon 2 Mar, found not admissible Thu 12 Mar (10 days, 8 working days).
    const first = await draft('Default public profiles expose children', 'Default public profiles for under-16s');
    await submit(first);
    clock.set('2026-03-12T09:00:00Z');
    await event(first, 'officer@demo.test', 'find_not_admissible', { reasons: 'The complaint is about one service and is not particularly important.' });
    // Second, a draft withdrawn before filing, never received: not counted.
    const unfiled = await draft('Never filed', 'Livestream gifting');
    await event(unfiled, 'officer@demo.test', 'grant_filing_exception', { reason: 'New evidence of serious harm to children.' });
    await event(unfiled, 'body@demo.test', 'withdraw', { reason: 'Merged into a joint complaint.' });
    // Third: received Mon 16 Mar (after an exception to the six-month limit), still open.
    clock.set('2026-03-16T09:00:00Z');
    const open = await draft('Location sharing by default', 'Location sharing for under-16s');
    await event(open, 'officer@demo.test', 'grant_filing_exception', { reason: 'A different feature with new evidence.' });
    await submit(open);
    clock.set('2026-04-01T09:00:00Z');
    const asOf = '2026-04-01T09:00:00.000Z';

    const report = await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}`);
    expect(report.status).toBe(200);
    // KM: at 10 days 2 at risk, 1 finishes → 1/2 exactly; no later completion (the open one is censored at 16 days).
    expect(stageOf(report.body, 'super_complaint')).toMatchObject({ n: 2, completed: 1, open: 1, medianDays: 10, medianWorkingDays: 8, suppressed: null });
    const byOutcome = await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}&groupBy=outcome`);
    const groups = Object.fromEntries(byOutcome.body.groups.map((g: { key: string; stages: { stage: string }[] }) => [g.key, stageOf(g, 'super_complaint')]));
    expect(groups.not_admissible).toMatchObject({ n: 1, completed: 1 });
    expect(groups.open).toMatchObject({ n: 1, completed: 0 });
    // A report filtered by harm category or service leaves super-complaints out.
    expect(stageOf((await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}&harmCategories=ncii`)).body, 'super_complaint')).toMatchObject({ n: 0 });

    // As of before the decision was recorded, the first one is still open.
    const earlier = await get(t, 'analyst@demo.test', `${REPORT}?asOf=2026-03-11T09:00:00Z`);
    expect(stageOf(earlier.body, 'super_complaint')).toMatchObject({ n: 1, completed: 0, open: 1 });

    // Withdrawing the open one later does not change the report as of asOf.
    clock.set('2026-04-02T09:00:00Z');
    await event(open, 'body@demo.test', 'withdraw', { reason: 'Resolved with the provider.' });
    expect((await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}`)).body).toEqual(report.body);
    expect(stageOf((await get(t, 'analyst@demo.test', REPORT)).body, 'super_complaint')).toMatchObject({ n: 2, completed: 2 });
  });
});
