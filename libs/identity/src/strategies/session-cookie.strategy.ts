import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import passport from 'passport';
import { DomainError } from '@app/core';
import { readSessionCookie } from '../sessions/session-cookie.js';
import { SessionService, type ResolvedSession } from '../sessions/session.service.js';
import { PASSPORT, type PassportRegistry } from './passport-registry.js';

type Verified = (error: unknown, session?: ResolvedSession | false) => void;

/**
 * Reads the signed session cookie. passport's own session support is Express-only, so browser
 * sessions are the application's: this strategy hands the cookie's token to a verify callback.
 */
export class CookieSessionStrategy extends passport.Strategy {
  override name = 'session-cookie';

  constructor(private readonly verify: (token: string, done: Verified) => void) {
    super();
  }

  override authenticate(request: Parameters<passport.Strategy['authenticate']>[0]): void {
    const token = readSessionCookie(request as unknown as FastifyRequest);
    if (!token) return this.fail({ message: 'no valid session cookie' }, 401);
    this.verify(token, (error, session) => {
      if (error) return this.error(error);
      if (!session) return this.fail({ message: 'session ended' }, 401);
      return this.success(session);
    });
  }
}

@Injectable()
export class SessionCookieStrategy extends PassportStrategy(CookieSessionStrategy, 'session-cookie') {
  constructor(
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(PASSPORT) registry: PassportRegistry,
  ) {
    super();
    registry.use('session-cookie', this);
  }

  async validate(token: string): Promise<ResolvedSession> {
    const session = await this.sessions.resolve(token);
    if (!session) throw new DomainError('INVALID_TOKEN', 'Your session has ended. Sign in again.');
    return session;
  }
}
