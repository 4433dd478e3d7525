import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, type AuditActor } from '@app/audit';
import { Clock, DomainError, notFound } from '@app/core';
import { domainCandidates, normaliseDomain, normaliseUrl } from './domain/url-normalisation.js';
import type { AppStore, Categorisation, DomainRelation, ServiceOrigin, ServiceType } from './domain/vocabulary.js';
import { RegistryRepository, type DomainRow, type ProviderRow, type ServiceFactsRow, type ServiceRow } from './registry.repository.js';

export interface DomainView {
  domain: string;
  relation: DomainRelation;
  /** When the domain was first seen serving the service. */
  since: string;
  evidence: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface ServiceView {
  id: string;
  name: string;
  providerId: string | null;
  provider: { id: string; name: string; jurisdiction: string | null } | null;
  serviceType: ServiceType;
  categorisation: Categorisation;
  ukUsersEstimate: number | null;
  origin: ServiceOrigin;
  mergedInto: string | null;
  domains: DomainView[];
  appIds: { store: AppStore; appId: string }[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProviderView {
  id: string;
  name: string;
  legalEntity: string | null;
  groupName: string | null;
  jurisdiction: string | null;
  noticeContact: string | null;
  organisationId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ResolvedService {
  serviceId: string;
  /** The reported host, normalised. */
  domain: string;
  /** How the registered domain that matched relates to the service. */
  relation: DomainRelation;
  /** The registered domain that matched: the reported one or a parent of it. */
  matchedDomain: string;
  /** The reported URL, normalised. */
  url: string;
  /** True when the service was registered just now because no service used the domain. */
  registered: boolean;
  /** What triage knows of the service, read in the same statement (absent from lookupDomain: ask `facts`). */
  facts?: ServiceFacts;
}

/** What triage needs to know about a service. */
export interface ServiceFacts {
  serviceId: string;
  serviceType: ServiceType;
  ukUsersEstimate: number | null;
  provider: { jurisdiction: string | null; hasNoticeContact: boolean } | null;
}

export interface DomainLinkedEvent {
  serviceId: string;
  domain: string;
  relation: DomainRelation;
  previousServiceId: string | null;
  previousRelation: DomainRelation | null;
  /** An unconfirmed service (created from a report) whose only domain this was: it is now merged into serviceId. */
  absorbedServiceId: string | null;
  actor: AuditActor;
}

/**
 * Runs inside the transaction that links the domain: open matters, notices and disruption
 * applications of other contexts follow the service to its new domain.
 */
export type DomainLinkedListener = (manager: EntityManager, event: DomainLinkedEvent) => Promise<void>;

export interface CreateProviderInput {
  name: string;
  legalEntity?: string | null;
  groupName?: string | null;
  jurisdiction?: string | null;
  noticeContact?: string | null;
  organisationId?: string | null;
}

export interface CreateServiceInput {
  name: string;
  providerId?: string | null;
  serviceType: ServiceType;
  categorisation?: Categorisation;
  ukUsersEstimate?: number | null;
  domains?: { domain: string; relation: DomainRelation; since?: Date; evidence?: string | null }[];
  appIds?: { store: AppStore; appId: string }[];
}

export type UpdateServiceInput = Partial<Pick<CreateServiceInput, 'name' | 'providerId' | 'serviceType' | 'categorisation' | 'ukUsersEstimate' | 'appIds'>>;

export interface LinkDomainInput {
  domain: string;
  relation: DomainRelation;
  since?: Date;
  evidence?: string | null;
}

const iso = (d: Date): string => d.toISOString();

function domainView(row: DomainRow): DomainView {
  return {
    domain: row.domain,
    relation: row.relation,
    since: iso(row.since),
    evidence: row.evidence,
    recordedBy: row.recorded_by,
    recordedAt: iso(row.recorded_at),
  };
}

export function providerView(row: ProviderRow): ProviderView {
  return {
    id: row.id,
    name: row.name,
    legalEntity: row.legal_entity,
    groupName: row.group_name,
    jurisdiction: row.jurisdiction,
    noticeContact: row.notice_contact,
    organisationId: row.organisation_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function factsOf(r: ServiceFactsRow): ServiceFacts {
  return {
    serviceId: r.id,
    serviceType: r.service_type,
    ukUsersEstimate: r.uk_users_estimate === null ? null : Number(r.uk_users_estimate),
    provider: r.provider_id ? { jurisdiction: r.jurisdiction, hasNoticeContact: r.notice_contact !== null && r.notice_contact !== '' } : null,
  };
}

/** Picks the most specific registered domain among the candidates of a host. */
function bestMatch<T extends DomainRow>(host: string, rows: Map<string, T>): T | undefined {
  for (const candidate of domainCandidates(host)) {
    const row = rows.get(candidate);
    if (row) return row;
  }
  return undefined;
}

/**
 * The online-service registry: providers, their services, and the domains and app identifiers
 * through which reports reach a service. A report about a mirror or successor domain resolves to
 * the original service, so enforcement continues when content moves to a new domain.
 */
@Injectable()
export class ServiceRegistry {
  private readonly listeners: DomainLinkedListener[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RegistryRepository) private readonly repo: RegistryRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  /** Registers a callback run in the transaction of every domain linkage. */
  onDomainLinked(listener: DomainLinkedListener): void {
    this.listeners.push(listener);
  }

  /**
   * The service a URL belongs to. Matches the normalised host or its nearest registered parent
   * (forum.example.com → example.com). With registerIfUnknown an unknown domain becomes a new,
   * unconfirmed service; without it, SERVICE_NOT_REGISTERED.
   */
  async resolveUrl(
    manager: EntityManager,
    url: string,
    options: { registerIfUnknown: boolean; field?: string; actor?: AuditActor },
  ): Promise<ResolvedService> {
    const field = options.field ?? 'serviceUrl';
    const normalised = normaliseUrl(url, field);
    const candidates = domainCandidates(normalised.domain);
    const actor = options.actor ?? { id: null, label: 'system' };
    // With registerIfUnknown, one statement both matches and, when nothing matches, registers.
    const outcome = options.registerIfUnknown
      ? await this.repo.matchOrRegister(manager, candidates, normalised.domain, this.clock.now(), actor.label)
      : { matches: await this.repo.domainsMatchingWithFacts(candidates, manager), registeredServiceId: null, lost: false };
    const match = bestMatch(normalised.domain, new Map(outcome.matches.map((r) => [r.domain, r])));
    if (match) {
      return {
        serviceId: match.service_id,
        domain: normalised.domain,
        relation: match.relation,
        matchedDomain: match.domain,
        url: normalised.url,
        registered: false,
        facts: factsOf(match.facts),
      };
    }
    if (!options.registerIfUnknown) {
      throw new DomainError('SERVICE_NOT_REGISTERED', `No registered online service uses ${normalised.domain}. Register the service first, or check the address.`, {
        errors: [{ field, message: 'no registered service uses this domain' }],
      });
    }
    if (outcome.registeredServiceId) return this.auditRegistration(manager, outcome.registeredServiceId, normalised.domain, normalised.url, actor);
    // Another report registered the same domain first: drop our unused service and use theirs.
    await this.repo.deleteOrphanIntakeServices(manager, [normalised.domain]);
    const winner = (await this.repo.domain(normalised.domain, manager)) as DomainRow;
    return { serviceId: winner.service_id, domain: normalised.domain, relation: winner.relation, matchedDomain: normalised.domain, url: normalised.url, registered: false };
  }

  /** Like resolveUrl for a domain, without registering: null when unknown. */
  async lookupDomain(manager: EntityManager | undefined, domain: string): Promise<ResolvedService | null> {
    const host = normaliseDomain(domain);
    const rows = await this.repo.domainsMatching(domainCandidates(host), manager);
    const match = bestMatch(host, new Map(rows.map((r) => [r.domain, r])));
    return match ? { serviceId: match.service_id, domain: host, relation: match.relation, matchedDomain: match.domain, url: `https://${host}`, registered: false } : null;
  }

  /**
   * Resolves many already-normalised hosts at once (bulk import), registering the unknown ones as
   * unconfirmed services. One query to match, one to register.
   */
  async resolveDomains(manager: EntityManager, hosts: string[], actor: AuditActor): Promise<Map<string, Omit<ResolvedService, 'url'>>> {
    const unique = [...new Set(hosts)];
    const candidates = [...new Set(unique.flatMap(domainCandidates))];
    const rows = new Map((await this.repo.domainsMatching(candidates, manager)).map((r) => [r.domain, r]));
    const out = new Map<string, Omit<ResolvedService, 'url'>>();
    const unknown: string[] = [];
    for (const host of unique) {
      const match = bestMatch(host, rows);
      if (match) out.set(host, { serviceId: match.service_id, domain: host, relation: match.relation, matchedDomain: match.domain, registered: false });
      else unknown.push(host);
    }
    if (unknown.length > 0) {
      const at = this.clock.now();
      const inserted = await this.repo.insertIntakeServices(manager, unknown, at, actor.label);
      const lost = unknown.filter((h) => !inserted.has(h));
      if (lost.length > 0) {
        // Registered meanwhile by another writer: drop our unused rows and use theirs.
        await this.repo.deleteOrphanIntakeServices(manager, lost);
        for (const row of await this.repo.domainsMatching(lost, manager)) inserted.set(row.domain, row.service_id);
      }
      for (const host of unknown) {
        const serviceId = inserted.get(host);
        if (serviceId) out.set(host, { serviceId, domain: host, relation: 'primary', matchedDomain: host, registered: true });
      }
    }
    return out;
  }

  /** The audit event of a service just registered from a report (its chain is as new as the service). */
  private async auditRegistration(manager: EntityManager, serviceId: string, domain: string, url: string, actor: AuditActor): Promise<ResolvedService> {
    await this.audit.appendFirst(manager, {
      chainId: `service:${serviceId}`,
      event: 'service_registered_from_report',
      actor,
      subjectType: 'online_service',
      subjectId: serviceId,
      data: { domain, origin: 'intake' },
    });
    return { serviceId, domain, relation: 'primary', matchedDomain: domain, url, registered: true, facts: { serviceId, serviceType: 'unknown', ukUsersEstimate: null, provider: null } };
  }

  async getService(id: string, manager?: EntityManager): Promise<ServiceView | null> {
    const row = await this.repo.service(id, manager);
    if (!row) return null;
    const [view] = await this.views([row], manager);
    return view ?? null;
  }

  async requireService(id: string, manager?: EntityManager): Promise<ServiceView> {
    const view = await this.getService(id, manager);
    if (!view) throw notFound('The online service');
    return view;
  }

  async listServices(options: { after?: { name: string; id: string }; limit: number; q?: string; providerId?: string; providerOrganisationId?: string }): Promise<ServiceView[]> {
    return this.views(await this.repo.services(options));
  }

  /** Service type, reach and provider facts for triage, for many services at once. */
  async facts(serviceIds: string[], manager?: EntityManager): Promise<Map<string, ServiceFacts>> {
    const rows = await this.repo.facts([...new Set(serviceIds)], manager);
    return new Map(rows.map((r) => [r.id, factsOf(r)]));
  }

  /** Names and primary domains of many services at once, for lists. */
  async summaries(serviceIds: string[], manager?: EntityManager): Promise<Map<string, { id: string; name: string; primaryDomain: string | null }>> {
    const ids = [...new Set(serviceIds)];
    if (ids.length === 0) return new Map();
    const rows = await this.repo.summaries(ids, manager);
    return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, primaryDomain: r.primary_domain }]));
  }

  /** The organisation (identity context) whose provider users may see a service, if any. */
  async organisationOf(serviceId: string): Promise<string | null> {
    const service = await this.repo.service(serviceId);
    if (!service?.provider_id) return null;
    return (await this.repo.provider(service.provider_id))?.organisation_id ?? null;
  }

  private async views(rows: ServiceRow[], manager?: EntityManager): Promise<ServiceView[]> {
    const ids = rows.map((r) => r.id);
    const domains = await this.repo.domainsOf(ids, manager);
    const appIds = await this.repo.appIdsOf(ids, manager);
    const providerIds = [...new Set(rows.map((r) => r.provider_id).filter((p): p is string => p !== null))];
    const providers = new Map<string, ProviderRow>();
    for (const pid of providerIds) {
      const p = await this.repo.provider(pid, manager);
      if (p) providers.set(pid, p);
    }
    return rows.map((row) => {
      const provider = row.provider_id ? providers.get(row.provider_id) : undefined;
      return {
        id: row.id,
        name: row.name,
        providerId: row.provider_id,
        provider: provider ? { id: provider.id, name: provider.name, jurisdiction: provider.jurisdiction } : null,
        serviceType: row.service_type,
        categorisation: row.categorisation,
        ukUsersEstimate: row.uk_users_estimate === null ? null : Number(row.uk_users_estimate),
        origin: row.origin,
        mergedInto: row.merged_into,
        domains: domains.filter((d) => d.service_id === row.id).map(domainView),
        appIds: appIds.filter((a) => a.service_id === row.id).map((a) => ({ store: a.store, appId: a.app_id })),
        version: row.version,
        createdAt: iso(row.created_at),
        updatedAt: iso(row.updated_at),
      };
    });
  }

  async createProvider(input: CreateProviderInput, actor: AuditActor): Promise<ProviderView> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.repo.insertProvider(tx, {
        name: input.name.trim(),
        legal_entity: input.legalEntity ?? null,
        group_name: input.groupName ?? null,
        jurisdiction: input.jurisdiction ?? null,
        notice_contact: input.noticeContact ?? null,
        organisation_id: input.organisationId ?? null,
        created_at: this.clock.now(),
      });
      if (!row) throw new DomainError('CONFLICT', `A provider named "${input.name.trim()}" is already registered. Use that provider, or give the legal name that tells them apart.`);
      await this.audit.append(tx, {
        chainId: `provider:${row.id}`,
        event: 'provider_registered',
        actor,
        subjectType: 'provider',
        subjectId: row.id,
        data: { name: row.name, jurisdiction: row.jurisdiction },
      });
      return providerView(row);
    });
  }

  async updateProvider(id: string, input: Partial<CreateProviderInput>, actor: AuditActor): Promise<ProviderView> {
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.provider(id, tx);
      if (!before) throw notFound('The provider');
      const columns: Record<string, [keyof ProviderRow, unknown]> = {
        name: ['name', input.name?.trim()],
        legalEntity: ['legal_entity', input.legalEntity],
        groupName: ['group_name', input.groupName],
        jurisdiction: ['jurisdiction', input.jurisdiction],
        noticeContact: ['notice_contact', input.noticeContact],
        organisationId: ['organisation_id', input.organisationId],
      };
      const fields: Record<string, unknown> = {};
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      for (const [key, [column, value]] of Object.entries(columns)) {
        if (value === undefined || before[column] === value) continue;
        fields[column] = value;
        changes[key] = { before: before[column], after: value };
      }
      if (Object.keys(fields).length === 0) return providerView(before);
      fields.updated_at = this.clock.now();
      if (typeof fields.name === 'string') {
        const clash = await this.repo.providerByName(fields.name, tx);
        if (clash && clash.id !== id) throw new DomainError('CONFLICT', `A provider named "${fields.name}" is already registered.`);
      }
      const row = (await this.repo.updateProvider(tx, id, fields)) as ProviderRow;
      await this.audit.append(tx, { chainId: `provider:${id}`, event: 'provider_updated', actor, subjectType: 'provider', subjectId: id, changes });
      return providerView(row);
    });
  }

  async getProvider(id: string): Promise<ProviderView | null> {
    const row = await this.repo.provider(id);
    return row ? providerView(row) : null;
  }

  async listProviders(options: { after?: string; limit: number; q?: string; organisationId?: string }): Promise<ProviderView[]> {
    return (await this.repo.providers(options)).map(providerView);
  }

  async createService(input: CreateServiceInput, actor: AuditActor): Promise<ServiceView> {
    return this.dataSource.transaction(async (tx) => {
      if (input.providerId && !(await this.repo.provider(input.providerId, tx))) {
        throw new DomainError('VALIDATION_FAILED', 'providerId: no provider has that id. Register the provider first.', {
          errors: [{ field: 'providerId', message: 'no such provider' }],
        });
      }
      const at = this.clock.now();
      const row = await this.repo.insertService(tx, {
        provider_id: input.providerId ?? null,
        name: input.name.trim(),
        service_type: input.serviceType,
        categorisation: input.categorisation ?? 'uncategorised',
        uk_users_estimate: input.ukUsersEstimate === undefined || input.ukUsersEstimate === null ? null : String(input.ukUsersEstimate),
        origin: 'registered',
        created_at: at,
      });
      await this.audit.append(tx, {
        chainId: `service:${row.id}`,
        event: 'service_registered',
        actor,
        subjectType: 'online_service',
        subjectId: row.id,
        data: { name: row.name, providerId: row.provider_id, serviceType: row.service_type, categorisation: row.categorisation },
      });
      for (const [i, d] of (input.domains ?? []).entries()) {
        await this.linkDomainIn(tx, row.id, { ...d, domain: normaliseDomain(d.domain, `domains[${i}].domain`) }, actor);
      }
      await this.addAppIds(tx, row.id, input.appIds ?? []);
      return (await this.getService(row.id, tx)) as ServiceView;
    });
  }

  async updateService(id: string, input: UpdateServiceInput, actor: AuditActor, expectedVersion?: number): Promise<ServiceView> {
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.service(id, tx, true);
      if (!before) throw notFound('The online service');
      if (expectedVersion !== undefined && before.version !== expectedVersion) {
        throw new DomainError('CONFLICT', `The service was changed by someone else (now version ${before.version}). Reload it and apply your change again.`);
      }
      if (input.providerId && !(await this.repo.provider(input.providerId, tx))) {
        throw new DomainError('VALIDATION_FAILED', 'providerId: no provider has that id.', { errors: [{ field: 'providerId', message: 'no such provider' }] });
      }
      const columns: Record<string, [keyof ServiceRow, unknown]> = {
        name: ['name', input.name?.trim()],
        providerId: ['provider_id', input.providerId],
        serviceType: ['service_type', input.serviceType],
        categorisation: ['categorisation', input.categorisation],
        ukUsersEstimate: ['uk_users_estimate', input.ukUsersEstimate === undefined ? undefined : input.ukUsersEstimate === null ? null : String(input.ukUsersEstimate)],
      };
      const fields: Record<string, unknown> = {};
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      for (const [key, [column, value]] of Object.entries(columns)) {
        if (value === undefined || before[column] === value) continue;
        fields[column] = value;
        changes[key] = { before: before[column], after: value };
      }
      // A service an officer edits is confirmed.
      if (before.origin === 'intake' && Object.keys(fields).length > 0) {
        fields.origin = 'registered';
        changes.origin = { before: 'intake', after: 'registered' };
      }
      if (Object.keys(fields).length > 0) {
        fields.updated_at = this.clock.now();
        await this.repo.updateService(tx, id, fields);
        await this.audit.append(tx, { chainId: `service:${id}`, event: 'service_updated', actor, subjectType: 'online_service', subjectId: id, changes });
      }
      await this.addAppIds(tx, id, input.appIds ?? []);
      return (await this.getService(id, tx)) as ServiceView;
    });
  }

  private async addAppIds(tx: EntityManager, serviceId: string, appIds: { store: AppStore; appId: string }[]): Promise<void> {
    for (const [i, a] of appIds.entries()) {
      const existing = await this.repo.appId(a.store, a.appId, tx);
      if (existing && existing.service_id !== serviceId) {
        throw new DomainError('CONFLICT', `appIds[${i}]: the ${a.store} app ${a.appId} already belongs to service ${existing.service_id}.`, {
          errors: [{ field: `appIds[${i}]`, message: 'belongs to another service' }],
        });
      }
    }
    await this.repo.insertAppIds(tx, serviceId, appIds);
  }

  /**
   * Records that a domain is the primary, a mirror or a successor of a service. A domain first
   * registered automatically from a report (an unconfirmed service of its own) is taken over, and
   * that service is merged into this one, so its reports follow. The change is audited and every
   * DomainLinkedListener runs in the same transaction.
   */
  async linkDomain(serviceId: string, input: LinkDomainInput, actor: AuditActor): Promise<DomainView> {
    const domain = normaliseDomain(input.domain, 'domain');
    return this.dataSource.transaction(async (tx) => this.linkDomainIn(tx, serviceId, { ...input, domain }, actor));
  }

  private async linkDomainIn(tx: EntityManager, serviceId: string, input: LinkDomainInput, actor: AuditActor): Promise<DomainView> {
    const service = await this.repo.service(serviceId, tx, true);
    if (!service) throw notFound('The online service');
    if (service.merged_into) {
      throw new DomainError('CONFLICT', `This service was merged into service ${service.merged_into}. Record the domain there.`);
    }
    const at = this.clock.now();
    const since = input.since ?? at;
    if (since.getTime() > at.getTime()) {
      throw new DomainError('VALIDATION_FAILED', 'since: the date a domain was seen cannot be in the future.', { errors: [{ field: 'since', message: 'must not be in the future' }] });
    }
    const row: DomainRow = {
      domain: input.domain,
      service_id: serviceId,
      relation: input.relation,
      since,
      evidence: input.evidence?.trim() || null,
      recorded_by: actor.label,
      recorded_at: at,
    };
    const existing = await this.repo.domain(input.domain, tx, true);
    let absorbedServiceId: string | null = null;
    if (!existing) {
      await this.repo.insertDomain(tx, row);
    } else if (existing.service_id === serviceId) {
      if (existing.relation === row.relation && (row.evidence === null || row.evidence === existing.evidence) && input.since === undefined) {
        return domainView(existing);
      }
      await this.repo.moveDomain(tx, { ...row, since: input.since ?? existing.since, evidence: row.evidence ?? existing.evidence });
    } else {
      const owner = await this.repo.service(existing.service_id, tx, true);
      const ownerDomains = owner ? await this.repo.domainsOf([owner.id], tx) : [];
      if (!owner || owner.origin !== 'intake' || owner.provider_id !== null) {
        throw new DomainError(
          'DOMAIN_LINKED_ELSEWHERE',
          `${input.domain} already belongs to the service "${owner?.name ?? existing.service_id}" (${existing.service_id}) as its ${existing.relation} domain. ` +
            'If both are one service, record the link on that service or ask an admin to merge them.',
          { serviceId: existing.service_id, errors: [{ field: 'domain', message: 'belongs to another service' }] },
        );
      }
      await this.repo.moveDomain(tx, row);
      if (ownerDomains.length <= 1) {
        await this.repo.updateService(tx, owner.id, { merged_into: serviceId, updated_at: at });
        absorbedServiceId = owner.id;
        await this.audit.append(tx, {
          chainId: `service:${owner.id}`,
          event: 'service_merged',
          actor,
          subjectType: 'online_service',
          subjectId: owner.id,
          changes: { mergedInto: { before: null, after: serviceId } },
          reason: `its domain ${input.domain} was recorded as a ${input.relation} of service ${serviceId}`,
        });
      }
    }
    await this.audit.append(tx, {
      chainId: `service:${serviceId}`,
      event: 'service_domain_linked',
      actor,
      subjectType: 'online_service',
      subjectId: serviceId,
      changes: { [`domain:${input.domain}`]: { before: existing ? { serviceId: existing.service_id, relation: existing.relation } : null, after: { serviceId, relation: input.relation } } },
      data: { domain: input.domain, relation: input.relation, since: iso(row.since), evidence: row.evidence, absorbedServiceId },
    });
    const event: DomainLinkedEvent = {
      serviceId,
      domain: input.domain,
      relation: input.relation,
      previousServiceId: existing?.service_id ?? null,
      previousRelation: existing?.relation ?? null,
      absorbedServiceId,
      actor,
    };
    for (const listener of this.listeners) await listener(tx, event);
    return domainView((await this.repo.domain(input.domain, tx)) as DomainRow);
  }
}
