import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog, actorOf } from '@app/audit';
import { DomainError, notFound, type Principal } from '@app/core';
import { CreateCase, FireTransition, type HarmCategory } from '@app/cases';
import { ProviderNotices } from '@app/provider-portal';
import { ServiceRegistry } from '@app/registry';
import { PROGRAMME_SERVICE_STATUS_LABELS } from './domain/vocabulary.js';
import { ProgrammeRepository } from './programme.repository.js';
import { ProgrammeService, serviceChain } from './programme.service.js';

export interface OpenInvestigationInput {
  serviceId: string;
  /** Defaults to "<programme title>: <service name>". */
  title?: string;
  /** Why the investigation is opened; the programme's evidence is added after it. */
  summary: string;
  provisions?: string[];
}

export interface ProgrammeEvidence {
  programme: { id: string; reference: string; title: string };
  serviceStatus: string;
  notices: { noticeId: string; title: string; issuedAt: string; dueOn: string | null; respondedAt: string | null; late: boolean | null; sha256: string }[];
  history: { event: string; at: string; toState: string | null }[];
}

export interface OpenedInvestigation {
  caseId: string;
  reference: string;
  state: string;
  evidence: ProgrammeEvidence;
}

const SUMMARY_LIMIT = 4000;

/** The evidence in words, as it goes into the case's opening event. */
export function evidenceText(e: ProgrammeEvidence): string {
  const lines = [`Evidence from enforcement programme ${e.programme.reference} (${e.programme.title}); status in the programme: ${e.serviceStatus}.`];
  for (const n of e.notices) {
    const answer = n.respondedAt ? `answered ${n.respondedAt.slice(0, 10)}${n.late ? ' (late)' : ' (on time)'}` : 'no answer';
    lines.push(`- ${n.title}: issued ${n.issuedAt.slice(0, 10)}, due ${n.dueOn ?? 'no date'}, ${answer}; notice ${n.noticeId}, SHA-256 ${n.sha256}.`);
  }
  if (e.notices.length === 0) lines.push('- No notice was sent to the provider in the programme.');
  return lines.join('\n');
}

/**
 * Opens an investigation for one service of a programme: a case about the service (CreateCase),
 * then `open_investigation` with the programme's evidence (notices, answers, history) in its
 * summary, and the service marked referred to investigation with a link to the case, all in one transaction.
 */
@Injectable()
export class OpenInvestigationFromProgramme {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ProgrammeRepository) private readonly repo: ProgrammeRepository,
    @Inject(ProgrammeService) private readonly programmes: ProgrammeService,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(ProviderNotices) private readonly notices: ProviderNotices,
    @Inject(CreateCase) private readonly createCase: CreateCase,
    @Inject(FireTransition) private readonly fire: FireTransition,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async evidence(programmeId: string, serviceId: string): Promise<ProgrammeEvidence> {
    const programme = await this.programmes.requireRow(programmeId);
    const row = await this.repo.service(programmeId, serviceId);
    if (!row) throw notFound('The service in this programme');
    const notices = (await this.notices.forSource('programme', programmeId)).filter((n) => n.serviceId === serviceId);
    const history = await this.programmes.history(programmeId, serviceId);
    return {
      programme: { id: programme.id, reference: programme.reference, title: programme.title },
      serviceStatus: PROGRAMME_SERVICE_STATUS_LABELS[row.status],
      notices: notices.map((n) => ({
        noticeId: n.id,
        title: n.title,
        issuedAt: n.issuedAt.toISOString(),
        dueOn: n.dueOn,
        respondedAt: n.respondedAt?.toISOString() ?? null,
        late: n.late,
        sha256: n.sha256,
      })),
      history: history.map((h) => ({ event: h.event, at: h.at, toState: h.toState })),
    };
  }

  async execute(principal: Principal, programmeId: string, input: OpenInvestigationInput): Promise<OpenedInvestigation> {
    const evidence = await this.evidence(programmeId, input.serviceId);
    const service = (await this.registry.summaries([input.serviceId])).get(input.serviceId);
    const actor = actorOf(principal);
    // One transaction under the programme's lock: the case, its investigation, the service's referral and the
    // programme's audit commit together, so a programme closed meanwhile, or an opening refused, leaves nothing.
    const opened = await this.dataSource.transaction(async (tx) => {
      const programme = await this.programmes.requireRow(programmeId, tx, true);
      this.programmes.requireOpen(programme);
      const row = await this.repo.service(programmeId, input.serviceId, tx, true);
      if (!row) throw notFound('The service in this programme');
      if (row.case_id) {
        throw new DomainError('PROGRAMME_SERVICE_ALREADY_REFERRED', `An investigation case was already opened for this service from the programme (case ${row.case_id}). Continue in that case.`, {
          caseId: row.case_id,
        });
      }
      const reason = `Referred from enforcement programme ${programme.reference}`;
      const record = await this.createCase.execute(
        {
          serviceId: input.serviceId,
          title: (input.title?.trim() || `${programme.title}: ${service?.name ?? input.serviceId}`).slice(0, 300),
          harmCategories: programme.harm_categories as HarmCategory[],
          reason,
          principal,
        },
        tx,
      );
      const summary = `${input.summary.trim()}\n\n${evidenceText(evidence)}`;
      const { record: investigation } = await this.fire.execute(
        {
          caseId: record.id,
          expectedVersion: record.version,
          event: 'open_investigation',
          reason,
          data: { summary: summary.length > SUMMARY_LIMIT ? `${summary.slice(0, SUMMARY_LIMIT - 1)}…` : summary, ...(input.provisions?.length ? { provisions: input.provisions } : {}) },
          principal,
        },
        tx,
      );
      await this.programmes.moveService(tx, actor, programmeId, row, 'referred_to_investigation', 'programme_referred_to_investigation', input.summary.trim(), {
        caseId: record.id,
        data: { caseReference: record.reference, evidence: { notices: evidence.notices.map((n) => ({ noticeId: n.noticeId, sha256: n.sha256, respondedAt: n.respondedAt, late: n.late })) } },
      });
      await this.audit.append(tx, {
        chainId: `programme:${programmeId}`,
        event: 'programme_investigation_opened',
        actor,
        subjectType: 'programme',
        subjectId: programmeId,
        data: { serviceId: input.serviceId, caseId: record.id, caseReference: record.reference, serviceChain: serviceChain(programmeId, input.serviceId) },
      });
      return investigation;
    });
    return { caseId: opened.id, reference: opened.reference, state: opened.state, evidence };
  }
}
