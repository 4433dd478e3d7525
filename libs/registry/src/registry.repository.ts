import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppStore, Categorisation, DomainRelation, ServiceOrigin, ServiceType } from './domain/vocabulary.js';

export interface ProviderRow {
  id: string;
  name: string;
  legal_entity: string | null;
  group_name: string | null;
  jurisdiction: string | null;
  notice_contact: string | null;
  organisation_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ServiceRow {
  id: string;
  provider_id: string | null;
  name: string;
  service_type: ServiceType;
  categorisation: Categorisation;
  uk_users_estimate: string | null;
  origin: ServiceOrigin;
  merged_into: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface DomainRow {
  domain: string;
  service_id: string;
  relation: DomainRelation;
  since: Date;
  evidence: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export interface AppIdRow {
  store: AppStore;
  app_id: string;
  service_id: string;
}

export interface ServiceFactsRow {
  id: string;
  service_type: ServiceType;
  uk_users_estimate: string | null;
  provider_id: string | null;
  jurisdiction: string | null;
  notice_contact: string | null;
}

/** The only SQL of the registry context. */
@Injectable()
export class RegistryRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager | DataSource {
    return manager ?? this.dataSource;
  }

  async insertProvider(manager: EntityManager, p: Omit<ProviderRow, 'id' | 'updated_at'>): Promise<ProviderRow> {
    const [row] = (await manager.query(
      `INSERT INTO providers (name, legal_entity, group_name, jurisdiction, notice_contact, organisation_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT (lower(name)) DO NOTHING RETURNING *`,
      [p.name, p.legal_entity, p.group_name, p.jurisdiction, p.notice_contact, p.organisation_id, p.created_at],
    )) as ProviderRow[];
    return row as ProviderRow;
  }

  async updateProvider(manager: EntityManager, id: string, fields: Partial<Omit<ProviderRow, 'id' | 'created_at'>>): Promise<ProviderRow | undefined> {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    const sets = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
    const [rows] = (await manager.query(`UPDATE providers SET ${sets} WHERE id = $1 RETURNING *`, [id, ...keys.map((k) => fields[k])])) as [ProviderRow[], number];
    return rows[0];
  }

  async provider(id: string, manager?: EntityManager): Promise<ProviderRow | undefined> {
    const [row] = (await this.m(manager).query(`SELECT * FROM providers WHERE id = $1`, [id])) as ProviderRow[];
    return row;
  }

  async providerByName(name: string, manager?: EntityManager): Promise<ProviderRow | undefined> {
    const [row] = (await this.m(manager).query(`SELECT * FROM providers WHERE lower(name) = lower($1)`, [name])) as ProviderRow[];
    return row;
  }

  async providers(options: { after?: string; limit: number; q?: string; organisationId?: string }): Promise<ProviderRow[]> {
    return (await this.dataSource.query(
      `SELECT * FROM providers
        WHERE ($1::text IS NULL OR lower(name) > $1) AND ($3::text IS NULL OR lower(name) LIKE '%' || lower($3) || '%')
          AND ($4::uuid IS NULL OR organisation_id = $4)
        ORDER BY lower(name) LIMIT $2`,
      [options.after ?? null, options.limit, options.q ?? null, options.organisationId ?? null],
    )) as ProviderRow[];
  }

  async insertService(manager: EntityManager, s: Omit<ServiceRow, 'id' | 'version' | 'updated_at' | 'merged_into'>): Promise<ServiceRow> {
    const [row] = (await manager.query(
      `INSERT INTO online_services (provider_id, name, service_type, categorisation, uk_users_estimate, origin, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
      [s.provider_id, s.name, s.service_type, s.categorisation, s.uk_users_estimate, s.origin, s.created_at],
    )) as ServiceRow[];
    return row as ServiceRow;
  }

  async updateService(manager: EntityManager, id: string, fields: Partial<Omit<ServiceRow, 'id' | 'created_at' | 'version'>>): Promise<ServiceRow> {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    const sets = [...keys.map((k, i) => `${k} = $${i + 2}`), 'version = version + 1'].join(', ');
    const [rows] = (await manager.query(`UPDATE online_services SET ${sets} WHERE id = $1 RETURNING *`, [id, ...keys.map((k) => fields[k])])) as [ServiceRow[], number];
    return rows[0] as ServiceRow;
  }

  async service(id: string, manager?: EntityManager, lock = false): Promise<ServiceRow | undefined> {
    const [row] = (await this.m(manager).query(`SELECT * FROM online_services WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id])) as ServiceRow[];
    return row;
  }

  async services(options: { after?: { name: string; id: string }; limit: number; q?: string; providerId?: string; providerOrganisationId?: string }): Promise<ServiceRow[]> {
    return (await this.dataSource.query(
      `SELECT s.* FROM online_services s
         LEFT JOIN providers p ON p.id = s.provider_id
        WHERE s.merged_into IS NULL
          AND ($1::text IS NULL OR (lower(s.name), s.id) > ($1, $2::uuid))
          AND ($4::text IS NULL OR lower(s.name) LIKE '%' || lower($4) || '%'
               OR EXISTS (SELECT 1 FROM service_domains d WHERE d.service_id = s.id AND d.domain LIKE '%' || lower($4) || '%'))
          AND ($5::uuid IS NULL OR s.provider_id = $5)
          AND ($6::uuid IS NULL OR p.organisation_id = $6)
        ORDER BY lower(s.name), s.id LIMIT $3`,
      [options.after?.name ?? null, options.after?.id ?? null, options.limit, options.q ?? null, options.providerId ?? null, options.providerOrganisationId ?? null],
    )) as ServiceRow[];
  }

  async domainsOf(serviceIds: string[], manager?: EntityManager): Promise<DomainRow[]> {
    if (serviceIds.length === 0) return [];
    return (await this.m(manager).query(`SELECT * FROM service_domains WHERE service_id = ANY($1::uuid[]) ORDER BY since, domain`, [serviceIds])) as DomainRow[];
  }

  async appIdsOf(serviceIds: string[], manager?: EntityManager): Promise<AppIdRow[]> {
    if (serviceIds.length === 0) return [];
    return (await this.m(manager).query(`SELECT * FROM service_app_ids WHERE service_id = ANY($1::uuid[]) ORDER BY store, app_id`, [serviceIds])) as AppIdRow[];
  }

  /** Exact matches for any of the candidate domains. */
  async domainsMatching(candidates: string[], manager?: EntityManager): Promise<DomainRow[]> {
    if (candidates.length === 0) return [];
    return (await this.m(manager).query(`SELECT * FROM service_domains WHERE domain = ANY($1::text[])`, [candidates])) as DomainRow[];
  }

  /** Like domainsMatching, each row with the triage facts of its service (one statement for both). */
  async domainsMatchingWithFacts(candidates: string[], manager?: EntityManager): Promise<(DomainRow & { facts: ServiceFactsRow })[]> {
    if (candidates.length === 0) return [];
    const rows = (await this.m(manager).query(
      `SELECT d.*, s.service_type, s.uk_users_estimate, s.provider_id, p.jurisdiction, p.notice_contact
         FROM service_domains d JOIN online_services s ON s.id = d.service_id LEFT JOIN providers p ON p.id = s.provider_id
        WHERE d.domain = ANY($1::text[])`,
      [candidates],
    )) as (DomainRow & Omit<ServiceFactsRow, 'id'>)[];
    return rows.map(({ service_type, uk_users_estimate, provider_id, jurisdiction, notice_contact, ...domain }) => ({
      ...domain,
      facts: { id: domain.service_id, service_type, uk_users_estimate, provider_id, jurisdiction, notice_contact },
    }));
  }

  /**
   * domainsMatchingWithFacts, and when none matches, registers `host` as a new unconfirmed service with
   * that domain, in the same statement. `registeredServiceId` is null when nothing was registered: a
   * match was found, or (`lost`) another writer registered the host first and this statement's
   * service row was left without a domain.
   */
  async matchOrRegister(
    manager: EntityManager,
    candidates: string[],
    host: string,
    at: Date,
    recordedBy: string,
  ): Promise<{ matches: (DomainRow & { facts: ServiceFactsRow })[]; registeredServiceId: string | null; lost: boolean }> {
    const rows = (await manager.query(
      `WITH found AS (
         SELECT d.*, s.service_type, s.uk_users_estimate, s.provider_id, p.jurisdiction, p.notice_contact
           FROM service_domains d JOIN online_services s ON s.id = d.service_id LEFT JOIN providers p ON p.id = s.provider_id
          WHERE d.domain = ANY($1::text[])
       ), service AS (
         INSERT INTO online_services (name, service_type, origin, created_at, updated_at)
         SELECT $2, 'unknown', 'intake', $3, $3 WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id
       ), registered AS (
         INSERT INTO service_domains (domain, service_id, relation, since, evidence, recorded_by, recorded_at)
         SELECT $2, id, 'primary', $3, 'first named in a report', $4, $3 FROM service
         ON CONFLICT (domain) DO NOTHING RETURNING service_id
       )
       SELECT 'found' AS outcome, found.* FROM found
       UNION ALL SELECT 'registered', NULL, r.service_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM registered r
       UNION ALL SELECT 'lost', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM service WHERE NOT EXISTS (SELECT 1 FROM registered)`,
      [candidates, host, at, recordedBy],
    )) as ({ outcome: 'found' | 'registered' | 'lost' } & DomainRow & Omit<ServiceFactsRow, 'id'>)[];
    const matches = rows
      .filter((r) => r.outcome === 'found')
      .map(({ outcome: _, service_type, uk_users_estimate, provider_id, jurisdiction, notice_contact, ...domain }) => ({
        ...domain,
        facts: { id: domain.service_id, service_type, uk_users_estimate, provider_id, jurisdiction, notice_contact },
      }));
    return {
      matches,
      registeredServiceId: rows.find((r) => r.outcome === 'registered')?.service_id ?? null,
      lost: rows.some((r) => r.outcome === 'lost'),
    };
  }

  async domain(domain: string, manager?: EntityManager, lock = false): Promise<DomainRow | undefined> {
    const [row] = (await this.m(manager).query(`SELECT * FROM service_domains WHERE domain = $1 ${lock ? 'FOR UPDATE' : ''}`, [domain])) as DomainRow[];
    return row;
  }

  /** Inserts a domain unless some service already has it; returns the row inserted, if any. */
  async insertDomain(manager: EntityManager, d: DomainRow): Promise<DomainRow | undefined> {
    const [row] = (await manager.query(
      `INSERT INTO service_domains (domain, service_id, relation, since, evidence, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (domain) DO NOTHING RETURNING *`,
      [d.domain, d.service_id, d.relation, d.since, d.evidence, d.recorded_by, d.recorded_at],
    )) as DomainRow[];
    return row;
  }

  async moveDomain(manager: EntityManager, d: DomainRow): Promise<void> {
    await manager.query(
      `UPDATE service_domains SET service_id = $2, relation = $3, since = $4, evidence = $5, recorded_by = $6, recorded_at = $7 WHERE domain = $1`,
      [d.domain, d.service_id, d.relation, d.since, d.evidence, d.recorded_by, d.recorded_at],
    );
  }

  async deleteService(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM online_services WHERE id = $1`, [id]);
  }

  async insertAppIds(manager: EntityManager, serviceId: string, appIds: { store: AppStore; appId: string }[]): Promise<AppIdRow[]> {
    if (appIds.length === 0) return [];
    return (await manager.query(
      `INSERT INTO service_app_ids (store, app_id, service_id) SELECT * FROM unnest($1::text[], $2::text[]) AS a(store, app_id), (SELECT $3::uuid) s
       ON CONFLICT (store, app_id) DO NOTHING RETURNING *`,
      [appIds.map((a) => a.store), appIds.map((a) => a.appId), serviceId],
    )) as AppIdRow[];
  }

  async appId(store: string, appId: string, manager?: EntityManager): Promise<AppIdRow | undefined> {
    const [row] = (await this.m(manager).query(`SELECT * FROM service_app_ids WHERE store = $1 AND app_id = $2`, [store, appId])) as AppIdRow[];
    return row;
  }

  async facts(serviceIds: string[], manager?: EntityManager): Promise<ServiceFactsRow[]> {
    if (serviceIds.length === 0) return [];
    return (await this.m(manager).query(
      `SELECT s.id, s.service_type, s.uk_users_estimate, s.provider_id, p.jurisdiction, p.notice_contact
         FROM online_services s LEFT JOIN providers p ON p.id = s.provider_id WHERE s.id = ANY($1::uuid[])`,
      [serviceIds],
    )) as ServiceFactsRow[];
  }

  async summaries(ids: string[], manager?: EntityManager): Promise<{ id: string; name: string; primary_domain: string | null }[]> {
    return (await this.m(manager).query(
      `SELECT s.id, s.name, (SELECT d.domain FROM service_domains d WHERE d.service_id = s.id ORDER BY (d.relation = 'primary') DESC, d.since LIMIT 1) AS primary_domain
         FROM online_services s WHERE s.id = ANY($1::uuid[])`,
      [ids],
    )) as { id: string; name: string; primary_domain: string | null }[];
  }

  /** Registers many unknown domains at once as unconfirmed services (bulk import): returns domain → service id for those inserted. */
  async insertIntakeServices(manager: EntityManager, domains: string[], at: Date, recordedBy: string): Promise<Map<string, string>> {
    if (domains.length === 0) return new Map();
    const rows = (await manager.query(
      `WITH wanted AS (
         SELECT d FROM unnest($1::text[]) AS d WHERE NOT EXISTS (SELECT 1 FROM service_domains sd WHERE sd.domain = d)
       ), services AS (
         INSERT INTO online_services (name, service_type, origin, created_at, updated_at)
         SELECT d, 'unknown', 'intake', $2, $2 FROM wanted RETURNING id, name
       )
       INSERT INTO service_domains (domain, service_id, relation, since, evidence, recorded_by, recorded_at)
       SELECT name, id, 'primary', $2, 'first named in a report', $3, $2 FROM services
       ON CONFLICT (domain) DO NOTHING RETURNING domain, service_id`,
      [domains, at, recordedBy],
    )) as { domain: string; service_id: string }[];
    return new Map(rows.map((r) => [r.domain, r.service_id]));
  }

  /** Removes unconfirmed services left without a domain (lost a race to register the same domain). */
  async deleteOrphanIntakeServices(manager: EntityManager, names: string[]): Promise<void> {
    if (names.length === 0) return;
    await manager.query(
      `DELETE FROM online_services s WHERE s.origin = 'intake' AND s.name = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM service_domains d WHERE d.service_id = s.id)`,
      [names],
    );
  }
}
