import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { JOB_LOCK_NAMESPACE, RecurringJobs } from '@app/jobs';
import { OUTBOX_DISPATCH_JOB } from '@app/notifications';
import { dataSourceOptions } from '@app/platform';
import { bootTestApp, type TestApp } from '@app/testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('recurring background jobs', () => {
  let t: TestApp;
  /** Each worker "process" has its own pool and its own lock connection. */
  const pools: DataSource[] = [];
  const workers: RecurringJobs[] = [];

  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(pools.map((p) => p.destroy()));
    await t.close();
  });

  async function worker(run = true): Promise<RecurringJobs> {
    const pool = await new DataSource(dataSourceOptions(t.databaseUrl, 3)).initialize();
    pools.push(pool);
    const jobs = new RecurringJobs(pool, { run });
    workers.push(jobs);
    return jobs;
  }

  it('runs a registered job again and again in a worker process', async () => {
    const jobs = await worker();
    let runs = 0;
    jobs.register('test.every-tick', 0.05, async () => {
      runs += 1;
    });
    jobs.onApplicationBootstrap();
    await until(() => runs >= 3);
    await jobs.stop();
  });

  it('does not run the schedule in the HTTP application, where runNow still works', async () => {
    const app = t.app.get(RecurringJobs);
    expect(app.names()).toContain(OUTBOX_DISPATCH_JOB);
    let runs = 0;
    app.register('test.http-registered', 0.05, async () => {
      runs += 1;
      return 'done';
    });
    await sleep(300);
    expect(runs).toBe(0);
    await expect(app.runNow('test.http-registered')).resolves.toBe('done');
    expect(runs).toBe(1);
    await expect(app.runNow('test.unknown')).rejects.toThrow(/No job named "test.unknown"/);
  });

  it('never runs the same job twice at once across worker processes', async () => {
    const [a, b, c] = [await worker(), await worker(), await worker()];
    let running = 0;
    let mostAtOnce = 0;
    let runs = 0;
    const handler = async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(40);
      running -= 1;
      runs += 1;
    };
    for (const jobs of [a, b, c]) jobs.register('test.exclusive', 0.01, handler);
    for (const jobs of [a, b, c]) jobs.onApplicationBootstrap();
    await until(() => runs >= 12);
    await Promise.all([a, b, c].map((jobs) => jobs.stop()));
    expect(mostAtOnce).toBe(1);
  });

  it('keeps running after a handler fails', async () => {
    const jobs = await worker();
    let calls = 0;
    jobs.register('test.flaky', 0.02, async () => {
      calls += 1;
      if (calls <= 2) throw new Error(`failure ${calls}`);
    });
    jobs.onApplicationBootstrap();
    await until(() => calls >= 4);
    await jobs.stop();
  });

  it('waits for the running handler on shutdown and starts no new run', async () => {
    const jobs = await worker();
    let started = 0;
    let finished = 0;
    jobs.register('test.slow', 0.01, async () => {
      started += 1;
      await sleep(300);
      finished += 1;
    });
    jobs.onApplicationBootstrap();
    await until(() => started === 1);
    await jobs.stop();
    expect(finished).toBe(1);
    await sleep(100);
    expect(started).toBe(1);
  });

  it('lets runNow wait for another process to finish the job, then runs it', async () => {
    const [a, b] = [await worker(false), await worker(false)];
    const order: string[] = [];
    a.register('test.shared', 60, async () => {
      order.push('a:start');
      await sleep(200);
      order.push('a:end');
    });
    b.register('test.shared', 60, async () => {
      order.push('b');
      return 42;
    });
    const first = a.runNow('test.shared');
    await until(() => order.includes('a:start'));
    await expect(b.runNow('test.shared')).resolves.toBe(42);
    await first;
    expect(order).toEqual(['a:start', 'a:end', 'b']);
  });

  it('frees the job of a worker whose connection died (kill -9) for the others', async () => {
    // A worker that took the lock and then died without releasing it.
    const doomed = new pg.Client({ connectionString: t.databaseUrl });
    await doomed.connect();
    await doomed.query('SELECT pg_advisory_lock($1, hashtext($2))', [JOB_LOCK_NAMESPACE, 'test.orphaned']);
    const [{ pid }] = (await doomed.query('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
    doomed.on('error', () => undefined);

    const jobs = await worker(false);
    jobs.register('test.orphaned', 60, async () => 'ran');
    const waiting = jobs.runNow('test.orphaned');
    let settled = false;
    void waiting.then(() => (settled = true));
    await sleep(300);
    expect(settled).toBe(false);

    await t.app.get(DataSource).query('SELECT pg_terminate_backend($1)', [pid]);
    await expect(waiting).resolves.toBe('ran');
  });

  it('refuses a duplicate or malformed registration', async () => {
    const jobs = await worker(false);
    jobs.register('test.once', 1, async () => undefined);
    expect(() => jobs.register('test.once', 1, async () => undefined)).toThrow(/already registered/);
    expect(() => jobs.register('Bad Name', 1, async () => undefined)).toThrow(/lower-case/);
    expect(() => jobs.register('test.never', 0, async () => undefined)).toThrow(/positive interval/);
  });
});
