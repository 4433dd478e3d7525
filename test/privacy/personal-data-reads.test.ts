import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { PersonalDataVault } from '@app/privacy';
import { bootTestApp, type TestApp } from '@app/testing';

const URL = '/api/v1/admin/personal-data-reads';

describe('GET /api/v1/admin/personal-data-reads', () => {
  let t: TestApp;
  let subjectId: string;
  let otherId: string;
  beforeAll(async () => {
    t = await bootTestApp();
    const vault = t.app.get(PersonalDataVault);
    const db = t.app.get(DataSource);
    subjectId = await vault.createSubject(db.manager, 'complainant');
    otherId = await vault.createSubject(db.manager, 'contact');
    const sealed = await vault.seal(db.manager, subjectId, { email: 'reporter@mail.test', fullName: 'Sam Reporter' });
    for (let i = 1; i <= 3; i += 1) {
      t.clock.advance(1000);
      await vault.open(subjectId, sealed, { purpose: `acknowledge complaint ${i}`, fields: ['email'] });
    }
    await vault.open(otherId, await vault.seal(db.manager, otherId, { phone: '01632 960000' }), { purpose: 'call back' });
  });
  afterAll(async () => t.close());

  const asAdmin = async (query: string) =>
    t
      .http()
      .get(`${URL}${query}`)
      .set('Authorization', `Bearer ${await t.token('admin@demo.test')}`);

  it('shows an admin who read a subject’s data, why and which fields, newest first, a page at a time', async () => {
    const first = await asAdmin(`?subjectId=${subjectId}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]).toMatchObject({ subjectId, readerLabel: 'system', purpose: 'acknowledge complaint 3', fields: ['email'] });
    const second = await asAdmin(`?subjectId=${subjectId}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((r: { purpose: string }) => r.purpose)).toEqual(['acknowledge complaint 1']);
    expect(second.body.nextCursor).toBeNull();
    expect(JSON.stringify([first.body, second.body])).not.toContain('reporter@mail.test');
  });

  it('lists every subject’s reads without a subjectId', async () => {
    const res = await asAdmin('');
    expect(res.status).toBe(200);
    expect(new Set(res.body.items.map((r: { subjectId: string }) => r.subjectId))).toEqual(new Set([subjectId, otherId]));
  });

  it('refuses anyone but an admin', async () => {
    expect((await t.http().get(URL)).status).toBe(401);
    for (const email of ['officer@demo.test', 'decider@demo.test', 'analyst@demo.test', 'provider@demo.test']) {
      const res = await t
        .http()
        .get(URL)
        .set('Authorization', `Bearer ${await t.token(email)}`);
      expect(res.status).toBe(403);
    }
  });

  it('answers 422 naming a bad query field', async () => {
    for (const [query, field] of [
      ['?subjectId=not-a-uuid', 'subjectId'],
      ['?limit=501', 'limit'],
      ['?cursor=garbage', 'cursor'],
    ]) {
      const res = await asAdmin(query as string);
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});
