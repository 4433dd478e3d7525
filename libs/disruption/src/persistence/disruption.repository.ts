import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Ground, EvidenceKind, ApplicationStatus, CourtEventKind, DomainSource, OrderKind, ThirdPartyKind, VariationStatus } from '../domain/vocabulary.js';
import type { DomainRelation } from '@app/registry';

export interface EvidenceLink {
  kind: EvidenceKind;
  /** A case document id, an audit event's sequence number, or a URL. */
  ref: string;
  description: string | null;
}

export interface AssertedGround {
  ground: Ground;
  statement: string;
  evidence: EvidenceLink[];
}

export interface ApplicationRow {
  id: string;
  reference: string;
  caseId: string;
  caseReference: string;
  serviceId: string;
  kind: OrderKind;
  interim: boolean;
  status: ApplicationStatus;
  grounds: AssertedGround[];
  apps: { store: string; appId: string }[];
  draftedBy: string | null;
  draftedByLabel: string;
  createdAt: Date;
  appliedBy: string | null;
  appliedByLabel: string | null;
  appliedAt: Date | null;
  updatedAt: Date;
  version: number;
}

export interface ThirdPartyRow {
  id: string;
  position: number;
  kind: ThirdPartyKind;
  name: string;
  contactEmail: string;
  facilityEvidence: string | null;
}

export interface CoveredDomainRow {
  domain: string;
  relation: DomainRelation;
  since: Date;
  source: DomainSource;
  addedAt: Date;
}

export interface CourtEventRow {
  id: string;
  kind: CourtEventKind;
  on: string;
  hearingOn: string | null;
  terms: string | null;
  variationIds: string[];
  notified: number;
  recordedByLabel: string;
  recordedAt: Date;
}

export interface VariationRow {
  id: string;
  applicationId: string;
  domain: string;
  relation: DomainRelation;
  origin: 'registry_link' | 'manual';
  evidence: string | null;
  status: VariationStatus;
  draftedByLabel: string;
  createdAt: Date;
  filedByLabel: string | null;
  filedAt: Date | null;
  decidedAt: Date | null;
}

const APPLICATION_COLUMNS = `id, reference, case_id AS "caseId", case_reference AS "caseReference", service_id AS "serviceId", kind, interim, status,
  grounds, apps, drafted_by AS "draftedBy", drafted_by_label AS "draftedByLabel", created_at AS "createdAt", applied_by AS "appliedBy",
  applied_by_label AS "appliedByLabel", applied_at AS "appliedAt", updated_at AS "updatedAt", version`;
const VARIATION_COLUMNS = `id, application_id AS "applicationId", domain, relation, origin, evidence, status, drafted_by_label AS "draftedByLabel",
  created_at AS "createdAt", filed_by_label AS "filedByLabel", filed_at AS "filedAt", decided_at AS "decidedAt"`;
const DATE = (column: string, alias: string) => `to_char(${column}, 'YYYY-MM-DD') AS "${alias}"`;

/** The disruption context's tables; nothing else reads or writes them. */
@Injectable()
export class DisruptionRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insertApplication(
    manager: EntityManager,
    row: Omit<ApplicationRow, 'id' | 'reference' | 'version' | 'updatedAt' | 'appliedBy' | 'appliedByLabel' | 'appliedAt'>,
  ): Promise<ApplicationRow> {
    const [created] = (await manager.query(
      `INSERT INTO disruption_applications (reference, case_id, case_reference, service_id, kind, interim, status, grounds, apps, drafted_by, drafted_by_label, created_at, updated_at)
       VALUES ($1 || '-BD' || lpad(nextval('disruption_application_numbers')::text, 4, '0'), $2, $1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
       RETURNING ${APPLICATION_COLUMNS}`,
      [row.caseReference, row.caseId, row.serviceId, row.kind, row.interim, row.status, JSON.stringify(row.grounds), JSON.stringify(row.apps), row.draftedBy, row.draftedByLabel, row.createdAt],
    )) as ApplicationRow[];
    return created as ApplicationRow;
  }

  async application(id: string, manager?: EntityManager, forUpdate = false): Promise<ApplicationRow | null> {
    const rows = (await this.m(manager).query(`SELECT ${APPLICATION_COLUMNS} FROM disruption_applications WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id])) as ApplicationRow[];
    return rows[0] ?? null;
  }

  async applicationsOfCase(caseId: string): Promise<ApplicationRow[]> {
    return (await this.dataSource.query(`SELECT ${APPLICATION_COLUMNS} FROM disruption_applications WHERE case_id = $1 ORDER BY created_at, reference`, [caseId])) as ApplicationRow[];
  }

  /** Applications newest first, with how many variations wait to be filed; keyset paging on (created_at, id). */
  async list(filter: { status?: ApplicationStatus; after?: { createdAt: string; id: string } }, limit: number): Promise<(ApplicationRow & { draftVariations: number })[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.status) {
      params.push(filter.status);
      where.push(`a.status = $${params.length}`);
    }
    if (filter.after) {
      params.push(filter.after.createdAt, filter.after.id);
      where.push(`(a.created_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit);
    return (await this.dataSource.query(
      `SELECT ${APPLICATION_COLUMNS},
              (SELECT count(*)::int FROM disruption_variations v WHERE v.application_id = a.id AND v.status = 'draft') AS "draftVariations"
       FROM disruption_applications a ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    )) as (ApplicationRow & { draftVariations: number })[];
  }

  /** Applications about a service that a new domain of it should reach (not refused), locked. */
  async liveApplicationsOfService(manager: EntityManager, serviceId: string): Promise<ApplicationRow[]> {
    return (await manager.query(
      `SELECT ${APPLICATION_COLUMNS} FROM disruption_applications WHERE service_id = $1 AND status <> 'order_refused' ORDER BY created_at FOR UPDATE`,
      [serviceId],
    )) as ApplicationRow[];
  }

  async markApplied(manager: EntityManager, id: string, by: { id: string | null; label: string }, at: Date): Promise<void> {
    await manager.query(
      `UPDATE disruption_applications SET status = 'applied', applied_by = $2, applied_by_label = $3, applied_at = $4, updated_at = $4, version = version + 1 WHERE id = $1`,
      [id, by.id, by.label, at],
    );
  }

  async setStatus(manager: EntityManager, id: string, status: ApplicationStatus, at: Date): Promise<void> {
    await manager.query(`UPDATE disruption_applications SET status = $2, updated_at = $3, version = version + 1 WHERE id = $1`, [id, status, at]);
  }

  async insertThirdParties(manager: EntityManager, applicationId: string, parties: Omit<ThirdPartyRow, 'id' | 'position'>[]): Promise<void> {
    for (const [position, p] of parties.entries()) {
      await manager.query(
        `INSERT INTO disruption_third_parties (application_id, position, kind, name, contact_email, facility_evidence) VALUES ($1, $2, $3, $4, $5, $6)`,
        [applicationId, position + 1, p.kind, p.name, p.contactEmail, p.facilityEvidence],
      );
    }
  }

  async thirdParties(applicationId: string, manager?: EntityManager): Promise<ThirdPartyRow[]> {
    return (await this.m(manager).query(
      `SELECT id, position, kind, name, contact_email AS "contactEmail", facility_evidence AS "facilityEvidence"
       FROM disruption_third_parties WHERE application_id = $1 ORDER BY position`,
      [applicationId],
    )) as ThirdPartyRow[];
  }

  /** Adds a covered domain; false when the application already covers it. */
  async addDomain(manager: EntityManager, applicationId: string, d: CoveredDomainRow): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO disruption_domains (application_id, domain, relation, since, source, added_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (application_id, domain) DO NOTHING RETURNING domain`,
      [applicationId, d.domain, d.relation, d.since, d.source, d.addedAt],
    )) as unknown[];
    return rows.length > 0;
  }

  async domains(applicationId: string, manager?: EntityManager): Promise<CoveredDomainRow[]> {
    return (await this.m(manager).query(
      `SELECT domain, relation, since, source, added_at AS "addedAt" FROM disruption_domains WHERE application_id = $1
       ORDER BY CASE relation WHEN 'primary' THEN 0 WHEN 'mirror' THEN 1 ELSE 2 END, added_at, domain`,
      [applicationId],
    )) as CoveredDomainRow[];
  }

  async insertCourtEvent(
    manager: EntityManager,
    applicationId: string,
    e: Omit<CourtEventRow, 'id' | 'notified'> & { recordedBy: string | null },
  ): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO disruption_court_events (application_id, kind, on_date, hearing_on, terms, variation_ids, recorded_by, recorded_by_label, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [applicationId, e.kind, e.on, e.hearingOn, e.terms, e.variationIds, e.recordedBy, e.recordedByLabel, e.recordedAt],
    )) as { id: string }[];
    return (row as { id: string }).id;
  }

  async setNotified(manager: EntityManager, courtEventId: string, count: number): Promise<void> {
    await manager.query(`UPDATE disruption_court_events SET notified = $2 WHERE id = $1`, [courtEventId, count]);
  }

  async courtEvents(applicationId: string, manager?: EntityManager): Promise<CourtEventRow[]> {
    return (await this.m(manager).query(
      `SELECT id, kind, ${DATE('on_date', 'on')}, ${DATE('hearing_on', 'hearingOn')}, terms, variation_ids AS "variationIds", notified,
              recorded_by_label AS "recordedByLabel", recorded_at AS "recordedAt"
       FROM disruption_court_events WHERE application_id = $1 ORDER BY recorded_at, on_date`,
      [applicationId],
    )) as CourtEventRow[];
  }

  /** Drafts a variation; null when one for that domain already exists. */
  async insertVariation(
    manager: EntityManager,
    v: { applicationId: string; domain: string; relation: DomainRelation; origin: 'registry_link' | 'manual'; evidence: string | null; draftedBy: string | null; draftedByLabel: string; createdAt: Date },
  ): Promise<VariationRow | null> {
    const rows = (await manager.query(
      `INSERT INTO disruption_variations (application_id, domain, relation, origin, evidence, status, drafted_by, drafted_by_label, created_at)
       VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8) ON CONFLICT (application_id, domain) DO NOTHING RETURNING ${VARIATION_COLUMNS}`,
      [v.applicationId, v.domain, v.relation, v.origin, v.evidence, v.draftedBy, v.draftedByLabel, v.createdAt],
    )) as VariationRow[];
    return rows[0] ?? null;
  }

  async variation(id: string, manager?: EntityManager, forUpdate = false): Promise<VariationRow | null> {
    const rows = (await this.m(manager).query(`SELECT ${VARIATION_COLUMNS} FROM disruption_variations WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id])) as VariationRow[];
    return rows[0] ?? null;
  }

  async variations(applicationId: string, manager?: EntityManager): Promise<VariationRow[]> {
    return (await this.m(manager).query(`SELECT ${VARIATION_COLUMNS} FROM disruption_variations WHERE application_id = $1 ORDER BY created_at, domain`, [applicationId])) as VariationRow[];
  }

  async markVariationFiled(manager: EntityManager, id: string, by: { id: string | null; label: string }, at: Date): Promise<void> {
    await manager.query(`UPDATE disruption_variations SET status = 'filed', filed_by = $2, filed_by_label = $3, filed_at = $4 WHERE id = $1`, [id, by.id, by.label, at]);
  }

  async decideVariations(manager: EntityManager, ids: string[], status: 'granted' | 'refused', at: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`UPDATE disruption_variations SET status = $2, decided_at = $3 WHERE id = ANY($1::uuid[])`, [ids, status, at]);
  }
}
