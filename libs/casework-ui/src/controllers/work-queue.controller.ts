import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { Pages } from '@app/web';
import { CaseworkPages } from '../application/casework-pages.js';

/** "My work": the deadlines of the cases I hold, overdue and due soon first. */
@ApiExcludeController()
@Controller('work-queue')
export class WorkQueueController {
  constructor(
    @Inject(CaseworkPages) private readonly casework: CaseworkPages,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  @Roles('case_officer', 'decision_maker')
  async show(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const page = await this.casework.workQueue(principal);
    return this.pages.render(request, reply, page.template, page.data, page.status);
  }
}
