import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock, DomainError, HARM_CATEGORIES, Public } from '@app/core';
import { APP_CONFIG, ParseIdPipe, type AppConfig } from '@app/platform';
import { Pages, textField, type FormBody } from '@app/web';
import { PublicationService } from '../application/publication.service.js';
import { atomFeed, publicUrls, type FeedItem } from '../domain/exports.js';
import { isPublicStatus, PUBLIC_STATUSES, PUBLIC_STATUS_LABELS } from '../domain/vocabulary.js';
import { entryPage, harmName, paragraphs } from './presentation.js';

const VIEWS = 'pages/bulletin';
const FEED_TITLE = 'Online safety enforcement bulletin';
/** The feed carries the latest updates; the open data carries all of them. */
const FEED_ENTRIES = 200;
const PAGE = 20;

/**
 * The public enforcement bulletin (GOV.UK pattern, no sign-in): the list with filters, one page per
 * case with its dated updates and non-confidential decisions, and the Atom feed of updates.
 */
@ApiExcludeController()
@Controller('enforcement')
export class BulletinPagesController {
  constructor(
    @Inject(PublicationService) private readonly publication: PublicationService,
    @Inject(Pages) private readonly pages: Pages,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get()
  @Public()
  async list(@Query() query: FormBody, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const status = textField(query, 'status');
    const harm = textField(query, 'harm');
    const provision = textField(query, 'provision', { maxLength: 200 });
    const yearText = textField(query, 'year');
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : undefined;
    const cursor = textField(query, 'cursor', { maxLength: 500 });
    const filter = {
      status: isPublicStatus(status) ? status : undefined,
      open: status === 'open',
      harm: (HARM_CATEGORIES as readonly string[]).includes(harm) ? harm : undefined,
      provision: provision || undefined,
      year,
    };
    let page;
    try {
      page = await this.publication.listPublic({ ...filter, limit: PAGE, cursor: cursor || undefined });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      page = await this.publication.listPublic({ ...filter, limit: PAGE });
    }
    const provisions = await this.publication.publicProvisions();
    const thisYear = this.clock.now().getUTCFullYear();
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ status, harm, provision, year: yearText })) if (v) params.set(k, v);
    const nextParams = new URLSearchParams(params);
    if (page.nextCursor) nextParams.set('cursor', page.nextCursor);
    return this.pages.render(request, reply, `${VIEWS}/index`, {
      title: 'Enforcement bulletin',
      items: page.items.map(entryPage),
      filtered: params.size > 0,
      nextHref: page.nextCursor ? `/enforcement?${nextParams.toString()}` : null,
      statusItems: [{ value: '', text: 'Any status', selected: status === '' }, { value: 'open', text: 'Open (not closed)', selected: status === 'open' }].concat(
        PUBLIC_STATUSES.map((s) => ({ value: s, text: PUBLIC_STATUS_LABELS[s], selected: s === status })),
      ),
      harmItems: [{ value: '', text: 'Any harm', selected: harm === '' }].concat(HARM_CATEGORIES.map((h) => ({ value: h, text: harmName(h), selected: h === harm }))),
      provisionItems: [{ value: '', text: 'Any provision', selected: provision === '' }].concat(provisions.map((p) => ({ value: p, text: p, selected: p === provision }))),
      yearItems: [{ value: '', text: 'Any year', selected: yearText === '' }].concat(
        Array.from({ length: Math.max(1, thisYear - 2024 + 1) }, (_, i) => String(thisYear - i)).map((y) => ({ value: y, text: y, selected: y === yearText })),
      ),
    });
  }

  @Get('feed.atom')
  @Public()
  async feed(@Res() reply: FastifyReply): Promise<FastifyReply> {
    const entries = await this.publication.allPublic();
    const items: FeedItem[] = entries
      .flatMap((entry) => entry.updates.map((update) => ({ entry, update })))
      .sort((a, b) => b.update.publishedAt.localeCompare(a.update.publishedAt) || b.update.date.localeCompare(a.update.date) || a.update.id.localeCompare(b.update.id))
      .slice(0, FEED_ENTRIES);
    return reply
      .header('Content-Type', 'application/atom+xml; charset=utf-8')
      .header('Cache-Control', 'public, max-age=60')
      .send(atomFeed(items, publicUrls(this.config.publicBaseUrl), this.clock.now(), FEED_TITLE));
  }

  @Get(':reference')
  @Public()
  async entry(@Param('reference') reference: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const entry = entryPage(await this.publication.getPublic(reference));
    return this.pages.render(request, reply, `${VIEWS}/show`, { title: `${entry.reference}: ${entry.title}`, entry, backLink: { href: '/enforcement', text: 'All enforcement cases' } });
  }

  @Get(':reference/decisions/:decisionId')
  @Public()
  async decision(
    @Param('reference') reference: string,
    @Param('decisionId', ParseIdPipe) decisionId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const entry = entryPage(await this.publication.getPublic(reference));
    const decision = entry.decisions.find((d) => d.id === decisionId);
    if (!decision) throw new DomainError('PUBLICATION_NOT_FOUND', `The entry ${entry.reference} links no published decision with that id.`);
    return this.pages.render(request, reply, `${VIEWS}/decision`, {
      title: `${decision.title} (non-confidential version)`,
      entry,
      decision: { ...decision, paragraphs: decision.text.split(/\n/).map((l) => l.trim()).filter((l) => l !== ''), groundParagraphs: paragraphs(decision.grounds) },
      backLink: { href: `/enforcement/${encodeURIComponent(entry.reference)}`, text: entry.reference },
    });
  }
}
