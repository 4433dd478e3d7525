import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { RegistryModule } from '@app/registry';
import { SuperComplaintPagesController } from './http/super-complaint-pages.controller.js';
import { SuperComplaintsController } from './http/super-complaints.controller.js';
import { EntityApplicationPagesController } from './onboarding/entity-application-pages.controller.js';
import { EntityApplicationsController } from './onboarding/entity-applications.controller.js';
import { EntityApplicationService } from './onboarding/entity-applications.service.js';
import { SuperComplaintRepository } from './super-complaint.repository.js';
import { SuperComplaintService } from './super-complaint.service.js';

/** Super-complaints of eligible entities (s.169–s.170): filing, the lifecycle, the clocks, messages, publication. */
@Module({
  imports: [RegistryModule, CasesModule],
  controllers: [SuperComplaintsController, SuperComplaintPagesController, EntityApplicationsController, EntityApplicationPagesController],
  providers: [SuperComplaintRepository, SuperComplaintService, EntityApplicationService],
  exports: [SuperComplaintService, EntityApplicationService],
})
export class SuperComplaintsModule {}
