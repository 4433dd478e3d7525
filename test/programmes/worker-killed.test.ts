import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { BulkActionProcessor } from '@app/programmes';
import { bootTestApp, type TestApp } from '@app/testing';
import { createDemoProviders, type DemoProviders } from './demo-providers.js';

const PROVIDERS = 500;
const root = new URL('../..', import.meta.url).pathname;

/** A real worker process (test/programmes/support/bulk-worker.ts) sending bulk actions on the test database. */
function startWorker(databaseUrl: string): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', join(root, 'test/programmes/support/register-ts.mjs'), join(root, 'test/programmes/support/bulk-worker.ts'), databaseUrl], {
    cwd: root,
    env: { ...process.env, TZ: 'UTC', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve({ code: child.exitCode, signal: child.signalCode }) : child.once('exit', (code, signal) => resolve({ code, signal }))));

describe('a bulk notice when the worker process is killed half-way', () => {
  let t: TestApp;
  let db: DataSource;
  let demo: DemoProviders;
  const auth = async () => ({ Authorization: `Bearer ${await t.token('case_officer')}` });

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    demo = await createDemoProviders(db, PROVIDERS, 'Kil');
  }, 120_000);
  afterAll(async () => t?.close());

  const count = async (sql: string, params: unknown[]): Promise<number> => Number(((await db.query(sql, params)) as { n: string }[])[0]?.n);

  it('sends each provider exactly one notice, deadline and email after a SIGKILL and a restart', async () => {
    const programme = await t.http().post('/api/v1/programmes').set(await auth()).send({ title: 'Illegal content risk assessments', description: 'Whether file-sharing services assessed CSAM risk.', harmCategories: ['csam', 'risk_assessment_duties'] });
    await t.http().post(`/api/v1/programmes/${programme.body.id}/services`).set(await auth()).send({ serviceIds: demo.serviceIds });
    const action = await t.http().post(`/api/v1/programmes/${programme.body.id}/actions`).set(await auth()).send({
      kind: 'information_notice',
      notice: { title: 'Information notice: illegal content risk assessment', requirements: [{ item: 'Your latest illegal content risk assessment' }], reasons: ['We are reviewing risk assessments of file-sharing services.'], responseForm: 'Through the provider portal.', responseWorkingDays: 10 },
    });
    expect(action.status).toBe(202);
    const programmeId = programme.body.id as string;
    const done = () => count(`SELECT count(*) AS n FROM programme_action_items WHERE action_id = $1 AND status = 'done'`, [action.body.id]);

    // The worker starts sending; once about 100 providers are done it is killed without warning.
    const worker = startWorker(t.databaseUrl);
    const deadline = Date.now() + 90_000;
    while ((await done()) < 100) {
      if (worker.child.exitCode !== null) throw new Error(`the worker stopped before it was killed:\n${worker.output()}`);
      if (Date.now() > deadline) throw new Error(`the worker made no progress:\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    worker.child.kill('SIGKILL');
    expect(await exited(worker.child)).toEqual({ code: null, signal: 'SIGKILL' });

    // Whatever the worker had committed is whole: every item done has its notice, deadline and email, and nothing else exists.
    const doneAtKill = await done();
    expect(doneAtKill).toBeGreaterThanOrEqual(100);
    expect(doneAtKill).toBeLessThan(PROVIDERS);
    expect(await count(`SELECT count(*) AS n FROM provider_notices WHERE source_id = $1`, [programmeId])).toBe(doneAtKill);
    expect(await count(`SELECT count(*) AS n FROM outbox_messages WHERE subject_id = $1`, [programmeId])).toBe(doneAtKill);
    expect(await count(`SELECT count(*) AS n FROM deadlines d JOIN programme_action_items i ON d.subject_id = i.id::text WHERE i.action_id = $1`, [action.body.id])).toBe(doneAtKill);

    // A restarted worker (here, the application's own processor) finishes the rest; items the killed
    // process still held are picked up once PostgreSQL has released them.
    const processor = t.app.get(BulkActionProcessor);
    const finishBy = Date.now() + 60_000;
    while ((await done()) < PROVIDERS && Date.now() < finishBy) {
      await processor.drain();
      await new Promise((r) => setTimeout(r, 50));
    }
    const progress = await t.http().get(`/api/v1/programmes/${programmeId}/actions/${action.body.id}`).set(await auth());
    expect(progress.body).toMatchObject({ total: PROVIDERS, done: PROVIDERS, failed: 0, pending: 0, status: 'completed' });
    expect(await count(`SELECT count(*) AS n FROM provider_notices WHERE source_id = $1`, [programmeId])).toBe(PROVIDERS);
    expect(await count(`SELECT count(DISTINCT organisation_id) AS n FROM provider_notices WHERE source_id = $1`, [programmeId])).toBe(PROVIDERS);
    expect(await count(`SELECT count(*) AS n FROM outbox_messages WHERE subject_id = $1 AND template = 'notice_issued'`, [programmeId])).toBe(PROVIDERS);
    expect(await count(`SELECT count(DISTINCT to_address) AS n FROM outbox_messages WHERE subject_id = $1`, [programmeId])).toBe(PROVIDERS);
    expect(await count(`SELECT count(*) AS n FROM deadlines d JOIN programme_action_items i ON d.subject_id = i.id::text WHERE i.action_id = $1`, [action.body.id])).toBe(PROVIDERS);
  }, 240_000);
});
