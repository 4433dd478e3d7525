import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed', () => {
    expect(box.open(box.seal('JBSWY3DPEHPK3PXP', 'user:1'), 'user:1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('never produces the same ciphertext twice', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a value moved to another owner or tampered with', () => {
    const sealed = box.seal('secret', 'user:1');
    expect(() => box.open(sealed, 'user:2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'user:1')).toThrow();
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(/32-byte/);
  });
});
