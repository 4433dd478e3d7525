import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEMO_SERVICES, DemoCaseSeeder, demoPrincipals } from '@app/demo';
import { UserAdminService } from '@app/identity';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { ProgrammeService } from './programme.service.js';

/** Held while seeding the demo programme, so that several processes starting together seed once. */
const DEMO_PROGRAMME_LOCK = 7_341_002_131;

/**
 * A demo enforcement programme over the demo services, ready for an officer to preview and send its
 * information notices from one screen. Seeded through the real use cases, after the demo cases have
 * registered the services, and only when there is no programme yet (never in tests).
 */
@Injectable()
export class ProgrammeDemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('ProgrammeDemoSeeder');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ProgrammeService) private readonly programmes: ProgrammeService,
    @Inject(DemoCaseSeeder) private readonly demoCases: DemoCaseSeeder,
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo || this.config.nodeEnv === 'test') return;
    await this.demoCases.seed();
    const services = await this.seed();
    if (services > 0) this.logger.log(`Created a demo enforcement programme over ${services} services.`);
  }

  /** Returns how many services the demo programme covers (0 when a programme existed already). */
  async seed(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [DEMO_PROGRAMME_LOCK]);
      if ((await this.programmes.list({ limit: 1 })).items.length > 0) return 0;
      const officer = (await demoPrincipals(this.users)).get('officer@demo.test');
      if (!officer) return 0;
      const programme = await this.programmes.create(officer, {
        title: 'Illegal content risk assessments: file-sharing and image-hosting services',
        description:
          'Whether file-sharing and image-hosting services carried out suitable and sufficient illegal content risk assessments by 16 March 2025, with attention to image-based CSAM and intimate image abuse.',
        harmCategories: ['risk_assessment_duties', 'csam', 'ncii'],
        serviceKinds: 'file-sharing and image-hosting services',
      });
      const addresses = Object.values(DEMO_SERVICES).flatMap((service) => service.domains.filter((d) => d.relation === 'primary').map((d) => `https://${d.domain}/`));
      const added = await this.programmes.addServices(officer, programme.id, { list: addresses.join('\n') });
      return added.added.length;
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [DEMO_PROGRAMME_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }
}
