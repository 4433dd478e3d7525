import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, HARM_CATEGORIES, HARM_LABELS, Roles, hasRole, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { Pages, errorSummary, listField, textField, type FieldErrors, type FormBody } from '@app/web';
import { BulkActions, type BulkActionInput } from '../bulk-actions.js';
import { OpenInvestigationFromProgramme } from '../open-investigation.js';
import { ProgrammeService } from '../programme.service.js';
import { BULK_ACTION_LABELS, PROGRAMME_SERVICE_STATUSES, PROGRAMME_SERVICE_STATUS_LABELS, isProgrammeServiceStatus, type BulkActionKind, type ProgrammeServiceStatus, type ProgrammeStatus } from '../domain/vocabulary.js';
import { PROGRAMME_READERS, PROGRAMME_WRITERS } from './programmes.controller.js';
import { paginationLinks } from '../domain/programme-rules.js';

const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The notice template as the form posts it (requirements one per line, reasons one paragraph per line). */
function noticeFrom(body: FormBody): { values: Record<string, string>; input?: BulkActionInput; errors: FieldErrors } {
  const values = {
    title: textField(body, 'title', { maxLength: 300 }),
    requirements: textField(body, 'requirements', { maxLength: 20000 }),
    reasons: textField(body, 'reasons', { maxLength: 20000 }),
    responseForm: textField(body, 'responseForm', { maxLength: 4000 }),
    responseWorkingDays: textField(body, 'responseWorkingDays', { maxLength: 3 }),
  };
  const errors: FieldErrors = {};
  if (values.title.length < 3) errors.title = 'Enter the title providers will see, for example "Information notice: age assurance"';
  if (lines(values.requirements).length === 0) errors.requirements = 'Enter what each provider must give you, one requirement per line';
  if (lines(values.reasons).length === 0) errors.reasons = 'Enter why you require the information';
  if (values.responseForm === '') errors.responseForm = 'Enter the form the response must take';
  const days = Number(values.responseWorkingDays);
  if (!Number.isInteger(days) || days < 7 || days > 60) errors.responseWorkingDays = 'Enter a number of working days from 7 to 60';
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    input: {
      kind: 'information_notice',
      notice: {
        title: values.title,
        requirements: lines(values.requirements).map((item) => ({ item: item.slice(0, 1000) })).slice(0, 50),
        reasons: lines(values.reasons).slice(0, 20),
        responseForm: values.responseForm,
        responseWorkingDays: days,
      },
    },
  };
}

/**
 * The body of a rendered notice, to show inside a page: its headings moved down two levels so the
 * page keeps one h1. The renderer has already escaped every value in it.
 */
export function noticeBody(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return body
    .replace(/<(\/?)h2\b/gi, '<$1h4')
    .replace(/<(\/?)h1\b/gi, '<$1h3')
    .replace(/<style>[\s\S]*?<\/style>/gi, '');
}

/** Services listed per page on the programme page. */
export const SERVICES_PER_PAGE = 50;

function kindOf(value: string): BulkActionKind {
  return value === 'chase_overdue' ? 'chase_overdue' : 'information_notice';
}

/** The officer's programme pages: list, create, the programme's dashboard, adding services, bulk actions and investigations. */
@ApiExcludeController()
@Controller('programmes')
export class ProgrammePagesController {
  constructor(
    @Inject(ProgrammeService) private readonly programmes: ProgrammeService,
    @Inject(BulkActions) private readonly actions: BulkActions,
    @Inject(OpenInvestigationFromProgramme) private readonly investigations: OpenInvestigationFromProgramme,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  @Roles(...PROGRAMME_READERS)
  async index(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal): Promise<FastifyReply> {
    const page = await this.programmes.list({ limit: 200 });
    return this.pages.render(request, reply, 'pages/programmes/index', { title: 'Enforcement programmes', items: page.items, canWrite: hasRole(principal, ...PROGRAMME_WRITERS) });
  }

  @Get('new')
  @Roles(...PROGRAMME_WRITERS)
  async newForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.renderNew(request, reply, { title: '', description: '', serviceKinds: '', harmCategories: [] }, {});
  }

  @Post('new')
  @Roles(...PROGRAMME_WRITERS)
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Body() body: FormBody): Promise<FastifyReply> {
    const values = {
      title: textField(body, 'title', { maxLength: 300 }),
      description: textField(body, 'description', { maxLength: 8000 }),
      serviceKinds: textField(body, 'serviceKinds', { maxLength: 2000 }),
      harmCategories: listField(body, 'harmCategories').filter((h) => (HARM_CATEGORIES as readonly string[]).includes(h)),
    };
    const errors: FieldErrors = {};
    if (values.title.length < 3) errors.title = 'Enter a title of at least 3 characters';
    if (values.description === '') errors.description = 'Describe the scope of the programme';
    if (values.harmCategories.length === 0) errors.harmCategories = 'Select at least one harm the programme looks at';
    if (Object.keys(errors).length > 0) return this.renderNew(request, reply, values, errors, 422);
    const programme = await this.programmes.create(principal, values);
    return this.pages.redirect(reply, `/programmes/${programme.id}`, { heading: `Programme ${programme.reference} created`, body: 'Add the services it covers.' });
  }

  @Get(':id')
  @Roles(...PROGRAMME_READERS)
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Query() query: FormBody): Promise<FastifyReply> {
    const status = textField(query, 'status');
    const page = Number(textField(query, 'page', { maxLength: 7 }) || '1');
    return this.renderShow(request, reply, principal, id, { status: isProgrammeServiceStatus(status) ? status : undefined, page: Number.isInteger(page) && page >= 1 ? page : 1 }, {});
  }

  @Post(':id/close')
  @Roles(...PROGRAMME_WRITERS)
  async close(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: FormBody): Promise<FastifyReply> {
    return this.changeStatus(request, reply, principal, id, body, 'closed');
  }

  @Post(':id/reopen')
  @Roles(...PROGRAMME_WRITERS)
  async reopen(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: FormBody): Promise<FastifyReply> {
    return this.changeStatus(request, reply, principal, id, body, 'open');
  }

  private async changeStatus(request: FastifyRequest, reply: FastifyReply, principal: Principal, id: string, body: FormBody, status: ProgrammeStatus): Promise<FastifyReply> {
    const field = status === 'closed' ? 'closeReason' : 'reopenReason';
    const reason = textField(body, field, { maxLength: 2000 });
    if (reason === '') {
      return this.renderShow(request, reply, principal, id, { page: 1 }, { [field]: status === 'closed' ? 'Enter why the programme is closed' : 'Enter why the programme is reopened' }, 422);
    }
    try {
      const programme = status === 'closed' ? await this.programmes.close(principal, id, reason) : await this.programmes.reopen(principal, id, reason);
      return this.pages.redirect(
        reply,
        `/programmes/${id}`,
        status === 'closed'
          ? { heading: `Programme ${programme.reference} closed`, body: 'It stays readable. Reopen it to add services, record findings or send anything again.' }
          : { heading: `Programme ${programme.reference} reopened`, body: 'Services, findings and bulk actions can change again.' },
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500 || error.code === 'NOT_FOUND') throw error;
      return this.renderShow(request, reply, principal, id, { page: 1 }, { [field]: error.detail }, error.status);
    }
  }

  @Get(':id/services/add')
  @Roles(...PROGRAMME_WRITERS)
  async addForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseIdPipe) id: string, @Query('q') q?: string): Promise<FastifyReply> {
    return this.renderAdd(request, reply, id, typeof q === 'string' ? q.trim().slice(0, 200) : '', {});
  }

  @Post(':id/services/add')
  @Roles(...PROGRAMME_WRITERS)
  async add(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: FormBody): Promise<FastifyReply> {
    const serviceIds = listField(body, 'serviceIds').filter((s) => /^[0-9a-f-]{36}$/i.test(s));
    const list = textField(body, 'list', { maxLength: 500_000 });
    if (serviceIds.length === 0 && list === '') {
      return this.renderAdd(request, reply, id, textField(body, 'q', { maxLength: 200 }), { list: 'Select services from the search results, or paste a list of service ids or web addresses' }, 422);
    }
    let result;
    try {
      result = await this.programmes.addServices(principal, id, { serviceIds, list });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'PROGRAMME_CLOSED') throw error;
      return this.pages.redirect(reply, `/programmes/${id}`, { heading: 'Nothing was added', body: error.detail });
    }
    const rejected = result.rejected.length > 0 ? ` Not added: ${result.rejected.map((r) => `${r.value} (${r.reason})`).slice(0, 10).join('; ')}.` : '';
    return this.pages.redirect(reply, `/programmes/${id}`, {
      heading: `${result.added.length} ${result.added.length === 1 ? 'service' : 'services'} added`,
      body: `${result.alreadyInProgramme.length} already in the programme.${rejected}`,
    });
  }

  @Get(':id/services/:serviceId')
  @Roles(...PROGRAMME_READERS)
  async service(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Param('serviceId', ParseIdPipe) serviceId: string,
  ): Promise<FastifyReply> {
    return this.renderService(request, reply, principal, id, serviceId, {});
  }

  @Post(':id/services/:serviceId/status')
  @Roles(...PROGRAMME_WRITERS)
  async setStatus(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Param('serviceId', ParseIdPipe) serviceId: string,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const status = textField(body, 'status');
    const reason = textField(body, 'reason', { maxLength: 4000 });
    const errors: FieldErrors = {};
    if (!isProgrammeServiceStatus(status)) errors.status = 'Select the new status';
    if (reason === '') errors.reason = 'Enter what you found';
    if (Object.keys(errors).length === 0 && isProgrammeServiceStatus(status)) {
      try {
        await this.programmes.setServiceStatus(principal, id, serviceId, status, reason);
        return this.pages.redirect(reply, `/programmes/${id}/services/${serviceId}`, { heading: 'Status recorded' });
      } catch (error) {
        if (!(error instanceof DomainError) || error.status >= 500 || error.code === 'NOT_FOUND') throw error;
        errors.status = error.detail;
      }
    }
    return this.renderService(request, reply, principal, id, serviceId, errors, 422);
  }

  @Post(':id/investigations')
  @Roles('case_officer')
  async openInvestigation(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: FormBody): Promise<FastifyReply> {
    const serviceId = textField(body, 'serviceId');
    const summary = textField(body, 'summary', { maxLength: 2000 });
    if (!/^[0-9a-f-]{36}$/i.test(serviceId)) return this.pages.redirect(reply, `/programmes/${id}`);
    if (summary === '') return this.renderService(request, reply, principal, id, serviceId, { summary: 'Enter why the investigation is opened' }, 422);
    try {
      const opened = await this.investigations.execute(principal, id, { serviceId, summary });
      return this.pages.redirect(reply, `/cases/${opened.caseId}`, { heading: `Investigation ${opened.reference} opened`, body: 'The programme’s notices and answers are recorded in its opening event.' });
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500 || error.code === 'NOT_FOUND') throw error;
      return this.renderService(request, reply, principal, id, serviceId, { summary: error.detail }, error.status);
    }
  }

  @Get(':id/actions/new')
  @Roles(...PROGRAMME_WRITERS)
  async actionForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Query('kind') kind?: string): Promise<FastifyReply> {
    const k = kindOf(kind ?? '');
    if (k === 'chase_overdue') return this.renderPreview(request, reply, principal, id, { kind: 'chase_overdue' }, {}, {});
    return this.renderActionForm(request, reply, id, { title: '', requirements: '', reasons: '', responseForm: 'Give your response in writing through the provider portal, answering each requirement under its number.', responseWorkingDays: '10' }, {});
  }

  @Post(':id/actions/preview')
  @Roles(...PROGRAMME_WRITERS)
  async preview(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: FormBody): Promise<FastifyReply> {
    if (kindOf(textField(body, 'kind')) === 'chase_overdue') return this.renderPreview(request, reply, principal, id, { kind: 'chase_overdue' }, {}, {});
    const parsed = noticeFrom(body);
    if (!parsed.input) return this.renderActionForm(request, reply, id, parsed.values, parsed.errors, 422);
    return this.renderPreview(request, reply, principal, id, parsed.input, parsed.values, {});
  }

  @Post(':id/actions')
  @Roles(...PROGRAMME_WRITERS)
  async confirm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: FormBody): Promise<FastifyReply> {
    let input: BulkActionInput = { kind: 'chase_overdue' };
    if (kindOf(textField(body, 'kind')) === 'information_notice') {
      const parsed = noticeFrom(body);
      if (!parsed.input) return this.renderActionForm(request, reply, id, parsed.values, parsed.errors, 422);
      input = parsed.input;
    }
    const confirmationKey = textField(body, 'confirmationKey');
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(confirmationKey)) input = { ...input, confirmationKey };
    try {
      const action = await this.actions.create(principal, id, input);
      return this.pages.redirect(reply, `/programmes/${id}/actions/${action.id}`, { heading: 'Bulk action confirmed', body: 'It is being sent now; this page shows its progress.' });
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500 || error.code === 'NOT_FOUND') throw error;
      return this.pages.redirect(reply, `/programmes/${id}`, { heading: 'Nothing was sent', body: error.detail });
    }
  }

  @Get(':id/actions/:actionId')
  @Roles(...PROGRAMME_READERS)
  async progress(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseIdPipe) id: string, @Param('actionId', ParseIdPipe) actionId: string): Promise<FastifyReply> {
    const programme = await this.programmes.get(id);
    const progress = await this.actions.progress(id, actionId);
    const items = await this.actions.items(id, actionId);
    const processed = progress.done + progress.failed + progress.skipped;
    return this.pages.render(request, reply, 'pages/programmes/action', {
      title: `${progress.label}: progress`,
      programme,
      progress,
      processed,
      percent: progress.total === 0 ? 100 : Math.round((processed / progress.total) * 100),
      running: progress.status !== 'completed',
      problems: items.filter((i) => i.status === 'failed' || i.status === 'skipped').slice(0, 200),
      backLink: { href: `/programmes/${id}`, text: `Back to ${programme.reference}` },
    });
  }

  // --- rendering ---------------------------------------------------------------------------

  private renderNew(request: FastifyRequest, reply: FastifyReply, values: { title: string; description: string; serviceKinds: string; harmCategories: string[] }, errors: FieldErrors, status = 200): Promise<FastifyReply> {
    return this.pages.render(
      request,
      reply,
      'pages/programmes/new',
      {
        title: 'Create a programme',
        values,
        errors,
        errorList: errorSummary(errors),
        harms: HARM_CATEGORIES.map((h) => ({ value: h, text: HARM_LABELS[h], checked: values.harmCategories.includes(h) })),
        backLink: { href: '/programmes', text: 'All programmes' },
      },
      status,
    );
  }

  private async renderShow(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    id: string,
    view: { status?: ProgrammeServiceStatus; page: number },
    errors: FieldErrors,
    status = 200,
  ): Promise<FastifyReply> {
    const programme = await this.programmes.get(id);
    const [dashboard, actions, statusChange] = await Promise.all([this.programmes.dashboard(id), this.actions.list(id), this.programmes.lastStatusChange(id)]);
    // The counts come from SQL (dashboard): the page never loads more than one page of services.
    const total = view.status ? dashboard.byStatus[view.status] : dashboard.services;
    const pageCount = Math.max(1, Math.ceil(total / SERVICES_PER_PAGE));
    const current = Math.min(view.page, pageCount);
    const services = total === 0 ? [] : await this.programmes.servicesAtPage(id, { ...(view.status ? { status: view.status } : {}), page: current, size: SERVICES_PER_PAGE });
    const href = (n: number): string => `/programmes/${id}?${new URLSearchParams({ ...(view.status ? { status: view.status } : {}), page: String(n) }).toString()}#services`;
    const isWriter = hasRole(principal, ...PROGRAMME_WRITERS);
    const first = (current - 1) * SERVICES_PER_PAGE + 1;
    return this.pages.render(
      request,
      reply,
      'pages/programmes/show',
      {
        title: `${programme.reference}: ${programme.title}`,
        programme: { ...programme, harmLabels: programme.harmCategories.map((h) => HARM_LABELS[h as keyof typeof HARM_LABELS] ?? h) },
        statusRows: PROGRAMME_SERVICE_STATUSES.map((s) => ({ label: PROGRAMME_SERVICE_STATUS_LABELS[s], count: dashboard.byStatus[s] })),
        dashboard,
        services,
        servicesShown: total === 0 ? null : { from: first, to: first + services.length - 1, of: total },
        filter: {
          status: view.status ?? '',
          items: [{ value: '', text: 'Any status', selected: !view.status }].concat(PROGRAMME_SERVICE_STATUSES.map((s) => ({ value: s, text: `${PROGRAMME_SERVICE_STATUS_LABELS[s]} (${dashboard.byStatus[s]})`, selected: s === view.status }))),
        },
        pagination: pageCount > 1 ? paginationLinks(current, pageCount, href) : null,
        actions,
        statusChange,
        canWrite: isWriter && programme.status === 'open',
        canClose: isWriter && programme.status === 'open',
        canReopen: isWriter && programme.status === 'closed',
        errors,
        errorList: errorSummary(errors),
        backLink: { href: '/programmes', text: 'All programmes' },
      },
      status,
    );
  }

  private async renderAdd(request: FastifyRequest, reply: FastifyReply, id: string, q: string, errors: FieldErrors, status = 200): Promise<FastifyReply> {
    const programme = await this.programmes.get(id);
    const results = q ? await this.programmes.search(id, q) : [];
    return this.pages.render(
      request,
      reply,
      'pages/programmes/add-services',
      {
        title: `Add services to ${programme.reference}`,
        programme,
        q,
        searched: q !== '',
        results: results.map((r) => ({ value: r.serviceId, text: `${r.name}${r.domains.length ? ` (${r.domains.slice(0, 3).join(', ')})` : ''}`, hint: r.inProgramme ? 'Already in the programme' : (r.providerName ?? 'No provider recorded'), disabled: r.inProgramme })),
        errors,
        errorList: errorSummary(errors),
        backLink: { href: `/programmes/${id}`, text: `Back to ${programme.reference}` },
      },
      status,
    );
  }

  private async renderService(request: FastifyRequest, reply: FastifyReply, principal: Principal, id: string, serviceId: string, errors: FieldErrors, status = 200): Promise<FastifyReply> {
    const programme = await this.programmes.get(id);
    const service = await this.programmes.service(id, serviceId);
    const evidence = await this.investigations.evidence(id, serviceId);
    return this.pages.render(
      request,
      reply,
      'pages/programmes/service',
      {
        title: `${service.name} in ${programme.reference}`,
        programme,
        service,
        evidence,
        statuses: PROGRAMME_SERVICE_STATUSES.filter((s) => s !== 'referred_to_investigation' && s !== service.status).map((s) => ({ value: s, text: PROGRAMME_SERVICE_STATUS_LABELS[s] })),
        canWrite: hasRole(principal, ...PROGRAMME_WRITERS) && programme.status === 'open',
        canInvestigate: hasRole(principal, 'case_officer') && !service.caseId,
        errors,
        errorList: errorSummary(errors),
        backLink: { href: `/programmes/${id}`, text: `Back to ${programme.reference}` },
      },
      status,
    );
  }

  private async renderActionForm(request: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, string>, errors: FieldErrors, status = 200): Promise<FastifyReply> {
    const programme = await this.programmes.get(id);
    return this.pages.render(
      request,
      reply,
      'pages/programmes/action-form',
      { title: `Information notice to every provider in ${programme.reference}`, programme, values, errors, errorList: errorSummary(errors), backLink: { href: `/programmes/${id}`, text: `Back to ${programme.reference}` } },
      status,
    );
  }

  private async renderPreview(request: FastifyRequest, reply: FastifyReply, principal: Principal, id: string, input: BulkActionInput, values: Record<string, string>, errors: FieldErrors): Promise<FastifyReply> {
    const programme = await this.programmes.get(id);
    const preview = await this.actions.preview(principal, id, input);
    return this.pages.render(request, reply, 'pages/programmes/preview', {
      title: `Check before sending: ${BULK_ACTION_LABELS[input.kind]}`,
      programme,
      preview,
      kind: input.kind,
      values,
      errors,
      sampleBody: preview.sample ? noticeBody(preview.sample.html) : null,
      backLink: { href: input.kind === 'information_notice' ? `/programmes/${id}/actions/new` : `/programmes/${id}`, text: 'Back' },
    });
  }
}
