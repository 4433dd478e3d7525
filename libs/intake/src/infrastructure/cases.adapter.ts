import { Inject, Injectable } from '@nestjs/common';
import { CreateCase, ListCases, type HarmCategory } from '@app/cases';
import type { Principal } from '@app/core';
import type { CandidateCase } from '../domain/matching.js';
import type { CasesPort } from '../ports.js';

/** The cases context through its public use cases. */
@Injectable()
export class CasesAdapter implements CasesPort {
  constructor(
    @Inject(ListCases) private readonly listCases: ListCases,
    @Inject(CreateCase) private readonly createCase: CreateCase,
  ) {}

  async openCasesForService(serviceId: string): Promise<CandidateCase[]> {
    const page = await this.listCases.execute({ serviceId, limit: 50, sort: '-createdAt' });
    return page.items.filter((c) => c.state !== 'closed').map((c) => ({ caseId: c.id, reference: c.reference, harmCategories: c.harmCategories }));
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
