import { Inject, Injectable } from '@nestjs/common';
import { AuditLog, type AuditRecord } from '@app/audit';
import type { Deadline } from '@app/deadlines';
import { CaseDeadlines } from '../integration/case-deadlines.js';
import { CaseRepository } from '../persistence/case.repository.js';
import { caseNotFound } from './case-snapshot.js';

/** One event of a case's audit chain: its transitions, and the changes to its deadlines. */
export interface CaseEventView {
  /** The audit event's global sequence number. */
  seq: number;
  /** Its position in the case's chain (1, 2, ...). */
  chainSeq: number;
  event: string;
  subjectType: string;
  subjectId: string | null;
  fromState: string | null;
  toState: string | null;
  actor: string;
  actorId: string | null;
  reason: string | null;
  occurredAt: string;
  recordedAt: string;
  changes: unknown;
  data: unknown;
  hash: string;
  prevHash: string;
}

const PAGE = 500;

/** The case's audit chain, oldest first, and its deadlines. */
@Injectable()
export class CaseHistory {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(CaseDeadlines) private readonly deadlines: CaseDeadlines,
  ) {}

  async events(caseId: string): Promise<CaseEventView[]> {
    await this.requireCase(caseId);
    const records: AuditRecord[] = [];
    for (;;) {
      const page = await this.audit.chain(`case:${caseId}`, { afterSeq: records[records.length - 1]?.chainSeq ?? 0, limit: PAGE });
      records.push(...page);
      if (page.length < PAGE) break;
    }
    return records.map((r) => ({
      seq: r.seq,
      chainSeq: r.chainSeq,
      event: r.event,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      fromState: r.fromState,
      toState: r.toState,
      actor: r.actorLabel,
      actorId: r.actorId,
      reason: r.reason,
      occurredAt: r.occurredAt.toISOString(),
      recordedAt: r.recordedAt.toISOString(),
      changes: r.changes,
      data: r.data,
      hash: r.hash,
      prevHash: r.prevHash,
    }));
  }

  async deadlinesOf(caseId: string): Promise<Deadline[]> {
    await this.requireCase(caseId);
    return this.deadlines.forCase(caseId);
  }

  private async requireCase(caseId: string): Promise<void> {
    if ((await this.cases.existing([caseId])).size === 0) throw caseNotFound();
  }
}
