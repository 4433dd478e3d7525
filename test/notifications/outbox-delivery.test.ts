import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/platform';
import {
  DEFAULT_OUTBOX_POLICY,
  EMAIL_TEMPLATES,
  Outbox,
  OutboxDispatcher,
  messageIdFor,
  type DispatchResult,
  type OutboxPolicy,
} from '@app/notifications';
import { bootTestApp, type TestApp } from '@app/testing';
import { SmtpSink } from '../support/smtp-sink.js';

const policy: OutboxPolicy = { ...DEFAULT_OUTBOX_POLICY, batchSize: 5, concurrency: 2 };

describe('the outbox delivers email over SMTP', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let db: DataSource;
  let outbox: Outbox;
  let dispatcher: OutboxDispatcher;
  let second: DataSource;
  let run = 0;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await bootTestApp({ overrides: { smtpUrl: sink.url } });
    db = t.app.get(DataSource);
    outbox = t.app.get(Outbox);
    dispatcher = new OutboxDispatcher(db, t.clock, { smtpUrl: sink.url }, policy);
    // A second connection pool stands for a second worker process.
    second = await new DataSource(dataSourceOptions(t.databaseUrl, 3)).initialize();
  });
  afterAll(async () => {
    dispatcher.onModuleDestroy();
    await second.destroy();
    await t.close();
    await sink.stop();
  });
  beforeEach(() => {
    run += 1;
  });

  const enqueue = (n: number, to = `officer${n}@example.test`) =>
    db.transaction((tx) =>
      outbox.enqueue(tx, {
        to,
        template: 'case_update',
        data: { ...EMAIL_TEMPLATES.case_update.sample, headline: `Update ${run}.${n}` },
        idempotencyKey: `test:${run}:${n}`,
        caseId: '8b0f5a52-6c1e-4c3b-9a3e-2f1d7a9c4e10',
      }),
    );

  /** Dispatches until nothing is due, adding up what each batch did. */
  const dispatchAll = async (d: OutboxDispatcher): Promise<DispatchResult> => {
    const total: DispatchResult = { claimed: 0, sent: 0, failed: 0, dead: 0, held: 0 };
    for (;;) {
      const batch = await d.dispatch();
      for (const key of Object.keys(total) as (keyof DispatchResult)[]) total[key] += batch[key];
      if (batch.claimed === 0 && batch.held === 0) return total;
    }
  };

  const statusOf = async (id: string) =>
    ((await db.query(`SELECT status, attempts, next_attempt_at, last_error FROM outbox_messages WHERE id = $1`, [id])) as {
      status: string;
      attempts: number;
      next_attempt_at: Date;
      last_error: string | null;
    }[])[0];

  it('delivers a message once, with a Message-ID made from its outbox id, exactly as stored', async () => {
    const before = sink.received.length;
    const { id, duplicate } = await enqueue(1, 'provider.contact@example.test');
    expect(duplicate).toBe(false);
    expect(await dispatchAll(dispatcher)).toMatchObject({ claimed: 1, sent: 1, failed: 0 });
    expect(await dispatchAll(dispatcher)).toMatchObject({ claimed: 0, sent: 0 });

    const mails = sink.received.slice(before);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    const stored = await outbox.get(id);
    expect(mail?.messageId).toBe(messageIdFor(id));
    expect(mail?.messageId).toBe(`<${id}@osa-enforcement.local>`);
    expect(mail?.to).toBe('provider.contact@example.test');
    expect(mail?.subject).toBe(stored.subject);
    expect(mail?.subject).toBe(`Update ${run}.1 (OSA-2026-0042)`);
    expect(String(mail?.html).trim()).toBe(stored.html.trim());
    expect(String(mail?.text).trim()).toBe(stored.text.trim());
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, lastError: null, messageId: messageIdFor(id) });
    expect(stored.sentAt).toBeInstanceOf(Date);
  });

  it('writes nothing when the transaction that would have caused the message rolls back', async () => {
    const failing = db.transaction(async (tx) => {
      await outbox.enqueue(tx, { to: 'x@example.test', template: 'case_update', data: EMAIL_TEMPLATES.case_update.sample, idempotencyKey: `rolled-back:${run}` });
      throw new Error('the change failed after the message was written');
    });
    await expect(failing).rejects.toThrow(/change failed/);
    const rows = (await db.query(`SELECT id FROM outbox_messages WHERE idempotency_key = $1`, [`rolled-back:${run}`])) as unknown[];
    expect(rows).toHaveLength(0);
  });

  it('does not enqueue the same idempotency key twice, even from concurrent transactions', async () => {
    const before = sink.received.length;
    const results = await Promise.all([enqueue(1), enqueue(1), enqueue(1)]);
    const ids = new Set(results.map((r) => r.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const later = await enqueue(1);
    expect(later).toEqual({ id: results[0]?.id, duplicate: true });
    await dispatchAll(dispatcher);
    expect(sink.received.length - before).toBe(1);
  });

  it('keeps messages waiting with growing backoff while SMTP is down, and delivers each once when it is back', async () => {
    const before = sink.received.length;
    await sink.stop();
    const ids = (await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => enqueue(n)))).map((r) => r.id);

    expect(await dispatchAll(dispatcher)).toMatchObject({ claimed: 7, sent: 0, failed: 7 });
    const firstFailure = await statusOf(ids[0] as string);
    expect(firstFailure).toMatchObject({ status: 'pending', attempts: 1 });
    expect(firstFailure?.last_error).toMatch(/ECONNREFUSED/);
    const firstWait = (firstFailure?.next_attempt_at.getTime() ?? 0) - t.clock.now().getTime();
    expect(firstWait).toBeGreaterThanOrEqual(2_500);
    expect(firstWait).toBeLessThanOrEqual(5_000);

    // Not due yet: nobody hammers a server that is down.
    expect(await dispatchAll(dispatcher)).toMatchObject({ claimed: 0 });

    t.clock.advance(5_001);
    expect(await dispatchAll(dispatcher)).toMatchObject({ claimed: 7, failed: 7 });
    const secondFailure = await statusOf(ids[0] as string);
    expect(secondFailure).toMatchObject({ status: 'pending', attempts: 2 });
    const secondWait = (secondFailure?.next_attempt_at.getTime() ?? 0) - t.clock.now().getTime();
    expect(secondWait).toBeGreaterThanOrEqual(5_000);
    expect(secondWait).toBeLessThanOrEqual(10_000);

    // A long outage: the wait grows to its cap and no message is ever dropped.
    for (let i = 0; i < 12; i += 1) {
      t.clock.advance(16 * 60_000);
      await dispatchAll(dispatcher);
    }
    const longFailure = await statusOf(ids[0] as string);
    expect(longFailure).toMatchObject({ status: 'pending', attempts: 14 });
    const cappedWait = (longFailure?.next_attempt_at.getTime() ?? 0) - t.clock.now().getTime();
    expect(cappedWait).toBeLessThanOrEqual(policy.backoffCapSeconds * 1000);
    expect(cappedWait).toBeGreaterThanOrEqual((policy.backoffCapSeconds * 1000) / 2);
    expect(sink.received.length).toBe(before);

    await sink.restart();
    t.clock.advance(16 * 60_000);
    expect(await dispatchAll(dispatcher)).toMatchObject({ claimed: 7, sent: 7, failed: 0 });
    const arrived = sink.received.slice(before);
    expect(arrived.map((m) => m.messageId).sort()).toEqual(ids.map(messageIdFor).sort());
    for (const id of ids) expect(await statusOf(id)).toMatchObject({ status: 'sent', last_error: null });
  });

  it('delivers each message exactly once when two dispatchers run at the same time', async () => {
    const before = sink.received.length;
    const ids = (await Promise.all(Array.from({ length: 40 }, (_, n) => enqueue(n)))).map((r) => r.id);
    const other = new OutboxDispatcher(second, t.clock, { smtpUrl: sink.url }, policy);
    try {
      const [a, b] = await Promise.all([dispatchAll(dispatcher), dispatchAll(other)]);
      expect((a?.claimed ?? 0) + (b?.claimed ?? 0)).toBe(40);
      expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(40);
    } finally {
      other.onModuleDestroy();
    }
    await sink.waitFor(before + 40);
    const arrived = sink.received.slice(before);
    expect(arrived).toHaveLength(40);
    expect(new Set(arrived.map((m) => m.messageId)).size).toBe(40);
    expect(arrived.map((m) => m.messageId).sort()).toEqual(ids.map(messageIdFor).sort());
  });

  it('reclaims a message left sending by a crashed worker once its lease expires, and delivers it once with the same Message-ID', async () => {
    const before = sink.received.length;
    const { id } = await enqueue(1);
    // What a worker killed mid-delivery leaves behind: a claim with a lease that nobody will release.
    await db.query(
      `UPDATE outbox_messages SET status = 'sending', attempts = 1, lease_owner = gen_random_uuid(), lease_until = $2 WHERE id = $1`,
      [id, new Date(t.clock.now().getTime() + policy.leaseSeconds * 1000)],
    );
    expect(await dispatchAll(dispatcher)).toMatchObject({ claimed: 0 });
    expect(sink.received.length).toBe(before);

    t.clock.advance(policy.leaseSeconds * 1000 + 1);
    expect(await dispatchAll(dispatcher)).toMatchObject({ claimed: 1, sent: 1 });
    const arrived = sink.received.slice(before);
    expect(arrived.map((m) => m.messageId)).toEqual([messageIdFor(id)]);
    expect(await statusOf(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('holds messages when no SMTP server is configured, and delivers them once one is', async () => {
    const before = sink.received.length;
    const withoutSmtp = new OutboxDispatcher(db, t.clock, { smtpUrl: undefined }, policy);
    const { id } = await enqueue(1);
    expect(await dispatchAll(withoutSmtp)).toMatchObject({ held: 1, claimed: 0 });
    expect(await statusOf(id)).toMatchObject({ status: 'held', attempts: 0 });
    const held = await outbox.list({ status: 'held' });
    expect(held.items.map((m) => m.id)).toContain(id);
    expect((await outbox.get(id)).html).toContain(`Update ${run}.1`);
    expect(sink.received.length).toBe(before);

    expect(await dispatchAll(dispatcher)).toMatchObject({ claimed: 1, sent: 1 });
    expect(sink.received.slice(before).map((m) => m.messageId)).toEqual([messageIdFor(id)]);
  });

  it('marks a message dead after the attempt limit, keeps it visible, and an admin can send it again', async () => {
    const before = sink.received.length;
    await sink.stop();
    const strict = new OutboxDispatcher(db, t.clock, { smtpUrl: sink.url }, { ...policy, maxAttempts: 2 });
    try {
      const { id } = await enqueue(1);
      expect(await dispatchAll(strict)).toMatchObject({ failed: 1, dead: 0 });
      t.clock.advance(60_000);
      expect(await dispatchAll(strict)).toMatchObject({ failed: 0, dead: 1 });
      t.clock.advance(60 * 60_000);
      expect(await dispatchAll(strict)).toMatchObject({ claimed: 0 });
      const dead = await outbox.get(id);
      expect(dead).toMatchObject({ status: 'dead', attempts: 2 });
      expect(dead.lastError).toMatch(/ECONNREFUSED/);
      expect((await outbox.list({ status: 'dead' })).items.map((m) => m.id)).toContain(id);

      await expect(outbox.retry(id)).resolves.toMatchObject({ status: 'pending', attempts: 0 });
      await expect(outbox.retry(id)).rejects.toMatchObject({ code: 'OUTBOX_MESSAGE_NOT_RETRYABLE' });
      await sink.restart();
      expect(await dispatchAll(strict)).toMatchObject({ sent: 1 });
      expect(sink.received.slice(before).map((m) => m.messageId)).toEqual([messageIdFor(id)]);
    } finally {
      strict.onModuleDestroy();
      await sink.restart();
    }
  });

  it('never records a recipient address in a delivery error', async () => {
    const refusing = await SmtpSink.start({ rejectRecipient: () => true });
    const rejected = new OutboxDispatcher(db, t.clock, { smtpUrl: refusing.url }, policy);
    try {
      const { id } = await enqueue(1, 'private.person@example.test');
      expect(await dispatchAll(rejected)).toMatchObject({ claimed: 1, failed: 1 });
      const row = await statusOf(id);
      expect(row?.status).toBe('pending');
      expect(row?.last_error).toMatch(/550/);
      expect(row?.last_error).toContain('[address]');
      expect(row?.last_error).not.toContain('private.person');
    } finally {
      rejected.onModuleDestroy();
      await refusing.stop();
    }
  });
});
