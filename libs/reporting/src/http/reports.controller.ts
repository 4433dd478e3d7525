import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@app/core';
import { timelineCsv } from '../csv.js';
import { TimelineReports, type TimelineRequest } from '../timeline-reports.js';
import { TimelineReportQuery, TimelineReportView } from './dto.js';

export const REPORT_ROLES = ['admin', 'case_officer', 'decision_maker', 'analyst'] as const;

export function timelineRequestOf(query: Omit<TimelineReportQuery, 'format'>): TimelineRequest {
  return {
    asOf: query.asOf ? new Date(query.asOf) : undefined,
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    harmCategories: query.harmCategories,
    serviceIds: query.serviceIds,
  };
}

@ApiTags('reports')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(@Inject(TimelineReports) private readonly reports: TimelineReports) {}

  @Get('enforcement-timelines')
  @Roles(...REPORT_ROLES)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: TimelineReportView, description: 'How long each enforcement stage takes, as of a moment' })
  async enforcementTimelines(@Query() query: TimelineReportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<TimelineReportView | string> {
    const report = await this.reports.timelines(timelineRequestOf(query));
    if (query.format === 'csv') {
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="enforcement-timelines-${report.asOf.replace(/[:.]/g, '-')}.csv"`);
      return timelineCsv(report);
    }
    return report as unknown as TimelineReportView;
  }
}
