import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, type TestApp } from '@app/testing';

describe('anonymous intake is throttled per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.INTAKE_ANONYMOUS_LIMIT = '3';
    t = await bootTestApp();
  });
  afterAll(async () => {
    delete process.env.INTAKE_ANONYMOUS_LIMIT;
    await t.close();
  });

  it('answers 429 with Retry-After once the limit is reached, while signed-in officers carry on', async () => {
    const body = { source: 'complaint', serviceUrl: 'throttle.example', harmCategories: ['fraud'], description: 'A scam shop.' };
    for (let i = 0; i < 3; i += 1) expect((await t.http().post('/api/v1/intake').send(body)).status).toBe(201);
    const limited = await t.http().post('/api/v1/intake').send(body);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const officer = await t.http().post('/api/v1/intake').set('Authorization', `Bearer ${await t.token('officer@demo.test')}`).send(body);
    expect(officer.status).toBe(201);
    t.clock.advance(3601 * 1000);
    expect((await t.http().post('/api/v1/intake').send(body)).status).toBe(201);
  });
});
