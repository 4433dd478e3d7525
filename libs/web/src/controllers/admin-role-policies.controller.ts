import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles, type Principal } from '@app/core';
import { CurrentPrincipal, UserAdminService } from '@app/identity';
import { listField, type FormBody } from '../forms.js';
import { Pages } from '../pages.js';
import { ROLE_NAMES } from '../view-helpers.js';

/** Administrators choose which roles must use an authenticator app. */
@ApiExcludeController()
@Roles('admin')
@Controller('admin/role-policies')
export class AdminRolePoliciesController {
  constructor(
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const policies = await this.users.getRolePolicies();
    return this.pages.render(request, reply, 'pages/admin/role-policies/index', {
      anyEnforced: policies.some((p) => p.enforcedInProduction),
      policies: policies.map((p) => ({
        value: p.role,
        text: ROLE_NAMES[p.role] ?? p.role,
        checked: p.effectiveMfaRequired,
        disabled: p.enforcedInProduction,
        hint: p.enforcedInProduction ? 'Always required in production' : undefined,
      })),
    });
  }

  @Post()
  async save(@Res() reply: FastifyReply, @CurrentPrincipal() actor: Principal, @Body() body: FormBody): Promise<FastifyReply> {
    const ticked = listField(body, 'mfaRequired');
    const policies = await this.users.getRolePolicies();
    for (const policy of policies) {
      // Roles the production rule covers show as ticked and cannot be changed here.
      if (policy.enforcedInProduction) continue;
      const required = ticked.includes(policy.role);
      if (required !== policy.mfaRequired) await this.users.setRolePolicy(policy.role, required, actor);
    }
    return this.pages.redirect(reply, '/admin/role-policies', { heading: 'Role policies saved' });
  }
}
