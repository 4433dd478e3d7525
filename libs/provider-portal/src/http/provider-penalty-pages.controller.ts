import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { PENALTY_STATUS_WORDS, PENALTY_STEP_NAMES, PenaltyAssessments } from '@app/penalties';
import { ParseIdPipe } from '@app/platform';
import { Pages } from '@app/web';

/** The provider portal's penalty pages: the penalties imposed on your organisation's services, and one with its calculation and payments. */
@ApiExcludeController()
@Controller('provider/penalties')
export class ProviderPenaltyPagesController {
  constructor(
    @Inject(PenaltyAssessments) private readonly assessments: PenaltyAssessments,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  @Roles('provider')
  async index(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal): Promise<FastifyReply> {
    const { asOf, items } = await this.assessments.forOrganisation(principal.organisationId);
    return this.pages.render(request, reply, 'pages/provider/penalties', {
      title: 'Your penalties',
      asOf,
      items: items.map((p) => ({ ...p, statusTag: PENALTY_STATUS_WORDS[p.status] })),
    });
  }

  @Get(':id')
  @Roles('provider')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const penalty = await this.assessments.forOrganisationById(principal.organisationId, id);
    return this.pages.render(request, reply, 'pages/provider/penalty', {
      title: `Penalty – ${penalty.caseReference}`,
      penalty,
      statusTag: PENALTY_STATUS_WORDS[penalty.status],
      steps: penalty.steps.map((s) => ({ ...s, title: PENALTY_STEP_NAMES[s.name] })),
      backLink: { href: '/provider/penalties', text: 'Your penalties' },
    });
  }
}
