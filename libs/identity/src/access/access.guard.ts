import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ALLOWED_ROLES, DomainError, hasRole, PUBLIC_ROUTE, RequestContext, type Principal, type Role } from '@app/core';
import { isDatabaseUnavailable } from '@app/platform';
import { hasSessionCookie } from '../sessions/session-cookie.js';
import type { ResolvedSession } from '../sessions/session.service.js';
import { PASSPORT, runStrategy, type PassportRegistry } from '../strategies/passport-registry.js';
import { ALLOW_MFA_PENDING } from './decorators.js';
import './fastify-request.js';

type Credentials = 'bearer' | 'session-cookie';

function credentialsIn(request: FastifyRequest): Credentials | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) return /^Bearer\s/i.test(authorization) ? 'bearer' : undefined;
  return hasSessionCookie(request) ? 'session-cookie' : undefined;
}

/**
 * THE place authorisation is decided (registered as APP_GUARD). Routes are closed unless marked
 * @Public(); @Roles(...) narrows them further. Bearer tokens (JWT or API key) and the session cookie
 * are read by passport strategies; the principal is set on the request and in RequestContext.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(PASSPORT) private readonly passport: PassportRegistry,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true;
    const allowedRoles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    const allowsMfaPending = this.reflector.getAllAndOverride<boolean | undefined>(ALLOW_MFA_PENDING, targets) === true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    let principal: Principal | undefined;
    const credentials = credentialsIn(request);
    if (credentials) {
      try {
        principal = await this.authenticate(credentials, request, reply);
      } catch (error) {
        // A database that is away says nothing about the credentials: 503, never an anonymous caller or a 401.
        if (isDatabaseUnavailable(error)) throw error;
        // On a public route credentials are optional: bad ones leave the caller anonymous.
        if (!isPublic) {
          if (credentials === 'bearer' && error instanceof DomainError && error.code === 'INVALID_TOKEN') {
            reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
          }
          throw error;
        }
      }
    }
    const session = request.identitySession;
    if (principal && session?.mfaPending && !allowsMfaPending) {
      if (!isPublic) throw mfaPendingError(session);
      principal = undefined;
    }
    if (principal) {
      request.principal = principal;
      RequestContext.setPrincipal(principal);
    }
    if (isPublic) return true;
    if (!principal) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw new DomainError('AUTHENTICATION_REQUIRED', 'Sign in, or send an access token from POST /api/v1/auth/token as "Authorization: Bearer <token>".');
    }
    if (allowedRoles && allowedRoles.length > 0 && !hasRole(principal, ...allowedRoles)) {
      throw new DomainError('FORBIDDEN_ROLE', `This needs one of the roles ${allowedRoles.join(', ')}; you have ${principal.roles.join(', ') || 'none'}.`);
    }
    return true;
  }

  private async authenticate(credentials: Credentials, request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    const user = await runStrategy(this.passport, credentials, request, reply);
    if (!user) throw new DomainError('INVALID_TOKEN', 'The credentials sent are not valid. Sign in again.');
    if (credentials === 'bearer') return user as Principal;
    const session = user as ResolvedSession;
    request.identitySession = session;
    return session.principal;
  }
}

function mfaPendingError(session: ResolvedSession): DomainError {
  return session.mfaEnabled
    ? new DomainError('MFA_REQUIRED', 'Enter the code from your authenticator app to finish signing in.')
    : new DomainError('MFA_NOT_ENROLLED', 'Your role requires multi-factor authentication. Set up an authenticator app to continue.');
}
