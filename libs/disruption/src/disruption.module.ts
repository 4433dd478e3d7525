import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { RegistryModule, ServiceRegistry } from '@app/registry';
import { BundleRenderer } from './application/bundle-renderer.js';
import { DisruptionApplications } from './application/disruption-applications.js';
import { DisruptionPages } from './application/disruption-pages.js';
import { DisruptionController } from './http/disruption.controller.js';
import { DisruptionPagesController } from './http/disruption-pages.controller.js';
import { DisruptionRepository } from './persistence/disruption.repository.js';

/**
 * Business disruption measures (s.144–s.148): applications to the court from a case, the bundle,
 * court tracking with notice to third parties, and variations when the service moves domain.
 * Needs the global AuditModule, DocumentsModule, NotificationsModule and WebModule.
 */
@Module({
  imports: [RegistryModule, CasesModule],
  controllers: [DisruptionController, DisruptionPagesController],
  providers: [DisruptionRepository, DisruptionApplications, DisruptionPages, { provide: BundleRenderer, useFactory: () => new BundleRenderer() }],
  exports: [DisruptionApplications],
})
export class DisruptionModule implements OnModuleInit {
  constructor(
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(DisruptionApplications) private readonly applications: DisruptionApplications,
  ) {}

  onModuleInit(): void {
    this.registry.onDomainLinked((tx, event) => this.applications.followDomainLink(tx, event));
  }
}
