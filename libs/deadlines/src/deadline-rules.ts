import { addDays, londonDateOf } from './calendar/legal-date.js';
import { JURISDICTIONS, type Jurisdiction, type UkCalendar } from './calendar/uk-calendar.js';
import type { DeadlineSettings, DeadlineStatus, DeadlineUnit } from './deadline.js';

/** What status and reminders depend on. */
export interface DeadlineTimingFacts {
  status: DeadlineStatus;
  unit: DeadlineUnit;
  dueOn: string;
  overdueFrom: Date;
  jurisdiction: Jurisdiction;
}

/** A reminder point before the due date, e.g. `5_working_days` or `24_hours`; `overdue` is the escalation. */
export interface ReminderThreshold {
  key: string;
  amount: number;
  unit: 'working_days' | 'hours';
}

export const OVERDUE_THRESHOLD = 'overdue';

const isRunning = (status: DeadlineStatus): boolean => status === 'pending' || status === 'due_soon' || status === 'overdue';

/**
 * When a running deadline is due soon or overdue, and which reminders are due. Pure: the time and
 * the settings are given.
 *
 * - Overdue: from the first instant after the due date ends in UK local time (Europe/London), so a
 *   response sent at 23:30 on the due day in summer (22:30 UTC) is on time. Deadlines in hours are
 *   overdue from their due instant.
 * - Due soon: from `dueSoonWorkingDays` working days before the due date (the day on which that many
 *   working days are left), or `dueSoonHours` before a deadline in hours.
 */
export class DeadlineRules {
  constructor(
    private readonly calendar: UkCalendar,
    private readonly settings: DeadlineSettings,
  ) {}

  /** Stored status for closed and stopped deadlines; derived from the clock for running ones. */
  currentStatus(facts: DeadlineTimingFacts, now: Date): DeadlineStatus {
    if (!isRunning(facts.status)) return facts.status;
    if (now.getTime() >= facts.overdueFrom.getTime()) return 'overdue';
    if (facts.unit === 'hours') {
      return this.hoursLeft(facts, now) <= this.settings.dueSoonHours ? 'due_soon' : 'pending';
    }
    return this.workingDaysLeft(facts, now) <= this.settings.dueSoonWorkingDays ? 'due_soon' : 'pending';
  }

  /** Working days after today (UK) up to and including the due date. 0 on the due day itself. */
  workingDaysLeft(facts: DeadlineTimingFacts, now: Date): number {
    return this.calendar.workingDaysBetween(londonDateOf(now), facts.dueOn, facts.jurisdiction);
  }

  hoursLeft(facts: DeadlineTimingFacts, now: Date): number {
    return (facts.overdueFrom.getTime() - now.getTime()) / 3_600_000;
  }

  thresholdsFor(unit: DeadlineUnit): ReminderThreshold[] {
    const [amounts, thresholdUnit] =
      unit === 'hours' ? [this.settings.reminderHoursBefore, 'hours' as const] : [this.settings.reminderWorkingDaysBefore, 'working_days' as const];
    return [...new Set(amounts)].sort((a, b) => a - b).map((amount) => ({ key: `${amount}_${thresholdUnit}`, amount, unit: thresholdUnit }));
  }

  /** Reminder thresholds already reached by a running deadline that is not yet overdue, most urgent first. */
  reachedThresholds(facts: DeadlineTimingFacts, now: Date): ReminderThreshold[] {
    if (!isRunning(facts.status) || now.getTime() >= facts.overdueFrom.getTime()) return [];
    const left = facts.unit === 'hours' ? this.hoursLeft(facts, now) : this.workingDaysLeft(facts, now);
    return this.thresholdsFor(facts.unit).filter((t) => left <= t.amount);
  }

  /**
   * The latest due date (per jurisdiction, the most generous) that can already be due soon or have a
   * reminder due on `today`: the sweep looks no further ahead.
   */
  horizonDate(today: string): string {
    const reach = Math.max(this.settings.dueSoonWorkingDays, ...this.settings.reminderWorkingDaysBefore, 0);
    // The day before the (reach + 1)th working day: any later date has more than `reach` working days left.
    return JURISDICTIONS.map((jurisdiction) => addDays(this.calendar.addPeriod({ from: today, amount: reach + 1, unit: 'working_days', jurisdiction }).date, -1)).reduce(
      (a, b) => (a > b ? a : b),
    );
  }

  horizonInstant(now: Date): Date {
    const reach = Math.max(this.settings.dueSoonHours, ...this.settings.reminderHoursBefore, 0);
    return new Date(now.getTime() + reach * 3_600_000);
  }
}
