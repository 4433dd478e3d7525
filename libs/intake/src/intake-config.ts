import { DEFAULT_RETENTION_DAYS, INTAKE_SOURCES, type IntakeSource } from './domain/sources.js';

export interface IntakeConfig {
  /** Anonymous submissions allowed per client address per window (public complaints). 0 turns the limit off. */
  anonymousLimit: number;
  anonymousWindowSeconds: number;
  /** Days after which personal data of intake that led to nothing is crypto-shredded, per source. */
  retentionDays: Record<IntakeSource, number>;
  /** How often the retention job runs. */
  retentionEverySeconds: number;
}

export const INTAKE_CONFIG = Symbol('INTAKE_CONFIG');

/**
 * Reads the intake settings: INTAKE_ANONYMOUS_LIMIT (default 20), INTAKE_ANONYMOUS_WINDOW_SECONDS
 * (default 3600), INTAKE_RETENTION_DAYS as `source=days,...` over the defaults, and
 * INTAKE_RETENTION_EVERY_SECONDS (default 86400).
 */
export function loadIntakeConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return n;
  };
  const retentionDays = { ...DEFAULT_RETENTION_DAYS };
  for (const pair of (env.INTAKE_RETENTION_DAYS ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [source, days] = pair.split('=').map((s) => s.trim());
    if (!source || !(INTAKE_SOURCES as readonly string[]).includes(source)) {
      throw new Error(`INTAKE_RETENTION_DAYS: "${source}" is not an intake source (${INTAKE_SOURCES.join(', ')})`);
    }
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 36_500) throw new Error(`INTAKE_RETENTION_DAYS: ${source} needs a whole number of days from 1 to 36500`);
    retentionDays[source as IntakeSource] = n;
  }
  return {
    anonymousLimit: whole('INTAKE_ANONYMOUS_LIMIT', 20, 0, 1_000_000_000),
    anonymousWindowSeconds: whole('INTAKE_ANONYMOUS_WINDOW_SECONDS', 3600, 1, 86_400 * 7),
    retentionDays,
    retentionEverySeconds: whole('INTAKE_RETENTION_EVERY_SECONDS', 86_400, 60, 86_400 * 30),
  };
}
