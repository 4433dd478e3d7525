/**
 * Timeline stages of the domain reference (§11), defined in one place. Every report prints these
 * definitions and their version; change the version whenever a start or end changes.
 */
export const DEFINITIONS_VERSION = '2026-11-27.2';

export const STAGE_NAMES = ['assessment', 'investigation', 'representations', 'compliance', 'disruption', 'end_to_end', 'super_complaint'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export interface StageDefinition {
  stage: StageName;
  label: string;
  /** The audit event (or context event) whose occurredAt starts the stage: the first such event of the case. */
  startsWith: string[];
  /** The first of these events at or after the start ends the stage. */
  endsWith: string[];
  /** A plain-English statement of the definition, printed with every report. */
  description: string;
  /**
   * Whether the stage covers cases the regulator has not published (drawn from complaints): small counts
   * are then suppressed. Stages after an investigation opens are published enforcement and are not.
   */
  complaintLevel: boolean;
}

export const STAGE_DEFINITIONS: readonly StageDefinition[] = [
  {
    stage: 'assessment',
    label: 'Assessment',
    startsWith: ['create'],
    endsWith: ['open_investigation', 'begin_remediation', 'close'],
    description: 'From the case being opened to the assessment decision: an investigation opened, remediation begun, or the case closed.',
    complaintLevel: true,
  },
  {
    stage: 'investigation',
    label: 'Investigation',
    startsWith: ['open_investigation'],
    endsWith: ['issue_provisional_notice', 'close'],
    description: 'From the investigation being opened to a provisional notice of contravention, or closure.',
    complaintLevel: false,
  },
  {
    stage: 'representations',
    label: 'Representations',
    startsWith: ['issue_provisional_notice'],
    endsWith: ['issue_confirmation_decision', 'close'],
    description: 'From the provisional notice to the confirmation decision, or closure.',
    complaintLevel: false,
  },
  {
    stage: 'compliance',
    label: 'Compliance',
    startsWith: ['issue_confirmation_decision'],
    endsWith: ['confirm_compliance', 'record_non_compliance', 'close'],
    description: 'From the confirmation decision to compliance being confirmed, non-compliance being recorded, or closure.',
    complaintLevel: false,
  },
  {
    stage: 'disruption',
    label: 'Business disruption',
    startsWith: ['apply_for_business_disruption'],
    endsWith: ['record_court_order', 'close'],
    description: 'From the application for a business disruption order to the court making or refusing it (a varied order does not end the stage), or closure.',
    complaintLevel: false,
  },
  {
    stage: 'end_to_end',
    label: 'End to end',
    startsWith: ['create'],
    endsWith: ['close', 'confirm_compliance'],
    description: 'From the case being opened to its first closure (closed, or compliance confirmed).',
    complaintLevel: true,
  },
  {
    stage: 'super_complaint',
    label: 'Super-complaint',
    startsWith: ['super_complaint.submit'],
    endsWith: ['super_complaint.publish_response', 'super_complaint.find_not_admissible', 'super_complaint.withdraw'],
    description:
      'From a super-complaint being received (filed) to the response being published, or the complaint found not admissible (rejected) or withdrawn. Super-complaints have no harm category or service: reports filtered by either leave them out.',
    complaintLevel: false,
  },
];

export const METHOD_NOTES: readonly string[] = [
  'Durations are measured from when each step really happened (occurredAt), not when it was typed in.',
  'A report "as of" a moment uses only events recorded by then; the same asOf always gives the same figures and snapshot hash.',
  'Calendar days are whole days between the UK dates of the start and end. Working days count the working days after the start up to and including the end, skipping weekends and the bank holidays of the case\'s jurisdiction.',
  'Each case contributes its first episode of each stage: a case closed, reopened and investigated again counts from its first investigation to the first provisional notice or closure after it.',
  'Median and 90th percentile of completed durations interpolate between neighbouring values (as PostgreSQL percentile_cont does). They describe finished stages only and look shorter while long cases are still open.',
  'Kaplan–Meier estimates include still-open stages as censored at the as-of date, so a backlog cannot make timelines look short. The estimated median (90th percentile) is the first duration at which fewer than half (a tenth) of stages remain open; where the curve sits exactly on the level it is the midpoint to the next completion. "Not reached" means too many stages are still open to say.',
  'Groups by harm category and source overlap: a case with two harm categories counts in both, so group figures do not add up to the total.',
];

export function stageDefinition(stage: StageName): StageDefinition {
  const found = STAGE_DEFINITIONS.find((d) => d.stage === stage);
  if (!found) throw new RangeError(`unknown stage ${stage}`);
  return found;
}
