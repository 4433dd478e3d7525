import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock, DomainError, type OrganisationKind, type Principal, type Role } from '@app/core';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { MfaService } from '../mfa/mfa.service.js';
import { UUID_PATTERN } from '../shared.js';
import { principalOf, UsersRepository, type UserRecord } from '../users/users.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { UnknownAccountLockouts } from './unknown-account-lockouts.js';
import { PasswordHasher } from './password-hasher.js';

export const LOCKOUT_AFTER_FAILURES = 5;
export const LOCKOUT_SECONDS = 15 * 60;

/** Someone whose credentials were checked. `mfaEnabled || mfaRequired` without a checked code means: second factor still due. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: Role[];
  mfaEnabled: boolean;
  mfaRequired: boolean;
  /** Opaque; changes when the user's roles, status or credentials change, which ends their tokens and sessions. */
  securityStamp: string;
}

/** Claims of an access token (JWT, HS256). */
export interface AccessTokenClaims {
  sub: string;
  org: string;
  roles: Role[];
  stamp: string;
  iat: number;
  exp: number;
}

const invalidCredentials = (): DomainError =>
  new DomainError('INVALID_CREDENTIALS', 'The email, password or code is not right. Check them and try again.');

const invalidToken = (why: string): DomainError => new DomainError('INVALID_TOKEN', `${why} Sign in again to get a new token.`);

/** Checks who someone is: password, second factor, lockout and throttling; issues and checks access tokens. */
@Injectable()
export class AuthService {
  constructor(
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
    @Inject(UnknownAccountLockouts) private readonly unknownAccounts: UnknownAccountLockouts,
    @Inject(MfaService) private readonly mfa: MfaService,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Email, password and (when the user has set up MFA) a one-time code, all at once: the API's way in.
   * A user who must use MFA but has not set it up comes back with `mfaRequired && !mfaEnabled`.
   */
  async authenticate(email: string, password: string, otp?: string, ip?: string): Promise<AuthenticatedUser> {
    const user = await this.checkPassword(email, password, ip);
    if (user.mfaEnabled) {
      if (otp === undefined || otp === '') {
        throw new DomainError('MFA_REQUIRED', 'Enter the 6-digit code from your authenticator app as well as your password.');
      }
      await this.checkCode(user, otp);
    }
    await this.users.recordSuccess(user.id, this.clock.now());
    return this.view(user);
  }

  /**
   * The password step of a browser sign-in. When the result has `mfaEnabled` the caller must still
   * call `verifySecondFactor`; when it has `mfaRequired` but not `mfaEnabled` the user may only enrol.
   */
  async authenticateFirstFactor(email: string, password: string, ip?: string): Promise<AuthenticatedUser> {
    const user = await this.checkPassword(email, password, ip);
    if (!user.mfaEnabled) await this.users.recordSuccess(user.id, this.clock.now());
    return this.view(user);
  }

  /** The code step of a browser sign-in, for a user whose password was already checked. */
  async verifySecondFactor(userId: string, otp: string, ip?: string): Promise<AuthenticatedUser> {
    const found = await this.users.findById(userId);
    if (!found || found.disabledAt) throw invalidCredentials();
    await this.throttle.hit(throttleKeys(found.email, ip));
    this.refuseIfLocked(found);
    await this.checkCode(found, otp);
    await this.users.recordSuccess(found.id, this.clock.now());
    return this.view(found);
  }

  /** A bearer token for the API. Refused to users who must use MFA but have not set it up. */
  issueAccessToken(user: AuthenticatedUser): { accessToken: string; expiresIn: number } {
    if (user.mfaRequired && !user.mfaEnabled) {
      throw new DomainError(
        'MFA_NOT_ENROLLED',
        'Your role requires multi-factor authentication. Sign in with a browser and set up an authenticator app first, then ask for a token with the code it shows.',
      );
    }
    const expiresIn = this.config.accessTokenTtlSeconds;
    const claims: Omit<AccessTokenClaims, 'exp'> = {
      sub: user.id,
      org: user.organisationId,
      roles: user.roles,
      stamp: user.securityStamp,
      iat: Math.floor(this.clock.now().getTime() / 1000),
    };
    return { accessToken: this.jwt.sign(claims, { expiresIn }), expiresIn };
  }

  /** The principal an access token stands for, read fresh from the database; refuses expired, tampered or outdated tokens. */
  async verifyAccessToken(token: string): Promise<Principal> {
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch {
      throw invalidToken('The access token is invalid or has expired.');
    }
    if (typeof claims.sub !== 'string' || !UUID_PATTERN.test(claims.sub) || typeof claims.stamp !== 'string') {
      throw invalidToken('The access token is not one this service issued.');
    }
    const user = await this.users.findById(claims.sub);
    if (!user || user.disabledAt) throw invalidToken('The account this token was issued to is no longer active.');
    if (user.securityStamp !== claims.stamp) throw invalidToken("The account's roles or credentials changed after this token was issued.");
    return principalOf(user, 'token');
  }

  private async checkPassword(email: string, password: string, ip: string | undefined): Promise<UserRecord> {
    await this.throttle.hit(throttleKeys(email, ip));
    const user = await this.users.findByEmail(email);
    if (!user) {
      // An address with no account answers as an account would, lockout included: nothing reveals which exist.
      this.refuseWhileLocked(await this.unknownAccounts.lockedUntil(email));
      await this.hasher.verifyAgainstDummy(password);
      await this.unknownAccounts.recordFailure(email, LOCKOUT_AFTER_FAILURES, this.lockoutEnd(), this.clock.now());
      throw invalidCredentials();
    }
    this.refuseIfLocked(user);
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      await this.recordFailure(user);
      throw invalidCredentials();
    }
    if (user.disabledAt) throw invalidCredentials();
    return user;
  }

  private async checkCode(user: UserRecord, otp: string): Promise<void> {
    if (!(await this.mfa.verifyAndConsume(user, otp))) {
      await this.recordFailure(user);
      throw new DomainError('INVALID_OTP', 'That code is not right or was already used. Enter the 6-digit code your authenticator app shows now.');
    }
  }

  private refuseIfLocked(user: UserRecord): void {
    this.refuseWhileLocked(user.lockedUntil);
  }

  private refuseWhileLocked(lockedUntil: Date | null): void {
    const now = this.clock.now();
    if (lockedUntil && lockedUntil > now) {
      const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
      throw new DomainError(
        'ACCOUNT_LOCKED',
        `This account is locked for ${Math.ceil(retryAfterSeconds / 60)} more minute(s) after ${LOCKOUT_AFTER_FAILURES} failed sign-ins in a row. Try again later, or ask an administrator.`,
        { retryAfterSeconds },
      );
    }
  }

  private recordFailure(user: UserRecord): Promise<void> {
    return this.users.recordFailure(user.id, LOCKOUT_AFTER_FAILURES, this.lockoutEnd());
  }

  private lockoutEnd(): Date {
    return new Date(this.clock.now().getTime() + LOCKOUT_SECONDS * 1000);
  }

  private async view(user: UserRecord): Promise<AuthenticatedUser> {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      organisationId: user.organisationId,
      organisationKind: user.organisationKind,
      roles: user.roles,
      mfaEnabled: user.mfaEnabled,
      mfaRequired: await this.mfa.isRequiredFor(user.roles),
      securityStamp: user.securityStamp,
    };
  }
}

function throttleKeys(email: string, ip: string | undefined): string[] {
  const keys = [`email:${email.trim().toLowerCase()}`];
  if (ip) keys.push(`ip:${ip}`);
  return keys;
}
