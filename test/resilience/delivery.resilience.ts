import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, dropTestDatabase } from '../support/database.js';
import { bySize, call, pool, tokenFrom } from './support/api.js';
import { AppProcess, sleep, stopAllProcesses, waitUntil } from './support/processes.js';
import { SmtpSink } from '../support/smtp-sink.js';

const MESSAGES = bySize(200, 40);
/** Short leases and backoff, so that recovery happens within the test (the shortest lease the settings allow). */
const OUTBOX = { OUTBOX_LEASE_SECONDS: '30', OUTBOX_BACKOFF_BASE_SECONDS: '1', OUTBOX_BACKOFF_CAP_SECONDS: '3', OUTBOX_BATCH_SIZE: '10' };

describe('email delivery when a worker dies and when the mail server is away', () => {
  let databaseUrl: string;
  let db: pg.Client;
  let sink: SmtpSink;
  let api: AppProcess;
  let token: string;
  let round = 0;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    sink = await SmtpSink.start();
    api = await AppProcess.api(databaseUrl);
    token = await tokenFrom(api.baseUrl, 'officer@demo.test');
  }, 120_000);

  afterAll(async () => {
    await stopAllProcesses();
    await sink?.stop();
    await db?.end();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  /** Reports with a reporter's email: each queues one acknowledgement in the outbox. Returns their outbox message ids. */
  async function queueAcknowledgements(count: number): Promise<string[]> {
    round += 1;
    const ids: string[] = [];
    await pool(count, 8, async (i) => {
      const res = await call(api.baseUrl, 'POST', '/api/v1/intake', {
        token,
        body: {
          source: 'complaint',
          serviceUrl: `https://mail-${round}.example/${i}`,
          harmCategories: ['fraud'],
          description: 'A shop that takes payment and sends nothing.',
          reporter: { name: `Reporter ${round}.${i}`, email: `reporter-${round}-${i}@example.test` },
        },
      });
      if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${res.text}`);
      ids.push(res.body.id);
    });
    const rows = (await db.query(`SELECT message_id FROM outbox_messages WHERE subject_type = 'intake_item' AND subject_id = ANY($1)`, [ids])).rows;
    expect(rows).toHaveLength(count);
    return rows.map((r) => r.message_id as string);
  }

  const allSent = (messageIds: string[]) =>
    waitUntil(
      'every message sent',
      async () => (await db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE message_id = ANY($1) AND status = 'sent'`, [messageIds])).rows[0].n === messageIds.length,
      120_000,
      500,
    );

  const expectReceivedOnce = (messageIds: string[]) => {
    const counts = sink.countsByMessageId();
    expect(messageIds.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect(sink.duplicates()).toEqual([]);
  };

  it('resumes the delivery of a worker killed with SIGKILL mid-send in another worker, each message received once', async () => {
    const messageIds = await queueAcknowledgements(MESSAGES);
    // One message at a time and a slow mail server: when a message's data starts arriving, the worker
    // has marked every earlier message sent and is waiting for the server's answer to this one.
    sink.acceptDelayMs = 400;
    const first = await AppProcess.worker(databaseUrl, { ...OUTBOX, SMTP_URL: sink.url, OUTBOX_CONCURRENCY: '1' });
    await waitUntil('a few messages delivered', async () => sink.received.length >= 3, 60_000);
    await sink.nextData();
    await first.kill9();
    sink.acceptDelayMs = 0;
    const before = sink.received.length;
    expect(before).toBeLessThan(MESSAGES);
    // The killed worker's claim is still on its messages until the lease runs out.
    const leased = (await db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'sending'`)).rows[0].n;
    expect(leased).toBeGreaterThan(0);

    await AppProcess.worker(databaseUrl, { ...OUTBOX, SMTP_URL: sink.url });
    await allSent(messageIds);
    await sleep(2_000);
    expect(sink.abandoned).toBeGreaterThanOrEqual(1);
    expect(sink.received.length).toBe(MESSAGES);
    expectReceivedOnce(messageIds);
  });

  it('keeps messages while the mail server is down, then delivers each once when it is back', async () => {
    const already = sink.received.length;
    await sink.stop();
    const messageIds = await queueAcknowledgements(MESSAGES);
    // The worker tries, fails and backs off; nothing is lost while it does.
    await waitUntil(
      'every message tried at least twice',
      async () => (await db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE message_id = ANY($1) AND attempts >= 2 AND last_error IS NOT NULL`, [messageIds])).rows[0].n === MESSAGES,
      90_000,
      500,
    );
    const waiting = (await db.query(`SELECT status, count(*)::int AS n FROM outbox_messages WHERE message_id = ANY($1) GROUP BY status`, [messageIds])).rows;
    expect(waiting.filter((w) => !['pending', 'sending'].includes(w.status))).toEqual([]);
    expect(sink.received.length).toBe(already);

    await sink.restart();
    await allSent(messageIds);
    await sleep(2_000);
    expect(sink.received.length).toBe(already + MESSAGES);
    expectReceivedOnce(messageIds);
  });
});
