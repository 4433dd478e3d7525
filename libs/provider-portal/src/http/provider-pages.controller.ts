import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { uploadsFrom, type UploadedFile } from '@app/attachments';
import { DomainError, Roles, type Principal } from '@app/core';
import { isLegalDate } from '@app/deadlines';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { Pages, errorSummary, textField, type FieldErrors, type FormBody } from '@app/web';
import { ProviderPortal, type NoticeDetail, type NoticeView, type Receipt, type SubmissionView } from '../provider-portal.service.js';

const STATUS_NAMES: Record<string, string> = {
  issued: 'Issued',
  awaiting_response: 'Awaiting your answer',
  responded: 'Answered',
  closed: 'Closed',
};

const SUBMISSION_NAMES: Record<string, string> = {
  response: 'Answer',
  representations: 'Representations',
  extension_request: 'Request for more time',
};

const DECISION_NAMES: Record<string, string> = { pending: 'Awaiting a decision', granted: 'Granted', refused: 'Refused' };

/** A refusal of the service as messages beside the fields it names; the rest on `fallback`. */
function errorsOf(error: DomainError, fallback: string, rename: Record<string, string> = {}): FieldErrors {
  const errors: FieldErrors = {};
  for (const e of error.extras.errors ?? []) {
    const field = rename[e.field.replace(/[[.].*$/, '')] ?? e.field.replace(/[[.].*$/, '');
    errors[field] ??= (error.extras.errors ?? []).length === 1 ? error.detail : `${e.field}: ${e.message}`;
  }
  if (Object.keys(errors).length === 0) errors[fallback] = error.detail;
  return errors;
}

const isClientError = (error: unknown): error is DomainError => error instanceof DomainError && error.status < 500 && error.code !== 'NOT_FOUND';

/** A date from the three GOV.UK date-input fields `<name>-day`, `-month`, `-year`. */
function dateFrom(body: FormBody, name: string): { value: string; day: string; month: string; year: string } {
  const day = textField(body, `${name}-day`, { maxLength: 2 });
  const month = textField(body, `${name}-month`, { maxLength: 2 });
  const year = textField(body, `${name}-year`, { maxLength: 4 });
  return { value: `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`, day, month, year };
}

function files(body: FormBody): UploadedFile[] {
  return uploadsFrom(body);
}

/**
 * The provider portal's pages (provider users of the organisation the notices were issued to): the
 * notices, one notice with its deadline and history, the answer, extension and representations forms,
 * and a receipt after each submission.
 */
@ApiExcludeController()
@Controller('provider')
export class ProviderPagesController {
  constructor(
    @Inject(ProviderPortal) private readonly portal: ProviderPortal,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get('notices')
  @Roles('provider')
  async index(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal): Promise<FastifyReply> {
    const page = await this.portal.list(principal, { limit: 200 });
    const items = page.items.map((n) => ({ ...n, statusName: STATUS_NAMES[n.status] }));
    return this.pages.render(request, reply, 'pages/provider/notices', { title: 'Your notices', items });
  }

  @Get('notices/:id')
  @Roles('provider')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const notice = await this.portal.get(principal, id);
    return this.pages.render(request, reply, 'pages/provider/notice', {
      title: notice.title,
      notice,
      statusName: STATUS_NAMES[notice.status],
      submissions: [...notice.responses, ...notice.representations, ...notice.extensionRequests]
        .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
        .map((s) => this.submissionModel(notice, s)),
      backLink: { href: '/provider/notices', text: 'Your notices' },
    });
  }

  @Get('notices/:id/document')
  @Roles('provider')
  async document(@Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const { html, sha256 } = await this.portal.document(principal, id);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-disposition', `attachment; filename="notice-${id}.html"`)
      .header('x-document-sha256', sha256)
      .header('cache-control', 'no-store')
      .send(html);
  }

  @Get('notices/:id/attachments/:attachmentId')
  @Roles('provider')
  async attachment(
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Param('attachmentId', ParseIdPipe) attachmentId: string,
  ): Promise<FastifyReply> {
    const { meta, bytes } = await this.portal.attachment(principal, id, attachmentId);
    const ascii = meta.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    return reply
      .header('content-type', meta.contentType)
      .header('content-disposition', `attachment; filename="${ascii}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(bytes);
  }

  // --- answer --------------------------------------------------------------------------------

  @Get('notices/:id/answer')
  @Roles('provider')
  async answerForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const notice = await this.portal.get(principal, id);
    if (!notice.can.answer) return this.pages.redirect(reply, `/provider/notices/${id}`);
    return this.renderAnswer(request, reply, notice, {}, {});
  }

  @Post('notices/:id/answer')
  @Roles('provider')
  async answer(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const body = request.body as FormBody;
    const notice = await this.portal.get(principal, id);
    const items = this.itemsOf(notice);
    const values: Record<string, string> = { statement: textField(body, 'statement', { maxLength: 20000 }) };
    items.forEach((_, i) => (values[`answer-${i}`] = textField(body, `answer-${i}`, { maxLength: 20000 })));
    const answers = items.map((item, i) => ({ item, answer: values[`answer-${i}`] as string })).filter((a) => a.answer !== '');
    if (answers.length === 0) return this.renderAnswer(request, reply, notice, values, { 'answer-0': 'Enter your answer to at least one requirement' }, 422);
    let receipt: Receipt;
    try {
      receipt = await this.portal.respond(principal, id, { answers, ...(values.statement ? { statement: values.statement } : {}) }, files(body));
    } catch (error) {
      if (!isClientError(error)) throw error;
      return this.renderAnswer(request, reply, notice, values, errorsOf(error, 'attachments', { answers: 'answer-0' }), error.status);
    }
    return this.pages.redirect(reply, `/provider/receipts/${receipt.receiptId}`);
  }

  // --- extension -----------------------------------------------------------------------------

  @Get('notices/:id/extension')
  @Roles('provider')
  async extensionForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const notice = await this.portal.get(principal, id);
    if (!notice.can.requestExtension) return this.pages.redirect(reply, `/provider/notices/${id}`);
    return this.renderExtension(request, reply, notice, {}, {});
  }

  @Post('notices/:id/extension')
  @Roles('provider')
  async extension(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const body = request.body as FormBody;
    const notice = await this.portal.get(principal, id);
    const date = dateFrom(body, 'requestedDueOn');
    const reasons = textField(body, 'reasons', { maxLength: 4000 });
    const values = { day: date.day, month: date.month, year: date.year, reasons };
    const errors: FieldErrors = {};
    if (!isLegalDate(date.value)) errors['requestedDueOn-day'] = 'Enter the date you ask to answer by as a real date, for example 12 6 2027';
    if (reasons === '') errors.reasons = 'Enter why you need more time';
    if (Object.keys(errors).length > 0) return this.renderExtension(request, reply, notice, values, errors, 422);
    let receipt: Receipt;
    try {
      receipt = await this.portal.requestExtension(principal, id, { requestedDueOn: date.value, reasons });
    } catch (error) {
      if (!isClientError(error)) throw error;
      return this.renderExtension(request, reply, notice, values, errorsOf(error, 'requestedDueOn-day', { requestedDueOn: 'requestedDueOn-day' }), error.status);
    }
    return this.pages.redirect(reply, `/provider/receipts/${receipt.receiptId}`);
  }

  // --- representations ----------------------------------------------------------------------

  @Get('notices/:id/representations')
  @Roles('provider')
  async representationsForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const notice = await this.portal.get(principal, id);
    if (!notice.can.makeRepresentations) return this.pages.redirect(reply, `/provider/notices/${id}`);
    return this.renderRepresentations(request, reply, notice, {}, {});
  }

  @Post('notices/:id/representations')
  @Roles('provider')
  async representations(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const body = request.body as FormBody;
    const notice = await this.portal.get(principal, id);
    const summary = textField(body, 'summary', { maxLength: 20000 });
    const oralHearingRequested = textField(body, 'oralHearingRequested') === 'yes';
    const values = { summary, oralHearingRequested };
    if (summary === '') return this.renderRepresentations(request, reply, notice, values, { summary: 'Enter your representations' }, 422);
    let receipt: Receipt;
    try {
      receipt = await this.portal.makeRepresentations(principal, id, { summary, oralHearingRequested }, files(body));
    } catch (error) {
      if (!isClientError(error)) throw error;
      return this.renderRepresentations(request, reply, notice, values, errorsOf(error, 'summary'), error.status);
    }
    return this.pages.redirect(reply, `/provider/receipts/${receipt.receiptId}`);
  }

  // --- receipt -------------------------------------------------------------------------------

  @Get('receipts/:id')
  @Roles('provider')
  async receipt(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const { notice, submission } = await this.portal.receipt(principal, id);
    const kindName = SUBMISSION_NAMES[submission.kind] ?? submission.kind;
    return this.pages.render(request, reply, 'pages/provider/receipt', {
      title: `${kindName} received`,
      kindName,
      notice,
      submission: this.submissionModel(notice, submission),
      backLink: { href: `/provider/notices/${notice.id}`, text: notice.title },
    });
  }

  // --- rendering -----------------------------------------------------------------------------

  private itemsOf(notice: NoticeView): string[] {
    return notice.requestedItems.length > 0 ? notice.requestedItems : ['Your answer'];
  }

  private submissionModel(notice: NoticeView, s: SubmissionView): Record<string, unknown> {
    const content = s.content as { answers?: { item: string; answer: string }[]; statement?: string; summary?: string; oralHearingRequested?: boolean; requestedDueOn?: string; reasons?: string };
    return {
      ...s,
      kindName: SUBMISSION_NAMES[s.kind] ?? s.kind,
      answers: content.answers ?? [],
      statement: content.statement,
      summary: content.summary,
      oralHearingRequested: content.oralHearingRequested,
      requestedDueOn: content.requestedDueOn,
      reasons: content.reasons,
      decisionName: s.decision ? DECISION_NAMES[s.decision.status] : undefined,
      files: s.attachments.map((a) => ({ ...a, href: `/provider/notices/${notice.id}/attachments/${a.id}` })),
    };
  }

  private renderAnswer(request: FastifyRequest, reply: FastifyReply, notice: NoticeDetail, values: Record<string, string>, errors: FieldErrors, status = 200): Promise<FastifyReply> {
    const items = this.itemsOf(notice).map((item, i) => ({ id: `answer-${i}`, label: item, value: values[`answer-${i}`] ?? '', error: errors[`answer-${i}`] }));
    return this.pages.render(
      request,
      reply,
      'pages/provider/answer',
      { title: `Answer: ${notice.title}`, notice, items, values, errors, errorList: errorSummary(errors), backLink: { href: `/provider/notices/${notice.id}`, text: 'Back to the notice' } },
      status,
    );
  }

  private renderExtension(request: FastifyRequest, reply: FastifyReply, notice: NoticeDetail, values: Record<string, string>, errors: FieldErrors, status = 200): Promise<FastifyReply> {
    return this.pages.render(
      request,
      reply,
      'pages/provider/extension',
      { title: `Ask for more time: ${notice.title}`, notice, values, errors, errorList: errorSummary(errors), backLink: { href: `/provider/notices/${notice.id}`, text: 'Back to the notice' } },
      status,
    );
  }

  private renderRepresentations(request: FastifyRequest, reply: FastifyReply, notice: NoticeDetail, values: Record<string, unknown>, errors: FieldErrors, status = 200): Promise<FastifyReply> {
    return this.pages.render(
      request,
      reply,
      'pages/provider/representations',
      {
        title: `Representations: ${notice.title}`,
        notice,
        values,
        errors,
        errorList: errorSummary(errors),
        backLink: { href: `/provider/notices/${notice.id}`, text: 'Back to the notice' },
      },
      status,
    );
  }
}
