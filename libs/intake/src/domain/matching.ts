/** A matter an incoming item could join: open, or with a case opened from it. */
export interface CandidateMatter {
  id: string;
  reference: string;
  status: 'open' | 'case_opened';
  harmCategories: string[];
  caseId: string | null;
  /** True when one of the item's content hashes is already in this matter. */
  sharesContentHash: boolean;
  lastReceivedAt: Date;
}

/** An open case of the service (from the cases context) a new matter may attach to. */
export interface CandidateCase {
  caseId: string;
  reference: string;
  harmCategories: string[];
}

export type MatchRule = 'same_content_hash' | 'same_service_overlapping_harm' | 'open_case' | 'new_matter';

export interface MatchReason {
  rule: MatchRule;
  /** Shown to officers: why the item is in this matter. */
  detail: string;
  /** The domain reported and how it relates to the service, when it was not the primary domain. */
  via?: { domain: string; relation: string; matchedDomain: string };
}

export interface MatchDecision {
  matterId: string | null;
  /** For a new matter: the open case it continues, if any. */
  attachToCase: CandidateCase | null;
  reason: MatchReason;
}

const overlap = (a: string[], b: string[]): string[] => a.filter((x) => b.includes(x));

function viaText(via: MatchReason['via']): string {
  if (!via || via.relation === 'primary') return '';
  return ` It was reported at ${via.domain}, a ${via.relation} domain of the service (${via.matchedDomain}).`;
}

/**
 * Decides where an item goes: the same content (hash) wins; then an open matter of the same service
 * with an overlapping harm (most recently active first); then, for a new matter, an open case of
 * the service about an overlapping harm, so that enforcement continues when a service moves domain.
 */
export function chooseMatter(
  item: { harmCategories: string[]; via?: MatchReason['via'] },
  candidates: CandidateMatter[],
  openCases: CandidateCase[] = [],
): MatchDecision {
  const byRecency = [...candidates].sort((a, b) => b.lastReceivedAt.getTime() - a.lastReceivedAt.getTime() || a.id.localeCompare(b.id));
  const suffix = viaText(item.via);
  const sameContent = byRecency.find((m) => m.sharesContentHash);
  if (sameContent) {
    return {
      matterId: sameContent.id,
      attachToCase: null,
      reason: { rule: 'same_content_hash', detail: `The same content (by hash) is already in matter ${sameContent.reference}.${suffix}`, via: item.via },
    };
  }
  const sameIssue = byRecency.find((m) => overlap(m.harmCategories, item.harmCategories).length > 0);
  if (sameIssue) {
    const shared = overlap(sameIssue.harmCategories, item.harmCategories);
    return {
      matterId: sameIssue.id,
      attachToCase: null,
      reason: {
        rule: 'same_service_overlapping_harm',
        detail: `Same service and harm (${shared.join(', ')}) as open matter ${sameIssue.reference}${sameIssue.caseId ? ', which has a case' : ''}.${suffix}`,
        via: item.via,
      },
    };
  }
  const openCase = openCases.find((c) => c.harmCategories.length === 0 || overlap(c.harmCategories, item.harmCategories).length > 0);
  if (openCase) {
    return {
      matterId: null,
      attachToCase: openCase,
      reason: { rule: 'open_case', detail: `A new matter on the service's open case ${openCase.reference}.${suffix}`, via: item.via },
    };
  }
  return { matterId: null, attachToCase: null, reason: { rule: 'new_matter', detail: `No open matter of this service concerns these harms: a new matter.${suffix}`, via: item.via } };
}
