import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '@app/core';
import { Pages } from '@app/web';
import { committeePackModel, committeePackStyleHash, subjectOf, timelinePageModel } from '../presentation/timeline-pages.js';
import { TimelineReports } from '../timeline-reports.js';
import { TimelineReportQuery } from './dto.js';
import { REPORT_ROLES, timelineRequestOf } from './reports.controller.js';

/** The analyst's timelines page and the printable committee pack (charts drawn on the server as SVG; no script). */
@ApiExcludeController()
@Controller('reports/enforcement-timelines')
export class ReportPagesController {
  constructor(
    @Inject(TimelineReports) private readonly reports: TimelineReports,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  @Roles(...REPORT_ROLES)
  async show(@Query() query: TimelineReportQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const timelineRequest = timelineRequestOf(query);
    const dashboard = await this.reports.dashboard(timelineRequest);
    return this.pages.render(request, reply, 'pages/reports/timelines', timelinePageModel(dashboard, timelineRequest));
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
}
