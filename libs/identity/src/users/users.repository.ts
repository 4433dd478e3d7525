import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrganisationKind, Principal, Role } from '@app/core';
import { UUID_PATTERN } from '../shared.js';

/** A user row with its organisation, as the identity context reads it. Never leaves the context as is. */
export interface UserRecord {
  id: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  organisationName: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  mfaSecret: string | null;
  mfaEnabled: boolean;
  mfaLastStep: number | null;
  securityStamp: string;
  failedLoginCount: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

interface UserRow {
  id: string;
  organisation_id: string;
  organisation_kind: OrganisationKind;
  organisation_name: string;
  email: string;
  name: string;
  password_hash: string;
  roles: Role[];
  mfa_secret: string | null;
  mfa_enabled: boolean;
  mfa_last_step: string | null;
  security_stamp: string;
  failed_login_count: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
}

export interface OrganisationRecord {
  id: string;
  kind: OrganisationKind;
  name: string;
  createdAt: Date;
}

export function toOrganisationRecord(row: { id: string; kind: OrganisationKind; name: string; created_at: Date }): OrganisationRecord {
  return { id: row.id, kind: row.kind, name: row.name, createdAt: row.created_at };
}

export const USER_SELECT = `
  SELECT u.*, o.kind AS organisation_kind, o.name AS organisation_name
    FROM users u JOIN organisations o ON o.id = u.organisation_id`;

export function toUserRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationKind: row.organisation_kind,
    organisationName: row.organisation_name,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    roles: row.roles,
    mfaSecret: row.mfa_secret,
    mfaEnabled: row.mfa_enabled,
    mfaLastStep: row.mfa_last_step === null ? null : Number(row.mfa_last_step),
    securityStamp: row.security_stamp,
    failedLoginCount: row.failed_login_count,
    lockedUntil: row.locked_until,
    disabledAt: row.disabled_at,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
  };
}

export function principalOf(user: UserRecord, via: Principal['via']): Principal {
  return {
    kind: 'user',
    id: user.id,
    organisationId: user.organisationId,
    organisationKind: user.organisationKind,
    roles: user.roles,
    email: user.email,
    name: user.name,
    via,
  };
}

/** Reads of users and organisations shared by the identity services, and sign-in bookkeeping. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async findByEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<UserRecord | undefined> {
    const rows = (await manager.query(`${USER_SELECT} WHERE lower(u.email) = lower($1)`, [email.trim()])) as UserRow[];
    return rows[0] ? toUserRecord(rows[0]) : undefined;
  }

  /** `forUpdate` locks the user row until the surrounding transaction ends. */
  async findById(id: string, manager: EntityManager = this.dataSource.manager, options: { forUpdate?: boolean } = {}): Promise<UserRecord | undefined> {
    if (!UUID_PATTERN.test(id)) return undefined;
    const rows = (await manager.query(`${USER_SELECT} WHERE u.id = $1 ${options.forUpdate ? 'FOR UPDATE OF u' : ''}`, [id])) as UserRow[];
    return rows[0] ? toUserRecord(rows[0]) : undefined;
  }

  async findOrganisation(id: string, manager: EntityManager = this.dataSource.manager): Promise<OrganisationRecord | undefined> {
    if (!UUID_PATTERN.test(id)) return undefined;
    const rows = (await manager.query(`SELECT * FROM organisations WHERE id = $1`, [id])) as Parameters<typeof toOrganisationRecord>[0][];
    return rows[0] ? toOrganisationRecord(rows[0]) : undefined;
  }

  /**
   * Counts a failed sign-in; the failure that reaches `limit` in a row locks the account until `lockUntil`
   * and starts the count again, so each lock follows `limit` fresh failures.
   */
  async recordFailure(userId: string, limit: number, lockUntil: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE users
          SET failed_login_count = CASE WHEN failed_login_count + 1 >= $2 THEN 0 ELSE failed_login_count + 1 END,
              locked_until = CASE WHEN failed_login_count + 1 >= $2 THEN $3 ELSE locked_until END
        WHERE id = $1`,
      [userId, limit, lockUntil],
    );
  }

  async recordSuccess(userId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE users SET failed_login_count = 0, locked_until = NULL, last_login_at = $2 WHERE id = $1`, [userId, at]);
  }
}
