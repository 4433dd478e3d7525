import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { RecurringJobs } from '@app/jobs';
import { AuditController } from './audit.controller.js';
import { AuditLog } from './audit-log.js';

export const AUDIT_ANCHOR_JOB = 'audit.anchor';
/** How often every chain head is folded into a new anchor (AUDIT_ANCHOR_EVERY_SECONDS). */
const ANCHOR_EVERY_SECONDS = Number(process.env.AUDIT_ANCHOR_EVERY_SECONDS ?? 600);

@Global()
@Module({ controllers: [AuditController], providers: [AuditLog], exports: [AuditLog] })
export class AuditModule implements OnModuleInit {
  constructor(
    @Inject(RecurringJobs) private readonly jobs: RecurringJobs,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    if (!Number.isInteger(ANCHOR_EVERY_SECONDS) || ANCHOR_EVERY_SECONDS < 10) {
      throw new Error('AUDIT_ANCHOR_EVERY_SECONDS must be a whole number of at least 10');
    }
    this.jobs.register(AUDIT_ANCHOR_JOB, ANCHOR_EVERY_SECONDS, () => this.audit.anchor());
  }
}
