import { HARM_LABELS, isHarmCategory } from '@app/core';
import { CLOSURE_OUTCOME_LABELS, type ClosureOutcome } from '@app/documents';
import type { PublicEntry } from '../domain/entry-content.js';
import { formatPounds } from '../domain/proposals.js';
import { DECISION_KIND_LABELS, PUBLIC_STATUS_LABELS, type DecisionKind, type PublicStatus } from '../domain/vocabulary.js';

const STATUS_COLOURS: Record<PublicStatus, string> = {
  investigation: 'blue',
  provisional_notice: 'yellow',
  confirmation_decision: 'orange',
  non_compliance: 'red',
  business_disruption: 'red',
  closed: 'grey',
};

export const STAGE_LABELS: Record<string, string> = {
  investigation: 'Investigation',
  representations: 'Representations on the provisional notice',
  compliance: 'Compliance with the decision',
  disruption: 'Business disruption',
};

/** Paragraphs of a published text (blank lines separate them). */
export const paragraphs = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');

export const harmName = (code: string): string => (isHarmCategory(code) ? HARM_LABELS[code] : code);

/** A published entry as the public pages and the officers' preview show it. */
export function entryPage(entry: PublicEntry) {
  return {
    ...entry,
    statusTag: { text: PUBLIC_STATUS_LABELS[entry.status] ?? entry.status, colour: STATUS_COLOURS[entry.status] ?? 'grey' },
    outcomeName: entry.outcome ? (CLOSURE_OUTCOME_LABELS[entry.outcome as ClosureOutcome] ?? entry.outcome) : null,
    penalty: entry.penaltyPence !== null ? formatPounds(entry.penaltyPence) : null,
    harmNames: entry.harmCategories.map(harmName),
    summaryParagraphs: paragraphs(entry.summary),
    stages: entry.stages.map((s) => ({ ...s, name: STAGE_LABELS[s.stage] ?? s.stage })),
    updatesNewestFirst: [...entry.updates].reverse().map((u) => ({ ...u, paragraphs: paragraphs(u.text) })),
    latestUpdate: entry.updates[entry.updates.length - 1] ?? null,
    decisions: entry.decisions.map((d) => ({
      ...d,
      kindName: DECISION_KIND_LABELS[d.kind as DecisionKind] ?? d.kind,
      penalty: d.penaltyPence !== null ? formatPounds(d.penaltyPence) : null,
      href: `/enforcement/${encodeURIComponent(entry.reference)}/decisions/${d.id}`,
    })),
  };
}
