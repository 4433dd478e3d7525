import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, Roles, type Page, type Principal } from '@app/core';
import type { Deadline } from '@app/deadlines';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { CaseHistory, type CaseEventView as CaseEvent } from '../usecases/case-history.js';
import type { CaseSummary, CaseView as Case } from '../usecases/case-view.js';
import { CreateCase } from '../usecases/create-case.js';
import { FireTransition } from '../usecases/fire-transition.js';
import { GetCase } from '../usecases/get-case.js';
import { ListAvailableTransitions, type AvailableTransitions } from '../usecases/list-available-transitions.js';
import { ListCases } from '../usecases/list-cases.js';
import {
  AvailableTransitionsView,
  CaseDeadlineView,
  CaseEventView,
  CaseListView,
  CaseView,
  CreateCaseBody,
  CreatedCaseView,
  ListCasesQueryDto,
  TransitionBody,
} from './dto.js';

const READERS = ['admin', 'case_officer', 'decision_maker', 'analyst'] as const;

/** If-Match carries the version the client read, as the ETag gave it: "3" (W/"3" and a bare 3 are accepted too). */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new DomainError('CASE_IF_MATCH_REQUIRED', 'Send If-Match with the version of the case you read (its ETag, e.g. If-Match: "3"), so that a change made meanwhile is not overwritten.');
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw new DomainError('CASE_IF_MATCH_INVALID', `If-Match must be the version of the case in quotes, as its ETag gives it (e.g. "3"); got ${header.slice(0, 40)}.`);
  return Number(match[1]);
}

const etag = (version: number): string => `"${version}"`;

/** The enforcement case API: thin, each route one use case. Regulator roles only; analysts read. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases')
export class CasesController {
  constructor(
    @Inject(CreateCase) private readonly createCase: CreateCase,
    @Inject(FireTransition) private readonly fireTransition: FireTransition,
    @Inject(GetCase) private readonly getCase: GetCase,
    @Inject(ListCases) private readonly listCases: ListCases,
    @Inject(ListAvailableTransitions) private readonly availableTransitions: ListAvailableTransitions,
    @Inject(CaseHistory) private readonly history: CaseHistory,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'case_officer', 'decision_maker')
  @ApiOperation({
    summary: 'Open a case in assessment',
    description: 'From serviceId or serviceUrl. occurredAt imports history (past only, with a reason; admin may import). 422 CASE_SERVICE_REQUIRED without a service.',
  })
  @ApiCreatedResponse({ type: CreatedCaseView })
  async create(@Body() body: CreateCaseBody, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<CreatedCaseView> {
    const record = await this.createCase.execute({
      ...body,
      occurredAt: body.occurredAt === undefined ? undefined : new Date(body.occurredAt),
      principal,
    });
    reply.header('ETag', etag(record.version)).header('Location', `/api/v1/cases/${record.id}`);
    return { id: record.id, reference: record.reference, state: record.state, version: record.version };
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Cases, filtered by state, officer, service, harm category or overdue deadlines, sorted, a page at a time' })
  @ApiOkResponse({ type: CaseListView })
  list(@Query() query: ListCasesQueryDto): Promise<Page<CaseSummary>> {
    return this.listCases.execute({
      state: query.state,
      officerId: query.officer,
      serviceId: query.service,
      harm: query.harm,
      overdue: query.overdue,
      sort: query.sort,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A case with its matters, links and deadlines; ETag is its version' })
  @ApiOkResponse({ type: CaseView })
  async get(@Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Case> {
    const view = await this.getCase.execute(id);
    reply.header('ETag', etag(view.version));
    return view;
  }

  @Get(':id/transitions')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The events you may fire now, with their data, and why every other one is refused (code and reason)' })
  @ApiOkResponse({ type: AvailableTransitionsView })
  transitions(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<AvailableTransitions> {
    return this.availableTransitions.execute(id, principal);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('admin', 'case_officer', 'decision_maker')
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version you read, as its ETag gave it: "3"' })
  @ApiOperation({
    summary: 'Fire a lifecycle event',
    description:
      'Returns the case as it now is. 428 CASE_IF_MATCH_REQUIRED without If-Match; 409 CASE_VERSION_CONFLICT when someone changed the case first; ' +
      "403 CASE_ROLE_NOT_ALLOWED when your role cannot fire the event; 422 with the guard's code when a rule refuses it (see docs/lifecycle.md).",
  })
  @ApiOkResponse({ type: CaseView })
  async transition(
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: TransitionBody,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Case> {
    const { record, deadlines, related } = await this.fireTransition.execute({
      caseId: id,
      expectedVersion: parseIfMatch(ifMatch),
      event: body.event,
      reason: body.reason ?? null,
      occurredAt: body.occurredAt === undefined ? null : new Date(body.occurredAt),
      data: body.data ?? {},
      principal,
    });
    reply.header('ETag', etag(record.version));
    return this.getCase.viewOf(record, deadlines, related);
  }

  @Get(':id/events')
  @Roles(...READERS)
  @ApiOperation({ summary: "The case's audit chain, oldest first: its transitions and the changes to its deadlines, each hash-linked to the one before" })
  @ApiOkResponse({ type: [CaseEventView] })
  events(@Param('id', ParseIdPipe) id: string): Promise<CaseEvent[]> {
    return this.history.events(id);
  }

  @Get(':id/deadlines')
  @Roles(...READERS)
  @ApiOperation({ summary: "The case's deadlines (its own and its notices'), each with how its due date was worked out" })
  @ApiOkResponse({ type: [CaseDeadlineView] })
  deadlines(@Param('id', ParseIdPipe) id: string): Promise<Deadline[]> {
    return this.history.deadlinesOf(id);
  }
}
