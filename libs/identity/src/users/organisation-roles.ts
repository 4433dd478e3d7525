import { DomainError, EXTERNAL_ROLES, REGULATOR_ROLES, type OrganisationKind, type Role } from '@app/core';

export const ORGANISATION_KINDS: readonly OrganisationKind[] = ['regulator', 'provider', 'eligible_entity'];

/** Which roles a user of each kind of organisation may hold. */
const ROLES_BY_KIND: Record<OrganisationKind, readonly Role[]> = {
  regulator: REGULATOR_ROLES,
  provider: ['provider'],
  eligible_entity: ['complainant_body'],
};

export function rolesAllowedFor(kind: OrganisationKind): readonly Role[] {
  return ROLES_BY_KIND[kind];
}

/** The role an API key of an external organisation acts with; regulator organisations get none. */
export function apiKeyRoleFor(kind: OrganisationKind): (typeof EXTERNAL_ROLES)[number] | undefined {
  if (kind === 'provider') return 'provider';
  if (kind === 'eligible_entity') return 'complainant_body';
  return undefined;
}

/** Refuses an empty role list, duplicates, or a role the organisation's kind cannot hold. */
export function checkRolesForOrganisation(kind: OrganisationKind, roles: readonly Role[]): Role[] {
  const unique = [...new Set(roles)];
  if (unique.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'Give the user at least one role.', { errors: [{ field: 'roles', message: 'must not be empty' }] });
  }
  const allowed = rolesAllowedFor(kind);
  const refused = unique.filter((role) => !allowed.includes(role));
  if (refused.length > 0) {
    throw new DomainError(
      'ROLES_NOT_ALLOWED_FOR_ORGANISATION',
      `A user of a ${kind.replace('_', ' ')} organisation can hold only ${allowed.join(', ')}; remove ${refused.join(', ')}.`,
      { errors: [{ field: 'roles', message: `not allowed for a ${kind} organisation: ${refused.join(', ')}` }] },
    );
  }
  return unique;
}
