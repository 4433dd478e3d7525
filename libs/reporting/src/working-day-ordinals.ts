import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WORKING_DAY_INDEX_FROM, workingDayIndex } from './working-days.js';

/**
 * Keeps working_day_ordinals (the cumulative working-day index as a table, from which a trigger fills each
 * stage span's start_working_day and end_working_day) equal to the bank-holiday calendar this build ships.
 * When the calendar changes (a new date-holidays release, a newly announced bank holiday), the table is
 * rewritten and every span's ordinals recomputed, in one transaction, so reports never mix calendars.
 */
@Injectable()
export class WorkingDayOrdinals {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Returns true when the table had to be rewritten. */
  async synchronise(): Promise<boolean> {
    if (await this.matches(this.dataSource.query.bind(this.dataSource))) return false;
    return this.dataSource.transaction(async (manager) => {
      // One process rewrites; any other waits here and then finds the table up to date.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('reporting.working_day_ordinals'))`);
      if (await this.matches(manager.query.bind(manager))) return false;
      await manager.query(`DELETE FROM working_day_ordinals`);
      for (const [jurisdiction, ordinals] of Object.entries(workingDayIndex())) {
        await manager.query(
          `INSERT INTO working_day_ordinals (jurisdiction, day, ordinal)
           SELECT $1, $2::date + (k - 1)::int, o FROM unnest($3::int[]) WITH ORDINALITY AS u(o, k)`,
          [jurisdiction, WORKING_DAY_INDEX_FROM, ordinals],
        );
      }
      // Checkpoints counted working days on the old calendar (the spans' guard trigger would delete them too).
      await manager.query(`DELETE FROM timeline_checkpoints`);
      // Writing started_on fires the trigger that recomputes both ordinals of every span.
      await manager.query(`UPDATE case_stage_spans SET started_on = started_on`);
      return true;
    });
  }

  /** Whether the table holds exactly the index: per jurisdiction, its length and a position-weighted sum. */
  private async matches(query: (sql: string, params?: unknown[]) => Promise<{ jurisdiction: string; n: number; weighted: string }[]>): Promise<boolean> {
    const stored = await query(
      `SELECT jurisdiction, count(*)::int AS n, sum(ordinal::bigint * (day - $1::date + 1))::text AS weighted
       FROM working_day_ordinals GROUP BY jurisdiction`,
      [WORKING_DAY_INDEX_FROM],
    );
    const index = Object.entries(workingDayIndex());
    if (stored.length !== index.length) return false;
    return index.every(([jurisdiction, ordinals]) => {
      const row = stored.find((r) => r.jurisdiction === jurisdiction);
      let weighted = 0n;
      ordinals.forEach((o, k) => (weighted += BigInt(o) * BigInt(k + 1)));
      return row !== undefined && row.n === ordinals.length && row.weighted === weighted.toString();
    });
  }
}
