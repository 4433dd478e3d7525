import { Inject, Injectable } from '@nestjs/common';
import { CreateCase, ListCases, type HarmCategory } from '@app/cases';
import type { Principal } from '@app/core';
import type { CandidateCase } from '../domain/matching.js';
import type { CasesPort } from '../ports.js';

/** How many of a service's most recent cases a report may join (the open ones among them). */
const RECENT_CASES = 50;

/** The cases context through its public use cases. */
@Injectable()
export class CasesAdapter implements CasesPort {
  constructor(
    @Inject(ListCases) private readonly listCases: ListCases,
    @Inject(CreateCase) private readonly createCase: CreateCase,
  ) {}

  async openCasesForService(serviceId: string): Promise<CandidateCase[]> {
    return (await this.openCasesForServices([serviceId])).get(serviceId) ?? [];
  }

  async openCasesForServices(serviceIds: readonly string[]): Promise<Map<string, CandidateCase[]>> {
    const found = await this.listCases.openCasesOfServices(serviceIds, RECENT_CASES);
    return new Map([...found].map(([serviceId, cases]) => [serviceId, cases.map((c) => ({ caseId: c.id, reference: c.reference, harmCategories: c.harmCategories }))]));
  }

  async openCase(input: { serviceId: string; title: string; harmCategories: string[]; matterIds: string[]; reason?: string; principal: Principal }): Promise<{
    caseId: string;
    reference: string;
  }> {
    const record = await this.createCase.execute({
      serviceId: input.serviceId,
      title: input.title,
      harmCategories: input.harmCategories as HarmCategory[],
      matterIds: input.matterIds,
      reason: input.reason,
      principal: input.principal,
    });
    return { caseId: record.id, reference: record.reference };
  }
}
