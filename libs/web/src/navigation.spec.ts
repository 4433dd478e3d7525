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
    expect(items.map((i) => i.text)).toEqual(['Dashboard', 'Triage', 'Cases', 'Programmes', 'Super-complaints', 'Users', 'API keys', 'Reports', 'Mail']);
    expect(items.filter((i) => i.current).map((i) => i.href)).toEqual(['/admin/users']);
  });

  it('offers a provider its dashboard, its notices, its penalties and API keys only', () => {
    expect(navigationFor(principal('provider'), '/dashboard').map((i) => [i.text, i.current])).toEqual([
      ['Dashboard', true],
      ['Your notices', false],
      ['Your penalties', false],
      ['API keys', false],
    ]);
  });

  it('offers a case officer no admin pages', () => {
    expect(navigationFor(principal('case_officer'), '/dashboard').map((i) => i.text)).toEqual(['Dashboard', 'Triage', 'Cases', 'My work', 'Programmes', 'Super-complaints', 'Reports', 'Mail']);
  });

  it('marks the area of a page reached from within it, such as an application to the court under Cases', () => {
    const current = (path: string) => navigationFor(principal('admin'), path).filter((i) => i.current).map((i) => i.text);
    expect(current('/disruption-applications/123')).toEqual(['Cases']);
    expect(current('/penalties/calculator')).toEqual(['Cases']);
    expect(current('/admin/organisations')).toEqual(['Users']);
    expect(current('/eligible-entities/applications')).toEqual(['Super-complaints']);
    expect(current('/reports/committee-pack')).toEqual(['Reports']);
  });
});
