import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, dropTestDatabase } from '../support/database.js';
import { bySize, call, pool, tokenFrom } from './support/api.js';
import { AppProcess, sleep, stopAllProcesses } from './support/processes.js';

const REQUESTS = bySize(10_000, 1_500);
const CONCURRENCY = 24;
/** The crash comes when this share of the requests has been sent. */
const KILL_AT = 0.4;

describe('an API process killed with SIGKILL in the middle of a stream of intake reports', () => {
  let databaseUrl: string;
  let db: pg.Client;
  let victim: AppProcess;
  let survivor: AppProcess;
  let token: string;
  const marker = `crash-${Date.now()}`;
  const answers: { status: number; id?: string }[] = [];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    [victim, survivor] = await Promise.all([AppProcess.api(databaseUrl), AppProcess.api(databaseUrl)]);
    token = await tokenFrom(survivor.baseUrl, 'officer@demo.test');
  }, 180_000);

  afterAll(async () => {
    await stopAllProcesses();
    await db?.end();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it(`keeps every report answered 201 and never half-writes one (${REQUESTS} reports across two processes)`, async () => {
    let sent = 0;
    let killed: Promise<void> | undefined;
    await pool(REQUESTS, CONCURRENCY, async (i) => {
      sent += 1;
      if (!killed && sent >= REQUESTS * KILL_AT) killed = victim.kill9();
      // Alternate between the processes (as a load balancer would); after the crash the victim refuses connections.
      const target = i % 2 === 0 ? victim : survivor;
      const res = await call(target.baseUrl, 'POST', '/api/v1/intake', {
        token,
        body: {
          source: 'supervision',
          // A few services and harms, so reports join each other's matters (the concurrent path).
          serviceUrl: `https://crash-${i % 7}.example/item/${i}`,
          harmCategories: [i % 3 === 0 ? 'fraud' : 'ncii'],
          description: `${marker} report ${i}`,
        },
      });
      answers[i] = { status: res.status, id: res.status === 201 ? res.body.id : undefined };
      if (![201, 0].includes(res.status)) {
        await sleep(1000); // the process's log line of the failure
        throw new Error(`report ${i} answered ${res.status}: ${res.text}\n${target.output.slice(-4000)}`);
      }
    });
    await killed;
    expect(victim.alive).toBe(false);

    const ok = answers.filter((a) => a.status === 201);
    const lost = answers.filter((a) => a.status === 0);
    // The crash really happened mid-stream: some reports were refused, most were taken.
    expect(lost.length).toBeGreaterThan(0);
    expect(ok.length).toBeGreaterThan(REQUESTS / 2);

    const items = (
      await db.query(
        `SELECT i.id, i.matter_id, m.id AS matter,
                EXISTS (SELECT 1 FROM audit_events e WHERE e.chain_id = 'matter:' || i.matter_id AND e.data ->> 'itemId' = i.id::text) AS audited
           FROM intake_items i LEFT JOIN matters m ON m.id = i.matter_id
          WHERE i.description LIKE $1`,
        [`${marker} %`],
      )
    ).rows as { id: string; matter_id: string; matter: string | null; audited: boolean }[];
    const stored = new Set(items.map((item) => item.id));
    // Every 201 is in the database.
    for (const answer of ok) expect(stored.has(answer.id as string)).toBe(true);
    // Reports whose answer the crash swallowed are either absent or complete: never more than were in flight.
    expect(items.length - ok.length).toBeGreaterThanOrEqual(0);
    expect(items.length - ok.length).toBeLessThanOrEqual(CONCURRENCY);
    // Complete: in a matter that exists, with its audit event.
    expect(items.filter((item) => !item.matter || !item.audited)).toEqual([]);
    // Each matter counts exactly the reports it holds.
    const counts = (
      await db.query(`SELECT m.id, m.item_count, (SELECT count(*)::int FROM intake_items i WHERE i.matter_id = m.id) AS held FROM matters m WHERE m.item_count <> (SELECT count(*) FROM intake_items i WHERE i.matter_id = m.id)`)
    ).rows;
    expect(counts).toEqual([]);

    const verify = await call(survivor.baseUrl, 'GET', '/api/v1/audit/verify', { token });
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it('carries on serving from the surviving process, and a restarted process takes reports again', async () => {
    const restarted = await AppProcess.api(databaseUrl);
    for (const target of [survivor, restarted]) {
      const res = await call(target.baseUrl, 'POST', '/api/v1/intake', {
        token,
        body: { source: 'supervision', serviceUrl: 'https://after-crash.example', harmCategories: ['fraud'], description: `${marker} after` },
      });
      expect(res.status).toBe(201);
    }
  });
});
