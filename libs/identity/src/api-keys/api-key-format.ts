import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../shared.js';

/** Keys look like `osa_<8 hex prefix>_<43 base64url characters of secret>`. The prefix finds the row; the secret proves possession. */
const KEY_PATTERN = /^osa_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  key: string;
  prefix: string;
  secretHash: string;
}

/**
 * A new key: 32 random bytes (256 bits) of secret. Such a secret cannot be guessed or brute-forced,
 * so a fast hash (SHA-256) is the right way to store it: a slow password hash would add nothing but
 * cost on every API request.
 */
export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(4).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `osa_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('osa_');
}

export function parseApiKey(key: string): { prefix: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: match[1] as string, secret: match[2] as string } : undefined;
}

export function hashSecret(secret: string): string {
  return sha256Hex(secret);
}

export function secretMatches(secret: string, storedHash: string): boolean {
  return timingSafeEqual(Buffer.from(hashSecret(secret), 'hex'), Buffer.from(storedHash, 'hex'));
}
