import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeUpload, downloadHeaders, uploadsFrom, type UploadedFile } from '@app/attachments';
import { DomainError, Public, Roles, pageSize, type Page, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe, createValidationPipe } from '@app/platform';
import {
  SuperComplaintService,
  type MessageView,
  type PublishedResponseView,
  type SuperComplaintStats,
  type SuperComplaintView,
} from '../super-complaint.service.js';
import { AddAttachmentsDto, CreateSuperComplaintDto, FireEventDto, ListSuperComplaintsQueryDto, PostMessageDto, UpdateSuperComplaintDto } from './dto.js';

const READERS = ['admin', 'case_officer', 'decision_maker', 'complainant_body'] as const;
const ACTORS = ['case_officer', 'decision_maker', 'complainant_body'] as const;

/** If-Match carries the version the client read, as the ETag gave it: "3" (W/"3" and a bare 3 are accepted too). */
export function parseSuperComplaintIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new DomainError(
      'SUPER_COMPLAINT_IF_MATCH_REQUIRED',
      'Send If-Match with the version of the super-complaint you read (its ETag, e.g. If-Match: "3"), so that a change made meanwhile is not overwritten.',
    );
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new DomainError('SUPER_COMPLAINT_IF_MATCH_INVALID', `If-Match must be the version of the super-complaint in quotes, as its ETag gives it (e.g. "3"); got ${header.slice(0, 40)}.`);
  }
  return Number(match[1]);
}

const etag = (version: number): string => `"${version}"`;
const IF_MATCH = { name: 'If-Match', required: true, description: 'The version you read, as the ETag gave it: "3"' } as const;
const CONCURRENCY =
  'Takes If-Match with the version you read (428 SUPER_COMPLAINT_IF_MATCH_REQUIRED without it; 409 SUPER_COMPLAINT_VERSION_CONFLICT when it changed meanwhile); the response carries the new ETag.';

function isMultipart(request: FastifyRequest): boolean {
  return String(request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

@ApiTags('super-complaints')
@ApiBearerAuth()
@Controller('api/v1/super-complaints')
export class SuperComplaintsController {
  constructor(@Inject(SuperComplaintService) private readonly service: SuperComplaintService) {}

  @Post()
  @Roles('complainant_body')
  @ApiOperation({
    summary: 'Start a super-complaint as a draft (eligible entities); returns {id, reference, state, deadlines[]} and the rest of the draft',
    description: 'Files may be sent with it in attachments (base64). The ETag header is the version to send in If-Match with the next change.',
  })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateSuperComplaintDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<SuperComplaintView> {
    const { attachments, ...fields } = body;
    const view = await this.service.createDraft(principal, { ...fields, attachments: attachments?.map(decodeUpload) });
    reply.header('ETag', etag(view.version)).header('Location', `/api/v1/super-complaints/${view.id}`);
    return view;
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Super-complaints, newest first: an entity sees its own, officers see all' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListSuperComplaintsQueryDto): Promise<Page<SuperComplaintView>> {
    return this.service.list(principal, { state: query.state, limit: pageSize(query.limit), cursor: query.cursor });
  }

  @Get('stats')
  @Roles('admin', 'case_officer', 'decision_maker', 'analyst')
  @ApiOperation({ summary: 'Counts by state and median days to the eligibility decision and to the response (no content)' })
  stats(): Promise<SuperComplaintStats> {
    return this.service.stats();
  }

  @Get('published')
  @Public()
  @ApiOperation({ summary: 'Published responses to super-complaints, newest first' })
  published(): Promise<PublishedResponseView[]> {
    return this.service.published();
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One super-complaint with its deadlines and their explanations (own organisation only; officers see all); ETag is its version' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<SuperComplaintView> {
    const view = await this.service.get(principal, id);
    reply.header('ETag', etag(view.version));
    return view;
  }

  @Patch(':id')
  @Roles('complainant_body')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Change a draft (fields left out stay as they are; attachments are added)', description: CONCURRENCY })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateSuperComplaintDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SuperComplaintView> {
    const expectedVersion = parseSuperComplaintIfMatch(ifMatch);
    const { attachments, ...fields } = body;
    const view = await this.service.updateDraft(principal, id, { ...fields, attachments: attachments?.map(decodeUpload) }, expectedVersion);
    reply.header('ETag', etag(view.version));
    return view;
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('complainant_body')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'File the draft: completeness, the six-month limit and repeats are checked, and the eligibility clock starts', description: CONCURRENCY })
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SuperComplaintView> {
    const view = await this.service.fire(principal, id, 'submit', {}, { expectedVersion: parseSuperComplaintIfMatch(ifMatch) });
    reply.header('ETag', etag(view.version));
    return view;
  }

  @Post(':id/events')
  @HttpCode(200)
  @Roles(...ACTORS)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary:
      'Take a step of the lifecycle: grant_filing_exception, acknowledge_receipt, find_eligible, find_not_admissible, request_information, provide_information, publish_response, withdraw',
    description:
      `${CONCURRENCY} publish_response with outcome enforcement_action_opened links the cases opened: give their ids in data.caseIds, ` +
      'or set data.openCases to true to open one case per service named, with the harm categories of the super-complaint. ' +
      'See docs/super-complaint-lifecycle.md for every rule.',
  })
  async fire(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: FireEventDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SuperComplaintView> {
    const expectedVersion = parseSuperComplaintIfMatch(ifMatch);
    const view = await this.service.fire(principal, id, body.event, body.data ?? {}, { expectedVersion, attachments: body.attachments?.map(decodeUpload) });
    reply.header('ETag', etag(view.version));
    return view;
  }

  @Post(':id/attachments')
  @HttpCode(200)
  @Roles('complainant_body')
  @ApiHeader(IF_MATCH)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: AddAttachmentsDto })
  @ApiOperation({
    summary: 'Add files to a draft, or with the answer to an information request (PDF, CSV or plain text; never images)',
    description: `JSON with base64 files, or multipart/form-data with file fields named attachments. Each file is checked by its content and stored with its SHA-256. ${CONCURRENCY}`,
  })
  async addAttachments(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SuperComplaintView> {
    const expectedVersion = parseSuperComplaintIfMatch(ifMatch);
    let files: UploadedFile[];
    if (isMultipart(request)) {
      files = uploadsFrom(request.body);
    } else {
      const dto = (await createValidationPipe().transform(request.body ?? {}, { type: 'body', metatype: AddAttachmentsDto })) as AddAttachmentsDto;
      files = dto.attachments.map(decodeUpload);
    }
    const view = await this.service.addAttachments(principal, id, files, expectedVersion);
    reply.header('ETag', etag(view.version));
    return view;
  }

  @Get(':id/attachments/:attachmentId')
  @Roles(...READERS)
  @ApiProduces('application/pdf', 'text/csv', 'text/plain')
  @ApiOperation({ summary: 'Download a file of a super-complaint (officers, and the entity that made it); the read is logged and X-Attachment-SHA256 gives its checksum' })
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Param('attachmentId', ParseIdPipe) attachmentId: string,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { meta, bytes } = await this.service.openAttachment(principal, id, attachmentId);
    return reply.headers(downloadHeaders(meta)).send(bytes);
  }

  @Get(':id/messages')
  @Roles(...ACTORS, 'admin')
  @ApiOperation({ summary: 'The message thread of a super-complaint' })
  messages(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<MessageView[]> {
    return this.service.messages(principal, id);
  }

  @Post(':id/messages')
  @Roles(...ACTORS)
  @ApiOperation({ summary: "Send a message in the thread; the regulator's messages are emailed to the entity" })
  postMessage(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: PostMessageDto): Promise<MessageView> {
    return this.service.postMessage(principal, id, body.body);
  }
}
