import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '@app/core';
import { APP_CONFIG, ParseIdPipe, type AppConfig } from '@app/platform';
import { Pages } from '@app/web';
import { OutboxListQuery } from './outbox.controller.js';
import { Outbox } from './outbox.js';
import { OUTBOX_STATUSES, type OutboxStatus } from './outbox.types.js';

const STATUS_NAMES: Record<OutboxStatus, { text: string; colour: string }> = {
  pending: { text: 'Waiting', colour: 'blue' },
  sending: { text: 'Sending', colour: 'light-blue' },
  sent: { text: 'Sent', colour: 'green' },
  held: { text: 'Held', colour: 'yellow' },
  dead: { text: 'Failed', colour: 'red' },
};

const statusTag = (status: OutboxStatus) => STATUS_NAMES[status];

/**
 * The in-app mail viewer: every email the service wrote, sent or not. With no SMTP_URL this is where
 * mail is read. An email's HTML is shown in a sandboxed frame whose own policy forbids scripts.
 */
@ApiExcludeController()
@Controller('mail')
export class MailPagesController {
  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Pages) private readonly pages: Pages,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('admin', 'case_officer', 'decision_maker')
  async list(@Query() query: OutboxListQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const page = await this.outbox.list({ status: query.status, caseId: query.caseId, cursor: query.cursor, limit: query.limit ?? 50 });
    const filter = new URLSearchParams();
    if (query.status) filter.set('status', query.status);
    if (query.caseId) filter.set('caseId', query.caseId);
    const next = page.nextCursor ? new URLSearchParams(filter) : undefined;
    next?.set('cursor', page.nextCursor as string);
    return this.pages.render(request, reply, 'pages/mail/index', {
      messages: page.items.map((m) => ({ ...m, statusTag: statusTag(m.status) })),
      statuses: [{ value: '', text: 'All', selected: !query.status }].concat(
        OUTBOX_STATUSES.map((s) => ({ value: s, text: STATUS_NAMES[s].text, selected: query.status === s })),
      ),
      caseId: query.caseId,
      smtpConfigured: Boolean(this.config.smtpUrl),
      nextPage: next ? `/mail?${next.toString()}` : undefined,
      firstPage: query.cursor ? `/mail${filter.size > 0 ? `?${filter.toString()}` : ''}` : undefined,
    });
  }

  @Get(':id')
  @Roles('admin', 'case_officer', 'decision_maker')
  async show(@Param('id', ParseIdPipe) id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const message = await this.outbox.get(id);
    return this.pages.render(request, reply, 'pages/mail/show', {
      message: { ...message, statusTag: statusTag(message.status) },
      backLink: { href: '/mail', text: 'All mail' },
    });
  }

  /** The email's HTML alone, for the sandboxed frame of the page above: no scripts, no requests, no forms. */
  @Get(':id/body')
  @Roles('admin', 'case_officer', 'decision_maker')
  async body(@Param('id', ParseIdPipe) id: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const message = await this.outbox.get(id);
    return reply
      .header(
        'Content-Security-Policy',
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
      )
      .header('X-Frame-Options', 'SAMEORIGIN')
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(message.html);
  }
}
