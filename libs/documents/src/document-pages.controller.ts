import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, Roles } from '@app/core';
import { ParseIdPipe } from '@app/platform';
import { Pages } from '@app/web';
import { DocumentRenderer, styleHashSources } from './document-renderer.js';
import { DocumentStore } from './document-store.js';
import { templateListing } from './documents.controller.js';
import { LETTER_TEMPLATES, LETTER_TEMPLATE_NAMES, isLetterTemplateName } from './letter-templates.js';

/**
 * A letter is a standalone page: its own embedded print stylesheet, no scripts, nothing loaded from
 * elsewhere. The policy allows exactly the document's own <style> elements (by hash).
 */
export function sendLetterPage(reply: FastifyReply, html: string): FastifyReply {
  const styles = styleHashSources(html).join(' ') || "'none'";
  return reply
    .header(
      'Content-Security-Policy',
      `default-src 'none'; style-src ${styles}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`,
    )
    .header('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** Letters as pages: the list of templates, a preview of each with sample data, and issued documents for printing. */
@ApiExcludeController()
@Controller('documents')
export class DocumentPagesController {
  constructor(
    @Inject(DocumentRenderer) private readonly renderer: DocumentRenderer,
    @Inject(DocumentStore) private readonly store: DocumentStore,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get('templates')
  @Roles('admin', 'case_officer', 'decision_maker', 'analyst')
  templates(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.render(request, reply, 'pages/documents/templates', { templates: templateListing() });
  }

  @Get('preview/:template')
  @Roles('admin', 'case_officer', 'decision_maker', 'analyst')
  preview(@Param('template') template: string, @Res() reply: FastifyReply): FastifyReply {
    if (!isLetterTemplateName(template)) {
      throw new DomainError('DOCUMENT_TEMPLATE_NOT_FOUND', `There is no template named "${template.slice(0, 60)}". Use one of: ${LETTER_TEMPLATE_NAMES.join(', ')}.`);
    }
    const rendered = this.renderer.render(template, LETTER_TEMPLATES[template].sample, { preview: { backLink: '/documents/templates' } });
    return sendLetterPage(reply, rendered.html);
  }

  @Get(':id')
  @Roles('admin', 'case_officer', 'decision_maker', 'analyst')
  async issued(@Param('id', ParseIdPipe) id: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const document = await this.store.get(id);
    return sendLetterPage(reply, document.html);
  }
}
