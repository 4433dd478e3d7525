import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@app/core';
import { checkPasswordStrength } from './password-policy.js';

const refusal = (password: string, email = 'sam@example.test'): string | undefined => {
  try {
    checkPasswordStrength(password, email);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('WEAK_PASSWORD');
    return (error as DomainError).detail;
  }
};

describe('password strength', () => {
  it('accepts a passphrase of 12 characters or more', () => {
    expect(refusal('plum kettle orbit')).toBeUndefined();
    expect(refusal('abcdefghijk1')).toBeUndefined();
  });

  it('refuses fewer than 12 characters', () => {
    expect(refusal('abcdefghij1')).toMatch(/at least 12/);
  });

  it("refuses the user's own email address or its local part, in any case", () => {
    expect(refusal('Sam@Example.Test')).toMatch(/email/);
    expect(refusal('samuel.jones1', 'samuel.jones1@example.test')).toMatch(/email/);
  });

  it('refuses common passwords and one character repeated', () => {
    expect(refusal('Password1234')).toMatch(/common/);
    expect(refusal('zzzzzzzzzzzzzz')).toMatch(/common/);
  });
});
