import { describe, expect, it } from '@jest/globals';
import type { StageFigures } from '../timeline-report.js';
import { committeeAnswer, humaniseDays } from './committee-answer.js';

const figures = (over: Partial<StageFigures>): StageFigures => ({
  stage: 'end_to_end', n: 40, completed: 30, open: 10, medianDays: 120, p90Days: 300, kmMedianDays: 150, kmP90Days: 400,
  medianWorkingDays: 85, p90WorkingDays: 210, kmMedianWorkingDays: 105, kmP90WorkingDays: 280, suppressed: null, ...over,
});

describe('the committee answer', () => {
  it('says days, weeks, months or years', () => {
    expect(humaniseDays(1)).toBe('1 day');
    expect(humaniseDays(10)).toBe('10 days');
    expect(humaniseDays(30)).toBe('about 4 weeks');
    expect(humaniseDays(150)).toBe('about 5 months');
    expect(humaniseDays(1000)).toBe('about 2.7 years');
  });

  it('answers with the Kaplan–Meier median and 90th percentile', () => {
    expect(committeeAnswer(figures({}), 'intimate image abuse (NCII)', '1 June 2026', 5)).toBe(
      'As of 1 June 2026, enforcement in intimate image abuse (NCII) cases takes about 5 months (a median of 150 calendar days, 105 working days) from opening a case to closing it, counting the cases still open. One case in ten takes longer than about 13 months (400 days). Of 40 cases opened, 30 have closed and 10 are still open.',
    );
  });

  it('does not give a short answer when most cases are still open', () => {
    const text = committeeAnswer(figures({ kmMedianDays: null, kmP90Days: null, medianDays: 20 }), 'NCII', '1 June 2026', 5);
    expect(text).toContain('cannot yet be stated: more than half of the cases are still open');
    expect(text).toContain('understates');
  });

  it('says when there are too few cases to report', () => {
    expect(committeeAnswer(figures({ n: null, suppressed: 'primary' }), 'NCII', '1 June 2026', 5)).toContain('fewer than 5 NCII cases');
  });
});
