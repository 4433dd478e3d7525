import { randomFillSync } from 'node:crypto';

/** Crockford's base 32: no I, L, O or U, so references read aloud and typed back without mistakes. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random bytes drawn from the CSPRNG a few kilobytes at a time (as randomUUID does), not ten at a time. */
const pool = Buffer.alloc(4000);
let poolOffset = pool.length;

/**
 * A reference the complainant can quote to ask for updates: `INT-XXXXX-XXXXX`, 50 random bits, so
 * that nobody can guess someone else's.
 */
export function newIntakeReference(): string {
  if (poolOffset + 10 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  let out = '';
  for (let i = 0; i < 10; i += 1) out += ALPHABET[(pool[poolOffset + i] as number) & 31];
  // Each byte is used once: the next reference takes fresh bytes.
  poolOffset += 10;
  return `INT-${out.slice(0, 5)}-${out.slice(5)}`;
}

/** Reads a reference as people type it: any case, spaces or missing hyphens, O for 0, I/L for 1. */
export function parseIntakeReference(input: string): string | undefined {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/^INT/, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(compact)) return undefined;
  return `INT-${compact.slice(0, 5)}-${compact.slice(5)}`;
}
