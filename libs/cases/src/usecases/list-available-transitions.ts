import { Inject, Injectable } from '@nestjs/common';
import { Clock, type Principal } from '@app/core';
import { Lifecycle, type AvailableEvent, type BlockedEvent } from '../domain/lifecycle.js';
import { CaseDeadlines } from '../integration/case-deadlines.js';
import { CaseRepository } from '../persistence/case.repository.js';
import { caseNotFound, snapshotOf } from './case-snapshot.js';

export interface AvailableTransitions {
  caseId: string;
  state: string;
  version: number;
  /** The events the caller may fire now, with the data each takes. */
  available: AvailableEvent[];
  /** Every other event, with the code and reason it is refused. */
  blocked: BlockedEvent[];
}

/** What the caller may do to a case now, and why everything else is refused. */
@Injectable()
export class ListAvailableTransitions {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseDeadlines) private readonly deadlines: CaseDeadlines,
    @Inject(Lifecycle) private readonly lifecycle: Lifecycle,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(caseId: string, principal: Principal): Promise<AvailableTransitions> {
    const record = await this.cases.findById(caseId);
    if (!record) throw caseNotFound();
    const snapshot = snapshotOf(record, await this.deadlines.forCase(record.id));
    const { available, blocked } = this.lifecycle.available(snapshot, { id: principal.id, roles: principal.roles }, this.clock.now());
    return { caseId: record.id, state: record.state, version: record.version, available, blocked };
  }
}
