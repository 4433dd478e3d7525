import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@app/core';
import { createValidationPipe } from '@app/platform';
import { TokenRequestDto } from '../http/dto.js';
import { PASSPORT, runStrategy, type PassportRegistry } from '../strategies/passport-registry.js';

const validation = createValidationPipe();

/**
 * Checks the email, password and code posted to the token endpoint with passport-local, and puts the
 * signed-in user on `request.user`. The body is validated first, so a malformed request is a 422
 * naming its fields rather than a failed sign-in.
 */
@Injectable()
export class CredentialsGuard implements CanActivate {
  constructor(@Inject(PASSPORT) private readonly passport: PassportRegistry) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: unknown }>();
    request.body = await validation.transform(request.body, { type: 'body', metatype: TokenRequestDto });
    const user = await runStrategy(this.passport, 'local', request, context.switchToHttp().getResponse<FastifyReply>());
    if (!user) throw new DomainError('INVALID_CREDENTIALS', 'Send your email and password.');
    request.user = user;
    return true;
  }
}
