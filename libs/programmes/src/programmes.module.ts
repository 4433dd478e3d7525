import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { DemoModule } from '@app/demo';
import { RecurringJobs } from '@app/jobs';
import { ProviderNotices, ProviderPortalModule } from '@app/provider-portal';
import { RegistryModule } from '@app/registry';
import { BulkActionProcessor, BULK_ACTIONS_JOB } from './bulk-action-processor.js';
import { BulkActions } from './bulk-actions.js';
import { ProgrammePagesController } from './http/programme-pages.controller.js';
import { ProgrammesController } from './http/programmes.controller.js';
import { OpenInvestigationFromProgramme } from './open-investigation.js';
import { ProgrammeRepository } from './programme.repository.js';
import { ProgrammeDemoSeeder } from './programme-demo-seeder.js';
import { ProgrammeService } from './programme.service.js';

/** How often the worker looks for confirmed bulk actions to send (seconds). */
export const bulkActionsEverySeconds = (): number => {
  const value = Number(process.env.PROGRAMME_BULK_EVERY_SECONDS ?? 1);
  return Number.isFinite(value) && value > 0 ? value : 1;
};

/**
 * Enforcement programmes: many services reviewed together, bulk notices and reminders sent by the
 * worker, and investigations opened from a programme. Import forHttp() (API and pages) or forWorker().
 */
@Module({
  imports: [RegistryModule, CasesModule, ProviderPortalModule],
  providers: [ProgrammeRepository, ProgrammeService, BulkActions, BulkActionProcessor, OpenInvestigationFromProgramme],
  exports: [ProgrammeService, BulkActions, BulkActionProcessor, OpenInvestigationFromProgramme],
})
export class ProgrammesModule implements OnModuleInit {
  constructor(
    @Inject(RecurringJobs) private readonly jobs: RecurringJobs,
    @Inject(BulkActionProcessor) private readonly processor: BulkActionProcessor,
    @Inject(ProviderNotices) private readonly notices: ProviderNotices,
  ) {}

  static forHttp(): DynamicModule {
    // The HTTP application also seeds the demo programme (after the demo cases).
    return { module: ProgrammesModule, imports: [DemoModule], controllers: [ProgrammesController, ProgrammePagesController], providers: [ProgrammeDemoSeeder] };
  }

  static forWorker(): DynamicModule {
    return { module: ProgrammesModule };
  }

  onModuleInit(): void {
    this.jobs.register(BULK_ACTIONS_JOB, bulkActionsEverySeconds(), () => this.processor.drain());
    // A provider's answer to a programme notice meets the notice's response deadline.
    this.notices.onResponse((manager, event) => this.processor.noticeAnswered(manager, event), 'programme');
  }
}
