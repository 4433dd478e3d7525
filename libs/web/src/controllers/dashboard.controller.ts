import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasRole, isRegulator, type Principal } from '@app/core';
import { ApiKeyService, CurrentPrincipal, UserAdminService } from '@app/identity';
import { countAll } from '../count-pages.js';
import { dashboardLinksFor } from '../dashboard-links.js';
import { Pages } from '../pages.js';

const PAGE = 500;

/** Where everyone lands after signing in: who they are, and what their role lets them do now. */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  constructor(
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(ApiKeyService) private readonly apiKeys: ApiKeyService,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal): Promise<FastifyReply> {
    const account = await this.users.getUser(principal.id);
    const admin = hasRole(principal, 'admin')
      ? {
          userCount: await countAll((cursor) => this.users.listUsers({ limit: PAGE, cursor })),
          organisationCount: await countAll((cursor) => this.users.listOrganisations({ limit: PAGE, cursor })),
        }
      : undefined;
    const apiKeys = isRegulator(principal)
      ? undefined
      : { active: await countAll((cursor) => this.apiKeys.list(principal.organisationId, { actor: principal, limit: PAGE, cursor }), (key) => !key.revokedAt) };
    return this.pages.render(request, reply, 'pages/dashboard/index', {
      account,
      admin,
      apiKeys,
      links: dashboardLinksFor(principal.roles),
    });
  }
}
