import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ListCases } from '@app/cases';
import type { Principal } from '@app/core';
import { DEMO_CASES, DemoCaseSeeder, demoPrincipals } from '@app/demo';
import { UserAdminService } from '@app/identity';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { normaliseDraft, type DraftContent } from '../domain/entry-content.js';
import { PublicationService } from './publication.service.js';

/** Held while seeding, so that processes starting together publish the demo entries once. */
const DEMO_PUBLICATION_LOCK = 7_341_002_160;
const PAGE = 500;

export interface PublicationDemoResult {
  /** Entries published (0 when something was already published, or the demo cases or users are missing). */
  published: number;
}

/** What the demo officer writes into the proposed drafts of some demo cases before the decision maker approves. */
interface DemoPublication {
  caseKey: string;
  /** A title that does not name the provider or service, for an anonymised entry. */
  title?: string;
  summary: string;
  anonymisedLabel?: string;
  /** Replaces each proposed decision's text (wholly marked confidential when proposed) with its non-confidential version. */
  decisionText: (title: string) => string;
  grounds: string;
}

const DEMO_PUBLICATIONS: DemoPublication[] = [
  {
    caseKey: 'c1',
    summary:
      'We investigated whether the provider of Velvetline, a pornography service, used highly effective age assurance to stop children encountering pornographic content. [[confidential]]The provider told us in confidence that its supplier contract was worth £240,000 a year.[[/confidential]]\n\nThe provider now uses facial age estimation with a document-check fallback for users in the UK.',
    decisionText: (title) =>
      `${title}\n\nWe found that the provider relied on users declaring that they were 18, which is not highly effective age assurance.\n\n[[confidential]]Annex A: UK visit figures for March 2024 supplied by the provider.[[/confidential]]\n\nThe provider has a right of appeal to the Upper Tribunal (s.168).`,
    grounds: 'Self-declaration of age is not highly effective age assurance under section 81(2).',
  },
  {
    caseKey: 'c2',
    title: 'Known child sexual abuse material shared through file-sharing links',
    anonymisedLabel: 'A file-sharing service',
    summary:
      'We investigated whether a file-sharing service used proportionate measures, such as hash matching, to stop users encountering known child sexual abuse material. [[confidential]]Referral from the hotline, reference HL-2024-1187.[[/confidential]]\n\nThe service now checks uploads against hash lists of known material.',
    decisionText: (title) =>
      `${title}\n\nThe provider did not check uploads or shared links against hash lists of known child sexual abuse material.\n\n[[confidential]]Details of the provider's detection systems supplied in confidence.[[/confidential]]`,
    grounds: 'No hash matching of uploads: the duty in section 10(2) to use proportionate measures was not met.',
  },
  {
    caseKey: 'c9',
    summary:
      'We investigated whether the provider of Scarletbay, a pornography service, stops children from encountering pornographic content. It had no age check of any kind. [[confidential]]Our test purchases used the card ending 4471.[[/confidential]]\n\nThe provider did not take the steps we required or pay the penalty, and we have applied to the court for a business disruption order.',
    decisionText: (title) =>
      `${title}\n\nScarletbay shows pornographic content to users in the UK with no age check.\n\n[[confidential]]Payment provider names and merchant identifiers.[[/confidential]]`,
    grounds: 'No age assurance at all: a contravention of section 81(2).',
  },
];

/**
 * Demo publication: runs after the demo cases exist (it asks DemoCaseSeeder first, which does nothing
 * when cases exist), takes the drafts that the demo cases' transitions proposed, has the demo officer
 * complete them (with a confidential passage each, removed when published) and the demo decision
 * maker approve them. The most recent investigation's draft is left awaiting approval.
 */
@Injectable()
export class PublicationDemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('PublicationDemoSeeder');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PublicationService) private readonly publication: PublicationService,
    @Inject(DemoCaseSeeder) private readonly demoCases: DemoCaseSeeder,
    @Inject(ListCases) private readonly listCases: ListCases,
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo || this.config.nodeEnv === 'test') return;
    await this.demoCases.seed();
    const result = await this.seed();
    if (result.published > 0) this.logger.log(`Published ${result.published} demo enforcement entries.`);
  }

  /** Publishes the demo entries unless anything is published already. */
  async seed(): Promise<PublicationDemoResult> {
    const none = { published: 0 };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [DEMO_PUBLICATION_LOCK]);
      if (await this.publication.hasPublished()) return none;
      const officer = await this.principal('officer@demo.test');
      const decider = await this.principal('decider@demo.test');
      if (!officer || !decider) return none;
      const cases = (await this.listCases.execute({ limit: PAGE })).items;
      let published = 0;
      for (const demo of DEMO_PUBLICATIONS) {
        const title = DEMO_CASES.find((c) => c.key === demo.caseKey)?.title;
        const found = cases.find((c) => c.title === title);
        if (!found) continue;
        const overview = await this.publication.overview(found.id);
        if (!overview.draft) continue;
        const content: DraftContent = normaliseDraft(overview.draft.content as unknown as Record<string, unknown>);
        content.summary = demo.summary;
        if (demo.title) content.title = demo.title;
        if (demo.anonymisedLabel) {
          content.anonymised = true;
          content.anonymisedLabel = demo.anonymisedLabel;
        }
        for (const decision of content.decisions) {
          decision.text = demo.decisionText(decision.title);
          decision.grounds = demo.grounds;
        }
        const saved = await this.publication.saveDraft(found.id, content, overview.draft.revision, officer);
        await this.publication.approve(found.id, saved.revision, decider);
        published += 1;
      }
      return { published };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [DEMO_PUBLICATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }

  private async principal(email: string): Promise<Principal | undefined> {
    return (await demoPrincipals(this.users)).get(email);
  }

}
