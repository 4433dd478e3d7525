import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog, actorOf } from '@app/audit';
import { Clock, decodeCursor, DomainError, notFound, pageSize, type Page, type Principal } from '@app/core';
import { assertVisibleTo } from '../access/scope.js';
import { apiKeyRoleFor } from '../users/organisation-roles.js';
import { isUniqueViolation, toPage, UUID_PATTERN } from '../shared.js';
import { UsersRepository, type OrganisationRecord } from '../users/users.repository.js';
import { generateApiKey, looksLikeApiKey, parseApiKey, secretMatches } from './api-key-format.js';

/** An API key as it may be shown: never its secret or hash. */
export interface ApiKeyView {
  id: string;
  organisationId: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface CreatedApiKey extends ApiKeyView {
  /** The whole key. Shown once, at creation; only its hash is kept. */
  key: string;
}

interface ApiKeyRow {
  id: string;
  organisation_id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  organisationId: row.organisation_id,
  name: row.name,
  prefix: row.prefix,
  createdBy: row.created_by,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

/** Only write last_used_at when it is this stale, so that using a key is not a write every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

const invalidKey = (): DomainError =>
  new DomainError('INVALID_TOKEN', 'The API key is not valid or was revoked. Ask your organisation for a current key.');

/** Organisation API keys for providers' and eligible entities' systems. */
@Injectable()
export class ApiKeyService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(organisationId: string, name: string, actor: Principal): Promise<CreatedApiKey> {
    refuseKeyActingOnKeys(actor);
    const organisation = await this.visibleOrganisation(organisationId, actor);
    if (!apiKeyRoleFor(organisation.kind)) {
      throw new DomainError('API_KEY_NOT_ALLOWED', `${organisation.name} is a ${organisation.kind} organisation; API keys are only issued to providers and eligible entities.`);
    }
    for (let attempt = 0; ; attempt += 1) {
      const generated = generateApiKey();
      try {
        return await this.dataSource.transaction(async (tx) => {
          const [row] = (await tx.query(
            `INSERT INTO api_keys (organisation_id, name, prefix, secret_hash, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
            [organisation.id, name.trim(), generated.prefix, generated.secretHash, actor.kind === 'user' ? actor.id : null, this.clock.now()],
          )) as ApiKeyRow[];
          const view = toView(row as ApiKeyRow);
          await this.audit.append(tx, {
            chainId: `organisation:${organisation.id}`,
            event: 'api_key.created',
            actor: actorOf(actor),
            subjectType: 'api_key',
            subjectId: view.id,
            data: { apiKeyId: view.id, name: view.name, prefix: view.prefix },
          });
          return { ...view, key: generated.key };
        });
      } catch (error) {
        // Two keys drawing the same 32-bit prefix is rare; draw again.
        if (isUniqueViolation(error) && attempt < 3) continue;
        throw error;
      }
    }
  }

  /** An organisation's keys, oldest first, including revoked ones. */
  async list(organisationId: string, options: { actor?: Principal; limit?: number; cursor?: string } = {}): Promise<Page<ApiKeyView>> {
    if (options.actor) await this.visibleOrganisation(organisationId, options.actor);
    else if (!(await this.users.findOrganisation(organisationId))) throw notFound('The organisation');
    const limit = pageSize(options.limit);
    const after = decodeCursor<{ c: string; i: string }>(options.cursor);
    const rows = (await this.dataSource.query(
      `SELECT * FROM api_keys WHERE organisation_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, id LIMIT $4`,
      [organisationId, after?.c ?? null, after?.i ?? null, limit + 1],
    )) as ApiKeyRow[];
    return toPage(rows.map(toView), limit, (last) => ({ c: last.createdAt.toISOString(), i: last.id }));
  }

  async revoke(id: string, actor: Principal): Promise<ApiKeyView> {
    refuseKeyActingOnKeys(actor);
    return this.dataSource.transaction(async (tx) => {
      const rows = UUID_PATTERN.test(id) ? ((await tx.query(`SELECT * FROM api_keys WHERE id = $1 FOR UPDATE`, [id])) as ApiKeyRow[]) : [];
      const row = rows[0];
      if (!row) throw notFound('The API key');
      assertVisibleTo(actor, row.organisation_id, 'The API key');
      if (row.revoked_at) return toView(row);
      const now = this.clock.now();
      await tx.query(`UPDATE api_keys SET revoked_at = $2 WHERE id = $1`, [id, now]);
      await this.audit.append(tx, {
        chainId: `organisation:${row.organisation_id}`,
        event: 'api_key.revoked',
        actor: actorOf(actor),
        subjectType: 'api_key',
        subjectId: id,
        changes: { revokedAt: { before: null, after: now.toISOString() } },
        data: { apiKeyId: id, name: row.name, prefix: row.prefix },
      });
      return toView({ ...row, revoked_at: now });
    });
  }

  /** The principal an API key acts as: its organisation, with the organisation's external role. */
  async authenticate(key: string): Promise<Principal> {
    const parsed = looksLikeApiKey(key) ? parseApiKey(key) : undefined;
    if (!parsed) throw invalidKey();
    const rows = (await this.dataSource.query(
      `SELECT k.*, o.kind AS organisation_kind FROM api_keys k JOIN organisations o ON o.id = k.organisation_id WHERE k.prefix = $1`,
      [parsed.prefix],
    )) as (ApiKeyRow & { organisation_kind: OrganisationRecord['kind'] })[];
    const row = rows[0];
    const role = row ? apiKeyRoleFor(row.organisation_kind) : undefined;
    if (!row || !secretMatches(parsed.secret, row.secret_hash) || row.revoked_at || !role) throw invalidKey();
    const now = this.clock.now();
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > LAST_USED_GRANULARITY_MS) {
      await this.dataSource.query(`UPDATE api_keys SET last_used_at = $2 WHERE id = $1`, [row.id, now]);
    }
    return { kind: 'api_key', id: row.id, organisationId: row.organisation_id, organisationKind: row.organisation_kind, roles: [role], via: 'api_key' };
  }

  private async visibleOrganisation(organisationId: string, actor: Principal): Promise<OrganisationRecord> {
    assertVisibleTo(actor, organisationId, 'The organisation');
    const organisation = await this.users.findOrganisation(organisationId);
    if (!organisation) throw notFound('The organisation');
    return organisation;
  }
}

function refuseKeyActingOnKeys(actor: Principal): void {
  if (actor.kind === 'api_key') {
    throw new DomainError('FORBIDDEN_ROLE', 'API keys cannot create or revoke API keys. Sign in as a person of your organisation to manage keys.');
  }
}
