import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { Clock, DomainError, RequestContext, type Principal } from '@app/core';
import { PersonalDataVault, SecretBox } from '@app/privacy';
import { bootTestApp, type TestApp } from '@app/testing';
import { LOG_REDACT_PATHS } from '../../libs/platform/src/logging/logging.module.js';

const victim = { fullName: 'Alex Example', email: 'alex.example@mail.test', phone: '07700 900123', postcode: 'SW1A 1AA' };
const plaintexts = Object.values(victim);

const officer: Principal = {
  kind: 'user',
  id: randomUUID(),
  organisationId: randomUUID(),
  organisationKind: 'regulator',
  roles: ['case_officer'],
  email: 'officer@demo.test',
  via: 'token',
};

async function rejection(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('personal data protection (envelope encryption)', () => {
  let t: TestApp;
  let vault: PersonalDataVault;
  let db: DataSource;
  let audit: AuditLog;

  const newSubject = (kind: 'complainant' | 'victim' | 'whistleblower' | 'contact' = 'victim') => vault.createSubject(db.manager, kind);
  const readsOf = async (subjectId: string) =>
    (await db.query(`SELECT * FROM personal_data_reads WHERE subject_id = $1 ORDER BY read_at, id`, [subjectId])) as {
      reader_id: string | null;
      reader_label: string;
      purpose: string;
      fields: string[];
      request_id: string | null;
    }[];

  beforeAll(async () => {
    t = await bootTestApp();
    vault = t.app.get(PersonalDataVault);
    db = t.app.get(DataSource);
    audit = t.app.get(AuditLog);
  });
  afterAll(async () => t.close());

  it('gives back exactly what was sealed', async () => {
    const subjectId = await newSubject();
    const sealed = await vault.seal(db.manager, subjectId, { ...victim, consented: true, contacts: [{ when: '2026-05-01' }] });
    expect(await vault.open(subjectId, sealed, { purpose: 'write to the victim about removal' })).toEqual({
      ...victim,
      consented: true,
      contacts: [{ when: '2026-05-01' }],
    });
  });

  it('stores ciphertext that contains none of the plaintext, and a different ciphertext each time', async () => {
    const subjectId = await newSubject();
    const sealed = await vault.seal(db.manager, subjectId, victim);
    const again = await vault.seal(db.manager, subjectId, victim);
    expect(again).not.toBe(sealed);
    const decoded = sealed
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
      .join(' ');
    for (const value of plaintexts) {
      expect(sealed).not.toContain(value);
      expect(decoded).not.toContain(value);
    }
    const [row] = (await db.query(`SELECT wrapped_key FROM data_subjects WHERE id = $1`, [subjectId])) as { wrapped_key: string }[];
    expect(row?.wrapped_key).toMatch(/^v1\./);
  });

  it('refuses a ciphertext moved to another data subject', async () => {
    const alice = await newSubject();
    const bob = await newSubject();
    const sealed = await vault.seal(db.manager, alice, victim);
    const failure = await vault.open(bob, sealed, { purpose: 'check' }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(failure?.message).toMatch(/does not belong/);
    for (const value of plaintexts) expect(failure?.message).not.toContain(value);
  });

  it('logs every read with its purpose, the reader from the request, the fields and the request id', async () => {
    const subjectId = await newSubject();
    const sealed = await vault.seal(db.manager, subjectId, victim);
    const onlyEmail = await RequestContext.run({ requestId: 'req-privacy-0001', principal: officer }, () =>
      vault.open(subjectId, sealed, { purpose: 'send the acknowledgement', fields: ['email'] }),
    );
    expect(onlyEmail).toEqual({ email: victim.email });
    t.clock.advance(1000);
    await vault.open(subjectId, sealed, { purpose: 'nightly retention review' });

    const reads = await readsOf(subjectId);
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({
      reader_id: officer.id,
      reader_label: 'officer@demo.test',
      purpose: 'send the acknowledgement',
      fields: ['email'],
      request_id: 'req-privacy-0001',
    });
    expect(reads[1]).toMatchObject({ reader_id: null, reader_label: 'system', purpose: 'nightly retention review', request_id: null });
    expect([...(reads[1]?.fields ?? [])].sort()).toEqual(Object.keys(victim).sort());
  });

  it('refuses a read without a purpose, and logs nothing for it', async () => {
    const subjectId = await newSubject();
    const sealed = await vault.seal(db.manager, subjectId, victim);
    for (const purpose of ['', '   ', undefined as unknown as string]) {
      const error = await rejection(vault.open(subjectId, sealed, { purpose }));
      expect(error.code).toBe('READ_PURPOSE_REQUIRED');
      expect(error.status).toBe(422);
    }
    expect(await readsOf(subjectId)).toHaveLength(0);
  });

  it('opens a list with one log row per data subject, showing erased subjects as null', async () => {
    const [a, b, gone] = [await newSubject(), await newSubject('complainant'), await newSubject('contact')];
    const items = [
      { subjectId: a, sealed: await vault.seal(db.manager, a, { fullName: 'A' }) },
      { subjectId: a, sealed: await vault.seal(db.manager, a, { email: 'a@mail.test' }) },
      { subjectId: b, sealed: await vault.seal(db.manager, b, { fullName: 'B' }) },
      { subjectId: gone, sealed: await vault.seal(db.manager, gone, { fullName: 'C' }) },
    ];
    await vault.eraseSubject(db.manager, gone, 'asked to be forgotten', SYSTEM_ACTOR);
    const values = await vault.openMany(items, { purpose: 'list the complainants of case 7' });
    expect(values).toEqual([{ fullName: 'A' }, { email: 'a@mail.test' }, { fullName: 'B' }, null]);
    const readA = await readsOf(a);
    expect(readA).toHaveLength(1);
    expect([...(readA[0]?.fields ?? [])].sort()).toEqual(['email', 'fullName']);
    expect(await readsOf(b)).toHaveLength(1);
    expect(await readsOf(gone)).toHaveLength(0);
  });

  it('answers SUBJECT_ERASED after erasure, and the data cannot be recovered even with the master key', async () => {
    const subjectId = await newSubject();
    const sealed = await vault.seal(db.manager, subjectId, victim);
    const other = await newSubject();
    await vault.seal(db.manager, other, { fullName: 'Someone else' });

    const erased = await db.transaction((tx) => vault.eraseSubject(tx, subjectId, 'the survivor asked for erasure', { id: officer.id, label: 'officer@demo.test' }));
    expect(erased.alreadyErased).toBe(false);

    const error = await rejection(vault.open(subjectId, sealed, { purpose: 'try to read' }));
    expect(error.code).toBe('SUBJECT_ERASED');
    expect(error.status).toBe(410);
    expect((await rejection(vault.seal(db.manager, subjectId, victim))).code).toBe('SUBJECT_ERASED');

    const [row] = (await db.query(`SELECT wrapped_key, erased_at, erased_reason FROM data_subjects WHERE id = $1`, [subjectId])) as {
      wrapped_key: string | null;
      erased_at: Date;
      erased_reason: string;
    }[];
    expect(row).toMatchObject({ wrapped_key: null, erased_reason: 'the survivor asked for erasure' });

    // Someone holding the master key and the whole database still cannot read it.
    const master = new SecretBox(t.config.masterKey);
    expect(() => master.open(sealed, `personal_data:${subjectId}`)).toThrow();
    const wrapped = (await db.query(`SELECT id, wrapped_key FROM data_subjects WHERE wrapped_key IS NOT NULL`)) as { id: string; wrapped_key: string }[];
    expect(wrapped.length).toBeGreaterThan(0);
    for (const { id, wrapped_key } of wrapped) {
      expect(() => master.openBuffer(wrapped_key, `data_subject_key:${subjectId}`)).toThrow();
      const otherKey = master.openBuffer(wrapped_key, `data_subject_key:${id}`);
      expect(() => new SecretBox(otherKey).open(sealed, `personal_data:${subjectId}`)).toThrow();
    }
  });

  it('erases idempotently, with one audit event naming the reason and never the data', async () => {
    const subjectId = await newSubject('whistleblower');
    await vault.seal(db.manager, subjectId, victim);
    const first = await vault.eraseSubject(db.manager, subjectId, 'retention period ended', SYSTEM_ACTOR);
    t.clock.advance(60_000);
    const second = await vault.eraseSubject(db.manager, subjectId, 'retention period ended again', SYSTEM_ACTOR);
    expect(second).toEqual({ subjectId, erasedAt: first.erasedAt, alreadyErased: true });
    const events = await audit.forSubject('data_subject', subjectId);
    expect(events.map((e) => e.event)).toEqual(['data_subject_erased']);
    expect(events[0]).toMatchObject({ reason: 'retention period ended', data: { kind: 'whistleblower', method: 'crypto_shredding' } });
    expect((await audit.verify()).ok).toBe(true);
    expect((await rejection(vault.eraseSubject(db.manager, subjectId, '  ', SYSTEM_ACTOR))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(vault.eraseSubject(db.manager, randomUUID(), 'no such subject', SYSTEM_ACTOR))).code).toBe('NOT_FOUND');
  });

  it('keeps the subject and its audit event together: a rolled-back erasure leaves the data readable', async () => {
    const subjectId = await newSubject();
    const sealed = await vault.seal(db.manager, subjectId, victim);
    await expect(
      db.transaction(async (tx) => {
        await vault.eraseSubject(tx, subjectId, 'erase then fail', SYSTEM_ACTOR);
        throw new Error('the surrounding change failed');
      }),
    ).rejects.toThrow('the surrounding change failed');
    expect(await vault.open(subjectId, sealed, { purpose: 'confirm still readable' })).toEqual(victim);
    expect(await audit.forSubject('data_subject', subjectId)).toHaveLength(0);
  });

  it('pages through the read log, newest first', async () => {
    const subjectId = await newSubject();
    const sealed = await vault.seal(db.manager, subjectId, victim);
    for (let i = 1; i <= 5; i += 1) {
      t.clock.advance(1000);
      await vault.open(subjectId, sealed, { purpose: `read ${i}`, fields: ['email'] });
    }
    const first = await vault.readsFor(subjectId, { limit: 2 });
    expect(first.items.map((r) => r.purpose)).toEqual(['read 5', 'read 4']);
    const second = await vault.readsFor(subjectId, { limit: 2, cursor: first.nextCursor as string });
    const third = await vault.readsFor(subjectId, { limit: 2, cursor: second.nextCursor as string });
    expect(second.items.map((r) => r.purpose)).toEqual(['read 3', 'read 2']);
    expect(third.items.map((r) => r.purpose)).toEqual(['read 1']);
    expect(third.nextCursor).toBeNull();
    expect((await rejection(vault.readsFor(subjectId, { cursor: 'not-a-cursor' }))).code).toBe('VALIDATION_FAILED');
  });

  it('refuses to alter or delete the read log', async () => {
    await expect(db.query(`UPDATE personal_data_reads SET purpose = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM personal_data_reads`)).rejects.toThrow(/append-only/);
  });

  it('never writes the plaintext to the read log or the audit trail', async () => {
    const subjectId = await newSubject();
    const sealed = await vault.seal(db.manager, subjectId, victim);
    await vault.open(subjectId, sealed, { purpose: 'prepare the notice' });
    await vault.eraseSubject(db.manager, subjectId, 'case closed and retention ended', SYSTEM_ACTOR);
    const dump = JSON.stringify([
      await db.query(`SELECT * FROM personal_data_reads`),
      await db.query(`SELECT * FROM audit_events`),
      await db.query(`SELECT * FROM data_subjects`),
    ]);
    for (const value of plaintexts) expect(dump).not.toContain(value);
  });

  it('redacts personal-data fields in log lines', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = pino({ redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } }, sink);
    logger.info({ ...victim, complainant: { ...victim }, contact: { note: 'call after 6pm' } }, 'intake received');
    logger.info({ body: { address: '1 High Street', dateOfBirth: '1990-01-01', password: 'hunter2-password' } }, 'form');
    const output = lines.join('');
    expect(output).toContain('intake received');
    for (const value of [...plaintexts, 'call after 6pm', '1 High Street', '1990-01-01', 'hunter2-password']) expect(output).not.toContain(value);
  });

  describe('master-key rotation', () => {
    it('re-wraps every live data key in batches, and old ciphertexts still open under the new key', async () => {
      const subjects = await Promise.all(Array.from({ length: 7 }, () => newSubject()));
      const sealed = await Promise.all(subjects.map((s, i) => vault.seal(db.manager, s, { fullName: `Person ${i}` })));
      const erased = await newSubject();
      await vault.eraseSubject(db.manager, erased, 'erased before rotation', SYSTEM_ACTOR);
      const [{ live }] = (await db.query(`SELECT count(*)::int AS live FROM data_subjects WHERE wrapped_key IS NOT NULL`)) as [{ live: number }];

      const newKey = randomBytes(32);
      const result = await vault.rewrapAll(newKey, { batchSize: 3 });
      expect(result).toEqual({ toVersion: 2, rewrapped: live, batches: Math.ceil(live / 3), retiredVersions: [1] });

      const rows = (await db.query(`SELECT id, wrapped_key, key_version FROM data_subjects WHERE wrapped_key IS NOT NULL`)) as {
        id: string;
        wrapped_key: string;
        key_version: number;
      }[];
      expect(new Set(rows.map((r) => r.key_version))).toEqual(new Set([2]));
      const oldMaster = new SecretBox(t.config.masterKey);
      const newMaster = new SecretBox(newKey);
      for (const row of rows) {
        expect(() => oldMaster.openBuffer(row.wrapped_key, `data_subject_key:${row.id}`)).toThrow();
        expect(newMaster.openBuffer(row.wrapped_key, `data_subject_key:${row.id}`)).toHaveLength(32);
      }

      // This process switched to the new key; a process restarted with the new key reads the old ciphertexts.
      expect(await vault.open(subjects[0] as string, sealed[0] as string, { purpose: 'after rotation' })).toEqual({ fullName: 'Person 0' });
      const restarted = new PersonalDataVault(db, { ...t.config, masterKey: newKey }, t.app.get(Clock), audit);
      const reopened = await Promise.all(subjects.map((s, i) => restarted.open(s, sealed[i] as string, { purpose: 'after restart' })));
      expect(reopened).toEqual(subjects.map((_, i) => ({ fullName: `Person ${i}` })));
      const fresh = await restarted.createSubject(db.manager, 'contact');
      expect(await restarted.open(fresh, await restarted.seal(db.manager, fresh, { email: 'x@mail.test' }), { purpose: 'check' })).toEqual({
        email: 'x@mail.test',
      });

      // A process still configured with the retired key is told so instead of misreading data.
      const stale = new PersonalDataVault(db, t.config, t.app.get(Clock), audit);
      await expect(stale.open(subjects[0] as string, sealed[0] as string, { purpose: 'stale' })).rejects.toThrow(/retired/);
      const unknown = new PersonalDataVault(db, { ...t.config, masterKey: randomBytes(32) }, t.app.get(Clock), audit);
      await expect(unknown.createSubject(db.manager, 'victim')).rejects.toThrow(/not a master key this database knows/);

      // Running it again with the same key has nothing left to do.
      expect(await restarted.rewrapAll(newKey)).toEqual({ toVersion: 2, rewrapped: 0, batches: 0, retiredVersions: [] });
    });
  });
});
