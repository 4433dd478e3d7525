import { createHash, randomUUID } from 'node:crypto';
import { isHarmCategory, type HarmCategory } from '@app/core';
import { markerProblem, redact } from './confidential.js';
import {
  isClosureOutcome,
  isDecisionKind,
  isPublicStatus,
  type ClosureOutcome,
  type DecisionKind,
  type PublicStage,
  type PublicStatus,
} from './vocabulary.js';

/** A dated update as drafted (its text may mark confidential passages). */
export interface DraftUpdate {
  /** Stable across versions: the Atom entry and open-data identifier of the update. */
  id: string;
  date: string;
  text: string;
}

/** A decision linked from the entry: the issued case document it comes from, and its non-confidential text. */
export interface DraftDecision {
  id: string;
  /** The issued case document (cases context's case_documents) the text comes from, when there is one. */
  documentId: string | null;
  kind: DecisionKind;
  decidedOn: string;
  title: string;
  /** The grounds in a few sentences (statement of reasons). */
  grounds: string;
  /** The decision's text: a redacted copy the officer supplies, or the issued letter with passages marked. */
  text: string;
  penaltyPence: number | null;
  /** Steps the provider must take, in words ('' when none). */
  stepsRequired: string;
}

export interface StageDates {
  stage: PublicStage;
  startedOn: string;
  endedOn: string | null;
}

/** The public entry as an officer drafts it: every free text may mark confidential passages. */
export interface DraftContent {
  title: string;
  summary: string;
  providerName: string;
  /** Publish the provider and services under anonymisedLabel instead of their names. */
  anonymised: boolean;
  anonymisedLabel: string;
  services: string[];
  provisions: string[];
  harmCategories: HarmCategory[];
  openedOn: string;
  status: PublicStatus;
  outcome: ClosureOutcome | null;
  closedOn: string | null;
  /** The penalty imposed, when it is to be published (integer pence). */
  penaltyPence: number | null;
  stages: StageDates[];
  updates: DraftUpdate[];
  decisions: DraftDecision[];
}

export interface PublicUpdate {
  id: string;
  date: string;
  text: string;
  /** When this text was first published (an unchanged update keeps it across versions). */
  publishedAt: string;
}

export interface PublicDecision {
  id: string;
  kind: DecisionKind;
  decidedOn: string;
  title: string;
  grounds: string;
  text: string;
  penaltyPence: number | null;
  stepsRequired: string;
}

/** The non-confidential version: the only content public readers ever receive. */
export interface PublicEntry {
  reference: string;
  title: string;
  summary: string;
  /** The provider's name, or the anonymised label. */
  provider: string;
  anonymised: boolean;
  services: string[];
  provisions: string[];
  harmCategories: HarmCategory[];
  status: PublicStatus;
  outcome: ClosureOutcome | null;
  openedOn: string;
  closedOn: string | null;
  penaltyPence: number | null;
  stages: StageDates[];
  updates: PublicUpdate[];
  decisions: PublicDecision[];
  version: number;
  firstPublishedAt: string;
  lastPublishedAt: string;
}

export type ContentErrors = Record<string, string>;

const LEGAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isLegalDate = (value: unknown): value is string =>
  typeof value === 'string' && LEGAL_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

export const LIMITS = { title: 300, summary: 4000, name: 200, updates: 100, updateText: 4000, decisions: 20, decisionText: 100_000, grounds: 4000, list: 20 } as const;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '') : []);
const pence = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null);

/**
 * Checks a draft: required fields, sizes, legal dates, and that every confidential marker is well formed.
 * Returns field → message (empty when the draft may be saved and approved).
 */
export function checkDraft(content: DraftContent): ContentErrors {
  const errors: ContentErrors = {};
  const text = (field: string, value: string, label: string, max: number, required: boolean): void => {
    if (required && value.trim() === '') errors[field] = `Enter ${label}`;
    else if (value.length > max) errors[field] = `${sentence(label)} must be ${max} characters or fewer`;
    else {
      const problem = markerProblem(value);
      if (problem) errors[field] = `${sentence(label)} ${problem}`;
      else if (required && redact(value) === '') errors[field] = `${sentence(label)} must keep some text that is not confidential`;
    }
  };
  text('title', content.title, 'a title', LIMITS.title, true);
  text('summary', content.summary, 'a summary', LIMITS.summary, true);
  if (content.anonymised) text('anonymisedLabel', content.anonymisedLabel, 'the label that replaces the provider’s name', LIMITS.name, true);
  else text('providerName', content.providerName, 'the provider’s name', LIMITS.name, true);
  content.services.forEach((s, i) => text(`services-${i + 1}`, s, 'a service name', LIMITS.name, false));
  content.provisions.forEach((s, i) => text(`provisions-${i + 1}`, s, 'a legal provision', LIMITS.name, false));
  if (content.services.length > LIMITS.list) errors.services = `List at most ${LIMITS.list} services`;
  if (content.provisions.length > LIMITS.list) errors.provisions = `List at most ${LIMITS.list} provisions`;
  if (content.provisions.length === 0) errors.provisions = 'Enter the legal provisions investigated';
  if (content.harmCategories.length === 0) errors.harmCategories = 'Select at least one harm category';
  if (!isLegalDate(content.openedOn)) errors.openedOn = 'Enter the date the investigation opened as YYYY-MM-DD';
  if (!isPublicStatus(content.status)) errors.status = 'Select the status to publish';
  if (content.status === 'closed') {
    if (!content.outcome) errors.outcome = 'Select the outcome of the closed case';
    if (!isLegalDate(content.closedOn)) errors.closedOn = 'Enter the date the case closed as YYYY-MM-DD';
  }
  if (content.penaltyPence !== null && !(Number.isSafeInteger(content.penaltyPence) && content.penaltyPence >= 0)) errors.penaltyPence = 'Enter the penalty in pounds and pence, or leave it empty';
  if (content.updates.length > LIMITS.updates) errors.updates = `An entry holds at most ${LIMITS.updates} updates`;
  content.updates.forEach((u, i) => {
    if (!isLegalDate(u.date)) errors[`update-${i + 1}-date`] = `Enter the date of update ${i + 1} as YYYY-MM-DD`;
    text(`update-${i + 1}-text`, u.text, `the text of update ${i + 1}`, LIMITS.updateText, true);
  });
  if (content.decisions.length > LIMITS.decisions) errors.decisions = `An entry links at most ${LIMITS.decisions} decisions`;
  content.decisions.forEach((d, i) => {
    const n = i + 1;
    if (!isDecisionKind(d.kind)) errors[`decision-${n}-kind`] = `Select what kind of decision decision ${n} is`;
    if (!isLegalDate(d.decidedOn)) errors[`decision-${n}-decidedOn`] = `Enter the date of decision ${n} as YYYY-MM-DD`;
    text(`decision-${n}-title`, d.title, `the title of decision ${n}`, LIMITS.title, true);
    text(`decision-${n}-grounds`, d.grounds, `the grounds of decision ${n}`, LIMITS.grounds, true);
    text(`decision-${n}-text`, d.text, `the non-confidential text of decision ${n}`, LIMITS.decisionText, true);
    text(`decision-${n}-stepsRequired`, d.stepsRequired, `the steps required by decision ${n}`, LIMITS.grounds, false);
    if (d.penaltyPence !== null && !(Number.isSafeInteger(d.penaltyPence) && d.penaltyPence >= 0)) errors[`decision-${n}-penalty`] = `Enter the penalty of decision ${n} in pounds and pence, or leave it empty`;
  });
  return errors;
}

const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Reads stored or submitted content defensively: unknown values become empty ones, ids are kept or
 * created. The result still goes through checkDraft before it is saved.
 */
export function normaliseDraft(input: Record<string, unknown>): DraftContent {
  // Ids are identifiers in the feed and the open data: one given twice gets a new one the second time.
  const seen = new Set<string>();
  const uniqueId = (value: unknown): string => {
    let id = validId(value);
    if (seen.has(id)) id = randomUUID();
    seen.add(id);
    return id;
  };
  const updates = Array.isArray(input.updates) ? (input.updates as Record<string, unknown>[]) : [];
  const decisions = Array.isArray(input.decisions) ? (input.decisions as Record<string, unknown>[]) : [];
  const stages = Array.isArray(input.stages) ? (input.stages as Record<string, unknown>[]) : [];
  return {
    title: str(input.title).trim(),
    summary: str(input.summary).trim(),
    providerName: str(input.providerName).trim(),
    anonymised: input.anonymised === true,
    anonymisedLabel: str(input.anonymisedLabel).trim(),
    services: strings(input.services),
    provisions: strings(input.provisions),
    harmCategories: strings(input.harmCategories).filter(isHarmCategory),
    openedOn: str(input.openedOn),
    status: (isPublicStatus(input.status) ? input.status : 'investigation') as PublicStatus,
    outcome: isClosureOutcome(input.outcome) ? input.outcome : null,
    closedOn: isLegalDate(input.closedOn) ? input.closedOn : null,
    penaltyPence: pence(input.penaltyPence),
    stages: stages
      .filter((s) => typeof s?.stage === 'string' && isLegalDate(s.startedOn))
      .map((s) => ({ stage: s.stage as PublicStage, startedOn: s.startedOn as string, endedOn: isLegalDate(s.endedOn) ? s.endedOn : null })),
    updates: updates
      .filter((u) => u && typeof u === 'object')
      .map((u) => ({ id: uniqueId(u.id), date: str(u.date), text: str(u.text).trim() })),
    decisions: decisions
      .filter((d) => d && typeof d === 'object')
      .map((d) => ({
        id: uniqueId(d.id),
        documentId: typeof d.documentId === 'string' && UUID.test(d.documentId) ? d.documentId : null,
        kind: (isDecisionKind(d.kind) ? d.kind : 'other') as DecisionKind,
        decidedOn: str(d.decidedOn),
        title: str(d.title).trim(),
        grounds: str(d.grounds).trim(),
        text: str(d.text).trim(),
        penaltyPence: pence(d.penaltyPence),
        stepsRequired: str(d.stepsRequired).trim(),
      })),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const validId = (value: unknown): string => (typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : randomUUID());

/** Updates oldest first, then by id: the order pages and feeds show them in. */
const byDate = <T extends { date: string; id: string }>(a: T, b: T): number => a.date.localeCompare(b.date) || a.id.localeCompare(b.id);

/**
 * The non-confidential version of a checked draft, published at `publishedAt`. An update whose
 * public text is unchanged since `previous` keeps the time it was first published.
 */
export function toPublicEntry(
  reference: string,
  content: DraftContent,
  meta: { version: number; publishedAt: Date; firstPublishedAt: Date | null },
  previous: PublicEntry | null,
): PublicEntry {
  const published = meta.publishedAt.toISOString();
  const before = new Map((previous?.updates ?? []).map((u) => [u.id, u]));
  const provider = content.anonymised ? redact(content.anonymisedLabel) : redact(content.providerName);
  return {
    reference,
    title: redact(content.title),
    summary: redact(content.summary),
    provider,
    anonymised: content.anonymised,
    services: content.anonymised ? [] : content.services.map(redact).filter((s) => s !== ''),
    provisions: content.provisions.map(redact).filter((s) => s !== ''),
    harmCategories: [...content.harmCategories],
    status: content.status,
    outcome: content.status === 'closed' ? content.outcome : null,
    openedOn: content.openedOn,
    closedOn: content.status === 'closed' ? content.closedOn : null,
    penaltyPence: content.penaltyPence,
    stages: content.stages.map((s) => ({ ...s })),
    updates: [...content.updates].sort(byDate).map((u) => {
      const text = redact(u.text);
      const earlier = before.get(u.id);
      return { id: u.id, date: u.date, text, publishedAt: earlier && earlier.text === text && earlier.date === u.date ? earlier.publishedAt : published };
    }),
    decisions: [...content.decisions]
      .sort((a, b) => a.decidedOn.localeCompare(b.decidedOn) || a.id.localeCompare(b.id))
      .map((d) => ({
        id: d.id,
        kind: d.kind,
        decidedOn: d.decidedOn,
        title: redact(d.title),
        grounds: redact(d.grounds),
        text: redact(d.text),
        penaltyPence: d.penaltyPence,
        stepsRequired: redact(d.stepsRequired),
      })),
    version: meta.version,
    firstPublishedAt: (meta.firstPublishedAt ?? meta.publishedAt).toISOString(),
    lastPublishedAt: published,
  };
}

/** SHA-256 of the public content as published (recorded in the audit trail). */
export function publicHash(entry: PublicEntry): string {
  return createHash('sha256').update(JSON.stringify(entry)).digest('hex');
}
