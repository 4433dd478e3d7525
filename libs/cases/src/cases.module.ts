import { Module } from '@nestjs/common';
import { RegistryModule } from '@app/registry';
import { TRANSITIONS } from './domain/lifecycle-table.js';
import { Lifecycle } from './domain/lifecycle.js';
import { CasesController } from './http/cases.controller.js';
import { CaseDeadlines } from './integration/case-deadlines.js';
import { CaseMessages } from './integration/case-messages.js';
import { CaseServices } from './integration/case-services.js';
import { lifecyclePolicyFromEnv } from './lifecycle-policy.js';
import { CaseRepository } from './persistence/case.repository.js';
import { CaseHistory } from './usecases/case-history.js';
import { CreateCase } from './usecases/create-case.js';
import { FireTransition } from './usecases/fire-transition.js';
import { GetCase } from './usecases/get-case.js';
import { ListAvailableTransitions } from './usecases/list-available-transitions.js';
import { ListCases } from './usecases/list-cases.js';

/**
 * Enforcement cases and their lifecycle. Uses the registry for services, and needs the global
 * AuditModule, DeadlinesModule, DocumentsModule, NotificationsModule and IdentityModule.
 */
@Module({
  imports: [RegistryModule],
  controllers: [CasesController],
  providers: [
    { provide: Lifecycle, useFactory: () => new Lifecycle(TRANSITIONS, lifecyclePolicyFromEnv()) },
    CaseRepository,
    CaseDeadlines,
    CaseMessages,
    CaseServices,
    CreateCase,
    FireTransition,
    GetCase,
    ListCases,
    ListAvailableTransitions,
    CaseHistory,
  ],
  exports: [Lifecycle, CreateCase, FireTransition, GetCase, ListCases, ListAvailableTransitions, CaseHistory],
})
export class CasesModule {}
