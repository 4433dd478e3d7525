import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, canonicalJson, type AuditActor } from '@app/audit';
import { Clock, DomainError, notFound } from '@app/core';
import { BUILT_IN_MODELS, DEFAULT_MODEL_VERSION } from './domain/built-in-models.js';
import { scoreMatter, validateModel, type TriageInputs, type TriageModelDefinition, type TriageResult } from './domain/model.js';

export interface TriageModelSummary {
  version: string;
  description: string;
  active: boolean;
  builtIn: boolean;
  createdAt: string;
  createdBy: string;
}

export type ModelActivatedListener = (version: string) => Promise<void>;

/** How long a process trusts its idea of the active version before asking the database again. */
const ACTIVE_CACHE_MS = 5_000;

/**
 * The published triage models (immutable versions) and which one scores new matters. Built-in
 * models are published at start-up; admins may publish more and switch the active version.
 */
@Injectable()
export class TriageModels implements OnModuleInit {
  private readonly logger = new Logger('TriageModels');
  private readonly byVersion = new Map<string, TriageModelDefinition>();
  private active: { version: string; readAt: number } | undefined;
  private readonly listeners: ModelActivatedListener[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {
    for (const model of BUILT_IN_MODELS) this.byVersion.set(model.version, model);
  }

  async onModuleInit(): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      for (const model of BUILT_IN_MODELS) {
        await tx.query(
          `INSERT INTO triage_models (version, definition, active, built_in, created_at, created_by) VALUES ($1, $2, false, true, $3, 'system')
           ON CONFLICT (version) DO NOTHING`,
          [model.version, JSON.stringify(model), this.clock.now()],
        );
        const [stored] = (await tx.query(`SELECT definition FROM triage_models WHERE version = $1`, [model.version])) as { definition: unknown }[];
        if (stored && canonicalJson(stored.definition) !== canonicalJson(model)) {
          this.logger.error(`the stored triage model ${model.version} differs from the built-in one; the stored one is used so old scores stay reproducible`);
          this.byVersion.set(model.version, stored.definition as TriageModelDefinition);
        }
      }
      await tx.query(
        `UPDATE triage_models SET active = true WHERE version = $1 AND NOT EXISTS (SELECT 1 FROM triage_models WHERE active)`,
        [DEFAULT_MODEL_VERSION],
      );
    });
  }

  /** Called after a new version becomes active (intake rescores open matters). */
  onActivated(listener: ModelActivatedListener): void {
    this.listeners.push(listener);
  }

  async activeVersion(manager?: EntityManager): Promise<string> {
    const now = Date.now();
    if (this.active && now - this.active.readAt < ACTIVE_CACHE_MS) return this.active.version;
    const [row] = (await (manager ?? this.dataSource).query(`SELECT version FROM triage_models WHERE active`)) as { version: string }[];
    const version = row?.version ?? DEFAULT_MODEL_VERSION;
    this.active = { version, readAt: now };
    return version;
  }

  async get(version: string, manager?: EntityManager): Promise<TriageModelDefinition> {
    const cached = this.byVersion.get(version);
    if (cached) return cached;
    const [row] = (await (manager ?? this.dataSource).query(`SELECT definition FROM triage_models WHERE version = $1`, [version])) as { definition: TriageModelDefinition }[];
    if (!row) throw notFound(`Triage model ${version}`);
    this.byVersion.set(version, row.definition);
    return row.definition;
  }

  /** Scores with the active model (or the named version, to reproduce an old score). */
  async score(inputs: TriageInputs, options: { version?: string; manager?: EntityManager } = {}): Promise<TriageResult> {
    const version = options.version ?? (await this.activeVersion(options.manager));
    return scoreMatter(await this.get(version, options.manager), inputs);
  }

  async list(): Promise<TriageModelSummary[]> {
    const rows = (await this.dataSource.query(
      `SELECT version, definition->>'description' AS description, active, built_in, created_at, created_by FROM triage_models ORDER BY created_at, version`,
    )) as { version: string; description: string; active: boolean; built_in: boolean; created_at: Date; created_by: string }[];
    return rows.map((r) => ({
      version: r.version,
      description: r.description,
      active: r.active,
      builtIn: r.built_in,
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
    }));
  }

  /** Publishes a new, immutable version (not yet active). */
  async publish(definition: unknown, actor: AuditActor): Promise<TriageModelDefinition> {
    const model = validateModel(definition);
    await this.dataSource.transaction(async (tx) => {
      const inserted = (await tx.query(
        `INSERT INTO triage_models (version, definition, active, built_in, created_at, created_by) VALUES ($1, $2, false, false, $3, $4)
         ON CONFLICT (version) DO NOTHING RETURNING version`,
        [model.version, JSON.stringify(model), this.clock.now(), actor.label],
      )) as unknown[];
      if (inserted.length === 0) {
        throw new DomainError('TRIAGE_MODEL_EXISTS', `Version ${model.version} is already published and cannot change. Publish the new model under a new version.`);
      }
      await this.audit.append(tx, {
        chainId: 'triage_models',
        event: 'triage_model_published',
        actor,
        subjectType: 'triage_model',
        subjectId: model.version,
        data: { version: model.version, sha256: createHash('sha256').update(canonicalJson(model)).digest('hex') },
      });
    });
    this.byVersion.set(model.version, model);
    return model;
  }

  /** Makes a published version the one new scores use, then lets listeners rescore open matters. */
  async activate(version: string, reason: string, actor: AuditActor): Promise<void> {
    await this.get(version);
    let previous: string | undefined;
    await this.dataSource.transaction(async (tx) => {
      const [row] = (await tx.query(`SELECT version FROM triage_models WHERE active FOR UPDATE`)) as { version: string }[];
      previous = row?.version;
      if (previous === version) return;
      await tx.query(`UPDATE triage_models SET active = false WHERE active`);
      await tx.query(`UPDATE triage_models SET active = true WHERE version = $1`, [version]);
      await this.audit.append(tx, {
        chainId: 'triage_models',
        event: 'triage_model_activated',
        actor,
        subjectType: 'triage_model',
        subjectId: version,
        changes: { active: { before: previous ?? null, after: version } },
        reason,
      });
    });
    this.active = { version, readAt: Date.now() };
    if (previous !== version) for (const listener of this.listeners) await listener(version);
  }
}
