import { describe, expect, it } from '@jest/globals';
import { checkpointBoundaries } from './timeline-checkpoints.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString().slice(0, 10));

describe('checkpointBoundaries', () => {
  it('keeps midnights and month starts at least an hour old, newest first, each once', () => {
    expect(iso(checkpointBoundaries(new Date('2026-03-02T00:59:00Z'), { days: 3, months: 4 }))).toEqual(['2026-03-01', '2026-02-28', '2026-02-27', '2026-02-01', '2026-01-01', '2025-12-01']);
    expect(iso(checkpointBoundaries(new Date('2026-03-02T01:00:00Z'), { days: 3, months: 4 }))).toEqual(['2026-03-02', '2026-03-01', '2026-02-28', '2026-02-01', '2026-01-01', '2025-12-01']);
  });

  it('crosses the year and leap days', () => {
    expect(iso(checkpointBoundaries(new Date('2028-03-01T12:00:00Z'), { days: 2, months: 3 }))).toEqual(['2028-03-01', '2028-02-29', '2028-02-01', '2028-01-01']);
  });
});
