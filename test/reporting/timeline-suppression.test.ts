import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SettableClock } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { createCase, fireOk, get } from '../cases/case-api.js';

const REPORT = '/api/v1/reports/enforcement-timelines';
const IMPORTED = 'Imported from the legacy case tracker';

/** With the default threshold of 5: 7 cases opened in 2024, 6 in 2025 and 2 in 2026; one 2024 case investigated. */
describe('small numbers in the enforcement timelines report', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2026-06-01T12:00:00Z'));

  beforeAll(async () => {
    delete process.env.REPORT_SUPPRESSION_THRESHOLD;
    t = await bootTestApp({ clock });
    const opened: string[] = [
      ...Array.from({ length: 7 }, (_, i) => `2024-03-${String(i + 1).padStart(2, '0')}T10:00:00Z`),
      ...Array.from({ length: 6 }, (_, i) => `2025-03-${String(i + 1).padStart(2, '0')}T10:00:00Z`),
      '2026-03-02T10:00:00Z',
      '2026-03-03T10:00:00Z',
    ];
    for (const [i, occurredAt] of opened.entries()) {
      const c = await createCase(t, 'officer@demo.test', { harmCategories: ['ncii'], occurredAt, reason: IMPORTED });
      if (i === 0) await fireOk(t, 'officer@demo.test', c.id, c.version, 'open_investigation', {}, { occurredAt: '2024-04-01T10:00:00Z', reason: IMPORTED });
    }
  });
  afterAll(async () => t.close());

  it('hides complaint-level groups below 5, and the next smallest so the total cannot reveal them', async () => {
    const res = await get(t, 'analyst@demo.test', `${REPORT}?groupBy=yearOpened`);
    expect(res.status).toBe(200);
    expect(res.body.parameters.suppressionThreshold).toBe(5);
    const assessment = (key: string) => res.body.groups.find((g: { key: string }) => g.key === key).stages.find((s: { stage: string }) => s.stage === 'assessment');
    expect(res.body.stages.find((s: { stage: string }) => s.stage === 'assessment')).toMatchObject({ n: 15, completed: 1, suppressed: null });
    expect(assessment('2024')).toMatchObject({ n: 7, suppressed: null });
    expect(assessment('2026')).toMatchObject({ n: null, completed: null, medianDays: null, suppressed: 'primary' });
    // 15 − 7 would give 2025 + 2026: the smaller remaining group (2025, 6 cases) is hidden too.
    expect(assessment('2025')).toMatchObject({ n: null, medianDays: null, suppressed: 'secondary' });
  });

  it('does not suppress published enforcement (an investigation is public), however few', async () => {
    const res = await get(t, 'analyst@demo.test', REPORT);
    expect(res.body.stages.find((s: { stage: string }) => s.stage === 'investigation')).toMatchObject({ n: 1, completed: 0, open: 1, suppressed: null });
  });

  it('hides a small complaint-level total, and marks it in the CSV', async () => {
    const res = await get(t, 'analyst@demo.test', `${REPORT}?from=2026-01-01&format=csv`);
    const rows = res.text.trim().split('\r\n').map((line) => line.split(','));
    const header = rows[0];
    const assessment = rows.find((r) => r[header.indexOf('stage')] === 'assessment') as string[];
    expect(assessment[header.indexOf('n')]).toBe('');
    expect(assessment[header.indexOf('suppressed')]).toBe('primary');
  });
});
