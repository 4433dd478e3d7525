import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, Roles, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { PageQueryDto, ParseIdPipe } from '@app/platform';
import { BulkActions, type BulkActionInput } from '../bulk-actions.js';
import { OpenInvestigationFromProgramme } from '../open-investigation.js';
import { ProgrammeService } from '../programme.service.js';
import {
  AddServicesBody,
  BulkActionBody,
  BulkActionProgressView,
  CreateProgrammeBody,
  OpenInvestigationBody,
  ProgrammeReasonBody,
  ProgrammeStatusBody,
  ProgrammeViewDto,
  ServiceListQuery,
  ServiceSearchQuery,
  ServiceStatusBody,
} from './dto.js';

export const PROGRAMME_READERS = ['admin', 'case_officer', 'decision_maker', 'analyst'] as const;
export const PROGRAMME_WRITERS = ['admin', 'case_officer', 'decision_maker'] as const;

/** A bulk action body as the use case takes it; 422 naming `notice` when a notice has no template. */
export function bulkActionInput(body: BulkActionBody): BulkActionInput {
  if (body.kind === 'information_notice') {
    if (!body.notice) {
      throw new DomainError('VALIDATION_FAILED', 'notice: give the information notice to send (title, requirements, reasons, responseForm, responseWorkingDays).', {
        errors: [{ field: 'notice', message: 'is required for an information notice' }],
      });
    }
    return { kind: 'information_notice', notice: body.notice, ...(body.confirmationKey ? { confirmationKey: body.confirmationKey } : {}) };
  }
  return { kind: 'chase_overdue', ...(body.chase ? { chase: body.chase } : {}), ...(body.confirmationKey ? { confirmationKey: body.confirmationKey } : {}) };
}

/** Enforcement programmes: regulator roles; analysts read only; opening an investigation is a case officer's step. */
@ApiTags('programmes')
@ApiBearerAuth()
@Controller('api/v1/programmes')
export class ProgrammesController {
  constructor(
    @Inject(ProgrammeService) private readonly programmes: ProgrammeService,
    @Inject(BulkActions) private readonly actions: BulkActions,
    @Inject(OpenInvestigationFromProgramme) private readonly investigations: OpenInvestigationFromProgramme,
  ) {}

  @Get()
  @Roles(...PROGRAMME_READERS)
  @ApiOperation({ summary: 'List programmes, newest first' })
  list(@Query() query: PageQueryDto) {
    return this.programmes.list(query);
  }

  @Post()
  @HttpCode(201)
  @Roles(...PROGRAMME_WRITERS)
  @ApiOperation({ summary: 'Create a programme (a sector-wide review of many services)' })
  @ApiCreatedResponse({ type: ProgrammeViewDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateProgrammeBody) {
    return this.programmes.create(principal, body);
  }

  @Get(':id')
  @Roles(...PROGRAMME_READERS)
  @ApiOperation({ summary: 'A programme with its dashboard and its latest closing or reopening' })
  @ApiOkResponse({ type: ProgrammeViewDto })
  async get(@Param('id', ParseIdPipe) id: string) {
    const programme = await this.programmes.get(id);
    const [dashboard, statusChange] = await Promise.all([this.programmes.dashboard(id), this.programmes.lastStatusChange(id)]);
    return { ...programme, dashboard, statusChange };
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...PROGRAMME_WRITERS)
  @ApiOperation({
    summary: 'Close the programme, with the reason',
    description:
      'A closed programme stays readable but refuses new services, findings, bulk actions and investigations (409 PROGRAMME_CLOSED) until reopened. ' +
      '409 PROGRAMME_ALREADY_CLOSED when closed already; 409 PROGRAMME_BULK_ACTION_RUNNING while a bulk action is still sending.',
  })
  @ApiOkResponse({ type: ProgrammeViewDto })
  close(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: ProgrammeReasonBody) {
    return this.programmes.close(principal, id, body.reason);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles(...PROGRAMME_WRITERS)
  @ApiOperation({ summary: 'Reopen a closed programme, with the reason', description: '409 PROGRAMME_ALREADY_OPEN when it is open.' })
  @ApiOkResponse({ type: ProgrammeViewDto })
  reopen(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: ProgrammeReasonBody) {
    return this.programmes.reopen(principal, id, body.reason);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles(...PROGRAMME_WRITERS)
  @ApiOperation({ summary: 'Close or reopen a programme (same rules as /close and /reopen)' })
  setStatus(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: ProgrammeStatusBody) {
    return this.programmes.setStatus(principal, id, body.status, body.reason);
  }

  @Get(':id/services')
  @Roles(...PROGRAMME_READERS)
  @ApiOperation({ summary: 'The services in the programme with their status, a page at a time in the order they were added', description: 'Pass `nextCursor` back as `cursor` for the next page; `null` on the last page.' })
  services(@Param('id', ParseIdPipe) id: string, @Query() query: ServiceListQuery) {
    return this.programmes.services(id, { ...(query.status ? { status: query.status } : {}), ...(query.limit !== undefined ? { limit: query.limit } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) });
  }

  @Post(':id/services')
  @HttpCode(200)
  @Roles(...PROGRAMME_WRITERS)
  @ApiOperation({ summary: 'Add services by id or by a pasted list / CSV of ids and web addresses', description: 'Unknown services are reported in `rejected` with their line; nothing is registered.' })
  addServices(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: AddServicesBody) {
    return this.programmes.addServices(principal, id, body);
  }

  @Get(':id/service-search')
  @Roles(...PROGRAMME_READERS)
  @ApiOperation({ summary: 'Search the registry for services to add' })
  async search(@Param('id', ParseIdPipe) id: string, @Query() query: ServiceSearchQuery) {
    return { items: await this.programmes.search(id, query.q) };
  }

  @Get(':id/services/:serviceId')
  @Roles(...PROGRAMME_READERS)
  @ApiOperation({ summary: 'One service in the programme with its history (audited)' })
  service(@Param('id', ParseIdPipe) id: string, @Param('serviceId', ParseIdPipe) serviceId: string) {
    return this.programmes.service(id, serviceId);
  }

  @Post(':id/services/:serviceId/status')
  @HttpCode(200)
  @Roles(...PROGRAMME_WRITERS)
  @ApiOperation({ summary: "Record a service's status in the programme (e.g. compliant), with the reason" })
  setServiceStatus(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Param('serviceId', ParseIdPipe) serviceId: string, @Body() body: ServiceStatusBody) {
    return this.programmes.setServiceStatus(principal, id, serviceId, body.status, body.reason);
  }

  @Post(':id/actions/preview')
  @HttpCode(200)
  @Roles(...PROGRAMME_WRITERS)
  @ApiOperation({ summary: 'Preview a bulk action: who receives it, who is skipped and why, and a sample notice' })
  preview(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: BulkActionBody) {
    return this.actions.preview(principal, id, bulkActionInput(body));
  }

  @Post(':id/actions')
  @HttpCode(202)
  @Roles(...PROGRAMME_WRITERS)
  @ApiOperation({ summary: 'Confirm a bulk action: stored with one item per service and sent by the worker', description: 'Follow progress at GET /api/v1/programmes/:id/actions/:actionId.' })
  @ApiAcceptedResponse({ type: BulkActionProgressView })
  confirm(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: BulkActionBody) {
    return this.actions.create(principal, id, bulkActionInput(body));
  }

  @Get(':id/actions')
  @Roles(...PROGRAMME_READERS)
  @ApiOperation({ summary: 'The bulk actions of the programme with their progress' })
  async listActions(@Param('id', ParseIdPipe) id: string) {
    return { items: await this.actions.list(id) };
  }

  @Get(':id/actions/:actionId')
  @Roles(...PROGRAMME_READERS)
  @ApiOperation({ summary: 'Progress of a bulk action: {total, done, failed, skipped, pending, status}' })
  @ApiOkResponse({ type: BulkActionProgressView })
  progress(@Param('id', ParseIdPipe) id: string, @Param('actionId', ParseIdPipe) actionId: string) {
    return this.actions.progress(id, actionId);
  }

  @Get(':id/actions/:actionId/items')
  @Roles(...PROGRAMME_READERS)
  @ApiOperation({ summary: 'Each provider of a bulk action and what happened for it' })
  async items(@Param('id', ParseIdPipe) id: string, @Param('actionId', ParseIdPipe) actionId: string) {
    return { items: await this.actions.items(id, actionId) };
  }

  @Get(':id/services/:serviceId/evidence')
  @Roles(...PROGRAMME_READERS)
  @ApiOperation({ summary: "The programme's evidence about a service (notices, answers, history), as an investigation would carry it" })
  evidence(@Param('id', ParseIdPipe) id: string, @Param('serviceId', ParseIdPipe) serviceId: string) {
    return this.investigations.evidence(id, serviceId);
  }

  @Post(':id/investigations')
  @HttpCode(201)
  @Roles('case_officer')
  @ApiOperation({ summary: "Open an investigation for one service, carrying the programme's evidence over", description: 'Creates a case, fires open_investigation, and marks the service referred to investigation with a link to the case.' })
  openInvestigation(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: OpenInvestigationBody) {
    return this.investigations.execute(principal, id, body);
  }
}
