import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CasesModule, CreateCase, FireTransition } from '@app/cases';
import { RecurringJobs } from '@app/jobs';
import { ReportPagesController } from './http/report-pages.controller.js';
import { ReportsController } from './http/reports.controller.js';
import { SavedReportsController } from './http/saved-reports.controller.js';
import { SavedReports } from './saved-reports.js';
import { StageSpans } from './stage-spans.js';
import { TimelineCheckpoints } from './timeline-checkpoints.js';
import { TimelineReadModel } from './timeline-read-model.js';
import { REPORTING_SETTINGS, TimelineReports, reportingSettingsFromEnv } from './timeline-reports.js';
import { WorkingDayOrdinals } from './working-day-ordinals.js';

/** The reports themselves, without HTTP: for the API, the pages and the command line. Needs PlatformModule. */
@Module({
  providers: [{ provide: REPORTING_SETTINGS, useFactory: () => reportingSettingsFromEnv() }, TimelineReadModel, TimelineReports, StageSpans, TimelineCheckpoints],
  exports: [TimelineReports, TimelineReadModel, StageSpans, TimelineCheckpoints],
})
export class ReportingCoreModule {}

/** Name of the recurring job that keeps the timeline checkpoints (hourly). */
export const TIMELINE_CHECKPOINTS_JOB = 'reporting.timeline-checkpoints';

function registerCheckpointJob(jobs: RecurringJobs, checkpoints: TimelineCheckpoints): void {
  jobs.register(TIMELINE_CHECKPOINTS_JOB, 3600, async () => {
    await checkpoints.maintain();
  });
}

/** Reporting in worker processes: keeps the timeline checkpoints. Needs PlatformModule and JobsModule. */
@Module({ imports: [ReportingCoreModule] })
export class ReportingWorkerModule implements OnModuleInit {
  constructor(
    @Inject(RecurringJobs) private readonly jobs: RecurringJobs,
    @Inject(TimelineCheckpoints) private readonly checkpoints: TimelineCheckpoints,
  ) {}

  onModuleInit(): void {
    registerCheckpointJob(this.jobs, this.checkpoints);
  }
}

/**
 * Reporting over HTTP: enforcement timelines from a projection of the audit trail, and saved reports.
 * Keeps the stage summary in step with every case opened and every case event, in their transactions
 * (cases are opened and moved only by the API process).
 */
@Module({
  imports: [ReportingCoreModule, CasesModule],
  providers: [SavedReports, WorkingDayOrdinals],
  exports: [SavedReports],
  controllers: [ReportsController, SavedReportsController, ReportPagesController],
})
export class ReportingModule implements OnModuleInit {
  constructor(
    @Inject(CreateCase) private readonly createCase: CreateCase,
    @Inject(FireTransition) private readonly fireTransition: FireTransition,
    @Inject(StageSpans) private readonly spans: StageSpans,
    @Inject(WorkingDayOrdinals) private readonly workingDayOrdinals: WorkingDayOrdinals,
    @Inject(RecurringJobs) private readonly jobs: RecurringJobs,
    @Inject(TimelineCheckpoints) private readonly checkpoints: TimelineCheckpoints,
  ) {}

  async onModuleInit(): Promise<void> {
    // Registered here too, as every job is, so the API process can run it on demand (runNow).
    registerCheckpointJob(this.jobs, this.checkpoints);
    this.createCase.onCreated((manager, created) => this.spans.caseCreated(manager, created.record.id));
    this.fireTransition.onTransition((manager, fired) => this.spans.caseEvent(manager, fired.record.id, fired.event, fired.data));
    // The spans' stored working days follow the bank-holiday calendar of the running build.
    await this.workingDayOrdinals.synchronise();
  }
}
