import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, actorOf } from '@app/audit';
import {
  Clock,
  decodeCursor,
  DomainError,
  notFound,
  pageSize,
  ROLES,
  type OrganisationKind,
  type Page,
  type Principal,
  type Role,
} from '@app/core';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { PasswordHasher } from '../auth/password-hasher.js';
import { checkPasswordStrength } from '../auth/password-policy.js';
import { MFA_ALWAYS_IN_PRODUCTION } from '../mfa/mfa.service.js';
import { checkRolesForOrganisation } from './organisation-roles.js';
import { isUniqueViolation, sha256Hex, toPage, UUID_PATTERN } from '../shared.js';
import { toOrganisationRecord, toUserRecord, USER_SELECT, UsersRepository, type OrganisationRecord, type UserRecord } from './users.repository.js';

/** A user as administrators see them: no password hash, no MFA secret. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  roles: Role[];
  mfaEnabled: boolean;
  disabled: boolean;
  disabledAt: Date | null;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export type OrganisationView = OrganisationRecord;

export interface InvitationView {
  id: string;
  email: string;
  name: string;
  organisationId: string;
  roles: Role[];
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
}

export interface RolePolicyView {
  role: Role;
  mfaRequired: boolean;
  /** MFA is required for this role whatever the policy says, because the service runs in production. */
  enforcedInProduction: boolean;
  /** What applies now: the policy, or the production rule. */
  effectiveMfaRequired: boolean;
}

interface InvitationRow {
  id: string;
  email: string;
  name: string;
  organisation_id: string;
  roles: Role[];
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
}

export const INVITATION_TTL_DAYS = 7;

/** Serialises changes that could remove the last active admin, so two admins cannot demote each other at once. */
const ADMIN_SET_LOCK = 7_341_002_118;

const toUserView = (user: UserRecord): UserView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  organisationId: user.organisationId,
  organisationName: user.organisationName,
  organisationKind: user.organisationKind,
  roles: user.roles,
  mfaEnabled: user.mfaEnabled,
  disabled: user.disabledAt !== null,
  disabledAt: user.disabledAt,
  lockedUntil: user.lockedUntil,
  lastLoginAt: user.lastLoginAt,
  createdAt: user.createdAt,
});

const toInvitationView = (row: InvitationRow): InvitationView => ({
  id: row.id,
  email: row.email,
  name: row.name,
  organisationId: row.organisation_id,
  roles: row.roles,
  invitedBy: row.invited_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  acceptedAt: row.accepted_at,
});

const sameRoles = (a: readonly Role[], b: readonly Role[]): boolean => a.length === b.length && a.every((r) => b.includes(r));

/** Administration of users, organisations, invitations and MFA policy. Every change is audited in its own transaction. */
@Injectable()
export class UserAdminService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Users ordered by email, optionally of one organisation. */
  async listUsers(options: { organisationId?: string; limit?: number; cursor?: string } = {}): Promise<Page<UserView>> {
    const limit = pageSize(options.limit);
    const after = decodeCursor<{ e: string }>(options.cursor);
    if (options.organisationId !== undefined && !UUID_PATTERN.test(options.organisationId)) return { items: [], nextCursor: null };
    const rows = (await this.dataSource.query(
      `${USER_SELECT} WHERE ($1::uuid IS NULL OR u.organisation_id = $1::uuid) AND ($2::text IS NULL OR lower(u.email) > $2::text)
        ORDER BY lower(u.email) LIMIT $3`,
      [options.organisationId ?? null, after?.e ?? null, limit + 1],
    )) as Parameters<typeof toUserRecord>[0][];
    return toPage(rows.map((row) => toUserView(toUserRecord(row))), limit, (last) => ({ e: last.email.toLowerCase() }));
  }

  async getUser(id: string): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user) throw notFound('The user');
    return toUserView(user);
  }

  /**
   * Invites someone to an organisation with roles. The token is returned once, for the invitation message.
   * With `manager` the invitation commits with the caller's transaction.
   */
  async invite(
    input: { email: string; name: string; organisationId: string; roles: Role[] },
    actor: Principal,
    manager?: EntityManager,
  ): Promise<{ invitation: InvitationView; token: string; acceptUrl: string }> {
    const email = input.email.trim();
    const token = randomBytes(32).toString('base64url');
    const invitation = await this.inTransaction(manager, async (tx) => {
      const organisation = await this.users.findOrganisation(input.organisationId, tx);
      if (!organisation) throw notFound('The organisation');
      const roles = checkRolesForOrganisation(organisation.kind, input.roles);
      if (await this.users.findByEmail(email, tx)) throw new DomainError('USER_EXISTS', `${email} already has an account. Change its roles instead.`);
      const now = this.clock.now();
      // A new invitation replaces any earlier one still open for the same address.
      await tx.query(`UPDATE invitations SET expires_at = $2 WHERE lower(email) = lower($1) AND accepted_at IS NULL AND expires_at > $2`, [email, now]);
      const [row] = (await tx.query(
        `INSERT INTO invitations (email, name, organisation_id, roles, token_hash, invited_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [email, input.name.trim(), organisation.id, roles, sha256Hex(token), actor.kind === 'user' ? actor.id : null, now, new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000)],
      )) as InvitationRow[];
      const view = toInvitationView(row as InvitationRow);
      await this.audit.append(tx, {
        chainId: `organisation:${organisation.id}`,
        event: 'user.invited',
        actor: actorOf(actor),
        subjectType: 'invitation',
        subjectId: view.id,
        data: { invitationId: view.id, roles, expiresAt: view.expiresAt.toISOString() },
      });
      return view;
    });
    const acceptUrl = `${this.config.publicBaseUrl.replace(/\/$/, '')}/invitations/accept?token=${encodeURIComponent(token)}`;
    return { invitation, token, acceptUrl };
  }

  /** Creates the invited user's account with the password they chose. */
  async acceptInvitation(token: string, input: { password: string; name?: string }): Promise<UserView> {
    const userId = await this.dataSource.transaction(async (tx) => {
      const now = this.clock.now();
      const [invitation] = (await tx.query(`SELECT * FROM invitations WHERE token_hash = $1 FOR UPDATE`, [sha256Hex(token)])) as InvitationRow[];
      if (!invitation || invitation.accepted_at || invitation.expires_at <= now) {
        throw new DomainError('INVITATION_INVALID', 'This invitation link is not valid, was already used, or has expired. Ask an administrator for a new one.');
      }
      checkPasswordStrength(input.password, invitation.email);
      if (await this.users.findByEmail(invitation.email, tx)) {
        throw new DomainError('USER_EXISTS', `${invitation.email} already has an account. Sign in instead.`);
      }
      const name = input.name?.trim() || invitation.name;
      const [created] = (await tx.query(
        `INSERT INTO users (organisation_id, email, name, password_hash, roles, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [invitation.organisation_id, invitation.email, name, await this.hasher.hash(input.password), invitation.roles, now],
      )) as { id: string }[];
      const id = (created as { id: string }).id;
      await tx.query(`UPDATE invitations SET accepted_at = $2 WHERE id = $1`, [invitation.id, now]);
      await this.audit.append(tx, {
        chainId: `user:${id}`,
        event: 'user.created',
        actor: { id, label: invitation.email },
        subjectType: 'user',
        subjectId: id,
        changes: { roles: { before: null, after: invitation.roles }, organisationId: { before: null, after: invitation.organisation_id } },
        data: { invitationId: invitation.id, invitedBy: invitation.invited_by },
      });
      return id;
    });
    return this.getUser(userId);
  }

  /** Replaces a user's roles. Their tokens and sessions end, so the new roles apply at once. */
  async setRoles(userId: string, roles: Role[], actor: Principal): Promise<UserView> {
    return this.changeUser(userId, actor, async (tx, user) => {
      const next = checkRolesForOrganisation(user.organisationKind, roles);
      if (sameRoles(next, user.roles)) return undefined;
      if (user.roles.includes('admin') && !next.includes('admin') && !user.disabledAt) await this.refuseLastAdmin(tx, user);
      await tx.query(`UPDATE users SET roles = $2, security_stamp = gen_random_uuid() WHERE id = $1`, [user.id, next]);
      return { event: 'user.roles_changed', changes: { roles: { before: user.roles, after: next } } };
    });
  }

  /** Stops a user signing in; their tokens and sessions end at once. */
  async disable(userId: string, actor: Principal): Promise<UserView> {
    return this.changeUser(userId, actor, async (tx, user) => {
      if (user.disabledAt) return undefined;
      if (user.roles.includes('admin')) await this.refuseLastAdmin(tx, user);
      const now = this.clock.now();
      await tx.query(`UPDATE users SET disabled_at = $2, security_stamp = gen_random_uuid() WHERE id = $1`, [user.id, now]);
      await tx.query(`UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [user.id, now]);
      return { event: 'user.disabled', changes: { disabledAt: { before: null, after: now.toISOString() } } };
    });
  }

  /** Lets a disabled user sign in again (and lifts any lockout). */
  async enable(userId: string, actor: Principal): Promise<UserView> {
    return this.changeUser(userId, actor, async (tx, user) => {
      if (!user.disabledAt) return undefined;
      await tx.query(`UPDATE users SET disabled_at = NULL, failed_login_count = 0, locked_until = NULL WHERE id = $1`, [user.id]);
      return { event: 'user.enabled', changes: { disabledAt: { before: user.disabledAt.toISOString(), after: null } } };
    });
  }

  /** Organisations ordered by name, optionally of one kind. */
  async listOrganisations(options: { kind?: OrganisationKind; limit?: number; cursor?: string } = {}): Promise<Page<OrganisationView>> {
    const limit = pageSize(options.limit);
    const after = decodeCursor<{ n: string; i: string }>(options.cursor);
    const rows = (await this.dataSource.query(
      `SELECT * FROM organisations WHERE ($1::text IS NULL OR kind = $1::text) AND ($2::text IS NULL OR (lower(name), id) > ($2::text, $3::uuid))
        ORDER BY lower(name), id LIMIT $4`,
      [options.kind ?? null, after?.n ?? null, after?.i ?? null, limit + 1],
    )) as Parameters<typeof toOrganisationRecord>[0][];
    return toPage(rows.map(toOrganisationRecord), limit, (last) => ({ n: last.name.toLowerCase(), i: last.id }));
  }

  async getOrganisation(id: string): Promise<OrganisationView> {
    const organisation = await this.users.findOrganisation(id);
    if (!organisation) throw notFound('The organisation');
    return organisation;
  }

  /** With `manager` the organisation commits with the caller's transaction. */
  async createOrganisation(input: { kind: OrganisationKind; name: string }, actor: Principal, manager?: EntityManager): Promise<OrganisationView> {
    const name = input.name.trim();
    try {
      return await this.inTransaction(manager, async (tx) => {
        const [row] = (await tx.query(`INSERT INTO organisations (kind, name, created_at) VALUES ($1, $2, $3) RETURNING *`, [
          input.kind,
          name,
          this.clock.now(),
        ])) as Parameters<typeof toOrganisationRecord>[0][];
        const organisation = toOrganisationRecord(row as Parameters<typeof toOrganisationRecord>[0]);
        await this.audit.append(tx, {
          chainId: `organisation:${organisation.id}`,
          event: 'organisation.created',
          actor: actorOf(actor),
          subjectType: 'organisation',
          subjectId: organisation.id,
          changes: { kind: { before: null, after: organisation.kind }, name: { before: null, after: organisation.name } },
        });
        return organisation;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('ORGANISATION_EXISTS', `An organisation called "${name}" already exists. Use it, or choose another name.`);
      throw error;
    }
  }

  async getRolePolicies(): Promise<RolePolicyView[]> {
    const rows = (await this.dataSource.query(`SELECT role, mfa_required FROM role_policies`)) as { role: Role; mfa_required: boolean }[];
    const byRole = new Map(rows.map((r) => [r.role, r.mfa_required]));
    return ROLES.map((role) => this.policyView(role, byRole.get(role) ?? false));
  }

  async setRolePolicy(role: Role, mfaRequired: boolean, actor: Principal): Promise<RolePolicyView> {
    if (!(ROLES as readonly string[]).includes(role)) throw notFound(`The role "${String(role).slice(0, 40)}"`);
    return this.dataSource.transaction(async (tx) => {
      const [current] = (await tx.query(`SELECT mfa_required FROM role_policies WHERE role = $1 FOR UPDATE`, [role])) as { mfa_required: boolean }[];
      const before = current?.mfa_required ?? false;
      if (before !== mfaRequired) {
        await tx.query(
          `INSERT INTO role_policies (role, mfa_required, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (role) DO UPDATE SET mfa_required = EXCLUDED.mfa_required, updated_at = EXCLUDED.updated_at`,
          [role, mfaRequired, this.clock.now()],
        );
        await this.audit.append(tx, {
          chainId: 'identity:policies',
          event: 'role_policy.changed',
          actor: actorOf(actor),
          subjectType: 'role_policy',
          subjectId: role,
          changes: { mfaRequired: { before, after: mfaRequired } },
        });
      }
      return this.policyView(role, mfaRequired);
    });
  }

  /** Runs `work` in the caller's transaction when given one, otherwise in a transaction of its own. */
  private inTransaction<T>(manager: EntityManager | undefined, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  private policyView(role: Role, mfaRequired: boolean): RolePolicyView {
    const enforcedInProduction = this.config.nodeEnv === 'production' && MFA_ALWAYS_IN_PRODUCTION.includes(role);
    return { role, mfaRequired, enforcedInProduction, effectiveMfaRequired: mfaRequired || enforcedInProduction };
  }

  /**
   * Runs one change to a user in a transaction holding the user row (and the admin-set lock), and
   * audits it on the user's chain. `change` returns undefined when there is nothing to change.
   */
  private async changeUser(
    userId: string,
    actor: Principal,
    change: (tx: EntityManager, user: UserRecord) => Promise<{ event: string; changes: Record<string, { before: unknown; after: unknown }> } | undefined>,
  ): Promise<UserView> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_SET_LOCK]);
      const user = await this.users.findById(userId, tx, { forUpdate: true });
      if (!user) throw notFound('The user');
      const done = await change(tx, user);
      if (!done) return;
      await this.audit.append(tx, {
        chainId: `user:${user.id}`,
        event: done.event,
        actor: actorOf(actor),
        subjectType: 'user',
        subjectId: user.id,
        changes: done.changes,
      });
    });
    return this.getUser(userId);
  }

  private async refuseLastAdmin(tx: EntityManager, user: UserRecord): Promise<void> {
    const others = (await tx.query(`SELECT 1 FROM users WHERE 'admin' = ANY (roles) AND disabled_at IS NULL AND id <> $1 LIMIT 1`, [user.id])) as unknown[];
    if (others.length === 0) {
      throw new DomainError('LAST_ADMIN', `${user.email} is the last active admin. Give another user the admin role first.`);
    }
  }
}
