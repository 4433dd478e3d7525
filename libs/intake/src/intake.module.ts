import { type DynamicModule, Inject, type MiddlewareConsumer, Module, type NestModule, type OnModuleInit, RequestMethod } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { RegistryModule, ServiceRegistry } from '@app/registry';
import { TriageModels, TriageModule } from '@app/triage';
import { RecurringJobs } from '@app/jobs';
import { BulkImport } from './application/bulk-import.js';
import { IntakeRetention, RETENTION_JOB } from './application/retention.js';
import { IntakeQueries } from './application/intake-queries.js';
import { MatterScoring } from './application/matter-scoring.js';
import { Matters } from './application/matters.js';
import { SubmitIntake } from './application/submit-intake.js';
import { IntakeController } from './http/intake.controller.js';
import { ComplaintsPagesController } from './http/complaints-pages.controller.js';
import { MattersController } from './http/matters.controller.js';
import { TriagePagesController } from './http/triage-pages.controller.js';
import { IntakeRequestInterceptor, IntakeThrottle, RefuseMediaUploadMiddleware } from './http/intake-guards.js';
import { CasesAdapter } from './infrastructure/cases.adapter.js';
import { ComplaintDrafts } from './infrastructure/complaint-drafts.js';
import { IntakeRepository } from './infrastructure/intake.repository.js';
import { INTAKE_CONFIG, loadIntakeConfig, type IntakeConfig } from './intake-config.js';
import { CASES_PORT } from './ports.js';

/** Intake from the seven sources, matters, dedupe, triage queue and retention. Import forHttp() or forWorker(). */
@Module({
  imports: [RegistryModule, TriageModule, CasesModule],
  providers: [
    { provide: INTAKE_CONFIG, useFactory: () => loadIntakeConfig() },
    { provide: CASES_PORT, useClass: CasesAdapter },
    IntakeRepository,
    ComplaintDrafts,
    MatterScoring,
    SubmitIntake,
    BulkImport,
    IntakeRetention,
    IntakeQueries,
    Matters,
    IntakeThrottle,
    IntakeRequestInterceptor,
  ],
  exports: [SubmitIntake, IntakeQueries, Matters, BulkImport, IntakeRetention],
})
export class IntakeModule implements NestModule, OnModuleInit {
  constructor(
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(TriageModels) private readonly models: TriageModels,
    @Inject(Matters) private readonly matters: Matters,
    @Inject(RecurringJobs) private readonly jobs: RecurringJobs,
    @Inject(IntakeRetention) private readonly retention: IntakeRetention,
    @Inject(INTAKE_CONFIG) private readonly config: IntakeConfig,
  ) {}

  /** The HTTP application: the intake API, matters and the triage queue (API and pages), and the public complaints form (needs WebModule). */
  static forHttp(): DynamicModule {
    return { module: IntakeModule, controllers: [IntakeController, MattersController, ComplaintsPagesController, TriagePagesController] };
  }

  /** Worker processes and the command line: bulk import and the retention job, no HTTP. */
  static forWorker(): DynamicModule {
    return { module: IntakeModule };
  }

  onModuleInit(): void {
    this.registry.onDomainLinked((tx, event) => this.matters.followDomainLink(tx, event));
    this.models.onActivated(async (version) => void (await this.matters.rescoreAllLive(`model_activated:${version}`)));
    this.jobs.register(RETENTION_JOB, this.config.retentionEverySeconds, () => this.retention.run());
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RefuseMediaUploadMiddleware).forRoutes({ path: 'api/v1/intake', method: RequestMethod.POST }, { path: 'complaints/*path', method: RequestMethod.POST });
  }
}
