import type { CaseEvent, CaseState } from '@app/cases';
import { CLOSURE_OUTCOME_LABELS, type ClosureOutcome } from '@app/documents';
import { HARM_LABELS, isHarmCategory } from '@app/triage';

/** A GOV.UK tag: its words and its colour modifier (govuk-tag--<colour>). */
export interface Tag {
  text: string;
  colour: string;
}

export const STATE_TAGS: Record<CaseState, Tag> = {
  assessment: { text: 'Assessment', colour: 'light-blue' },
  compliance_remediation: { text: 'Compliance remediation', colour: 'turquoise' },
  investigation: { text: 'Investigation', colour: 'blue' },
  provisional_notice: { text: 'Provisional notice', colour: 'purple' },
  confirmation_decision: { text: 'Confirmation decision', colour: 'pink' },
  non_compliance: { text: 'Non-compliance', colour: 'red' },
  business_disruption: { text: 'Business disruption', colour: 'orange' },
  closed: { text: 'Closed', colour: 'grey' },
};

export const stateTag = (state: string): Tag => STATE_TAGS[state as CaseState] ?? { text: humanise(state), colour: 'grey' };

/** What each lifecycle event is called on a button and as a page title. */
export const EVENT_LABELS: Record<CaseEvent, string> = {
  begin_remediation: 'Begin compliance remediation',
  issue_warning_letter: 'Send a warning letter',
  open_investigation: 'Open an investigation',
  issue_information_notice: 'Issue an information notice',
  record_information_response: 'Record a response to an information notice',
  issue_provisional_notice: 'Issue a provisional notice of contravention',
  record_representations: 'Record representations',
  issue_confirmation_decision: 'Issue a confirmation decision',
  confirm_compliance: 'Confirm compliance and close',
  record_non_compliance: 'Record non-compliance',
  apply_for_business_disruption: 'Apply for a business disruption order',
  record_court_order: 'Record a court order',
  close: 'Close the case',
  reopen: 'Reopen the case',
  assign_officer: 'Assign an officer',
  link_case: 'Link to another case',
  link_matters: 'Add matters to the case',
};

/** The timeline's words for audit events that are not lifecycle events. */
const OTHER_EVENT_LABELS: Record<string, string> = {
  create: 'Case opened',
  document_issued: 'Document issued',
  'deadline.started': 'Deadline started',
  'deadline.met': 'Deadline met',
  'deadline.met_late': 'Deadline met late',
  'deadline.cancelled': 'Deadline cancelled',
  'deadline.extended': 'Deadline extended',
  'deadline.clock_stopped': 'Deadline clock stopped',
  'deadline.clock_restarted': 'Deadline clock restarted',
};

export const eventLabel = (event: string): string => EVENT_LABELS[event as CaseEvent] ?? OTHER_EVENT_LABELS[event] ?? humanise(event.replace(/\./g, ' '));

export const DEADLINE_STATUS_TAGS: Record<string, Tag> = {
  pending: { text: 'Running', colour: 'blue' },
  due_soon: { text: 'Due soon', colour: 'yellow' },
  overdue: { text: 'Overdue', colour: 'red' },
  stopped: { text: 'Clock stopped', colour: 'purple' },
  met: { text: 'Met', colour: 'green' },
  met_late: { text: 'Met late', colour: 'orange' },
  cancelled: { text: 'Cancelled', colour: 'grey' },
};

export const deadlineStatusTag = (status: string): Tag => DEADLINE_STATUS_TAGS[status] ?? { text: humanise(status), colour: 'grey' };

/** Most urgent first: what a work queue shows at the top. */
export const DEADLINE_URGENCY: Record<string, number> = { overdue: 0, due_soon: 1, pending: 2, stopped: 3 };

export const harmLabel = (code: string): string => (isHarmCategory(code) ? HARM_LABELS[code] : humanise(code));

export const outcomeLabel = (outcome: string | null): string | undefined =>
  outcome === null ? undefined : (CLOSURE_OUTCOME_LABELS[outcome as ClosureOutcome] ?? humanise(outcome));

export const JURISDICTION_LABELS: Record<string, string> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

export const DOMAIN_RELATION_LABELS: Record<string, string> = {
  primary: 'Primary domain',
  mirror: 'Mirror',
  successor: 'Successor',
};

export const LINK_RELATION_LABELS: Record<string, { outgoing: string; incoming: string }> = {
  continues: { outgoing: 'Continues', incoming: 'Continued by' },
  related: { outgoing: 'Related to', incoming: 'Related to' },
  merged_into: { outgoing: 'Merged into', incoming: 'Merged from' },
};

/** "working_days" → "Working days"; "organisationName" → "Organisation name". */
export function humanise(code: string): string {
  const words = code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** First letter upper case, the rest as written. */
export const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
