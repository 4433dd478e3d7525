import type { Role } from '@app/core';

/** A piece of the product a role can use, as the dashboard offers it. */
export interface DashboardLink {
  text: string;
  href: string;
  description: string;
  roles: readonly Role[];
}

/**
 * What each role can do from the dashboard. Areas of the product add their entry here when their
 * pages or endpoints exist, so that the dashboard never offers something that is not there.
 */
export const DASHBOARD_LINKS: DashboardLink[] = [
  {
    text: 'My work',
    href: '/work-queue',
    description: 'The deadlines of the cases you hold, overdue and due soon first.',
    roles: ['case_officer', 'decision_maker'],
  },
  {
    text: 'Cases',
    href: '/cases',
    description: 'Find enforcement cases by state, officer, service, harm or overdue deadline, and open new ones.',
    roles: ['admin', 'case_officer', 'decision_maker', 'analyst'],
  },
  {
    text: 'Enforcement programmes',
    href: '/programmes',
    description: 'Review many services at once: information notices to every provider, reminders, and investigations opened from the programme.',
    roles: ['admin', 'case_officer', 'decision_maker', 'analyst'],
  },
  {
    text: 'Manage users',
    href: '/admin/users',
    description: 'Invite people, change their roles, reset their authenticator app, disable accounts.',
    roles: ['admin'],
  },
  {
    text: 'Manage organisations',
    href: '/admin/organisations',
    description: 'The regulator, service providers and eligible entities that have users.',
    roles: ['admin'],
  },
  {
    text: 'Role policies',
    href: '/admin/role-policies',
    description: 'Which roles must use an authenticator app to sign in.',
    roles: ['admin'],
  },
  {
    text: 'Super-complaints',
    href: '/super-complaints',
    description: 'Make a super-complaint, follow its status and dates, answer information requests and read the response.',
    roles: ['complainant_body'],
  },
  {
    text: 'Super-complaints',
    href: '/super-complaints',
    description: 'Every super-complaint from eligible entities: eligibility decisions, information requests and responses.',
    roles: ['admin', 'case_officer', 'decision_maker'],
  },
  {
    text: 'Eligible entity applications',
    href: '/eligible-entities/applications',
    description: 'Organisations applying to make super-complaints: assess the criteria and record the decision.',
    roles: ['admin', 'case_officer', 'decision_maker'],
  },
  {
    text: 'Your notices',
    href: '/provider/notices',
    description: 'Notices we issued to your organisation: read them, answer, ask for more time, make representations, and keep the receipts.',
    roles: ['provider'],
  },
  {
    text: 'Your penalties',
    href: '/provider/penalties',
    description: "Penalties imposed on your organisation's services: how each was calculated, when it is due, what we have received and what is outstanding.",
    roles: ['provider'],
  },
  {
    text: 'Extension requests',
    href: '/casework/extension-requests',
    description: 'Providers asking for more time to answer a notice: grant or refuse, with reasons.',
    roles: ['admin', 'case_officer', 'decision_maker'],
  },
  {
    text: 'API keys',
    href: '/account/api-keys',
    description: "Keys that let your organisation's systems use the API.",
    roles: ['admin', 'provider', 'complainant_body'],
  },
  {
    text: 'Triage',
    href: '/triage',
    description: 'Matters from intake, ranked by an explainable score: assess them, merge them, open cases.',
    roles: ['admin', 'case_officer', 'decision_maker', 'analyst'],
  },
  {
    text: 'Penalty calculator',
    href: '/penalties/calculator',
    description: 'Work out a penalty step by step under the Penalty Guidelines, with the statutory maximum, settlement and daily penalties.',
    roles: ['admin', 'case_officer', 'decision_maker', 'analyst'],
  },
  {
    text: 'Business disruption applications',
    href: '/disruption-applications',
    description: 'Applications to the court for service and access restriction orders, their hearings, orders and variations for new domains.',
    roles: ['admin', 'case_officer', 'decision_maker', 'analyst'],
  },
  {
    text: 'Publication',
    href: '/publication',
    description: 'Bulletin entries drafted, awaiting approval and published, with their confidential passages removed.',
    roles: ['admin', 'case_officer', 'decision_maker', 'analyst'],
  },
  {
    text: 'Enforcement timelines',
    href: '/reports/enforcement-timelines',
    description: 'How long each stage of enforcement takes, open cases counted, with the printable committee pack.',
    roles: ['admin', 'case_officer', 'decision_maker', 'analyst'],
  },
  {
    text: 'Public enforcement bulletin',
    href: '/enforcement',
    description: 'What the public sees: published investigations, updates and decisions, the Atom feed and open data.',
    roles: ['admin', 'case_officer', 'decision_maker', 'analyst'],
  },
  {
    text: 'Letter and notice templates',
    href: '/documents/templates',
    description: 'Preview the warning letters, notices and decisions the service produces.',
    roles: ['admin', 'case_officer', 'decision_maker', 'analyst'],
  },
  {
    text: 'Mail',
    href: '/mail',
    description: 'Every email the service has sent or is waiting to send, as its recipients see it.',
    roles: ['admin', 'case_officer', 'decision_maker'],
  },
  {
    text: 'Report form for the public',
    href: '/complaints',
    description: 'The form members of the public use to report a harmful website or app.',
    roles: ['admin', 'case_officer', 'decision_maker', 'analyst'],
  },
  {
    text: 'API documentation',
    href: '/api/docs',
    description: 'Every operation of the service, for systems and for checking what the service holds.',
    roles: ['admin', 'case_officer', 'decision_maker', 'analyst', 'provider', 'complainant_body'],
  },
];

export function dashboardLinksFor(roles: readonly Role[], links: DashboardLink[] = DASHBOARD_LINKS): DashboardLink[] {
  return links.filter((link) => link.roles.some((role) => roles.includes(role)));
}
