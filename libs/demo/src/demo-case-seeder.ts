import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { actorOf } from '@app/audit';
import { CreateCase, FireTransition, ListCases } from '@app/cases';
import { Clock, type Principal } from '@app/core';
import { DEMO_ORGANISATIONS, UserAdminService } from '@app/identity';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { ServiceRegistry } from '@app/registry';
import { demoPrincipals } from './demo-principals.js';
import { DEMO_CASES, DEMO_REASON, DEMO_SERVICES, type DemoActor, type DemoCase, type DemoCaseKey, type DemoServiceKey } from './demo-catalogue.js';

/** Held while seeding demo cases, so that several processes starting together seed once. */
const DEMO_CASES_LOCK = 7_341_002_120;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const PAGE = 500;

/** The demo users who act in the demo history (contract: "Demo users"). */
const ACTOR_EMAILS: Record<DemoActor, string> = {
  officer: 'officer@demo.test',
  officer2: 'officer2@demo.test',
  decider: 'decider@demo.test',
};

export interface DemoSeedResult {
  /** Cases created (0 when the database already had cases, or the demo users are missing). */
  cases: number;
  services: number;
  /** Lifecycle steps fired. */
  steps: number;
}

/**
 * Demo enforcement data: a registry of fictional services and about ten cases spread over two years,
 * created THROUGH the real use cases (CreateCase, FireTransition with occurredAt and a reason), so
 * every audit chain verifies and every deadline is computed and explained like any other. Runs when
 * SEED_DEMO is on and there are no cases yet, after the identity context has created the demo users.
 */
@Injectable()
export class DemoCaseSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoCaseSeeder');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CreateCase) private readonly createCase: CreateCase,
    @Inject(FireTransition) private readonly fireTransition: FireTransition,
    @Inject(ListCases) private readonly listCases: ListCases,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The identity context (a global module) creates the demo users in its own bootstrap hook, which
   * Nest runs before this one. Test databases get demo users but no demo cases unless a test asks.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo || this.config.nodeEnv === 'test') return;
    const started = Date.now();
    const result = await this.seed();
    if (result.cases > 0) this.logger.log(`Created ${result.cases} demo cases (${result.steps} steps) in ${Date.now() - started} ms.`);
  }

  /** Seeds an empty database (no cases); does nothing when any case exists. */
  async seed(): Promise<DemoSeedResult> {
    const none: DemoSeedResult = { cases: 0, services: 0, steps: 0 };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [DEMO_CASES_LOCK]);
      if ((await this.listCases.execute({ limit: 1 })).items.length > 0) return none;
      const actors = await this.actors();
      if (!actors) {
        this.logger.warn('The demo users do not exist (is DEMO_PASSWORD set?): demo cases were not created.');
        return none;
      }
      const services = await this.registerServices(actors.officer);
      const ids = new Map<DemoCaseKey, string>();
      let steps = 0;
      for (const demo of DEMO_CASES) steps += await this.play(demo, services, actors, ids);
      return { cases: ids.size, services: services.size, steps };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [DEMO_CASES_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }

  /** The demo users who act, as principals; undefined when any is missing. */
  private async actors(): Promise<Record<DemoActor, Principal> | undefined> {
    const byEmail = await demoPrincipals(this.users);
    const actors = {} as Record<DemoActor, Principal>;
    for (const [actor, email] of Object.entries(ACTOR_EMAILS) as [DemoActor, string][]) {
      const principal = byEmail.get(email);
      if (!principal) return undefined;
      actors[actor] = principal;
    }
    return actors;
  }

  private async demoProviderOrganisationId(): Promise<string | null> {
    const page = await this.users.listOrganisations({ kind: 'provider', limit: PAGE });
    return page.items.find((o) => o.name === DEMO_ORGANISATIONS.provider.name)?.id ?? null;
  }

  /** Finds or registers each demo provider and service (the registry audits what it registers). */
  private async registerServices(registrar: Principal): Promise<Map<DemoServiceKey, string>> {
    const actor = actorOf(registrar);
    const now = this.clock.now().getTime();
    const organisationId = await this.demoProviderOrganisationId();
    const providerIds = new Map<string, string>();
    const serviceIds = new Map<DemoServiceKey, string>();
    for (const [key, service] of Object.entries(DEMO_SERVICES) as [DemoServiceKey, (typeof DEMO_SERVICES)[DemoServiceKey]][]) {
      const primary = service.domains.find((d) => d.relation === 'primary') ?? service.domains[0];
      const known = primary ? await this.registry.lookupDomain(undefined, primary.domain) : null;
      if (known) {
        serviceIds.set(key, known.serviceId);
        continue;
      }
      const p = service.provider;
      let providerId = providerIds.get(p.name);
      if (!providerId) {
        const existing = (await this.registry.listProviders({ limit: 10, q: p.name })).find((row) => row.name === p.name);
        providerId =
          existing?.id ??
          (
            await this.registry.createProvider(
              { name: p.name, legalEntity: p.legalEntity, jurisdiction: p.jurisdiction, noticeContact: p.noticeContact, organisationId: p.demoOrganisation ? organisationId : null },
              actor,
            )
          ).id;
        providerIds.set(p.name, providerId);
      }
      const created = await this.registry.createService(
        {
          name: service.name,
          providerId,
          serviceType: service.serviceType,
          categorisation: service.categorisation,
          ukUsersEstimate: service.ukUsersEstimate,
          domains: service.domains.map((d) => ({ domain: d.domain, relation: d.relation, since: new Date(now - d.daysAgo * DAY_MS), evidence: d.evidence })),
        },
        actor,
      );
      serviceIds.set(key, created.id);
    }
    return serviceIds;
  }

  /**
   * An instant `daysAgo` days before now at the given hour (UTC), on a weekday (a weekend moves back to
   * the Friday), after the case's previous step and never in the future.
   */
  private at(daysAgo: number, hour: number, after: Date | null): Date {
    const now = this.clock.now();
    const instant = new Date(now.getTime() - daysAgo * DAY_MS);
    instant.setUTCHours(hour, 0, 0, 0);
    const weekday = instant.getUTCDay();
    if (weekday === 6 || weekday === 0) instant.setTime(instant.getTime() - (weekday === 6 ? 1 : 2) * DAY_MS);
    if (after && instant.getTime() <= after.getTime()) instant.setTime(after.getTime() + HOUR_MS);
    return instant.getTime() < now.getTime() ? instant : new Date(now.getTime() - 60_000);
  }

  /** Opens the case and fires its steps in order, each at the time it happened. Returns the steps fired. */
  private async play(demo: DemoCase, services: Map<DemoServiceKey, string>, actors: Record<DemoActor, Principal>, ids: Map<DemoCaseKey, string>): Promise<number> {
    const openedAt = this.at(demo.openedDaysAgo, 9, null);
    const record = await this.createCase.execute({
      ...(demo.serviceUrl ? { serviceUrl: demo.serviceUrl } : { serviceId: services.get(demo.service) as string }),
      title: demo.title,
      harmCategories: demo.harms,
      ...(demo.jurisdiction ? { jurisdiction: demo.jurisdiction } : {}),
      occurredAt: openedAt,
      reason: DEMO_REASON,
      principal: actors[demo.openedBy],
    });
    ids.set(demo.key, record.id);
    let version = record.version;
    let previous = openedAt;
    for (const step of demo.steps) {
      const occurredAt = this.at(step.daysAgo, step.hour ?? 10, previous);
      const data = typeof step.data === 'function' ? step.data(ids) : (step.data ?? {});
      const fired = await this.fireTransition.execute({
        caseId: record.id,
        expectedVersion: version,
        event: step.event,
        reason: DEMO_REASON,
        occurredAt,
        data: structuredClone(data),
        principal: actors[step.as],
      });
      version = fired.record.version;
      previous = occurredAt;
    }
    return demo.steps.length;
  }
}
