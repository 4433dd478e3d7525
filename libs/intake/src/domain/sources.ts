import type { Role } from '@app/core';

/** Where intake comes from (domain reference §2). Canonical codes: never rename. */
export const INTAKE_SOURCES = [
  'complaint',
  'provider_self_report',
  'supervision',
  'other_regulatory_function',
  'whistleblower',
  'other_body',
  'super_complaint',
] as const;
export type IntakeSource = (typeof INTAKE_SOURCES)[number];

export const SOURCE_LABELS: Record<IntakeSource, string> = {
  complaint: 'Public complaint',
  provider_self_report: 'Provider self-report',
  supervision: 'Supervision engagement',
  other_regulatory_function: 'Other regulatory function',
  whistleblower: 'Whistleblower or industry stakeholder',
  other_body: 'Information from another body',
  super_complaint: 'Super-complaint',
};

/** How an item arrived. */
export const RECEIVED_VIA = ['api', 'form', 'officer', 'bulk_import'] as const;
export type ReceivedVia = (typeof RECEIVED_VIA)[number];

const REGULATOR_STAFF: Role[] = ['admin', 'case_officer', 'decision_maker', 'analyst'];

/**
 * Who may file each source. `anonymous` means no sign-in is needed. Regulator staff can enter every
 * source on someone's behalf (officer-entered intake: contact centre, post, meetings).
 */
export const SOURCE_FILERS: Record<IntakeSource, { anonymous: boolean; roles: Role[] }> = {
  complaint: { anonymous: true, roles: [...REGULATOR_STAFF, 'provider', 'complainant_body'] },
  provider_self_report: { anonymous: false, roles: [...REGULATOR_STAFF, 'provider'] },
  supervision: { anonymous: false, roles: REGULATOR_STAFF },
  other_regulatory_function: { anonymous: false, roles: REGULATOR_STAFF },
  whistleblower: { anonymous: false, roles: REGULATOR_STAFF },
  other_body: { anonymous: false, roles: REGULATOR_STAFF },
  super_complaint: { anonymous: false, roles: [...REGULATOR_STAFF, 'complainant_body'] },
};

/**
 * Who may read the reporter's identity and contact details. A whistleblower's identity is the most
 * guarded: only admins (the whistleblowing desk) and decision makers.
 */
export const REPORTER_READERS: Record<IntakeSource, Role[]> = {
  complaint: ['admin', 'case_officer', 'decision_maker'],
  provider_self_report: ['admin', 'case_officer', 'decision_maker'],
  supervision: ['admin', 'case_officer', 'decision_maker'],
  other_regulatory_function: ['admin', 'case_officer', 'decision_maker'],
  whistleblower: ['admin', 'decision_maker'],
  other_body: ['admin', 'case_officer', 'decision_maker'],
  super_complaint: ['admin', 'case_officer', 'decision_maker'],
};

/** Who may read details of the person affected (a victim or survivor). */
export const PERSON_AFFECTED_READERS: Role[] = ['admin', 'case_officer', 'decision_maker'];

/** The privacy context's kind of data subject for the reporter of each source. */
export const REPORTER_SUBJECT_KIND: Record<IntakeSource, 'complainant' | 'whistleblower' | 'contact'> = {
  complaint: 'complainant',
  provider_self_report: 'contact',
  supervision: 'contact',
  other_regulatory_function: 'contact',
  whistleblower: 'whistleblower',
  other_body: 'contact',
  super_complaint: 'contact',
};

/** Days after which personal data of intake that led to nothing is crypto-shredded, by default. */
export const DEFAULT_RETENTION_DAYS: Record<IntakeSource, number> = {
  complaint: 365,
  provider_self_report: 730,
  supervision: 730,
  other_regulatory_function: 730,
  whistleblower: 1095,
  other_body: 730,
  super_complaint: 1095,
};

export const isIntakeSource = (value: unknown): value is IntakeSource => typeof value === 'string' && (INTAKE_SOURCES as readonly string[]).includes(value);
