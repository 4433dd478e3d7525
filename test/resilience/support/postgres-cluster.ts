import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import pg from 'pg';
import { initCluster, launchPostmaster, serverDirectory, waitUntilAccepting } from '../../support/pg-server.mjs';
import { freePort, sleep } from './processes.js';

/**
 * A PostgreSQL cluster of its own (initdb in a temporary directory) that a test can stop and start
 * again on the same port and data, without disturbing the shared test server.
 */
export class PostgresCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PostgresCluster> {
    const dir = serverDirectory('osa-pg-resilience-');
    initCluster(join(dir, 'data'));
    const cluster = new PostgresCluster(dir, await freePort());
    // Recorded for the suite's global teardown, in case this test file dies before its afterAll.
    const pids = process.env.OSA_RESILIENCE_PIDS;
    if (pids) {
      mkdirSync(pids, { recursive: true });
      writeFileSync(join(pids, `pg-${basename(dir)}`), dir);
    }
    await cluster.start();
    return cluster;
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlFor(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async query(sql: string, database = 'postgres'): Promise<void> {
    const client = new pg.Client({ connectionString: this.urlFor(database) });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  /** Starts the postmaster and waits until it accepts connections. */
  async start(): Promise<void> {
    launchPostmaster({ data: join(this.dir, 'data'), port: this.port, socketDir: this.dir, settings: { max_connections: 100 } });
    await waitUntilAccepting(this.adminUrl);
  }

  private postmasterPid(): number | undefined {
    const file = join(this.dir, 'data', 'postmaster.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
  }

  /** Fast shutdown (what a restart by an operator or a failover does): sessions are cut off. */
  async stop(): Promise<void> {
    const pid = this.postmasterPid();
    if (!pid) return;
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      return;
    }
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await sleep(50);
    }
    process.kill(pid, 'SIGKILL');
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
    const pids = process.env.OSA_RESILIENCE_PIDS;
    if (pids) rmSync(join(pids, `pg-${basename(this.dir)}`), { force: true });
  }
}
