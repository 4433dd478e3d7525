import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/audit';

/** What a provider notice is, by the letter template it was issued from. */
export const NOTICE_KINDS = ['information_notice', 'provisional_notice', 'confirmation_decision', 'closure_letter', 'warning_letter'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_SOURCE_TYPES = ['case', 'programme'] as const;
export type NoticeSourceType = (typeof NOTICE_SOURCE_TYPES)[number];

/**
 * `issued`: nothing is asked of the provider; `awaiting_response`: an answer (or representations) is
 * asked by a date; `responded`: it came (on time or late); `closed`: the process ended without one.
 */
export const NOTICE_STATUSES = ['issued', 'awaiting_response', 'responded', 'closed'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const SUBMISSION_KINDS = ['response', 'extension_request', 'representations'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

export const EXTENSION_DECISIONS = ['granted', 'refused'] as const;
export type ExtensionDecision = (typeof EXTENSION_DECISIONS)[number];

export const NOTICE_KIND_NAMES: Record<NoticeKind, string> = {
  information_notice: 'Information notice',
  provisional_notice: 'Provisional notice of contravention',
  confirmation_decision: 'Confirmation decision',
  closure_letter: 'Closure letter',
  warning_letter: 'Warning letter',
};

/** The deadline (deadlines context kind) a case notice of each kind starts, if any. */
export const DEADLINE_KIND_OF: Record<NoticeKind, readonly string[]> = {
  information_notice: ['information_notice_response'],
  provisional_notice: ['representations'],
  warning_letter: ['reminder'],
  confirmation_decision: ['compliance', 'penalty_payment'],
  closure_letter: [],
};

export function isNoticeKind(value: unknown): value is NoticeKind {
  return typeof value === 'string' && (NOTICE_KINDS as readonly string[]).includes(value);
}

/** Kinds whose notice asks the provider for an answer through the portal by its due date. */
export const ANSWERABLE_KINDS: readonly NoticeKind[] = ['information_notice', 'warning_letter'];

/** Whether a notice asks for something back: an answer, or representations on a provisional notice. */
export function asksForReply(kind: NoticeKind, dueOn: string | null): boolean {
  return dueOn !== null && (ANSWERABLE_KINDS.includes(kind) || kind === 'provisional_notice');
}

/** The UK (Europe/London) calendar date of an instant: legal deadlines are days in the UK. */
export function ukDateOf(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Received after the end of the due date (UK time) is late; with no due date nothing is late. */
export function isLate(receivedAt: Date, dueOn: string | null): boolean {
  return dueOn !== null && ukDateOf(receivedAt) > dueOn;
}

export interface AttachmentDigest {
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * The receipt's hash: SHA-256 over canonical JSON (sorted keys) of what was submitted, naming the
 * notice and the kind of submission, with each attachment by its own hash. Anyone holding the same
 * content and files can recompute it.
 */
export function receiptDigest(input: { noticeId: string; kind: SubmissionKind; content: Record<string, unknown>; attachments: readonly AttachmentDigest[] }): {
  canonical: string;
  sha256: string;
} {
  const canonical = canonicalJson({
    noticeId: input.noticeId,
    kind: input.kind,
    content: input.content,
    attachments: input.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, sizeBytes: a.sizeBytes, sha256: a.sha256 })),
  });
  return { canonical, sha256: createHash('sha256').update(canonical, 'utf8').digest('hex') };
}

export const sha256Of = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as PostgreSQL can keep it (jsonb refuses NUL and lone surrogates): NUL removed, lone surrogates replaced, trimmed. */
export function cleanText(text: string): string {
  return text.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD').trim();
}
