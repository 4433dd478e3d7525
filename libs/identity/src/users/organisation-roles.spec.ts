import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@app/core';
import { apiKeyRoleFor, checkRolesForOrganisation } from './organisation-roles.js';

const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('which roles each kind of organisation may hold', () => {
  it('gives regulator staff any regulator role, and removes duplicates', () => {
    expect(checkRolesForOrganisation('regulator', ['admin', 'analyst', 'admin'])).toEqual(['admin', 'analyst']);
  });

  it('keeps providers to provider and eligible entities to complainant_body', () => {
    expect(checkRolesForOrganisation('provider', ['provider'])).toEqual(['provider']);
    expect(codeOf(() => checkRolesForOrganisation('provider', ['provider', 'case_officer']))).toBe('ROLES_NOT_ALLOWED_FOR_ORGANISATION');
    expect(codeOf(() => checkRolesForOrganisation('eligible_entity', ['provider']))).toBe('ROLES_NOT_ALLOWED_FOR_ORGANISATION');
    expect(codeOf(() => checkRolesForOrganisation('regulator', ['complainant_body']))).toBe('ROLES_NOT_ALLOWED_FOR_ORGANISATION');
  });

  it('refuses an empty list of roles', () => {
    expect(codeOf(() => checkRolesForOrganisation('regulator', []))).toBe('VALIDATION_FAILED');
  });

  it('gives API keys the external role of their organisation, and none to the regulator', () => {
    expect(apiKeyRoleFor('provider')).toBe('provider');
    expect(apiKeyRoleFor('eligible_entity')).toBe('complainant_body');
    expect(apiKeyRoleFor('regulator')).toBeUndefined();
  });
});
