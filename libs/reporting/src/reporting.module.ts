import { Module } from '@nestjs/common';
import { ReportPagesController } from './http/report-pages.controller.js';
import { ReportsController } from './http/reports.controller.js';
import { TimelineReadModel } from './timeline-read-model.js';
import { REPORTING_SETTINGS, TimelineReports, reportingSettingsFromEnv } from './timeline-reports.js';

/** The reports themselves, without HTTP: for the API, the pages and the command line. Needs PlatformModule. */
@Module({
  providers: [{ provide: REPORTING_SETTINGS, useFactory: () => reportingSettingsFromEnv() }, TimelineReadModel, TimelineReports],
  exports: [TimelineReports, TimelineReadModel],
})
export class ReportingCoreModule {}

/** Reporting: enforcement timelines from a read-only projection of the audit trail, over HTTP. */
@Module({
  imports: [ReportingCoreModule],
  controllers: [ReportsController, ReportPagesController],
})
export class ReportingModule {}
