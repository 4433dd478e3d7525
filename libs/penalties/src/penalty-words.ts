import type { PenaltyStatus } from './assessments/penalty-account.js';
import type { PenaltyStep } from './penalty-calculator.js';

/** What each step of a penalty calculation is called on pages (the regulator's and the provider's). */
export const PENALTY_STEP_NAMES: Record<PenaltyStep['name'], string> = {
  starting_point: 'Starting point',
  duration: 'Duration',
  aggravating_factor: 'Aggravating factor',
  mitigating_factor: 'Mitigating factor',
  deterrence: 'Deterrence',
  statutory_cap: 'Statutory maximum',
  settlement_discount: 'Settlement discount',
};

/** Each penalty status in words, with its GOV.UK tag colour. */
export const PENALTY_STATUS_WORDS: Record<PenaltyStatus, { text: string; colour: string }> = {
  due: { text: 'Due', colour: 'blue' },
  part_paid: { text: 'Part paid', colour: 'yellow' },
  paid: { text: 'Paid', colour: 'green' },
  overdue: { text: 'Overdue', colour: 'red' },
  referred_for_recovery: { text: 'Referred for recovery', colour: 'purple' },
};
