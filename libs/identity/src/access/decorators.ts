import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '@app/core';

export const ALLOW_MFA_PENDING = 'access:mfa-pending';

/**
 * A browser session that still owes its second factor (or must first set MFA up) may reach this
 * route: the MFA pages and the few routes they use. Every other route refuses such a session.
 */
export const AllowMfaPending = (): MethodDecorator & ClassDecorator => SetMetadata(ALLOW_MFA_PENDING, true);

/** The authenticated principal of the request (undefined only on a @Public() route called anonymously). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined => context.switchToHttp().getRequest<FastifyRequest>().principal,
);
