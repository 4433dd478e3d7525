import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Clock, REGULATOR_ROLES, Roles, pageSize, type Page, type Principal } from '@app/core';
import { sendLetterPage } from '@app/documents';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { BundleRenderer } from '../application/bundle-renderer.js';
import { DisruptionApplications, type ApplicationSummary, type ApplicationView, type VariationView } from '../application/disruption-applications.js';
import { ApplyDto, CourtEventDto, CreateDisruptionApplicationDto, ListApplicationsQueryDto, RecordDomainDto } from './dto.js';

/** Regulator roles read applications; external roles are let through only to be told there is none (404). */
export const DISRUPTION_READERS = ['admin', 'case_officer', 'decision_maker', 'analyst', 'provider', 'complainant_body'] as const;
export const DISRUPTION_ACTORS = ['case_officer', 'decision_maker'] as const;

@ApiTags('business-disruption')
@ApiBearerAuth()
@Controller('api/v1')
export class DisruptionController {
  constructor(
    @Inject(DisruptionApplications) private readonly applications: DisruptionApplications,
    @Inject(BundleRenderer) private readonly bundles: BundleRenderer,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Post('cases/:id/disruption-applications')
  @Roles(...DISRUPTION_ACTORS)
  @ApiOperation({
    summary:
      'Business disruption application on a case: a case officer drafts it; a decision maker makes it, firing apply_for_business_disruption on the case. Domains default to every domain of the service, mirrors and successors included.',
  })
  create(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) caseId: string, @Body() body: CreateDisruptionApplicationDto): Promise<ApplicationView> {
    return this.applications.create(principal, caseId, body);
  }

  @Get('cases/:id/disruption-applications')
  @Roles(...DISRUPTION_READERS)
  @ApiOperation({ summary: "The case's business disruption applications, oldest first" })
  async list(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) caseId: string): Promise<{ items: ApplicationView[]; nextCursor: null }> {
    return { items: await this.applications.listForCase(principal, caseId), nextCursor: null };
  }

  @Get('disruption-applications')
  @Roles(...REGULATOR_ROLES)
  @ApiOperation({ summary: 'Every business disruption application, newest first, with the count of drafted variations waiting to be filed' })
  listAll(@Query() query: ListApplicationsQueryDto): Promise<Page<ApplicationSummary>> {
    return this.applications.list({ status: query.status, limit: pageSize(query.limit), cursor: query.cursor });
  }

  @Get('disruption-applications/:id')
  @Roles(...DISRUPTION_READERS)
  @ApiOperation({ summary: 'One application: the statutory test, third parties, domains and apps covered, court events and variations' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<ApplicationView> {
    return this.applications.get(principal, id);
  }

  @Post('disruption-applications/:id/apply')
  @HttpCode(200)
  @Roles('decision_maker')
  @ApiOperation({ summary: 'Make a drafted application (decision maker): the test is checked and the case moves to business_disruption' })
  apply(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: ApplyDto): Promise<ApplicationView> {
    return this.applications.apply(principal, id, body.reason ?? null);
  }

  @Get('disruption-applications/:id/bundle')
  @Roles(...DISRUPTION_READERS)
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'html'] })
  @ApiOperation({ summary: 'The application bundle (grounds, chronology from the audit trail, evidence index): JSON with the printable HTML and its SHA-256, or the HTML itself with format=html' })
  async bundle(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Query('format') format: string | undefined, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const dossier = await this.applications.dossier(principal, id);
    const rendered = this.bundles.render(dossier, this.clock.now());
    if (format === 'html') return sendLetterPage(reply, rendered.html);
    return reply.send({
      applicationId: dossier.application.id,
      reference: dossier.application.reference,
      ...rendered,
      chronology: dossier.chronology.map((e) => ({ seq: e.seq, event: e.event, fromState: e.fromState, toState: e.toState, actor: e.actor, occurredAt: e.occurredAt, hash: e.hash })),
      evidenceIndex: dossier.documents.map((d) => ({ documentId: d.id, title: d.title, issuedAt: d.issuedAt.toISOString(), sha256: d.sha256 })),
    });
  }

  @Post('disruption-applications/:id/court-events')
  @Roles(...DISRUPTION_ACTORS)
  @ApiOperation({
    summary:
      'Record a step in court: filed, hearing_listed, order_made, order_refused, order_varied. A decision fires record_court_order on the case; an order made or varied is emailed to the third parties.',
  })
  courtEvent(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: CourtEventDto): Promise<ApplicationView> {
    return this.applications.recordCourtEvent(principal, id, body);
  }

  @Post('disruption-applications/:id/domains')
  @Roles(...DISRUPTION_ACTORS)
  @ApiOperation({ summary: 'Record a new domain of the service (linked in the registry): an order already made gets a drafted variation' })
  recordDomain(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: RecordDomainDto): Promise<ApplicationView> {
    return this.applications.recordDomain(principal, id, body);
  }

  @Get('disruption-variations/:id')
  @Roles(...DISRUPTION_READERS)
  @ApiOperation({ summary: 'One variation of an order' })
  variation(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<VariationView> {
    return this.applications.variation(principal, id);
  }

  @Post('disruption-variations/:id/file')
  @HttpCode(200)
  @Roles(...DISRUPTION_ACTORS)
  @ApiOperation({ summary: 'File a drafted variation with the court; returns the application' })
  fileVariation(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<ApplicationView> {
    return this.applications.fileVariation(principal, id);
  }
}
