import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays, endOfLondonDay } from './calendar/legal-date.js';
import { JURISDICTIONS, UkCalendar } from './calendar/uk-calendar.js';
import { DEFAULT_DEADLINE_SETTINGS } from './deadline.js';
import { DeadlineRules, type DeadlineTimingFacts } from './deadline-rules.js';
import { deadlineSettingsFromEnv } from './deadline-settings.js';

const calendar = new UkCalendar();
const rules = new DeadlineRules(calendar, DEFAULT_DEADLINE_SETTINGS);
const dueOn = (date: string, status: DeadlineTimingFacts['status'] = 'pending'): DeadlineTimingFacts => ({
  status,
  unit: 'working_days',
  dueOn: date,
  overdueFrom: endOfLondonDay(date),
  jurisdiction: 'england-and-wales',
});

describe('deadline status', () => {
  it('is due soon from 5 working days before the due date, bank holidays not counted', () => {
    const d = dueOn('2026-05-28');
    expect(rules.currentStatus(d, new Date('2026-05-19T12:00:00Z'))).toBe('pending');
    expect(rules.currentStatus(d, new Date('2026-05-20T12:00:00Z'))).toBe('due_soon');
  });

  it('is overdue from midnight UK time after the due day, in winter and in summer', () => {
    expect(rules.currentStatus(dueOn('2026-05-28'), new Date('2026-05-28T22:59:59Z'))).toBe('due_soon');
    expect(rules.currentStatus(dueOn('2026-05-28'), new Date('2026-05-28T23:00:00Z'))).toBe('overdue');
    expect(rules.currentStatus(dueOn('2026-01-15'), new Date('2026-01-15T23:59:59Z'))).toBe('due_soon');
    expect(rules.currentStatus(dueOn('2026-01-15'), new Date('2026-01-16T00:00:00Z'))).toBe('overdue');
  });

  it('keeps the stored status of stopped, met and cancelled deadlines', () => {
    for (const status of ['stopped', 'met', 'met_late', 'cancelled'] as const) {
      expect(rules.currentStatus(dueOn('2026-05-28', status), new Date('2027-01-01T00:00:00Z'))).toBe(status);
    }
  });
});

describe('reminder thresholds', () => {
  it('reaches 5 then 1 working days before, most urgent first', () => {
    const d = dueOn('2026-05-28');
    expect(rules.reachedThresholds(d, new Date('2026-05-19T09:00:00Z'))).toEqual([]);
    expect(rules.reachedThresholds(d, new Date('2026-05-20T09:00:00Z')).map((t) => t.key)).toEqual(['5_working_days']);
    expect(rules.reachedThresholds(d, new Date('2026-05-27T09:00:00Z')).map((t) => t.key)).toEqual(['1_working_days', '5_working_days']);
    expect(rules.reachedThresholds(d, new Date('2026-05-29T09:00:00Z'))).toEqual([]);
  });

  it('looks far enough ahead to see every deadline that can already be due soon, in every jurisdiction', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), fc.constantFrom(...JURISDICTIONS), (offset, jurisdiction) => {
        const today = addDays('2024-01-01', offset);
        const horizon = rules.horizonDate(today);
        // Every date up to the day before the 6th working day has at most 5 working days left.
        const sixth = calendar.addPeriod({ from: today, amount: 6, unit: 'working_days', jurisdiction }).date;
        expect(horizon >= addDays(sixth, -1)).toBe(true);
      }),
      { numRuns: 300 },
    );
    // Seen on Monday 28 December 2026, Scotland's substitute day for 2 January (Monday 4 January) reaches furthest:
    // its 6th working day is Thursday 7 January, so the sweep looks up to Wednesday 6 January.
    expect(rules.horizonDate('2026-12-28')).toBe('2027-01-06');
  });
});

describe('deadline settings from the environment', () => {
  it('defaults to reminders 5 and 1 working days before', () => {
    expect(deadlineSettingsFromEnv({})).toMatchObject({ reminderWorkingDaysBefore: [5, 1], dueSoonWorkingDays: 5 });
  });

  it('reads reminder days and refuses nonsense', () => {
    expect(deadlineSettingsFromEnv({ DEADLINE_REMINDER_WORKING_DAYS: '10, 3,1' }).reminderWorkingDaysBefore).toEqual([10, 3, 1]);
    expect(() => deadlineSettingsFromEnv({ DEADLINE_REMINDER_WORKING_DAYS: 'five' })).toThrow(/DEADLINE_REMINDER_WORKING_DAYS/);
  });
});
