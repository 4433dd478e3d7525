import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recomputes each span's working-day ordinals from its UK dates (the trigger below does the same for every
 * span written). Exported for the benchmark and tests, which rebuild the spans from the audit trail.
 */
export const BACKFILL_SPAN_WORKING_DAYS = `UPDATE case_stage_spans SET started_on = started_on`;

/**
 * Reporting speed (issue 8): the timelines report's histogram becomes a plain aggregate. Each span stores
 * the working-day ordinal (cumulative working days since WORKING_DAY_INDEX_FROM, in the case's
 * jurisdiction) of its start and end dates, filled by a trigger from working_day_ordinals whenever a
 * span's dates are written, so the report subtracts two integers instead of looking up two dates per row.
 */
export class ReportingSpeed1795000000024 implements MigrationInterface {
  name = 'ReportingSpeed1795000000024';

  async up(q: QueryRunner): Promise<void> {
    // The cumulative working-day index (libs/reporting/src/working-days.ts) as a table: one row per
    // jurisdiction and date from 2015 to 2045. Dates outside it have no ordinal (no working-day figure).
    await q.query(`
      CREATE TABLE working_day_ordinals (
        jurisdiction text NOT NULL,
        day          date NOT NULL,
        ordinal      integer NOT NULL,
        PRIMARY KEY (jurisdiction, day)
      )`);
    // Loaded here, not at the top: the migration list is imported before the application's modules.
    const { WORKING_DAY_INDEX_FROM, workingDayIndex } = await import('../libs/reporting/src/working-days.js');
    for (const [jurisdiction, ordinals] of Object.entries(workingDayIndex())) {
      await q.query(
        `INSERT INTO working_day_ordinals (jurisdiction, day, ordinal)
         SELECT $1, $2::date + (k - 1)::int, o FROM unnest($3::int[]) WITH ORDINALITY AS u(o, k)`,
        [jurisdiction, WORKING_DAY_INDEX_FROM, ordinals],
      );
    }
    await q.query(`ALTER TABLE case_stage_spans ADD COLUMN start_working_day integer, ADD COLUMN end_working_day integer`);
    // Jurisdictions other than Scotland and Northern Ireland count England and Wales's bank holidays, as before.
    await q.query(`
      CREATE FUNCTION case_stage_span_working_days() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        j text := CASE WHEN NEW.jurisdiction IN ('scotland', 'northern-ireland') THEN NEW.jurisdiction ELSE 'england-and-wales' END;
      BEGIN
        NEW.start_working_day := (SELECT ordinal FROM working_day_ordinals WHERE jurisdiction = j AND day = NEW.started_on);
        NEW.end_working_day := CASE WHEN NEW.ended_on IS NULL THEN NULL
          ELSE (SELECT ordinal FROM working_day_ordinals WHERE jurisdiction = j AND day = NEW.ended_on) END;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER case_stage_span_working_days BEFORE INSERT OR UPDATE OF started_on, ended_on, jurisdiction
      ON case_stage_spans FOR EACH ROW EXECUTE FUNCTION case_stage_span_working_days()`);
    await q.query(BACKFILL_SPAN_WORKING_DAYS);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER case_stage_span_working_days ON case_stage_spans`);
    await q.query(`DROP FUNCTION case_stage_span_working_days()`);
    await q.query(`ALTER TABLE case_stage_spans DROP COLUMN start_working_day, DROP COLUMN end_working_day`);
    await q.query(`DROP TABLE working_day_ordinals`);
  }
}
