import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/core';
import { DataSource } from 'typeorm';
import { MONTHLY_ACTIVITY_SQL, calendarJurisdiction, spanDurations } from './timeline-read-model.js';

/** How long after a boundary a checkpoint may be written: every transaction that could record an event at or before it has ended. */
export const CHECKPOINT_SETTLE_MS = 60 * 60 * 1000;
/** A transaction still open that began this soon after a boundary could still record events at or before it (clocks differ a little). */
const CLOCK_SKEW = `interval '10 minutes'`;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CheckpointPolicy {
  /** Midnights (UTC) kept for the most recent days: reports as of the last week read at most a day of new spans. */
  days: number;
  /** Firsts of the month (UTC midnight) kept: reports as of the last year read at most a month of new spans. */
  months: number;
}
export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { days: 7, months: 13 };

/**
 * The boundaries a checkpoint should exist for at `now`, newest first: the last `days` UTC midnights and the
 * first of each of the last `months` months, all at least CHECKPOINT_SETTLE_MS in the past.
 */
export function checkpointBoundaries(now: Date, policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY): Date[] {
  const settled = new Date(now.getTime() - CHECKPOINT_SETTLE_MS);
  const lastMidnight = Date.UTC(settled.getUTCFullYear(), settled.getUTCMonth(), settled.getUTCDate());
  const out = new Set<number>();
  for (let d = 0; d < policy.days; d += 1) out.add(lastMidnight - d * DAY_MS);
  for (let m = 0; m < policy.months; m += 1) out.add(Date.UTC(settled.getUTCFullYear(), settled.getUTCMonth() - m, 1));
  return [...out].sort((a, b) => b - a).map((t) => new Date(t));
}

export interface CheckpointOutcome {
  boundary: Date;
  /** created: written now; kept: already there; waiting: a transaction that could still record events before it is open; removed: no longer wanted. */
  status: 'created' | 'kept' | 'waiting' | 'removed';
  spans?: number;
  cells?: number;
  ms?: number;
}

/**
 * Timeline checkpoints (migration 1795000000025): the histogram of every case stage as of fixed past
 * moments, so a report reads the newest checkpoint at or before its asOf plus the spans recorded since,
 * instead of every span (TimelineReadModel.histogram). A checkpoint is written from case_stage_spans with the
 * same as-of rule and duration definitions as the full scan, so both give identical cells; the guard
 * trigger deletes every checkpoint when a span they account for changes. The reporting job keeps the set
 * given by checkpointBoundaries; a boundary still within reach of an open transaction waits for the next run.
 */
@Injectable()
export class TimelineCheckpoints {
  private readonly logger = new Logger('TimelineCheckpoints');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Brings the checkpoints to the policy's set: removes unwanted ones, writes missing ones (newest first). */
  async maintain(policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY, onProgress?: (outcome: CheckpointOutcome, done: number, total: number) => void): Promise<CheckpointOutcome[]> {
    const wanted = checkpointBoundaries(this.clock.now(), policy);
    const existing: { boundary: Date }[] = await this.dataSource.query(`SELECT boundary FROM timeline_checkpoints`);
    const outcomes: CheckpointOutcome[] = [];
    const unwanted = existing.filter((e) => !wanted.some((w) => w.getTime() === e.boundary.getTime())).map((e) => e.boundary);
    if (unwanted.length > 0) {
      await this.dataSource.query(`DELETE FROM timeline_checkpoints WHERE boundary = ANY($1::timestamptz[])`, [unwanted]);
      for (const boundary of unwanted) outcomes.push({ boundary, status: 'removed' });
    }
    for (const [i, boundary] of wanted.entries()) {
      const outcome = existing.some((e) => e.boundary.getTime() === boundary.getTime()) ? { boundary, status: 'kept' as const } : await this.write(boundary);
      outcomes.push(outcome);
      onProgress?.(outcome, i + 1, wanted.length);
    }
    const created = outcomes.filter((o) => o.status === 'created');
    if (created.length > 0) this.logger.log(`wrote ${created.length} timeline checkpoint(s): ${created.map((o) => `${o.boundary.toISOString()} (${o.cells} cells, ${o.ms} ms)`).join(', ')}`);
    return outcomes;
  }

  /**
   * Writes the checkpoint as of `boundary` (unless it exists). Refuses a boundary that is not yet settled, and
   * waits (status 'waiting') while a transaction that began before boundary + clock skew is still open, since
   * it could still commit events recorded at or before the boundary.
   */
  async write(boundary: Date): Promise<CheckpointOutcome> {
    if (boundary.getTime() > this.clock.now().getTime() - CHECKPOINT_SETTLE_MS) {
      throw new Error(`A checkpoint as of ${boundary.toISOString()} would be premature: boundaries must be at least an hour in the past`);
    }
    const started = Date.now();
    const open: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND xact_start < $1::timestamptz + ${CLOCK_SKEW}`,
      [boundary],
    );
    if (open[0].n > 0) return { boundary, status: 'waiting' };
    const d = spanDurations('s');
    const ended = `(s.end_recorded_at IS NOT NULL AND s.end_recorded_at <= $2)`;
    // One snapshot for the cells and the months, taken once no change that invalidates checkpoints is in
    // flight: those delete checkpoints (the guard triggers), which waits for this lock, so each either
    // commits before the snapshot or comes after and deletes this checkpoint too (migration 1795000000026).
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query(`LOCK TABLE timeline_checkpoints IN SHARE ROW EXCLUSIVE MODE`);
      // A guard trigger that fired earlier in this transaction must not wave through later changes.
      await manager.query(`SELECT set_config('reporting.checkpoints_cleared', 'off', true)`);
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO timeline_checkpoints (boundary, spans, cells, created_at) VALUES ($1, 0, 0, $2)
         ON CONFLICT (boundary) DO NOTHING RETURNING id::text`,
        [boundary, this.clock.now()],
      );
      if (inserted.length === 0) return { boundary, status: 'kept' as const };
      const id = inserted[0].id;
      // Cells as the full scan as of the boundary would count them; an open one keyed by its start.
      const [{ spans, cells }]: { spans: number; cells: number }[] = await manager.query(
        `WITH cells AS (
           INSERT INTO timeline_checkpoint_cells (checkpoint_id, cell, stage, harm_categories, completed, calendar_days, working_days,
             started_on, start_working_day, jurisdiction, n, events, seq_sum, max_seq)
           SELECT $1::bigint, row_number() OVER ()::int, g.*
           FROM (
             SELECT s.stage, s.harm_categories, ${ended},
               CASE WHEN ${ended} THEN ${d.completedCalendarDays} END,
               CASE WHEN ${ended} THEN ${d.completedWorkingDays} END,
               CASE WHEN NOT ${ended} THEN s.started_on END,
               CASE WHEN NOT ${ended} THEN s.start_working_day END,
               CASE WHEN NOT ${ended} THEN ${calendarJurisdiction('s')} END,
               count(*)::int,
               (CASE WHEN ${ended} THEN 2 ELSE 1 END * count(*))::bigint,
               sum(s.start_seq) + CASE WHEN ${ended} THEN sum(s.end_seq) ELSE 0 END,
               CASE WHEN ${ended} THEN greatest(max(s.start_seq), max(s.end_seq)) ELSE max(s.start_seq) END
             FROM case_stage_spans s
             WHERE s.start_recorded_at <= $2
             GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
           ) g
           RETURNING n
         )
         SELECT coalesce(sum(n), 0)::int AS spans, count(*)::int AS cells FROM cells`,
        [id, boundary],
      );
      await manager.query(
        `INSERT INTO timeline_checkpoint_months (checkpoint_id, month, intake, opened, closed)
         SELECT $2::bigint, month, sum(intake), sum(opened), sum(closed) FROM (${MONTHLY_ACTIVITY_SQL}) AS a GROUP BY month`,
        [boundary, id],
      );
      await manager.query(`UPDATE timeline_checkpoints SET spans = $2, cells = $3 WHERE id = $1`, [id, spans, cells]);
      return { boundary, status: 'created' as const, spans, cells, ms: Date.now() - started };
    });
  }
}
