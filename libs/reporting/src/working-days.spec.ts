import { describe, expect, it } from '@jest/globals';
import { ukCalendar, type Jurisdiction } from '@app/deadlines';
import { workingDaysFromIndex } from './working-days.js';

describe('working days between two dates', () => {
  it('skips weekends and bank holidays across Christmas, per jurisdiction', () => {
    // 2026: Christmas Friday 25th, Boxing Day Saturday → substitute Monday 28th: working 29, 30, 31.
    expect(workingDaysFromIndex('2026-12-24', '2026-12-31', 'england-and-wales')).toBe(3);
    // 2 January is a Scottish bank holiday (Monday 4 January 2027 substitutes for Saturday 2nd).
    expect(workingDaysFromIndex('2026-12-31', '2027-01-05', 'england-and-wales')).toBe(2);
    expect(workingDaysFromIndex('2026-12-31', '2027-01-05', 'scotland')).toBe(1);
    // St Patrick's Day (Tuesday 17 March 2026) in Northern Ireland only.
    expect(workingDaysFromIndex('2026-03-16', '2026-03-18', 'northern-ireland')).toBe(1);
    expect(workingDaysFromIndex('2026-03-16', '2026-03-18', 'england-and-wales')).toBe(2);
  });

  it('agrees with ukCalendar.workingDaysBetween for every pair tried', () => {
    const pairs: [string, string][] = [
      ['2025-04-17', '2025-04-22'],
      ['2024-01-01', '2024-12-31'],
      ['2015-01-01', '2045-12-31'],
      ['2026-05-01', '2026-05-26'],
      ['2026-11-27', '2026-11-27'],
      ['2023-08-25', '2023-09-01'],
    ];
    for (const jurisdiction of ['england-and-wales', 'scotland', 'northern-ireland'] as Jurisdiction[]) {
      for (const [a, b] of pairs) expect(workingDaysFromIndex(a, b, jurisdiction)).toBe(ukCalendar.workingDaysBetween(a, b, jurisdiction));
    }
  });

  it('has no working-day count for dates outside the calendar it indexes', () => {
    expect(workingDaysFromIndex('2014-12-31', '2015-01-05', 'england-and-wales')).toBeNull();
  });
});
