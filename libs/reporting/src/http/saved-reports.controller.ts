import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { SavedReports } from '../saved-reports.js';
import { SaveReportBody, SavedReportListView, SavedReportRunView, SavedReportView } from './dto.js';
import { REPORT_ROLES, timelineRequestOf } from './reports.controller.js';

/** Saved enforcement timelines reports: parameters kept under a name, re-run and compared later. */
@ApiTags('reports')
@Controller('api/v1/reports/saved')
export class SavedReportsController {
  constructor(@Inject(SavedReports) private readonly saved: SavedReports) {}

  @Post()
  @HttpCode(201)
  @Roles(...REPORT_ROLES)
  @ApiOperation({ summary: 'Save a report', description: 'Keeps the name and parameters, pinned to asOf (now when not given), and answers with the report and its snapshot hash.' })
  @ApiCreatedResponse({ type: SavedReportRunView })
  async save(@Body() body: SaveReportBody, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<SavedReportRunView> {
    const run = await this.saved.save(principal, body.name, timelineRequestOf(body));
    reply.header('Location', `/api/v1/reports/saved/${run.savedReport.id}`);
    return run as unknown as SavedReportRunView;
  }

  @Get()
  @Roles(...REPORT_ROLES)
  @ApiOkResponse({ type: SavedReportListView, description: 'Saved reports, newest first' })
  async list(): Promise<SavedReportListView> {
    return { items: await this.saved.list() };
  }

  @Get(':id')
  @Roles(...REPORT_ROLES)
  @ApiOkResponse({ type: SavedReportView })
  get(@Param('id', ParseIdPipe) id: string): Promise<SavedReportView> {
    return this.saved.get(id);
  }

  @Get(':id/run')
  @Roles(...REPORT_ROLES)
  @ApiOperation({ summary: 'Run a saved report again', description: 'The same asOf gives the same figures and snapshot hash; sameAsSaved says whether it did.' })
  @ApiOkResponse({ type: SavedReportRunView })
  async run(@Param('id', ParseIdPipe) id: string): Promise<SavedReportRunView> {
    return (await this.saved.run(id)) as unknown as SavedReportRunView;
  }
}
