import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const DAY_MS = 86_400_000;

/**
 * The lockout of addresses with no account, kept like a real account's (same count, same period), so
 * the answers to sign-in attempts never reveal whether an address has an account.
 */
@Injectable()
export class UnknownAccountLockouts {
  private failuresSinceSweep = 0;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async lockedUntil(email: string): Promise<Date | null> {
    const [row] = (await this.dataSource.query(`SELECT locked_until FROM unknown_account_lockouts WHERE email_hash = $1`, [hashOf(email)])) as { locked_until: Date | null }[];
    return row?.locked_until ?? null;
  }

  /** Counts a failure; the `limit`-th in a row locks the address until `lockUntil` and starts the count again. */
  async recordFailure(email: string, limit: number, lockUntil: Date, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO unknown_account_lockouts AS l (email_hash, failed_login_count, locked_until, updated_at)
       VALUES ($1, CASE WHEN $2 <= 1 THEN 0 ELSE 1 END, CASE WHEN $2 <= 1 THEN $3::timestamptz END, $4)
       ON CONFLICT (email_hash) DO UPDATE SET
         failed_login_count = CASE WHEN l.failed_login_count + 1 >= $2 THEN 0 ELSE l.failed_login_count + 1 END,
         locked_until       = CASE WHEN l.failed_login_count + 1 >= $2 THEN $3::timestamptz ELSE l.locked_until END,
         updated_at         = $4`,
      [hashOf(email), limit, lockUntil, now],
    );
    await this.sweepNowAndThen(now);
  }

  /** Rows untouched for a day hold nothing a lockout still needs: drop them now and then. */
  private async sweepNowAndThen(now: Date): Promise<void> {
    this.failuresSinceSweep += 1;
    if (this.failuresSinceSweep < 250) return;
    this.failuresSinceSweep = 0;
    await this.dataSource.query(`DELETE FROM unknown_account_lockouts WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $2)`, [new Date(now.getTime() - DAY_MS), now]);
  }
}

const hashOf = (email: string): string => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
