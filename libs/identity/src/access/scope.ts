import { isRegulator, notFound, type Principal } from '@app/core';

/**
 * The organisation an external principal (provider, complainant body) is confined to, or null for
 * regulator staff, who may see every organisation's objects. Add it to queries as a filter.
 */
export function scopeForExternal(principal: Principal): string | null {
  return isRegulator(principal) ? null : principal.organisationId;
}

/**
 * Throws 404 NOT_FOUND when an external principal reaches for another organisation's object: never
 * 403, which would confirm that the object exists.
 */
export function assertVisibleTo(principal: Principal, ownerOrganisationId: string | null | undefined, what: string): void {
  const scope = scopeForExternal(principal);
  if (scope !== null && scope !== ownerOrganisationId) throw notFound(what);
}
