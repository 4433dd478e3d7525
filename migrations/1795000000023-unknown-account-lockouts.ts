import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lockout counts for sign-in attempts to addresses that have no account, so that an unknown address
 * answers exactly as a real one does (no "locked" for one and "wrong password" for the other). Keyed by
 * the SHA-256 of the lower-cased address: the addresses strangers try are never stored.
 */
export class UnknownAccountLockouts1795000000023 implements MigrationInterface {
  name = 'UnknownAccountLockouts1795000000023';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unknown_account_lockouts (
        email_hash          char(64) PRIMARY KEY,
        failed_login_count  integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        locked_until        timestamptz,
        updated_at          timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX unknown_account_lockouts_by_age ON unknown_account_lockouts (updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE unknown_account_lockouts`);
  }
}
