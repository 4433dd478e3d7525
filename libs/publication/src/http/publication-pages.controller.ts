import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, HARM_CATEGORIES, REGULATOR_ROLES, Roles, type Principal } from '@app/core';
import { DocumentStore } from '@app/documents';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { errorSummary, listField, Pages, textField, type FieldErrors, type FormBody } from '@app/web';
import { PublicationService } from '../application/publication.service.js';
import { confidentialPassages } from '../domain/confidential.js';
import { checkDraft, normaliseDraft, type DraftContent, type DraftDecision } from '../domain/entry-content.js';
import { formatPounds, textOfHtml } from '../domain/proposals.js';
import { CLOSURE_OUTCOMES, DECISION_KINDS, DECISION_KIND_LABELS, PUBLIC_STATUSES, PUBLIC_STATUS_LABELS } from '../domain/vocabulary.js';
import { CLOSURE_OUTCOME_LABELS } from '@app/documents';
import { entryPage, harmName } from './presentation.js';

const VIEWS = 'pages/publication';
const DRAFTERS = ['case_officer'] as const;
const APPROVERS = ['decision_maker'] as const;

/** "£1,250,000.50", "1250000" → pence; '' → null; anything else → undefined (an error). */
export function parsePounds(text: string): number | null | undefined {
  const cleaned = text.replace(/[£,\s]/g, '');
  if (cleaned === '') return null;
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const [pounds, pence = ''] = cleaned.split('.');
  return Number(pounds) * 100 + Number(pence.padEnd(2, '0'));
}

const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

const penceText = (pence: number | null): string => (pence === null ? '' : formatPounds(pence).replace('£', ''));

/**
 * The officers' publication pages: the queue of entries, one case's entry (published version, draft,
 * its non-confidential preview and the history), the draft form (case officers) and approval
 * (decision makers who did not edit the draft).
 */
@ApiExcludeController()
@Controller('publication')
export class PublicationPagesController {
  constructor(
    @Inject(PublicationService) private readonly publication: PublicationService,
    @Inject(DocumentStore) private readonly documents: DocumentStore,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  @Roles(...REGULATOR_ROLES)
  async queue(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const rows = await this.publication.queue();
    return this.pages.render(request, reply, `${VIEWS}/index`, {
      title: 'Publication',
      awaiting: rows.filter((r) => r.draft),
      published: rows.filter((r) => !r.draft && r.entry.lastPublishedAt),
    });
  }

  @Get('cases/:id')
  @Roles(...REGULATOR_ROLES)
  async show(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const o = await this.publication.overview(id);
    const draftContent = o.draft ? normaliseDraft(o.draft.content as unknown as Record<string, unknown>) : null;
    const problems = draftContent ? checkDraft(draftContent) : {};
    const passages = draftContent
      ? [draftContent.title, draftContent.summary, draftContent.providerName, ...draftContent.updates.map((u) => u.text), ...draftContent.decisions.flatMap((d) => [d.title, d.grounds, d.text, d.stepsRequired])]
          .flatMap((t) => {
            try {
              return confidentialPassages(t);
            } catch {
              return [];
            }
          })
      : [];
    return this.pages.render(request, reply, `${VIEWS}/show`, {
      title: `Public entry for ${o.reference}`,
      reference: o.reference,
      caseId: o.caseId,
      published: o.published ? { ...o.published, entry: o.published.publicContent ? entryPage(o.published.publicContent) : null } : null,
      draft: o.draft
        ? {
            ...o.draft,
            preview: Object.keys(problems).length === 0 && draftContent ? entryPage(this.publication.preview(o.reference, draftContent, o.published)) : null,
            problems: Object.values(problems),
            confidentialCount: passages.length,
            confidentialPassages: passages,
          }
        : null,
      approval: o.draft ? this.publication.approvalCheck(o.draft, principal) : null,
      canDraft: principal.roles.includes('case_officer'),
      versions: o.versions,
      backLink: { href: '/publication', text: 'Publication' },
    });
  }

  @Get('cases/:id/edit')
  @Roles(...DRAFTERS)
  async editForm(@Param('id', ParseIdPipe) id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const start = await this.publication.startingContent(id);
    return this.renderForm(request, reply, id, start.content, start.revision, {});
  }

  @Post('cases/:id/edit')
  @Roles(...DRAFTERS)
  async save(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: FormBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const revisionText = textField(body, 'revision');
    const revision = /^\d{1,9}$/.test(revisionText) ? Number(revisionText) : null;
    const { content, errors, prefilled } = await this.readForm(id, body);
    if (prefilled) return this.renderForm(request, reply, id, content, revision, {}, 'We copied the text of the issued document into the new decision, all marked confidential. Move the markers so that they cover only what must not be published, then save.');
    const all = { ...errors, ...checkDraft(content) };
    if (Object.keys(all).length > 0) return this.renderForm(request, reply, id, content, revision, all, undefined, 422);
    try {
      await this.publication.saveDraft(id, content, revision, principal);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'PUBLICATION_DRAFT_CONFLICT') {
        return this.renderForm(request, reply, id, content, revision, { title: error.detail }, undefined, 409);
      }
      throw error;
    }
    return this.pages.redirect(reply, `/publication/cases/${id}`, { heading: 'Draft saved', body: 'A decision maker who did not edit it can now approve it for publication.' });
  }

  @Post('cases/:id/approve')
  @Roles(...APPROVERS)
  async approve(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: FormBody,
    @CurrentPrincipal() principal: Principal,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const revisionText = textField(body, 'revision');
    if (!/^\d{1,9}$/.test(revisionText)) throw new DomainError('VALIDATION_FAILED', 'The form has no draft revision: open the entry again and approve from there.', { errors: [{ field: 'revision', message: 'missing' }] });
    const approved = await this.publication.approve(id, Number(revisionText), principal);
    return this.pages.redirect(reply, `/publication/cases/${id}`, {
      heading: `Version ${approved.number} published`,
      body: 'The non-confidential version is now on the public bulletin, in the feed and in the open data.',
    });
  }

  /** Reads the posted form into draft content, with the errors of fields the form itself parses. */
  private async readForm(caseId: string, body: FormBody): Promise<{ content: DraftContent; errors: FieldErrors; prefilled: boolean }> {
    const errors: FieldErrors = {};
    const start = await this.publication.startingContent(caseId);
    const penalty = parsePounds(textField(body, 'penaltyPence'));
    if (penalty === undefined) errors.penaltyPence = 'Enter the penalty in pounds, like 1,250,000 or 1250000.00, or leave it empty';
    const updates: DraftContent['updates'] = [];
    const updateCount = Math.min(Number(textField(body, 'updateCount')) || 0, 101);
    for (let n = 1; n <= updateCount; n += 1) {
      const date = textField(body, `update-${n}-date`);
      const text = textField(body, `update-${n}-text`);
      if (textField(body, `update-${n}-remove`) === 'yes' || (date === '' && text === '')) continue;
      updates.push({ id: textField(body, `update-${n}-id`), date, text });
    }
    const caseDocuments = await this.documents.listForCase(caseId);
    let prefilled = false;
    const decisions: DraftDecision[] = [];
    const decisionCount = Math.min(Number(textField(body, 'decisionCount')) || 0, 21);
    for (let n = 1; n <= decisionCount; n += 1) {
      const field = (name: string) => textField(body, `decision-${n}-${name}`);
      const documentId = field('documentId');
      const document = caseDocuments.find((d) => d.id === documentId) ?? null;
      if (field('remove') === 'yes' || (!document && field('title') === '' && field('text') === '' && field('grounds') === '')) continue;
      const decisionPenalty = parsePounds(field('penalty'));
      if (decisionPenalty === undefined) errors[`decision-${n}-penalty`] = `Enter the penalty of decision ${n} in pounds, or leave it empty`;
      const decision: DraftDecision = {
        id: field('id'),
        documentId: document?.id ?? null,
        kind: field('kind') as DraftDecision['kind'],
        decidedOn: field('decidedOn'),
        title: field('title'),
        grounds: textField(body, `decision-${n}-grounds`, { trim: true }),
        text: textField(body, `decision-${n}-text`, { trim: true }),
        penaltyPence: decisionPenalty ?? null,
        stepsRequired: field('stepsRequired'),
      };
      if (document && decision.text === '') {
        const issued = await this.documents.get(document.id);
        decision.text = `[[confidential]]\n${textOfHtml(issued.html)}\n[[/confidential]]`;
        if (decision.title === '') decision.title = document.title;
        if (decision.decidedOn === '') decision.decidedOn = issued.issuedAt.toISOString().slice(0, 10);
        prefilled = true;
      }
      decisions.push(decision);
    }
    const content = normaliseDraft({
      title: textField(body, 'title'),
      summary: textField(body, 'summary'),
      providerName: textField(body, 'providerName'),
      anonymised: textField(body, 'anonymised') === 'yes',
      anonymisedLabel: textField(body, 'anonymisedLabel'),
      services: lines(textField(body, 'services')),
      provisions: lines(textField(body, 'provisions')),
      harmCategories: listField(body, 'harmCategories'),
      openedOn: textField(body, 'openedOn'),
      status: textField(body, 'status'),
      outcome: textField(body, 'outcome') || null,
      closedOn: textField(body, 'closedOn') || null,
      penaltyPence: penalty ?? null,
      stages: start.content.stages,
      updates,
      decisions,
    });
    return { content, errors, prefilled };
  }

  private async renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    content: DraftContent,
    revision: number | null,
    errors: FieldErrors,
    notice?: string,
    status = 200,
  ): Promise<FastifyReply> {
    const o = await this.publication.overview(caseId);
    // Messages about one line of a list field point at the list's text box.
    errors = Object.fromEntries(Object.entries(errors).map(([field, message]) => [field.replace(/^(services|provisions)-\d+$/, '$1'), message]));
    const caseDocuments = await this.documents.listForCase(caseId);
    const documentItems = (selected: string | null) =>
      [{ value: '', text: 'None: I will paste a redacted copy', selected: selected === null }].concat(
        caseDocuments.map((d) => ({ value: d.id, text: `${d.title} (issued ${d.issuedAt.toISOString().slice(0, 10)})`, selected: d.id === selected })),
      );
    const decisionRows = [...content.decisions, null].map((d, i) => {
      const n = i + 1;
      return {
        n,
        isNew: d === null,
        ids: Object.fromEntries(['documentId', 'kind', 'decidedOn', 'title', 'grounds', 'text', 'penalty', 'stepsRequired'].map((f) => [f, `decision-${n}-${f}`])),
        id: d?.id ?? '',
        documentItems: documentItems(d?.documentId ?? null),
        kindItems: DECISION_KINDS.map((k) => ({ value: k, text: DECISION_KIND_LABELS[k], selected: (d?.kind ?? 'confirmation_decision') === k })),
        decidedOn: d?.decidedOn ?? '',
        title: d?.title ?? '',
        grounds: d?.grounds ?? '',
        text: d?.text ?? '',
        penalty: penceText(d?.penaltyPence ?? null),
        stepsRequired: d?.stepsRequired ?? '',
        errors: {
          kind: errors[`decision-${n}-kind`],
          decidedOn: errors[`decision-${n}-decidedOn`],
          title: errors[`decision-${n}-title`],
          grounds: errors[`decision-${n}-grounds`],
          text: errors[`decision-${n}-text`],
          penalty: errors[`decision-${n}-penalty`],
          stepsRequired: errors[`decision-${n}-stepsRequired`],
        },
      };
    });
    const updateRows = [...content.updates, null].map((u, i) => ({
      n: i + 1,
      isNew: u === null,
      ids: { date: `update-${i + 1}-date`, text: `update-${i + 1}-text` },
      id: u?.id ?? '',
      date: u?.date ?? '',
      text: u?.text ?? '',
      errors: { date: errors[`update-${i + 1}-date`], text: errors[`update-${i + 1}-text`] },
    }));
    return this.pages.render(
      request,
      reply,
      `${VIEWS}/edit`,
      {
        title: `Draft the public entry for ${o.reference}`,
        reference: o.reference,
        caseId,
        revision,
        notice,
        errors,
        errorList: errorSummary(errors),
        values: {
          ...content,
          services: content.services.join('\n'),
          provisions: content.provisions.join('\n'),
          penalty: penceText(content.penaltyPence),
          closedOn: content.closedOn ?? '',
        },
        statusItems: PUBLIC_STATUSES.map((s) => ({ value: s, text: PUBLIC_STATUS_LABELS[s], selected: s === content.status })),
        outcomeItems: [{ value: '', text: 'Not closed', selected: content.outcome === null }].concat(
          CLOSURE_OUTCOMES.map((c) => ({ value: c, text: CLOSURE_OUTCOME_LABELS[c] ?? c, selected: c === content.outcome })),
        ),
        harmItems: HARM_CATEGORIES.map((h) => ({ value: h, text: harmName(h), checked: content.harmCategories.includes(h) })),
        updateRows,
        updateCount: updateRows.length,
        decisionRows,
        decisionCount: decisionRows.length,
        backLink: { href: `/publication/cases/${caseId}`, text: 'Back to the entry' },
      },
      status,
    );
  }
}
