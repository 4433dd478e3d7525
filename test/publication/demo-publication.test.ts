import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProgrammeDemoSeeder } from '@app/programmes';
import { bootTestApp, type TestApp } from '@app/testing';

/**
 * What `npm start` shows a visitor on an empty database: the demo cases and, once they exist, three
 * published bulletin entries (whichever bootstrap hook runs first), and drafts awaiting approval.
 */
describe('demo publication at start-up', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp({ overrides: { nodeEnv: 'development' } });
  }, 180_000);
  afterAll(async () => t?.close());

  it('publishes three demo entries and leaves the other investigations as drafts for approval', async () => {
    const list = await t.http().get('/api/v1/public/cases');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items.map((i: { status: string }) => i.status).sort()).toEqual(['business_disruption', 'closed', 'closed']);
    const queue = await t.http().get('/publication').set('Authorization', `Bearer ${await t.token('decision_maker')}`);
    expect(queue.status).toBe(200);
    // Every other demo case whose investigation opened has the draft its transitions proposed.
    const cases = await t.http().get('/api/v1/cases?limit=500').set('Authorization', `Bearer ${await t.token('analyst')}`);
    const investigated = (cases.body.items as { investigationOpenedAt: string | null }[]).filter((c) => c.investigationOpenedAt !== null).length;
    expect(investigated).toBeGreaterThan(3);
    const awaiting = /id="awaiting"[\s\S]*?<\/table>/.exec(queue.text)?.[0] ?? '';
    expect((awaiting.match(/href="\/publication\/cases\//g) ?? []).length).toBe(investigated - 3);
    const verify = await t.http().get('/api/v1/audit/verify').set('Authorization', `Bearer ${await t.token('admin')}`);
    expect(verify.body).toMatchObject({ ok: true });
  });

  it('also creates a demo enforcement programme over the demo services, once, ready for an officer to send its notices', async () => {
    const officer = await t.token('case_officer');
    const list = await t.http().get('/api/v1/programmes').set('Authorization', `Bearer ${officer}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const services = await t.http().get(`/api/v1/programmes/${list.body.items[0].id}/services`).set('Authorization', `Bearer ${officer}`);
    expect(services.status).toBe(200);
    expect(services.body.items.length).toBeGreaterThanOrEqual(5);
    expect(await t.app.get(ProgrammeDemoSeeder).seed()).toBe(0);
  });
});
