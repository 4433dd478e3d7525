import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { Clock } from '@app/core';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { PasswordHasher } from '../auth/password-hasher.js';
import { DEMO_ORGANISATIONS, DEMO_USERS, type DemoOrganisationKey } from './demo-users.js';

/** Held while seeding, so that several processes starting together seed once. */
const DEMO_SEED_LOCK = 7_341_002_119;

/** Creates the demo organisations and users when SEED_DEMO is on and there are no users yet. */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    if (!this.config.demoPassword) {
      this.logger.warn('SEED_DEMO is on but no demo password is configured: demo users were not created.');
      return;
    }
    if (await this.seed(this.config.demoPassword)) this.logger.log(`Created ${DEMO_USERS.length} demo users.`);
  }

  /** Returns whether it created anything. */
  async seed(password: string): Promise<boolean> {
    if (await this.hasUsers(this.dataSource.manager)) return false;
    // Every demo user shares the demo password, so one hash serves them all (and boots stay fast).
    const passwordHash = await this.hasher.hash(password);
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK]);
      if (await this.hasUsers(tx)) return false;
      const now = this.clock.now();
      const organisationIds = {} as Record<DemoOrganisationKey, string>;
      for (const [key, organisation] of Object.entries(DEMO_ORGANISATIONS) as [DemoOrganisationKey, { kind: string; name: string }][]) {
        const [existing] = (await tx.query(`SELECT id FROM organisations WHERE lower(name) = lower($1)`, [organisation.name])) as { id: string }[];
        if (existing) {
          organisationIds[key] = existing.id;
          continue;
        }
        const [row] = (await tx.query(`INSERT INTO organisations (kind, name, created_at) VALUES ($1, $2, $3) RETURNING id`, [
          organisation.kind,
          organisation.name,
          now,
        ])) as { id: string }[];
        organisationIds[key] = (row as { id: string }).id;
        await this.audit.append(tx, {
          chainId: `organisation:${organisationIds[key]}`,
          event: 'organisation.created',
          actor: SYSTEM_ACTOR,
          subjectType: 'organisation',
          subjectId: organisationIds[key],
          changes: { kind: { before: null, after: organisation.kind }, name: { before: null, after: organisation.name } },
          reason: 'demo data',
        });
      }
      for (const user of DEMO_USERS) {
        const [row] = (await tx.query(
          `INSERT INTO users (organisation_id, email, name, password_hash, roles, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [organisationIds[user.organisation], user.email, user.name, passwordHash, [user.role], now],
        )) as { id: string }[];
        const id = (row as { id: string }).id;
        await this.audit.append(tx, {
          chainId: `user:${id}`,
          event: 'user.created',
          actor: SYSTEM_ACTOR,
          subjectType: 'user',
          subjectId: id,
          changes: { roles: { before: null, after: [user.role] }, organisationId: { before: null, after: organisationIds[user.organisation] } },
          reason: 'demo data',
        });
      }
      return true;
    });
  }

  private async hasUsers(manager: DataSource['manager']): Promise<boolean> {
    return ((await manager.query(`SELECT 1 FROM users LIMIT 1`)) as unknown[]).length > 0;
  }
}
