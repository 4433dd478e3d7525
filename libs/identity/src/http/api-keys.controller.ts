import { Body, Controller, Delete, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, Roles, type Principal } from '@app/core';
import { ParseIdPipe } from '@app/platform';
import { CurrentPrincipal } from '../access/decorators.js';
import { scopeForExternal } from '../access/scope.js';
import { ApiKeyService } from '../api-keys/api-key.service.js';
import { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto, ListApiKeysQueryDto } from './dto.js';

/** Providers and eligible entities act on their own organisation; administrators name the organisation. */
function organisationFor(principal: Principal, requested: string | undefined): string {
  const own = scopeForExternal(principal);
  const organisationId = requested ?? own;
  if (!organisationId) {
    throw new DomainError('VALIDATION_FAILED', 'organisationId: name the organisation whose API keys you mean.', {
      errors: [{ field: 'organisationId', message: 'required for administrators' }],
    });
  }
  return organisationId;
}

@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin', 'provider', 'complainant_body')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(@Inject(ApiKeyService) private readonly apiKeys: ApiKeyService) {}

  @Get()
  @ApiOperation({ summary: "An organisation's API keys (never their secrets)" })
  @ApiOkResponse({ type: ApiKeyPageDto })
  list(@Query() query: ListApiKeysQueryDto, @CurrentPrincipal() principal: Principal): Promise<ApiKeyPageDto> {
    return this.apiKeys.list(organisationFor(principal, query.organisationId), { actor: principal, limit: query.limit, cursor: query.cursor });
  }

  @Post()
  @ApiOperation({ summary: 'Create an API key for a provider or eligible entity; the key is shown once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(organisationFor(principal, body.organisationId), body.name, principal);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API key: it stops working at once' })
  @ApiOkResponse({ type: ApiKeyDto })
  revoke(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<ApiKeyDto> {
    return this.apiKeys.revoke(id, principal);
  }
}
