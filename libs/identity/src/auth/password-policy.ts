import { DomainError } from '@app/core';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Passwords seen most often in breach corpora; longer than 11 characters or close to it once padded. */
const COMMON_PASSWORDS = new Set([
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  '123456789012',
  '1234567890123',
  '12345678901234',
  'qwertyuiopas',
  'qwerty123456',
  'qwertyuiop123',
  '1q2w3e4r5t6y',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'welcome123456',
  'administrator',
  'admin1234567',
  'changeme1234',
  'trustno11234',
  'football1234',
  'baseball1234',
  'sunshine1234',
  'princess1234',
  'aaaaaaaaaaaa',
  'abcdefghijkl',
  'abc123abc123',
  'correcthorsebatterystaple',
  'onlinesafety',
  'onlinesafety123',
]);

/** Refuses passwords that are short, the user's email (or its local part), or commonly used. */
export function checkPasswordStrength(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new DomainError('WEAK_PASSWORD', problem, { errors: [{ field: 'password', message: problem }] });
}

function passwordProblem(password: string, email: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Choose a password of at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lowered = password.toLowerCase();
  const address = email.trim().toLowerCase();
  if (lowered === address || lowered === address.split('@')[0]) return 'Choose a password that is not your email address.';
  if (COMMON_PASSWORDS.has(lowered) || /^(.)\1+$/.test(password)) return 'That password is too common. Choose a less predictable one, such as three or four unrelated words.';
  return undefined;
}
