/**
 * Duration statistics over grouped observations. Pure: durations arrive as a histogram (duration,
 * completed?, count) so millions of stages summarise without expanding them.
 */
export interface Observation {
  /** Duration in whole days (calendar or working). */
  duration: number;
  /** true: the stage ended at `duration`; false: still open, censored at `duration`. */
  completed: boolean;
  count: number;
}

export interface KaplanMeierPoint {
  duration: number;
  /** Share of stages still open just after `duration`. */
  survival: number;
  atRisk: number;
  completed: number;
  censored: number;
}

export interface DurationSummary {
  n: number;
  completed: number;
  open: number;
  median: number | null;
  p90: number | null;
  kmMedian: number | null;
  kmP90: number | null;
}

const EPSILON = 1e-12;

/** Merge observations with the same duration and status; sorted by duration, completions first. */
function normalise(observations: readonly Observation[]): Observation[] {
  // Keyed by a number (durations are whole days): no string per observation for reports of many cells.
  const merged = new Map<number, Observation>();
  for (const o of observations) {
    if (o.count <= 0) continue;
    const key = o.duration * 2 + (o.completed ? 1 : 0);
    const found = merged.get(key);
    if (found) found.count += o.count;
    else merged.set(key, { ...o });
  }
  return [...merged.values()].sort((a, b) => a.duration - b.duration || Number(b.completed) - Number(a.completed));
}

/**
 * The p-quantile of completed durations with linear interpolation between order statistics
 * (PostgreSQL percentile_cont, R type 7): position p × (n − 1) in the sorted values.
 */
export function quantileOfCompleted(observations: readonly Observation[], p: number): number | null {
  return quantileOfNormalised(normalise(observations), p);
}

function quantileOfNormalised(sorted: readonly Observation[], p: number): number | null {
  const completed = sorted.filter((o) => o.completed);
  const n = completed.reduce((sum, o) => sum + o.count, 0);
  if (n === 0) return null;
  const position = p * (n - 1);
  const lowerIndex = Math.floor(position);
  const fraction = position - lowerIndex;
  const valueAt = (index: number): number => {
    let seen = 0;
    for (const o of completed) {
      seen += o.count;
      if (index < seen) return o.duration;
    }
    return completed[completed.length - 1].duration;
  };
  const lower = valueAt(lowerIndex);
  if (fraction < EPSILON) return lower;
  const upper = valueAt(lowerIndex + 1);
  return lower + fraction * (upper - lower);
}

/**
 * Kaplan–Meier product-limit curve. Completions and censorings at the same duration: the censored stages
 * are still at risk at that duration (the usual convention).
 */
export function kaplanMeier(observations: readonly Observation[]): KaplanMeierPoint[] {
  return kaplanMeierOfNormalised(normalise(observations));
}

function kaplanMeierOfNormalised(sorted: readonly Observation[]): KaplanMeierPoint[] {
  let atRisk = sorted.reduce((sum, o) => sum + o.count, 0);
  let survival = 1;
  const points: KaplanMeierPoint[] = [];
  for (let i = 0; i < sorted.length; ) {
    const duration = sorted[i].duration;
    let completed = 0;
    let censored = 0;
    for (; i < sorted.length && sorted[i].duration === duration; i++) {
      if (sorted[i].completed) completed += sorted[i].count;
      else censored += sorted[i].count;
    }
    if (completed > 0) survival *= 1 - completed / atRisk;
    points.push({ duration, survival, atRisk, completed, censored });
    atRisk -= completed + censored;
  }
  return points;
}

/**
 * The duration by which a share `p` of stages has ended, from a Kaplan–Meier curve: the first completion
 * duration where the survival falls to 1 − p or below. Where it sits exactly on 1 − p, the midpoint to the
 * next completion (R's survival package convention, so uncensored data give the usual median), or null
 * when no completion follows. null when the curve never gets there ("not reached").
 */
export function kaplanMeierQuantile(curve: readonly KaplanMeierPoint[], p: number): number | null {
  const level = 1 - p;
  const completions = curve.filter((point) => point.completed > 0);
  for (let i = 0; i < completions.length; i++) {
    const point = completions[i];
    if (Math.abs(point.survival - level) < 1e-9) {
      const next = completions[i + 1];
      // Flat on the level with no later completion: still-open stages may end anywhere later.
      return next ? (point.duration + next.duration) / 2 : null;
    }
    if (point.survival < level) return point.duration;
  }
  return null;
}

export function summariseDurations(observations: readonly Observation[]): DurationSummary {
  const sorted = normalise(observations);
  const completed = sorted.filter((o) => o.completed).reduce((sum, o) => sum + o.count, 0);
  const n = sorted.reduce((sum, o) => sum + o.count, 0);
  const curve = kaplanMeierOfNormalised(sorted);
  return {
    n,
    completed,
    open: n - completed,
    median: quantileOfNormalised(sorted, 0.5),
    p90: quantileOfNormalised(sorted, 0.9),
    kmMedian: kaplanMeierQuantile(curve, 0.5),
    kmP90: kaplanMeierQuantile(curve, 0.9),
  };
}
