import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError, type Principal } from '@app/core';
import { AllowMfaPending, CurrentPrincipal } from '../access/decorators.js';
import { MfaService } from '../mfa/mfa.service.js';
import { readSessionCookie } from '../sessions/session-cookie.js';
import { SessionService } from '../sessions/session.service.js';
import { UserAdminService } from '../users/user-admin.service.js';
import { ConfirmMfaDto, MeDto, MfaEnrolmentDto, MfaStatusDto } from './dto.js';

function requirePerson(principal: Principal): void {
  if (principal.kind !== 'user') {
    throw new DomainError('FORBIDDEN_ROLE', 'Only a signed-in person can set up multi-factor authentication; an API key cannot.');
  }
}

@ApiTags('me')
@ApiBearerAuth()
@AllowMfaPending()
@Controller('api/v1/me')
export class MeController {
  constructor(
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(MfaService) private readonly mfa: MfaService,
    @Inject(SessionService) private readonly sessions: SessionService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Who the caller is: user or API key, organisation, roles, MFA state' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    const base = { kind: principal.kind, id: principal.id, organisationId: principal.organisationId, organisationKind: principal.organisationKind, roles: principal.roles, via: principal.via };
    if (principal.kind === 'api_key') {
      return { ...base, organisationName: (await this.users.getOrganisation(principal.organisationId)).name };
    }
    const user = await this.users.getUser(principal.id);
    return {
      ...base,
      email: user.email,
      name: user.name,
      organisationName: user.organisationName,
      mfaEnabled: user.mfaEnabled,
      mfaRequired: await this.mfa.isRequiredFor(user.roles),
    };
  }

  @Post('mfa/enrolment')
  @ApiOperation({ summary: 'Start setting up an authenticator app: a new secret and its QR code (MFA turns on once confirmed)' })
  @ApiCreatedResponse({ type: MfaEnrolmentDto })
  beginEnrolment(@CurrentPrincipal() principal: Principal): Promise<MfaEnrolmentDto> {
    requirePerson(principal);
    return this.mfa.beginEnrolment(principal.id);
  }

  @Post('mfa/enrolment/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the authenticator app with a code it shows; MFA is then on for every sign-in' })
  @ApiOkResponse({ type: MfaStatusDto })
  async confirmEnrolment(@CurrentPrincipal() principal: Principal, @Body() body: ConfirmMfaDto, @Req() request: FastifyRequest): Promise<MfaStatusDto> {
    requirePerson(principal);
    await this.mfa.confirmEnrolment(principal.id, body.code);
    // The code just checked is this session's second factor.
    const sessionToken = principal.via === 'session' ? readSessionCookie(request) : undefined;
    if (sessionToken) await this.sessions.markMfaPassed(sessionToken);
    return { mfaEnabled: true };
  }
}
