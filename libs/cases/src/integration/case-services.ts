import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditActor } from '@app/audit';
import { DomainError } from '@app/core';
import { ServiceRegistry } from '@app/registry';

/** The service a case is about, as the case records it. */
export interface CaseService {
  serviceId: string;
  /** The normalised address the case was opened with, if it was opened from one. */
  serviceUrl: string | null;
  serviceDomain: string | null;
}

/** What letters and messages say about the service and its provider. */
export interface ServiceParticulars {
  name: string;
  url: string | null;
  providerName: string | null;
}

/** The case lifecycle's use of the online-service registry. */
@Injectable()
export class CaseServices {
  constructor(@Inject(ServiceRegistry) private readonly registry: ServiceRegistry) {}

  /**
   * A serviceUrl is looked up in the registry (a mirror or successor domain resolves to its service),
   * or registered as a new, unconfirmed service; a serviceId must name a registered service.
   */
  async resolve(manager: EntityManager, input: { serviceId?: string; serviceUrl?: string }, actor: AuditActor): Promise<CaseService> {
    if (input.serviceUrl !== undefined) {
      const resolved = await this.registry.resolveUrl(manager, input.serviceUrl, { registerIfUnknown: true, field: 'serviceUrl', actor });
      if (input.serviceId !== undefined && input.serviceId !== resolved.serviceId) {
        throw new DomainError('VALIDATION_FAILED', `serviceUrl belongs to another service (${resolved.serviceId}) than serviceId: give one of them, or both of the same service.`, {
          errors: [{ field: 'serviceUrl', message: 'belongs to another service than serviceId' }],
        });
      }
      return { serviceId: resolved.serviceId, serviceUrl: resolved.url, serviceDomain: resolved.domain };
    }
    const service = input.serviceId === undefined ? null : await this.registry.getService(input.serviceId, manager);
    if (!service) {
      throw new DomainError('CASE_SERVICE_NOT_FOUND', 'No registered online service has that serviceId: check the id, or give the serviceUrl instead.', {
        errors: [{ field: 'serviceId', message: 'no registered service has this id' }],
      });
    }
    const primary = service.domains.find((d) => d.relation === 'primary') ?? service.domains[0];
    return { serviceId: service.id, serviceUrl: null, serviceDomain: primary?.domain ?? null };
  }

  /** The organisation whose provider users may act on cases about the service, if any. */
  organisationOf(serviceId: string): Promise<string | null> {
    return this.registry.organisationOf(serviceId);
  }

  async particulars(serviceId: string | null, serviceUrl: string | null): Promise<ServiceParticulars | null> {
    const service = serviceId ? await this.registry.getService(serviceId) : null;
    if (!service) return null;
    const primary = service.domains.find((d) => d.relation === 'primary') ?? service.domains[0];
    return { name: service.name, url: serviceUrl ?? (primary ? `https://${primary.domain}` : null), providerName: service.provider?.name ?? null };
  }
}
