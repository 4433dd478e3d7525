import { describe, expect, it } from '@jest/globals';
import type { Principal, Role } from '@app/core';
import { navigationFor } from './navigation.js';

const principal = (...roles: Role[]): Principal => ({
  kind: 'user',
  id: 'u',
  organisationId: 'o',
  organisationKind: roles.includes('provider') ? 'provider' : 'regulator',
  roles,
  via: 'session',
});

describe('service navigation', () => {
  it('shows nothing to someone not signed in', () => {
    expect(navigationFor(undefined, '/')).toEqual([]);
  });

  it('offers administrators the admin pages and marks the current one', () => {
    const items = navigationFor(principal('admin'), '/admin/users/123');
    expect(items.map((i) => i.text)).toEqual(['Dashboard', 'Triage', 'Cases', 'Users', 'Organisations', 'Role policies', 'Super-complaints', 'API keys', 'Reports', 'Letter templates', 'Mail']);
    expect(items.filter((i) => i.current).map((i) => i.href)).toEqual(['/admin/users']);
  });

  it('offers a provider its dashboard and API keys only', () => {
    expect(navigationFor(principal('provider'), '/dashboard').map((i) => [i.text, i.current])).toEqual([
      ['Dashboard', true],
      ['API keys', false],
    ]);
  });

  it('offers a case officer no admin pages', () => {
    expect(navigationFor(principal('case_officer'), '/dashboard').map((i) => i.text)).toEqual(['Dashboard', 'Triage', 'Cases', 'My work', 'Super-complaints', 'Reports', 'Letter templates', 'Mail']);
  });
});
