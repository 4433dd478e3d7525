import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';

export const LOGIN_WINDOW_SECONDS = 60;
export const LOGIN_ATTEMPTS_PER_WINDOW = 20;

/**
 * Counts sign-in attempts per key (an IP address, an email) in fixed one-minute windows held in
 * PostgreSQL, so the limit holds across every API process. Windows follow the database's clock,
 * the one clock all those processes share (not the injectable Clock: this is traffic control, not
 * a business time that tests move).
 */
@Injectable()
export class LoginThrottle {
  private hitsSinceSweep = 0;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Records one attempt against every key; refuses it when any key is over the limit. */
  async hit(keys: string[]): Promise<void> {
    const rows = (await this.dataSource.query(
      `WITH now AS (SELECT clock_timestamp() AS t)
       INSERT INTO login_attempts AS a (key, window_start, count)
       SELECT k, now.t, 1 FROM unnest($1::text[]) AS k, now
       ON CONFLICT (key) DO UPDATE SET
         window_start = CASE WHEN a.window_start <= EXCLUDED.window_start - make_interval(secs => $2) OR a.window_start > EXCLUDED.window_start
                             THEN EXCLUDED.window_start ELSE a.window_start END,
         count        = CASE WHEN a.window_start <= EXCLUDED.window_start - make_interval(secs => $2) OR a.window_start > EXCLUDED.window_start
                             THEN 1 ELSE a.count + 1 END
       RETURNING count, ceil(extract(epoch FROM window_start + make_interval(secs => $2) - clock_timestamp()))::int AS seconds_left`,
      [keys, LOGIN_WINDOW_SECONDS],
    )) as { count: number; seconds_left: number }[];
    await this.sweepNowAndThen();
    const over = rows.filter((r) => r.count > LOGIN_ATTEMPTS_PER_WINDOW);
    if (over.length > 0) {
      const retryAfterSeconds = Math.max(1, ...over.map((r) => r.seconds_left));
      throw new DomainError('LOGIN_THROTTLED', `Too many sign-in attempts. Wait ${retryAfterSeconds} seconds and try again.`, { retryAfterSeconds });
    }
  }

  /** Old windows are worthless: drop them every few hundred attempts so the table stays small. */
  private async sweepNowAndThen(): Promise<void> {
    this.hitsSinceSweep += 1;
    if (this.hitsSinceSweep < 250) return;
    this.hitsSinceSweep = 0;
    await this.dataSource.query(`DELETE FROM login_attempts WHERE window_start < clock_timestamp() - make_interval(secs => $1)`, [LOGIN_WINDOW_SECONDS]);
  }
}
