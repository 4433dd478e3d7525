import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Outbox } from '@app/notifications';
import type { CaseDocumentTemplate } from '../domain/vocabulary.js';
import type { CaseRecord } from '../persistence/case.repository.js';

const DOCUMENT_TITLES: Record<CaseDocumentTemplate, string> = {
  information_notice: 'Information notice',
  warning_letter: 'Warning letter',
  provisional_notice: 'Provisional notice of contravention',
  confirmation_decision: 'Confirmation decision',
  closure_letter: 'Closure letter',
};

/** What the case lifecycle tells people, written to the outbox inside the transition's transaction. */
@Injectable()
export class CaseMessages {
  constructor(@Inject(Outbox) private readonly outbox: Outbox) {}

  /** Tells the provider's contact that a notice or letter was issued to it, with the link to the provider portal. */
  async documentIssued(
    manager: EntityManager,
    input: { record: CaseRecord; to: string; providerName: string; template: CaseDocumentTemplate; documentId: string; issuedOn: string; respondBy?: string },
  ): Promise<string> {
    const { record } = input;
    const result = await this.outbox.enqueue(manager, {
      to: input.to,
      template: 'notice_issued',
      data: {
        providerName: input.providerName,
        documentTitle: DOCUMENT_TITLES[input.template],
        caseReference: record.reference,
        issuedOn: input.issuedOn,
        ...(input.respondBy ? { respondBy: input.respondBy } : {}),
        portalLink: `/provider/notices/${input.documentId}`,
      },
      idempotencyKey: `case:${record.id}:document:${input.documentId}`,
      caseId: record.id,
      subjectType: 'case',
      subjectId: record.id,
    });
    return result.id;
  }
}
