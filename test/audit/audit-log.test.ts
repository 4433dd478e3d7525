import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { bootTestApp, type TestApp } from '@app/testing';

describe('the audit trail', () => {
  let t: TestApp;
  let audit: AuditLog;
  let db: DataSource;
  beforeAll(async () => {
    t = await bootTestApp();
    audit = t.app.get(AuditLog);
    db = t.app.get(DataSource);
  });
  afterAll(async () => t.close());

  const append = (chainId: string, event: string) =>
    audit.append(db.manager, { chainId, event, actor: SYSTEM_ACTOR, subjectType: 'test', subjectId: chainId, data: { n: 1, nested: { b: 2, a: 1 } } });

  it('chains each event to the previous one of its aggregate', async () => {
    const first = await append('chain:a', 'created');
    const second = await append('chain:a', 'changed');
    expect(second.chainSeq).toBe(first.chainSeq + 1);
    expect(second.prevHash).toBe(first.hash);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('keeps one unbroken chain per aggregate under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => append(`chain:c${i % 4}`, `e${i}`)));
    const result = await audit.verify();
    expect(result.ok).toBe(true);
    const chain = await audit.chain('chain:c0');
    expect(chain.map((e) => e.chainSeq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('appends several events at once, chained exactly as one by one, each chain in the order given', async () => {
    const entry = (chainId: string, event: string) => ({ chainId, event, actor: SYSTEM_ACTOR, subjectType: 'test', subjectId: chainId, data: { event } });
    await append('chain:batch-b', 'created');
    const records = await db.transaction((tx) =>
      audit.appendAll(tx, [entry('chain:batch-a', 'a1'), entry('chain:batch-b', 'b2'), entry('chain:batch-a', 'a2'), entry('chain:batch-a', 'a3')]),
    );
    expect(records.map((r) => [r.chainId, r.chainSeq, r.event])).toEqual([
      ['chain:batch-a', 1, 'a1'],
      ['chain:batch-b', 2, 'b2'],
      ['chain:batch-a', 2, 'a2'],
      ['chain:batch-a', 3, 'a3'],
    ]);
    const chainA = await audit.chain('chain:batch-a');
    expect(chainA.map((e) => e.event)).toEqual(['a1', 'a2', 'a3']);
    expect(chainA[1]?.prevHash).toBe(chainA[0]?.hash);
    expect(chainA.map((e) => e.seq)).toEqual(records.filter((r) => r.chainId === 'chain:batch-a').map((r) => r.seq));
    expect((await audit.verify()).ok).toBe(true);
  });

  it('links to the real head after a rolled-back append and after another process appended', async () => {
    await append('chain:moved', 'created');
    await expect(
      db.transaction(async (tx) => {
        await audit.append(tx, { chainId: 'chain:moved', event: 'rolled-back', actor: SYSTEM_ACTOR, subjectType: 'test' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await append('chain:moved', 'after-rollback');
    // Another API process: its own AuditLog, which never saw this chain's head.
    const elsewhere = new AuditLog(db, t.clock);
    await elsewhere.append(db.manager, { chainId: 'chain:moved', event: 'elsewhere', actor: SYSTEM_ACTOR, subjectType: 'test' });
    await append('chain:moved', 'back-here');
    await Promise.all([append('chain:moved', 'racing-1'), elsewhere.append(db.manager, { chainId: 'chain:moved', event: 'racing-2', actor: SYSTEM_ACTOR, subjectType: 'test' })]);
    const chain = await audit.chain('chain:moved');
    expect(chain.map((e) => e.chainSeq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(chain.slice(0, 4).map((e) => e.event)).toEqual(['created', 'after-rollback', 'elsewhere', 'back-here']);
    expect((await audit.verify({ chainId: 'chain:moved' })).ok).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE at the database', async () => {
    await expect(db.query(`UPDATE audit_events SET reason = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
  });

  it('names the first event altered behind its back', async () => {
    await audit.anchor();
    const victim = (await audit.chain('chain:a'))[0];
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      // A superuser bypassing the trigger: what verification exists to catch.
      await runner.query(`SET session_replication_role = replica`);
      await runner.query(`UPDATE audit_events SET event = 'forged' WHERE seq = $1`, [victim?.seq]);
    } finally {
      await runner.release();
    }
    const result = await audit.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBrokenSeq).toBe(victim?.seq);
    expect(result.firstBroken?.reason).toMatch(/altered/);
  });
});

describe('anchoring', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  it('runs as a recurring job that anchors every chain head, and verification checks the anchors', async () => {
    const { RecurringJobs } = await import('@app/jobs');
    const { AUDIT_ANCHOR_JOB } = await import('@app/audit');
    const audit = t.app.get(AuditLog);
    const db = t.app.get(DataSource);
    await audit.append(db.manager, { chainId: 'chain:anchored', event: 'created', actor: SYSTEM_ACTOR, subjectType: 'test' });
    const anchor = (await t.app.get(RecurringJobs).runNow(AUDIT_ANCHOR_JOB)) as { chains: number };
    expect(anchor.chains).toBeGreaterThan(0);
    const result = await audit.verify();
    expect(result.ok).toBe(true);
    expect(result.anchorsChecked).toBeGreaterThanOrEqual(1);
  });
});
