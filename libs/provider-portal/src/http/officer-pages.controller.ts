import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, Roles, type Principal } from '@app/core';
import { isLegalDate } from '@app/deadlines';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { Pages, errorSummary, textField, type FieldErrors, type FormBody } from '@app/web';
import type { ExtensionDecision } from '../domain/notices.js';
import { ProviderPortal } from '../provider-portal.service.js';

const SUBMISSION_NAMES: Record<string, string> = { response: 'Answer', representations: 'Representations', extension_request: 'Request for more time' };

/** Officers' pages: extension requests to decide, and a case's notices with what the provider sent. */
@ApiExcludeController()
@Controller('casework')
export class OfficerPagesController {
  constructor(
    @Inject(ProviderPortal) private readonly portal: ProviderPortal,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get('extension-requests')
  @Roles('admin', 'case_officer', 'decision_maker')
  async extensionRequests(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal): Promise<FastifyReply> {
    return this.renderRequests(request, reply, principal, {}, null);
  }

  @Post('extension-requests/:id/decision')
  @Roles('case_officer', 'decision_maker')
  async decide(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const body = request.body as FormBody;
    const decision = textField(body, 'decision');
    const newDueOn = textField(body, 'newDueOn', { maxLength: 10 });
    const reasons = textField(body, 'reasons', { maxLength: 4000 });
    const errors: FieldErrors = {};
    if (decision !== 'granted' && decision !== 'refused') errors[`decision-${id}`] = 'Choose whether to grant or refuse the extension';
    if (newDueOn !== '' && !isLegalDate(newDueOn)) errors[`newDueOn-${id}`] = 'Enter the new due date as YYYY-MM-DD, or leave it empty for the date asked for';
    if (reasons === '') errors[`reasons-${id}`] = 'Enter the reasons for the decision';
    if (Object.keys(errors).length > 0) return this.renderRequests(request, reply, principal, errors, id, 422);
    try {
      await this.portal.decideExtension(principal, id, { decision: decision as ExtensionDecision, ...(newDueOn ? { newDueOn } : {}), reasons });
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500 || error.code === 'NOT_FOUND') throw error;
      return this.renderRequests(request, reply, principal, { [`decision-${id}`]: error.detail }, id, error.status);
    }
    return this.pages.redirect(reply, '/casework/extension-requests', { heading: decision === 'granted' ? 'Extension granted' : 'Extension refused', body: 'The provider has been emailed the decision.' });
  }

  @Get('cases/:id/notices')
  @Roles('admin', 'case_officer', 'decision_maker')
  async caseNotices(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const notices = await this.portal.forCase(id);
    const items = notices.map((n) => ({
      ...n,
      submissions: [...n.responses, ...n.representations, ...n.extensionRequests]
        .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
        .map((s) => ({ ...s, kindName: SUBMISSION_NAMES[s.kind], contentText: JSON.stringify(s.content, null, 2) })),
    }));
    return this.pages.render(request, reply, 'pages/provider/case-notices', {
      title: 'Notices to the provider',
      items,
      caseId: id,
      backLink: { href: `/cases/${id}`, text: 'Back to the case' },
    });
  }

  private async renderRequests(request: FastifyRequest, reply: FastifyReply, principal: Principal, errors: FieldErrors, failedId: string | null, status = 200): Promise<FastifyReply> {
    const pending = await this.portal.pendingExtensions();
    const canDecide = principal.roles.includes('case_officer') || principal.roles.includes('decision_maker');
    return this.pages.render(
      request,
      reply,
      'pages/provider/extension-requests',
      {
        title: 'Extension requests',
        canDecide,
        items: pending.map((p) => ({
          ...p,
          failed: p.receiptId === failedId,
          decisionError: errors[`decision-${p.receiptId}`],
          newDueOnError: errors[`newDueOn-${p.receiptId}`],
          reasonsError: errors[`reasons-${p.receiptId}`],
        })),
        errors,
        errorList: errorSummary(errors),
      },
      status,
    );
  }
}
