import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { downloadHeaders, uploadsFrom } from '@app/attachments';
import { DomainError, Public, Roles, hasRole, notFound, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { Pages, errorSummary, listField, textField, type FieldErrors, type FormBody } from '@app/web';
import { SUPER_COMPLAINT_TRANSITIONS } from '../domain/lifecycle-table.js';
import { HARM_CATEGORIES, SUPER_COMPLAINT_OUTCOMES, type SuperComplaintState } from '../domain/vocabulary.js';
import { SuperComplaintService, type DraftInput, type SuperComplaintView } from '../super-complaint.service.js';

const READERS = ['admin', 'case_officer', 'decision_maker', 'complainant_body'] as const;
const ACTORS = ['case_officer', 'decision_maker', 'complainant_body'] as const;

export const STATE_NAMES: Record<SuperComplaintState, string> = {
  draft: 'Draft',
  received: 'Received',
  eligibility_check: 'Eligibility check',
  not_admissible: 'Not admissible',
  assessment: 'Assessment',
  information_requested: 'Information requested',
  response_published: 'Response published',
  withdrawn: 'Withdrawn',
};

const OUTCOME_NAMES: Record<string, string> = {
  enforcement_action_opened: 'Enforcement action opened',
  further_work: 'Further work',
  no_action: 'No action',
};

/** The words of each step on its button and its form. */
const EVENT_NAMES: Record<string, string> = {
  grant_filing_exception: 'Record an exception to the six-month limit',
  acknowledge_receipt: 'Acknowledge receipt',
  find_eligible: 'Find eligible',
  find_not_admissible: 'Find not admissible',
  request_information: 'Request information',
  provide_information: 'Provide the information requested',
  publish_response: 'Publish the response',
  withdraw: 'Withdraw the super-complaint',
};

const FIELD_LABELS: Record<string, string> = {
  reason: 'Reason',
  note: 'Note to the entity (optional)',
  reasons: 'Reasons',
  request: 'What information you need',
  information: 'The information',
  outcome: 'Outcome',
  response: 'The response, as published',
  summary: 'Summary for the public list',
  caseIds: 'Ids of cases already opened (one per line)',
  openCases: 'Open an enforcement case for each service named',
  attachments: 'Documents',
};

function draftFrom(body: FormBody): DraftInput {
  return {
    title: textField(body, 'title', { maxLength: 300 }),
    summary: textField(body, 'summary', { maxLength: 4000 }),
    feature: textField(body, 'feature', { maxLength: 4000 }),
    serviceUrls: textField(body, 'serviceUrls')
      .split(/\s+/)
      .filter((u) => u !== '')
      .slice(0, 50),
    serviceKinds: textField(body, 'serviceKinds', { maxLength: 2000 }),
    harmCategories: listField(body, 'harmCategories').filter((h) => (HARM_CATEGORIES as readonly string[]).includes(h)),
    evidence: textField(body, 'evidence', { maxLength: 20000 }),
    requestedAction: textField(body, 'requestedAction', { maxLength: 4000 }),
  };
}

/** The draft's fields and the files chosen with it (a refused file is reported beside the file input). */
function draftWithFilesFrom(body: FormBody): DraftInput {
  return { ...draftFrom(body), attachments: uploadsFrom(body) };
}

const MISSING_WORDS: Record<string, string> = {
  title: 'a title',
  summary: 'a summary',
  feature: 'the feature or conduct complained about',
  'serviceUrls or serviceKinds': 'the services (web addresses) or the kinds of service',
  harmCategories: 'the harms',
  evidence: 'the harm and its evidence',
  requestedAction: 'what you ask the regulator to do',
};

/** A refusal as messages beside the fields it names (ids prefixed for the step forms of the show page). */
function errorsOf(error: DomainError, fallbackField: string, prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  const fieldErrors = error.extras.errors ?? [];
  for (const e of fieldErrors) {
    const field = prefix + (e.field.startsWith('serviceUrls') ? 'serviceUrls' : e.field.replace(/[[.].*$/, ''));
    if (error.code === 'SUPER_COMPLAINT_INCOMPLETE') errors[field] ??= `Enter ${MISSING_WORDS[e.field] ?? e.field} to file the super-complaint`;
    else errors[field] ??= fieldErrors.length === 1 ? error.detail : `${FIELD_LABELS[e.field] ?? e.field}: ${e.message}`;
  }
  if (Object.keys(errors).length === 0) errors[fallbackField] = error.detail;
  return errors;
}

/**
 * Pages for eligible entities (their super-complaints: drafts, filing, status, dates, messages, the
 * response) and for officers (every super-complaint and the steps of the lifecycle table), plus the
 * public list of published responses.
 */
@ApiExcludeController()
@Controller('super-complaints')
export class SuperComplaintPagesController {
  constructor(
    @Inject(SuperComplaintService) private readonly service: SuperComplaintService,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  @Roles(...READERS)
  async index(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal): Promise<FastifyReply> {
    const page = await this.service.list(principal, { limit: 100 });
    const items = page.items.map((c) => ({ ...c, stateName: STATE_NAMES[c.state], nextDue: c.deadlines.find((d) => ['pending', 'due_soon', 'overdue', 'stopped'].includes(d.status)) }));
    return this.pages.render(request, reply, 'pages/super-complaints/index', { title: 'Super-complaints', items, canCreate: hasRole(principal, 'complainant_body') });
  }

  @Get('published')
  @Public()
  async published(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const items = (await this.service.published()).map((p) => ({ ...p, outcomeName: OUTCOME_NAMES[p.outcome] }));
    return this.pages.render(request, reply, 'pages/super-complaints/published', { title: 'Responses to super-complaints', items });
  }

  @Get('published/:id')
  @Public()
  async publishedOne(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const item = (await this.service.published(1000)).find((p) => p.id === id);
    if (!item) throw notFound('The published response');
    return this.pages.render(request, reply, 'pages/super-complaints/published-one', {
      title: `Response to super-complaint ${item.reference}`,
      item: { ...item, outcomeName: OUTCOME_NAMES[item.outcome] },
      backLink: { href: '/super-complaints/published', text: 'All responses' },
    });
  }

  @Get('new')
  @Roles('complainant_body')
  async newForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.renderForm(request, reply, undefined, this.values({}), {});
  }

  @Post('new')
  @Roles('complainant_body')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Body() body: FormBody): Promise<FastifyReply> {
    const input = draftFrom(body);
    let draft: SuperComplaintView;
    try {
      draft = await this.service.createDraft(principal, draftWithFilesFrom(body));
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500) throw error;
      return this.renderForm(request, reply, undefined, this.values(input), errorsOf(error, 'title'), error.status);
    }
    return this.afterSave(request, reply, principal, draft, body);
  }

  @Get(':id/edit')
  @Roles('complainant_body')
  async editForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const draft = await this.service.get(principal, id);
    if (draft.state !== 'draft') return this.pages.redirect(reply, `/super-complaints/${id}`);
    return this.renderForm(request, reply, draft, this.values(draft), {});
  }

  @Post(':id/edit')
  @Roles('complainant_body')
  async save(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const input = draftFrom(body);
    let draft: SuperComplaintView;
    try {
      draft = await this.service.updateDraft(principal, id, draftWithFilesFrom(body));
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500 || error.code === 'NOT_FOUND') throw error;
      return this.renderForm(request, reply, await this.service.get(principal, id), this.values(input), errorsOf(error, 'title'), error.status);
    }
    return this.afterSave(request, reply, principal, draft, body);
  }

  @Get(':id')
  @Roles(...READERS)
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    return this.renderShow(request, reply, principal, await this.service.get(principal, id), {});
  }

  @Get(':id/attachments/:attachmentId')
  @Roles(...READERS)
  async download(
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Param('attachmentId', ParseIdPipe) attachmentId: string,
  ): Promise<FastifyReply> {
    const { meta, bytes } = await this.service.openAttachment(principal, id, attachmentId);
    return reply.headers(downloadHeaders(meta)).send(bytes);
  }

  @Post(':id/messages')
  @Roles(...ACTORS)
  async message(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const text = textField(body, 'body', { maxLength: 8000 });
    if (!text) return this.renderShow(request, reply, principal, await this.service.get(principal, id), { body: 'Enter your message' }, 422);
    await this.service.postMessage(principal, id, text);
    return this.pages.redirect(reply, `/super-complaints/${id}#messages`, { heading: 'Message sent' });
  }

  @Post(':id/events')
  @Roles(...ACTORS)
  async event(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const event = textField(body, 'event', { maxLength: 100 });
    const rule = SUPER_COMPLAINT_TRANSITIONS.find((t) => t.event === event && t.event !== 'submit');
    const data: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(rule?.fields ?? {})) {
      const value = textField(body, name, { maxLength: 20000 });
      if (value === '') continue;
      data[name] = spec.type === 'uuids' ? value.split(/[\s,]+/).filter((v) => v !== '') : spec.type === 'boolean' ? value === 'yes' : value;
    }
    try {
      await this.service.fire(principal, id, event, data, { attachments: uploadsFrom(body) });
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500 || error.code === 'NOT_FOUND') throw error;
      const errors = errorsOf(error, `${event}-form`, `${event}-`);
      return this.renderShow(request, reply, principal, await this.service.get(principal, id), errors, error.status, event);
    }
    return this.pages.redirect(reply, `/super-complaints/${id}`, { heading: `${EVENT_NAMES[event] ?? event}: done` });
  }

  // --- rendering ---------------------------------------------------------------------------

  private async afterSave(request: FastifyRequest, reply: FastifyReply, principal: Principal, draft: SuperComplaintView, body: FormBody): Promise<FastifyReply> {
    if (textField(body, 'action') !== 'file') {
      return this.pages.redirect(reply, `/super-complaints/${draft.id}/edit`, { heading: 'Draft saved', body: 'You can come back to it and file it when it is complete.' });
    }
    try {
      await this.service.fire(principal, draft.id, 'submit', {});
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500) throw error;
      return this.renderForm(request, reply, draft, this.values(draft), errorsOf(error, 'title'), error.status);
    }
    return this.pages.redirect(reply, `/super-complaints/${draft.id}`, { heading: 'Super-complaint filed', body: `Your reference is ${draft.reference}.` });
  }

  private values(input: DraftInput | SuperComplaintView): Record<string, unknown> {
    return {
      title: input.title ?? '',
      summary: input.summary ?? '',
      feature: input.feature ?? '',
      serviceUrls: (input.serviceUrls ?? []).join('\n'),
      serviceKinds: input.serviceKinds ?? '',
      harmCategories: input.harmCategories ?? [],
      evidence: input.evidence ?? '',
      requestedAction: input.requestedAction ?? '',
    };
  }

  private renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    draft: SuperComplaintView | undefined,
    values: Record<string, unknown>,
    errors: FieldErrors,
    status = 200,
  ): Promise<FastifyReply> {
    const chosen = values.harmCategories as string[];
    const area = (id: string, label: string, hint: string, rows: number) => ({ id, label, hint, rows, value: values[id], error: errors[id] });
    return this.pages.render(
      request,
      reply,
      'pages/super-complaints/form',
      {
        title: draft ? `Draft ${draft.reference}` : 'Make a super-complaint',
        draft,
        action: draft ? `/super-complaints/${draft.id}/edit` : '/super-complaints/new',
        values,
        describeFields: [
          area('summary', 'Summary', 'The complaint in a paragraph.', 4),
          area('feature', 'The feature or conduct', 'The feature of the services, or the conduct of their providers, that causes the harm.', 4),
          area('serviceUrls', 'Web addresses of the services', 'One per line, for example https://social.example. Leave empty if the complaint is about a kind of service.', 3),
          area('serviceKinds', 'Kinds of service (optional)', 'For example: social media services with livestreaming.', 2),
        ],
        evidenceFields: [
          area('evidence', 'The harm and its evidence', 'Describe what happens and how you know. Never send images of abuse: describe them.', 8),
          area('requestedAction', 'What you ask us to do', '', 4),
        ],
        backLink: { href: '/super-complaints', text: 'Super-complaints' },
        harms: HARM_CATEGORIES.map((h) => ({ value: h, text: h.replace(/_/g, ' '), checked: chosen.includes(h) })),
        errors,
        errorList: errorSummary(errors),
      },
      status,
    );
  }

  private async renderShow(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    complaint: SuperComplaintView,
    errors: FieldErrors,
    status = 200,
    failedEvent?: string,
  ): Promise<FastifyReply> {
    const messages = await this.service.messages(principal, complaint.id);
    const actions = SUPER_COMPLAINT_TRANSITIONS.filter(
      (t) => t.event !== 'submit' && t.from.includes(complaint.state) && principal.roles.some((r) => t.roles.includes(r)),
    ).map((t) => ({
      event: t.event,
      name: EVENT_NAMES[t.event],
      open: t.event === failedEvent,
      fields: Object.entries(t.fields).map(([name, spec]) => ({
        name,
        id: `${t.event}-${name}`,
        label: FIELD_LABELS[name] ?? name,
        hint: spec.description,
        error: errors[`${t.event}-${name}`],
        select: spec.type === 'enum' ? spec.values.map((v) => ({ value: v, text: OUTCOME_NAMES[v] ?? v })) : undefined,
        checkbox: spec.type === 'boolean',
      })),
      // The entity may send documents with its answer to an information request.
      files: t.event === 'provide_information' && hasRole(principal, 'complainant_body') ? { id: `${t.event}-attachments`, error: errors[`${t.event}-attachments`] } : undefined,
    }));
    return this.pages.render(
      request,
      reply,
      'pages/super-complaints/show',
      {
        title: `Super-complaint ${complaint.reference}`,
        complaint,
        stateName: STATE_NAMES[complaint.state],
        outcomeName: complaint.response ? OUTCOME_NAMES[complaint.response.outcome] : undefined,
        messages,
        actions,
        outcomes: SUPER_COMPLAINT_OUTCOMES,
        isEntity: hasRole(principal, 'complainant_body'),
        canMessage: principal.roles.some((r) => (ACTORS as readonly string[]).includes(r)),
        errors,
        errorList: errorSummary(errors),
        backLink: { href: '/super-complaints', text: 'All super-complaints' },
      },
      status,
    );
  }
}
