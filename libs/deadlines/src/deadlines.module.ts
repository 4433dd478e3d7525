import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { RecurringJobs } from '@app/jobs';
import { UkCalendar, ukCalendar } from './calendar/uk-calendar.js';
import { DEADLINE_SETTINGS, type DeadlineSettings } from './deadline.js';
import { DeadlineContacts } from './deadline-contacts.js';
import { deadlineSettingsFromEnv } from './deadline-settings.js';
import { DEADLINE_SWEEP_JOB, DeadlineSweep } from './deadline-sweep.js';
import { DeadlineRepository } from './deadline.repository.js';
import { DeadlineService } from './deadline.service.js';
import { CalendarController } from './http/calendar.controller.js';
import { DeadlinesController } from './http/deadlines.controller.js';
import { IdentityDeadlineContacts } from './identity-contacts.js';

/**
 * The deadline engine, the UK calendar it counts with, and the sweep that reminds and escalates.
 * Global so the case lifecycle and other contexts can inject DeadlineService. Needs JobsModule,
 * NotificationsModule and IdentityModule.
 */
@Global()
@Module({
  controllers: [CalendarController, DeadlinesController],
  providers: [
    { provide: UkCalendar, useValue: ukCalendar },
    { provide: DEADLINE_SETTINGS, useFactory: () => deadlineSettingsFromEnv() },
    { provide: DeadlineContacts, useClass: IdentityDeadlineContacts },
    DeadlineRepository,
    DeadlineService,
    DeadlineSweep,
  ],
  exports: [UkCalendar, DEADLINE_SETTINGS, DeadlineService, DeadlineSweep],
})
export class DeadlinesModule implements OnModuleInit {
  constructor(
    @Inject(RecurringJobs) private readonly jobs: RecurringJobs,
    @Inject(DeadlineSweep) private readonly sweep: DeadlineSweep,
    @Inject(DEADLINE_SETTINGS) private readonly settings: DeadlineSettings,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DEADLINE_SWEEP_JOB, this.settings.sweepEverySeconds, () => this.sweep.run());
  }
}
