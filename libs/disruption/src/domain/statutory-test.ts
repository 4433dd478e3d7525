import { ALTERNATIVE_GROUNDS, GROUNDS, type Ground, type OrderKind } from './vocabulary.js';

/** One line of the statutory test, as the checklist on the form and in the bundle shows it. */
export interface ChecklistItem {
  ground: Ground;
  section: string;
  /** The element of the test in plain words. */
  label: string;
  /** How the element counts: always needed, one of several, or needed for this order only. */
  requirement: 'required' | 'one_of' | 'not_applicable';
  asserted: boolean;
}

export interface TestAssessment {
  met: boolean;
  checklist: ChecklistItem[];
  /** What is missing, one sentence each, empty when the test is met. */
  missing: string[];
}

export const GROUND_WORDING: Record<Ground, { section: string; label: string }> = {
  continuing_failure: { section: 's.144(3)', label: 'The provider is failing, and continues to fail, to comply with an enforceable requirement' },
  steps_not_taken: { section: 's.144(4)(a)', label: 'Steps required by a confirmation decision have not been taken' },
  penalty_unpaid: { section: 's.144(4)(b)', label: 'A penalty imposed by a confirmation decision or penalty notice has not been paid' },
  likely_non_compliance: { section: 's.144(4)(c)', label: 'The provider would be likely not to comply if a confirmation decision were given' },
  harm_risk_without_notice: {
    section: 's.144(4)(d)',
    label: 'The risk of harm to individuals in the United Kingdom is such that an application should be made without a provisional notice or confirmation decision',
  },
  service_restriction_insufficient: {
    section: 's.146(3)',
    label: 'A service restriction order was made and has been, or would be, insufficient to prevent significant harm to individuals in the United Kingdom',
  },
};

/**
 * The statutory test for a business disruption order: s.144 needs a continuing failure plus at
 * least one of four further grounds; s.146 (access restriction) also needs a service restriction
 * order to be, or to have been, insufficient. Interim orders (s.145, s.147) rest on the same grounds.
 */
export function assessGrounds(kind: OrderKind, asserted: Iterable<Ground>): TestAssessment {
  const set = new Set(asserted);
  const checklist: ChecklistItem[] = GROUNDS.map((ground) => ({
    ground,
    ...GROUND_WORDING[ground],
    requirement:
      ground === 'continuing_failure'
        ? 'required'
        : ground === 'service_restriction_insufficient'
          ? kind === 'access_restriction'
            ? 'required'
            : 'not_applicable'
          : 'one_of',
    asserted: set.has(ground),
  }));
  const missing: string[] = [];
  if (!set.has('continuing_failure')) missing.push('State the continuing failure to comply with an enforceable requirement (s.144(3)).');
  if (!ALTERNATIVE_GROUNDS.some((g) => set.has(g))) {
    missing.push('State at least one of: steps not taken, penalty unpaid, likely non-compliance, or a risk of harm that justifies applying without notice (s.144(4)).');
  }
  if (kind === 'access_restriction' && !set.has('service_restriction_insufficient')) {
    missing.push('An access restriction order needs evidence that a service restriction order was, or would be, insufficient to prevent significant harm (s.146(3)).');
  }
  if (kind === 'service_restriction' && set.has('service_restriction_insufficient')) {
    missing.push('The insufficiency of a service restriction order is a ground for an access restriction order only: apply for that order, or untick it.');
  }
  return { met: missing.length === 0, checklist, missing };
}
