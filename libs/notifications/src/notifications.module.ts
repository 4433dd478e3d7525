import { type DynamicModule, Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { RecurringJobs } from '@app/jobs';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { EmailRenderer } from './email-renderer.js';
import { MailPagesController } from './mail-pages.controller.js';
import { OUTBOX_POLICY } from './notifications.tokens.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import { OutboxRetention } from './outbox-retention.js';
import { outboxPolicyFromEnv, type OutboxPolicy } from './outbox-policy.js';
import { OutboxRepository } from './outbox.repository.js';
import { Outbox } from './outbox.js';

/** Name of the recurring job that delivers the outbox (run by worker processes). */
export const OUTBOX_DISPATCH_JOB = 'notifications.outbox-dispatch';
/** Seconds between two deliveries of the outbox. */
export const OUTBOX_DISPATCH_EVERY_SECONDS = 1;
/** Name of the recurring job that removes old messages' addresses and content (hourly). */
export const OUTBOX_RETENTION_JOB = 'notifications.outbox-retention';

/**
 * The transactional outbox and its delivery job. The HTTP application imports forHttp() (adds the
 * mail viewer's API and pages, which need WebModule); worker processes import forWorker(). Needs JobsModule.
 */
@Global()
@Module({
  providers: [
    { provide: OUTBOX_POLICY, useFactory: () => outboxPolicyFromEnv() },
    {
      provide: EmailRenderer,
      inject: [APP_CONFIG, OUTBOX_POLICY],
      useFactory: (config: AppConfig, policy: OutboxPolicy) =>
        new EmailRenderer({ serviceName: policy.serviceName, contactEmail: policy.contactEmail, baseUrl: config.publicBaseUrl }),
    },
    OutboxRepository,
    Outbox,
    OutboxDispatcher,
    OutboxRetention,
  ],
  exports: [Outbox, OutboxDispatcher, OutboxRetention, EmailRenderer],
})
export class NotificationsModule implements OnModuleInit {
  static forHttp(): DynamicModule {
    return { module: NotificationsModule, controllers: [OutboxController, MailPagesController] };
  }

  static forWorker(): DynamicModule {
    return { module: NotificationsModule };
  }

  constructor(
    @Inject(RecurringJobs) private readonly jobs: RecurringJobs,
    @Inject(OutboxDispatcher) private readonly dispatcher: OutboxDispatcher,
    @Inject(OutboxRetention) private readonly retention: OutboxRetention,
  ) {}

  onModuleInit(): void {
    this.jobs.register(OUTBOX_DISPATCH_JOB, OUTBOX_DISPATCH_EVERY_SECONDS, () => this.dispatcher.drain());
    this.jobs.register(OUTBOX_RETENTION_JOB, 3600, () => this.retention.run());
  }
}
