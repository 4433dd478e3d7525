import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { Clock } from '@app/core';
import { PersonalDataVault } from '@app/privacy';
import { INTAKE_SOURCES } from '../domain/sources.js';
import { ComplaintDrafts } from '../infrastructure/complaint-drafts.js';
import { INTAKE_CONFIG, type IntakeConfig } from '../intake-config.js';

export const RETENTION_JOB = 'intake.retention';

export interface RetentionResult {
  itemsErased: number;
  subjectsErased: number;
  draftsPurged: number;
  bySource: Record<string, number>;
}

const BATCH = 200;
const DAY = 86_400_000;

/**
 * Crypto-shreds the personal data of intake that led to nothing (its matter was closed with no
 * action), once the retention period of its source has passed: the reporter's and the person
 * affected's data keys are destroyed, and the free text, links and hashes are removed. The item
 * itself stays, with its source, service, harms and dates, so the counts that reports use are kept.
 */
@Injectable()
export class IntakeRetention {
  private readonly logger = new Logger('IntakeRetention');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ComplaintDrafts) private readonly drafts: ComplaintDrafts,
    @Inject(INTAKE_CONFIG) private readonly config: IntakeConfig,
  ) {}

  async run(): Promise<RetentionResult> {
    const result: RetentionResult = { itemsErased: 0, subjectsErased: 0, draftsPurged: await this.drafts.purgeExpired(), bySource: {} };
    const now = this.clock.now();
    for (const source of INTAKE_SOURCES) {
      const days = this.config.retentionDays[source];
      const cutoff = new Date(now.getTime() - days * DAY);
      for (;;) {
        const done = await this.dataSource.transaction(async (tx) => {
          // Items whose matter (followed through merges) was closed with no action.
          const rows = (await tx.query(
            `WITH RECURSIVE final AS (
               SELECT m.id AS start_id, m.id, m.status, m.route, m.merged_into FROM matters m
               UNION ALL
               SELECT f.start_id, m.id, m.status, m.route, m.merged_into FROM final f JOIN matters m ON m.id = f.merged_into
             )
             SELECT i.id, i.reporter_subject, i.victim_subject FROM intake_items i
              WHERE i.source = $1 AND i.received_at < $2 AND i.personal_data_erased_at IS NULL
                AND EXISTS (SELECT 1 FROM final f WHERE f.start_id = i.matter_id AND f.merged_into IS NULL AND f.status = 'closed' AND f.route = 'no_action')
              ORDER BY i.received_at, i.id
              LIMIT $3
              FOR UPDATE OF i SKIP LOCKED`,
            [source, cutoff, BATCH],
          )) as { id: string; reporter_subject: string | null; victim_subject: string | null }[];
          if (rows.length === 0) return true;
          const reason = `retention: ${source} intake that led to no action is kept ${days} days`;
          for (const row of rows) {
            for (const subject of [row.reporter_subject, row.victim_subject]) {
              if (!subject) continue;
              const erased = await this.vault.eraseSubject(tx, subject, reason, SYSTEM_ACTOR);
              if (!erased.alreadyErased) result.subjectsErased += 1;
            }
          }
          const ids = rows.map((r) => r.id);
          await tx.query(
            `UPDATE intake_items SET description = NULL, reporter_sealed = NULL, victim_sealed = NULL,
                    reported_url = 'https://' || reported_domain,
                    evidence = COALESCE((SELECT jsonb_agg(jsonb_build_object('kind', e->>'kind')) FROM jsonb_array_elements(evidence) AS e), '[]'::jsonb),
                    details = CASE WHEN source = 'whistleblower' THEN '{}'::jsonb ELSE details END,
                    personal_data_erased_at = $2
              WHERE id = ANY($1::uuid[])`,
            [ids, now],
          );
          await tx.query(`DELETE FROM intake_content_hashes WHERE item_id = ANY($1::uuid[])`, [ids]);
          await this.audit.append(tx, {
            chainId: 'intake_retention',
            event: 'intake_personal_data_erased',
            actor: SYSTEM_ACTOR,
            subjectType: 'intake_item',
            reason,
            data: { source, items: ids.length, cutoff: cutoff.toISOString() },
          });
          result.itemsErased += ids.length;
          result.bySource[source] = (result.bySource[source] ?? 0) + ids.length;
          return rows.length < BATCH;
        });
        if (done) break;
      }
    }
    if (result.itemsErased > 0) this.logger.log(`erased the personal data of ${result.itemsErased} intake item(s)`);
    return result;
  }
}
