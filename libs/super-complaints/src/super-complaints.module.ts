import { Module } from '@nestjs/common';
import { RegistryModule } from '@app/registry';
import { SuperComplaintPagesController } from './http/super-complaint-pages.controller.js';
import { SuperComplaintsController } from './http/super-complaints.controller.js';
import { SuperComplaintRepository } from './super-complaint.repository.js';
import { SuperComplaintService } from './super-complaint.service.js';

/** Super-complaints of eligible entities (s.169–s.170): filing, the lifecycle, the clocks, messages, publication. */
@Module({
  imports: [RegistryModule],
  controllers: [SuperComplaintsController, SuperComplaintPagesController],
  providers: [SuperComplaintRepository, SuperComplaintService],
  exports: [SuperComplaintService],
})
export class SuperComplaintsModule {}
