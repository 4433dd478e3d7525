import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, Public, RequestContext, Roles, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { Pages, errorSummary, looksLikeEmail, textField, type FieldErrors, type FormBody } from '@app/web';
import { CRITERIA, ELIGIBILITY_CRITERIA, type EligibilityCriterion } from './eligibility-criteria.js';
import { EntityApplicationService } from './entity-applications.service.js';

const OFFICERS = ['admin', 'case_officer', 'decision_maker'] as const;

/** Pages to apply to be recognised as an eligible entity (anyone) and to assess applications (officers). */
@ApiExcludeController()
@Controller('eligible-entities')
export class EntityApplicationPagesController {
  constructor(
    @Inject(EntityApplicationService) private readonly applications: EntityApplicationService,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get('apply')
  @Public()
  applyForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.renderApply(request, reply, {}, {});
  }

  @Post('apply')
  @Public()
  async apply(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: FormBody): Promise<FastifyReply> {
    const values = {
      organisationName: textField(body, 'organisationName', { maxLength: 200 }),
      contactName: textField(body, 'contactName', { maxLength: 200 }),
      contactEmail: textField(body, 'contactEmail', { maxLength: 320 }),
      description: textField(body, 'description', { maxLength: 8000 }),
      ...Object.fromEntries(CRITERIA.map((c) => [c, textField(body, c, { maxLength: 8000 })])),
    } as Record<string, string>;
    const errors: FieldErrors = {};
    if (!values.organisationName) errors.organisationName = 'Enter the name of your organisation';
    if (!values.contactName) errors.contactName = 'Enter the name of the contact';
    if (!looksLikeEmail(values.contactEmail ?? '')) errors.contactEmail = 'Enter an email address, like name@example.org';
    if (!values.description) errors.description = 'Describe what your organisation does';
    for (const c of CRITERIA) if (!values[c]) errors[c] = `Give your evidence that your organisation ${ELIGIBILITY_CRITERIA[c].charAt(0).toLowerCase()}${ELIGIBILITY_CRITERIA[c].slice(1)}`;
    if (Object.keys(errors).length) return this.renderApply(request, reply, values, errors, 422);
    const created = await this.applications.apply(
      {
        organisationName: values.organisationName as string,
        contactName: values.contactName as string,
        contactEmail: values.contactEmail as string,
        description: values.description as string,
        evidence: Object.fromEntries(CRITERIA.map((c) => [c, values[c] as string])) as Record<EligibilityCriterion, string>,
      },
      RequestContext.current()?.principal,
    );
    return this.pages.render(request, reply, 'pages/super-complaints/entity-applied', { title: 'Application sent', application: created }, 201);
  }

  @Get('applications')
  @Roles(...OFFICERS)
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.render(request, reply, 'pages/super-complaints/entity-applications', { title: 'Applications to be an eligible entity', items: await this.applications.list() });
  }

  @Get('applications/:id')
  @Roles(...OFFICERS)
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    return this.renderApplication(request, reply, id, {});
  }

  @Post('applications/:id/decision')
  @Roles('case_officer', 'decision_maker')
  async decide(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const errors: FieldErrors = {};
    const checklist: Record<string, boolean> = {};
    for (const c of CRITERIA) {
      const answer = textField(body, c);
      if (answer !== 'yes' && answer !== 'no') errors[c] = `Select whether the entity ${ELIGIBILITY_CRITERIA[c].charAt(0).toLowerCase()}${ELIGIBILITY_CRITERIA[c].slice(1)}`;
      checklist[c] = answer === 'yes';
    }
    const reasons = textField(body, 'reasons', { maxLength: 8000 });
    if (!reasons) errors.reasons = 'Enter the reasons for the decision';
    if (Object.keys(errors).length) return this.renderApplication(request, reply, id, errors, 422);
    try {
      const decided = await this.applications.decide(id, { checklist, reasons }, principal);
      return this.pages.redirect(reply, `/eligible-entities/applications/${id}`, {
        heading: decided.state === 'recognised' ? `${decided.organisationName} recognised` : `${decided.organisationName} not recognised`,
        body: 'The applicant has been told by email.',
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'NOT_FOUND' || error.status >= 500) throw error;
      return this.renderApplication(request, reply, id, { reasons: error.detail }, error.status);
    }
  }

  private renderApply(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors, status = 200): Promise<FastifyReply> {
    const criteria = CRITERIA.map((c) => ({ id: c, text: ELIGIBILITY_CRITERIA[c], value: values[c] ?? '', error: errors[c] }));
    return this.pages.render(request, reply, 'pages/super-complaints/entity-apply', { title: 'Apply to be an eligible entity', values, criteria, errors, errorList: errorSummary(errors) }, status);
  }

  private async renderApplication(request: FastifyRequest, reply: FastifyReply, id: string, errors: FieldErrors, status = 200): Promise<FastifyReply> {
    const application = await this.applications.get(id);
    return this.pages.render(
      request,
      reply,
      'pages/super-complaints/entity-application',
      {
        title: `Application ${application.reference}`,
        application,
        criteria: application.criteria.map((c) => ({ ...c, error: errors[c.criterion] })),
        undecided: application.state === 'submitted',
        errors,
        errorList: errorSummary(errors),
        backLink: { href: '/eligible-entities/applications', text: 'All applications' },
      },
      status,
    );
  }
}
