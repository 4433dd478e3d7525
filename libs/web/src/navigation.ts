import type { Principal, Role } from '@app/core';

/** A link in the service navigation, shown to principals holding one of its roles. */
export interface NavigationLink {
  text: string;
  href: string;
  roles: readonly Role[];
}

const EVERYONE: readonly Role[] = ['admin', 'case_officer', 'decision_maker', 'analyst', 'provider', 'complainant_body'];

/**
 * The service navigation, in display order. Areas of the product add their entry here when their
 * pages exist, so that nobody is offered a link to something that is not there.
 */
export const SERVICE_NAVIGATION: NavigationLink[] = [
  { text: 'Dashboard', href: '/dashboard', roles: EVERYONE },
  { text: 'Triage', href: '/triage', roles: ['admin', 'case_officer', 'decision_maker', 'analyst'] },
  { text: 'Cases', href: '/cases', roles: ['admin', 'case_officer', 'decision_maker', 'analyst'] },
  { text: 'My work', href: '/work-queue', roles: ['case_officer', 'decision_maker'] },
  { text: 'Users', href: '/admin/users', roles: ['admin'] },
  { text: 'Organisations', href: '/admin/organisations', roles: ['admin'] },
  { text: 'Role policies', href: '/admin/role-policies', roles: ['admin'] },
  { text: 'Super-complaints', href: '/super-complaints', roles: ['admin', 'case_officer', 'decision_maker', 'complainant_body'] },
  { text: 'API keys', href: '/account/api-keys', roles: ['admin', 'provider', 'complainant_body'] },
  { text: 'Reports', href: '/reports/enforcement-timelines', roles: ['admin', 'case_officer', 'decision_maker', 'analyst'] },
  { text: 'Letter templates', href: '/documents/templates', roles: ['admin', 'case_officer', 'decision_maker', 'analyst'] },
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
  const current = visible.filter((link) => isWithin(path, link.href)).sort((a, b) => b.href.length - a.href.length)[0];
  return visible.map((link) => ({ text: link.text, href: link.href, current: link === current }));
}
