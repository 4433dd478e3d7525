import { Inject, Injectable } from '@nestjs/common';
import { MAX_PAGE_SIZE } from '@app/core';
import { ListCases } from '@app/cases';
import { ServiceRegistry } from '@app/registry';

/** A case about one of an organisation's services. */
export interface OrganisationCase {
  caseId: string;
  serviceId: string;
  serviceName: string;
}

/**
 * The cases a provider organisation may see: those about services whose provider belongs to it, as
 * the registry says today (the same rule the case lifecycle applies to a provider's own actions).
 */
@Injectable()
export class OrganisationCases {
  constructor(
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(ListCases) private readonly cases: ListCases,
  ) {}

  async of(organisationId: string): Promise<Map<string, OrganisationCase>> {
    const services: { id: string; name: string }[] = [];
    let after: { name: string; id: string } | undefined;
    for (;;) {
      const page = await this.registry.listServices({ providerOrganisationId: organisationId, limit: MAX_PAGE_SIZE, after });
      services.push(...page.map((s) => ({ id: s.id, name: s.name })));
      const last = page[page.length - 1];
      if (page.length < MAX_PAGE_SIZE || !last) break;
      after = { name: last.name.toLowerCase(), id: last.id };
    }
    const found = new Map<string, OrganisationCase>();
    for (const service of services) {
      let cursor: string | undefined;
      do {
        const page = await this.cases.execute({ serviceId: service.id, limit: MAX_PAGE_SIZE, sort: 'createdAt', cursor });
        for (const c of page.items) found.set(c.id, { caseId: c.id, serviceId: service.id, serviceName: service.name });
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    return found;
  }
}
