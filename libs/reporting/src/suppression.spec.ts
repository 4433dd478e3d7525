import { describe, expect, it } from '@jest/globals';
import { suppressCells } from './suppression.js';

describe('small-number suppression', () => {
  it('hides counts from 1 to threshold − 1 but not zeros or counts at the threshold', () => {
    expect(suppressCells([0, 5, 7, 12], 5)).toEqual([null, null, null, null]);
    expect(suppressCells([3, 2, 9], 5)).toEqual(['primary', 'primary', null]);
  });

  it('hides the next smallest cell when only one is hidden, so the total cannot reveal it', () => {
    // total 3 + 9 + 40 = 52 is published: with only the 3 hidden, 52 − 9 − 40 = 3. Hide the 9 too.
    expect(suppressCells([3, 40, 9], 5)).toEqual(['primary', null, 'secondary']);
    expect(suppressCells([0, 4, 6], 5)).toEqual([null, 'primary', 'secondary']);
  });

  it('uses the threshold it is given', () => {
    expect(suppressCells([9, 30, 12], 10)).toEqual(['primary', null, 'secondary']);
    expect(suppressCells([9, 30, 12], 3)).toEqual([null, null, null]);
  });
});
