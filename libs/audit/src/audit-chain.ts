import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event that its hash covers. */
export interface HashedAuditFields {
  chainId: string;
  chainSeq: number;
  event: string;
  actorId: string | null;
  actorLabel: string;
  subjectType: string;
  subjectId: string | null;
  fromState: string | null;
  toState: string | null;
  changes: unknown;
  reason: string | null;
  requestId: string | null;
  occurredAt: Date;
  recordedAt: Date;
  data: unknown;
}

/** hash = sha256(previous hash + canonical JSON of the event). Changing any field, or the order, breaks the chain. */
export function hashAuditEvent(prevHash: string, fields: HashedAuditFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}

/** Anchors fold every chain's head into one hash, chained anchor to anchor. */
export function hashAnchor(prevAnchorHash: string, heads: { chainId: string; chainSeq: number; hash: string }[]): string {
  const sorted = [...heads].sort((a, b) => (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : 0));
  return createHash('sha256').update(prevAnchorHash).update('\n').update(canonicalJson(sorted)).digest('hex');
}
