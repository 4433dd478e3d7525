import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { DomainError, type Principal } from '@app/core';
import { AllowMfaPending, CurrentPrincipal, MfaService, readSessionCookie, SessionService, type MfaEnrolment } from '@app/identity';
import { errorSummary, textField, type FormBody } from '../forms.js';
import { safeLocalPath } from '../local-path.js';
import { Pages } from '../pages.js';

const BASE32 = /^[A-Z2-7]{16,128}=*$/;

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to type by hand. */
const grouped = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');

const nextOf = (value: unknown): string | undefined => {
  const path = safeLocalPath(value, '');
  return path === '' ? undefined : path;
};

/**
 * Setting up an authenticator app (TOTP). Open to a session still waiting for its second factor, so
 * that a user whose role requires MFA can enrol on first sign-in.
 */
@ApiExcludeController()
@Controller('account/mfa')
export class AccountMfaController {
  constructor(
    @Inject(MfaService) private readonly mfa: MfaService,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @AllowMfaPending()
  @Get()
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Query('next') next?: string,
  ): Promise<FastifyReply> {
    let enrolment: MfaEnrolment;
    try {
      enrolment = await this.mfa.beginEnrolment(principal.id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'MFA_ALREADY_ENROLLED') return this.pages.render(request, reply, 'pages/account/mfa-enabled');
      throw error;
    }
    return this.pages.render(request, reply, 'pages/account/mfa', {
      next: nextOf(next),
      required: this.isPending(request),
      enrolment: { ...enrolment, groupedSecret: grouped(enrolment.secret) },
      errors: {},
    });
  }

  @AllowMfaPending()
  @Post()
  async confirm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const code = textField(body, 'code').replace(/\s+/g, '');
    const next = nextOf(textField(body, 'next'));
    let message: string | undefined;
    if (!code) message = 'Enter the code from your authenticator app';
    else if (!/^\d{6}$/.test(code)) message = 'The code must be 6 numbers';
    else {
      try {
        await this.mfa.confirmEnrolment(principal.id, code);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'MFA_ALREADY_ENROLLED' || error.code === 'MFA_NOT_ENROLLED') return this.pages.redirect(reply, '/account/mfa');
        if (error.code !== 'INVALID_OTP') throw error;
        message = 'The code does not match. Check the time on your device and enter the code your app shows now';
      }
    }
    if (message === undefined) {
      // A correct code from the new app is also this session's second factor.
      const token = readSessionCookie(request);
      if (token) await this.sessions.markMfaPassed(token);
      return this.pages.redirect(reply, next ?? '/dashboard', { heading: 'Your authenticator app is set up', body: 'You will need a code from it each time you sign in.' });
    }
    // Show the same key again: the user may already have added it to their app.
    const secret = textField(body, 'secret');
    const otpauthUrl = textField(body, 'otpauthUrl');
    if (!BASE32.test(secret) || !otpauthUrl.startsWith('otpauth://totp/') || !otpauthUrl.includes(`secret=${secret}`)) {
      return this.pages.redirect(reply, '/account/mfa');
    }
    // Drawn as MfaService draws it (SVG), from the URL the page was given.
    const svg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    const qrCodeDataUrl = `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
    const enrolment = { secret, otpauthUrl, groupedSecret: grouped(secret), qrCodeDataUrl };
    const errors = { code: message };
    return this.pages.render(
      request,
      reply,
      'pages/account/mfa',
      { next, required: this.isPending(request), enrolment, errors, errorList: errorSummary(errors) },
      422,
    );
  }

  private isPending(request: FastifyRequest): boolean {
    return request.identitySession?.mfaPending === true;
  }
}
