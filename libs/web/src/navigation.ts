import type { Principal, Role } from '@app/core';

/** A link in the service navigation, shown to principals holding one of its roles. */
export interface NavigationLink {
  text: string;
  href: string;
  roles: readonly Role[];
  /** Other paths that belong to this area, so the link is marked current there too. */
  covers?: readonly string[];
}

const EVERYONE: readonly Role[] = ['admin', 'case_officer', 'decision_maker', 'analyst', 'provider', 'complainant_body'];
const REGULATOR: readonly Role[] = ['admin', 'case_officer', 'decision_maker', 'analyst'];

/**
 * The service navigation, in display order: the main areas only, so it stays readable. Tools used from
 * within an area (penalties, disruption applications, publication, extension requests, templates) are
 * reached from the case, the dashboard or the area itself, and mark their area as current. Areas of the
 * product add their entry here or on the dashboard when their pages exist, so that nobody is offered a
 * link to something that is not there.
 */
export const SERVICE_NAVIGATION: NavigationLink[] = [
  { text: 'Dashboard', href: '/dashboard', roles: EVERYONE },
  { text: 'Triage', href: '/triage', roles: REGULATOR },
  {
    text: 'Cases',
    href: '/cases',
    roles: REGULATOR,
    covers: ['/casework', '/disruption-applications', '/publication', '/penalties', '/documents'],
  },
  { text: 'My work', href: '/work-queue', roles: ['case_officer', 'decision_maker'] },
  { text: 'Programmes', href: '/programmes', roles: REGULATOR },
  { text: 'Super-complaints', href: '/super-complaints', roles: ['admin', 'case_officer', 'decision_maker', 'complainant_body'], covers: ['/eligible-entities'] },
  { text: 'Your notices', href: '/provider/notices', roles: ['provider'] },
  { text: 'Your penalties', href: '/provider/penalties', roles: ['provider'] },
  { text: 'Users', href: '/admin/users', roles: ['admin'], covers: ['/admin'] },
  { text: 'API keys', href: '/account/api-keys', roles: ['admin', 'provider', 'complainant_body'] },
  { text: 'Reports', href: '/reports/enforcement-timelines', roles: REGULATOR, covers: ['/reports'] },
  { text: 'Mail', href: '/mail', roles: ['admin', 'case_officer', 'decision_maker'] },
];

export interface NavigationItem {
  text: string;
  href: string;
  /** The page being shown is this item or below it. */
  current: boolean;
}

const isWithin = (path: string, href: string): boolean => path === href || path.startsWith(`${href}/`);

/** The links this principal may follow, marking the one that contains the current path. */
export function navigationFor(principal: Principal | undefined, path: string, links: NavigationLink[] = SERVICE_NAVIGATION): NavigationItem[] {
  if (!principal) return [];
  const visible = links.filter((link) => link.roles.some((role) => principal.roles.includes(role)));
  const matched = visible.flatMap((link) => [link.href, ...(link.covers ?? [])].filter((href) => isWithin(path, href)).map((href) => ({ link, href })));
  const current = matched.sort((a, b) => b.href.length - a.href.length)[0]?.link;
  return visible.map((link) => ({ text: link.text, href: link.href, current: link === current }));
}
