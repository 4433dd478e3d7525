import type { Principal } from '@app/core';
import type { CandidateCase } from './domain/matching.js';

/**
 * What intake needs from the cases context: the open cases of a service (so that a report about a
 * mirror lands on the case already running) and opening a case from a matter.
 */
export interface CasesPort {
  openCasesForService(serviceId: string): Promise<CandidateCase[]>;
  /** The same for many services in one read (bulk import), keyed by service id. */
  openCasesForServices(serviceIds: readonly string[]): Promise<Map<string, CandidateCase[]>>;
  openCase(input: { serviceId: string; title: string; harmCategories: string[]; matterIds: string[]; reason?: string; principal: Principal }): Promise<{
    caseId: string;
    reference: string;
  }>;
}

export const CASES_PORT = Symbol('CASES_PORT');
