import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from './domain/model.js';

type Env = Record<string, string | undefined>;

/**
 * The numbers the law leaves open, from the environment when set:
 * CASE_REPRESENTATIONS_WORKING_DAYS (20; practice is 10 or 20), CASE_PENALTY_PAYMENT_DAYS (30).
 * A decision may still set its own period in the event's data.
 */
export function lifecyclePolicyFromEnv(env: Env = process.env): LifecyclePolicy {
  const problems: string[] = [];
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
  const policy: LifecyclePolicy = {
    ...DEFAULT_LIFECYCLE_POLICY,
    representationsWorkingDays: int('CASE_REPRESENTATIONS_WORKING_DAYS', DEFAULT_LIFECYCLE_POLICY.representationsWorkingDays, 1, 60),
    penaltyPaymentDays: int('CASE_PENALTY_PAYMENT_DAYS', DEFAULT_LIFECYCLE_POLICY.penaltyPaymentDays, 1, 365),
  };
  if (problems.length) throw new Error(`Case lifecycle settings are not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return policy;
}
