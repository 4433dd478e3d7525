import { type DynamicModule, Module } from '@nestjs/common';
import { AttachmentsModule } from '@app/attachments';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { CaseworkUiModule } from '@app/casework-ui';
import { DeadlinesModule } from '@app/deadlines';
import { DemoModule } from '@app/demo';
import { DisruptionModule } from '@app/disruption';
import { DocumentsModule } from '@app/documents';
import { IdentityModule } from '@app/identity';
import { IntakeModule } from '@app/intake';
import { JobsModule } from '@app/jobs';
import { NotificationsModule } from '@app/notifications';
import { PenaltiesModule } from '@app/penalties';
import { PlatformModule, type AppConfig } from '@app/platform';
import { PublicationModule } from '@app/publication';
import { PrivacyModule } from '@app/privacy';
import { ProgrammesModule } from '@app/programmes';
import { ProviderPortalHttpModule } from '@app/provider-portal';
import { RegistryModule } from '@app/registry';
import { SuperComplaintsModule } from '@app/super-complaints';
import { ReportingModule } from '@app/reporting';
import { TriageModule } from '@app/triage';
import { WebModule } from '@app/web';

/** The HTTP application: API under /api/v1, pages for people, health and OpenAPI. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(config), AuditModule, PrivacyModule, AttachmentsModule, IdentityModule, JobsModule.forRoot({ run: config.runJobs }), NotificationsModule.forHttp(), DocumentsModule.forHttp(), DeadlinesModule, WebModule, PenaltiesModule, RegistryModule, TriageModule, CasesModule, IntakeModule.forHttp(), SuperComplaintsModule, CaseworkUiModule, DemoModule, ReportingModule, ProviderPortalHttpModule, ProgrammesModule.forHttp(), DisruptionModule, PublicationModule.forHttp()],
    };
  }
}
