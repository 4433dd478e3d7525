import { Inject, Injectable } from '@nestjs/common';
import { DomainError, hasRole, isRegulator, notFound, type Principal } from '@app/core';
import { PersonalDataVault } from '@app/privacy';
import type { Evidence } from '../domain/evidence.js';
import type { MatchReason } from '../domain/matching.js';
import { parseIntakeReference } from '../domain/reference.js';
import { PERSON_AFFECTED_READERS, REPORTER_READERS, type IntakeSource } from '../domain/sources.js';
import { IntakeRepository, type ItemRow } from '../infrastructure/intake.repository.js';

export interface IntakeItemView {
  id: string;
  reference: string;
  source: string;
  receivedVia: string;
  receivedAt: string;
  serviceId: string;
  matterId: string;
  reportedUrl: string;
  reportedDomain: string;
  domainRelation: string;
  harmCategories: string[];
  description: string | null;
  occurredOn: string | null;
  childrenLikely: boolean;
  details: Record<string, unknown>;
  evidence: Evidence[];
  matchReason: MatchReason;
  /** Personal data is never in this view: only whether there is some (read it through /personal-data, logged). */
  hasReporter: boolean;
  hasPersonAffected: boolean;
  personalDataErasedAt: string | null;
  submittedBy: string;
  importId: string | null;
  importRow: number | null;
}

export function itemView(row: ItemRow): IntakeItemView {
  return {
    id: row.id,
    reference: row.reference,
    source: row.source,
    receivedVia: row.received_via,
    receivedAt: row.received_at.toISOString(),
    serviceId: row.service_id,
    matterId: row.matter_id,
    reportedUrl: row.reported_url,
    reportedDomain: row.reported_domain,
    domainRelation: row.domain_relation,
    harmCategories: row.harm_categories,
    description: row.description,
    occurredOn: row.occurred_on,
    childrenLikely: row.children_likely,
    details: row.details,
    evidence: row.evidence,
    matchReason: row.match_reason,
    hasReporter: row.reporter_sealed !== null,
    hasPersonAffected: row.victim_sealed !== null,
    personalDataErasedAt: row.personal_data_erased_at?.toISOString() ?? null,
    submittedBy: row.source === 'whistleblower' ? 'withheld (confidential source)' : row.submitted_by_label,
    importId: row.import_id,
    importRow: row.import_row === null ? null : Number(row.import_row),
  };
}

/** What a complainant sees when they quote their reference: no details, only where it stands. */
export interface PublicIntakeStatus {
  reference: string;
  receivedOn: string;
  status: 'received' | 'being_assessed' | 'action_under_way' | 'closed';
  statusText: string;
}

@Injectable()
export class IntakeQueries {
  constructor(
    @Inject(IntakeRepository) private readonly repo: IntakeRepository,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  private async visible(id: string, principal: Principal): Promise<ItemRow> {
    const row = await this.repo.item(id);
    if (!row || (!isRegulator(principal) && row.organisation_id !== principal.organisationId)) throw notFound('The intake item');
    return row;
  }

  async get(id: string, principal: Principal): Promise<IntakeItemView> {
    return itemView(await this.visible(id, principal));
  }

  /** Opens the reporter's and the person affected's data the caller's role may see; every read is logged with its purpose. */
  async personalData(id: string, principal: Principal, purpose: string): Promise<{ reporter: Record<string, unknown> | null; personAffected: Record<string, unknown> | null }> {
    const row = await this.visible(id, principal);
    if (!isRegulator(principal)) throw new DomainError('FORBIDDEN_ROLE', 'Only regulator staff may read the personal data of an intake item.');
    const mayReporter = hasRole(principal, ...REPORTER_READERS[row.source as IntakeSource]);
    const mayVictim = hasRole(principal, ...PERSON_AFFECTED_READERS);
    if (!mayReporter && !(mayVictim && row.victim_sealed)) {
      throw new DomainError('FORBIDDEN_ROLE', row.source === 'whistleblower' ? "A whistleblower's identity is visible only to admins and decision makers." : 'Your role may not read this personal data.');
    }
    if (row.personal_data_erased_at) {
      throw new DomainError('SUBJECT_ERASED', `The personal data of ${row.reference} was erased on ${row.personal_data_erased_at.toISOString().slice(0, 10)} under the retention policy.`);
    }
    const reporter = mayReporter && row.reporter_subject && row.reporter_sealed ? await this.vault.open(row.reporter_subject, row.reporter_sealed, { purpose }) : null;
    const personAffected = mayVictim && row.victim_subject && row.victim_sealed ? await this.vault.open(row.victim_subject, row.victim_sealed, { purpose }) : null;
    if (!mayReporter && row.reporter_sealed) return { reporter: { withheld: 'Visible only to admins and decision makers.' }, personAffected };
    return { reporter, personAffected };
  }

  async publicStatus(referenceInput: string): Promise<PublicIntakeStatus> {
    const reference = parseIntakeReference(referenceInput);
    const row = reference ? await this.repo.itemByReference(reference) : undefined;
    if (!row) throw new DomainError('NOT_FOUND', 'We could not find a report with that reference. Check it against your acknowledgement: it looks like INT-XXXXX-XXXXX.');
    const matter = await this.repo.matter(row.matter_id);
    const status = !matter || matter.status === 'open' ? (matter?.assigned_to ? 'being_assessed' : 'received') : matter.status === 'case_opened' || matter.status === 'routed' ? (matter.route === 'no_action' ? 'closed' : 'action_under_way') : matter.status === 'merged' ? 'being_assessed' : 'closed';
    const text: Record<PublicIntakeStatus['status'], string> = {
      received: 'We have your report. It is waiting to be assessed with other reports about the same service.',
      being_assessed: 'An officer is assessing your report with other reports about the same service.',
      action_under_way: 'We are taking action about the service. We cannot tell you the details while it is under way.',
      closed: 'We have assessed your report and are not taking further action at the moment. Reports are kept and counted, and can lead to action later.',
    };
    return { reference: row.reference, receivedOn: row.received_at.toISOString().slice(0, 10), status, statusText: text[status] };
  }
}
