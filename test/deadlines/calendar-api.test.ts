import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, type TestApp } from '@app/testing';

describe('the public deadline calculator (GET /api/v1/calendar/add)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  const add = (query: Record<string, string | number>) => t.http().get('/api/v1/calendar/add').query(query);

  it('works out the worked example without signing in: 10 working days from 13 May 2026 is 28 May 2026', async () => {
    const res = await add({ from: '2026-05-13', amount: 10, unit: 'working_days', jurisdiction: 'england-and-wales' });
    expect(res.status).toBe(200);
    expect(res.body.date).toBe('2026-05-28');
    expect(res.body.explanation[0]).toBe('Start: Wednesday 13 May 2026 (day 0; day 1 is the next day)');
    expect(res.body.explanation).toContain('Skipped Monday 25 May 2026: Spring bank holiday (England and Wales)');
    expect(res.body.explanation).toContain('Day 10: Thursday 28 May 2026');
    expect(res.body.explanation[res.body.explanation.length - 1]).toMatch(/^Rule: 10 working days in England and Wales; day 1 is the day after the start/);
    expect(res.body.lines.filter((l: { kind: string }) => l.kind === 'counted')).toHaveLength(10);
  });

  it('counts 30 calendar days from 13 May 2026 to 12 June 2026', async () => {
    const res = await add({ from: '2026-05-13', amount: 30, unit: 'calendar_days', jurisdiction: 'england-and-wales' });
    expect(res.status).toBe(200);
    expect(res.body.date).toBe('2026-06-12');
  });

  it('counts calendar months to the last day of a shorter month', async () => {
    const res = await add({ from: '2026-01-31', amount: 1, unit: 'calendar_months' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ date: '2026-02-28', jurisdiction: 'england-and-wales' });
  });

  it("uses the jurisdiction's bank holidays: 2 January is a day off in Scotland only", async () => {
    const scotland = await add({ from: '2025-12-31', amount: 1, unit: 'working_days', jurisdiction: 'scotland' });
    const england = await add({ from: '2025-12-31', amount: 1, unit: 'working_days', jurisdiction: 'england-and-wales' });
    expect(scotland.body.date).toBe('2026-01-05');
    expect(england.body.date).toBe('2026-01-02');
  });

  it.each([
    [{ from: '2026-02-30', amount: 1, unit: 'working_days' }, 'from'],
    [{ from: '13/05/2026', amount: 1, unit: 'working_days' }, 'from'],
    [{ amount: 1, unit: 'working_days' }, 'from'],
    [{ from: '2026-05-13', amount: 'ten', unit: 'working_days' }, 'amount'],
    [{ from: '2026-05-13', amount: '1.5', unit: 'working_days' }, 'amount'],
    [{ from: '2026-05-13', amount: '', unit: 'working_days' }, 'amount'],
    [{ from: '2026-05-13', amount: -1, unit: 'working_days' }, 'amount'],
    [{ from: '2026-05-13', amount: 3651, unit: 'working_days' }, 'amount'],
    [{ from: '2026-05-13', amount: 121, unit: 'calendar_months' }, 'amount'],
    [{ from: '2026-05-13', amount: 1, unit: 'weeks' }, 'unit'],
    [{ from: '2026-05-13', amount: 1, unit: 'working_days', jurisdiction: 'wales' }, 'jurisdiction'],
    [{ from: '1900-01-01', amount: 1, unit: 'working_days' }, 'from'],
  ])('answers %j with 422 VALIDATION_FAILED naming %s', async (query, field) => {
    const res = await add(query);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a parameter it does not know', async () => {
    const res = await add({ from: '2026-05-13', amount: 1, unit: 'working_days', days: 3 });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('days');
  });

  it('lists the days off of a year, substitute days included and weekend holidays left out', async () => {
    const res = await t.http().get('/api/v1/calendar/bank-holidays').query({ year: 2027, jurisdiction: 'scotland' });
    expect(res.status).toBe(200);
    const dates = res.body.items.map((h: { date: string }) => h.date);
    expect(dates).toEqual(expect.arrayContaining(['2027-01-01', '2027-01-04', '2027-08-02', '2027-11-30', '2027-12-27', '2027-12-28']));
    expect(dates).not.toContain('2027-01-02');
    expect(dates).not.toContain('2027-03-29'); // no Easter Monday in Scotland
    expect((await t.http().get('/api/v1/calendar/bank-holidays').query({ year: 'soon' })).status).toBe(422);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = await t.http().get('/api/docs-json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/calendar/add', '/api/v1/deadlines/{id}', '/api/v1/deadlines/{id}/extensions']));
  });
});
