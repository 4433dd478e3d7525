import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditLog } from '@app/audit';
import { bootTestApp, type TestApp } from '@app/testing';
import { LETTERS, createCase, fire, get } from './case-api.js';

describe('two people moving the same case at once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  it('lets exactly one of 50 parallel transitions from the same version through; the other 49 get 409', async () => {
    const c = await createCase(t, 'officer@demo.test');
    await t.token('officer2@demo.test');
    const attempts = Array.from({ length: 50 }, (_, i) => {
      const who = i % 2 === 0 ? 'officer@demo.test' : 'officer2@demo.test';
      const choice = i % 3;
      if (choice === 0) return fire(t, who, c.id, 1, 'begin_remediation');
      if (choice === 1) return fire(t, who, c.id, 1, 'open_investigation');
      return fire(t, who, c.id, 1, 'issue_warning_letter', { replyWorkingDays: 15, letter: LETTERS.warning_letter });
    });
    const results = await Promise.all(attempts);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const conflict of results.filter((r) => r.status === 409)) expect(conflict.body.code).toBe('CASE_VERSION_CONFLICT');

    const winner = results.find((r) => r.status === 200)?.body;
    const view = await get(t, 'officer@demo.test', `/api/v1/cases/${c.id}`);
    expect(view.body).toMatchObject({ version: 2, state: winner?.state });
    const events = (await get(t, 'officer@demo.test', `/api/v1/cases/${c.id}/events`)).body.filter(
      (e: { subjectType: string; event: string }) => e.subjectType === 'case' && e.event !== 'document_issued',
    );
    expect(events.map((e: { event: string }) => e.event)).toEqual(['create', winner?.lastEvent]);
    expect((await t.app.get(AuditLog).verify({ chainId: `case:${c.id}` })).ok).toBe(true);
  });
});
