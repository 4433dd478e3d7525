import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { EMAIL_TEMPLATES, Outbox, OUTBOX_RETENTION_JOB, OutboxRetention } from '@app/notifications';
import { RecurringJobs } from '@app/jobs';
import { bootTestApp, type TestApp } from '@app/testing';

const DAY_MS = 86_400_000;

describe('old emails lose their recipient and content after the retention period', () => {
  let t: TestApp;
  let db: DataSource;
  let outbox: Outbox;
  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    outbox = t.app.get(Outbox);
  });
  afterAll(async () => t.close());

  const enqueue = (key: string, to: string) =>
    db.transaction((tx) => outbox.enqueue(tx, { to, template: 'case_update', data: { ...EMAIL_TEMPLATES.case_update.sample, headline: `Retention ${key}` }, idempotencyKey: `retention:${key}` }));
  const finish = (id: string, status: 'sent' | 'dead', createdDaysAgo: number) =>
    db.query(`UPDATE outbox_messages SET status = $2, sent_at = CASE WHEN $2 = 'sent' THEN $3::timestamptz END, created_at = $3 WHERE id = $1`, [
      id,
      status,
      new Date(t.clock.now().getTime() - createdDaysAgo * DAY_MS),
    ]);

  it('redacts sent and dead messages older than 90 days, keeps newer and unfinished ones, and is registered as a job', async () => {
    const oldSent = await enqueue('old-sent', 'victim.support@example.test');
    const oldDead = await enqueue('old-dead', 'bounced@example.test');
    const recentSent = await enqueue('recent-sent', 'recent@example.test');
    const oldPending = await enqueue('old-pending', 'waiting@example.test');
    await finish(oldSent.id, 'sent', 120);
    await finish(oldDead.id, 'dead', 91);
    await finish(recentSent.id, 'sent', 30);
    await db.query(`UPDATE outbox_messages SET created_at = $2 WHERE id = $1`, [oldPending.id, new Date(t.clock.now().getTime() - 200 * DAY_MS)]);

    expect(t.app.get(RecurringJobs).names()).toContain(OUTBOX_RETENTION_JOB);
    const result = await t.app.get(OutboxRetention).run();
    expect(result.redacted).toBe(2);

    const sent = await outbox.get(oldSent.id);
    expect(sent).toMatchObject({ to: '', html: '', text: '', status: 'sent', redactedAt: expect.any(Date) });
    expect(sent.subject).toEqual(expect.any(String));
    expect(sent.messageId).toEqual(expect.any(String));
    expect(await outbox.get(oldDead.id)).toMatchObject({ to: '', redactedAt: expect.any(Date) });
    expect(await outbox.get(recentSent.id)).toMatchObject({ to: 'recent@example.test', redactedAt: null });
    expect(await outbox.get(oldPending.id)).toMatchObject({ to: 'waiting@example.test', redactedAt: null });
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE to_address LIKE '%victim.support%' OR html LIKE '%victim.support%'`)) as { n: number }[];
    expect(n).toBe(0);

    expect((await t.app.get(OutboxRetention).run()).redacted).toBe(0);
  });

  it('refuses to send again a dead message whose content was removed, saying why', async () => {
    const dead = await enqueue('dead-retry', 'gone@example.test');
    await finish(dead.id, 'dead', 100);
    await t.app.get(OutboxRetention).run();
    const res = await t.http().post(`/api/v1/outbox/${dead.id}/retry`).set('Authorization', `Bearer ${await t.token('admin@demo.test')}`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('OUTBOX_MESSAGE_NOT_RETRYABLE');
    expect(res.body.detail).toContain('retention');
  });
});
