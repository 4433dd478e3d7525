import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, hasRole, Roles, type Principal } from '@app/core';
import { ApiKeyService, CurrentPrincipal, UserAdminService, type CreatedApiKey, type OrganisationView } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { allItems } from '../count-pages.js';
import { errorSummary, textField, type FieldErrors, type FormBody } from '../forms.js';
import { Pages } from '../pages.js';

const PAGE = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * API keys of an organisation: provider and eligible-entity users manage their own organisation's;
 * an administrator chooses the organisation. A new key is shown once, on the page that created it.
 */
@ApiExcludeController()
@Roles('admin', 'provider', 'complainant_body')
@Controller('account/api-keys')
export class ApiKeysController {
  constructor(
    @Inject(ApiKeyService) private readonly apiKeys: ApiKeyService,
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Query('organisation') organisation?: string,
  ): Promise<FastifyReply> {
    return this.renderPage(request, reply, principal, organisation, {});
  }

  @Post()
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const organisationId = this.organisationFor(principal, textField(body, 'organisationId'));
    const name = textField(body, 'name', { maxLength: 100 });
    if (!organisationId) return this.pages.redirect(reply, '/account/api-keys');
    if (!name) return this.renderPage(request, reply, principal, organisationId, { errors: { name: 'Enter a name for the key' } }, 422);
    let created: CreatedApiKey;
    try {
      created = await this.apiKeys.create(organisationId, name, principal);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'API_KEY_NOT_ALLOWED') throw error;
      return this.renderPage(request, reply, principal, organisationId, { errors: { name: error.detail }, values: { name } }, error.status);
    }
    return this.renderPage(request, reply, principal, organisationId, { created }, 201);
  }

  @Post(':id/revoke')
  async revoke(
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<FastifyReply> {
    const revoked = await this.apiKeys.revoke(id, principal);
    const back = hasRole(principal, 'admin') ? `/account/api-keys?organisation=${encodeURIComponent(revoked.organisationId)}` : '/account/api-keys';
    return this.pages.redirect(reply, back, { heading: `API key "${revoked.name}" revoked`, body: 'Systems using it can no longer reach the API.' });
  }

  /** External users always work on their own organisation; an admin on the one they chose. */
  private organisationFor(principal: Principal, requested: string | undefined): string | undefined {
    if (!hasRole(principal, 'admin')) return principal.organisationId;
    return requested && UUID.test(requested) ? requested.toLowerCase() : undefined;
  }

  private async renderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    requestedOrganisation: string | undefined,
    state: { created?: CreatedApiKey; errors?: FieldErrors; values?: Record<string, string> },
    status = 200,
  ): Promise<FastifyReply> {
    const organisationId = this.organisationFor(principal, requestedOrganisation);
    const isAdmin = hasRole(principal, 'admin');
    let chooser: { value: string; text: string; selected: boolean }[] | undefined;
    if (isAdmin) {
      const organisations = await allItems((cursor) => this.users.listOrganisations({ limit: PAGE, cursor }));
      chooser = [
        { value: '', text: 'Select an organisation', selected: !organisationId },
        ...organisations.filter((o) => o.kind !== 'regulator').map((o) => ({ value: o.id, text: o.name, selected: o.id === organisationId })),
      ];
    }
    let organisation: OrganisationView | undefined;
    let keys: unknown[] = [];
    if (organisationId) {
      organisation = await this.users.getOrganisation(organisationId);
      keys = await allItems((cursor) => this.apiKeys.list(organisationId, { actor: principal, limit: PAGE, cursor }));
    }
    const errors = state.errors ?? {};
    return this.pages.render(
      request,
      reply,
      'pages/account/api-keys',
      { chooser, organisation, keys, created: state.created, values: state.values ?? {}, errors, errorList: errorSummary(errors) },
      status,
    );
  }
}
