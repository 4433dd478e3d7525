import type { FieldSpecs } from './fields.js';
import type { GuardName } from './guards.js';
import type { CaseActor, CaseSnapshot, DeadlinePeriod, DeadlineSubject, LifecyclePolicy, RuleRoles, TransitionPlan } from './model.js';
import {
  CASE_LINK_RELATIONS,
  CLOSURE_OUTCOMES,
  COURT_ORDER_RESULTS,
  DEADLINE_UNITS,
  OPEN_STATES,
  type CaseDeadlineKind,
  type CaseDocumentTemplate,
  type CaseEvent,
  type CaseLinkRelation,
  type CaseState,
  type ClosureOutcome,
  type DeadlineUnit,
} from './vocabulary.js';

/**
 * THE enforcement lifecycle (domain reference §5, §6, §10): every `from → event → to` with the roles
 * allowed, the guards, the data each event takes and the deadlines and documents it starts, satisfies
 * or cancels. docs/lifecycle.md is generated from this table (`npm run docs:lifecycle`).
 */

export interface EffectContext {
  snapshot: CaseSnapshot;
  actor: CaseActor;
  data: Readonly<Record<string, unknown>>;
  at: Date;
}

export type TransitionEffects = Pick<TransitionPlan, 'changes' | 'links' | 'matterIds'>;

export interface DeadlineStartRule {
  kind: CaseDeadlineKind;
  subject: DeadlineSubject;
  /** How the period is set, in words (for the doc). */
  description: string;
  /** The period from the event's data; null when this event does not impose the deadline. */
  period(data: Readonly<Record<string, unknown>>, policy: LifecyclePolicy, today: string): DeadlinePeriod | null;
}

/** A group of fields of which one (or, when exclusive, exactly one) must be given. */
export interface OneOf {
  fields: readonly string[];
  exclusive: boolean;
}

export interface TransitionRule {
  event: CaseEvent;
  from: readonly CaseState[];
  /** `same`: the event records something and leaves the state as it is. */
  to: CaseState | 'same';
  roles: RuleRoles;
  /** Checked in this order; the first that fails refuses the event with its code. */
  guards: readonly GuardName[];
  fields: FieldSpecs;
  oneOf?: readonly OneOf[];
  /** `closes`: running deadlines of these kinds end with the event without being met (e.g. a representations period the decision supersedes). */
  deadlines?: { starts?: readonly DeadlineStartRule[]; satisfies?: readonly CaseDeadlineKind[]; closes?: readonly CaseDeadlineKind[]; cancelsOpen?: boolean };
  documents?: readonly CaseDocumentTemplate[];
  effects?: { description: string; apply(ctx: EffectContext): Partial<TransitionEffects> };
  summary: string;
}

const DECISION_STATES_AFTER_INVESTIGATION = ['investigation', 'provisional_notice', 'confirmation_decision', 'non_compliance', 'business_disruption'] as const;

const text = (description: string, maxLength = 4000) => ({ type: 'string', maxLength, description }) as const;
const recipientEmail = { type: 'email', description: "where the provider's copy is sent" } as const;
/** The content of the letter the event issues; the case, the dates and the deadlines are filled in. */
const letter = (content: string) => ({ type: 'object', maxKeys: 40, required: true, description: `the letter's content: ${content}` }) as const;
const int = (description: string, min: number, max: number) => ({ type: 'integer', min, max, description }) as const;

const closureEffects: TransitionRule['effects'] = {
  description: 'records the outcome and closing time; an outcome of merged links the case merged_into the named case',
  apply: ({ data, at }) => ({
    changes: { outcome: data.outcome as ClosureOutcome, closedAt: at },
    links: data.outcome === 'merged' ? [{ relation: 'merged_into', caseId: data.mergedIntoCaseId as string }] : [],
  }),
};

const closureFields = {
  outcome: { type: 'enum', values: CLOSURE_OUTCOMES, required: true, description: 'the closure outcome' },
  mergedIntoCaseId: { type: 'uuid', description: 'the case this one was merged into (outcome merged)' },
  summary: text('why the case is closed'),
} as const satisfies FieldSpecs;

export const TRANSITIONS: readonly TransitionRule[] = [
  {
    event: 'begin_remediation',
    from: ['assessment'],
    to: 'compliance_remediation',
    roles: ['case_officer'],
    guards: [],
    fields: { summary: text('what the provider is to fix') },
    summary: 'engage the provider until the failure is fixed',
  },
  {
    event: 'issue_warning_letter',
    from: ['assessment', 'compliance_remediation'],
    to: 'same',
    roles: ['case_officer'],
    guards: [],
    fields: {
      replyWorkingDays: int('working days to reply', 1, 120),
      replyBy: { type: 'date', description: 'the date by which to reply' },
      letter: letter('recipient.organisationName, findings[], provisions[{reference, description}], expectedSteps[]'),
      recipientEmail,
    },
    oneOf: [{ fields: ['replyWorkingDays', 'replyBy'], exclusive: true }],
    deadlines: {
      starts: [
        {
          kind: 'reminder',
          subject: 'notice',
          description: 'the reply date: replyWorkingDays working days, or replyBy',
          period: (data) =>
            typeof data.replyBy === 'string' ? { dueOn: data.replyBy, unit: 'fixed_date' } : { amount: data.replyWorkingDays as number, unit: 'working_days' },
        },
      ],
    },
    documents: ['warning_letter'],
    summary: 'send a warning letter from its template, with a reply date',
  },
  {
    event: 'open_investigation',
    from: ['assessment', 'compliance_remediation'],
    to: 'investigation',
    roles: ['case_officer'],
    guards: [],
    fields: {
      investigatingOfficerId: { type: 'uuid', description: 'the investigating officer (default: whoever opens it)' },
      provisions: { type: 'strings', maxItems: 20, maxLength: 200, description: 'the legal provisions investigated (for the published entry)' },
      summary: text('why the investigation is opened'),
    },
    effects: {
      description: 'records the investigating officer, the opening time, and publishes the case entry',
      apply: ({ data, actor, at }) => ({
        changes: {
          investigatingOfficerId: (data.investigatingOfficerId as string | undefined) ?? actor.id,
          investigationOpenedAt: at,
          publishedAt: at,
          ...(Array.isArray(data.provisions) ? { provisions: data.provisions as string[] } : {}),
        },
      }),
    },
    summary: 'open an investigation',
  },
  {
    event: 'issue_information_notice',
    from: ['assessment', 'compliance_remediation', 'investigation', 'provisional_notice'],
    to: 'same',
    roles: ['case_officer'],
    guards: ['notice_period_long_enough'],
    fields: {
      responseDays: int('days to respond, counted from the day after issue', 1, 365),
      dueOn: { type: 'date', description: 'the date by which to respond' },
      requiresSteps: { type: 'boolean', description: 'the notice requires steps of the kind in s.100(3) (at least 7 days)' },
      letter: letter('recipient.organisationName, requirements[{item, detail?}], reasons[], responseForm, provisions[]?'),
      recipientEmail,
    },
    oneOf: [{ fields: ['responseDays', 'dueOn'], exclusive: true }],
    deadlines: {
      starts: [
        {
          kind: 'information_notice_response',
          subject: 'notice',
          description: 'responseDays calendar days, or until dueOn (one deadline per notice)',
          period: (data) =>
            typeof data.dueOn === 'string' ? { dueOn: data.dueOn, unit: 'fixed_date' } : { amount: data.responseDays as number, unit: 'calendar_days' },
        },
      ],
    },
    documents: ['information_notice'],
    summary: 'require information (s.100, s.102); starts the response deadline',
  },
  {
    event: 'record_information_response',
    from: ['assessment', 'compliance_remediation', 'investigation', 'provisional_notice'],
    to: 'same',
    roles: ['case_officer', 'provider'],
    guards: ['information_notice_outstanding'],
    fields: {
      noticeId: { type: 'uuid', description: 'the information notice answered (default: the oldest awaiting a response)' },
      summary: text('what the provider sent'),
    },
    deadlines: { satisfies: ['information_notice_response'] },
    summary: "record the provider's answer to an information notice",
  },
  {
    event: 'issue_provisional_notice',
    from: ['investigation'],
    to: 'provisional_notice',
    roles: ['decision_maker'],
    guards: ['four_eyes'],
    fields: {
      representationsWorkingDays: int('working days for representations (default from policy, practice 10 or 20)', 1, 60),
      letter: letter('recipient.organisationName, contraventions[{provision, duty, reasons[]}], proposedSteps[]?, proposedPenalty?'),
      recipientEmail,
    },
    deadlines: {
      starts: [
        {
          kind: 'representations',
          subject: 'case',
          description: 'representationsWorkingDays working days (default 20)',
          period: (data, policy) => ({ amount: (data.representationsWorkingDays as number | undefined) ?? policy.representationsWorkingDays, unit: 'working_days' }),
        },
      ],
    },
    documents: ['provisional_notice'],
    effects: { description: 'starts a new representations period with none received', apply: () => ({ changes: { representationsReceivedAt: null } }) },
    summary: 'provisional notice of contravention (s.130); invites representations',
  },
  {
    event: 'record_representations',
    from: ['provisional_notice'],
    to: 'same',
    roles: ['case_officer', 'provider'],
    guards: [],
    fields: {
      summary: text('what the provider said'),
      oralHearingRequested: { type: 'boolean', description: 'the provider asked for an oral hearing' },
    },
    deadlines: { satisfies: ['representations'] },
    effects: { description: 'records when representations were received', apply: ({ at }) => ({ changes: { representationsReceivedAt: at } }) },
    summary: "record the provider's representations",
  },
  {
    event: 'issue_confirmation_decision',
    from: ['provisional_notice'],
    to: 'confirmation_decision',
    roles: ['decision_maker'],
    guards: ['four_eyes', 'representations_period_ended', 'representations_considered', 'steps_described'],
    fields: {
      representationsConsidered: { type: 'boolean', description: "the decision-maker considered the provider's representations" },
      stepsRequired: text('the steps the provider must take'),
      stepsWithin: int('period to take the steps', 1, 365),
      stepsUnit: { type: 'enum', values: DEADLINE_UNITS, description: 'unit of stepsWithin (default working_days)' },
      penaltyPence: int('the penalty imposed, in pence', 1, Number.MAX_SAFE_INTEGER),
      penaltyCalculation: {
        type: 'object',
        maxKeys: 40,
        description: 'the penalty calculator input (POST /api/v1/penalties/calculate) behind penaltyPence; recorded with its steps, and penaltyPence must equal its result',
      },
      paymentDays: int('calendar days to pay (default 30)', 1, 365),
      letter: letter('recipient.organisationName, contraventions[{provision, duty, findings[]}], representations.summary, penalty.reasons[] (with a penalty)'),
      recipientEmail,
    },
    oneOf: [{ fields: ['stepsWithin', 'penaltyPence'], exclusive: false }],
    deadlines: {
      starts: [
        {
          kind: 'compliance',
          subject: 'case',
          description: 'when steps are required: stepsWithin stepsUnit (default working days)',
          period: (data) =>
            typeof data.stepsWithin === 'number' ? { amount: data.stepsWithin, unit: ((data.stepsUnit as DeadlineUnit | undefined) ?? 'working_days') } : null,
        },
        {
          kind: 'penalty_payment',
          subject: 'case',
          description: 'when a penalty is imposed: paymentDays calendar days (default 30)',
          period: (data, policy) =>
            typeof data.penaltyPence === 'number' ? { amount: (data.paymentDays as number | undefined) ?? policy.penaltyPaymentDays, unit: 'calendar_days' } : null,
        },
      ],
      closes: ['representations'],
    },
    documents: ['confirmation_decision'],
    summary: 'confirmation decision (s.132–s.137): steps and/or penalty, with appeal rights',
  },
  {
    event: 'confirm_compliance',
    from: ['confirmation_decision', 'non_compliance'],
    to: 'closed',
    roles: ['case_officer'],
    guards: [],
    fields: { summary: { ...text('how the provider complied'), required: true }, letter: letter('recipient.organisationName, reasons[], nextSteps[]?'), recipientEmail },
    deadlines: { satisfies: ['compliance', 'penalty_payment'], cancelsOpen: true },
    documents: ['closure_letter'],
    effects: { description: 'closes the case with outcome complied', apply: ({ at }) => ({ changes: { outcome: 'complied', closedAt: at } }) },
    summary: 'the steps were taken and the penalty paid',
  },
  {
    event: 'record_non_compliance',
    from: ['confirmation_decision'],
    to: 'non_compliance',
    roles: ['decision_maker'],
    guards: ['compliance_deadline_passed'],
    fields: { failures: text('which steps were not taken or what is unpaid') },
    summary: 'steps not taken or penalty unpaid by the deadline (deadlines stay open, overdue)',
  },
  {
    event: 'apply_for_business_disruption',
    from: ['investigation', 'provisional_notice', 'confirmation_decision', 'non_compliance'],
    to: 'business_disruption',
    roles: ['decision_maker'],
    guards: [],
    fields: {
      kind: { type: 'enum', values: ['service_restriction', 'access_restriction'], description: 'the order applied for (s.144–s.147)' },
      interim: { type: 'boolean', description: 'an interim order' },
      grounds: text('the grounds, with evidence'),
    },
    summary: 'apply to the court for a business disruption order',
  },
  {
    event: 'record_court_order',
    from: ['business_disruption'],
    to: 'same',
    roles: ['case_officer'],
    guards: [],
    fields: {
      result: { type: 'enum', values: COURT_ORDER_RESULTS, required: true, description: 'what the court decided' },
      orderedOn: { type: 'date', description: 'the date of the order' },
      summary: text('the terms of the order'),
    },
    summary: 'record an order made, refused or varied',
  },
  {
    event: 'close',
    from: ['assessment', 'compliance_remediation'],
    to: 'closed',
    roles: ['case_officer'],
    guards: ['outcome_recorded', 'merge_target_named', 'not_linked_to_itself'],
    fields: closureFields,
    deadlines: { cancelsOpen: true },
    effects: closureEffects,
    summary: 'close before any investigation; needs an outcome',
  },
  {
    event: 'close',
    from: DECISION_STATES_AFTER_INVESTIGATION,
    to: 'closed',
    roles: ['decision_maker'],
    guards: ['four_eyes', 'outcome_recorded', 'merge_target_named', 'not_linked_to_itself'],
    fields: { ...closureFields, summary: { ...closureFields.summary, required: true }, letter: letter('recipient.organisationName, reasons[], nextSteps[]?'), recipientEmail },
    deadlines: { cancelsOpen: true },
    documents: ['closure_letter'],
    effects: closureEffects,
    summary: 'close after an investigation opened: a decision (four eyes); needs an outcome',
  },
  {
    event: 'reopen',
    from: ['closed'],
    to: 'assessment',
    roles: ['decision_maker'],
    guards: ['reason_given'],
    fields: {},
    effects: {
      description: 'clears the outcome and closing time',
      apply: () => ({ changes: { outcome: null, closedAt: null, representationsReceivedAt: null } }),
    },
    summary: 'reopen a closed case, with a reason',
  },
  {
    event: 'assign_officer',
    from: OPEN_STATES,
    to: 'same',
    roles: ['case_officer', 'decision_maker'],
    guards: [],
    fields: {
      assignedOfficerId: { type: 'uuid', description: 'the officer handling the case' },
      investigatingOfficerId: { type: 'uuid', description: 'the investigating officer' },
    },
    oneOf: [{ fields: ['assignedOfficerId', 'investigatingOfficerId'], exclusive: false }],
    effects: {
      description: 'records the assigned and/or investigating officer',
      apply: ({ data }) => ({
        changes: {
          ...(typeof data.assignedOfficerId === 'string' ? { assignedOfficerId: data.assignedOfficerId } : {}),
          ...(typeof data.investigatingOfficerId === 'string' ? { investigatingOfficerId: data.investigatingOfficerId } : {}),
        },
      }),
    },
    summary: 'assign the case officer or the investigating officer',
  },
  {
    event: 'link_case',
    from: ['assessment', 'compliance_remediation', 'investigation', 'provisional_notice', 'confirmation_decision', 'non_compliance', 'business_disruption', 'closed'],
    to: 'same',
    roles: ['case_officer', 'decision_maker'],
    guards: ['not_linked_to_itself'],
    fields: {
      caseId: { type: 'uuid', required: true, description: 'the other case' },
      relation: { type: 'enum', values: CASE_LINK_RELATIONS, required: true, description: 'continues (a mirror or successor domain), related or merged_into' },
    },
    effects: {
      description: 'links this case to another',
      apply: ({ data }) => ({ links: [{ relation: data.relation as CaseLinkRelation, caseId: data.caseId as string }] }),
    },
    summary: 'link to another case',
  },
  {
    event: 'link_matters',
    from: OPEN_STATES,
    to: 'same',
    roles: ['case_officer', 'decision_maker'],
    guards: [],
    fields: { matterIds: { type: 'uuids', maxItems: 100, required: true, description: 'matters (from intake) this case covers' } },
    effects: { description: 'links matters to the case', apply: ({ data }) => ({ matterIds: data.matterIds as string[] }) },
    summary: 'add matters to the case',
  },
];

/** The case's creation: the table's entry point. */
export const CREATE_RULE = {
  to: 'assessment' as CaseState,
  roles: ['case_officer', 'decision_maker'] as RuleRoles,
  summary: 'from one or more matters, or directly',
};
