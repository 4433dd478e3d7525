import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, actorOf, type AuditActor, type AuditEntry } from '@app/audit';
import { Clock, DomainError, hasRole, isRegulator, type Principal } from '@app/core';
import { Outbox } from '@app/notifications';
import { PersonalDataVault } from '@app/privacy';
import { ServiceRegistry } from '@app/registry';
import { evidenceKinds } from '../domain/evidence.js';
import type { IntakeCommand } from '../domain/intake-input.js';
import { chooseMatter, type CandidateCase, type CandidateMatter, type MatchReason } from '../domain/matching.js';
import { newIntakeReference } from '../domain/reference.js';
import { SOURCE_FILERS, SOURCE_LABELS, type ReceivedVia } from '../domain/sources.js';
import { IntakeRepository, type CandidateRow, type MatterAggregate, type NewItem } from '../infrastructure/intake.repository.js';
import { CASES_PORT, type CasesPort } from '../ports.js';
import { MatterScoring, withItem } from './matter-scoring.js';
import { sealPersonalData } from './personal-data.js';

export interface SubmitContext {
  via: ReceivedVia;
  principal?: Principal;
}

export interface SubmitResult {
  id: string;
  reference: string;
  serviceId: string;
  matterId: string;
  matterReference: string;
  caseId: string | null;
  matchReason: MatchReason;
  triage: { score: number; modelVersion: string };
}

/** Refuses a source the caller may not file (anonymous callers: public complaints only). */
export function assertMayFile(source: IntakeCommand['source'], principal: Principal | undefined): void {
  const rule = SOURCE_FILERS[source];
  if (!principal) {
    if (rule.anonymous) return;
    throw new DomainError('AUTHENTICATION_REQUIRED', `Sign in to file ${SOURCE_LABELS[source].toLowerCase()} intake: only public complaints can be made without signing in.`);
  }
  if (!hasRole(principal, ...rule.roles)) {
    throw new DomainError('SOURCE_NOT_ALLOWED', `Your role cannot file ${SOURCE_LABELS[source].toLowerCase()} intake (source "${source}").`, {
      errors: [{ field: 'source', message: 'not allowed for your role' }],
    });
  }
}

/** Rolls the filing back so that the service's open cases can be read outside the transaction (never two pool connections at once). */
class NeedOpenCases extends Error {
  constructor(readonly serviceId: string) {
    super('open cases needed');
  }
}

function candidateOf(row: CandidateRow): CandidateMatter {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status as CandidateMatter['status'],
    harmCategories: row.harm_categories,
    caseId: row.case_id,
    sharesContentHash: row.shares_hash,
    lastReceivedAt: row.last_received_at,
  };
}

/**
 * Files one intake item: resolves its service (mirrors and successors land on the original), joins
 * it to a live matter or opens one (continuing an open case of the service), seals personal data
 * per person, scores the matter, audits, and queues the acknowledgement, all in one transaction.
 */
@Injectable()
export class SubmitIntake {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IntakeRepository) private readonly repo: IntakeRepository,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(MatterScoring) private readonly scoring: MatterScoring,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Optional() @Inject(CASES_PORT) private readonly cases?: CasesPort,
  ) {}

  async execute(command: IntakeCommand, context: SubmitContext): Promise<SubmitResult> {
    assertMayFile(command.source, context.principal);
    const actor = actorOf(context.principal);
    try {
      return await this.dataSource.transaction((tx) => this.fileIn(tx, command, context, actor, undefined));
    } catch (error) {
      if (!(error instanceof NeedOpenCases)) throw error;
      // A new matter is needed: read the service's open cases without holding a connection, then file again.
      const openCases = await (this.cases as CasesPort).openCasesForService(error.serviceId);
      return this.dataSource.transaction((tx) => this.fileIn(tx, command, context, actor, { serviceId: error.serviceId, openCases }));
    }
  }

  private async fileIn(
    tx: EntityManager,
    command: IntakeCommand,
    context: SubmitContext,
    actor: AuditActor,
    known: { serviceId: string; openCases: CandidateCase[] } | undefined,
  ): Promise<SubmitResult> {
    const at = this.clock.now();
    const itemId = randomUUID();
    const reference = newIntakeReference();
    const hashes = command.evidence.filter((e) => e.kind === 'hash' || e.hash).map((e) => ({ algorithm: e.hashAlgorithm as string, hash: e.hash as string }));
    const resolved = await this.registry.resolveUrl(tx, command.service.url, { registerIfUnknown: true, actor });
    const via = resolved.relation === 'primary' ? undefined : { domain: resolved.domain, relation: resolved.relation, matchedDomain: resolved.matchedDomain };
    const item = { harmCategories: command.harmCategories, via };

    let rows: CandidateRow[] = [];
    let previous = 0;
    let decision = chooseMatter(item, []);
    // A service registered by this very report has no matter, ended or live, and no case yet: no one
    // else can see it before this transaction commits.
    if (!resolved.registered) {
      // The service's lock before its matters' rows (one new matter per service at a time): taking it
      // only after locking the rows, to open a new matter, deadlocked with a report that held the lock
      // and was re-reading those rows (found by test/resilience/api-crash).
      await this.repo.lockService(tx, resolved.serviceId);
      ({ rows, previousMatters: previous } = await this.repo.candidates(tx, resolved.serviceId, hashes));
      decision = chooseMatter(item, rows.map(candidateOf));
      if (!decision.matterId && this.cases) {
        if (known?.serviceId !== resolved.serviceId) throw new NeedOpenCases(resolved.serviceId);
        decision = chooseMatter(item, [], known.openCases);
      }
    }
    const joined = decision.matterId ? rows.find((r) => r.id === decision.matterId) : undefined;
    const matterId = joined?.id ?? randomUUID();

    const sealed = await sealPersonalData(this.vault, tx, command);
    const kinds = evidenceKinds(command.evidence, command.description !== '');
    const aggregate: MatterAggregate = withItem(joined, {
      harmCategories: command.harmCategories,
      source: command.source,
      childrenLikely: command.childrenLikely,
      viaLinked: resolved.relation !== 'primary',
      evidenceKinds: kinds,
      at,
    });
    const facts = resolved.facts ?? (await this.registry.facts([resolved.serviceId], tx)).get(resolved.serviceId);
    const inputs = this.scoring.inputs(aggregate, joined?.assessment ?? {}, facts, previous);
    const result = await this.scoring.score(inputs, tx);
    const external = context.principal && !isRegulator(context.principal) ? context.principal.organisationId : null;
    const via_ = context.via === 'api' && context.principal && isRegulator(context.principal) ? 'officer' : context.via;
    const newItem: NewItem = {
      id: itemId,
      reference,
      source: command.source,
      received_via: via_,
      received_at: at,
      service_id: resolved.serviceId,
      reported_url: resolved.url,
      reported_domain: resolved.domain,
      domain_relation: resolved.relation,
      harm_categories: command.harmCategories,
      description: command.description,
      occurred_on: command.occurredOn,
      children_likely: command.childrenLikely,
      details: sealed.details,
      evidence: command.evidence,
      reporter_subject: sealed.reporterSubject,
      reporter_sealed: sealed.reporterSealed,
      victim_subject: sealed.victimSubject,
      victim_sealed: sealed.victimSealed,
      matter_id: matterId,
      match_reason: decision.reason,
      submitted_by_id: actor.id,
      submitted_by_label: actor.label,
      organisation_id: external,
      import_id: null,
      import_row: null,
    };
    const score = { result, inputs, cause: joined ? 'item_joined' : 'matter_opened', at };
    let matterReference: string;
    let caseId: string | null;
    if (joined) {
      await this.repo.addItemToMatter(tx, matterId, aggregate, newItem, hashes, {
        ...score,
        changed: joined.triage_score !== result.score || joined.triage_model_version !== result.modelVersion,
      });
      matterReference = joined.reference;
      caseId = joined.case_id;
    } else {
      caseId = decision.attachToCase?.caseId ?? null;
      matterReference = await this.repo.insertMatterWithItem(
        tx,
        { id: matterId, serviceId: resolved.serviceId, caseId, caseReference: decision.attachToCase?.reference ?? null, aggregate, createdAt: at },
        newItem,
        hashes,
        score,
      );
    }
    const event: AuditEntry = {
      chainId: `matter:${matterId}`,
      event: joined ? 'intake_item_joined' : 'matter_opened',
      actor,
      subjectType: 'matter',
      subjectId: matterId,
      data: {
        itemId,
        itemReference: reference,
        source: command.source,
        via: via_,
        serviceId: resolved.serviceId,
        reportedDomain: resolved.domain,
        domainRelation: resolved.relation,
        matchRule: decision.reason.rule,
        caseId,
        score: result.score,
        modelVersion: result.modelVersion,
      },
    };
    // A new matter's chain is new too: its first event is written in one statement.
    if (joined) await this.audit.append(tx, event);
    else await this.audit.appendFirst(tx, event);
    const email = typeof command.reporter?.email === 'string' ? command.reporter.email : undefined;
    if (email) {
      await this.outbox.enqueue(tx, {
        to: email,
        template: 'case_update',
        data: {
          recipientName: typeof command.reporter?.name === 'string' ? command.reporter.name : undefined,
          caseReference: reference,
          headline: 'We have received your report',
          paragraphs: [
            `Thank you for telling us about ${resolved.domain}. Your reference is ${reference}.`,
            'We use reports to decide where to act against services that fail to protect their users. We cannot act on every individual item of content, but every report is read and counted.',
            `To ask about progress, quote ${reference}. We never ask you to send images or videos.`,
          ],
        },
        idempotencyKey: `intake_acknowledgement:${itemId}`,
        subjectType: 'intake_item',
        subjectId: itemId,
      });
    }
    return { id: itemId, reference, serviceId: resolved.serviceId, matterId, matterReference, caseId, matchReason: decision.reason, triage: { score: result.score, modelVersion: result.modelVersion } };
  }
}
