import { CLOSURE_OUTCOMES, type ClosureOutcome } from '@app/core';
/**
 * The letters and notices the regulator issues: one Handlebars template per name in
 * apps/server/views/letters, a typed data object per template, and realistic sample data for the
 * preview pages and render tests.
 */

/** A date with the lines that explain how it was worked out (from the deadlines context). */
export interface LetterDeadline {
  /** YYYY-MM-DD */
  dueOn: string;
  explanation: string[];
}

export interface LegalProvision {
  /** e.g. "Section 10(2)(a)". */
  reference: string;
  /** The duty in words. */
  description: string;
}

export interface LetterRecipient {
  organisationName: string;
  contactName?: string;
  addressLines?: string[];
}

export interface LetterService {
  name: string;
  url?: string;
}

export interface LetterSignatory {
  name: string;
  role: string;
  team: string;
  contactEmail: string;
}

export interface Letterhead {
  name: string;
  addressLines: string[];
}

/** What every letter carries. */
export interface LetterCommon {
  caseReference: string;
  /** The document's own reference, e.g. "OSA-2026-0042/PN/1". */
  documentReference?: string;
  /** YYYY-MM-DD: the date the document is issued. */
  issuedOn: string;
  recipient: LetterRecipient;
  service: LetterService;
  signatory: LetterSignatory;
  /** Defaults to the regulator's letterhead. */
  regulator?: Letterhead;
}

/** s.100 and s.102: what is required, why, the form, the deadline, the consequences of failing. */
export interface InformationNoticeData extends LetterCommon {
  /** Sent in draft first, for comments on feasibility. */
  draft?: boolean;
  /** YYYY-MM-DD, for a draft. */
  draftCommentsBy?: string;
  requirements: { item: string; detail?: string }[];
  /** Why the information is required, one paragraph each. */
  reasons: string[];
  /** The duties the information concerns. */
  provisions?: LegalProvision[];
  /** The form and manner of the response. */
  responseForm: string;
  /** The notice requires steps of the kind in s.100(3) (at least 7 days must be given). */
  requiresSteps?: boolean;
  deadline: LetterDeadline;
}

/** Outcome of an assessment: concerns, the duties concerned, the steps expected, a reply date. */
export interface WarningLetterData extends LetterCommon {
  findings: string[];
  provisions: LegalProvision[];
  expectedSteps: string[];
  deadline: LetterDeadline;
}

/** s.130: the duty and reasons, proposed steps and penalty, and the invitation to make representations. */
export interface ProvisionalNoticeData extends LetterCommon {
  contraventions: { provision: string; duty: string; reasons: string[] }[];
  proposedSteps?: { step: string; period: string }[];
  proposedPenalty?: {
    amountPence: number;
    dailyRatePence?: number;
    aggravatingFactors: string[];
    mitigatingFactors: string[];
  };
  /** The representations period: its end, how it was worked out, and the period in words ("20 working days"). */
  representations: LetterDeadline & { period: string };
}

/** s.132–s.137, with appeal rights (s.168) and publication (s.149). */
export interface ConfirmationDecisionData extends LetterCommon {
  /** YYYY-MM-DD */
  provisionalNoticeIssuedOn: string;
  contraventions: { provision: string; duty: string; findings: string[] }[];
  representations: { received: boolean; summary: string };
  requirements: { step: string; complyBy: LetterDeadline }[];
  penalty?: {
    amountPence: number;
    paymentDueBy: LetterDeadline;
    dailyRate?: { ratePence: number; startsOn: string; endsOn?: string; maxDays?: number };
    reasons: string[];
    paymentInstructions?: string;
  };
  /** Extra lines for the appeal rights section. */
  appealNotes?: string[];
}

export { CLOSURE_OUTCOMES, type ClosureOutcome };

export const CLOSURE_OUTCOME_LABELS: Record<ClosureOutcome, string> = {
  no_action: 'No further action',
  remediated: 'Closed after the provider remedied our concerns',
  warning_issued: 'Closed with a warning',
  geoblocked: 'Closed: the service stopped being available to UK users',
  no_contravention: 'Closed: no contravention found',
  complied: 'Closed: the provider complied with the confirmation decision',
  order_made: 'Closed: the court made a business disruption order',
  order_refused: 'Closed: the court refused a business disruption order',
  withdrawn: 'Closed: the case was withdrawn',
  merged: 'Closed: merged into another case',
};

export interface ClosureLetterData extends LetterCommon {
  outcome: ClosureOutcome;
  /** YYYY-MM-DD */
  closedOn: string;
  summary: string;
  reasons: string[];
  nextSteps?: string[];
  /** The case has a published entry that will show the closure. */
  published?: boolean;
}

export interface LetterTemplateData {
  information_notice: InformationNoticeData;
  warning_letter: WarningLetterData;
  provisional_notice: ProvisionalNoticeData;
  confirmation_decision: ConfirmationDecisionData;
  closure_letter: ClosureLetterData;
}

export type LetterTemplateName = keyof LetterTemplateData;

export interface LetterTemplateInfo<T extends LetterTemplateName = LetterTemplateName> {
  name: T;
  /** The document's name, e.g. "Provisional notice of contravention". */
  title: string;
  legalBasis: string;
  description: string;
  /** What the sample data shows, for the preview list. */
  sampleDescription: string;
  /** Dotted paths that must be present and not empty. */
  required: string[];
  /** Dotted paths holding YYYY-MM-DD dates (`[]` marks each element of a list). */
  dates: string[];
  sample: LetterTemplateData[T];
}

/** Where the letters come from unless the data names another letterhead. */
export const DEFAULT_LETTERHEAD: Letterhead = {
  name: 'Ofcom',
  addressLines: ['Riverside House', '2a Southwark Bridge Road', 'London SE1 9HA'],
};

const COMMON_REQUIRED = [
  'caseReference',
  'issuedOn',
  'recipient.organisationName',
  'service.name',
  'signatory.name',
  'signatory.role',
  'signatory.team',
  'signatory.contactEmail',
];

const sampleParties = {
  caseReference: 'OSA-2026-0042',
  issuedOn: '2026-05-13',
  recipient: {
    organisationName: 'Demo Platform Ltd',
    contactName: 'Alex Morgan, Head of Trust and Safety',
    addressLines: ['4 Example Yard', 'Manchester', 'M1 2AB'],
  },
  service: { name: 'DemoTube', url: 'https://demotube.example' },
  signatory: {
    name: 'Tom Okafor',
    role: 'Director of Enforcement',
    team: 'Online Safety Enforcement',
    contactEmail: 'enforcement@osa-enforcement.local',
  },
};

export const LETTER_TEMPLATES: { [T in LetterTemplateName]: LetterTemplateInfo<T> } = {
  information_notice: {
    name: 'information_notice',
    title: 'Information notice',
    legalBasis: 'Online Safety Act 2023, sections 100 and 102',
    description: 'Requires a provider to give information: what, why, in what form, by when, and what happens if it does not.',
    sampleDescription: 'An information notice to Demo Platform Ltd about its illegal-content risk assessment, due in 10 working days.',
    required: [...COMMON_REQUIRED, 'requirements', 'reasons', 'responseForm', 'deadline.dueOn', 'deadline.explanation'],
    dates: ['issuedOn', 'draftCommentsBy', 'deadline.dueOn'],
    sample: {
      ...sampleParties,
      documentReference: 'OSA-2026-0042/IN/1',
      requirements: [
        { item: 'Your most recent illegal content risk assessment for DemoTube', detail: 'The complete record, with the date it was completed and approved, and the name of the person responsible.' },
        { item: 'Your content moderation figures for January to April 2026', detail: 'Per month: reports of suspected intimate image abuse received, items removed, and the median time from report to removal.' },
        { item: 'A description of how you detect and remove known intimate image abuse material', detail: 'Including whether you use hash matching, and against which hash lists.' },
      ],
      reasons: [
        'We have received complaints that intimate images shared without consent remain available on DemoTube for long periods after being reported.',
        'We need the information to decide whether to open an investigation into your compliance with your illegal content duties.',
      ],
      provisions: [
        { reference: 'Section 9', description: 'the duty to carry out a suitable and sufficient illegal content risk assessment' },
        { reference: 'Section 10(3)(b)', description: 'the duty to swiftly take down illegal content once aware of it' },
      ],
      responseForm: 'Give your response in writing through the provider portal, as one PDF document with the moderation figures as a spreadsheet (CSV or XLSX). Answer each requirement under its number.',
      deadline: {
        dueOn: '2026-05-28',
        explanation: [
          'The period starts on 13 May 2026, the date of this notice.',
          '10 working days in England and Wales; day 1 is 14 May 2026.',
          '25 May 2026 (Spring bank holiday) is not a working day.',
          'The last day is 28 May 2026.',
        ],
      },
    },
  },
  warning_letter: {
    name: 'warning_letter',
    title: 'Warning letter',
    legalBasis: 'Online Safety Act 2023 (regulator practice before formal enforcement)',
    description: 'Tells a provider what we found, which duties are concerned and what we expect, before any formal enforcement.',
    sampleDescription: 'A warning to Demo Platform Ltd about slow removal of reported intimate image abuse, asking for a reply in 15 working days.',
    required: [...COMMON_REQUIRED, 'findings', 'provisions', 'expectedSteps', 'deadline.dueOn', 'deadline.explanation'],
    dates: ['issuedOn', 'deadline.dueOn'],
    sample: {
      ...sampleParties,
      documentReference: 'OSA-2026-0042/WL/1',
      findings: [
        'Between January and April 2026 we received 37 complaints that intimate images reported to DemoTube were still available more than 7 days after being reported.',
        'Your published terms of service do not explain how users can report intimate image abuse.',
      ],
      provisions: [
        { reference: 'Section 10(3)(b)', description: 'the duty to swiftly take down illegal content once aware of it' },
        { reference: 'Section 20', description: 'the duty to operate systems that allow users to easily report illegal content' },
      ],
      expectedSteps: [
        'Remove reported intimate image abuse within 48 hours of a report.',
        'Publish a clear reporting route for intimate image abuse in your terms of service and in the app.',
        'Join a hash-matching scheme for known intimate image abuse material.',
      ],
      deadline: {
        dueOn: '2026-06-04',
        explanation: [
          'The period starts on 13 May 2026, the date of this letter.',
          '15 working days in England and Wales; day 1 is 14 May 2026.',
          '25 May 2026 (Spring bank holiday) is not a working day.',
          'The last day is 4 June 2026.',
        ],
      },
    },
  },
  provisional_notice: {
    name: 'provisional_notice',
    title: 'Provisional notice of contravention',
    legalBasis: 'Online Safety Act 2023, section 130',
    description: 'States the duties we believe the provider is failing and why, the steps and penalty we propose, and invites representations within a stated period.',
    sampleDescription: 'A provisional notice to Demo Platform Ltd proposing steps and a £2,500,000 penalty, with 20 working days for representations.',
    required: [...COMMON_REQUIRED, 'contraventions', 'representations.dueOn', 'representations.explanation', 'representations.period'],
    dates: ['issuedOn', 'representations.dueOn'],
    sample: {
      ...sampleParties,
      documentReference: 'OSA-2026-0042/PN/1',
      contraventions: [
        {
          provision: 'Section 10(3)(b)',
          duty: 'the duty to swiftly take down illegal content once aware of it',
          reasons: [
            'Your own figures show a median of 9 days between a report of intimate image abuse and its removal in January to April 2026.',
            'In 112 cases reported content stayed available for more than 30 days.',
          ],
        },
        {
          provision: 'Section 9',
          duty: 'the duty to carry out a suitable and sufficient illegal content risk assessment',
          reasons: ['Your risk assessment of 14 March 2025 does not assess the risk of intimate image abuse at all, although the service allows users to upload images and video.'],
        },
      ],
      proposedSteps: [
        { step: 'Remove reported intimate image abuse within 48 hours of a report.', period: '10 working days of a confirmation decision' },
        { step: 'Carry out and record a new illegal content risk assessment covering intimate image abuse.', period: '3 months of a confirmation decision' },
      ],
      proposedPenalty: {
        amountPence: 250_000_000,
        dailyRatePence: 50_000,
        aggravatingFactors: ['The harm to survivors of intimate image abuse is serious and continues while content stays available.', 'The failure lasted at least four months after we first raised it.'],
        mitigatingFactors: ['You joined a hash-matching scheme in April 2026.'],
      },
      representations: {
        period: '20 working days',
        dueOn: '2026-06-11',
        explanation: [
          'The period starts on 13 May 2026, the date of this notice.',
          '20 working days in England and Wales; day 1 is 14 May 2026.',
          '25 May 2026 (Spring bank holiday) is not a working day.',
          'The last day is 11 June 2026.',
        ],
      },
    },
  },
  confirmation_decision: {
    name: 'confirmation_decision',
    title: 'Confirmation decision',
    legalBasis: 'Online Safety Act 2023, sections 132 to 137; appeal under section 168; publication under section 149',
    description: 'Confirms the contravention, lists the steps required with their deadlines and the penalty with its payment date, and states appeal rights.',
    sampleDescription: 'A confirmation decision against Demo Platform Ltd: steps within 10 working days and a £2,000,000 penalty payable in 30 days.',
    required: [...COMMON_REQUIRED, 'provisionalNoticeIssuedOn', 'contraventions', 'representations.summary'],
    dates: ['issuedOn', 'provisionalNoticeIssuedOn', 'requirements[].complyBy.dueOn', 'penalty.paymentDueBy.dueOn', 'penalty.dailyRate.startsOn', 'penalty.dailyRate.endsOn'],
    sample: {
      ...sampleParties,
      documentReference: 'OSA-2026-0042/CD/1',
      provisionalNoticeIssuedOn: '2026-03-02',
      contraventions: [
        {
          provision: 'Section 10(3)(b)',
          duty: 'the duty to swiftly take down illegal content once aware of it',
          findings: [
            'Between January and April 2026 reported intimate image abuse stayed available for a median of 9 days.',
            'Your representations did not show that removal times had improved.',
          ],
        },
      ],
      representations: {
        received: true,
        summary: 'You made written representations on 27 March 2026, saying that a new moderation team would reduce removal times. We considered them, but the figures you gave for April 2026 show no reduction, so they do not change our decision.',
      },
      requirements: [
        {
          step: 'Remove reported intimate image abuse within 48 hours of a report, and keep a record of each report and its removal time.',
          complyBy: {
            dueOn: '2026-05-28',
            explanation: [
              'The period starts on 13 May 2026, the date of this decision.',
              '10 working days in England and Wales; day 1 is 14 May 2026.',
              '25 May 2026 (Spring bank holiday) is not a working day.',
              'The last day is 28 May 2026.',
            ],
          },
        },
      ],
      penalty: {
        amountPence: 200_000_000,
        paymentDueBy: {
          dueOn: '2026-06-12',
          explanation: ['The period starts on 13 May 2026, the date of this decision.', '30 calendar days; day 1 is 14 May 2026.', 'The last day is 12 June 2026.'],
        },
        dailyRate: { ratePence: 50_000, startsOn: '2026-05-29', maxDays: 60 },
        reasons: [
          'The failure is serious: it leaves survivors of intimate image abuse exposed for days after they ask for help.',
          'We reduced the penalty because you joined a hash-matching scheme in April 2026.',
          'The penalty is well within the statutory maximum: the greater of £18 million and 10% of your qualifying worldwide revenue.',
        ],
      },
    },
  },
  closure_letter: {
    name: 'closure_letter',
    title: 'Closure letter',
    legalBasis: 'Online Safety Act 2023 (closure of an enforcement case)',
    description: 'Tells the provider that a case has closed, with its outcome and reasons.',
    sampleDescription: 'Closure of the case against Demo Platform Ltd after it complied with the confirmation decision.',
    required: [...COMMON_REQUIRED, 'outcome', 'closedOn', 'summary', 'reasons'],
    dates: ['issuedOn', 'closedOn'],
    sample: {
      ...sampleParties,
      issuedOn: '2026-07-20',
      documentReference: 'OSA-2026-0042/CL/1',
      outcome: 'complied',
      closedOn: '2026-07-20',
      summary: 'You took the steps the confirmation decision required and paid the penalty.',
      reasons: [
        'Your records for June 2026 show reported intimate image abuse removed within 48 hours in 98% of cases.',
        'The penalty of £2,000,000 was paid on 10 June 2026.',
      ],
      nextSteps: ['We will ask for your removal figures again in six months as part of our supervision of DemoTube.'],
      published: true,
    },
  },
};

export const LETTER_TEMPLATE_NAMES = Object.keys(LETTER_TEMPLATES) as LetterTemplateName[];

export function isLetterTemplateName(name: string): name is LetterTemplateName {
  return Object.prototype.hasOwnProperty.call(LETTER_TEMPLATES, name);
}
