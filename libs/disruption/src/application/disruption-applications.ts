import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, actorOf, type AuditActor } from '@app/audit';
import { CaseHistory, FireTransition, GetCase, type CaseEventView, type CaseView } from '@app/cases';
import { Clock, DomainError, decodeCursor, encodeCursor, hasRole, isRegulator, type FieldError, type Page, type Principal } from '@app/core';
import { DocumentStore, isLegalDate, ukDate, type IssuedDocumentSummary } from '@app/documents';
import { Outbox } from '@app/notifications';
import { ServiceRegistry, normaliseDomain, type DomainLinkedEvent, type DomainRelation, type ServiceView } from '@app/registry';
import { DECIDING_EVENTS, NOTIFIED_EVENTS, courtStep } from '../domain/court-progress.js';
import { assessGrounds, type TestAssessment } from '../domain/statutory-test.js';
import {
  APPLICABLE_CASE_STATES,
  COURT_EVENT_LABELS,
  ORDER_LABELS,
  THIRD_PARTIES_BY_ORDER,
  THIRD_PARTY_LABELS,
  type CourtEventKind,
  type Ground,
  type OrderKind,
  type ThirdPartyKind,
} from '../domain/vocabulary.js';
import {
  DisruptionRepository,
  type ApplicationRow,
  type AssertedGround,
  type CoveredDomainRow,
  type CourtEventRow,
  type EvidenceLink,
  type ThirdPartyRow,
  type VariationRow,
} from '../persistence/disruption.repository.js';

export interface ThirdPartyInput {
  kind: ThirdPartyKind;
  name: string;
  contactEmail: string;
  facilityEvidence?: string | null;
}

export interface GroundInput {
  ground: Ground;
  statement: string;
  evidence?: { kind: EvidenceLink['kind']; ref: string; description?: string | null }[];
}

export interface CreateApplicationInput {
  kind: OrderKind;
  interim?: boolean;
  thirdParties?: ThirdPartyInput[];
  /** Domains of the service to cover; every domain of the service when none is given. */
  domains?: string[];
  /** Adds every mirror and successor domain of the service to the domains given (default true). */
  includeLinkedDomains?: boolean;
  /** The statutory test; when left out, proposed from the case's record where the record shows it. */
  grounds?: GroundInput[];
  reason?: string | null;
}

export interface CourtEventInput {
  kind: CourtEventKind;
  on: string;
  hearingOn?: string | null;
  terms?: string | null;
  /** The filed variations an order_varied grants; all filed variations when left out. */
  variationIds?: string[];
}

export interface RecordDomainInput {
  domain: string;
  relation: DomainRelation;
  evidence?: string | null;
}

export interface EvidenceView extends EvidenceLink {
  /** What the link points at, in words (a document's title, an audit event's step). */
  label: string;
  /** The SHA-256 of a document, or the hash of an audit event. */
  hash: string | null;
  href: string | null;
}

export interface ApplicationView {
  id: string;
  reference: string;
  caseId: string;
  caseReference: string;
  serviceId: string;
  service: { id: string; name: string; provider: { id: string; name: string } | null };
  kind: OrderKind;
  interim: boolean;
  /** e.g. "Interim service restriction order (s.145)". */
  orderLabel: string;
  status: ApplicationRow['status'];
  grounds: (Omit<AssertedGround, 'evidence'> & { evidence: EvidenceView[] })[];
  statutoryTest: TestAssessment;
  thirdParties: ThirdPartyRow[];
  domains: { domain: string; relation: DomainRelation; since: string; source: CoveredDomainRow['source']; addedAt: string }[];
  apps: { store: string; appId: string }[];
  courtEvents: (Omit<CourtEventRow, 'recordedAt'> & { recordedAt: string })[];
  variations: VariationView[];
  draftedBy: string;
  createdAt: string;
  appliedBy: string | null;
  appliedAt: string | null;
  updatedAt: string;
  version: number;
}

export interface VariationView {
  id: string;
  applicationId: string;
  domain: string;
  relation: DomainRelation;
  origin: VariationRow['origin'];
  evidence: string | null;
  status: VariationRow['status'];
  draftedBy: string;
  createdAt: string;
  filedBy: string | null;
  filedAt: string | null;
  decidedAt: string | null;
}

/** An application as lists show it. */
export interface ApplicationSummary {
  id: string;
  reference: string;
  caseId: string;
  caseReference: string;
  serviceId: string;
  serviceName: string;
  kind: OrderKind;
  interim: boolean;
  orderLabel: string;
  status: ApplicationRow['status'];
  createdAt: string;
  appliedAt: string | null;
  /** Variations drafted (after the service moved) and not yet filed with the court. */
  draftVariations: number;
}

/** What the bundle and the pages need besides the application itself. */
export interface ApplicationDossier {
  application: ApplicationView;
  caseView: CaseView;
  chronology: CaseEventView[];
  documents: IssuedDocumentSummary[];
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
const URL_PATTERN = /^https?:\/\/[^\s/$.?#][^\s]*$/i;

const notFound = (): DomainError =>
  new DomainError('DISRUPTION_APPLICATION_NOT_FOUND', 'There is no business disruption application with that id. Check the link, or find the application from its case.');
const variationNotFound = (): DomainError =>
  new DomainError('DISRUPTION_VARIATION_NOT_FOUND', 'There is no variation with that id. Check the link, or open the variations from the application page.');

function variationView(v: VariationRow): VariationView {
  return {
    id: v.id,
    applicationId: v.applicationId,
    domain: v.domain,
    relation: v.relation,
    origin: v.origin,
    evidence: v.evidence,
    status: v.status,
    draftedBy: v.draftedByLabel,
    createdAt: iso(v.createdAt) as string,
    filedBy: v.filedByLabel,
    filedAt: iso(v.filedAt),
    decidedAt: iso(v.decidedAt),
  };
}

export function orderLabel(kind: OrderKind, interim: boolean): string {
  const label = ORDER_LABELS[kind];
  return interim ? `Interim ${label.full.toLowerCase()} (${label.interimSection})` : `${label.full} (${label.section})`;
}

/**
 * Business disruption applications (s.144–s.148): drafting and making them from a case, their
 * progress in court, notifying the third parties, and following the service to new domains.
 */
@Injectable()
export class DisruptionApplications {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DisruptionRepository) private readonly repo: DisruptionRepository,
    @Inject(GetCase) private readonly getCase: GetCase,
    @Inject(CaseHistory) private readonly history: CaseHistory,
    @Inject(FireTransition) private readonly fireTransition: FireTransition,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(DocumentStore) private readonly documents: DocumentStore,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Drafts an application on a case (case officers) or makes it (decision makers): a decision
   * maker's application fires apply_for_business_disruption on the case in the same transaction.
   */
  async create(principal: Principal, caseId: string, input: CreateApplicationInput): Promise<ApplicationView> {
    this.requireRegulator(principal);
    const caseView = await this.getCase.execute(caseId);
    this.requireApplicableState(caseView);
    const service = await this.registry.requireService(caseView.serviceId);
    const applying = hasRole(principal, 'decision_maker');
    const domains = this.coveredDomains(service, input.domains ?? [], input.includeLinkedDomains !== false);
    const thirdParties = this.checkThirdParties(input.kind, input.thirdParties ?? [], applying);
    const grounds = await this.checkGrounds(caseView, input.grounds ?? (await this.proposedGrounds(caseView)));
    const assessment = assessGrounds(input.kind, grounds.map((g) => g.ground));
    if (applying) this.requireTestMet(assessment);
    const actor = actorOf(principal);
    const now = this.clock.now();
    const id = await this.dataSource.transaction(async (tx) => {
      const row = await this.repo.insertApplication(tx, {
        caseId: caseView.id,
        caseReference: caseView.reference,
        serviceId: service.id,
        kind: input.kind,
        interim: input.interim ?? false,
        status: 'draft',
        grounds,
        apps: service.appIds.map((a) => ({ store: a.store, appId: a.appId })),
        draftedBy: actor.id,
        draftedByLabel: actor.label,
        createdAt: now,
      });
      await this.repo.insertThirdParties(
        tx,
        row.id,
        thirdParties.map((p) => ({ kind: p.kind, name: p.name.trim(), contactEmail: p.contactEmail.trim(), facilityEvidence: p.facilityEvidence?.trim() || null })),
      );
      for (const d of domains) await this.repo.addDomain(tx, row.id, { domain: d.domain, relation: d.relation, since: new Date(d.since), source: 'application', addedAt: now });
      await this.audit.append(tx, {
        chainId: `disruption_application:${row.id}`,
        event: 'disruption_application_drafted',
        actor,
        subjectType: 'disruption_application',
        subjectId: row.id,
        toState: 'draft',
        reason: input.reason ?? null,
        data: {
          caseId: caseView.id,
          kind: row.kind,
          interim: row.interim,
          grounds: grounds.map((g) => g.ground),
          domains: domains.map((d) => d.domain),
          thirdParties: thirdParties.map((p) => ({ kind: p.kind, name: p.name })),
        },
      });
      if (applying) await this.makeApplication(tx, row, caseView, principal, actor, input.reason ?? null);
      return row.id;
    });
    return this.get(principal, id);
  }

  /** A decision maker makes a drafted application: the test is checked again and the case moves. */
  async apply(principal: Principal, id: string, reason?: string | null): Promise<ApplicationView> {
    this.requireRegulator(principal);
    const row = await this.requireApplication(id);
    if (row.status !== 'draft') throw new DomainError('DISRUPTION_NOT_DRAFT', `Application ${row.reference} was already made on ${ukDate(row.appliedAt as Date)}; record its progress in court instead.`);
    const caseView = await this.getCase.execute(row.caseId);
    this.requireApplicableState(caseView);
    this.requireTestMet(assessGrounds(row.kind, row.grounds.map((g) => g.ground)));
    const parties = await this.repo.thirdParties(row.id);
    if (parties.length === 0) throw this.noThirdParties();
    await this.dataSource.transaction(async (tx) => {
      const locked = (await this.repo.application(id, tx, true)) as ApplicationRow;
      if (locked.status !== 'draft') throw new DomainError('DISRUPTION_NOT_DRAFT', `Application ${row.reference} was made meanwhile by someone else. Reload it.`);
      await this.makeApplication(tx, locked, caseView, principal, actorOf(principal), reason ?? null);
    });
    return this.get(principal, id);
  }

  private async makeApplication(tx: EntityManager, row: ApplicationRow, caseView: CaseView, principal: Principal, actor: AuditActor, reason: string | null): Promise<void> {
    const now = this.clock.now();
    await this.repo.markApplied(tx, row.id, actor, now);
    await this.audit.append(tx, {
      chainId: `disruption_application:${row.id}`,
      event: 'disruption_application_made',
      actor,
      subjectType: 'disruption_application',
      subjectId: row.id,
      fromState: 'draft',
      toState: 'applied',
      reason,
      data: { caseId: caseView.id, caseFired: caseView.state !== 'business_disruption' },
    });
    if (caseView.state === 'business_disruption') return;
    const grounds = row.grounds.map((g) => `${g.ground}: ${g.statement}`).join('\n');
    await this.fireTransition.execute(
      {
        caseId: caseView.id,
        expectedVersion: caseView.version,
        event: 'apply_for_business_disruption',
        reason: reason ?? `${orderLabel(row.kind, row.interim)}: application ${row.reference}`,
        data: { kind: row.kind, interim: row.interim, grounds: grounds.slice(0, 4000) },
        principal,
      },
      tx,
    );
  }

  async get(principal: Principal, id: string): Promise<ApplicationView> {
    this.requireRegulator(principal);
    return this.view(await this.requireApplication(id));
  }

  async listForCase(principal: Principal, caseId: string): Promise<ApplicationView[]> {
    this.requireRegulator(principal);
    await this.getCase.execute(caseId);
    const rows = await this.repo.applicationsOfCase(caseId);
    return Promise.all(rows.map((r) => this.view(r)));
  }

  /** Every application, newest first (regulator only), optionally in one status. */
  async list(filter: { status?: ApplicationRow['status']; limit: number; cursor?: string }): Promise<Page<ApplicationSummary>> {
    const after = decodeCursor<{ c: string; i: string }>(filter.cursor);
    if (after && (typeof after.c !== 'string' || Number.isNaN(Date.parse(after.c)) || typeof after.i !== 'string' || !/^[0-9a-f-]{36}$/i.test(after.i))) {
      throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this service issued. Start again without a cursor.', { errors: [{ field: 'cursor', message: 'unrecognised cursor' }] });
    }
    const rows = await this.repo.list({ status: filter.status, after: after && { createdAt: after.c, id: after.i } }, filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const names = await this.registry.summaries(page.map((r) => r.serviceId));
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        reference: r.reference,
        caseId: r.caseId,
        caseReference: r.caseReference,
        serviceId: r.serviceId,
        serviceName: names.get(r.serviceId)?.name ?? r.serviceId,
        kind: r.kind,
        interim: r.interim,
        orderLabel: orderLabel(r.kind, r.interim),
        status: r.status,
        createdAt: iso(r.createdAt) as string,
        appliedAt: iso(r.appliedAt),
        draftVariations: r.draftVariations,
      })),
      nextCursor: rows.length > filter.limit && last ? encodeCursor({ c: (iso(last.createdAt) as string), i: last.id }) : null,
    };
  }

  /** The application with the case, its chronology and its documents: what the bundle is made of. */
  async dossier(principal: Principal, id: string): Promise<ApplicationDossier> {
    const application = await this.get(principal, id);
    const [caseView, chronology, documents] = await Promise.all([
      this.getCase.execute(application.caseId),
      this.history.events(application.caseId),
      this.documents.listForCase(application.caseId),
    ]);
    return { application, caseView, chronology, documents };
  }

  /**
   * A step in court. An order made, refused or varied fires record_court_order on the case, and an
   * order made or varied is emailed to every third party named, all in one transaction.
   */
  async recordCourtEvent(principal: Principal, id: string, input: CourtEventInput): Promise<ApplicationView> {
    this.requireRegulator(principal);
    const errors: FieldError[] = [];
    if (!isLegalDate(input.on)) errors.push({ field: 'on', message: 'must be a real date written YYYY-MM-DD' });
    if (input.hearingOn !== undefined && input.hearingOn !== null && !isLegalDate(input.hearingOn)) errors.push({ field: 'hearingOn', message: 'must be a real date written YYYY-MM-DD' });
    if (input.kind === 'hearing_listed' && !input.hearingOn) errors.push({ field: 'hearingOn', message: 'give the date of the hearing' });
    if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', `Correct the dates: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { errors });
    const today = ukDate(this.clock.now());
    if (input.on > today) {
      throw new DomainError('DISRUPTION_DATE_IN_FUTURE', `The court step is dated ${input.on}, after today (${today}). Record it on the day it happens.`, { errors: [{ field: 'on', message: 'must not be in the future' }] });
    }
    const row = await this.requireApplication(id);
    const step = courtStep(row.status, input.kind);
    if (!step.allowed) throw new DomainError('DISRUPTION_COURT_EVENT_OUT_OF_ORDER', step.reason, { errors: [{ field: 'kind', message: step.reason }] });
    const caseView = DECIDING_EVENTS.includes(input.kind) ? await this.getCase.execute(row.caseId) : null;
    const actor = actorOf(principal);
    await this.dataSource.transaction(async (tx) => {
      const locked = (await this.repo.application(id, tx, true)) as ApplicationRow;
      const again = courtStep(locked.status, input.kind);
      if (!again.allowed) throw new DomainError('DISRUPTION_COURT_EVENT_OUT_OF_ORDER', again.reason, { errors: [{ field: 'kind', message: again.reason }] });
      const now = this.clock.now();
      let granted: VariationRow[] = [];
      if (input.kind === 'order_varied') granted = await this.grantVariations(tx, locked, input.variationIds, now);
      const eventId = await this.repo.insertCourtEvent(tx, locked.id, {
        kind: input.kind,
        on: input.on,
        hearingOn: input.hearingOn ?? null,
        terms: input.terms?.trim() || null,
        variationIds: granted.map((v) => v.id),
        recordedBy: actor.id,
        recordedByLabel: actor.label,
        recordedAt: now,
      });
      if (again.status !== locked.status) await this.repo.setStatus(tx, locked.id, again.status, now);
      await this.audit.append(tx, {
        chainId: `disruption_application:${locked.id}`,
        event: `court_${input.kind}`,
        actor,
        subjectType: 'disruption_application',
        subjectId: locked.id,
        fromState: locked.status,
        toState: again.status,
        data: { courtEventId: eventId, on: input.on, hearingOn: input.hearingOn ?? null, terms: input.terms ?? null, variedDomains: granted.map((v) => v.domain) },
      });
      if (caseView) {
        await this.fireTransition.execute(
          {
            caseId: caseView.id,
            expectedVersion: caseView.version,
            event: 'record_court_order',
            reason: `${COURT_EVENT_LABELS[input.kind]} on application ${locked.reference}`,
            data: { result: input.kind, orderedOn: input.on, ...(input.terms?.trim() ? { summary: input.terms.trim().slice(0, 4000) } : {}) },
            principal,
          },
          tx,
        );
      }
      if (NOTIFIED_EVENTS.includes(input.kind)) {
        const sent = await this.notifyThirdParties(tx, locked, eventId, input, granted);
        await this.repo.setNotified(tx, eventId, sent);
      }
    });
    return this.get(principal, id);
  }

  /** Filed variations become part of the order, and their domains are covered from now on. */
  private async grantVariations(tx: EntityManager, row: ApplicationRow, ids: string[] | undefined, now: Date): Promise<VariationRow[]> {
    const all = await this.repo.variations(row.id, tx);
    const filed = all.filter((v) => v.status === 'filed');
    let chosen = filed;
    if (ids !== undefined && ids.length > 0) {
      const wanted = new Set(ids.map((i) => i.toLowerCase()));
      const unknown = [...wanted].filter((i) => !filed.some((v) => v.id === i));
      if (unknown.length > 0) {
        throw new DomainError('VALIDATION_FAILED', `variationIds: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a filed variation' : 'are not filed variations'} of this application. File the draft first.`, {
          errors: [{ field: 'variationIds', message: 'must name filed variations of this application' }],
        });
      }
      chosen = filed.filter((v) => wanted.has(v.id));
    }
    await this.repo.decideVariations(tx, chosen.map((v) => v.id), 'granted', now);
    for (const v of chosen) await this.repo.addDomain(tx, row.id, { domain: v.domain, relation: v.relation, since: v.createdAt, source: 'variation', addedAt: now });
    return chosen;
  }

  private async notifyThirdParties(tx: EntityManager, row: ApplicationRow, eventId: string, input: CourtEventInput, granted: VariationRow[]): Promise<number> {
    const parties = await this.repo.thirdParties(row.id, tx);
    const domains = await this.repo.domains(row.id, tx);
    const service = await this.registry.getService(row.serviceId, tx);
    const order = orderLabel(row.kind, row.interim);
    for (const party of parties) {
      const paragraphs =
        input.kind === 'order_made'
          ? [
              `On ${input.on} the court made a ${order.toLowerCase()} about the online service ${service?.name ?? row.serviceId}, naming ${party.name} (${THIRD_PARTY_LABELS[party.kind].toLowerCase()}) among the persons required to act.`,
              `The order covers these domains: ${domains.map((d) => d.domain).join(', ')}.`,
            ]
          : [
              `On ${input.on} the court varied the ${order.toLowerCase()} about the online service ${service?.name ?? row.serviceId}, which names ${party.name}.`,
              granted.length > 0 ? `The order now also covers: ${granted.map((v) => `${v.domain} (${v.relation})`).join(', ')}.` : 'The domains the order covers are unchanged.',
            ];
      if (input.terms?.trim()) paragraphs.push(`Terms of the order: ${input.terms.trim()}`);
      paragraphs.push(`Please quote ${row.reference} in any reply. A copy of the sealed order follows from the court or from us.`);
      await this.outbox.enqueue(tx, {
        to: party.contactEmail,
        template: 'case_update',
        data: {
          recipientName: party.name,
          caseReference: row.caseReference,
          headline: `${input.kind === 'order_made' ? 'Order made' : 'Order varied'}: ${order} (${row.reference})`,
          paragraphs,
        },
        idempotencyKey: `disruption:${eventId}:${party.id}`,
        caseId: row.caseId,
        subjectType: 'disruption_application',
        subjectId: row.id,
      });
    }
    return parties.length;
  }

  /**
   * An officer records a new domain of the service from the application: it is linked in the
   * registry (audited there), which drafts the variation (or extends a pending application).
   */
  async recordDomain(principal: Principal, id: string, input: RecordDomainInput): Promise<ApplicationView> {
    this.requireRegulator(principal);
    const row = await this.requireApplication(id);
    if (row.status === 'order_refused') {
      throw new DomainError('DISRUPTION_COURT_EVENT_OUT_OF_ORDER', 'The court refused this order, so it cannot be varied. Record the domain on the service, and make a new application if needed.');
    }
    const actor = actorOf(principal);
    const linked = await this.registry.linkDomain(row.serviceId, { domain: input.domain, relation: input.relation, evidence: input.evidence ?? null }, actor);
    // A domain the registry already knew raises no event: follow it here (idempotent).
    await this.dataSource.transaction(async (tx) => {
      const locked = (await this.repo.application(id, tx, true)) as ApplicationRow;
      await this.follow(tx, locked, { domain: linked.domain, relation: linked.relation, evidence: linked.evidence }, 'manual', actor);
    });
    return this.get(principal, id);
  }

  /** Files a drafted variation with the court. */
  async fileVariation(principal: Principal, variationId: string): Promise<ApplicationView> {
    this.requireRegulator(principal);
    const actor = actorOf(principal);
    const applicationId = await this.dataSource.transaction(async (tx) => {
      const v = await this.repo.variation(variationId, tx, true);
      if (!v) throw variationNotFound();
      if (v.status !== 'draft') throw new DomainError('DISRUPTION_VARIATION_NOT_DRAFT', `The variation for ${v.domain} was already filed on ${ukDate(v.filedAt as Date)}.`);
      const now = this.clock.now();
      await this.repo.markVariationFiled(tx, v.id, actor, now);
      await this.audit.append(tx, {
        chainId: `disruption_application:${v.applicationId}`,
        event: 'disruption_variation_filed',
        actor,
        subjectType: 'disruption_variation',
        subjectId: v.id,
        fromState: 'draft',
        toState: 'filed',
        data: { domain: v.domain, relation: v.relation },
      });
      return v.applicationId;
    });
    return this.get(principal, applicationId);
  }

  async variation(principal: Principal, variationId: string): Promise<VariationView> {
    this.requireRegulator(principal);
    const v = await this.repo.variation(variationId);
    if (!v) throw variationNotFound();
    return variationView(v);
  }

  /**
   * Registry listener, in the transaction that links a domain to a service: every application about
   * the service follows it. An order already made gets a drafted variation; an application not yet
   * decided simply covers the new domain too.
   */
  async followDomainLink(tx: EntityManager, event: DomainLinkedEvent): Promise<void> {
    const rows = await this.repo.liveApplicationsOfService(tx, event.serviceId);
    for (const row of rows) await this.follow(tx, row, { domain: event.domain, relation: event.relation, evidence: null }, 'registry_link', event.actor);
  }

  private async follow(
    tx: EntityManager,
    row: ApplicationRow,
    d: { domain: string; relation: DomainRelation; evidence: string | null },
    origin: 'registry_link' | 'manual',
    actor: AuditActor,
  ): Promise<void> {
    if (row.status === 'order_refused') return;
    const covered = await this.repo.domains(row.id, tx);
    if (covered.some((c) => c.domain === d.domain)) return;
    const now = this.clock.now();
    if (row.status === 'order_made') {
      const drafted = await this.repo.insertVariation(tx, {
        applicationId: row.id,
        domain: d.domain,
        relation: d.relation,
        origin,
        evidence: d.evidence,
        draftedBy: actor.id,
        draftedByLabel: actor.label,
        createdAt: now,
      });
      if (!drafted) return;
      await this.audit.append(tx, {
        chainId: `disruption_application:${row.id}`,
        event: 'disruption_variation_drafted',
        actor,
        subjectType: 'disruption_variation',
        subjectId: drafted.id,
        toState: 'draft',
        data: { domain: d.domain, relation: d.relation, origin, applicationId: row.id },
      });
      return;
    }
    if (await this.repo.addDomain(tx, row.id, { domain: d.domain, relation: d.relation, since: now, source: 'registry_link', addedAt: now })) {
      await this.audit.append(tx, {
        chainId: `disruption_application:${row.id}`,
        event: 'disruption_domain_added',
        actor,
        subjectType: 'disruption_application',
        subjectId: row.id,
        data: { domain: d.domain, relation: d.relation, origin },
      });
    }
  }

  // ---- checks ----

  /** Applications are never disclosed outside the regulator (one may be made without notice). */
  private requireRegulator(principal: Principal): void {
    if (!isRegulator(principal)) throw notFound();
  }

  private async requireApplication(id: string): Promise<ApplicationRow> {
    const row = await this.repo.application(id);
    if (!row) throw notFound();
    return row;
  }

  private requireApplicableState(caseView: CaseView): void {
    if (!(APPLICABLE_CASE_STATES as readonly string[]).includes(caseView.state)) {
      throw new DomainError(
        'DISRUPTION_CASE_STATE',
        `Case ${caseView.reference} is in ${caseView.state.replace(/_/g, ' ')}. A business disruption application can be made once an investigation is open (investigation, provisional notice, confirmation decision or non-compliance).`,
      );
    }
  }

  private requireTestMet(assessment: TestAssessment): void {
    if (!assessment.met) {
      throw new DomainError('DISRUPTION_GROUNDS_NOT_MET', `The grounds do not meet the statutory test. ${assessment.missing.join(' ')}`, {
        errors: assessment.missing.map((message) => ({ field: 'grounds', message })),
      });
    }
  }

  private noThirdParties(): DomainError {
    return new DomainError('DISRUPTION_THIRD_PARTY_INVALID', 'Name at least one third party the order would require to act, with a contact email.', {
      errors: [{ field: 'thirdParties', message: 'name at least one third party' }],
    });
  }

  /** The domains to cover: those given (each a domain of the service), plus its mirrors and successors. */
  private coveredDomains(service: ServiceView, given: string[], includeLinked: boolean): ServiceView['domains'] {
    const byName = new Map(service.domains.map((d) => [d.domain, d]));
    if (given.length === 0) return service.domains;
    const chosen = new Map<string, ServiceView['domains'][number]>();
    const errors: FieldError[] = [];
    for (const [i, raw] of given.entries()) {
      const domain = normaliseDomain(raw, `domains[${i}]`);
      const match = byName.get(domain);
      if (!match) errors.push({ field: `domains[${i}]`, message: `${domain} is not a domain of ${service.name}` });
      else chosen.set(domain, match);
    }
    if (errors.length > 0) {
      throw new DomainError(
        'DISRUPTION_DOMAIN_NOT_OF_SERVICE',
        `${errors.map((e) => e.message).join('; ')}. Its domains are ${service.domains.map((d) => d.domain).join(', ') || 'none'}; record a new mirror or successor on the service first.`,
        { errors },
      );
    }
    if (includeLinked) for (const d of service.domains) if (d.relation !== 'primary') chosen.set(d.domain, d);
    return [...chosen.values()];
  }

  private checkThirdParties(kind: OrderKind, parties: ThirdPartyInput[], applying: boolean): ThirdPartyInput[] {
    const allowed = THIRD_PARTIES_BY_ORDER[kind];
    const errors: FieldError[] = [];
    for (const [i, p] of parties.entries()) {
      if (!allowed.includes(p.kind)) {
        errors.push({ field: `thirdParties[${i}].kind`, message: `a ${ORDER_LABELS[kind].full.toLowerCase()} cannot require a ${THIRD_PARTY_LABELS[p.kind].toLowerCase()} to act` });
      }
    }
    if (errors.length > 0) {
      throw new DomainError(
        'DISRUPTION_THIRD_PARTY_INVALID',
        `${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}. It can name: ${allowed.map((k) => THIRD_PARTY_LABELS[k].toLowerCase()).join(', ')}.`,
        { errors },
      );
    }
    if (applying && parties.length === 0) throw this.noThirdParties();
    return parties;
  }

  /** Each ground once; each evidence link must point at this case's documents or audit events, or be a web address. */
  private async checkGrounds(caseView: CaseView, input: GroundInput[]): Promise<AssertedGround[]> {
    const errors: FieldError[] = [];
    const seen = new Set<Ground>();
    const needsRecords = input.some((g) => (g.evidence ?? []).some((e) => e.kind !== 'url'));
    const [documents, events] = needsRecords ? await Promise.all([this.documents.listForCase(caseView.id), this.history.events(caseView.id)]) : [[], []];
    const documentIds = new Set(documents.map((d) => d.id));
    const seqs = new Set(events.map((e) => String(e.seq)));
    const grounds: AssertedGround[] = [];
    for (const [i, g] of input.entries()) {
      if (seen.has(g.ground)) errors.push({ field: `grounds[${i}].ground`, message: `${g.ground} is given twice` });
      seen.add(g.ground);
      const evidence: EvidenceLink[] = [];
      for (const [j, e] of (g.evidence ?? []).entries()) {
        const field = `grounds[${i}].evidence[${j}].ref`;
        const ref = e.ref.trim();
        if (e.kind === 'document' && !documentIds.has(ref.toLowerCase())) errors.push({ field, message: `no document ${ref.slice(0, 60)} was issued on case ${caseView.reference}` });
        if (e.kind === 'audit_event' && !seqs.has(ref)) errors.push({ field, message: `no audit event ${ref.slice(0, 30)} is in the chain of case ${caseView.reference} (give its seq)` });
        if (e.kind === 'url' && !URL_PATTERN.test(ref)) errors.push({ field, message: 'must be a web address starting https:// or http://' });
        evidence.push({ kind: e.kind, ref: e.kind === 'document' ? ref.toLowerCase() : ref, description: e.description?.trim() || null });
      }
      grounds.push({ ground: g.ground, statement: g.statement.trim(), evidence });
    }
    if (errors.length > 0) {
      const code = errors.every((e) => e.message.includes('given twice') || e.message.startsWith('must be a web')) ? 'VALIDATION_FAILED' : 'DISRUPTION_EVIDENCE_NOT_FOUND';
      throw new DomainError(code, `Correct the grounds: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { errors });
    }
    return grounds;
  }

  /**
   * Grounds the case's own record establishes, when the caller states none: a recorded
   * non-compliance with a confirmation decision is a continuing failure and steps not taken.
   */
  private async proposedGrounds(caseView: CaseView): Promise<GroundInput[]> {
    if (caseView.state !== 'non_compliance') return [];
    const events = await this.history.events(caseView.id);
    const recorded = [...events].reverse().find((e) => e.event === 'record_non_compliance');
    if (!recorded) return [];
    const failures = ((recorded.data as { data?: { failures?: unknown } } | null)?.data?.failures as string | undefined) ?? null;
    const evidence = [{ kind: 'audit_event' as const, ref: String(recorded.seq), description: 'Non-compliance recorded by the decision maker' }];
    const on = recorded.occurredAt.slice(0, 10);
    return [
      { ground: 'continuing_failure', statement: `The provider has not complied with the confirmation decision; non-compliance was recorded on ${on} and continues.`, evidence },
      { ground: 'steps_not_taken', statement: failures ? `Not done by the deadline: ${failures}` : `The steps required by the confirmation decision were not taken by the deadline (recorded ${on}).`, evidence },
    ];
  }

  // ---- views ----

  private async view(row: ApplicationRow): Promise<ApplicationView> {
    const [parties, domains, courtEvents, variations, service] = await Promise.all([
      this.repo.thirdParties(row.id),
      this.repo.domains(row.id),
      this.repo.courtEvents(row.id),
      this.repo.variations(row.id),
      this.registry.getService(row.serviceId),
    ]);
    const evidence = await this.evidenceLabels(row);
    return {
      id: row.id,
      reference: row.reference,
      caseId: row.caseId,
      caseReference: row.caseReference,
      serviceId: row.serviceId,
      service: {
        id: row.serviceId,
        name: service?.name ?? row.serviceId,
        provider: service?.provider ? { id: service.provider.id, name: service.provider.name } : null,
      },
      kind: row.kind,
      interim: row.interim,
      orderLabel: orderLabel(row.kind, row.interim),
      status: row.status,
      grounds: row.grounds.map((g) => ({ ...g, evidence: g.evidence.map((e) => evidence(e)) })),
      statutoryTest: assessGrounds(row.kind, row.grounds.map((g) => g.ground)),
      thirdParties: parties,
      domains: domains.map((d) => ({ domain: d.domain, relation: d.relation, since: iso(d.since) as string, source: d.source, addedAt: iso(d.addedAt) as string })),
      apps: row.apps,
      courtEvents: courtEvents.map((e) => ({ ...e, recordedAt: iso(e.recordedAt) as string })),
      variations: variations.map(variationView),
      draftedBy: row.draftedByLabel,
      createdAt: iso(row.createdAt) as string,
      appliedBy: row.appliedByLabel,
      appliedAt: iso(row.appliedAt),
      updatedAt: iso(row.updatedAt) as string,
      version: row.version,
    };
  }

  private async evidenceLabels(row: ApplicationRow): Promise<(e: EvidenceLink) => EvidenceView> {
    const links = row.grounds.flatMap((g) => g.evidence);
    const needsRecords = links.some((e) => e.kind !== 'url');
    const [documents, events] = needsRecords ? await Promise.all([this.documents.listForCase(row.caseId), this.history.events(row.caseId)]) : [[], []];
    const docs = new Map(documents.map((d) => [d.id, d]));
    const bySeq = new Map(events.map((e) => [String(e.seq), e]));
    return (e) => {
      if (e.kind === 'document') {
        const d = docs.get(e.ref);
        return { ...e, label: d ? d.title : `Document ${e.ref}`, hash: d?.sha256 ?? null, href: `/documents/${e.ref}` };
      }
      if (e.kind === 'audit_event') {
        const a = bySeq.get(e.ref);
        return { ...e, label: a ? `${a.event.replace(/_/g, ' ')} on ${a.occurredAt.slice(0, 10)} by ${a.actor}` : `Audit event ${e.ref}`, hash: a?.hash ?? null, href: null };
      }
      return { ...e, label: e.ref, hash: null, href: e.ref };
    };
  }
}
