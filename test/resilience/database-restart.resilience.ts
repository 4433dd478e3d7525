import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bySize, call, tokenFrom, type Reply } from './support/api.js';
import { PostgresCluster } from './support/postgres-cluster.js';
import { AppProcess, sleep, stopAllProcesses, waitUntil } from './support/processes.js';

const OUTAGE_MS = bySize(15_000, 6_000);
const CLIENTS = 6;

interface Sample {
  path: string;
  startedAt: number;
  endedAt: number;
  reply: Reply;
}

describe('PostgreSQL restarted under load', () => {
  let cluster: PostgresCluster;
  let api: AppProcess;
  let token: string;

  beforeAll(async () => {
    // A cluster of its own: stopping it disturbs no other test.
    cluster = await PostgresCluster.create();
    await cluster.query('CREATE DATABASE osa');
    api = await AppProcess.api(cluster.urlFor('osa'));
    token = await tokenFrom(api.baseUrl, 'officer@demo.test');
  }, 180_000);

  afterAll(async () => {
    await stopAllProcesses();
    await cluster?.destroy();
  });

  it('answers 503 problem+json while the database is away, says so on /health/ready, and recovers by itself', async () => {
    const samples: Sample[] = [];
    let running = true;
    let n = 0;
    const requests: [string, string, unknown?][] = [
      ['GET', '/api/v1/cases?limit=5'],
      ['POST', '/api/v1/intake', { source: 'supervision', serviceUrl: 'https://restart.example', harmCategories: ['fraud'], description: 'During the restart.' }],
      ['GET', '/health/ready'],
      ['GET', '/api/v1/me'],
    ];
    const client = async (): Promise<void> => {
      while (running) {
        const [method, path, body] = requests[n++ % requests.length] as [string, string, unknown?];
        const startedAt = Date.now();
        const reply = await call(api.baseUrl, method, path, { token, body });
        samples.push({ path, startedAt, endedAt: Date.now(), reply });
        await sleep(20);
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, client));

    await sleep(2_000);
    const stopping = Date.now();
    await cluster.stop();
    const down = Date.now();
    await sleep(OUTAGE_MS);
    const upAgain = Date.now();
    await cluster.start();
    // Recovers by itself: no restart of the API process.
    const ready = await waitUntil('/health/ready to answer 200 again', async () => (await call(api.baseUrl, 'GET', '/health/ready')).status === 200 && Date.now(), 60_000, 200);
    await sleep(3_000);
    running = false;
    await load;

    expect(api.alive).toBe(true);
    const byPhase = (from: number, to: number) => samples.filter((s) => s.startedAt >= from && s.endedAt <= to);
    const before = byPhase(0, stopping);
    const away = byPhase(down, upAgain);
    const after = samples.filter((s) => s.startedAt > ready + 500);
    expect(before.length).toBeGreaterThan(0);
    expect(away.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(away.filter((s) => s.path === '/health/ready').length).toBeGreaterThan(0);

    // Before and after: served normally.
    for (const s of [...before, ...after]) expect({ path: s.path, status: s.reply.status }).toEqual({ path: s.path, status: s.path === '/api/v1/intake' ? 201 : 200 });
    // While away: 503 with a problem a client can act on, never a 5xx of another kind, never a stack trace.
    for (const s of away) {
      expect({ path: s.path, status: s.reply.status }).toEqual({ path: s.path, status: 503 });
      expect(s.reply.headers.get('content-type')).toContain('application/problem+json');
      expect(s.reply.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      // The readiness probe names the database when its check got that far (a failure before it is a plain 503).
      if (s.path === '/health/ready' && s.reply.body.details) expect(s.reply.body.details.database).toMatchObject({ status: 'down' });
      if (s.path !== '/health/ready') expect(Number(s.reply.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Nothing at any moment (the transitions included) was a 500 or a stack trace.
    const unexpected = api.output.split('\n').filter((line) => line.includes('unexpected error'));
    for (const s of samples) {
      if (s.reply.status === 500) throw new Error(`${s.path} answered 500 at ${s.startedAt - stopping} ms after the stop began:\n${unexpected.join('\n').slice(0, 3000)}`);
      expect(s.reply.text).not.toMatch(/\bat .+\.(js|ts):\d+/);
    }
  });
});
