import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REGULATOR_ROLES, Roles, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { Pages, type FormBody } from '@app/web';
import { CASE_CREATORS, CASEWORK_ROLES, CaseworkPages, DOMAIN_RECORDERS } from '../application/casework-pages.js';

/** The case officer's pages: the case list, opening a case, a case, and each lifecycle step as a form. */
@ApiExcludeController()
@Controller('cases')
export class CasePagesController {
  constructor(
    @Inject(CaseworkPages) private readonly casework: CaseworkPages,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  @Roles(...REGULATOR_ROLES)
  async list(@Query() query: FormBody, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.casework.list(query, principal));
  }

  @Get('new')
  @Roles(...CASE_CREATORS)
  async newCase(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.casework.newCaseForm());
  }

  @Post('new')
  @Roles(...CASE_CREATORS)
  async openCase(@Body() body: FormBody, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.casework.openCase(body, principal));
  }

  @Get(':id')
  @Roles(...REGULATOR_ROLES)
  async case(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.casework.casePage(id, principal));
  }

  @Post(':id/domains')
  @Roles(...DOMAIN_RECORDERS)
  async recordDomain(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: FormBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.casework.recordDomain(id, body, principal));
  }

  @Get(':id/events/:event')
  @Roles(...CASEWORK_ROLES)
  async eventForm(
    @Param('id', ParseIdPipe) id: string,
    @Param('event') event: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.casework.eventPage(id, event, principal));
  }

  @Post(':id/events/:event')
  @Roles(...CASEWORK_ROLES)
  async fire(
    @Param('id', ParseIdPipe) id: string,
    @Param('event') event: string,
    @Body() body: FormBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.answer(request, reply, await this.casework.fire(id, event, body, principal));
  }

}
