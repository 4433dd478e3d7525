import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainError, type Principal } from '@app/core';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { MfaService } from '../mfa/mfa.service.js';
import { sha256Hex } from '../shared.js';
import { principalOf, USER_SELECT, toUserRecord } from '../users/users.repository.js';

export interface ResolvedSession {
  sessionId: string;
  principal: Principal;
  /** A one-time code was checked in this session. */
  mfaPassed: boolean;
  /** The user must still pass (or, when not enrolled, set up) MFA before using anything else. */
  mfaPending: boolean;
  mfaEnabled: boolean;
  mfaRequired: boolean;
}

/** Sessions are found by the hash of their token, so a leaked sessions table cannot be replayed. */
const sessionIdOf = sha256Hex;

/** Only write last_seen_at when it is this stale, so that reading a session is not a write every request. */
const LAST_SEEN_GRANULARITY_MS = 60_000;

/** Browser sessions: an opaque random token in a signed cookie, pointing at a row in PostgreSQL. */
@Injectable()
export class SessionService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MfaService) private readonly mfa: MfaService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(userId: string, options: { mfaPassed: boolean; ip?: string; userAgent?: string }): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlSeconds * 1000);
    const rows = (await this.dataSource.query(
      `INSERT INTO sessions (id, user_id, security_stamp, created_at, expires_at, last_seen_at, mfa_passed, ip, user_agent)
       SELECT $1, id, security_stamp, $3, $4, $3, $5, $6, $7 FROM users WHERE id = $2 AND disabled_at IS NULL
       RETURNING id`,
      [sessionIdOf(token), userId, now, expiresAt, options.mfaPassed, options.ip ?? null, options.userAgent?.slice(0, 500) ?? null],
    )) as unknown[];
    if (rows.length === 0) throw new DomainError('INVALID_CREDENTIALS', 'This account cannot sign in. Ask an administrator.');
    await this.dataSource.query(`DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2`, [userId, now]);
    return { token, expiresAt };
  }

  /** The live session a token names, with its user as they are now; undefined when expired, revoked or outdated. */
  async resolve(token: string): Promise<ResolvedSession | undefined> {
    const now = this.clock.now();
    const rows = (await this.dataSource.query(
      `SELECT s.id AS session_id, s.mfa_passed AS session_mfa_passed, s.last_seen_at AS session_last_seen_at, x.*
         FROM sessions s
         JOIN LATERAL (${USER_SELECT} WHERE u.id = s.user_id) x ON true
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2
          AND x.security_stamp = s.security_stamp AND x.disabled_at IS NULL`,
      [sessionIdOf(token), now],
    )) as (Parameters<typeof toUserRecord>[0] & { session_id: string; session_mfa_passed: boolean; session_last_seen_at: Date })[];
    const row = rows[0];
    if (!row) return undefined;
    if (now.getTime() - row.session_last_seen_at.getTime() > LAST_SEEN_GRANULARITY_MS) {
      await this.dataSource.query(`UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, [row.session_id, now]);
    }
    const user = toUserRecord(row);
    const mfaRequired = await this.mfa.isRequiredFor(user.roles);
    const mfaPassed = row.session_mfa_passed;
    return {
      sessionId: row.session_id,
      principal: principalOf(user, 'session'),
      mfaPassed,
      mfaPending: (user.mfaEnabled || mfaRequired) && !mfaPassed,
      mfaEnabled: user.mfaEnabled,
      mfaRequired,
    };
  }

  /** Records that the session's user entered a correct one-time code. */
  async markMfaPassed(token: string): Promise<void> {
    await this.dataSource.query(`UPDATE sessions SET mfa_passed = true WHERE id = $1 AND revoked_at IS NULL`, [sessionIdOf(token)]);
  }

  /** Signs the session out. */
  async destroy(token: string): Promise<void> {
    await this.dataSource.query(`UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [sessionIdOf(token), this.clock.now()]);
  }
}
