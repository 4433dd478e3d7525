import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import type { Principal } from '@app/core';
import { ApiKeyService } from '../api-keys/api-key.service.js';
import { looksLikeApiKey } from '../api-keys/api-key-format.js';
import { AuthService } from '../auth/auth.service.js';
import { PASSPORT, type PassportRegistry } from './passport-registry.js';

/** `Authorization: Bearer <token>`: an access token (JWT) from POST /api/v1/auth/token, or an organisation API key (`osa_...`). */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(ApiKeyService) private readonly apiKeys: ApiKeyService,
    @Inject(PASSPORT) registry: PassportRegistry,
  ) {
    super({ realm: 'api' });
    registry.use('bearer', this);
  }

  validate(token: string): Promise<Principal> {
    return looksLikeApiKey(token) ? this.apiKeys.authenticate(token) : this.auth.verifyAccessToken(token);
  }
}
