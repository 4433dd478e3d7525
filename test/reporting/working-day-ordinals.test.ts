import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SettableClock } from '@app/core';
import { WorkingDayOrdinals, workingDaysFromIndex } from '@app/reporting';
import { bootTestApp, type TestApp } from '@app/testing';
import { createCase, fireOk } from '../cases/case-api.js';

const IMPORTED = 'Imported from the legacy case tracker';

/**
 * Each stage span stores the working-day ordinals of its dates (migration 1795000000024), filled from
 * working_day_ordinals. Those must always follow the bank-holiday calendar the running build ships.
 */
describe('stored working days of the stage summary', () => {
  let t: TestApp;
  let db: DataSource;
  let caseId: string;

  beforeAll(async () => {
    t = await bootTestApp({ clock: new SettableClock(new Date('2026-06-01T12:00:00Z')) });
    db = t.app.get(DataSource);
    // Created Wed 1 Apr 2026, investigation opened Wed 8 Apr: across Good Friday and Easter Monday.
    const created = await createCase(t, 'officer@demo.test', { harmCategories: ['ncii'], occurredAt: '2026-04-01T09:00:00Z', reason: IMPORTED });
    caseId = created.id;
    await fireOk(t, 'officer@demo.test', created.id, created.version, 'open_investigation', {}, { occurredAt: '2026-04-08T09:00:00Z', reason: IMPORTED });
  });
  afterAll(async () => {
    await t.close();
  });

  const assessment = async () =>
    (await db.query(`SELECT end_working_day - start_working_day AS working_days FROM case_stage_spans WHERE case_id = $1 AND stage = 'assessment'`, [caseId]))[0] as { working_days: number };

  it('stores working days that agree with the bank-holiday calendar', async () => {
    expect(workingDaysFromIndex('2026-04-01', '2026-04-08', 'england-and-wales')).toBe(3);
    expect(await assessment()).toEqual({ working_days: 3 });
  });

  it('rewrites the table and every span when the calendar the build ships differs from the stored one', async () => {
    // As if the stored calendar lacked Easter Monday 2026: every later ordinal one higher.
    await db.query(`UPDATE working_day_ordinals SET ordinal = ordinal + 1 WHERE jurisdiction = 'england-and-wales' AND day >= '2026-04-06'`);
    await db.query(`UPDATE case_stage_spans SET started_on = started_on WHERE case_id = $1`, [caseId]);
    expect(await assessment()).toEqual({ working_days: 4 });

    const ordinals = t.app.get(WorkingDayOrdinals);
    expect(await ordinals.synchronise()).toBe(true);
    expect(await assessment()).toEqual({ working_days: 3 });
    // Once in step, nothing is rewritten.
    expect(await ordinals.synchronise()).toBe(false);
  });
});
