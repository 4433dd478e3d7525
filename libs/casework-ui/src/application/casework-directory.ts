import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@app/core';
import { UserAdminService } from '@app/identity';
import { ServiceRegistry, type ServiceView } from '@app/registry';

/** A person of the regulator, as case pages name them. */
export interface Person {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  disabled: boolean;
}

const PAGE = 500;
/** How many services the pages offer in a list to choose from. */
export const SERVICE_CHOICES_LIMIT = 500;

/** Who is who and which services exist, for the case pages (through the identity and registry contexts' public APIs). */
@Injectable()
export class CaseworkDirectory {
  constructor(
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
  ) {}

  /** Every user of the regulator's organisations, by id. */
  async people(): Promise<Map<string, Person>> {
    const people = new Map<string, Person>();
    let cursor: string | undefined;
    do {
      const page = await this.users.listUsers({ limit: PAGE, cursor });
      for (const u of page.items) {
        if (u.organisationKind === 'regulator') people.set(u.id, { id: u.id, name: u.name, email: u.email, roles: u.roles, disabled: u.disabled });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return people;
  }

  /** People who can hold a case: case officers and decision-makers with an active account. */
  static officers(people: Map<string, Person>): Person[] {
    return [...people.values()]
      .filter((p) => !p.disabled && p.roles.some((r) => r === 'case_officer' || r === 'decision_maker'))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  static nameOf(people: Map<string, Person>, id: string | null): string | undefined {
    if (!id) return undefined;
    const person = people.get(id);
    return person ? person.name : 'Someone no longer listed';
  }

  services(): Promise<ServiceView[]> {
    return this.registry.listServices({ limit: SERVICE_CHOICES_LIMIT });
  }

  service(id: string): Promise<ServiceView | null> {
    return this.registry.getService(id);
  }

  async serviceNames(ids: string[]): Promise<Map<string, { name: string; primaryDomain: string | null }>> {
    return this.registry.summaries(ids);
  }

  /** The provider's contact for notices, when it is an email address. */
  async noticeEmailOf(service: ServiceView | null): Promise<string | undefined> {
    if (!service?.providerId) return undefined;
    const provider = await this.registry.getProvider(service.providerId);
    const contact = provider?.noticeContact?.trim();
    return contact && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact) ? contact : undefined;
  }
}
