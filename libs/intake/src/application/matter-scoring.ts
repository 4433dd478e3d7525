import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ServiceFacts } from '@app/registry';
import { TriageModels, type TriageAssessment, type TriageInputs, type TriageResult } from '@app/triage';
import type { MatterAggregate } from '../infrastructure/intake.repository.js';

/** Turns what is known about a matter and its service into triage inputs, and scores them. */
@Injectable()
export class MatterScoring {
  constructor(@Inject(TriageModels) private readonly models: TriageModels) {}

  inputs(aggregate: MatterAggregate, assessment: TriageAssessment, facts: ServiceFacts | undefined, previousMatters: number): TriageInputs {
    return {
      harmCategories: [...aggregate.harm_categories].sort(),
      ukUsersEstimate: facts?.ukUsersEstimate ?? null,
      serviceType: facts?.serviceType ?? 'unknown',
      childrenLikely: aggregate.children_likely,
      itemCount: aggregate.item_count,
      sources: [...aggregate.sources].sort(),
      reportedViaLinkedDomain: aggregate.reported_via_linked,
      previousMattersOnService: previousMatters,
      evidenceKinds: [...aggregate.evidence_kinds].sort(),
      provider: facts?.provider ?? null,
      assessment,
    };
  }

  score(inputs: TriageInputs, manager?: EntityManager, version?: string): Promise<TriageResult> {
    return this.models.score(inputs, { manager, version });
  }
}

const union = (a: string[], b: string[]): string[] => [...new Set([...a, ...b])].sort();

/** A matter's aggregate after one more item. */
export function withItem(
  before: MatterAggregate | undefined,
  item: { harmCategories: string[]; source: string; childrenLikely: boolean; viaLinked: boolean; evidenceKinds: string[]; at: Date },
): MatterAggregate {
  return {
    harm_categories: union(before?.harm_categories ?? [], item.harmCategories),
    sources: union(before?.sources ?? [], [item.source]),
    item_count: (before?.item_count ?? 0) + 1,
    children_likely: (before?.children_likely ?? false) || item.childrenLikely,
    reported_via_linked: (before?.reported_via_linked ?? false) || item.viaLinked,
    evidence_kinds: union(before?.evidence_kinds ?? [], item.evidenceKinds),
    first_received_at: before?.first_received_at ?? item.at,
    last_received_at: before && before.last_received_at > item.at ? before.last_received_at : item.at,
  };
}
