import { DomainError } from '@app/core';
import type { Deadline } from '@app/deadlines';
import type { CaseSnapshot } from '../domain/model.js';
import { CaseDeadlines } from '../integration/case-deadlines.js';
import type { CaseRecord } from '../persistence/case.repository.js';

/** What the lifecycle needs of a case and its deadlines. */
export function snapshotOf(record: CaseRecord, deadlines: readonly Deadline[]): CaseSnapshot {
  return {
    id: record.id,
    state: record.state,
    version: record.version,
    jurisdiction: record.jurisdiction,
    assignedOfficerId: record.assignedOfficerId,
    investigatingOfficerId: record.investigatingOfficerId,
    investigationOpenedAt: record.investigationOpenedAt,
    representationsReceivedAt: record.representationsReceivedAt,
    lastOccurredAt: record.lastOccurredAt,
    deadlines: CaseDeadlines.views(deadlines),
  };
}

export const caseNotFound = (): DomainError => new DomainError('CASE_NOT_FOUND', 'There is no case with that id that you can see. Check the id, or find the case in the case list.');

export const versionConflict = (expected: number, current: number): DomainError =>
  new DomainError(
    'CASE_VERSION_CONFLICT',
    `You read version ${expected} of the case, but it is now at version ${current}: someone else changed it. Reload the case, check what changed, and try again.`,
    { currentVersion: current },
  );
