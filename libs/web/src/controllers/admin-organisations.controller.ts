import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, Roles, type OrganisationKind, type Principal } from '@app/core';
import { CurrentPrincipal, ORGANISATION_KINDS, UserAdminService } from '@app/identity';
import { allItems } from '../count-pages.js';
import { errorSummary, textField, type FieldErrors, type FormBody } from '../forms.js';
import { Pages } from '../pages.js';
import { ORGANISATION_KIND_NAMES } from '../view-helpers.js';

const PAGE = 500;

const isKind = (value: string): value is OrganisationKind => (ORGANISATION_KINDS as readonly string[]).includes(value);

/** Administrators list organisations and add new ones (a provider, an eligible entity, the regulator). */
@ApiExcludeController()
@Roles('admin')
@Controller('admin/organisations')
export class AdminOrganisationsController {
  constructor(
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Get()
  list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.renderList(request, reply, {}, {});
  }

  @Post()
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() actor: Principal,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const values = { name: textField(body, 'name', { maxLength: 200 }), kind: textField(body, 'kind') };
    const errors: FieldErrors = {};
    if (!values.name) errors.name = 'Enter the name of the organisation';
    if (!isKind(values.kind)) errors.kind = 'Select the kind of organisation';
    if (Object.keys(errors).length > 0) return this.renderList(request, reply, values, errors, 422);
    try {
      const organisation = await this.users.createOrganisation({ name: values.name, kind: values.kind as OrganisationKind }, actor);
      return this.pages.redirect(reply, '/admin/organisations', { heading: `${organisation.name} added` });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'ORGANISATION_EXISTS') throw error;
      return this.renderList(request, reply, values, { name: error.detail }, error.status);
    }
  }

  private async renderList(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ): Promise<FastifyReply> {
    const organisations = await allItems((cursor) => this.users.listOrganisations({ limit: PAGE, cursor }));
    return this.pages.render(
      request,
      reply,
      'pages/admin/organisations/index',
      {
        organisations,
        values,
        errors,
        errorList: errorSummary(errors),
        kinds: ORGANISATION_KINDS.map((kind) => ({ value: kind, text: ORGANISATION_KIND_NAMES[kind] ?? kind, checked: values.kind === kind })),
      },
      status,
    );
  }
}
