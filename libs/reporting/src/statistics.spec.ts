import { describe, expect, it } from '@jest/globals';
import { kaplanMeier, kaplanMeierQuantile, quantileOfCompleted, summariseDurations, type Observation } from './statistics.js';

const done = (...durations: number[]): Observation[] => durations.map((duration) => ({ duration, completed: true, count: 1 }));
const open = (...durations: number[]): Observation[] => durations.map((duration) => ({ duration, completed: false, count: 1 }));

describe('duration statistics (hand-computed)', () => {
  it('gives the median and 90th percentile of finished stages, interpolating as percentile_cont does', () => {
    // 1,2,3,4: median halfway between 2 and 3; p90 at position 0.9 × 3 = 2.7 → 3 + 0.7 × (4 − 3)
    expect(quantileOfCompleted(done(4, 1, 3, 2), 0.5)).toBe(2.5);
    expect(quantileOfCompleted(done(4, 1, 3, 2), 0.9)).toBeCloseTo(3.7, 10);
  });

  it('handles ties, whether given one by one or as counts', () => {
    // 2,2,2,5,10: median 2; p90 at position 3.6 → 5 + 0.6 × (10 − 5) = 8
    expect(quantileOfCompleted(done(2, 2, 2, 5, 10), 0.5)).toBe(2);
    expect(quantileOfCompleted(done(2, 2, 2, 5, 10), 0.9)).toBeCloseTo(8, 10);
    const counted: Observation[] = [{ duration: 2, completed: true, count: 3 }, ...done(5, 10)];
    expect(summariseDurations(counted)).toEqual(summariseDurations(done(2, 2, 2, 5, 10)));
  });

  it('has no percentile when nothing has finished', () => {
    expect(quantileOfCompleted(open(3, 4), 0.5)).toBeNull();
    expect(summariseDurations([])).toEqual({ n: 0, completed: 0, open: 0, median: null, p90: null, kmMedian: null, kmP90: null });
  });

  it('counts still-open stages as censored in the Kaplan–Meier curve', () => {
    // done 1, open 2, done 3, done 3, open 4, done 5:
    // t=1: 6 at risk, 1 ends → S = 5/6; t=2: one censored (4 left); t=3: 4 at risk, 2 end → S = 5/6 × 2/4 = 5/12;
    // t=4: one censored (1 left); t=5: 1 at risk, 1 ends → S = 0.
    const observations = [...done(1, 3, 3, 5), ...open(2, 4)];
    const curve = kaplanMeier(observations);
    expect(curve.map((p) => [p.duration, p.atRisk, p.completed, p.censored])).toEqual([
      [1, 6, 1, 0],
      [2, 5, 0, 1],
      [3, 4, 2, 0],
      [4, 2, 0, 1],
      [5, 1, 1, 0],
    ]);
    expect(curve.map((p) => p.survival)).toEqual([5 / 6, 5 / 6, 5 / 12, 5 / 12, 0]);
    expect(summariseDurations(observations)).toEqual({ n: 6, completed: 4, open: 2, median: 3, p90: 3 + 0.7 * 2, kmMedian: 3, kmP90: 5 });
  });

  it('keeps a stage censored at the same duration as a completion at risk at that duration', () => {
    // done 2, open 2, done 4, open 6: t=2: 4 at risk, 1 ends → 3/4; t=4: 2 at risk, 1 ends → 3/8; never ≤ 0.1.
    const curve = kaplanMeier([...done(2, 4), ...open(2, 6)]);
    expect(curve.map((p) => p.survival)).toEqual([0.75, 0.375, 0.375]);
    expect(kaplanMeierQuantile(curve, 0.5)).toBe(4);
    expect(kaplanMeierQuantile(curve, 0.9)).toBeNull();
  });

  it('takes the midpoint where the curve sits exactly on the level, so uncensored data give the usual median', () => {
    const curve = kaplanMeier(done(1, 2, 3, 4));
    expect(curve.map((p) => p.survival)).toEqual([0.75, 0.5, 0.25, 0]);
    expect(kaplanMeierQuantile(curve, 0.5)).toBe(2.5);
    expect(kaplanMeierQuantile(curve, 0.9)).toBe(4);
  });

  it('does not guess where the curve stays on the level because the rest are still open', () => {
    // done 3, open 8: S(3) = 1/2 and nothing more ends, so the median is not reached.
    expect(kaplanMeierQuantile(kaplanMeier([...done(3), ...open(8)]), 0.5)).toBeNull();
  });

  it('does not let a backlog of open cases make timelines look short', () => {
    const observations: Observation[] = [...done(5, 5), { duration: 100, completed: false, count: 8 }];
    const summary = summariseDurations(observations);
    expect(summary.median).toBe(5);
    // 10 at risk at t=5, 2 end → S = 0.8: half are never seen to finish, so the median is "not reached".
    expect(summary.kmMedian).toBeNull();
  });
});
