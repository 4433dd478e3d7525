import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@app/core';
import { Pages } from '../pages.js';

/** The start page: what the service is for, and the way in. */
@ApiExcludeController()
@Controller()
export class StartController {
  constructor(@Inject(Pages) private readonly pages: Pages) {}

  @Public()
  @Get()
  show(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.render(request, reply, 'pages/start/index');
  }
}
