import { DomainError, type FieldError } from '@app/core';

/** Hashes accepted as evidence instead of the content itself. */
export const HASH_ALGORITHMS = ['pdq', 'md5', 'sha256', 'photodna'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

export interface EvidenceInput {
  url?: string;
  hashAlgorithm?: string;
  hash?: string;
  description?: string;
}

export interface Evidence {
  kind: 'url' | 'hash' | 'description';
  url?: string;
  hashAlgorithm?: HashAlgorithm;
  hash?: string;
  description?: string;
}

const HEX = (length: number): RegExp => new RegExp(`^[0-9a-f]{${length}}$`);
const HASH_FORMATS: Record<HashAlgorithm, { test: (v: string) => boolean; expected: string }> = {
  md5: { test: (v) => HEX(32).test(v), expected: '32 hexadecimal characters' },
  sha256: { test: (v) => HEX(64).test(v), expected: '64 hexadecimal characters' },
  pdq: { test: (v) => HEX(64).test(v), expected: '64 hexadecimal characters (a 256-bit PDQ hash)' },
  // PhotoDNA identifiers are opaque: printable, no spaces, bounded.
  photodna: { test: (v) => /^[\x21-\x7e]{8,2048}$/.test(v), expected: 'an opaque identifier of 8 to 2048 printable characters without spaces' },
};

/** Normalises a hash for matching: hex hashes lower case; PhotoDNA identifiers kept as given. */
export function normaliseHash(algorithm: HashAlgorithm, value: string): string {
  return algorithm === 'photodna' ? value.trim() : value.trim().toLowerCase();
}

/**
 * Checks evidence items: each is a link, a hash (with its algorithm) or a description, or a mix.
 * URLs are checked by the caller's normaliser.
 */
export function validateEvidence(items: EvidenceInput[], field = 'evidence', normaliseUrl: (url: string, field: string) => string): Evidence[] {
  const errors: FieldError[] = [];
  const out: Evidence[] = [];
  items.forEach((item, i) => {
    const at = `${field}[${i}]`;
    const hasHash = item.hash !== undefined && item.hash !== '';
    const hasAlgorithm = item.hashAlgorithm !== undefined && item.hashAlgorithm !== '';
    if (!item.url && !hasHash && !item.description) {
      errors.push({ field: at, message: 'give a url, a hash with its hashAlgorithm, or a description' });
      return;
    }
    const evidence: Evidence = { kind: hasHash ? 'hash' : item.url ? 'url' : 'description' };
    if (item.url) {
      try {
        evidence.url = normaliseUrl(item.url, `${at}.url`);
      } catch (error) {
        if (error instanceof DomainError) errors.push(...(error.extras.errors ?? [{ field: `${at}.url`, message: error.detail }]));
        else throw error;
      }
    }
    if (hasHash !== hasAlgorithm) {
      errors.push({ field: hasHash ? `${at}.hashAlgorithm` : `${at}.hash`, message: 'a hash needs its algorithm and an algorithm needs its hash' });
    } else if (hasHash) {
      const algorithm = item.hashAlgorithm as HashAlgorithm;
      if (!(HASH_ALGORITHMS as readonly string[]).includes(algorithm)) {
        errors.push({ field: `${at}.hashAlgorithm`, message: `must be one of ${HASH_ALGORITHMS.join(', ')}` });
      } else {
        const value = normaliseHash(algorithm, item.hash as string);
        if (!HASH_FORMATS[algorithm].test(value)) errors.push({ field: `${at}.hash`, message: `a ${algorithm} hash is ${HASH_FORMATS[algorithm].expected}` });
        else Object.assign(evidence, { hashAlgorithm: algorithm, hash: value });
      }
    }
    if (item.description) evidence.description = item.description.trim();
    out.push(evidence);
  });
  if (errors.length > 0) {
    throw new DomainError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
  return out;
}

/** The kinds of evidence supplied, for triage. */
export function evidenceKinds(evidence: Evidence[], hasDescription: boolean): string[] {
  const kinds = new Set(evidence.map((e) => e.kind));
  if (hasDescription) kinds.add('description');
  return [...kinds].sort();
}
