import { Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/core';
import { CredentialsGuard } from '../access/credentials.guard.js';
import { AuthService, type AuthenticatedUser } from '../auth/auth.service.js';
import { SignedInUser } from './signed-in-user.decorator.js';
import { TokenRequestDto, TokenResponseDto } from './dto.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @UseGuards(CredentialsGuard)
  @ApiOperation({
    summary: 'Exchange email, password (and one-time code, once MFA is set up) for a bearer access token',
    description: 'Wrong credentials: 401. Five failures in a row lock the account for 15 minutes (429 ACCOUNT_LOCKED); more than 20 attempts a minute per IP or email: 429 LOGIN_THROTTLED.',
  })
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenResponseDto })
  token(@SignedInUser() user: AuthenticatedUser): TokenResponseDto {
    return { ...this.auth.issueAccessToken(user), tokenType: 'Bearer' };
  }
}
