import { type DynamicModule, Global, Module } from '@nestjs/common';
import { JOBS_OPTIONS, RecurringJobs, type JobsOptions } from './recurring-jobs.js';

/** Recurring background jobs. Worker processes pass run: true; the HTTP application run: false. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions): DynamicModule {
    return {
      module: JobsModule,
      providers: [{ provide: JOBS_OPTIONS, useValue: options }, RecurringJobs],
      exports: [RecurringJobs],
    };
  }
}
