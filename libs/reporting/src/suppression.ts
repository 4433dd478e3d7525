/**
 * Small-number suppression for complaint-level counts. Primary: a count from 1 to threshold − 1 is hidden.
 * Secondary: where one cell of a published total is hidden, the smallest other non-zero cell is hidden
 * too, so the hidden count cannot be worked out by subtraction from the total.
 */
export type Suppression = 'primary' | 'secondary';

export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

/** Which cells of one partition (cells that add up to a published total) are suppressed, and why. */
export function suppressCells(counts: readonly number[], threshold: number): (Suppression | null)[] {
  const marks: (Suppression | null)[] = counts.map((n) => (n > 0 && n < threshold ? 'primary' : null));
  const hidden = marks.filter((m) => m !== null).length;
  if (hidden === 1) {
    let smallest = -1;
    counts.forEach((n, index) => {
      if (marks[index] === null && n > 0 && (smallest < 0 || n < counts[smallest])) smallest = index;
    });
    if (smallest >= 0) marks[smallest] = 'secondary';
  }
  return marks;
}
