import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CasesModule, FireTransition } from '@app/cases';
import { PenaltiesModule } from '@app/penalties';
import { CaseNotices } from './case-notices.js';
import { OfficerNoticesController } from './http/officer-notices.controller.js';
import { OfficerPagesController } from './http/officer-pages.controller.js';
import { ProviderNoticesController } from './http/provider-notices.controller.js';
import { ProviderPagesController } from './http/provider-pages.controller.js';
import { ProviderPenaltiesController } from './http/provider-penalties.controller.js';
import { ProviderPenaltyPagesController } from './http/provider-penalty-pages.controller.js';
import { NoticeRepository } from './notice.repository.js';
import { ProviderNotices } from './provider-notices.js';
import { ProviderPortal } from './provider-portal.service.js';

/**
 * Notices issued to provider organisations and the answers to them. Every document a case transition
 * issues to a service's provider becomes a notice here (in the transition's transaction). Needs the
 * global AuditModule, AttachmentsModule, DeadlinesModule, NotificationsModule and IdentityModule.
 * Processes without HTTP (the worker) import this module alone; the HTTP application imports
 * ProviderPortalHttpModule, which adds the portal's API and pages to this same instance.
 */
@Module({
  imports: [CasesModule],
  providers: [NoticeRepository, ProviderNotices, ProviderPortal, CaseNotices],
  exports: [ProviderNotices, ProviderPortal],
})
export class ProviderPortalModule implements OnModuleInit {
  constructor(
    @Inject(FireTransition) private readonly fireTransition: FireTransition,
    @Inject(CaseNotices) private readonly caseNotices: CaseNotices,
  ) {}

  onModuleInit(): void {
    this.fireTransition.onTransition((manager, fired) => this.caseNotices.onTransition(manager, fired));
  }
}

/**
 * The provider portal's API and pages, and the officers' pages about notices (needs WebModule). The
 * provider's penalties are read through the penalties context's public API (PenaltiesModule imports
 * nothing of the portal, so there is no cycle).
 */
@Module({
  imports: [ProviderPortalModule, PenaltiesModule],
  controllers: [ProviderNoticesController, OfficerNoticesController, ProviderPagesController, OfficerPagesController, ProviderPenaltiesController, ProviderPenaltyPagesController],
})
export class ProviderPortalHttpModule {}
