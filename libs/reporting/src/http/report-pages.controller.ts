import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, Roles, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { Pages, errorSummary, textField, type FieldErrors, type FormBody } from '@app/web';
import { committeePackModel, committeePackStyleHash, queryString, savedReportsModel, subjectOf, timelinePageModel } from '../presentation/timeline-pages.js';
import { SavedReports } from '../saved-reports.js';
import type { TimelineParameters } from '../timeline-report.js';
import { TimelineReports, type TimelineRequest } from '../timeline-reports.js';
import { SaveReportBody, TimelineReportQuery } from './dto.js';
import { REPORT_ROLES, timelineRequestOf } from './reports.controller.js';

/** The report's own parameters (asOf pinned), carried by the save form. */
function hiddenParameters(p: TimelineParameters): { name: string; value: string }[] {
  return [
    { name: 'asOf', value: p.asOf },
    { name: 'from', value: p.from ?? '' },
    { name: 'to', value: p.to ?? '' },
    { name: 'groupBy', value: p.groupBy ?? '' },
    { name: 'harmCategories', value: p.harmCategories.join(',') },
    { name: 'serviceIds', value: p.serviceIds.join(',') },
  ].filter((f) => f.value !== '');
}

const SAVE_FIELDS = ['name', 'asOf', 'from', 'to', 'groupBy', 'harmCategories', 'serviceIds'] as const;

/** The analyst's timelines page (with saved reports) and the printable committee pack (charts drawn on the server as SVG; no script). */
@ApiExcludeController()
@Controller('reports/enforcement-timelines')
export class ReportPagesController {
  constructor(
    @Inject(TimelineReports) private readonly reports: TimelineReports,
    @Inject(SavedReports) private readonly saved: SavedReports,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  @Roles(...REPORT_ROLES)
  async show(@Query() query: TimelineReportQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.renderPage(request, reply, timelineRequestOf(query), '', {});
  }

  /** Saves the parameters of the report on the page (pinned to its asOf) under a name. */
  @Post('saved')
  @Roles(...REPORT_ROLES)
  async save(@Body() body: FormBody, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const plain = Object.fromEntries(SAVE_FIELDS.filter((f) => typeof body?.[f] === 'string').map((f) => [f, body?.[f]]));
    const dto = plainToInstance(SaveReportBody, plain);
    const problems = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    const errors: FieldErrors = {};
    const nameProblem = problems.find((p) => p.property === 'name');
    const parameterProblem = problems.find((p) => p.property !== 'name');
    if (nameProblem) errors.name = 'Enter a name for the report, up to 200 characters';
    else if (parameterProblem) errors.name = `The report's ${parameterProblem.property} is not valid: update the report with the filters above, then save it`;
    const timelineRequest: TimelineRequest = parameterProblem ? {} : timelineRequestOf(dto);
    if (Object.keys(errors).length > 0) return this.renderPage(request, reply, timelineRequest, textField(body, 'name', { maxLength: 200 }), errors, 422);
    try {
      const run = await this.saved.save(principal, dto.name, timelineRequest);
      return this.pages.redirect(reply, `/reports/enforcement-timelines${queryString({ ...timelineRequest, asOf: new Date(run.report.asOf) })}#saved-reports`, {
        heading: `Report saved: ${run.savedReport.name}`,
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500) throw error;
      return this.renderPage(request, reply, {}, dto.name, { name: error.detail }, error.status);
    }
  }

  /** Defaults to intimate image abuse (NCII): the committee's question. `harmCategories=` chooses others. */
  @Get('committee-pack')
  @Roles(...REPORT_ROLES)
  async committeePack(@Query() query: TimelineReportQuery, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const timelineRequest = timelineRequestOf(query);
    if (timelineRequest.harmCategories === undefined) timelineRequest.harmCategories = ['ncii'];
    const dashboard = await this.reports.dashboard(timelineRequest);
    const html = await reply.viewAsync('pages/reports/committee-pack.hbs', committeePackModel(dashboard, timelineRequest, subjectOf(timelineRequest.harmCategories)));
    return reply
      .header('Content-Security-Policy', `default-src 'none'; style-src ${committeePackStyleHash}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`)
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  }

  private async renderPage(request: FastifyRequest, reply: FastifyReply, timelineRequest: TimelineRequest, name: string, errors: FieldErrors, status = 200): Promise<FastifyReply> {
    const dashboard = await this.reports.dashboard(timelineRequest);
    const saved = savedReportsModel(await this.saved.list());
    return this.pages.render(
      request,
      reply,
      'pages/reports/timelines',
      { ...timelinePageModel(dashboard, timelineRequest), saved, saveForm: { name, error: errors.name ?? null, hidden: hiddenParameters(dashboard.report.parameters) }, errorList: errorSummary(errors) },
      status,
    );
  }
}
