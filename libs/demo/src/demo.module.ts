import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { RegistryModule } from '@app/registry';
import { DemoCaseSeeder } from './demo-case-seeder.js';

/**
 * Demo data for the HTTP application (not the worker or the CLI): seeded on bootstrap when SEED_DEMO
 * is on and there are no cases, after the identity context's demo users.
 */
@Module({
  imports: [CasesModule, RegistryModule],
  providers: [DemoCaseSeeder],
  exports: [DemoCaseSeeder],
})
export class DemoModule {}
