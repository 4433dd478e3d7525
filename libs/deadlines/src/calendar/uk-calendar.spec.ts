import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from '@app/core';
import { endOfLondonDay, londonDateOf, parseLegalDate, startOfLondonDay, toLegalDate } from './legal-date.js';
import { JURISDICTIONS, UkCalendar, type Jurisdiction } from './uk-calendar.js';

const calendar = new UkCalendar();
const workingDays = (from: string, amount: number, jurisdiction: Jurisdiction = 'england-and-wales') =>
  calendar.addPeriod({ from, amount, unit: 'working_days', jurisdiction });

describe('the worked example of the domain reference', () => {
  it('ends 10 working days after 13 May 2026 on 28 May 2026, skipping the Spring bank holiday', () => {
    const result = workingDays('2026-05-13', 10);
    expect(result.date).toBe('2026-05-28');
    expect(result.explanation).toEqual([
      'Start: Wednesday 13 May 2026 (day 0; day 1 is the next day)',
      'Day 1: Thursday 14 May 2026',
      'Day 2: Friday 15 May 2026',
      'Skipped Saturday 16 May 2026: weekend',
      'Skipped Sunday 17 May 2026: weekend',
      'Day 3: Monday 18 May 2026',
      'Day 4: Tuesday 19 May 2026',
      'Day 5: Wednesday 20 May 2026',
      'Day 6: Thursday 21 May 2026',
      'Day 7: Friday 22 May 2026',
      'Skipped Saturday 23 May 2026: weekend',
      'Skipped Sunday 24 May 2026: weekend',
      'Skipped Monday 25 May 2026: Spring bank holiday (England and Wales)',
      'Day 8: Tuesday 26 May 2026',
      'Day 9: Wednesday 27 May 2026',
      'Day 10: Thursday 28 May 2026',
      'Rule: 10 working days in England and Wales; day 1 is the day after the start; Saturdays, Sundays and England and Wales bank holidays are not counted',
    ]);
  });

  it('ends 30 days after 13 May 2026 on 12 June 2026, counting weekends and the bank holiday', () => {
    const result = calendar.addPeriod({ from: '2026-05-13', amount: 30, unit: 'calendar_days', jurisdiction: 'england-and-wales' });
    expect(result.date).toBe('2026-06-12');
    expect(result.explanation[0]).toBe('Start: Wednesday 13 May 2026 (day 0; day 1 is the next day)');
    expect(result.explanation).toContain('Day 30: Friday 12 June 2026');
    expect(result.explanation.join('\n')).toMatch(/1 bank holiday: Monday 25 May 2026 \(Spring bank holiday\)/);
  });

  it('counts the working days between two dates the same way', () => {
    expect(calendar.workingDaysBetween('2026-05-13', '2026-05-28', 'england-and-wales')).toBe(10);
    expect(calendar.workingDaysBetween('2026-05-28', '2026-05-13', 'england-and-wales')).toBe(-10);
    expect(calendar.workingDaysBetween('2026-05-13', '2026-05-13', 'england-and-wales')).toBe(0);
  });
});

describe('Christmas and substitute days', () => {
  it('skips Christmas and Boxing Day on a weekend and their substitutes on 27 and 28 December (2021 and 2027)', () => {
    for (const year of [2021, 2027]) {
      const result = workingDays(`${year}-12-24`, 1);
      expect(result.date).toBe(`${year}-12-29`);
      const text = result.explanation.join('\n');
      expect(text).toContain(`Skipped Saturday 25 December ${year}: weekend (Christmas Day falls on it; a substitute weekday is off instead)`);
      expect(text).toContain(`Skipped Monday 27 December ${year}: Christmas Day (substitute day) (England and Wales)`);
      expect(text).toContain(`Skipped Tuesday 28 December ${year}: Boxing Day (substitute day) (England and Wales)`);
    }
  });

  it('counts only the days actually off when just Boxing Day falls on a weekend (2026)', () => {
    expect(calendar.isWorkingDay('2026-12-25', 'england-and-wales')).toBe(false);
    expect(calendar.holidayOn('2026-12-28', 'england-and-wales')?.name).toBe('Boxing Day (substitute day)');
    expect(calendar.isWorkingDay('2026-12-29', 'england-and-wales')).toBe(true);
    expect(workingDays('2026-12-24', 1).date).toBe('2026-12-29');
    // The weekend holiday itself is not listed as a second day off.
    expect(calendar.bankHolidays(2026, 'england-and-wales').map((h) => h.date)).not.toContain('2026-12-26');
  });
});

describe('New Year, and 2 January in Scotland', () => {
  it('adds 2 January in Scotland only', () => {
    expect(workingDays('2025-12-31', 1, 'england-and-wales').date).toBe('2026-01-02');
    expect(workingDays('2025-12-31', 1, 'scotland').date).toBe('2026-01-05');
    expect(workingDays('2025-12-31', 1, 'northern-ireland').date).toBe('2026-01-02');
    expect(workingDays('2025-12-31', 1, 'scotland').explanation).toContain('Skipped Friday 2 January 2026: January 2nd (Scotland)');
  });

  it('gives Scotland a substitute Monday when 2 January is a Saturday (2027)', () => {
    expect(workingDays('2026-12-31', 1, 'england-and-wales').date).toBe('2027-01-04');
    expect(workingDays('2026-12-31', 1, 'scotland').date).toBe('2027-01-05');
  });

  it('gives two substitute days in Scotland and one elsewhere when 1 and 2 January fall on a weekend (2022)', () => {
    expect(workingDays('2021-12-31', 1, 'england-and-wales').date).toBe('2022-01-04');
    expect(workingDays('2021-12-31', 1, 'scotland').date).toBe('2022-01-05');
    expect(calendar.holidayOn('2022-01-03', 'england-and-wales')?.name).toBe("New Year's Day (substitute day)");
  });
});

describe('Easter', () => {
  it('skips Good Friday everywhere and Easter Monday outside Scotland (2026)', () => {
    expect(workingDays('2026-04-02', 1, 'england-and-wales').date).toBe('2026-04-07');
    expect(workingDays('2026-04-02', 1, 'northern-ireland').date).toBe('2026-04-07');
    expect(workingDays('2026-04-02', 1, 'scotland').date).toBe('2026-04-06');
    expect(workingDays('2026-04-02', 1, 'scotland').explanation).toContain('Skipped Friday 3 April 2026: Good Friday (Scotland)');
    expect(workingDays('2026-04-02', 1, 'england-and-wales').explanation).toContain('Skipped Monday 6 April 2026: Easter Monday (England and Wales)');
  });
});

describe("St Andrew's Day (Scotland)", () => {
  it('skips 30 November in Scotland only (2026)', () => {
    expect(workingDays('2026-11-27', 1, 'scotland').date).toBe('2026-12-01');
    expect(workingDays('2026-11-27', 1, 'england-and-wales').date).toBe('2026-11-30');
    expect(workingDays('2026-11-27', 1, 'scotland').explanation).toContain("Skipped Monday 30 November 2026: St Andrew's Day (Scotland)");
  });

  it('moves to the Monday when 30 November is a weekend day (Sunday 2025, Saturday 2024)', () => {
    expect(workingDays('2025-11-28', 1, 'scotland').date).toBe('2025-12-02');
    expect(workingDays('2025-11-28', 1, 'england-and-wales').date).toBe('2025-12-01');
    expect(calendar.holidayOn('2024-12-02', 'scotland')?.name).toBe("St Andrew's Day (substitute day)");
  });
});

describe("St Patrick's Day and 12 July (Northern Ireland)", () => {
  it("skips 17 March in Northern Ireland only (2026), and its substitute when it is a Sunday (2024)", () => {
    expect(workingDays('2026-03-16', 1, 'northern-ireland').date).toBe('2026-03-18');
    expect(workingDays('2026-03-16', 1, 'england-and-wales').date).toBe('2026-03-17');
    expect(workingDays('2026-03-16', 1, 'northern-ireland').explanation).toContain("Skipped Tuesday 17 March 2026: St Patrick's Day (Northern Ireland)");
    expect(calendar.isWorkingDay('2024-03-18', 'northern-ireland')).toBe(false);
    expect(calendar.isWorkingDay('2024-03-18', 'scotland')).toBe(true);
  });

  it('skips the Battle of the Boyne holiday, moved to Monday 13 July when 12 July is a Sunday (2026)', () => {
    expect(workingDays('2026-07-10', 1, 'northern-ireland').date).toBe('2026-07-14');
    expect(workingDays('2026-07-10', 1, 'england-and-wales').date).toBe('2026-07-13');
    expect(calendar.isWorkingDay('2027-07-12', 'northern-ireland')).toBe(false);
  });
});

describe('the summer bank holiday', () => {
  it('is the first Monday of August in Scotland and the last Monday of August elsewhere', () => {
    expect(calendar.isWorkingDay('2026-08-03', 'scotland')).toBe(false);
    expect(calendar.isWorkingDay('2026-08-03', 'england-and-wales')).toBe(true);
    expect(calendar.isWorkingDay('2026-08-31', 'scotland')).toBe(true);
    expect(calendar.isWorkingDay('2026-08-31', 'england-and-wales')).toBe(false);
    expect(calendar.isWorkingDay('2026-08-31', 'northern-ireland')).toBe(false);
  });
});

describe('calendar months', () => {
  const months = (from: string, amount: number) => calendar.addPeriod({ from, amount, unit: 'calendar_months', jurisdiction: 'england-and-wales' });

  it('ends on the corresponding date of the later month', () => {
    expect(months('2026-05-13', 1).date).toBe('2026-06-13');
    expect(months('2026-11-30', 3).date).toBe('2027-02-28');
    expect(months('2026-05-13', 12).date).toBe('2027-05-13');
  });

  it('ends on the last day of a shorter month: 31 January + 1 month is 28 or 29 February', () => {
    expect(months('2026-01-31', 1).date).toBe('2026-02-28');
    expect(months('2028-01-31', 1).date).toBe('2028-02-29');
    expect(months('2026-08-31', 1).date).toBe('2026-09-30');
    expect(months('2026-01-31', 1).explanation.join('\n')).toMatch(/no 31st, so the period ends on its last day/);
  });

  it('says when the end falls on a weekend or bank holiday, without moving it', () => {
    const result = months('2026-04-25', 1); // Monday 25 May 2026, Spring bank holiday
    expect(result.date).toBe('2026-05-25');
    expect(result.explanation.join('\n')).toMatch(/is a bank holiday \(Spring bank holiday\); a calendar-month period is not moved/);
  });
});

describe('periods in hours', () => {
  it('runs 48 hours straight through a weekend', () => {
    const result = calendar.addHours('2026-05-15T13:00:00Z', 48);
    expect(result.at).toBe('2026-05-17T13:00:00.000Z');
    expect(result.date).toBe('2026-05-17');
    expect(result.explanation[0]).toBe('Start: 14:00 on Friday 15 May 2026 (UK time), 2026-05-15T13:00:00.000Z');
    expect(result.explanation[1]).toBe('Due: 14:00 on Sunday 17 May 2026 (UK time), 2026-05-17T13:00:00.000Z');
  });

  it('counts elapsed hours across the spring clock change and says so', () => {
    const result = calendar.addHours('2026-03-28T12:00:00Z', 48);
    expect(result.at).toBe('2026-03-30T12:00:00.000Z');
    expect(result.explanation.join('\n')).toMatch(/clocks change/);
  });

  it('refuses a start that is not an instant', () => {
    expect(() => calendar.addHours('13 May', 48)).toThrow(DomainError);
  });
});

describe('UK local days', () => {
  it('ends a due day at midnight UK time, in summer and in winter and on clock-change days', () => {
    expect(endOfLondonDay('2026-05-28').toISOString()).toBe('2026-05-28T23:00:00.000Z');
    expect(endOfLondonDay('2026-01-15').toISOString()).toBe('2026-01-16T00:00:00.000Z');
    expect(endOfLondonDay('2026-03-28').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(endOfLondonDay('2026-03-29').toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(startOfLondonDay('2026-10-25').toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(endOfLondonDay('2026-10-25').toISOString()).toBe('2026-10-26T00:00:00.000Z');
    expect(londonDateOf(new Date('2026-05-28T23:30:00Z'))).toBe('2026-05-29');
  });
});

describe('input checks', () => {
  const fieldOf = (work: () => unknown): string | undefined => {
    try {
      work();
    } catch (error) {
      if (error instanceof DomainError) return error.extras.errors?.[0]?.field;
      throw error;
    }
    return undefined;
  };

  it('names the field that is wrong', () => {
    expect(fieldOf(() => workingDays('2026-02-30', 1))).toBe('from');
    expect(fieldOf(() => workingDays('13/05/2026', 1))).toBe('from');
    expect(fieldOf(() => workingDays('2026-05-13', 1.5))).toBe('amount');
    expect(fieldOf(() => workingDays('2026-05-13', -1))).toBe('amount');
    expect(fieldOf(() => workingDays('2026-05-13', 3651))).toBe('amount');
    expect(fieldOf(() => workingDays('2026-05-13', 1, 'wales' as Jurisdiction))).toBe('jurisdiction');
    expect(fieldOf(() => calendar.addPeriod({ from: '2026-05-13', amount: 1, unit: 'fortnights' as 'working_days' }))).toBe('unit');
  });

  it('ends a period of 0 working days on its start', () => {
    expect(workingDays('2026-05-16', 0).date).toBe('2026-05-16');
  });
});

describe('properties of working-day periods', () => {
  const dates = fc.integer({ min: parseLegalDate('2000-01-01') as number, max: parseLegalDate('2099-12-31') as number }).map(toLegalDate);
  const jurisdictions = fc.constantFrom(...JURISDICTIONS);

  it('always end on a working day', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 1, max: 60 }), jurisdictions, (from, amount, jurisdiction) => {
        expect(calendar.isWorkingDay(workingDays(from, amount, jurisdiction).date, jurisdiction)).toBe(true);
      }),
    );
  });

  it('end later when the period is longer', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 40 }), jurisdictions, (from, a, extra, jurisdiction) => {
        expect(workingDays(from, a, jurisdiction).date < workingDays(from, a + extra, jurisdiction).date).toBe(true);
      }),
    );
  });

  it('explain exactly `amount` counted days, numbered 1 to amount, and agree with workingDaysBetween', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 60 }), jurisdictions, (from, amount, jurisdiction) => {
        const result = workingDays(from, amount, jurisdiction);
        const counted = result.lines.filter((l) => l.kind === 'counted');
        expect(counted.map((l) => l.day)).toEqual(Array.from({ length: amount }, (_, i) => i + 1));
        expect(counted.every((l) => calendar.isWorkingDay(l.date as string, jurisdiction))).toBe(true);
        expect(result.lines.filter((l) => l.kind === 'skipped').every((l) => !calendar.isWorkingDay(l.date as string, jurisdiction))).toBe(true);
        expect(calendar.workingDaysBetween(from, result.date, jurisdiction)).toBe(amount);
      }),
    );
  });

  it('calendar months keep the day of the month unless the month is shorter', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 120 }), (from, amount) => {
        const end = calendar.addPeriod({ from, amount, unit: 'calendar_months' }).date;
        const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
        const [ey, em, ed] = end.split('-').map(Number) as [number, number, number];
        expect((ey - fy) * 12 + (em - fm)).toBe(amount);
        expect(ed === fd || (ed < fd && new Date(Date.UTC(ey, em, 1) - 86_400_000).getUTCDate() === ed)).toBe(true);
      }),
    );
  });
});
