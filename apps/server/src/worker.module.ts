import { type DynamicModule, Module } from '@nestjs/common';
import { AttachmentsModule } from '@app/attachments';
import { AuditModule } from '@app/audit';
import { DeadlinesModule } from '@app/deadlines';
import { DocumentsModule } from '@app/documents';
import { IdentityModule } from '@app/identity';
import { IntakeModule } from '@app/intake';
import { JobsModule } from '@app/jobs';
import { NotificationsModule } from '@app/notifications';
import { PlatformModule, type AppConfig } from '@app/platform';
import { ProgrammesModule } from '@app/programmes';
import { ProviderPortalModule } from '@app/provider-portal';
import { PublicationModule } from '@app/publication';
import { PrivacyModule } from '@app/privacy';
import { ReportingWorkerModule } from '@app/reporting';

/** The worker process: the same contexts as the API, with their background jobs and no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(config, { http: false }), AuditModule, PrivacyModule, AttachmentsModule, IdentityModule, JobsModule.forRoot({ run: config.runJobs }), NotificationsModule.forWorker(), DeadlinesModule, DocumentsModule.forWorker(), IntakeModule.forWorker(), PublicationModule.forWorker(), ProviderPortalModule, ProgrammesModule.forWorker(), ReportingWorkerModule],
    };
  }
}
