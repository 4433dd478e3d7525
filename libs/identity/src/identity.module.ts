import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { AccessGuard } from './access/access.guard.js';
import { CredentialsGuard } from './access/credentials.guard.js';
import { ApiKeyService } from './api-keys/api-key.service.js';
import { AuthService } from './auth/auth.service.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { UnknownAccountLockouts } from './auth/unknown-account-lockouts.js';
import { PasswordHasher } from './auth/password-hasher.js';
import { AdminController } from './http/admin.controller.js';
import { ApiKeysController } from './http/api-keys.controller.js';
import { AuthController } from './http/auth.controller.js';
import { InvitationsController } from './http/invitations.controller.js';
import { MeController } from './http/me.controller.js';
import { MfaService } from './mfa/mfa.service.js';
import { DemoSeeder } from './seed/demo-seeder.js';
import { SessionService } from './sessions/session.service.js';
import { BearerStrategy } from './strategies/bearer.strategy.js';
import { LocalStrategy } from './strategies/local.strategy.js';
import { passportRegistryProvider } from './strategies/passport-registry.js';
import { SessionCookieStrategy } from './strategies/session-cookie.strategy.js';
import { UserAdminService } from './users/user-admin.service.js';
import { UsersRepository } from './users/users.repository.js';

/**
 * Identity and access: who the caller is (passwords, MFA, sessions, tokens, API keys) and the global
 * guard that decides what they may call. Global, so any context can inject its services.
 */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject made once: with a string secret, jsonwebtoken tries to parse it as a key on every call.
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, MeController, AdminController, InvitationsController, ApiKeysController],
  providers: [
    UsersRepository,
    PasswordHasher,
    LoginThrottle,
    UnknownAccountLockouts,
    MfaService,
    AuthService,
    SessionService,
    UserAdminService,
    ApiKeyService,
    passportRegistryProvider,
    LocalStrategy,
    BearerStrategy,
    SessionCookieStrategy,
    CredentialsGuard,
    DemoSeeder,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, SessionService, MfaService, UserAdminService, ApiKeyService, PasswordHasher, CredentialsGuard],
})
export class IdentityModule {}
