import type { CaseEventView, CaseSummary, CaseView } from '@app/cases';
import { DEADLINE_KIND_LABELS, type Deadline, type DeadlineKind } from '@app/deadlines';
import type { IssuedDocumentSummary } from '@app/documents';
import type { ServiceView } from '@app/registry';
import { formatDate } from '@app/web';
import { CaseworkDirectory, type Person } from '../application/casework-directory.js';
import {
  DOMAIN_RELATION_LABELS,
  JURISDICTION_LABELS,
  LINK_RELATION_LABELS,
  deadlineStatusTag,
  eventLabel,
  harmLabel,
  humanise,
  outcomeLabel,
  stateTag,
  type Tag,
} from './labels.js';

/** Plain view models for the case pages: words, tags and links, no logic left for the templates. */

export interface CaseRowView {
  id: string;
  href: string;
  reference: string;
  title: string;
  service: string;
  state: Tag;
  harms: string[];
  officer: string | undefined;
  openedAt: string;
  updatedAt: string;
}

export function caseRow(c: CaseSummary, people: Map<string, Person>, services: Map<string, { name: string; primaryDomain: string | null }>): CaseRowView {
  const service = services.get(c.serviceId);
  return {
    id: c.id,
    href: `/cases/${c.id}`,
    reference: c.reference,
    title: c.title,
    service: service ? service.name : (c.serviceDomain ?? 'Unknown service'),
    state: stateTag(c.state),
    harms: c.harmCategories.map(harmLabel),
    officer: CaseworkDirectory.nameOf(people, c.assignedOfficerId ?? c.investigatingOfficerId),
    openedAt: c.openedAt,
    updatedAt: c.updatedAt,
  };
}

const UNIT_WORDS: Record<string, [string, string]> = {
  working_days: ['working day', 'working days'],
  calendar_days: ['calendar day', 'calendar days'],
  calendar_months: ['calendar month', 'calendar months'],
  hours: ['hour', 'hours'],
};

/** "20 working days", "14 calendar days", "a date set in the decision". */
export function periodText(d: Pick<Deadline, 'unit' | 'amount'>): string {
  if (d.unit === 'fixed_date' || d.amount === null) return 'a date set when it was issued';
  const words = UNIT_WORDS[d.unit] ?? [humanise(d.unit).toLowerCase(), humanise(d.unit).toLowerCase()];
  return `${d.amount} ${d.amount === 1 ? words[0] : words[1]}`;
}

export interface DeadlineView {
  id: string;
  label: string;
  forNotice: boolean;
  status: Tag;
  startsOn: string;
  dueOn: string;
  dueAt: string | null;
  period: string;
  jurisdiction: string;
  explanation: string[];
  extended: boolean;
  originalDueOn: string;
  satisfiedOn: string | null;
  cancelReason: string | null;
}

export function deadlineView(d: Deadline): DeadlineView {
  return {
    id: d.id,
    label: d.label,
    forNotice: d.subjectType === 'information_notice',
    status: deadlineStatusTag(d.status),
    startsOn: d.startsOn,
    dueOn: d.dueOn,
    dueAt: d.dueAt,
    period: periodText(d),
    jurisdiction: JURISDICTION_LABELS[d.jurisdiction] ?? d.jurisdiction,
    explanation: d.explanation,
    extended: d.extensions.length > 0,
    originalDueOn: d.originalDueOn,
    satisfiedOn: d.satisfiedOn,
    cancelReason: d.cancelReason,
  };
}

export interface TimelineEntry {
  label: string;
  /** A lifecycle step (as opposed to a deadline or document record of its own). */
  step: boolean;
  from?: Tag;
  to?: Tag;
  actor: string;
  occurredAt: string;
  /** Shown when the step was recorded later than it happened (history import). */
  recordedAt?: string;
  reason: string | null;
  detail?: string;
  /** What the step did besides: the deadlines it started or met, the documents it issued. */
  effects: string[];
}

const asRecord = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const RECORDED_LATER_MS = 60_000;
/** Records written in the same transaction as a step are its effects. */
const SAME_TRANSACTION_MS = 5_000;

function detailOf(e: CaseEventView): string | undefined {
  const data = asRecord(e.data);
  if (e.event === 'document_issued' && typeof data.title === 'string') return data.title;
  if (e.subjectType === 'deadline') {
    const kind = typeof data.kind === 'string' ? (DEADLINE_KIND_LABELS[data.kind as DeadlineKind] ?? humanise(data.kind)) : 'A deadline';
    return typeof data.dueOn === 'string' ? `${kind}, due ${formatDate(data.dueOn)}` : kind;
  }
  const given = asRecord(data.data);
  const summary = given.summary ?? given.grounds ?? given.failures;
  return typeof summary === 'string' ? summary : undefined;
}

/** The case's audit chain as a timeline, newest first; a step's deadline and document records are listed with it. */
export function timeline(events: CaseEventView[], people: Map<string, Person>): TimelineEntry[] {
  const entries: (TimelineEntry & { recordedMs: number })[] = [];
  let lastStep: (TimelineEntry & { recordedMs: number }) | undefined;
  for (const e of events) {
    const step = e.subjectType === 'case' && e.event !== 'document_issued';
    const recordedMs = Date.parse(e.recordedAt);
    const detail = detailOf(e);
    if (!step && lastStep && Math.abs(recordedMs - lastStep.recordedMs) < SAME_TRANSACTION_MS) {
      lastStep.effects.push(detail ? `${eventLabel(e.event)}: ${detail}` : eventLabel(e.event));
      continue;
    }
    const recordedLater = Math.abs(recordedMs - Date.parse(e.occurredAt)) >= RECORDED_LATER_MS;
    const entry = {
      label: eventLabel(e.event),
      step,
      ...(step && e.fromState ? { from: stateTag(e.fromState) } : {}),
      ...(step && e.toState ? { to: stateTag(e.toState) } : {}),
      actor: (e.actorId ? people.get(e.actorId)?.name : undefined) ?? e.actor,
      occurredAt: e.occurredAt,
      ...(recordedLater ? { recordedAt: e.recordedAt } : {}),
      reason: e.reason,
      detail,
      effects: [],
      recordedMs,
    };
    entries.push(entry);
    if (step) lastStep = entry;
  }
  return entries.reverse().map(({ recordedMs: _recordedMs, ...entry }) => entry);
}

export interface DocumentView {
  href: string;
  title: string;
  issuedAt: string;
  issuedBy: string;
}

export const documentView = (d: IssuedDocumentSummary, people: Map<string, Person>): DocumentView => ({
  href: `/documents/${d.id}`,
  title: d.title,
  issuedAt: d.issuedAt.toISOString(),
  issuedBy: (d.issuedBy ? people.get(d.issuedBy)?.name : undefined) ?? d.issuedByLabel,
});

export interface ServiceDetails {
  name: string;
  provider: string | undefined;
  domains: { domain: string; relation: string; since: string }[];
}

export function serviceDetails(service: ServiceView | null, c: CaseView): ServiceDetails {
  if (!service) return { name: c.serviceDomain ?? 'Unknown service', provider: undefined, domains: [] };
  const order = { primary: 0, mirror: 1, successor: 2 } as Record<string, number>;
  return {
    name: service.name,
    provider: service.provider?.name,
    domains: [...service.domains]
      .sort((a, b) => (order[a.relation] ?? 3) - (order[b.relation] ?? 3) || a.domain.localeCompare(b.domain))
      .map((d) => ({ domain: d.domain, relation: DOMAIN_RELATION_LABELS[d.relation] ?? d.relation, since: d.since })),
  };
}

export function linkViews(c: CaseView): { href: string; reference: string; relation: string }[] {
  return c.links.map((l) => ({
    href: `/cases/${l.caseId}`,
    reference: l.reference,
    relation: LINK_RELATION_LABELS[l.relation]?.[l.direction === 'incoming' ? 'incoming' : 'outgoing'] ?? humanise(l.relation),
  }));
}

export interface CaseSummaryView {
  id: string;
  reference: string;
  title: string;
  version: number;
  state: Tag;
  outcome: string | undefined;
  harms: { code: string; label: string }[];
  jurisdiction: string;
  provisions: string[];
  assignedOfficer: string | undefined;
  investigatingOfficer: string | undefined;
  serviceUrl: string | null;
  openedAt: string;
  investigationOpenedAt: string | null;
  publishedAt: string | null;
  closedAt: string | null;
}

export const caseSummaryView = (c: CaseView, people: Map<string, Person>): CaseSummaryView => ({
  id: c.id,
  reference: c.reference,
  title: c.title,
  version: c.version,
  state: stateTag(c.state),
  outcome: outcomeLabel(c.outcome),
  harms: c.harmCategories.map((code) => ({ code, label: harmLabel(code) })),
  jurisdiction: JURISDICTION_LABELS[c.jurisdiction] ?? c.jurisdiction,
  provisions: c.provisions,
  assignedOfficer: CaseworkDirectory.nameOf(people, c.assignedOfficerId),
  investigatingOfficer: CaseworkDirectory.nameOf(people, c.investigatingOfficerId),
  serviceUrl: c.serviceUrl,
  openedAt: c.openedAt,
  investigationOpenedAt: c.investigationOpenedAt,
  publishedAt: c.publishedAt,
  closedAt: c.closedAt,
});
