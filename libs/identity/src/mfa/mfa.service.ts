import { Inject, Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import { AuditLog, actorOf } from '@app/audit';
import { Clock, DomainError, notFound, type Principal, type Role } from '@app/core';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { SecretBox } from '@app/privacy';
import { rowsOf } from '../shared.js';
import { UsersRepository, type UserRecord } from '../users/users.repository.js';
import { matchTotp, newTotpSecret, totpUri } from './totp.js';

/** Regulator roles that always need a second factor in production, whatever the role policies say. */
export const MFA_ALWAYS_IN_PRODUCTION: readonly Role[] = ['admin', 'case_officer', 'decision_maker', 'analyst'];

export interface MfaEnrolment {
  /** Base32 secret, for typing into an authenticator app by hand. */
  secret: string;
  otpauthUrl: string;
  /** QR code of the otpauth URL as an SVG data: URL, for an <img>. */
  qrCodeDataUrl: string;
}

const aadFor = (userId: string): string => `user:${userId}`;

/** Time-based one-time passwords (RFC 6238): enrolment, checking codes, admin reset, and who must use them. */
@Injectable()
export class MfaService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether a user holding these roles must use MFA: the role policies, and always for regulator roles in production. */
  async isRequiredFor(roles: readonly Role[]): Promise<boolean> {
    if (this.config.nodeEnv === 'production' && roles.some((r) => MFA_ALWAYS_IN_PRODUCTION.includes(r))) return true;
    if (roles.length === 0) return false;
    const rows = (await this.dataSource.query(`SELECT 1 FROM role_policies WHERE role = ANY ($1::text[]) AND mfa_required LIMIT 1`, [
      roles,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** Starts (or restarts) enrolment: a new secret is kept sealed until a code from it is confirmed. */
  async beginEnrolment(userId: string): Promise<MfaEnrolment> {
    const user = await this.activeUser(userId);
    if (user.mfaEnabled) {
      throw new DomainError('MFA_ALREADY_ENROLLED', 'Your authenticator app is already set up. Ask an administrator to reset it if you have lost it.');
    }
    const secret = newTotpSecret();
    await this.dataSource.query(`UPDATE users SET mfa_secret = $2, mfa_last_step = NULL WHERE id = $1 AND NOT mfa_enabled`, [
      user.id,
      this.box.seal(secret, aadFor(user.id)),
    ]);
    const otpauthUrl = totpUri(secret, user.email);
    // SVG rather than PNG: crisp at any size, and a fraction of the work to produce.
    const svg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauthUrl, qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}` };
  }

  /** Turns MFA on once the user proves their app produces the right codes. */
  async confirmEnrolment(userId: string, code: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const user = await this.users.findById(userId, tx, { forUpdate: true });
      if (!user || user.disabledAt) throw notFound('The user');
      if (user.mfaEnabled) throw new DomainError('MFA_ALREADY_ENROLLED', 'Your authenticator app is already set up.');
      if (!user.mfaSecret) {
        throw new DomainError('MFA_NOT_ENROLLED', 'Start setting up your authenticator app first, then enter the code it shows.');
      }
      const step = await matchTotp(this.box.open(user.mfaSecret, aadFor(user.id)), code, this.clock.now(), null);
      if (step === undefined) {
        throw new DomainError('INVALID_OTP', 'That code does not match. Check the time on your device and enter the 6-digit code shown now.');
      }
      await tx.query(`UPDATE users SET mfa_enabled = true, mfa_last_step = $2 WHERE id = $1`, [user.id, step]);
      await this.audit.append(tx, {
        chainId: `user:${user.id}`,
        event: 'user.mfa_enrolled',
        actor: { id: user.id, label: user.email },
        subjectType: 'user',
        subjectId: user.id,
        changes: { mfaEnabled: { before: false, after: true } },
      });
    });
  }

  /**
   * Checks a code against an enrolled user's secret and uses it up: the same code (or an older one)
   * is refused next time, even by a concurrent request.
   */
  async verifyAndConsume(user: Pick<UserRecord, 'id' | 'mfaEnabled' | 'mfaSecret' | 'mfaLastStep'>, code: string): Promise<boolean> {
    if (!user.mfaEnabled || !user.mfaSecret) return false;
    const step = await matchTotp(this.box.open(user.mfaSecret, aadFor(user.id)), code, this.clock.now(), user.mfaLastStep);
    if (step === undefined) return false;
    const consumed = (await this.dataSource.query(
      `UPDATE users SET mfa_last_step = $2 WHERE id = $1 AND (mfa_last_step IS NULL OR mfa_last_step < $2) RETURNING id`,
      [user.id, step],
    )) as [unknown[], number];
    return rowsOf(consumed).length === 1;
  }

  /** An administrator clears a user's authenticator (lost phone); their sessions and tokens stop working. */
  async reset(userId: string, actor: Principal): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const user = await this.users.findById(userId, tx, { forUpdate: true });
      if (!user) throw notFound('The user');
      await tx.query(`UPDATE users SET mfa_enabled = false, mfa_secret = NULL, mfa_last_step = NULL, security_stamp = gen_random_uuid() WHERE id = $1`, [
        user.id,
      ]);
      await this.audit.append(tx, {
        chainId: `user:${user.id}`,
        event: 'user.mfa_reset',
        actor: actorOf(actor),
        subjectType: 'user',
        subjectId: user.id,
        changes: { mfaEnabled: { before: user.mfaEnabled, after: false } },
      });
    });
  }

  private async activeUser(userId: string): Promise<UserRecord> {
    const user = await this.users.findById(userId);
    if (!user || user.disabledAt) throw notFound('The user');
    return user;
  }
}

