import { describe, expect, it } from '@jest/globals';
import { generateApiKey, parseApiKey, secretMatches } from './api-key-format.js';

describe('API key format', () => {
  it('generates osa_<prefix>_<secret> keys that parse back and match their stored hash', () => {
    const { key, prefix, secretHash } = generateApiKey();
    expect(key).toMatch(/^osa_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(key);
    expect(parsed?.prefix).toBe(prefix);
    expect(secretMatches(parsed?.secret as string, secretHash)).toBe(true);
    expect(secretHash).not.toContain(parsed?.secret);
  });

  it('never repeats a key', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().key));
    expect(keys.size).toBe(200);
  });

  it('rejects anything not shaped like a key, and a secret that does not match', () => {
    expect(parseApiKey('osa_123_abc')).toBeUndefined();
    expect(parseApiKey('Bearer osa_0123abcd_' + 'a'.repeat(43))).toBeUndefined();
    const { secretHash } = generateApiKey();
    expect(secretMatches('a'.repeat(43), secretHash)).toBe(false);
  });
});
