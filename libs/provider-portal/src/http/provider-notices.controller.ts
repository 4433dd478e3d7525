import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { downloadHeaders } from '@app/attachments';
import { Roles, type Page, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { ProviderPortal, type NoticeDetail, type NoticeView, type Receipt } from '../provider-portal.service.js';
import {
  ExtensionRequestBodyDto,
  ListNoticesQueryDto,
  NoticeListView,
  ReceiptView,
  RepresentationsBodyDto,
  RepresentationsFieldsDto,
  ResponseBodyDto,
  ResponseFieldsDto,
} from './dto.js';
import { readSubmission, validated } from './read-body.js';

export function isMultipart(request: FastifyRequest): boolean {
  return String(request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

/** Documents and files: providers for their own notices, caseworkers for any. */
const DOCUMENT_READERS = ['provider', 'admin', 'case_officer', 'decision_maker'] as const;

/** The provider portal's API: a provider's own organisation's notices only (anyone else's: 404). */
@ApiTags('provider notices')
@ApiBearerAuth()
@Controller('api/v1/provider/notices')
export class ProviderNoticesController {
  constructor(@Inject(ProviderPortal) private readonly portal: ProviderPortal) {}

  @Get()
  @Roles('provider')
  @ApiOperation({ summary: "Your organisation's notices, newest first, with their due dates and whether they were answered" })
  @ApiOkResponse({ type: NoticeListView })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListNoticesQueryDto): Promise<Page<NoticeView>> {
    return this.portal.list(principal, query);
  }

  @Get(':id')
  @Roles('provider')
  @ApiOperation({ summary: 'One notice: its deadline with how the date was worked out, your answers with their receipts, and extension requests' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<NoticeDetail> {
    return this.portal.get(principal, id);
  }

  @Get(':id/document')
  @Roles(...DOCUMENT_READERS)
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The notice exactly as issued (HTML); X-Document-SHA256 is its hash' })
  async document(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const { html, sha256 } = await this.portal.document(principal, id);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('x-document-sha256', sha256)
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
      .send(html);
  }

  @Get(':id/attachments/:attachmentId')
  @Roles(...DOCUMENT_READERS)
  @ApiProduces('application/pdf', 'text/csv', 'text/plain')
  @ApiOperation({ summary: 'A file sent with an answer or representations on the notice; the read is logged' })
  async attachment(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Param('attachmentId', ParseIdPipe) attachmentId: string,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { meta, bytes } = await this.portal.attachment(principal, id, attachmentId);
    return reply.headers({ ...downloadHeaders(meta), 'x-attachment-sha256': meta.sha256 }).send(bytes);
  }

  @Post(':id/responses')
  @HttpCode(201)
  @Roles('provider')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: ResponseBodyDto })
  @ApiCreatedResponse({ type: ReceiptView })
  @ApiOperation({
    summary: 'Answer a notice: structured answers, a statement and files (PDF, CSV or plain text; never images)',
    description:
      'JSON with files base64 in attachments, or multipart/form-data with answers as JSON text and file parts named attachments. ' +
      'A late answer is recorded as late, never refused. Answering a case information notice records the response on the case. Returns the receipt.',
  })
  async respond(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Req() request: FastifyRequest): Promise<Receipt> {
    const { fields, files } = await readSubmission(request.body, isMultipart(request), ResponseBodyDto, ResponseFieldsDto, ['answers']);
    return this.portal.respond(principal, id, fields, files);
  }

  @Post(':id/representations')
  @HttpCode(201)
  @Roles('provider')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: RepresentationsBodyDto })
  @ApiCreatedResponse({ type: ReceiptView })
  @ApiOperation({ summary: 'Make representations on a provisional notice, optionally asking for an oral hearing; recorded on the case. Returns the receipt.' })
  async represent(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Req() request: FastifyRequest): Promise<Receipt> {
    const { fields, files } = await readSubmission(request.body, isMultipart(request), RepresentationsBodyDto, RepresentationsFieldsDto);
    return this.portal.makeRepresentations(principal, id, fields, files);
  }

  @Post(':id/extension-requests')
  @HttpCode(201)
  @Roles('provider')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: ExtensionRequestBodyDto })
  @ApiCreatedResponse({ type: ReceiptView })
  @ApiOperation({ summary: 'Ask for more time, with reasons; an officer decides and you are emailed. Returns the receipt.' })
  async requestExtension(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Req() request: FastifyRequest): Promise<Receipt> {
    const body = await validated(ExtensionRequestBodyDto, request.body);
    return this.portal.requestExtension(principal, id, body);
  }
}
