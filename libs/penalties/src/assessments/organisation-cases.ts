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
    const names = new Map(services.map((s) => [s.id, s.name]));
    const found = new Map<string, OrganisationCase>();
    for (const [caseId, serviceId] of await this.cases.casesOfServices(services.map((s) => s.id))) {
      found.set(caseId, { caseId, serviceId, serviceName: names.get(serviceId) ?? serviceId });
    }
    return found;
  }
}
