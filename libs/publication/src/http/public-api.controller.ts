import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Clock, Public, type Page } from '@app/core';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { PublicationService } from '../application/publication.service.js';
import type { PublicEntry } from '../domain/entry-content.js';
import { OPEN_DATA_SCHEMA_VERSION, openDataCase, openDataCsv, openDataSchema, publicUrls, statementsOfReasons, type StatementOfReasons } from '../domain/exports.js';
import { PublicCaseListView, PublicCaseView, PublicCasesQueryDto } from './dto.js';

export const OPEN_DATA_LICENCE = 'Open Government Licence v3.0 (https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)';

/** Public readers may cache what is published for a minute; nothing here is personal or unpublished. */
const PUBLIC_CACHE = 'public, max-age=60';

/** The public enforcement bulletin as data: no sign-in, published (approved, non-confidential) content only. */
@ApiTags('public enforcement bulletin')
@Controller('api/v1/public')
export class PublicApiController {
  constructor(
    @Inject(PublicationService) private readonly publication: PublicationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get('cases')
  @Public()
  @ApiOperation({ summary: 'Published enforcement entries, newest opened first, filtered by status, harm category, provision or year' })
  @ApiOkResponse({ type: PublicCaseListView })
  async list(@Query() query: PublicCasesQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Page<PublicEntry>> {
    reply.header('Cache-Control', PUBLIC_CACHE);
    return this.publication.listPublic({
      status: query.status === 'open' ? undefined : query.status,
      open: query.status === 'open',
      harm: query.harm,
      provision: query.provision,
      year: query.year,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Get('cases/:reference')
  @Public()
  @ApiOperation({ summary: 'One published entry with its dated updates and decisions (404 PUBLICATION_NOT_FOUND when none is published)' })
  @ApiOkResponse({ type: PublicCaseView })
  async one(@Param('reference') reference: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<PublicEntry> {
    const entry = await this.publication.getPublic(reference);
    reply.header('Cache-Control', PUBLIC_CACHE);
    return entry;
  }

  @Get('cases/:reference/statements-of-reasons')
  @Public()
  @ApiOperation({
    summary: 'A statement of reasons for each published decision of the case',
    description: 'In the spirit of the EU DSA Transparency Database schema: structured grounds, legal basis, territorial scope, measures and dates.',
  })
  async statements(@Param('reference') reference: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ items: StatementOfReasons[] }> {
    const entry = await this.publication.getPublic(reference);
    reply.header('Cache-Control', PUBLIC_CACHE);
    return { items: statementsOfReasons(entry, publicUrls(this.config.publicBaseUrl)) };
  }

  @Get('open-data/cases.json')
  @Public()
  @ApiOperation({ summary: 'Open data: every published case with its stages, dates, penalties, outcomes and updates (schema at open-data/schema.json)' })
  async json(@Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    const urls = publicUrls(this.config.publicBaseUrl);
    const entries = await this.publication.allPublic();
    reply.header('Cache-Control', PUBLIC_CACHE).header('Content-Disposition', 'inline; filename="cases.json"');
    return {
      schema: urls.schema,
      schemaVersion: OPEN_DATA_SCHEMA_VERSION,
      generatedAt: this.clock.now().toISOString(),
      licence: OPEN_DATA_LICENCE,
      cases: entries.map((e) => openDataCase(e, urls)),
    };
  }

  @Get('open-data/cases.csv')
  @Public()
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Open data: one row per published case (columns in docs/open-data.md)' })
  async csv(@Res() reply: FastifyReply): Promise<FastifyReply> {
    const urls = publicUrls(this.config.publicBaseUrl);
    const entries = await this.publication.allPublic();
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="cases.csv"')
      .header('Cache-Control', PUBLIC_CACHE)
      .send(openDataCsv(entries.map((e) => openDataCase(e, urls))));
  }

  @Get('open-data/statements-of-reasons.json')
  @Public()
  @ApiOperation({ summary: 'Open data: the statements of reasons of every published decision, for comparison with other regimes' })
  async allStatements(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ generatedAt: string; licence: string; items: StatementOfReasons[] }> {
    const urls = publicUrls(this.config.publicBaseUrl);
    const entries = await this.publication.allPublic();
    reply.header('Cache-Control', PUBLIC_CACHE);
    return { generatedAt: this.clock.now().toISOString(), licence: OPEN_DATA_LICENCE, items: entries.flatMap((e) => statementsOfReasons(e, urls)) };
  }

  @Get('open-data/schema.json')
  @Public()
  @ApiOperation({ summary: 'JSON Schema (2020-12) of open-data/cases.json' })
  schema(@Res({ passthrough: true }) reply: FastifyReply): Record<string, unknown> {
    reply.header('Content-Type', 'application/schema+json; charset=utf-8').header('Cache-Control', PUBLIC_CACHE);
    return openDataSchema(publicUrls(this.config.publicBaseUrl));
  }
}
