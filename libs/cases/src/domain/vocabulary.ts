/**
 * The canonical names of the enforcement lifecycle (domain reference §4, §5, §10). Other contexts and
 * reports rely on these strings: add names, never rename one.
 */
export const CASE_STATES = [
  'assessment',
  'compliance_remediation',
  'investigation',
  'provisional_notice',
  'confirmation_decision',
  'non_compliance',
  'business_disruption',
  'closed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** Every state but `closed`. */
export const OPEN_STATES = CASE_STATES.filter((s): s is Exclude<CaseState, 'closed'> => s !== 'closed');

export const CASE_EVENTS = [
  'begin_remediation',
  'issue_warning_letter',
  'open_investigation',
  'issue_information_notice',
  'record_information_response',
  'issue_provisional_notice',
  'record_representations',
  'issue_confirmation_decision',
  'confirm_compliance',
  'record_non_compliance',
  'apply_for_business_disruption',
  'record_court_order',
  'close',
  'reopen',
  'assign_officer',
  'link_case',
  'link_matters',
] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

/** The audit event that records a case's creation (the table's "(create) → assessment" row). */
export const CREATE_EVENT = 'create';

export { CLOSURE_OUTCOMES, type ClosureOutcome } from '@app/core';

/** Harm categories (domain reference §4): the one list is in the shared kernel. */
export type { HarmCategory } from '@app/core';

export const JURISDICTIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];
export const DEFAULT_JURISDICTION: Jurisdiction = 'england-and-wales';

/** How one case relates to another: `continues` for a mirror or successor domain's case. */
export const CASE_LINK_RELATIONS = ['continues', 'related', 'merged_into'] as const;
export type CaseLinkRelation = (typeof CASE_LINK_RELATIONS)[number];

/** The deadlines the lifecycle starts, as `kind` in the deadlines context. */
export const CASE_DEADLINE_KINDS = ['information_notice_response', 'representations', 'compliance', 'penalty_payment', 'reminder'] as const;
export type CaseDeadlineKind = (typeof CASE_DEADLINE_KINDS)[number];

/** Units a decision may set a period in (a date the decision names is `fixed_date`). */
export const DEADLINE_UNITS = ['working_days', 'calendar_days', 'hours'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export const COURT_ORDER_RESULTS = ['order_made', 'order_refused', 'order_varied'] as const;
export type CourtOrderResult = (typeof COURT_ORDER_RESULTS)[number];

/** Letters and notices the lifecycle issues, as templates of the documents context. */
export const CASE_DOCUMENT_TEMPLATES = ['information_notice', 'warning_letter', 'provisional_notice', 'confirmation_decision', 'closure_letter'] as const;
export type CaseDocumentTemplate = (typeof CASE_DOCUMENT_TEMPLATES)[number];
