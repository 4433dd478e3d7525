import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pg from 'pg';
import { freePort, sleep } from './processes.js';

/** The newest Debian PostgreSQL server binaries (the ones the shared test server uses). */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL server binaries not found: run scripts/ensure-deps.sh');
  return join(root, newest, 'bin');
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;
const asPostgres = (cmd: string, args: string[]): [string, string[]] => (isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);

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
    const dir = mkdtempSync(join(tmpdir(), 'osa-pg-resilience-'));
    chmodSync(dir, 0o755);
    if (isRoot()) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, uid, gid);
    }
    const [cmd, args] = asPostgres(join(binDir(), 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    execFileSync(cmd, args, { stdio: 'ignore' });
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
    const [cmd, args] = asPostgres(join(binDir(), 'postgres'), [
      '-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir, '-h', '127.0.0.1',
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=100', '-c', 'log_min_messages=fatal',
    ]);
    spawn(cmd, args, { stdio: 'ignore', detached: true }).unref();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new pg.Client({ connectionString: this.adminUrl });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${String(error)}`);
        await sleep(100);
      }
    }
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
