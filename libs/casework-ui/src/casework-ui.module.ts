import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { RegistryModule } from '@app/registry';
import { CaseworkDirectory } from './application/casework-directory.js';
import { CaseworkPages } from './application/casework-pages.js';
import { CasePagesController } from './controllers/case-pages.controller.js';
import { WorkQueueController } from './controllers/work-queue.controller.js';

/**
 * The case officer's pages (GOV.UK Design System, server-rendered, working without JavaScript). Uses
 * the cases context's use cases and the registry, documents, deadlines, identity and web contexts'
 * public APIs (the last four are global modules).
 */
@Module({
  imports: [CasesModule, RegistryModule],
  controllers: [CasePagesController, WorkQueueController],
  providers: [CaseworkDirectory, CaseworkPages],
})
export class CaseworkUiModule {}
