import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, actorOf, type AuditActor, type AuditRecord } from '@app/audit';
import { Clock, DomainError, decodeCursor, encodeCursor, isHarmCategory, notFound, pageSize, type Page, type Principal } from '@app/core';
import { londonDateOf } from '@app/deadlines';
import { ServiceRegistry, normaliseUrl } from '@app/registry';
import { ProviderNotices } from '@app/provider-portal';
import { manualStatusChangeAllowed, mapLimited, noticeOutcomes, parseServiceList, programmeReference, statusCounts, type NoticeOutcome } from './domain/programme-rules.js';
import { BULK_ACTION_LABELS, PROGRAMME_SERVICE_STATUS_LABELS, type ProgrammeServiceStatus, type ProgrammeStatus } from './domain/vocabulary.js';
import { ProgrammeRepository, type ProgrammeRow, type ProgrammeServiceRow } from './programme.repository.js';

export interface ProgrammeView {
  id: string;
  reference: string;
  title: string;
  description: string;
  harmCategories: string[];
  serviceKinds: string;
  status: ProgrammeStatus;
  createdAt: string;
  updatedAt: string;
}

/** A closing or reopening of a programme. */
export interface ProgrammeStatusChange {
  status: ProgrammeStatus;
  at: string;
  by: string;
  reason: string;
}

export interface ProgrammeListItem extends ProgrammeView {
  services: number;
}

export interface ProgrammeDashboard {
  services: number;
  byStatus: Record<ProgrammeServiceStatus, number>;
  notices: { sent: number } & NoticeOutcome;
  investigationsOpened: number;
}

export interface ProgrammeServiceView {
  serviceId: string;
  name: string;
  primaryDomain: string | null;
  status: ProgrammeServiceStatus;
  statusLabel: string;
  caseId: string | null;
  addedAt: string;
  updatedAt: string;
}

export interface ServiceHistoryEntry {
  event: string;
  fromState: string | null;
  toState: string | null;
  actor: string;
  reason: string | null;
  at: string;
  data: Record<string, unknown> | null;
}

export interface AddServicesResult {
  added: string[];
  alreadyInProgramme: string[];
  rejected: { line: number | null; value: string; reason: string }[];
}

export interface CreateProgrammeInput {
  title: string;
  description: string;
  harmCategories: string[];
  serviceKinds?: string;
}

const iso = (d: Date): string => d.toISOString();

/** Registry look-ups in flight at once when resolving a list. */
export const LOOKUP_CONCURRENCY = 3;

export function programmeView(row: ProgrammeRow): ProgrammeView {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    description: row.description,
    harmCategories: row.harm_categories,
    serviceKinds: row.service_kinds,
    status: row.status,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The audit chain holding one service's history in one programme. */
export const serviceChain = (programmeId: string, serviceId: string): string => `programme:${programmeId}:service:${serviceId}`;

/** Enforcement programmes: their scope, the services in them and each service's status and history. */
@Injectable()
export class ProgrammeService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ProgrammeRepository) private readonly repo: ProgrammeRepository,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(ProviderNotices) private readonly notices: ProviderNotices,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(principal: Principal, input: CreateProgrammeInput): Promise<ProgrammeView> {
    const bad = input.harmCategories.filter((h) => !isHarmCategory(h));
    if (bad.length > 0 || input.harmCategories.length === 0) {
      throw new DomainError('VALIDATION_FAILED', 'harmCategories: choose at least one harm category from the list.', {
        errors: [{ field: 'harmCategories', message: 'choose at least one known harm category' }],
      });
    }
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const n = await this.repo.nextReferenceNumber(tx);
      const row = await this.repo.insertProgramme(tx, {
        reference: programmeReference(Number(londonDateOf(now).slice(0, 4)), n),
        title: input.title.trim(),
        description: input.description.trim(),
        harm_categories: [...new Set(input.harmCategories)],
        service_kinds: (input.serviceKinds ?? '').trim(),
        created_by: principal.id,
        created_at: now,
      });
      await this.audit.append(tx, {
        chainId: `programme:${row.id}`,
        event: 'programme_created',
        actor: actorOf(principal),
        subjectType: 'programme',
        subjectId: row.id,
        toState: row.status,
        data: { reference: row.reference, title: row.title, harmCategories: row.harm_categories, serviceKinds: row.service_kinds },
      });
      return programmeView(row);
    });
  }

  async list(options: { limit?: number; cursor?: string }): Promise<Page<ProgrammeListItem>> {
    const limit = pageSize(options.limit);
    const after = decodeCursor<{ c: string; i: string }>(options.cursor);
    if (after && (typeof after.c !== 'string' || Number.isNaN(Date.parse(after.c)) || typeof after.i !== 'string' || !/^[0-9a-f-]{36}$/i.test(after.i))) {
      throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this service issued. Start again without a cursor.', { errors: [{ field: 'cursor', message: 'unrecognised cursor' }] });
    }
    const rows = await this.repo.programmes(after && { createdAt: after.c, id: after.i }, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ ...programmeView(r), services: r.services })),
      nextCursor: rows.length > limit && last ? encodeCursor({ c: iso(last.created_at), i: last.id }) : null,
    };
  }

  async get(id: string, manager?: EntityManager): Promise<ProgrammeView> {
    return programmeView(await this.requireRow(id, manager));
  }

  async requireRow(id: string, manager?: EntityManager, lock = false): Promise<ProgrammeRow> {
    const row = await this.repo.programme(id, manager, lock);
    if (!row) throw notFound('The programme');
    return row;
  }

  requireOpen(row: ProgrammeRow): void {
    if (row.status !== 'open') throw new DomainError('PROGRAMME_CLOSED', `Programme ${row.reference} is closed: reopen it before changing its services or sending anything.`);
  }

  /** Closes an open programme; refused while one of its bulk actions is still sending. */
  close(principal: Principal, id: string, reason: string): Promise<ProgrammeView> {
    return this.setStatus(principal, id, 'closed', reason);
  }

  /** Reopens a closed programme: services, findings and bulk actions can change again. */
  reopen(principal: Principal, id: string, reason: string): Promise<ProgrammeView> {
    return this.setStatus(principal, id, 'open', reason);
  }

  /** Closes or reopens the programme with the reason, audited in the same transaction. */
  async setStatus(principal: Principal, id: string, status: ProgrammeStatus, reason: string): Promise<ProgrammeView> {
    const why = reason.trim();
    if (why === '') {
      throw new DomainError('VALIDATION_FAILED', `reason: say why the programme is ${status === 'closed' ? 'closed' : 'reopened'}.`, { errors: [{ field: 'reason', message: 'must not be blank' }] });
    }
    return this.dataSource.transaction(async (tx) => {
      // The lock also waits for a bulk action being confirmed, which takes the same lock.
      const row = await this.requireRow(id, tx, true);
      if (row.status === status) {
        throw status === 'closed'
          ? new DomainError('PROGRAMME_ALREADY_CLOSED', `Programme ${row.reference} is already closed. Reopen it first if work on it has to continue.`)
          : new DomainError('PROGRAMME_ALREADY_OPEN', `Programme ${row.reference} is already open: there is nothing to reopen.`);
      }
      if (status === 'closed') {
        const running = (await this.repo.runningActions(tx, id))[0];
        if (running) {
          throw new DomainError(
            'PROGRAMME_BULK_ACTION_RUNNING',
            `The bulk action "${BULK_ACTION_LABELS[running.kind]}" confirmed on ${iso(running.created_at).slice(0, 10)} by ${running.created_by_label} is still sending (${running.pending} of ${running.total} left). Wait until it has completed (see /programmes/${id}/actions/${running.id}), then close the programme.`,
            { actionId: running.id },
          );
        }
      }
      const now = this.clock.now();
      await this.repo.setProgrammeStatus(tx, id, status, now);
      await this.audit.append(tx, {
        chainId: `programme:${id}`,
        event: status === 'closed' ? 'programme_closed' : 'programme_reopened',
        actor: actorOf(principal),
        subjectType: 'programme',
        subjectId: id,
        fromState: row.status,
        toState: status,
        reason: why,
      });
      return programmeView({ ...row, status, updated_at: now });
    });
  }

  /** The latest closing or reopening of the programme (who, when, why), or null when it never changed. */
  async lastStatusChange(id: string): Promise<ProgrammeStatusChange | null> {
    const records: AuditRecord[] = await this.audit.chain(`programme:${id}`);
    const last = records.filter((r) => r.event === 'programme_closed' || r.event === 'programme_reopened').at(-1);
    if (!last) return null;
    return { status: last.toState as ProgrammeStatus, at: last.occurredAt.toISOString(), by: last.actorLabel, reason: last.reason ?? '' };
  }

  /**
   * Adds services by id or by web address (resolved through the registry, never registering new
   * ones). Each addition starts that service's history in the programme.
   */
  async addServices(principal: Principal, id: string, input: { serviceIds?: string[]; list?: string }): Promise<AddServicesResult> {
    const parsed = parseServiceList([...(input.serviceIds ?? []), input.list ?? ''].join('\n'));
    const rejected: AddServicesResult['rejected'] = [];
    const wanted = new Set<string>();
    const known = await this.registry.summaries(parsed.serviceIds);
    for (const sid of parsed.serviceIds) {
      if (known.has(sid)) wanted.add(sid);
      else rejected.push({ line: null, value: sid, reason: 'no registered service has this id' });
    }
    const looked = await mapLimited(parsed.urls, LOOKUP_CONCURRENCY, async ({ line, url }) => {
      let domain: string;
      try {
        domain = normaliseUrl(url, 'list').domain;
      } catch {
        return { line, url, serviceId: null, reason: 'not a web address or service id' };
      }
      const match = await this.registry.lookupDomain(undefined, domain);
      return { line, url, serviceId: match?.serviceId ?? null, reason: 'no registered service uses this domain' };
    });
    for (const { line, url, serviceId, reason } of looked) {
      if (serviceId) wanted.add(serviceId);
      else rejected.push({ line, value: url, reason });
    }
    const actor = actorOf(principal);
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const row = await this.requireRow(id, tx, true);
      this.requireOpen(row);
      const ids = [...wanted];
      const added = await this.repo.addServices(tx, id, ids, now, actor.label);
      for (const serviceId of added) {
        await this.audit.append(tx, {
          chainId: serviceChain(id, serviceId),
          event: 'programme_service_added',
          actor,
          subjectType: 'programme_service',
          subjectId: serviceId,
          toState: 'assessed',
          data: { programmeId: id, reference: row.reference },
        });
      }
      if (added.length > 0) {
        await this.audit.append(tx, { chainId: `programme:${id}`, event: 'programme_services_added', actor, subjectType: 'programme', subjectId: id, data: { count: added.length } });
      }
      const addedSet = new Set(added);
      return { added, alreadyInProgramme: ids.filter((s) => !addedSet.has(s)), rejected };
    });
  }

  /** Registry services matching a name or domain, each marked when already in the programme. */
  async search(id: string, q: string, limit = 50): Promise<{ serviceId: string; name: string; providerName: string | null; domains: string[]; inProgramme: boolean }[]> {
    await this.requireRow(id);
    const found = await this.registry.listServices({ q, limit });
    const inProgramme = await this.repo.serviceIdsIn(id, found.map((s) => s.id));
    return found.map((s) => ({ serviceId: s.id, name: s.name, providerName: s.provider?.name ?? null, domains: s.domains.map((d) => d.domain), inProgramme: inProgramme.has(s.id) }));
  }

  /** A page of the programme's services, in the order they were added; `nextCursor` continues it. */
  async services(id: string, options: { status?: ProgrammeServiceStatus; limit?: number; cursor?: string } = {}): Promise<Page<ProgrammeServiceView>> {
    const limit = pageSize(options.limit);
    const after = decodeCursor<{ s: string }>(options.cursor);
    if (after && (typeof after.s !== 'string' || !/^[0-9a-f-]{36}$/i.test(after.s))) {
      throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this service issued. Start again without a cursor.', { errors: [{ field: 'cursor', message: 'unrecognised cursor' }] });
    }
    await this.requireRow(id);
    const rows = await this.repo.servicesPage(id, { ...(options.status ? { status: options.status } : {}), ...(after ? { afterServiceId: after.s } : {}), limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: await this.serviceViews(page), nextCursor: rows.length > limit && last ? encodeCursor({ s: last.service_id }) : null };
  }

  /** Numbered page `page` (from 1) of `size` services, optionally of one status. */
  async servicesAtPage(id: string, options: { status?: ProgrammeServiceStatus; page: number; size: number }): Promise<ProgrammeServiceView[]> {
    const rows = await this.repo.servicesPage(id, { ...(options.status ? { status: options.status } : {}), offset: (options.page - 1) * options.size, limit: options.size });
    return this.serviceViews(rows);
  }

  private async serviceViews(rows: ProgrammeServiceRow[]): Promise<ProgrammeServiceView[]> {
    const names = await this.registry.summaries(rows.map((r) => r.service_id));
    return rows.map((r) => this.serviceView(r, names.get(r.service_id)));
  }

  private serviceView(r: ProgrammeServiceRow, summary: { name: string; primaryDomain: string | null } | undefined): ProgrammeServiceView {
    return {
      serviceId: r.service_id,
      name: summary?.name ?? r.service_id,
      primaryDomain: summary?.primaryDomain ?? null,
      status: r.status,
      statusLabel: PROGRAMME_SERVICE_STATUS_LABELS[r.status],
      caseId: r.case_id,
      addedAt: iso(r.added_at),
      updatedAt: iso(r.updated_at),
    };
  }

  async service(id: string, serviceId: string): Promise<ProgrammeServiceView & { history: ServiceHistoryEntry[] }> {
    await this.requireRow(id);
    const row = await this.repo.service(id, serviceId);
    if (!row) throw notFound('The service in this programme');
    const names = await this.registry.summaries([serviceId]);
    return { ...this.serviceView(row, names.get(serviceId)), history: await this.history(id, serviceId) };
  }

  async history(id: string, serviceId: string): Promise<ServiceHistoryEntry[]> {
    const records: AuditRecord[] = await this.audit.chain(serviceChain(id, serviceId));
    return records.map((r) => ({
      event: r.event,
      fromState: r.fromState,
      toState: r.toState,
      actor: r.actorLabel,
      reason: r.reason,
      at: r.occurredAt.toISOString(),
      data: (r.data as Record<string, unknown> | null) ?? null,
    }));
  }

  /** Records an officer's finding about a service (e.g. compliant), with the reason, in its history. */
  async setServiceStatus(principal: Principal, id: string, serviceId: string, status: ProgrammeServiceStatus, reason: string): Promise<ProgrammeServiceView> {
    return this.dataSource.transaction(async (tx) => {
      // Locked so that the programme cannot close under the change.
      const programme = await this.requireRow(id, tx, true);
      this.requireOpen(programme);
      const row = await this.repo.service(id, serviceId, tx, true);
      if (!row) throw notFound('The service in this programme');
      if (!manualStatusChangeAllowed(row.status, status)) {
        throw new DomainError(
          'PROGRAMME_STATUS_CHANGE_REFUSED',
          status === 'referred_to_investigation'
            ? 'A service is referred to investigation by opening an investigation for it from the programme.'
            : `The service is already ${PROGRAMME_SERVICE_STATUS_LABELS[status].toLowerCase()} in this programme.`,
          { errors: [{ field: 'status', message: 'choose another status' }] },
        );
      }
      await this.moveService(tx, actorOf(principal), id, row, status, 'programme_service_status_changed', reason);
      const names = await this.registry.summaries([serviceId], tx);
      return this.serviceView({ ...row, status, updated_at: this.clock.now() }, names.get(serviceId));
    });
  }

  /** Changes a service's status and appends the change to its history, in the caller's transaction. */
  async moveService(
    tx: EntityManager,
    actor: AuditActor,
    programmeId: string,
    row: ProgrammeServiceRow,
    status: ProgrammeServiceStatus,
    event: string,
    reason: string | null,
    extra: { caseId?: string; data?: Record<string, unknown> } = {},
  ): Promise<void> {
    const now = this.clock.now();
    await this.repo.updateService(tx, programmeId, row.service_id, { status, ...(extra.caseId ? { caseId: extra.caseId } : {}), at: now });
    await this.audit.append(tx, {
      chainId: serviceChain(programmeId, row.service_id),
      event,
      actor,
      subjectType: 'programme_service',
      subjectId: row.service_id,
      fromState: row.status,
      toState: status,
      reason,
      data: { programmeId, ...(extra.caseId ? { caseId: extra.caseId } : {}), ...extra.data },
    });
  }

  async dashboard(id: string): Promise<ProgrammeDashboard> {
    await this.requireRow(id);
    const byStatus = statusCounts(await this.repo.statusCounts(id));
    const notices = await this.notices.forSource('programme', id);
    const today = londonDateOf(this.clock.now());
    const outcomes = noticeOutcomes(
      notices.map((n) => ({ respondedAt: n.respondedAt ?? null, late: n.late ?? null, dueOn: n.dueOn ?? null })),
      today,
    );
    return {
      services: Object.values(byStatus).reduce((a, b) => a + b, 0),
      byStatus,
      notices: { sent: notices.length, ...outcomes },
      investigationsOpened: await this.repo.investigationsOpened(id),
    };
  }
}
