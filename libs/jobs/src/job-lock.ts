import { Logger } from '@nestjs/common';
import pg from 'pg';

/** First key of every job lock, so job locks never collide with other advisory locks of the application. */
export const JOB_LOCK_NAMESPACE = 7_341_003;

/**
 * Cross-process mutual exclusion for recurring jobs: a PostgreSQL session advisory lock per job name,
 * taken on one connection of its own (outside the pool, so a held lock never starves handlers of
 * connections). PostgreSQL releases the locks when the connection ends, so a worker killed mid-run
 * frees its jobs for the other workers at once.
 */
export class JobLockConnection {
  private readonly logger = new Logger('RecurringJobs');
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  /** Serialises queries on the single connection. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly connectionString: string) {}

  /** True when this process now holds the lock of the job; false when another process holds it. */
  tryLock(name: string): Promise<boolean> {
    return this.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [name]).then((row) => row.locked);
  }

  async unlock(name: string): Promise<void> {
    await this.query('SELECT pg_advisory_unlock($1, hashtext($2)) AS unlocked', [name]);
  }

  async close(): Promise<void> {
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    this.connecting = undefined;
    await client?.end().catch(() => undefined);
  }

  private query<T>(sql: string, params: [string]): Promise<T> {
    const run = this.queue.then(async () => {
      const client = await this.connect();
      const result = await client.query(sql, [JOB_LOCK_NAMESPACE, ...params]);
      return result.rows[0] as T;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.connectionString, application_name: 'osa-enforcement-jobs' });
      // A lost connection has lost its locks too: forget it and reconnect on next use.
      client.on('error', (error) => {
        this.logger.warn(`job lock connection lost: ${error.message}`);
        if (this.client === client) this.client = undefined;
      });
      client.on('end', () => {
        if (this.client === client) this.client = undefined;
      });
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }
}
