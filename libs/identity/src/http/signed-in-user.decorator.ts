import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '../auth/auth.service.js';

/** The user whose credentials CredentialsGuard (passport-local) just checked. */
export const SignedInUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => (context.switchToHttp().getRequest<FastifyRequest & { user: AuthenticatedUser }>()).user,
);
