import { HARM_CATEGORIES, type HarmCategory } from '@app/core';
import type { Role } from '@app/core';

/** States of a super-complaint (domain reference §9). `draft` is the entity's own, unfiled text. */
export const SUPER_COMPLAINT_STATES = [
  'draft',
  'received',
  'eligibility_check',
  'not_admissible',
  'assessment',
  'information_requested',
  'response_published',
  'withdrawn',
] as const;
export type SuperComplaintState = (typeof SUPER_COMPLAINT_STATES)[number];

/** States in which the regulator still owes something; the others are final. */
export const OPEN_SUPER_COMPLAINT_STATES: readonly SuperComplaintState[] = ['received', 'eligibility_check', 'assessment', 'information_requested'];
export const FINAL_SUPER_COMPLAINT_STATES: readonly SuperComplaintState[] = ['not_admissible', 'response_published', 'withdrawn'];

export const SUPER_COMPLAINT_EVENTS = [
  'submit',
  'grant_filing_exception',
  'acknowledge_receipt',
  'find_eligible',
  'find_not_admissible',
  'request_information',
  'provide_information',
  'publish_response',
  'withdraw',
] as const;
export type SuperComplaintEvent = (typeof SUPER_COMPLAINT_EVENTS)[number];

/** What the published response concludes. */
export const SUPER_COMPLAINT_OUTCOMES = ['enforcement_action_opened', 'further_work', 'no_action'] as const;
export type SuperComplaintOutcome = (typeof SUPER_COMPLAINT_OUTCOMES)[number];

export const SUPER_COMPLAINT_DEADLINE_KINDS = ['super_complaint_eligibility', 'super_complaint_response'] as const;
export type SuperComplaintDeadlineKind = (typeof SUPER_COMPLAINT_DEADLINE_KINDS)[number];

/** The subject type under which the deadline engine keeps super-complaint deadlines. */
export const SUPER_COMPLAINT_SUBJECT = 'super_complaint';

/** Attachments are documents only: never images or videos (domain reference §12). */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'text/plain', 'text/markdown', 'text/csv'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

export const OFFICERS: readonly Role[] = ['case_officer', 'decision_maker'];
/** Regulator staff who see every super-complaint in full. Analysts see counts and timings only. */
export const CASEWORK_READERS: readonly Role[] = ['admin', 'case_officer', 'decision_maker'];

export { HARM_CATEGORIES, type HarmCategory };
