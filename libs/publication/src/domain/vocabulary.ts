import { CLOSURE_OUTCOMES, type ClosureOutcome } from '@app/cases';

/** The status a published entry shows: the lifecycle state names from the investigation on (domain reference §5). */
export const PUBLIC_STATUSES = ['investigation', 'provisional_notice', 'confirmation_decision', 'non_compliance', 'business_disruption', 'closed'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];
export const isPublicStatus = (value: unknown): value is PublicStatus => typeof value === 'string' && (PUBLIC_STATUSES as readonly string[]).includes(value);

export const PUBLIC_STATUS_LABELS: Record<PublicStatus, string> = {
  investigation: 'Investigation open',
  provisional_notice: 'Provisional notice issued',
  confirmation_decision: 'Confirmation decision issued',
  non_compliance: 'Decision not complied with',
  business_disruption: 'Business disruption application',
  closed: 'Closed',
};

/** The decisions an entry may link, by their statutory kind. */
export const DECISION_KINDS = ['provisional_notice', 'confirmation_decision', 'penalty_notice', 'closure', 'court_order', 'other'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export const isDecisionKind = (value: unknown): value is DecisionKind => typeof value === 'string' && (DECISION_KINDS as readonly string[]).includes(value);

export const DECISION_KIND_LABELS: Record<DecisionKind, string> = {
  provisional_notice: 'Provisional notice of contravention (s.130)',
  confirmation_decision: 'Confirmation decision (s.132)',
  penalty_notice: 'Penalty notice',
  closure: 'Decision to close the case',
  court_order: 'Court order',
  other: 'Other decision',
};

/** Stages of a case as the open data publishes them (domain reference §11, from the investigation on). */
export const PUBLIC_STAGES = ['investigation', 'representations', 'compliance', 'disruption'] as const;
export type PublicStage = (typeof PUBLIC_STAGES)[number];

export { CLOSURE_OUTCOMES, type ClosureOutcome };
export const isClosureOutcome = (value: unknown): value is ClosureOutcome => typeof value === 'string' && (CLOSURE_OUTCOMES as readonly string[]).includes(value);
