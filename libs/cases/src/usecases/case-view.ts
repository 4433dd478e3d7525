import type { Deadline } from '@app/deadlines';
import type { CaseLinkRecord, CaseRecord } from '../persistence/case.repository.js';

/** A case in a list. */
export interface CaseSummary {
  id: string;
  reference: string;
  title: string;
  state: CaseRecord['state'];
  version: number;
  serviceId: string;
  serviceUrl: string | null;
  serviceDomain: string | null;
  harmCategories: CaseRecord['harmCategories'];
  jurisdiction: CaseRecord['jurisdiction'];
  provisions: string[];
  assignedOfficerId: string | null;
  investigatingOfficerId: string | null;
  outcome: CaseRecord['outcome'];
  openedAt: string;
  investigationOpenedAt: string | null;
  publishedAt: string | null;
  representationsReceivedAt: string | null;
  closedAt: string | null;
  lastEvent: string;
  lastOccurredAt: string;
  createdAt: string;
  updatedAt: string;
}

/** A case with its matters, links and deadlines (GET /api/v1/cases/:id). */
export interface CaseView extends CaseSummary {
  matterIds: string[];
  links: { caseId: string; reference: string; relation: CaseLinkRecord['relation']; direction: CaseLinkRecord['direction']; linkedAt: string }[];
  deadlines: Deadline[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toCaseSummary(r: CaseRecord): CaseSummary {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    state: r.state,
    version: r.version,
    serviceId: r.serviceId,
    serviceUrl: r.serviceUrl,
    serviceDomain: r.serviceDomain,
    harmCategories: r.harmCategories,
    jurisdiction: r.jurisdiction,
    provisions: r.provisions,
    assignedOfficerId: r.assignedOfficerId,
    investigatingOfficerId: r.investigatingOfficerId,
    outcome: r.outcome,
    openedAt: r.openedAt.toISOString(),
    investigationOpenedAt: iso(r.investigationOpenedAt),
    publishedAt: iso(r.publishedAt),
    representationsReceivedAt: iso(r.representationsReceivedAt),
    closedAt: iso(r.closedAt),
    lastEvent: r.lastEvent,
    lastOccurredAt: r.lastOccurredAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toCaseView(r: CaseRecord, parts: { matterIds: string[]; links: CaseLinkRecord[]; deadlines: Deadline[] }): CaseView {
  return {
    ...toCaseSummary(r),
    matterIds: parts.matterIds,
    links: parts.links.map((l) => ({ ...l, linkedAt: l.linkedAt.toISOString() })),
    deadlines: parts.deadlines,
  };
}
