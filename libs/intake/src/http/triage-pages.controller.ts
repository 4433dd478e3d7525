import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, RequestContext, Roles, type Principal } from '@app/core';
import { ParseIdPipe } from '@app/platform';
import { HARM_CATEGORIES, HARM_LABELS, MAX_SCORE, type HarmCategory } from '@app/triage';
import { errorSummary, Pages, textField, type FieldErrors, type FormBody } from '@app/web';
import { MATTER_ROUTES, Matters, type MatterView } from '../application/matters.js';
import { INTAKE_SOURCES, SOURCE_LABELS, type IntakeSource } from '../domain/sources.js';

const STAFF = ['admin', 'case_officer', 'decision_maker', 'analyst'] as const;
const CASEWORK = ['admin', 'case_officer', 'decision_maker'] as const;
const VIEWS = 'pages/triage';

const ROUTE_LABELS: Record<(typeof MATTER_ROUTES)[number], string> = {
  compliance_remediation: 'Compliance remediation',
  warning_letter: 'Warning letter',
  enforcement_programme: 'Include in an enforcement programme',
  no_action: 'No action',
};

const FACTOR_LABELS: Record<string, string> = {
  harm_severity: 'Severity of harm',
  reach: 'Reach (UK users)',
  children: 'Children likely to be affected',
  volume_recurrence: 'Volume and recurrence',
  strategic_significance: 'Strategic significance',
  evidence_availability: 'Evidence available',
  provider_cooperation: 'Provider cooperation',
  jurisdiction: 'Jurisdiction',
};

function principal(): Principal {
  const p = RequestContext.current()?.principal;
  if (!p) throw new DomainError('AUTHENTICATION_REQUIRED', 'Sign in to use the triage queue.');
  return p;
}

const harmLabel = (h: string): string => HARM_LABELS[h as HarmCategory] ?? h;

/** The triage queue and the matter page for case officers (server-rendered, works without JavaScript). */
@ApiExcludeController()
@Controller('triage')
export class TriagePagesController {
  constructor(
    @Inject(Pages) private readonly pages: Pages,
    @Inject(Matters) private readonly matters: Matters,
  ) {}

  @Get()
  @Roles(...STAFF)
  async queue(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Record<string, string | undefined>): Promise<FastifyReply> {
    const source = INTAKE_SOURCES.includes(query.source as IntakeSource) ? query.source : undefined;
    const harm = (HARM_CATEGORIES as readonly string[]).includes(query.harm ?? '') ? query.harm : undefined;
    const minAge = /^\d{1,5}$/.test(query.minAgeDays ?? '') ? Number(query.minAgeDays) : undefined;
    const cursor = typeof query.cursor === 'string' && query.cursor.length <= 500 ? query.cursor : undefined;
    const page = await this.matters.queue({ sources: source ? [source] : undefined, harms: harm ? [harm] : undefined, minAgeDays: minAge, cursor, limit: 50 });
    const filters = new URLSearchParams(Object.entries({ source, harm, minAgeDays: minAge?.toString() }).filter((e): e is [string, string] => e[1] !== undefined));
    return this.pages.render(request, reply, `${VIEWS}/queue`, {
      items: page.items.map((m) => ({ ...m, harms: m.harmCategories.map(harmLabel).join(', '), sourceNames: m.sources.map((s) => SOURCE_LABELS[s as IntakeSource] ?? s).join(', ') })),
      nextHref: page.nextCursor ? `/triage?${new URLSearchParams([...filters, ['cursor', page.nextCursor]])}` : null,
      sourceOptions: [{ value: '', text: 'Any source', selected: !source }, ...INTAKE_SOURCES.map((s) => ({ value: s, text: SOURCE_LABELS[s], selected: s === source }))],
      harmOptions: [{ value: '', text: 'Any harm', selected: !harm }, ...HARM_CATEGORIES.map((h) => ({ value: h, text: HARM_LABELS[h], selected: h === harm }))],
      minAgeDays: minAge,
    });
  }

  @Get('matters/:id')
  @Roles(...STAFF)
  async matter(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    return this.renderMatter(request, reply, await this.matters.get(id), {});
  }

  @Post('matters/:id/assign')
  @Roles(...CASEWORK)
  async assign(@Res() reply: FastifyReply, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    await this.matters.assign(id, {}, principal());
    return this.pages.redirect(reply, `/triage/matters/${id}`, { heading: 'The matter is assigned to you' });
  }

  @Post('matters/:id/route')
  @Roles(...CASEWORK)
  async route(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseIdPipe) id: string, @Body() body: FormBody): Promise<FastifyReply> {
    const route = textField(body, 'route');
    const outcome = textField(body, 'outcome', { maxLength: 4000 });
    const programme = textField(body, 'programme', { maxLength: 300 });
    const errors: FieldErrors = {};
    if (!(MATTER_ROUTES as readonly string[]).includes(route)) errors.route = 'Select the route the matter takes';
    if (outcome === '') errors.outcome = 'Enter the outcome: what was done and the result';
    if (route === 'enforcement_programme' && programme === '') errors.programme = 'Enter the enforcement programme the matter joins';
    if (Object.keys(errors).length > 0) return this.renderMatter(request, reply, await this.matters.get(id), errors, 422, { route, outcome, programme });
    await this.matters.route(id, { route: route as (typeof MATTER_ROUTES)[number], outcome, programme: programme || undefined }, principal());
    return this.pages.redirect(reply, `/triage/matters/${id}`, { heading: `Route recorded: ${ROUTE_LABELS[route as (typeof MATTER_ROUTES)[number]]}` });
  }

  @Post('matters/:id/override')
  @Roles(...CASEWORK)
  async override(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseIdPipe) id: string, @Body() body: FormBody): Promise<FastifyReply> {
    const raw = textField(body, 'score');
    const reason = textField(body, 'reason', { maxLength: 4000 });
    const errors: FieldErrors = {};
    const score = raw === '' ? null : /^\d{1,4}$/.test(raw) && Number(raw) <= MAX_SCORE ? Number(raw) : undefined;
    if (score === undefined) errors.score = `Enter a whole number from 0 to ${MAX_SCORE}, or leave it empty to remove the override`;
    if (reason === '') errors.reason = 'Enter why the score should be different';
    if (Object.keys(errors).length > 0) return this.renderMatter(request, reply, await this.matters.get(id), errors, 422, { score: raw, reason });
    await this.matters.override(id, { score: score as number | null, reason }, principal());
    return this.pages.redirect(reply, `/triage/matters/${id}`, { heading: score === null ? 'The override is removed' : 'The score is overridden' });
  }

  @Post('matters/:id/open-case')
  @Roles('admin', 'case_officer')
  async openCase(@Res() reply: FastifyReply, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const opened = await this.matters.openCase(id, {}, principal());
    return this.pages.redirect(reply, `/triage/matters/${id}`, { heading: `Case ${opened.case.reference} opened` });
  }

  private renderMatter(request: FastifyRequest, reply: FastifyReply, matter: MatterView, errors: FieldErrors, status = 200, values: Record<string, string> = {}): Promise<FastifyReply> {
    const p = principal();
    const live = matter.status === 'open' || matter.status === 'case_opened';
    return this.pages.render(
      request,
      reply,
      `${VIEWS}/matter`,
      {
        matter,
        pageTitle: `Matter ${matter.reference}`,
        harms: matter.harmCategories.map(harmLabel).join(', '),
        sourceNames: matter.sources.map((s) => SOURCE_LABELS[s as IntakeSource] ?? s).join(', '),
        factors: (matter.triage?.factors ?? []).map((f) => ({ ...f, label: FACTOR_LABELS[f.name] ?? f.name })),
        canAct: live && p.roles.some((r) => (CASEWORK as readonly string[]).includes(r)),
        canRoute: matter.status === 'open' && p.roles.some((r) => (CASEWORK as readonly string[]).includes(r)),
        canOpenCase: matter.status === 'open' && p.roles.some((r) => r === 'admin' || r === 'case_officer'),
        routeItems: MATTER_ROUTES.map((r) => ({ value: r, text: ROUTE_LABELS[r], checked: values.route === r })),
        values,
        errors,
        errorList: errorSummary(errors),
        backLink: { href: '/triage', text: 'Back to the triage queue' },
      },
      status,
    );
  }
}
