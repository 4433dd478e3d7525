import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@app/core';
import { assertVisibleTo, scopeForExternal } from './scope.js';

const officer: Principal = { kind: 'user', id: 'u1', organisationId: 'regulator', organisationKind: 'regulator', roles: ['case_officer'], via: 'token' };
const provider: Principal = { kind: 'api_key', id: 'k1', organisationId: 'acme', organisationKind: 'provider', roles: ['provider'], via: 'api_key' };

describe('organisation scope of external users', () => {
  it('confines providers and complainant bodies to their own organisation; regulator staff see all', () => {
    expect(scopeForExternal(officer)).toBeNull();
    expect(scopeForExternal(provider)).toBe('acme');
  });

  it("answers another organisation's object with NOT_FOUND", () => {
    expect(() => assertVisibleTo(provider, 'acme', 'The notice')).not.toThrow();
    expect(() => assertVisibleTo(officer, 'acme', 'The notice')).not.toThrow();
    expect(() => assertVisibleTo(provider, 'globex', 'The notice')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', detail: 'The notice was not found.' }));
  });
});
