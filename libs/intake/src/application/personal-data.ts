import type { EntityManager } from 'typeorm';
import type { PersonalDataVault } from '@app/privacy';
import type { IntakeCommand } from '../domain/intake-input.js';
import { REPORTER_SUBJECT_KIND } from '../domain/sources.js';

export interface SealedPersonalData {
  /** The source-specific part without personal data. */
  details: Record<string, unknown>;
  reporterSubject: string | null;
  reporterSealed: string | null;
  victimSubject: string | null;
  victimSealed: string | null;
}

/**
 * Seals the reporter's identity and contact (with a whistleblower's insider account) and the person
 * affected, each under a data subject of its own, so that each can be erased on its own.
 */
export async function sealPersonalData(vault: PersonalDataVault, tx: EntityManager, command: IntakeCommand): Promise<SealedPersonalData> {
  const details = { ...command.details };
  const reporterData: Record<string, unknown> = { ...(command.reporter ?? {}) };
  if (command.source === 'whistleblower' && typeof details.insiderEvidenceSummary === 'string') {
    reporterData.insiderEvidenceSummary = details.insiderEvidenceSummary;
    delete details.insiderEvidenceSummary;
  }
  let reporterSubject: string | null = null;
  let reporterSealed: string | null = null;
  if (Object.keys(reporterData).length > 0) {
    const kind = command.reporter?.isPersonAffected === true && command.source !== 'whistleblower' ? 'victim' : REPORTER_SUBJECT_KIND[command.source];
    reporterSubject = await vault.createSubject(tx, kind);
    reporterSealed = await vault.seal(tx, reporterSubject, reporterData);
  }
  let victimSubject: string | null = null;
  let victimSealed: string | null = null;
  if (command.personAffected) {
    victimSubject = await vault.createSubject(tx, 'victim');
    victimSealed = await vault.seal(tx, victimSubject, command.personAffected);
  }
  return { details, reporterSubject, reporterSealed, victimSubject, victimSealed };
}
