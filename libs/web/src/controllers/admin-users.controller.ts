import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock, DomainError, ROLES, Roles, type Principal, type Role } from '@app/core';
import { CurrentPrincipal, INVITATION_TTL_DAYS, MfaService, rolesAllowedFor, UserAdminService, type UserView } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { allItems } from '../count-pages.js';
import { errorSummary, listField, looksLikeEmail, textField, type FieldErrors, type FormBody } from '../forms.js';
import { Pages } from '../pages.js';
import { ROLE_NAMES } from '../view-helpers.js';

const PAGE = 500;
const USERS_BACK = { href: '/admin/users', text: 'Back to users' };
/** Problems a user-change form shows on the page rather than as an error page. */
const FORM_PROBLEMS = new Set(['VALIDATION_FAILED', 'ROLES_NOT_ALLOWED_FOR_ORGANISATION', 'LAST_ADMIN', 'USER_EXISTS', 'NOT_FOUND']);

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

const roleItems = (allowed: readonly Role[], checked: readonly string[]) =>
  allowed.map((role) => ({ value: role, text: ROLE_NAMES[role] ?? role, checked: checked.includes(role) }));

/** Administrators manage people: list, invite, change roles, reset the authenticator app, disable and enable. */
@ApiExcludeController()
@Roles('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(MfaService) private readonly mfa: MfaService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const users = await allItems((cursor) => this.users.listUsers({ limit: PAGE, cursor }));
    return this.pages.render(request, reply, 'pages/admin/users/index', { users: users.map((u) => this.withLock(u)) });
  }

  @Get('invite')
  async inviteForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.renderInvite(request, reply, {}, {}, []);
  }

  @Post('invite')
  async invite(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() actor: Principal,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const values = { name: textField(body, 'name', { maxLength: 200 }), email: textField(body, 'email', { maxLength: 320 }), organisationId: textField(body, 'organisationId') };
    const roles = listField(body, 'roles');
    const errors: FieldErrors = {};
    if (!values.name) errors.name = 'Enter their full name';
    if (!values.email) errors.email = 'Enter their email address';
    else if (!looksLikeEmail(values.email)) errors.email = 'Enter an email address in the correct format, like name@example.com';
    if (!values.organisationId) errors.organisationId = 'Select their organisation';
    if (roles.length === 0) errors.roles = 'Select at least one role';
    else if (!roles.every(isRole)) errors.roles = 'Select roles from the list';
    if (Object.keys(errors).length > 0) return this.renderInvite(request, reply, values, errors, roles, 422);
    try {
      const created = await this.users.invite({ ...values, roles: roles as Role[] }, actor);
      return this.pages.render(request, reply, 'pages/admin/users/invited', { invitation: created.invitation, acceptUrl: created.acceptUrl });
    } catch (error) {
      if (!(error instanceof DomainError) || !FORM_PROBLEMS.has(error.code)) throw error;
      const field = error.code === 'USER_EXISTS' ? 'email' : error.code === 'NOT_FOUND' ? 'organisationId' : 'roles';
      return this.renderInvite(request, reply, values, { [field]: error.code === 'NOT_FOUND' ? 'Select their organisation' : error.detail }, roles, error.status);
    }
  }

  @Get(':id')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const user = await this.users.getUser(id);
    return this.renderUser(request, reply, user, {}, user.roles);
  }

  @Post(':id/roles')
  async setRoles(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() actor: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const roles = listField(body, 'roles');
    const user = await this.users.getUser(id);
    if (roles.length === 0 || !roles.every(isRole)) {
      return this.renderUser(request, reply, user, { roles: 'Select at least one role' }, roles, 422);
    }
    try {
      await this.users.setRoles(id, roles as Role[], actor);
    } catch (error) {
      if (!(error instanceof DomainError) || !FORM_PROBLEMS.has(error.code)) throw error;
      return this.renderUser(request, reply, user, { roles: error.detail }, roles, error.status);
    }
    return this.pages.redirect(reply, `/admin/users/${id}`, { heading: `Roles of ${user.name} saved` });
  }

  @Post(':id/reset-mfa')
  async resetMfa(
    @Res() reply: FastifyReply,
    @CurrentPrincipal() actor: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<FastifyReply> {
    const user = await this.users.getUser(id);
    await this.mfa.reset(id, actor);
    return this.pages.redirect(reply, `/admin/users/${id}`, {
      heading: `Authenticator app of ${user.name} reset`,
      body: 'They will set up a new one when they next sign in, if their role requires it.',
    });
  }

  @Post(':id/disable')
  async disable(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() actor: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<FastifyReply> {
    const user = await this.users.getUser(id);
    try {
      await this.users.disable(id, actor);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'LAST_ADMIN') throw error;
      return this.renderUser(request, reply, user, {}, user.roles, error.status, [{ href: '', message: error.detail }]);
    }
    return this.pages.redirect(reply, `/admin/users/${id}`, { heading: `Account of ${user.name} disabled` });
  }

  @Post(':id/enable')
  async enable(@Res() reply: FastifyReply, @CurrentPrincipal() actor: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    const user = await this.users.enable(id, actor);
    return this.pages.redirect(reply, `/admin/users/${id}`, { heading: `Account of ${user.name} enabled` });
  }

  private withLock(user: UserView): UserView & { locked: boolean } {
    return { ...user, locked: !user.disabled && user.lockedUntil !== null && user.lockedUntil > this.clock.now() };
  }

  private async renderInvite(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FieldErrors,
    checkedRoles: string[],
    status = 200,
  ): Promise<FastifyReply> {
    const organisations = await allItems((cursor) => this.users.listOrganisations({ limit: PAGE, cursor }));
    return this.pages.render(
      request,
      reply,
      'pages/admin/users/invite',
      {
        backLink: USERS_BACK,
        values,
        errors,
        errorList: errorSummary(errors),
        expiryDays: INVITATION_TTL_DAYS,
        organisations: [
          { value: '', text: 'Select an organisation', selected: !values.organisationId },
          ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === values.organisationId })),
        ],
        roles: roleItems(ROLES, checkedRoles),
      },
      status,
    );
  }

  private renderUser(
    request: FastifyRequest,
    reply: FastifyReply,
    user: UserView,
    errors: FieldErrors,
    checkedRoles: readonly string[],
    status = 200,
    extraErrors: { href: string; message: string }[] = [],
  ): Promise<FastifyReply> {
    return this.pages.render(
      request,
      reply,
      'pages/admin/users/show',
      {
        backLink: USERS_BACK,
        user: this.withLock(user),
        errors,
        errorList: [...errorSummary(errors), ...extraErrors],
        roles: roleItems(rolesAllowedFor(user.organisationKind), checkedRoles),
      },
      status,
    );
  }
}
