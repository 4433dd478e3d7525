import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CasesModule, FireTransition } from '@app/cases';
import { DemoModule } from '@app/demo';
import { RegistryModule } from '@app/registry';
import { PublicationRepository } from './application/publication.repository.js';
import { PublicationService } from './application/publication.service.js';
import { PublicationDemoSeeder } from './application/publication-demo-seeder.js';
import { BulletinPagesController } from './http/bulletin-pages.controller.js';
import { OfficerPublicationController } from './http/officer-api.controller.js';
import { PublicationPagesController } from './http/publication-pages.controller.js';
import { PublicApiController } from './http/public-api.controller.js';

/**
 * The public enforcement bulletin (s.149): the publication workflow on each case, the public API,
 * pages, Atom feed and open data. Needs the global AuditModule and DocumentsModule (and WebModule for
 * pages). Every process that fires case transitions proposes draft updates: import forHttp() in the
 * HTTP application (API, pages, demo entries) and forWorker() in workers.
 */
@Module({
  imports: [CasesModule, RegistryModule],
  providers: [PublicationRepository, PublicationService],
  exports: [PublicationService],
})
export class PublicationModule implements OnModuleInit {
  constructor(
    @Inject(FireTransition) private readonly fireTransition: FireTransition,
    @Inject(PublicationService) private readonly publication: PublicationService,
  ) {}

  static forHttp(): DynamicModule {
    return {
      module: PublicationModule,
      imports: [DemoModule],
      controllers: [PublicApiController, OfficerPublicationController, BulletinPagesController, PublicationPagesController],
      providers: [PublicationDemoSeeder],
      exports: [PublicationDemoSeeder],
    };
  }

  static forWorker(): DynamicModule {
    return { module: PublicationModule };
  }

  onModuleInit(): void {
    this.fireTransition.onTransition((manager, fired) => this.publication.proposeFromTransition(manager, fired));
  }
}
