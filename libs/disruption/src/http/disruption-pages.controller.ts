import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock, REGULATOR_ROLES, Roles, type Principal } from '@app/core';
import { sendLetterPage } from '@app/documents';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { Pages, type FormBody } from '@app/web';
import { BundleRenderer } from '../application/bundle-renderer.js';
import { DisruptionApplications } from '../application/disruption-applications.js';
import { DisruptionPages } from '../application/disruption-pages.js';
import { DISRUPTION_ACTORS } from './disruption.controller.js';

/** Business disruption pages for the regulator's staff. */
@ApiExcludeController()
@Controller()
export class DisruptionPagesController {
  constructor(
    @Inject(DisruptionPages) private readonly disruption: DisruptionPages,
    @Inject(DisruptionApplications) private readonly applications: DisruptionApplications,
    @Inject(BundleRenderer) private readonly bundles: BundleRenderer,
    @Inject(Pages) private readonly pages: Pages,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get('cases/:id/disruption-applications')
  @Roles(...REGULATOR_ROLES)
  async list(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.disruption.caseApplications(id, principal));
  }

  @Get('cases/:id/disruption-applications/new')
  @Roles(...DISRUPTION_ACTORS)
  async newForm(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.disruption.newForm(id, principal));
  }

  @Post('cases/:id/disruption-applications/new')
  @Roles(...DISRUPTION_ACTORS)
  async create(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: FormBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.disruption.create(id, body, principal));
  }

  @Get('disruption-applications')
  @Roles(...REGULATOR_ROLES)
  async index(@Query() query: FormBody, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.disruption.listPage(query));
  }

  @Get('disruption-applications/:id')
  @Roles(...REGULATOR_ROLES)
  async application(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.disruption.applicationPage(id, principal));
  }

  @Get('disruption-applications/:id/bundle')
  @Roles(...REGULATOR_ROLES)
  async bundle(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() principal: Principal, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const rendered = this.bundles.render(await this.applications.dossier(principal, id), this.clock.now());
    return sendLetterPage(reply, rendered.html);
  }

  @Post('disruption-applications/:id/apply')
  @Roles('decision_maker')
  async apply(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.disruption.apply(id, principal));
  }

  @Post('disruption-applications/:id/court-events')
  @Roles(...DISRUPTION_ACTORS)
  async courtEvent(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: FormBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.disruption.courtEvent(id, body, principal));
  }

  @Post('disruption-applications/:id/domains')
  @Roles(...DISRUPTION_ACTORS)
  async recordDomain(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: FormBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.disruption.recordDomain(id, body, principal));
  }

  @Post('disruption-applications/:id/variations/:variationId/file')
  @Roles(...DISRUPTION_ACTORS)
  async fileVariation(
    @Param('id', ParseIdPipe) id: string,
    @Param('variationId', ParseIdPipe) variationId: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.disruption.fileVariation(id, variationId, principal));
  }

}
