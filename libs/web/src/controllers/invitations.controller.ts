import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, Public } from '@app/core';
import { INVITATION_TTL_DAYS, UserAdminService } from '@app/identity';
import { errorSummary, textField, type FieldErrors, type FormBody } from '../forms.js';
import { Pages } from '../pages.js';

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

/** Someone invited by an administrator chooses a password and so creates their account. */
@ApiExcludeController()
@Controller('invitations/accept')
export class InvitationsController {
  constructor(
    @Inject(UserAdminService) private readonly users: UserAdminService,
    @Inject(Pages) private readonly pages: Pages,
  ) {}

  @Public()
  @Get()
  show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token?: string): Promise<FastifyReply> {
    if (typeof token !== 'string' || !TOKEN.test(token)) return this.invalid(request, reply);
    return this.pages.render(request, reply, 'pages/invitations/accept', { token, errors: {} });
  }

  @Public()
  @Post()
  async accept(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: FormBody): Promise<FastifyReply> {
    const token = textField(body, 'token');
    const password = textField(body, 'password', { trim: false, maxLength: 1024 });
    const confirmPassword = textField(body, 'confirmPassword', { trim: false, maxLength: 1024 });
    if (!TOKEN.test(token)) return this.invalid(request, reply);
    const errors: FieldErrors = {};
    if (!password) errors.password = 'Enter a password';
    if (!confirmPassword) errors.confirmPassword = 'Enter the password again';
    else if (password && password !== confirmPassword) errors.confirmPassword = 'The passwords do not match';
    if (Object.keys(errors).length === 0) {
      try {
        await this.users.acceptInvitation(token, { password });
        return this.pages.redirect(reply, '/sign-in', { heading: 'Your account is ready', body: 'Sign in with your email address and the password you chose.' });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'INVITATION_INVALID' || error.code === 'USER_EXISTS') return this.invalid(request, reply, error.status);
        if (error.code !== 'WEAK_PASSWORD') throw error;
        errors.password = error.detail;
      }
    }
    return this.pages.render(request, reply, 'pages/invitations/accept', { token, errors, errorList: errorSummary(errors) }, 422);
  }

  private invalid(request: FastifyRequest, reply: FastifyReply, status = 410): Promise<FastifyReply> {
    return this.pages.render(request, reply, 'pages/invitations/invalid', { expiryDays: INVITATION_TTL_DAYS }, status);
  }
}
