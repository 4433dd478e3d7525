import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The checkout whose built server the children run: this one, or RESILIENCE_APP_ROOT (e.g. a clean export of a commit). */
const root = process.env.RESILIENCE_APP_ROOT ?? new URL('../../..', import.meta.url).pathname;
export const DIST_ENTRY = join(root, 'dist/apps/server/apps/server/src');

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined/false, or fails naming `what`. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(everyMs);
  }
}

/** The demo users' password in every test database (as TEST_DEMO_PASSWORD of @app/testing). */
export const DEMO_PASSWORD = 'demo-password-for-tests';

/** Secrets every child of a test shares, so that a token issued by one process is valid at the others. */
const CHILD_SECRETS = {
  SESSION_SECRET: 'resilience-session-secret-0123456789abcdef0123',
  JWT_SECRET: 'resilience-jwt-secret-0123456789abcdef0123456789',
  MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
};

/** The environment of a child process (only what it needs: no secrets of the parent leak in). */
function baseEnv(databaseUrl: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.RESILIENCE_LOG_LEVEL ?? 'warn',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '10',
    DATA_DIR: '/tmp/osa-resilience-data',
    ...CHILD_SECRETS,
    SEED_DEMO: 'true',
    DEMO_PASSWORD,
    ...extra,
  };
}

/**
 * Every child's pid is written under OSA_RESILIENCE_PIDS (set by the suite's global setup), so the
 * global teardown can stop children left behind by a test file that crashed before its afterAll.
 */
function recordPid(pid: number | undefined, alive: boolean): void {
  const dir = process.env.OSA_RESILIENCE_PIDS;
  if (!dir || !pid) return;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, String(pid));
  if (alive) writeFileSync(file, String(pid));
  else rmSync(file, { force: true });
}

const running = new Set<AppProcess>();

/** A real `node dist/.../main.js` (API) or `worker.js` child process. */
export class AppProcess {
  private log = '';
  private exitCode: number | null | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    readonly kind: 'api' | 'worker',
    readonly child: ChildProcess,
    readonly port: number | undefined,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.log += d.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : 0);
        running.delete(this);
        recordPid(child.pid, false);
        resolve();
      }),
    );
    running.add(this);
    recordPid(child.pid, true);
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get output(): string {
    return this.log;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** Starts the HTTP server on a free port and waits until /health/ready answers 200. */
  static async api(databaseUrl: string, extra: Record<string, string> = {}): Promise<AppProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(DIST_ENTRY, 'main.js')], {
      cwd: root,
      env: baseEnv(databaseUrl, { PORT: String(port), HOST: '127.0.0.1', RUN_JOBS: 'false', ...extra }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new AppProcess('api', child, port);
    await proc.waitFor('ready', async () => (await fetch(`${proc.baseUrl}/health/ready`)).status === 200, 90_000);
    return proc;
  }

  /** Starts a worker (recurring jobs) and waits until it says it has started. */
  static async worker(databaseUrl: string, extra: Record<string, string> = {}): Promise<AppProcess> {
    const child = spawn(process.execPath, [join(DIST_ENTRY, 'worker.js')], {
      cwd: root,
      env: baseEnv(databaseUrl, { RUN_JOBS: 'true', ...extra }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new AppProcess('worker', child, undefined);
    await proc.waitFor('started', async () => proc.log.includes('Worker started'), 90_000);
    return proc;
  }

  private async waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.alive) throw new Error(`${this.kind} exited (${this.exitCode}) before it was ${what}:\n${this.log}`);
      if (await check().catch(() => false)) return;
      if (Date.now() > deadline) {
        await this.kill9();
        throw new Error(`${this.kind} was not ${what} after ${timeoutMs} ms:\n${this.log}`);
      }
      await sleep(200);
    }
  }

  /** The crash: SIGKILL, no chance to finish anything. Resolves once the process is gone. */
  async kill9(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Graceful stop (SIGTERM); SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Stops every child this test file started (for afterAll). */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop(5_000)));
}

/** True when the built entry points exist (the suite's global setup builds them). */
export function distBuilt(): boolean {
  return existsSync(join(DIST_ENTRY, 'main.js')) && existsSync(join(DIST_ENTRY, 'worker.js'));
}
