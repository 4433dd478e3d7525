import { Body, Controller, Get, Headers, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, type AuditActor } from '@app/audit';
import { DomainError, RequestContext, Roles, decodeCursor, encodeCursor, isRegulator, notFound, pageSize, type Page, type Principal } from '@app/core';
import { ParseIdPipe } from '@app/platform';
import { normaliseUrl } from '../domain/url-normalisation.js';
import { ServiceRegistry, type DomainView, type ProviderView, type ResolvedService, type ServiceView } from '../service-registry.js';
import { CreateProviderDto, CreateServiceDto, LinkDomainDto, ListQueryDto, ResolveQueryDto, UpdateProviderDto, UpdateServiceDto } from './dto.js';

const REGULATOR = ['admin', 'case_officer', 'decision_maker', 'analyst'] as const;
const principal = (): Principal | undefined => RequestContext.current()?.principal;
const actor = (): AuditActor => actorOf(principal());

function versionFromIfMatch(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!match) throw new DomainError('BAD_REQUEST', 'If-Match must be the version from the ETag, such as "3".');
  return Number(match[1]);
}

@ApiTags('registry')
@ApiBearerAuth()
@Controller('api/v1')
export class RegistryController {
  constructor(@Inject(ServiceRegistry) private readonly registry: ServiceRegistry) {}

  @Post('providers')
  @Roles('admin', 'case_officer')
  @ApiOperation({ summary: 'Register a provider (legal entity, group, jurisdiction, contact for notices)' })
  createProvider(@Body() body: CreateProviderDto): Promise<ProviderView> {
    return this.registry.createProvider(body, actor());
  }

  @Get('providers')
  @Roles(...REGULATOR)
  @ApiOperation({ summary: 'Providers by name' })
  async listProviders(@Query() query: ListQueryDto): Promise<Page<ProviderView>> {
    const limit = pageSize(query.limit);
    const after = decodeCursor<{ n: string }>(query.cursor)?.n;
    const items = await this.registry.listProviders({ after, limit: limit + 1, q: query.q });
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: items.length > limit && last ? encodeCursor({ n: last.name.toLowerCase() }) : null };
  }

  @Get('providers/:id')
  @Roles(...REGULATOR, 'provider')
  @ApiOperation({ summary: 'One provider' })
  async getProvider(@Param('id', ParseIdPipe) id: string): Promise<ProviderView> {
    const provider = await this.registry.getProvider(id);
    const p = principal();
    if (!provider || (p && !isRegulator(p) && provider.organisationId !== p.organisationId)) throw notFound('The provider');
    return provider;
  }

  @Patch('providers/:id')
  @Roles('admin', 'case_officer')
  @ApiOperation({ summary: 'Correct or complete a provider' })
  updateProvider(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateProviderDto): Promise<ProviderView> {
    return this.registry.updateProvider(id, body, actor());
  }

  @Post('services')
  @Roles('admin', 'case_officer')
  @ApiOperation({ summary: 'Register an online service with its domains and app identifiers' })
  createService(@Body() body: CreateServiceDto): Promise<ServiceView> {
    return this.registry.createService(
      { ...body, domains: body.domains?.map((d) => ({ ...d, since: d.since ? new Date(d.since) : undefined })) },
      actor(),
    );
  }

  @Get('services')
  @Roles(...REGULATOR, 'provider')
  @ApiOperation({ summary: 'Services by name (providers see their own)' })
  async listServices(@Query() query: ListQueryDto): Promise<Page<ServiceView>> {
    const limit = pageSize(query.limit);
    const cursor = decodeCursor<{ n: string; i: string }>(query.cursor);
    const p = principal();
    const items = await this.registry.listServices({
      after: cursor ? { name: String(cursor.n), id: String(cursor.i) } : undefined,
      limit: limit + 1,
      q: query.q,
      providerId: query.providerId,
      providerOrganisationId: p && !isRegulator(p) ? p.organisationId : undefined,
    });
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: items.length > limit && last ? encodeCursor({ n: last.name.toLowerCase(), i: last.id }) : null };
  }

  @Get('services/resolve')
  @Roles(...REGULATOR)
  @ApiOperation({ summary: 'Which registered service a URL or domain belongs to (following mirrors and successors)' })
  async resolve(@Query() query: ResolveQueryDto): Promise<ResolvedService & { service: ServiceView }> {
    const { domain } = normaliseUrl(query.url, 'url');
    const found = await this.registry.lookupDomain(undefined, domain);
    if (!found) throw new DomainError('NOT_FOUND', `No registered online service uses ${domain}.`);
    return { ...found, url: normaliseUrl(query.url, 'url').url, service: await this.registry.requireService(found.serviceId) };
  }

  @Get('services/:id')
  @Roles(...REGULATOR, 'provider')
  @ApiOperation({ summary: 'One service with its domains (primary, mirror, successor) and app identifiers' })
  async getService(@Param('id', ParseIdPipe) id: string): Promise<ServiceView> {
    const service = await this.registry.getService(id);
    const p = principal();
    if (!service) throw notFound('The online service');
    if (p && !isRegulator(p) && (await this.registry.organisationOf(id)) !== p.organisationId) throw notFound('The online service');
    return service;
  }

  @Patch('services/:id')
  @Roles('admin', 'case_officer')
  @ApiOperation({ summary: 'Correct or complete a service (If-Match with its version is optional)' })
  updateService(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateServiceDto, @Headers('if-match') ifMatch?: string): Promise<ServiceView> {
    return this.registry.updateService(id, body, actor(), versionFromIfMatch(ifMatch));
  }

  @Post('services/:id/domains')
  @Roles('admin', 'case_officer')
  @ApiOperation({
    summary: 'Record a domain of the service: primary, mirror or successor. Reports about it then land on this service and its open matter or case.',
  })
  linkDomain(@Param('id', ParseIdPipe) id: string, @Body() body: LinkDomainDto): Promise<DomainView> {
    return this.registry.linkDomain(id, { ...body, since: body.since ? new Date(body.since) : undefined }, actor());
  }
}
