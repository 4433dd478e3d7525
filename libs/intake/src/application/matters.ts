import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, actorOf, type AuditActor } from '@app/audit';
import { Clock, DomainError, decodeCursor, encodeCursor, isRegulator, notFound, pageSize, type Page, type Principal } from '@app/core';
import { ServiceRegistry, type DomainLinkedEvent } from '@app/registry';
import type { TriageAssessment, TriageFactor, TriageInputs } from '@app/triage';
import { IntakeRepository, type MatterRoute, type MatterRow } from '../infrastructure/intake.repository.js';
import { CASES_PORT, type CasesPort } from '../ports.js';
import { itemView, type IntakeItemView } from './intake-queries.js';
import { MatterScoring } from './matter-scoring.js';

export const MATTER_ROUTES = ['compliance_remediation', 'warning_letter', 'enforcement_programme', 'no_action'] as const;
export const MATTER_STATUSES = ['open', 'case_opened', 'routed', 'closed', 'merged'] as const;

export interface MatterTriageView {
  score: number;
  modelVersion: string;
  factors: TriageFactor[];
  scoredAt: string;
  inputs: TriageInputs;
}

export interface MatterSummary {
  id: string;
  reference: string;
  serviceId: string;
  serviceName: string | null;
  serviceDomain: string | null;
  status: string;
  harmCategories: string[];
  sources: string[];
  itemCount: number;
  childrenLikely: boolean;
  reportedViaLinkedDomain: boolean;
  firstReceivedAt: string;
  lastReceivedAt: string;
  ageDays: number;
  effectiveScore: number | null;
  triage: { score: number; modelVersion: string } | null;
  overridden: boolean;
  assignedTo: { id: string | null; label: string; at: string } | null;
  caseId: string | null;
  caseReference: string | null;
  version: number;
}

export interface MatterView extends Omit<MatterSummary, 'triage'> {
  triage: MatterTriageView | null;
  override: { score: number; reason: string; by: string; at: string } | null;
  assessment: TriageAssessment;
  route: { route: MatterRoute; outcome: string | null; detail: Record<string, unknown> | null; at: string; by: string } | null;
  mergedInto: string | null;
  items: IntakeItemView[];
  itemsNextCursor: string | null;
  scoreHistory: { scoredAt: string; modelVersion: string; score: number; cause: string }[];
}

export interface QueueQuery {
  status?: string;
  sources?: string[];
  harms?: string[];
  serviceId?: string;
  minAgeDays?: number;
  maxAgeDays?: number;
  assignedTo?: string;
  unassigned?: boolean;
  limit?: number;
  cursor?: string;
}

const DAY = 86_400_000;

/**
 * Matters: viewing them, the triage queue, and the officers' actions (assign, open a case, take an
 * alternative route, merge, split, assess, override), each audited on the matter's chain.
 */
@Injectable()
export class Matters {
  private readonly logger = new Logger('Matters');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IntakeRepository) private readonly repo: IntakeRepository,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(MatterScoring) private readonly scoring: MatterScoring,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
    @Optional() @Inject(CASES_PORT) private readonly cases?: CasesPort,
  ) {}

  private summaryOf(row: MatterRow, service: { name: string; primaryDomain: string | null } | undefined): MatterSummary {
    return {
      id: row.id,
      reference: row.reference,
      serviceId: row.service_id,
      serviceName: service?.name ?? null,
      serviceDomain: service?.primaryDomain ?? null,
      status: row.status,
      harmCategories: row.harm_categories,
      sources: row.sources,
      itemCount: row.item_count,
      childrenLikely: row.children_likely,
      reportedViaLinkedDomain: row.reported_via_linked,
      firstReceivedAt: row.first_received_at.toISOString(),
      lastReceivedAt: row.last_received_at.toISOString(),
      ageDays: Math.floor((this.clock.now().getTime() - row.first_received_at.getTime()) / DAY),
      effectiveScore: row.effective_score,
      triage: row.triage_score === null || row.triage_model_version === null ? null : { score: row.triage_score, modelVersion: row.triage_model_version },
      overridden: row.override_score !== null,
      assignedTo: row.assigned_label ? { id: row.assigned_to, label: row.assigned_label, at: (row.assigned_at as Date).toISOString() } : null,
      caseId: row.case_id,
      caseReference: row.case_reference,
      version: row.version,
    };
  }

  async get(id: string, options: { itemsLimit?: number; itemsCursor?: string } = {}): Promise<MatterView> {
    const row = await this.repo.matter(id);
    if (!row) throw notFound('The matter');
    const limit = pageSize(options.itemsLimit ?? 100);
    const after = decodeCursor<{ t: string; i: string }>(options.itemsCursor);
    const [services, items, history] = await Promise.all([
      this.registry.summaries([row.service_id]),
      this.repo.items(id, { after: after ? { at: new Date(after.t), id: after.i } : undefined, limit: limit + 1 }),
      this.repo.scoreHistory(id),
    ]);
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    const summary = this.summaryOf(row, services.get(row.service_id));
    return {
      ...summary,
      triage:
        row.triage_score === null
          ? null
          : {
              score: row.triage_score,
              modelVersion: row.triage_model_version as string,
              factors: row.triage_factors ?? [],
              scoredAt: (row.scored_at as Date).toISOString(),
              inputs: row.triage_inputs as TriageInputs,
            },
      override:
        row.override_score === null
          ? null
          : { score: row.override_score, reason: row.override_reason as string, by: row.override_by as string, at: (row.override_at as Date).toISOString() },
      assessment: row.assessment,
      route: row.route
        ? { route: row.route, outcome: row.route_outcome, detail: row.route_detail, at: (row.routed_at as Date).toISOString(), by: row.routed_by as string }
        : null,
      mergedInto: row.merged_into,
      items: page.map(itemView),
      itemsNextCursor: items.length > limit && last ? encodeCursor({ t: last.received_at.toISOString(), i: last.id }) : null,
      scoreHistory: history.map((h) => ({ scoredAt: h.scored_at.toISOString(), modelVersion: h.model_version, score: h.score, cause: h.cause })),
    };
  }

  async queue(query: QueueQuery): Promise<Page<MatterSummary>> {
    const limit = pageSize(query.limit);
    const cursor = decodeCursor<{ s: number; i: string }>(query.cursor);
    if (cursor && (typeof cursor.s !== 'number' || typeof cursor.i !== 'string')) {
      throw new DomainError('VALIDATION_FAILED', 'The cursor does not belong to the triage queue. Start again without a cursor.', { errors: [{ field: 'cursor', message: 'unrecognised cursor' }] });
    }
    const now = this.clock.now().getTime();
    const status = query.status ?? 'open';
    const rows = await this.repo.queue(
      {
        statuses: status === 'live' ? ['open', 'case_opened'] : [status],
        sources: query.sources,
        harms: query.harms,
        serviceId: query.serviceId,
        receivedBefore: query.minAgeDays === undefined ? undefined : new Date(now - query.minAgeDays * DAY),
        receivedAfter: query.maxAgeDays === undefined ? undefined : new Date(now - (query.maxAgeDays + 1) * DAY),
        assignedTo: query.assignedTo,
        unassigned: query.unassigned,
      },
      cursor,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const services = await this.registry.summaries(page.map((r) => r.service_id));
    const last = page[page.length - 1];
    return {
      items: page.map((r) => this.summaryOf(r, services.get(r.service_id))),
      nextCursor: rows.length > limit && last ? encodeCursor({ s: last.effective_score ?? -1, i: last.id }) : null,
    };
  }

  /** Loads, locks and checks a matter for an action. */
  private async forAction(tx: EntityManager, id: string, expectedVersion: number | undefined, allowed: readonly string[], action: string): Promise<MatterRow> {
    const row = await this.repo.matter(id, tx, true);
    if (!row) throw notFound('The matter');
    if (expectedVersion !== undefined && row.version !== expectedVersion) {
      throw new DomainError('MATTER_VERSION_CONFLICT', `Matter ${row.reference} was changed by someone else (now version ${row.version}). Reload it and try again.`);
    }
    if (!allowed.includes(row.status)) {
      throw new DomainError('MATTER_NOT_OPEN', `Matter ${row.reference} is ${row.status.replace('_', ' ')}, so you cannot ${action} it.`);
    }
    return row;
  }

  /** Recomputes a matter's score from its current facts (and records why). */
  private async rescoreIn(tx: EntityManager, row: MatterRow, cause: string, assessment: TriageAssessment = row.assessment): Promise<MatterRow> {
    const aggregate = await this.repo.aggregateOf(tx, row.id);
    const facts = await this.registry.facts([row.service_id], tx);
    const previous = await this.repo.previousMatterCount(tx, row.service_id, row.id);
    const inputs = this.scoring.inputs(aggregate, assessment, facts.get(row.service_id), previous);
    const result = await this.scoring.score(inputs, tx);
    const at = this.clock.now();
    await this.repo.insertScore(tx, row.id, { result, inputs, cause, at });
    return this.repo.updateMatter(tx, row.id, {
      harm_categories: aggregate.harm_categories,
      sources: aggregate.sources,
      item_count: aggregate.item_count,
      children_likely: aggregate.children_likely,
      reported_via_linked: aggregate.reported_via_linked,
      evidence_kinds: aggregate.evidence_kinds,
      first_received_at: aggregate.first_received_at ?? row.first_received_at,
      last_received_at: aggregate.last_received_at ?? row.last_received_at,
      assessment,
      triage_score: result.score,
      triage_model_version: result.modelVersion,
      triage_factors: result.factors,
      triage_inputs: inputs,
      scored_at: at,
      updated_at: at,
    });
  }

  private event(tx: EntityManager, row: MatterRow, event: string, actor: AuditActor, extra: { changes?: Record<string, { before: unknown; after: unknown }>; reason?: string | null; data?: Record<string, unknown> }): Promise<unknown> {
    return this.audit.append(tx, { chainId: `matter:${row.id}`, event, actor, subjectType: 'matter', subjectId: row.id, ...extra });
  }

  async assign(id: string, input: { userId?: string; label?: string }, principal: Principal, expectedVersion?: number): Promise<MatterView> {
    await this.dataSource.transaction(async (tx) => {
      const row = await this.forAction(tx, id, expectedVersion, ['open', 'case_opened'], 'assign');
      const assignee = input.userId ? { id: input.userId, label: input.label?.trim() || input.userId } : { id: principal.id, label: principal.email ?? principal.name ?? principal.id };
      await this.repo.updateMatter(tx, id, { assigned_to: assignee.id, assigned_label: assignee.label, assigned_at: this.clock.now(), updated_at: this.clock.now() });
      await this.event(tx, row, 'matter_assigned', actorOf(principal), { changes: { assignedTo: { before: row.assigned_to, after: assignee.id } } });
    });
    return this.get(id);
  }

  async openCase(id: string, input: { title?: string; reason?: string }, principal: Principal, expectedVersion?: number): Promise<MatterView & { case: { id: string; reference: string } }> {
    if (!this.cases) throw new DomainError('SERVICE_UNAVAILABLE', 'Cases cannot be opened from matters in this installation.');
    const row = await this.repo.matter(id);
    if (!row) throw notFound('The matter');
    if (row.status !== 'open') throw new DomainError('MATTER_NOT_OPEN', `Matter ${row.reference} is ${row.status.replace('_', ' ')}: only an open matter can become a case.`);
    if (expectedVersion !== undefined && row.version !== expectedVersion) {
      throw new DomainError('MATTER_VERSION_CONFLICT', `Matter ${row.reference} was changed by someone else (now version ${row.version}). Reload it and try again.`);
    }
    const services = await this.registry.summaries([row.service_id]);
    const title = input.title?.trim() || `${services.get(row.service_id)?.name ?? 'Online service'}: ${row.harm_categories.join(', ')}`;
    const opened = await this.cases.openCase({ serviceId: row.service_id, title, harmCategories: row.harm_categories, matterIds: [row.id], reason: input.reason, principal });
    await this.dataSource.transaction(async (tx) => {
      const locked = await this.forAction(tx, id, undefined, ['open'], 'open a case from');
      const at = this.clock.now();
      await this.repo.updateMatter(tx, id, { status: 'case_opened', case_id: opened.caseId, case_reference: opened.reference, updated_at: at });
      await this.event(tx, locked, 'matter_case_opened', actorOf(principal), {
        changes: { status: { before: locked.status, after: 'case_opened' } },
        reason: input.reason ?? null,
        data: { caseId: opened.caseId, caseReference: opened.reference },
      });
    });
    return { ...(await this.get(id)), case: { id: opened.caseId, reference: opened.reference } };
  }

  async route(id: string, input: { route: MatterRoute; outcome: string; programme?: string; reason?: string }, principal: Principal, expectedVersion?: number): Promise<MatterView> {
    await this.dataSource.transaction(async (tx) => {
      const row = await this.forAction(tx, id, expectedVersion, ['open'], 'route');
      if (input.route === 'enforcement_programme' && !input.programme?.trim()) {
        throw new DomainError('VALIDATION_FAILED', 'programme: name the enforcement programme the matter joins.', { errors: [{ field: 'programme', message: 'is required for an enforcement programme' }] });
      }
      const at = this.clock.now();
      const status = input.route === 'no_action' ? 'closed' : 'routed';
      const detail = input.programme ? { programme: input.programme.trim() } : null;
      await this.repo.updateMatter(tx, id, {
        status,
        route: input.route,
        route_outcome: input.outcome.trim(),
        route_detail: detail,
        routed_at: at,
        routed_by: actorOf(principal).label,
        updated_at: at,
      });
      await this.event(tx, row, 'matter_routed', actorOf(principal), {
        changes: { status: { before: row.status, after: status }, route: { before: null, after: input.route } },
        reason: input.reason ?? null,
        data: { route: input.route, outcome: input.outcome.trim(), ...detail },
      });
    });
    return this.get(id);
  }

  async assess(id: string, assessment: TriageAssessment, reason: string | undefined, principal: Principal, expectedVersion?: number): Promise<MatterView> {
    await this.dataSource.transaction(async (tx) => {
      const row = await this.forAction(tx, id, expectedVersion, ['open', 'case_opened'], 'assess');
      const next: TriageAssessment = { ...row.assessment };
      for (const [k, v] of Object.entries(assessment)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
      const after = await this.rescoreIn(tx, row, 'assessment_changed', next);
      await this.event(tx, row, 'matter_assessed', actorOf(principal), {
        changes: { assessment: { before: row.assessment, after: next }, score: { before: row.triage_score, after: after.triage_score } },
        reason: reason ?? null,
      });
    });
    return this.get(id);
  }

  async override(id: string, input: { score: number | null; reason: string }, principal: Principal, expectedVersion?: number): Promise<MatterView> {
    await this.dataSource.transaction(async (tx) => {
      const row = await this.forAction(tx, id, expectedVersion, ['open', 'case_opened'], 'override the score of');
      const at = this.clock.now();
      const label = actorOf(principal).label;
      await this.repo.updateMatter(tx, id, {
        override_score: input.score,
        override_reason: input.score === null ? null : input.reason.trim(),
        override_by: input.score === null ? null : label,
        override_at: input.score === null ? null : at,
        updated_at: at,
      });
      await this.event(tx, row, input.score === null ? 'matter_override_cleared' : 'matter_score_overridden', actorOf(principal), {
        changes: { overrideScore: { before: row.override_score, after: input.score } },
        reason: input.reason.trim(),
        data: { modelScore: row.triage_score, modelVersion: row.triage_model_version },
      });
    });
    return this.get(id);
  }

  async rescore(id: string, principal: Principal | undefined, cause = 'rescored'): Promise<MatterView> {
    await this.dataSource.transaction(async (tx) => {
      const row = await this.forAction(tx, id, undefined, ['open', 'case_opened'], 'rescore');
      const after = await this.rescoreIn(tx, row, cause);
      if (after.triage_score !== row.triage_score || after.triage_model_version !== row.triage_model_version) {
        await this.event(tx, row, 'matter_rescored', actorOf(principal), {
          changes: { score: { before: row.triage_score, after: after.triage_score }, modelVersion: { before: row.triage_model_version, after: after.triage_model_version } },
          data: { cause },
        });
      }
    });
    return this.get(id);
  }

  /** Moves every item of the other matters into this one; they become `merged`. Same service only. */
  async merge(id: string, otherIds: string[], reason: string, principal: Principal, expectedVersion?: number): Promise<MatterView> {
    const others = [...new Set(otherIds)].filter((o) => o !== id);
    if (others.length === 0) throw new DomainError('MATTER_MERGE_INVALID', 'Name at least one other matter to merge into this one.', { errors: [{ field: 'matterIds', message: 'must name another matter' }] });
    await this.dataSource.transaction(async (tx) => {
      // Lock in id order so two merges cannot deadlock.
      const locked = await this.repo.matters([id, ...others], tx, true);
      const target = locked.find((m) => m.id === id);
      if (!target) throw notFound('The matter');
      await this.forAction(tx, id, expectedVersion, ['open', 'case_opened'], 'merge into');
      const sources = others.map((o) => locked.find((m) => m.id === o));
      const actor = actorOf(principal);
      for (const [i, source] of sources.entries()) {
        if (!source) throw new DomainError('MATTER_MERGE_INVALID', `matterIds[${i}]: no matter has that id.`, { errors: [{ field: `matterIds[${i}]`, message: 'no such matter' }] });
        if (source.service_id !== target.service_id) {
          throw new DomainError('MATTER_MERGE_INVALID', `${source.reference} is about another service: only matters of the same service can be merged.`, { errors: [{ field: `matterIds[${i}]`, message: 'another service' }] });
        }
        if (source.status !== 'open' && source.status !== 'case_opened') {
          throw new DomainError('MATTER_MERGE_INVALID', `${source.reference} is ${source.status.replace('_', ' ')} and cannot be merged.`, { errors: [{ field: `matterIds[${i}]`, message: 'not live' }] });
        }
        if (source.case_id && target.case_id && source.case_id !== target.case_id) {
          throw new DomainError('MATTER_MERGE_INVALID', `${source.reference} and ${target.reference} belong to different cases; merge the cases instead.`, { errors: [{ field: `matterIds[${i}]`, message: 'different case' }] });
        }
      }
      let caseId = target.case_id;
      let caseReference = target.case_reference;
      for (const source of sources as MatterRow[]) {
        const moved = await this.repo.moveItems(tx, 'all', source.id, target.id);
        caseId ??= source.case_id;
        caseReference ??= source.case_reference;
        await this.repo.updateMatter(tx, source.id, { status: 'merged', merged_into: target.id, item_count: 0, updated_at: this.clock.now() });
        await this.event(tx, source, 'matter_merged', actor, { changes: { status: { before: source.status, after: 'merged' } }, reason, data: { into: target.id, intoReference: target.reference, items: moved } });
      }
      if (caseId !== target.case_id) await this.repo.updateMatter(tx, target.id, { case_id: caseId, case_reference: caseReference, status: 'case_opened' });
      const after = await this.rescoreIn(tx, (await this.repo.matter(target.id, tx)) as MatterRow, 'merged');
      await this.event(tx, target, 'matters_merged_in', actor, {
        reason,
        data: { from: sources.map((s) => (s as MatterRow).id), fromReferences: sources.map((s) => (s as MatterRow).reference), itemCount: after.item_count, score: after.triage_score },
      });
    });
    return this.get(id);
  }

  /** Moves the named items into a new matter of the same service; both are rescored. */
  async split(id: string, itemIds: string[], reason: string, principal: Principal, expectedVersion?: number): Promise<{ from: MatterView; to: MatterView }> {
    const wanted = [...new Set(itemIds)];
    const newId = await this.dataSource.transaction(async (tx) => {
      const row = await this.forAction(tx, id, expectedVersion, ['open', 'case_opened'], 'split');
      const items = await this.repo.itemsByIds(wanted, tx);
      const foreign = wanted.filter((w) => !items.some((i) => i.id === w && i.matter_id === id));
      if (foreign.length > 0) {
        throw new DomainError('MATTER_SPLIT_INVALID', `${foreign.length} of the items named are not in ${row.reference}.`, { errors: [{ field: 'itemIds', message: `not in this matter: ${foreign.join(', ')}` }] });
      }
      if (wanted.length >= row.item_count) {
        throw new DomainError('MATTER_SPLIT_INVALID', `Leave at least one item in ${row.reference}: splitting every item out would empty it.`, { errors: [{ field: 'itemIds', message: 'names every item' }] });
      }
      const fresh = await this.repo.createEmptyMatter(tx, row.service_id, this.clock.now());
      await this.repo.moveItems(tx, wanted, id, fresh.id);
      const actor = actorOf(principal);
      const remaining = await this.rescoreIn(tx, row, 'split');
      const created = await this.rescoreIn(tx, fresh, 'split');
      await this.event(tx, row, 'matter_split', actor, { reason, data: { into: created.id, intoReference: created.reference, items: wanted, remaining: remaining.item_count } });
      await this.event(tx, created, 'matter_opened_by_split', actor, { reason, data: { from: row.id, fromReference: row.reference, items: wanted } });
      return created.id;
    });
    return { from: await this.get(id), to: await this.get(newId) };
  }

  /** Matters whose case is this one (for the cases context). */
  async mattersOfCase(caseId: string): Promise<MatterSummary[]> {
    const rows = await this.repo.mattersOfCase(caseId);
    const services = await this.registry.summaries(rows.map((r) => r.service_id));
    return rows.map((r) => this.summaryOf(r, services.get(r.service_id)));
  }

  /**
   * A domain registered automatically from reports became a mirror or successor of a known service:
   * its reports and matters follow to that service, joining a live matter about the same harm.
   */
  async followDomainLink(tx: EntityManager, event: DomainLinkedEvent): Promise<void> {
    if (!event.absorbedServiceId) return;
    const moved = await this.repo.moveService(tx, event.absorbedServiceId, event.serviceId);
    if (moved.length === 0) return;
    const live = await this.repo.liveMattersOfService(tx, event.serviceId);
    const actor = event.actor;
    for (const movedId of moved) {
      const source = live.find((m) => m.id === movedId);
      if (!source) continue;
      const target = live.find((m) => m.id !== movedId && !moved.includes(m.id) && m.harm_categories.some((h) => source.harm_categories.includes(h)) && !(m.case_id && source.case_id && m.case_id !== source.case_id));
      if (target) {
        await this.repo.moveItems(tx, 'all', source.id, target.id);
        await this.repo.updateMatter(tx, source.id, { status: 'merged', merged_into: target.id, item_count: 0, updated_at: this.clock.now() });
        await this.event(tx, source, 'matter_merged', actor, {
          reason: `${event.domain} was recorded as a ${event.relation} of the service`,
          data: { into: target.id, intoReference: target.reference },
        });
        await this.rescoreIn(tx, (await this.repo.matter(target.id, tx)) as MatterRow, 'merged');
      } else {
        await this.rescoreIn(tx, source, 'service_linked');
      }
    }
  }

  /** After a new model becomes active: rescores every live matter, a batch per transaction. */
  async rescoreAllLive(cause: string): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let n = 0;
    for (;;) {
      const ids = await this.repo.liveMatterIdsAfter(after, 200);
      if (ids.length === 0) break;
      await this.dataSource.transaction(async (tx) => {
        for (const mid of ids) {
          const row = await this.repo.matter(mid, tx, true);
          if (row && (row.status === 'open' || row.status === 'case_opened')) await this.rescoreIn(tx, row, cause);
        }
      });
      n += ids.length;
      after = ids[ids.length - 1] as string;
    }
    this.logger.log(`rescored ${n} live matter(s): ${cause}`);
    return n;
  }

  /** External principals never see matters. */
  static assertRegulator(principal: Principal): void {
    if (!isRegulator(principal)) throw notFound('The matter');
  }
}
