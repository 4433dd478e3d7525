import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { TRIAGE_MODEL_2026_1 } from '@app/triage';
import { bootTestApp, type TestApp } from '@app/testing';

describe('versioned triage models', () => {
  let t: TestApp;
  const as = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  it('publishes the built-in model at start-up and makes it active', async () => {
    const res = await t.http().get('/api/v1/triage/models').set(await as('analyst@demo.test'));
    expect(res.body.items).toEqual([expect.objectContaining({ version: 'osa-triage-2026.1', active: true, builtIn: true })]);
  });

  it('lets an admin publish and activate a new version; open matters are rescored and old scores keep their version', async () => {
    const filed = await t.http().post('/api/v1/intake').send({ source: 'complaint', serviceUrl: 'models.example', harmCategories: ['fraud'], description: 'Scam.' });
    const admin = await as('admin@demo.test');
    const definition = {
      ...TRIAGE_MODEL_2026_1,
      version: 'osa-triage-2026.2',
      description: 'Fraud weighs more',
      harmSeverity: { ...TRIAGE_MODEL_2026_1.harmSeverity, fraud: 90 },
    };
    const bad = await t.http().post('/api/v1/triage/models').set(admin).send({ definition: { ...definition, weights: { ...definition.weights, reach: 99 } } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'TRIAGE_MODEL_INVALID', errors: expect.arrayContaining([{ field: 'weights', message: expect.stringContaining('add up to 100') }]) });
    expect((await t.http().post('/api/v1/triage/models').set(await as('officer@demo.test')).send({ definition })).status).toBe(403);
    expect((await t.http().post('/api/v1/triage/models').set(admin).send({ definition })).status).toBe(201);
    const again = await t.http().post('/api/v1/triage/models').set(admin).send({ definition });
    expect(again.body.code).toBe('TRIAGE_MODEL_EXISTS');

    const before = (await t.http().get(`/api/v1/matters/${filed.body.matterId}`).set(admin)).body;
    expect(before.triage.modelVersion).toBe('osa-triage-2026.1');
    const activated = await t.http().post('/api/v1/triage/models/osa-triage-2026.2/activate').set(admin).send({ reason: 'Fraud priority raised by the board' });
    expect(activated.status).toBe(200);
    const after = (await t.http().get(`/api/v1/matters/${filed.body.matterId}`).set(admin)).body;
    expect(after.triage.modelVersion).toBe('osa-triage-2026.2');
    expect(after.triage.score).toBeGreaterThan(before.triage.score);
    expect(after.scoreHistory.map((h: { modelVersion: string }) => h.modelVersion)).toEqual(['osa-triage-2026.2', 'osa-triage-2026.1']);
    const next = await t.http().post('/api/v1/intake').send({ source: 'complaint', serviceUrl: 'models2.example', harmCategories: ['fraud'], description: 'Scam.' });
    expect((await t.http().get(`/api/v1/matters/${next.body.matterId}`).set(admin)).body.triage.modelVersion).toBe('osa-triage-2026.2');
  });

  it('refuses to change a published model in the database', async () => {
    const db = t.app.get(DataSource);
    await expect(db.query(`UPDATE triage_models SET definition = '{}' WHERE version = 'osa-triage-2026.1'`)).rejects.toThrow(/immutable/);
  });
});
