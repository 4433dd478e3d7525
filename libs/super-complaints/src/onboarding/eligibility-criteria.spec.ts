import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@app/core';
import { decideEligibility } from './eligibility-criteria.js';

const all = { representsUsers: true, independent: true, expertContribution: true, regardToGuidance: true };

describe('the eligibility checklist of an entity', () => {
  it('recognises an entity only when every criterion is met', () => {
    expect(decideEligibility(all, 'Meets every criterion.')).toMatchObject({ recognised: true, unmet: [] });
    expect(decideEligibility({ ...all, independent: false }, 'Funded by a platform.')).toMatchObject({ recognised: false, unmet: ['independent'] });
  });

  it('needs an answer for every criterion and reasons', () => {
    try {
      decideEligibility({ representsUsers: true }, ' ');
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      const fields = ((e as DomainError).extras.errors ?? []).map((x) => x.field);
      expect(fields).toEqual(['checklist.independent', 'checklist.expertContribution', 'checklist.regardToGuidance', 'reasons']);
    }
  });
});
