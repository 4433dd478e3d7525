import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SettableClock } from '@app/core';
import { TimelineReports, runReportTimelines } from '@app/reporting';
import { bootTestApp, type TestApp } from '@app/testing';
import { LETTERS, createCase as createCaseNow, fireOk as fireOkNow, get } from '../cases/case-api.js';

const IMPORTED = 'Imported from the legacy case tracker';
/** A case created with a backdated occurredAt, which needs a reason naming where the record comes from. */
const createCase = (t: TestApp, as: string, body: Record<string, unknown>) => createCaseNow(t, as, { reason: IMPORTED, ...body });
const fireOk = (t: TestApp, as: string, id: string, version: number, event: string, data: Record<string, unknown>, extras: { occurredAt: string }) =>
  fireOkNow(t, as, id, version, event, data, { reason: IMPORTED, ...extras });

const REPORT = '/api/v1/reports/enforcement-timelines';

/**
 * Histories built through the real API with backdated occurredAt (threshold 1, so every figure shows):
 *   A ncii  created Mon 5 Jan 2026, investigation opened Thu 15 Jan, provisional notice Mon 16 Feb (still open)
 *   B ncii  created Sat 10 Jan, closed (no action) Mon 12 Jan
 *   C fraud created Mon 2 Feb, still in assessment
 *   D ncii  created Wed 1 Apr, investigation opened Wed 8 Apr (across Good Friday and Easter Monday), still open
 * Report as of Mon 1 Jun 2026 12:00.
 */
describe('enforcement timelines report (API)', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2026-06-01T12:00:00Z'));
  const asOf = '2026-06-01T12:00:00.000Z';
  const previousThreshold = process.env.REPORT_SUPPRESSION_THRESHOLD;
  let caseC: { id: string; version: number };

  beforeAll(async () => {
    process.env.REPORT_SUPPRESSION_THRESHOLD = '1';
    t = await bootTestApp({ clock });
    const officer = 'officer@demo.test';
    const a = await createCase(t, officer, { harmCategories: ['ncii'], occurredAt: '2026-01-05T10:00:00Z' });
    let v = (await fireOk(t, officer, a.id, a.version, 'open_investigation', { provisions: ['Section 10(3)(b)'] }, { occurredAt: '2026-01-15T10:00:00Z' })).version;
    await fireOk(t, 'decider@demo.test', a.id, v, 'issue_provisional_notice', { representationsWorkingDays: 10, letter: LETTERS.provisional_notice }, { occurredAt: '2026-02-16T10:00:00Z' });
    const b = await createCase(t, officer, { harmCategories: ['ncii'], occurredAt: '2026-01-10T10:00:00Z' });
    await fireOk(t, officer, b.id, b.version, 'close', { outcome: 'no_action' }, { occurredAt: '2026-01-12T10:00:00Z' });
    caseC = await createCase(t, officer, { harmCategories: ['fraud'], occurredAt: '2026-02-02T10:00:00Z' });
    const d = await createCase(t, officer, { harmCategories: ['ncii'], occurredAt: '2026-04-01T09:00:00Z' });
    v = (await fireOk(t, officer, d.id, d.version, 'open_investigation', {}, { occurredAt: '2026-04-08T09:00:00Z' })).version;
  });
  afterAll(async () => {
    if (previousThreshold === undefined) delete process.env.REPORT_SUPPRESSION_THRESHOLD;
    else process.env.REPORT_SUPPRESSION_THRESHOLD = previousThreshold;
    await t.close();
  });

  it('answers how long each stage takes, counting open cases as censored, in calendar and working days', async () => {
    const res = await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ asOf, snapshotHash: expect.stringMatching(/^[0-9a-f]{64}$/), definitionsVersion: expect.any(String) });
    const stage = (name: string) => res.body.stages.find((s: { stage: string }) => s.stage === name);
    expect(res.body.stages.map((s: { stage: string }) => s.stage)).toEqual(['assessment', 'investigation', 'representations', 'compliance', 'disruption', 'end_to_end', 'super_complaint']);
    // assessment: done A 10, B 2, D 7 days; C open 119 days. Completed 2,7,10: median 7, p90 at 1.8 → 7 + 0.8 × 3.
    // KM: t=2 4 at risk → 3/4; t=7 3 at risk → 1/2 exactly → midpoint to t=10 = 8.5; p90 never reached.
    // Working days: A 8 (6–9, 12–15 Jan), B 1 (Mon 12 Jan), D 3 (2, 7, 8 Apr: Good Friday and Easter Monday skipped).
    expect(stage('assessment')).toEqual({
      stage: 'assessment', n: 4, completed: 3, open: 1,
      medianDays: 7, p90Days: 9.4, kmMedianDays: 8.5, kmP90Days: null,
      medianWorkingDays: 3, p90WorkingDays: 7, kmMedianWorkingDays: 5.5, kmP90WorkingDays: null,
      suppressed: null,
    });
    // investigation: A 32 days (22 working days), D open since 8 Apr: half still open, so no KM median.
    expect(stage('investigation')).toMatchObject({ n: 2, completed: 1, open: 1, medianDays: 32, p90Days: 32, kmMedianDays: null, medianWorkingDays: 22 });
    expect(stage('representations')).toMatchObject({ n: 1, completed: 0, open: 1, medianDays: null, kmMedianDays: null });
    // end to end: only B finished (2 days); A, C, D open: the KM median is not reached, while the naive median says 2.
    expect(stage('end_to_end')).toMatchObject({ n: 4, completed: 1, open: 3, medianDays: 2, kmMedianDays: null });
    expect(stage('super_complaint')).toMatchObject({ n: 0, completed: 0, medianDays: null });
    expect(res.body.definitions.find((d: { stage: string }) => d.stage === 'investigation')).toMatchObject({ startsWith: ['open_investigation'], endsWith: ['issue_provisional_notice', 'close'] });
  });

  it('groups by harm category and filters by harm category', async () => {
    const grouped = await get(t, 'decider@demo.test', `${REPORT}?asOf=${asOf}&groupBy=harmCategory`);
    expect(grouped.status).toBe(200);
    expect(grouped.body.groupBy).toBe('harmCategory');
    expect(grouped.body.groups.map((g: { key: string }) => g.key)).toEqual(['fraud', 'ncii']);
    const ncii = grouped.body.groups.find((g: { key: string }) => g.key === 'ncii');
    expect(ncii.stages.find((s: { stage: string }) => s.stage === 'assessment')).toMatchObject({ n: 3, completed: 3, medianDays: 7 });
    const filtered = await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}&harmCategories=ncii,csam`);
    expect(filtered.body.stages[0]).toMatchObject({ stage: 'assessment', n: 3, completed: 3 });
    expect(filtered.body.snapshotHash).not.toBe(grouped.body.snapshotHash);
  });

  it('groups by source (cases opened directly have no intake source), service type, year opened and outcome', async () => {
    const keysOf = async (groupBy: string) => (await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}&groupBy=${groupBy}`)).body.groups.map((g: { key: string }) => g.key);
    expect(await keysOf('source')).toEqual(['direct']);
    expect((await keysOf('serviceType')).length).toBe(1);
    expect(await keysOf('yearOpened')).toEqual(['2026']);
    expect(await keysOf('outcome')).toEqual(['no_action', 'open']);
  });

  it('gives the same numbers and hash for the same asOf however much arrives later', async () => {
    const before = await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}`);
    const csvBefore = await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}&format=csv`);
    clock.set('2026-06-10T12:00:00Z');
    // Recorded after asOf, though C's closure really happened before it.
    await fireOk(t, 'officer@demo.test', caseC.id, caseC.version, 'close', { outcome: 'no_action' }, { occurredAt: '2026-05-20T10:00:00Z' });
    await createCase(t, 'officer@demo.test', { harmCategories: ['ncii'], occurredAt: '2026-03-01T10:00:00Z' });
    const after = await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}`);
    expect(after.body).toEqual(before.body);
    const csvAfter = await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}&format=csv`);
    expect(csvAfter.text).toBe(csvBefore.text);
    const now = await get(t, 'analyst@demo.test', REPORT);
    expect(now.body.snapshotHash).not.toBe(before.body.snapshotHash);
    expect(now.body.stages[0]).toMatchObject({ n: 5, completed: 4 });
  });

  it('gives the same report as CSV', async () => {
    const res = await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, first] = res.text.trim().split('\r\n').map((line) => line.split(','));
    expect(header).toEqual(['asOf', 'snapshotHash', 'definitionsVersion', 'groupBy', 'group', 'stage', 'n', 'completed', 'open', 'medianDays', 'p90Days', 'kmMedianDays', 'kmP90Days', 'medianWorkingDays', 'p90WorkingDays', 'kmMedianWorkingDays', 'kmP90WorkingDays', 'suppressed']);
    const json = await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}`);
    expect(first).toEqual([asOf, json.body.snapshotHash, json.body.definitionsVersion, '', 'all', 'assessment', '4', '3', '1', '7', '9.4', '8.5', '', '3', '7', '5.5', '', '']);
  });

  it('gives the same report on the command line (report timelines --as-of ... --format csv)', async () => {
    const api = await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}&format=csv&groupBy=outcome`);
    let out = '';
    let err = '';
    const reports = t.app.get(TimelineReports);
    const code = await runReportTimelines(['--as-of', asOf, '--format', 'csv', '--group-by', 'outcome'], reports, (s) => (out += s), (s) => (err += s));
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toBe(api.text);
    expect(out).toContain(',outcome,no_action,assessment,1,1,0,2,');
    const json: string[] = [];
    expect(await runReportTimelines(['--as-of', asOf, '--format', 'json'], reports, (s) => json.push(s), () => undefined)).toBe(0);
    expect(JSON.parse(json.join('')).snapshotHash).toBe((await get(t, 'analyst@demo.test', `${REPORT}?asOf=${asOf}`)).body.snapshotHash);
    expect(await runReportTimelines(['--as-of', 'last week'], reports, () => undefined, (s) => (err += s))).toBe(64);
    expect(err).toContain('--as-of must be an ISO 8601 date and time');
  });

  it('refuses a future asOf, a reversed period and unknown groupings with reasons', async () => {
    const future = await get(t, 'analyst@demo.test', `${REPORT}?asOf=2030-01-01T00:00:00Z`);
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('REPORT_AS_OF_IN_FUTURE');
    const reversed = await get(t, 'analyst@demo.test', `${REPORT}?from=2026-05-01&to=2026-04-01`);
    expect(reversed.status).toBe(422);
    expect(reversed.body.code).toBe('REPORT_PERIOD_REVERSED');
    const bad = await get(t, 'analyst@demo.test', `${REPORT}?groupBy=colour&serviceIds=nope&asOf=yesterday`);
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['asOf', 'groupBy', 'serviceIds']);
  });

  it('is not open to providers', async () => {
    expect((await get(t, 'provider@demo.test', REPORT)).status).toBe(403);
  });
});
