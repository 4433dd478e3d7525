import { DomainError, type FieldError } from '@app/core';

/** The eligibility criteria of an entity (domain reference §9), as the officers' checklist. */
export const ELIGIBILITY_CRITERIA = {
  representsUsers: 'Represents the interests of users of regulated services, or of the public, or a group of them',
  independent: 'Is independent of the providers of regulated services',
  expertContribution: 'Makes a significant contribution to public discussion of online safety, with relevant expertise',
  regardToGuidance: "Has regard to the regulator's guidance on super-complaints",
} as const;
export type EligibilityCriterion = keyof typeof ELIGIBILITY_CRITERIA;
export const CRITERIA = Object.keys(ELIGIBILITY_CRITERIA) as EligibilityCriterion[];

export type Checklist = Record<EligibilityCriterion, boolean>;

/**
 * The decision a completed checklist supports: recognised only when every criterion is met. Every
 * criterion must be answered, and a refusal needs reasons the entity can act on.
 */
export function decideEligibility(checklist: Partial<Record<string, unknown>>, reasons: string): { recognised: boolean; checklist: Checklist; unmet: EligibilityCriterion[] } {
  const errors: FieldError[] = [];
  for (const criterion of CRITERIA) {
    if (typeof checklist[criterion] !== 'boolean') errors.push({ field: `checklist.${criterion}`, message: `must be true or false: ${ELIGIBILITY_CRITERIA[criterion]}` });
  }
  for (const key of Object.keys(checklist)) {
    if (!(CRITERIA as string[]).includes(key)) errors.push({ field: `checklist.${key}`, message: `is not an eligibility criterion (they are ${CRITERIA.join(', ')})` });
  }
  if (reasons.trim() === '') errors.push({ field: 'reasons', message: 'must give the reasons for the decision' });
  if (errors.length) throw new DomainError('VALIDATION_FAILED', errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors });
  const complete = Object.fromEntries(CRITERIA.map((c) => [c, checklist[c] as boolean])) as Checklist;
  const unmet = CRITERIA.filter((c) => !complete[c]);
  return { recognised: unmet.length === 0, checklist: complete, unmet };
}
