import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Deadline } from '@app/deadlines';
import { CaseDeadlines } from '../integration/case-deadlines.js';
import { CaseRepository, type CaseRecord, type CaseRelated } from '../persistence/case.repository.js';
import { caseNotFound } from './case-snapshot.js';
import { toCaseView, type CaseView } from './case-view.js';

/** One case with its matters, links and deadlines. */
@Injectable()
export class GetCase {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseDeadlines) private readonly deadlines: CaseDeadlines,
  ) {}

  async execute(caseId: string): Promise<CaseView> {
    const record = await this.cases.findById(caseId);
    if (!record) throw caseNotFound();
    return this.viewOf(record);
  }

  /**
   * Case references by id, for those of `caseIds` that are cases (another context listing the cases it
   * links); with `manager`, as that transaction sees them (cases it has just opened).
   */
  async references(caseIds: readonly string[], manager?: EntityManager): Promise<Map<string, string>> {
    return this.cases.references(caseIds, manager);
  }

  /** The view of a case already read; its deadlines, matters and links are read too unless given. */
  async viewOf(record: CaseRecord, knownDeadlines?: Deadline[], knownRelated?: CaseRelated): Promise<CaseView> {
    const [{ matterIds, links }, deadlines] = await Promise.all([knownRelated ?? this.cases.related(record.id), knownDeadlines ?? this.deadlines.forCase(record.id)]);
    return toCaseView(record, { matterIds, links, deadlines });
  }
}
