/**
 * What the Online Safety Act fixes (Schedule 13) and what is the regulator's policy. No formula is
 * published for the Penalty Guidelines: the policy values below are the product's configurable
 * model of them, and every calculation records the policy version it used.
 */

/** Schedule 13: the fixed part of the statutory maximum, £18,000,000. */
export const STATUTORY_FIXED_MAXIMUM_PENCE = 1_800_000_000n;
/** Schedule 13: the revenue part of the statutory maximum, 10% of qualifying worldwide revenue. */
export const STATUTORY_REVENUE_SHARE_BASIS_POINTS = 1_000n;

export const SERIOUSNESS_LEVELS = ['low', 'moderate', 'high', 'very_high'] as const;
export type Seriousness = (typeof SERIOUSNESS_LEVELS)[number];

export interface PenaltyPolicy {
  version: string;
  /** Starting point for each seriousness level, in basis points of qualifying worldwide revenue. */
  startingPointBasisPoints: Record<Seriousness, number>;
  /** A contravention lasting up to this many months takes the starting point as it is. */
  durationMonthsWithoutUplift: number;
  /** Each further complete period of this many months adds `durationUpliftBasisPoints`... */
  durationUpliftEveryMonths: number;
  durationUpliftBasisPoints: number;
  /** ...up to this multiplier of the starting point (basis points: 20_000 is ×2). */
  maxDurationMultiplierBasisPoints: number;
  /** Largest adjustment one aggravating or mitigating factor may make, in percent of the adjusted starting point. */
  maxFactorPercent: number;
  maxDeterrenceUpliftPercent: number;
  /** Largest settlement discount (practice: 25% seen). */
  maxSettlementDiscountPercent: number;
  /** Longest a daily penalty may run (practice: up to 60 days). */
  maxDailyPenaltyDays: number;
}

export const DEFAULT_PENALTY_POLICY: PenaltyPolicy = {
  version: 'penalty-policy/2026-1',
  startingPointBasisPoints: { low: 100, moderate: 250, high: 500, very_high: 800 },
  durationMonthsWithoutUplift: 12,
  durationUpliftEveryMonths: 3,
  durationUpliftBasisPoints: 2_500,
  maxDurationMultiplierBasisPoints: 20_000,
  maxFactorPercent: 100,
  maxDeterrenceUpliftPercent: 100,
  maxSettlementDiscountPercent: 25,
  maxDailyPenaltyDays: 60,
};

/** Refuses a policy that could break the calculator's guarantees. */
export function assertValidPolicy(policy: PenaltyPolicy): void {
  const whole = (value: number, min: number, max: number): boolean => Number.isInteger(value) && value >= min && value <= max;
  const problems = [
    ...Object.entries(policy.startingPointBasisPoints)
      .filter(([, bp]) => !whole(bp, 0, 10_000))
      .map(([level]) => `startingPointBasisPoints.${level} must be 0 to 10000`),
    whole(policy.durationMonthsWithoutUplift, 0, 600) ? '' : 'durationMonthsWithoutUplift must be 0 to 600',
    whole(policy.durationUpliftEveryMonths, 1, 600) ? '' : 'durationUpliftEveryMonths must be 1 to 600',
    whole(policy.durationUpliftBasisPoints, 0, 10_000) ? '' : 'durationUpliftBasisPoints must be 0 to 10000',
    whole(policy.maxDurationMultiplierBasisPoints, 10_000, 50_000) ? '' : 'maxDurationMultiplierBasisPoints must be 10000 to 50000',
    whole(policy.maxFactorPercent, 0, 100) ? '' : 'maxFactorPercent must be 0 to 100',
    whole(policy.maxDeterrenceUpliftPercent, 0, 200) ? '' : 'maxDeterrenceUpliftPercent must be 0 to 200',
    whole(policy.maxSettlementDiscountPercent, 0, 100) ? '' : 'maxSettlementDiscountPercent must be 0 to 100',
    whole(policy.maxDailyPenaltyDays, 1, 3660) ? '' : 'maxDailyPenaltyDays must be 1 to 3660',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`The penalty policy is not valid: ${problems.join('; ')}`);
}
