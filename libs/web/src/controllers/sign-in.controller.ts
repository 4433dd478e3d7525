import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, Public } from '@app/core';
import { AllowMfaPending, AuthService, clearSessionCookie, readSessionCookie, SessionService, setSessionCookie } from '@app/identity';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { CSRF_COOKIE } from '../csrf.js';
import { errorSummary, textField, type FieldErrors, type FormBody } from '../forms.js';
import { safeLocalPath } from '../local-path.js';
import { Pages } from '../pages.js';

const SIGN_IN_PROBLEMS = new Set(['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'LOGIN_THROTTLED']);
const CODE_PROBLEMS = new Set(['INVALID_OTP', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'LOGIN_THROTTLED']);

/** The `next` to carry through the sign-in pages: a local path, or nothing. */
const nextOf = (value: unknown): string | undefined => {
  const path = safeLocalPath(value, '');
  return path === '' ? undefined : path;
};
const withNext = (path: string, next: string | undefined): string => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

/** Signing in with email and password, then (when the account has it) a code from an authenticator app; signing out. */
@ApiExcludeController()
@Controller()
export class SignInController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(Pages) private readonly pages: Pages,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('sign-in')
  show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('next') next?: string): Promise<FastifyReply> {
    return this.pages.render(request, reply, 'pages/sign-in/index', { next: nextOf(next), values: {}, errors: {} });
  }

  @Public()
  @Post('sign-in')
  async signIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: FormBody): Promise<FastifyReply> {
    const email = textField(body, 'email', { maxLength: 320 });
    const password = textField(body, 'password', { trim: false, maxLength: 1024 });
    const next = nextOf(textField(body, 'next'));
    const errors: FieldErrors = {};
    if (!email) errors.email = 'Enter your email address';
    if (!password) errors.password = 'Enter your password';
    const again = (status: number, fieldErrors: FieldErrors) =>
      this.pages.render(request, reply, 'pages/sign-in/index', { next, values: { email }, errors: fieldErrors, errorList: errorSummary(fieldErrors) }, status);
    if (Object.keys(errors).length > 0) return again(422, errors);

    let user;
    try {
      user = await this.auth.authenticateFirstFactor(email, password, request.ip);
    } catch (error) {
      if (!(error instanceof DomainError) || !SIGN_IN_PROBLEMS.has(error.code)) throw error;
      if (typeof error.extras.retryAfterSeconds === 'number') reply.header('Retry-After', String(error.extras.retryAfterSeconds));
      const message = error.code === 'INVALID_CREDENTIALS' ? 'Enter a correct email address and password' : error.detail;
      return again(error.status, { email: message });
    }

    const secondFactorDue = user.mfaEnabled || user.mfaRequired;
    const session = await this.sessions.create(user.id, { mfaPassed: !secondFactorDue, ip: request.ip, userAgent: request.headers['user-agent'] });
    // A fresh CSRF secret for the signed-in browser.
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    setSessionCookie(reply, session.token, session.expiresAt, this.config);
    if (user.mfaEnabled) return this.pages.redirect(reply, withNext('/sign-in/code', next));
    if (user.mfaRequired) return this.pages.redirect(reply, withNext('/account/mfa', next));
    return this.pages.redirect(reply, next ?? '/dashboard');
  }

  @AllowMfaPending()
  @Get('sign-in/code')
  showCode(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('next') next?: string): Promise<FastifyReply> {
    return this.pages.render(request, reply, 'pages/sign-in/code', { next: nextOf(next), errors: {} });
  }

  @AllowMfaPending()
  @Post('sign-in/code')
  async enterCode(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: FormBody): Promise<FastifyReply> {
    const code = textField(body, 'code').replace(/\s+/g, '');
    const next = nextOf(textField(body, 'next'));
    const token = readSessionCookie(request);
    const session = request.identitySession;
    if (!token || !session) return this.pages.redirect(reply, withNext('/sign-in', next));
    if (!session.mfaPending) return this.pages.redirect(reply, next ?? '/dashboard');
    const again = (status: number, message: string) =>
      this.pages.render(request, reply, 'pages/sign-in/code', { next, errors: { code: message }, errorList: errorSummary({ code: message }) }, status);
    if (!code) return again(422, 'Enter the code from your authenticator app');
    if (!/^\d{6}$/.test(code)) return again(422, 'The code must be 6 numbers');
    try {
      await this.auth.verifySecondFactor(session.principal.id, code, request.ip);
    } catch (error) {
      if (!(error instanceof DomainError) || !CODE_PROBLEMS.has(error.code)) throw error;
      if (typeof error.extras.retryAfterSeconds === 'number') reply.header('Retry-After', String(error.extras.retryAfterSeconds));
      return again(error.status, error.code === 'INVALID_OTP' || error.code === 'INVALID_CREDENTIALS' ? 'The code is not right or was already used. Enter the code your app shows now' : error.detail);
    }
    await this.sessions.markMfaPassed(token);
    return this.pages.redirect(reply, next ?? '/dashboard');
  }

  /** Signing out works from any state, so that nobody is stuck signed in. */
  @Public()
  @Post('sign-out')
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const token = readSessionCookie(request);
    if (token) await this.sessions.destroy(token);
    clearSessionCookie(reply, this.config);
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return this.pages.redirect(reply, '/sign-in', { heading: 'You have signed out' });
  }
}
