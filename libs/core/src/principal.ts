/** Who is making a request. Built by the identity context, read by every other. */
export const REGULATOR_ROLES = ['admin', 'case_officer', 'decision_maker', 'analyst'] as const;
export const EXTERNAL_ROLES = ['provider', 'complainant_body'] as const;
export const ROLES = [...REGULATOR_ROLES, ...EXTERNAL_ROLES] as const;
export type Role = (typeof ROLES)[number];

export type OrganisationKind = 'regulator' | 'provider' | 'eligible_entity';

export interface Principal {
  kind: 'user' | 'api_key';
  /** User id, or API key id. */
  id: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: Role[];
  email?: string;
  name?: string;
  /** How the request was authenticated. */
  via: 'session' | 'token' | 'api_key';
}

export const isRegulator = (p: Principal): boolean => p.organisationKind === 'regulator';
export const hasRole = (p: Principal, ...roles: Role[]): boolean => p.roles.some((r) => roles.includes(r));
