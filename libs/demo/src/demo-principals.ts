import type { Principal } from '@app/core';
import type { UserAdminService } from '@app/identity';

const PAGE = 500;

/** Every user as the principal a demo step acts as, by lower-cased email (demo seeding only). */
export async function demoPrincipals(users: UserAdminService): Promise<Map<string, Principal>> {
  const byEmail = new Map<string, Principal>();
  let cursor: string | undefined;
  do {
    const page = await users.listUsers({ limit: PAGE, cursor });
    for (const u of page.items) {
      byEmail.set(u.email.toLowerCase(), {
        kind: 'user',
        id: u.id,
        organisationId: u.organisationId,
        organisationKind: u.organisationKind,
        roles: u.roles,
        email: u.email,
        name: u.name,
        via: 'session',
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return byEmail;
}
