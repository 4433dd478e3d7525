import type { Role } from '@app/core';
import {
  OFFICERS,
  SUPER_COMPLAINT_OUTCOMES,
  type SuperComplaintDeadlineKind,
  type SuperComplaintEvent,
  type SuperComplaintState,
} from './vocabulary.js';

/**
 * THE super-complaint lifecycle (domain reference §9; SI 2025/919): every `from → event → to` with the
 * roles allowed, the guards (each with the error code it refuses with), the data each event takes,
 * and the deadlines it starts, stops, restarts, satisfies or cancels. Periods are calendar days.
 */

/** Facts the lifecycle needs that are not on the super-complaint itself (gathered by the service). */
export interface FilingFacts {
  /** Fields a filing still lacks (empty when complete). */
  missing: readonly string[];
  /** The same entity's last filing in the six months before today, if any. */
  recentFiling: { reference: string; filedOn: string } | null;
  /** An officer recorded an exception to the six-month limit for this super-complaint. */
  exceptionGranted: boolean;
  /** A published super-complaint this one repeats, published within two years, if any. */
  repeatsPublished: { reference: string; publishedOn: string } | null;
  /** The entity was found eligible for an earlier super-complaint (15-day eligibility period). */
  entityAlreadyFoundEligible: boolean;
}

export const GUARD_CODES = {
  filing_complete: 'SUPER_COMPLAINT_INCOMPLETE',
  within_six_month_limit: 'SUPER_COMPLAINT_FILING_LIMIT',
  not_repeating_published: 'SUPER_COMPLAINT_REPEATS_PUBLISHED',
  enforcement_outcome_links_cases: 'SUPER_COMPLAINT_CASES_REQUIRED',
} as const;
export type SuperComplaintGuard = keyof typeof GUARD_CODES;

export type FieldSpec =
  | { type: 'text'; required: boolean; maxLength: number; description: string }
  | { type: 'enum'; required: boolean; values: readonly string[]; description: string }
  | { type: 'uuids'; required: boolean; maxItems: number; description: string }
  | { type: 'boolean'; required: boolean; description: string };

export interface DeadlineStart {
  kind: SuperComplaintDeadlineKind;
  /** Day 0 is the day of the event. */
  days(facts: Pick<FilingFacts, 'entityAlreadyFoundEligible'>): number;
  description: string;
}

export interface SuperComplaintTransition {
  event: SuperComplaintEvent;
  from: readonly SuperComplaintState[];
  /** `same`: the event records something and leaves the state as it is. */
  to: SuperComplaintState | 'same';
  roles: readonly Role[];
  /** Checked in this order; the first that fails refuses the event with its code. */
  guards: readonly SuperComplaintGuard[];
  fields: Readonly<Record<string, FieldSpec>>;
  deadlines: {
    starts?: readonly DeadlineStart[];
    satisfies?: readonly SuperComplaintDeadlineKind[];
    stops?: readonly SuperComplaintDeadlineKind[];
    restarts?: readonly SuperComplaintDeadlineKind[];
    cancelsOpen?: boolean;
  };
  summary: string;
}

const reason = (description: string, required = true): FieldSpec => ({ type: 'text', required, maxLength: 8000, description });

export const ELIGIBILITY_DAYS = 30;
export const ELIGIBILITY_DAYS_FOR_KNOWN_ENTITY = 15;
export const RESPONSE_DAYS = 90;
/** One super-complaint per entity in this many months, unless an officer records an exception. */
export const FILING_LIMIT_MONTHS = 6;
/** A complaint repeating one published within this many years is rejected. */
export const REPEAT_LIMIT_YEARS = 2;

const WITHDRAWABLE: readonly SuperComplaintState[] = ['draft', 'received', 'eligibility_check', 'assessment', 'information_requested'];

export const SUPER_COMPLAINT_TRANSITIONS: readonly SuperComplaintTransition[] = [
  {
    event: 'grant_filing_exception',
    from: ['draft'],
    to: 'same',
    roles: OFFICERS,
    guards: [],
    fields: { reason: reason('why this entity may file again within six months') },
    deadlines: {},
    summary: 'record an exception to the one-in-six-months limit, so the entity may file this draft',
  },
  {
    event: 'submit',
    from: ['draft'],
    to: 'received',
    roles: ['complainant_body'],
    guards: ['filing_complete', 'within_six_month_limit', 'not_repeating_published'],
    fields: {},
    deadlines: {
      starts: [
        {
          kind: 'super_complaint_eligibility',
          days: (facts) => (facts.entityAlreadyFoundEligible ? ELIGIBILITY_DAYS_FOR_KNOWN_ENTITY : ELIGIBILITY_DAYS),
          description: `${ELIGIBILITY_DAYS} calendar days from filing, ${ELIGIBILITY_DAYS_FOR_KNOWN_ENTITY} for an entity already found eligible`,
        },
      ],
    },
    summary: 'file the super-complaint: the eligibility clock starts',
  },
  {
    event: 'acknowledge_receipt',
    from: ['received'],
    to: 'eligibility_check',
    roles: OFFICERS,
    guards: [],
    fields: { note: reason('a note to the entity with the acknowledgement', false) },
    deadlines: {},
    summary: 'acknowledge receipt and begin the eligibility check',
  },
  {
    event: 'find_not_admissible',
    from: ['received', 'eligibility_check'],
    to: 'not_admissible',
    roles: OFFICERS,
    guards: [],
    fields: { reasons: reason('why the entity or the complaint is not eligible') },
    deadlines: { satisfies: ['super_complaint_eligibility'] },
    summary: 'decide the complaint is not admissible, with reasons',
  },
  {
    event: 'find_eligible',
    from: ['received', 'eligibility_check'],
    to: 'assessment',
    roles: OFFICERS,
    guards: [],
    fields: { reasons: reason('why the entity and the complaint are eligible') },
    deadlines: {
      satisfies: ['super_complaint_eligibility'],
      starts: [{ kind: 'super_complaint_response', days: () => RESPONSE_DAYS, description: `${RESPONSE_DAYS} calendar days after the eligibility decision` }],
    },
    summary: 'decide the complaint is eligible: the response clock starts',
  },
  {
    event: 'request_information',
    from: ['assessment'],
    to: 'information_requested',
    roles: OFFICERS,
    guards: [],
    fields: { request: reason('what information the regulator asks the entity for') },
    deadlines: { stops: ['super_complaint_response'] },
    summary: 'ask the entity for information: the response clock stops while the regulator waits',
  },
  {
    event: 'provide_information',
    from: ['information_requested'],
    to: 'assessment',
    roles: ['complainant_body', ...OFFICERS],
    guards: [],
    fields: { information: reason('the information requested') },
    deadlines: { restarts: ['super_complaint_response'] },
    summary: 'the information arrives: the response clock restarts',
  },
  {
    event: 'publish_response',
    from: ['assessment'],
    to: 'response_published',
    roles: OFFICERS,
    guards: ['enforcement_outcome_links_cases'],
    fields: {
      outcome: { type: 'enum', required: true, values: SUPER_COMPLAINT_OUTCOMES, description: 'what the response concludes' },
      response: reason('the full response, as published'),
      summary: { type: 'text', required: true, maxLength: 2000, description: 'a short summary for the public list' },
      caseIds: { type: 'uuids', required: false, maxItems: 50, description: 'the enforcement cases already opened (outcome enforcement_action_opened)' },
      openCases: {
        type: 'boolean',
        required: false,
        description: "open an enforcement case for each service named, with the super-complaint's harm categories, and link them (outcome enforcement_action_opened)",
      },
    },
    deadlines: { satisfies: ['super_complaint_response'] },
    summary: 'publish the response with its outcome',
  },
  {
    event: 'withdraw',
    from: WITHDRAWABLE,
    to: 'withdrawn',
    roles: ['complainant_body'],
    guards: [],
    fields: { reason: reason('why the entity withdraws the complaint', false) },
    deadlines: { cancelsOpen: true },
    summary: 'the entity withdraws the complaint: running deadlines are cancelled',
  },
];

export function transitionFor(event: string): SuperComplaintTransition | undefined {
  return SUPER_COMPLAINT_TRANSITIONS.find((t) => t.event === event);
}
