import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { AuthService, type AuthenticatedUser } from '../auth/auth.service.js';
import { PASSPORT, type PassportRegistry } from './passport-registry.js';

/** Email and password (and `otp`, when MFA is on) posted in a JSON or form body. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(PASSPORT) registry: PassportRegistry,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
    registry.use('local', this);
  }

  validate(request: FastifyRequest, email: string, password: string): Promise<AuthenticatedUser> {
    const otp = (request.body as { otp?: unknown } | undefined)?.otp;
    return this.auth.authenticate(email, password, typeof otp === 'string' ? otp : undefined, request.ip);
  }
}
