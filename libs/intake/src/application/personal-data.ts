import type { EntityManager } from 'typeorm';
import type { DataSubjectKind, PersonalData, PersonalDataVault } from '@app/privacy';
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

/** What of one item is personal data, and under which kind of data subject each part is sealed. */
function splitPersonalData(command: IntakeCommand): { details: Record<string, unknown>; reporter?: { kind: DataSubjectKind; value: PersonalData }; victim?: { kind: DataSubjectKind; value: PersonalData } } {
  const details = { ...command.details };
  const reporterData: Record<string, unknown> = { ...(command.reporter ?? {}) };
  if (command.source === 'whistleblower' && typeof details.insiderEvidenceSummary === 'string') {
    reporterData.insiderEvidenceSummary = details.insiderEvidenceSummary;
    delete details.insiderEvidenceSummary;
  }
  const kind = command.reporter?.isPersonAffected === true && command.source !== 'whistleblower' ? 'victim' : REPORTER_SUBJECT_KIND[command.source];
  return {
    details,
    reporter: Object.keys(reporterData).length > 0 ? { kind, value: reporterData } : undefined,
    victim: command.personAffected ? { kind: 'victim', value: command.personAffected } : undefined,
  };
}

/**
 * Seals the reporter's identity and contact (with a whistleblower's insider account) and the person
 * affected, each under a data subject of its own, so that each can be erased on its own. Many items
 * at once: one statement creates every data subject of the list.
 */
export async function sealPersonalDataOfMany(vault: PersonalDataVault, tx: EntityManager, commands: IntakeCommand[]): Promise<SealedPersonalData[]> {
  const parts = commands.map(splitPersonalData);
  const wanted = parts.flatMap((p) => [p.reporter, p.victim].filter((x): x is { kind: DataSubjectKind; value: PersonalData } => x !== undefined));
  const sealed = await vault.createSealedSubjects(tx, wanted);
  let next = 0;
  return parts.map((p) => {
    const reporter = p.reporter ? sealed[next++] : undefined;
    const victim = p.victim ? sealed[next++] : undefined;
    return {
      details: p.details,
      reporterSubject: reporter?.subjectId ?? null,
      reporterSealed: reporter?.sealed ?? null,
      victimSubject: victim?.subjectId ?? null,
      victimSealed: victim?.sealed ?? null,
    };
  });
}

/** The personal data of one item, sealed (see sealPersonalDataOfMany). */
export async function sealPersonalData(vault: PersonalDataVault, tx: EntityManager, command: IntakeCommand): Promise<SealedPersonalData> {
  return (await sealPersonalDataOfMany(vault, tx, [command]))[0] as SealedPersonalData;
}
