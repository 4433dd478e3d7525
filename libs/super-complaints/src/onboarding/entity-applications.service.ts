import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog, actorOf } from '@app/audit';
import { Clock, DomainError, notFound, type Principal } from '@app/core';
import { UserAdminService } from '@app/identity';
import { Outbox } from '@app/notifications';
import { PersonalDataVault } from '@app/privacy';
import { CRITERIA, ELIGIBILITY_CRITERIA, decideEligibility, type Checklist, type EligibilityCriterion } from './eligibility-criteria.js';

export interface EntityApplicationInput {
  organisationName: string;
  contactName: string;
  contactEmail: string;
  description: string;
  /** The applicant's evidence for each criterion. */
  evidence: Record<EligibilityCriterion, string>;
}

export interface EntityApplicationView {
  id: string;
  reference: string;
  organisationName: string;
  contactName: string;
  contactEmail: string;
  description: string;
  evidence: Record<string, string>;
  criteria: Array<{ criterion: EligibilityCriterion; text: string; evidence: string; met: boolean | null }>;
  state: 'submitted' | 'recognised' | 'refused';
  decisionReasons: string | null;
  decidedAt: string | null;
  organisationId: string | null;
  createdAt: string;
}

interface Row {
  id: string;
  reference: string;
  organisation_name: string;
  contact_subject_id: string;
  contact_sealed: string;
  description: string;
  evidence: Record<string, string>;
  state: EntityApplicationView['state'];
  checklist: Checklist | null;
  decision_reasons: string | null;
  decided_at: Date | null;
  organisation_id: string | null;
  created_at: Date;
}

interface Contact {
  name: string;
  email: string;
}

/** Why officers read an applicant's contact details (recorded in the personal-data read log). */
const CONTACT_READ_PURPOSE = 'assess an eligible-entity application and tell the applicant the decision';

function view(row: Row, contact: Contact | null): EntityApplicationView {
  return {
    id: row.id,
    reference: row.reference,
    organisationName: row.organisation_name,
    contactName: contact?.name ?? '(erased)',
    contactEmail: contact?.email ?? '(erased)',
    description: row.description,
    evidence: row.evidence,
    criteria: CRITERIA.map((criterion) => ({ criterion, text: ELIGIBILITY_CRITERIA[criterion], evidence: row.evidence[criterion] ?? '', met: row.checklist ? row.checklist[criterion] : null })),
    state: row.state,
    decisionReasons: row.decision_reasons,
    decidedAt: row.decided_at?.toISOString() ?? null,
    organisationId: row.organisation_id,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Organisations applying to be recognised as eligible entities: officers assess the criteria as a
 * checklist and record the decision with reasons; a recognised entity gets an organisation account and
 * its contact an invitation (then users and API keys as any organisation). The applicant is told by email.
 */
@Injectable()
export class EntityApplicationService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  /** Opens the contacts of these rows, one logged read per applicant. */
  private async views(rows: Row[]): Promise<EntityApplicationView[]> {
    const contacts = await this.vault.openMany(
      rows.map((r) => ({ subjectId: r.contact_subject_id, sealed: r.contact_sealed })),
      { purpose: CONTACT_READ_PURPOSE },
    );
    return rows.map((row, i) => view(row, (contacts[i] as Contact | null) ?? null));
  }

  async apply(input: EntityApplicationInput, actor: Principal | undefined): Promise<EntityApplicationView> {
    return this.dataSource.transaction(async (tx) => {
      const now = this.clock.now();
      const [seq] = await tx.query(`SELECT nextval('eligible_entity_application_reference_seq') AS n`);
      const contact: Contact = { name: input.contactName.trim(), email: input.contactEmail.trim() };
      const subjectId = await this.vault.createSubject(tx, 'contact');
      const sealed = await this.vault.seal(tx, subjectId, { ...contact });
      const [row] = (await tx.query(
        `INSERT INTO eligible_entity_applications (reference, organisation_name, contact_subject_id, contact_sealed, description, evidence, state, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7) RETURNING *`,
        [`EE-${now.getUTCFullYear()}-${String(seq.n).padStart(4, '0')}`, input.organisationName.trim(), subjectId, sealed, input.description.trim(), JSON.stringify(input.evidence), now],
      )) as Row[];
      const application = row as Row;
      await this.audit.append(tx, {
        chainId: `eligible_entity_application:${application.id}`,
        event: 'eligible_entity_application.submitted',
        actor: actorOf(actor),
        subjectType: 'eligible_entity_application',
        subjectId: application.id,
        toState: 'submitted',
        data: { reference: application.reference },
      });
      return view(application, contact);
    });
  }

  async list(): Promise<EntityApplicationView[]> {
    return this.views((await this.dataSource.query(`SELECT * FROM eligible_entity_applications ORDER BY created_at DESC, id DESC LIMIT 200`)) as Row[]);
  }

  async get(id: string): Promise<EntityApplicationView> {
    const [row] = (await this.dataSource.query(`SELECT * FROM eligible_entity_applications WHERE id = $1`, [id])) as Row[];
    if (!row) throw notFound('The application');
    const [application] = await this.views([row]);
    return application as EntityApplicationView;
  }

  /**
   * Records the officer's checklist and reasons. In one transaction: the decision, a recognised
   * entity's organisation account and its contact's invitation, the audit events and the emails.
   * A failure anywhere (say, an organisation of that name already exists) leaves nothing behind.
   */
  async decide(id: string, input: { checklist: Record<string, unknown>; reasons: string }, actor: Principal): Promise<EntityApplicationView> {
    const current = await this.get(id);
    const decision = decideEligibility(input.checklist, input.reasons);
    return this.dataSource.transaction(async (tx) => {
      const [locked] = (await tx.query(`SELECT state FROM eligible_entity_applications WHERE id = $1 FOR UPDATE`, [id])) as Array<{ state: string }>;
      if (!locked) throw notFound('The application');
      if (locked.state !== 'submitted') {
        throw new DomainError('ELIGIBLE_ENTITY_APPLICATION_DECIDED', `Application ${current.reference} was already ${locked.state}: its decision cannot change.`);
      }
      let organisationId: string | null = null;
      let acceptUrl: string | null = null;
      let expiresAt: string | null = null;
      if (decision.recognised) {
        const organisation = await this.users.createOrganisation({ kind: 'eligible_entity', name: current.organisationName }, actor, tx);
        organisationId = organisation.id;
        const invited = await this.users.invite({ email: current.contactEmail, name: current.contactName, organisationId, roles: ['complainant_body'] }, actor, tx);
        acceptUrl = invited.acceptUrl;
        expiresAt = invited.invitation.expiresAt.toISOString();
      }
      const now = this.clock.now();
      const result = (await tx.query(
        `UPDATE eligible_entity_applications SET state = $2, checklist = $3, decision_reasons = $4, decided_by = $5, decided_at = $6, organisation_id = $7
         WHERE id = $1 AND state = 'submitted' RETURNING *`,
        [id, decision.recognised ? 'recognised' : 'refused', JSON.stringify(decision.checklist), input.reasons.trim(), actorOf(actor).label, now, organisationId],
      )) as unknown[];
      // UPDATE … RETURNING answers [rows, affected] through TypeORM's PostgreSQL driver.
      const [updated] = (Array.isArray(result[0]) ? result[0] : result) as Row[];
      if (!updated) throw new DomainError('ELIGIBLE_ENTITY_APPLICATION_DECIDED', `Application ${current.reference} was decided by someone else meanwhile.`);
      await this.audit.append(tx, {
        chainId: `eligible_entity_application:${id}`,
        event: decision.recognised ? 'eligible_entity_application.recognised' : 'eligible_entity_application.refused',
        actor: actorOf(actor),
        subjectType: 'eligible_entity_application',
        subjectId: id,
        fromState: 'submitted',
        toState: updated.state,
        reason: input.reasons.trim(),
        data: { checklist: decision.checklist, organisationId },
      });
      const unmet = decision.unmet.map((c) => `Not met: ${ELIGIBILITY_CRITERIA[c]}.`);
      await this.outbox.enqueue(tx, {
        to: current.contactEmail,
        template: 'case_update',
        data: {
          recipientName: current.contactName,
          caseReference: current.reference,
          headline: decision.recognised ? 'Recognised as an eligible entity' : 'Not recognised as an eligible entity',
          paragraphs: [input.reasons.trim(), ...unmet, ...(decision.recognised ? ['You will receive an invitation to create your account.'] : [])],
        },
        idempotencyKey: `eligible_entity_application:${id}:decision`,
        subjectType: 'eligible_entity_application',
        subjectId: id,
      });
      if (acceptUrl && organisationId && expiresAt) {
        await this.outbox.enqueue(tx, {
          to: current.contactEmail,
          template: 'invitation',
          data: { recipientName: current.contactName, organisationName: current.organisationName, roleLabel: 'eligible entity (super-complaints)', acceptLink: acceptUrl, expiresAt },
          idempotencyKey: `eligible_entity_application:${id}:invitation`,
          subjectType: 'eligible_entity_application',
          subjectId: id,
        });
      }
      return view(updated, { name: current.contactName, email: current.contactEmail });
    });
  }
}
