import { DEFAULT_DEADLINE_SETTINGS, type DeadlineSettings } from './deadline.js';

type Env = Record<string, string | undefined>;

/**
 * Reminder and sweep settings, from the environment when set:
 * DEADLINE_REMINDER_WORKING_DAYS ("5,1"), DEADLINE_REMINDER_HOURS ("24,4"),
 * DEADLINE_DUE_SOON_WORKING_DAYS (5), DEADLINE_DUE_SOON_HOURS (24), DEADLINE_SWEEP_EVERY_SECONDS (300).
 */
export function deadlineSettingsFromEnv(env: Env = process.env): DeadlineSettings {
  const problems: string[] = [];
  const list = (name: string, fallback: number[], max: number): number[] => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const values = raw.split(',').map((v) => Number(v.trim()));
    if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 0 || v > max)) {
      problems.push(`${name} must be whole numbers from 0 to ${max} separated by commas, e.g. "5,1" (got "${raw}")`);
      return fallback;
    }
    return [...new Set(values)].sort((a, b) => b - a);
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const settings: DeadlineSettings = {
    ...DEFAULT_DEADLINE_SETTINGS,
    reminderWorkingDaysBefore: list('DEADLINE_REMINDER_WORKING_DAYS', DEFAULT_DEADLINE_SETTINGS.reminderWorkingDaysBefore, 60),
    reminderHoursBefore: list('DEADLINE_REMINDER_HOURS', DEFAULT_DEADLINE_SETTINGS.reminderHoursBefore, 720),
    dueSoonWorkingDays: int('DEADLINE_DUE_SOON_WORKING_DAYS', DEFAULT_DEADLINE_SETTINGS.dueSoonWorkingDays, 0, 60),
    dueSoonHours: int('DEADLINE_DUE_SOON_HOURS', DEFAULT_DEADLINE_SETTINGS.dueSoonHours, 0, 720),
    sweepEverySeconds: int('DEADLINE_SWEEP_EVERY_SECONDS', DEFAULT_DEADLINE_SETTINGS.sweepEverySeconds, 5, 86_400),
  };
  if (problems.length) throw new Error(`Deadline settings are not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return settings;
}
