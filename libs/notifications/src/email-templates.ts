/** The emails the service sends: one Handlebars template per name in apps/server/views/emails. */

export interface DeadlineReminderEmail {
  recipientName?: string;
  caseReference: string;
  /** What is due, e.g. "Response to the information notice". */
  deadlineLabel: string;
  /** YYYY-MM-DD */
  dueOn: string;
  daysRemaining: number;
  /** How the due date was worked out, one line each (from the deadlines context). */
  explanation?: string[];
  /** Path (from the service root) or URL of the case. */
  link?: string;
}

export interface DeadlineOverdueEscalationEmail {
  recipientName?: string;
  caseReference: string;
  deadlineLabel: string;
  /** YYYY-MM-DD */
  dueOn: string;
  daysOverdue: number;
  responsibleName?: string;
  link?: string;
}

export interface NoticeIssuedEmail {
  recipientName?: string;
  providerName: string;
  /** e.g. "Provisional notice of contravention". */
  documentTitle: string;
  caseReference: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  /** YYYY-MM-DD, when the notice asks for a response. */
  respondBy?: string;
  /** Path or URL of the notice in the provider portal. */
  portalLink: string;
}

export interface InvitationEmail {
  recipientName?: string;
  organisationName: string;
  /** The role in words, e.g. "case officer". */
  roleLabel: string;
  invitedByName?: string;
  /** Path or URL carrying the one-time invitation token. */
  acceptLink: string;
  /** ISO 8601 instant. */
  expiresAt: string;
}

export interface CaseUpdateEmail {
  recipientName?: string;
  caseReference: string;
  headline: string;
  /** Plain-text paragraphs. */
  paragraphs: string[];
  link?: string;
}

export interface EmailTemplateData {
  deadline_reminder: DeadlineReminderEmail;
  deadline_overdue_escalation: DeadlineOverdueEscalationEmail;
  notice_issued: NoticeIssuedEmail;
  invitation: InvitationEmail;
  case_update: CaseUpdateEmail;
}

export type EmailTemplateName = keyof EmailTemplateData;

export interface EmailTemplateInfo<T extends EmailTemplateName = EmailTemplateName> {
  name: T;
  description: string;
  /** Fields the template cannot do without. */
  required: (keyof EmailTemplateData[T] & string)[];
  /** Realistic sample data for previews and render tests. */
  sample: EmailTemplateData[T];
}

export const EMAIL_TEMPLATES: { [T in EmailTemplateName]: EmailTemplateInfo<T> } = {
  deadline_reminder: {
    name: 'deadline_reminder',
    description: 'Reminds the person responsible that a statutory or case deadline is coming up.',
    required: ['caseReference', 'deadlineLabel', 'dueOn', 'daysRemaining'],
    sample: {
      recipientName: 'Priya Shah',
      caseReference: 'OSA-2026-0042',
      deadlineLabel: 'Response to the information notice',
      dueOn: '2026-05-28',
      daysRemaining: 3,
      explanation: [
        'Starts on 13 May 2026 (the notice was given).',
        '10 working days in England and Wales: day 1 is 14 May 2026.',
        '25 May 2026 is a bank holiday and is not counted.',
        'Due on 28 May 2026.',
      ],
      link: '/cases/8b0f5a52-6c1e-4c3b-9a3e-2f1d7a9c4e10',
    },
  },
  deadline_overdue_escalation: {
    name: 'deadline_overdue_escalation',
    description: 'Escalates a missed deadline to a decision maker.',
    required: ['caseReference', 'deadlineLabel', 'dueOn', 'daysOverdue'],
    sample: {
      recipientName: 'Tom Okafor',
      caseReference: 'OSA-2026-0042',
      deadlineLabel: 'Response to the information notice',
      dueOn: '2026-05-28',
      daysOverdue: 2,
      responsibleName: 'Priya Shah',
      link: '/cases/8b0f5a52-6c1e-4c3b-9a3e-2f1d7a9c4e10',
    },
  },
  notice_issued: {
    name: 'notice_issued',
    description: 'Tells a provider that a notice or letter was issued to it, with a link to the provider portal.',
    required: ['providerName', 'documentTitle', 'caseReference', 'issuedOn', 'portalLink'],
    sample: {
      recipientName: 'Alex Morgan',
      providerName: 'Demo Platform Ltd',
      documentTitle: 'Information notice',
      caseReference: 'OSA-2026-0042',
      issuedOn: '2026-05-13',
      respondBy: '2026-05-28',
      portalLink: '/provider/notices/1f3c2a9e-8d7b-4c6a-9e2f-0a1b2c3d4e5f',
    },
  },
  invitation: {
    name: 'invitation',
    description: 'Invites a person to create an account for their organisation.',
    required: ['organisationName', 'roleLabel', 'acceptLink', 'expiresAt'],
    sample: {
      recipientName: 'Sam Lee',
      organisationName: 'Demo Platform Ltd',
      roleLabel: 'provider contact',
      invitedByName: 'Priya Shah',
      acceptLink: '/invitations/accept?token=sample-token',
      expiresAt: '2026-05-20T17:00:00.000Z',
    },
  },
  case_update: {
    name: 'case_update',
    description: 'A general update about a case for the people following it.',
    required: ['caseReference', 'headline', 'paragraphs'],
    sample: {
      recipientName: 'Priya Shah',
      caseReference: 'OSA-2026-0042',
      headline: 'Representations received',
      paragraphs: [
        'Demo Platform Ltd sent written representations on the provisional notice of contravention.',
        'They must be considered before a confirmation decision is made.',
      ],
      link: '/cases/8b0f5a52-6c1e-4c3b-9a3e-2f1d7a9c4e10',
    },
  },
};

export const EMAIL_TEMPLATE_NAMES = Object.keys(EMAIL_TEMPLATES) as EmailTemplateName[];

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.prototype.hasOwnProperty.call(EMAIL_TEMPLATES, name);
}
