import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import { SettableClock } from '@app/core';
import { FireTransition, type CaseTransitionListener } from '@app/cases';
import { bootTestApp, type TestApp } from '@app/testing';
import { LETTERS, createCase, fireOk, get } from './case-api.js';

/** The statements one transition sent: in its transaction (the cases context's own, and its listeners'), and outside it. */
interface Count {
  own: string[];
  listeners: string[];
  outside: string[];
}

type QueryFn = (this: { isTransactionActive: boolean }, sql: string, ...rest: unknown[]) => Promise<unknown>;

/**
 * Counts every statement sent through TypeORM's PostgreSQL query runner (every context's SQL goes
 * through it) while `run` runs, telling apart those sent by the other contexts' transition listeners.
 */
async function countStatements(t: TestApp, run: () => Promise<unknown>): Promise<Count> {
  const dataSource = t.app.get(DataSource);
  const probe = dataSource.createQueryRunner();
  const prototype = Object.getPrototypeOf(probe) as { query: QueryFn };
  await probe.release();
  const fire = t.app.get(FireTransition) as unknown as { listeners: CaseTransitionListener[] };
  const listeners = [...fire.listeners];
  let inListener = false;
  fire.listeners.splice(0, fire.listeners.length, ...listeners.map((listener): CaseTransitionListener => async (manager, fired) => {
    inListener = true;
    try {
      await listener(manager, fired);
    } finally {
      inListener = false;
    }
  }));
  const original = prototype.query;
  const count: Count = { own: [], listeners: [], outside: [] };
  prototype.query = function (this: { isTransactionActive: boolean }, sql: string, ...rest: unknown[]) {
    const inside = this.isTransactionActive || /^(START TRANSACTION|BEGIN)/i.test(sql);
    (inside ? (inListener ? count.listeners : count.own) : count.outside).push(sql.replace(/\s+/g, ' ').trim().slice(0, 100));
    return original.call(this, sql, ...rest);
  };
  try {
    await run();
  } finally {
    prototype.query = original;
    fire.listeners.splice(0, fire.listeners.length, ...listeners);
  }
  return count;
}

describe('the database round trips of a case transition', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2026-05-13T09:00:00Z'));
  beforeAll(async () => {
    t = await bootTestApp({ clock });
  });
  afterAll(async () => t.close());

  it('writes a transition, its deadlines, letters and audit events in a handful of statements, whatever the event does', async () => {
    const c = await createCase(t, 'officer@demo.test');
    const me = (await get(t, 'officer@demo.test', '/api/v1/me')).body as { id: string };
    let version = c.version;
    const counts: Record<string, Count> = {};
    const step = async (as: string, event: string, data: Record<string, unknown>, extras: { reason?: string } = {}) => {
      counts[event] = await countStatements(t, async () => (version = (await fireOk(t, as, c.id, version, event, data, extras)).version));
    };
    await step('officer@demo.test', 'assign_officer', { assignedOfficerId: me.id });
    await step('officer@demo.test', 'issue_information_notice', { responseDays: 14, letter: LETTERS.information_notice, recipientEmail: 'trust@example.com' });
    clock.advance(86_400_000);
    await step('officer@demo.test', 'record_information_response', { summary: 'The risk assessment arrived.' });
    await step('officer@demo.test', 'begin_remediation', {});
    await step('officer@demo.test', 'close', { outcome: 'remediated', summary: 'Fixed.' });
    await step('decider@demo.test', 'reopen', {}, { reason: 'The failure came back.' });
    if (process.env.SHOW_STATEMENTS) console.log(JSON.stringify(counts, null, 1));
    const own = Object.fromEntries(Object.entries(counts).map(([event, n]) => [event, n.own.length]));
    // BEGIN and COMMIT included. Every audit event of a transition goes in one statement.
    expect(own).toEqual({
      // the case, its audit event
      assign_officer: 4,
      // the case, the response deadline, the letter, the outbox message, four audit events
      issue_information_notice: 7,
      // the case, the deadline locked (with its history) and met, two audit events
      record_information_response: 6,
      begin_remediation: 4,
      // the case, the open deadlines locked (none left), the audit event
      close: 5,
      reopen: 4,
    });
    for (const n of Object.values(counts)) expect(n.own.filter((sql) => sql.includes('audit_')).length).toBe(1);

    // The trail is whole: every event chained, in order, once.
    expect((await t.app.get(AuditLog).verify({ chainId: `case:${c.id}` })).ok).toBe(true);
  });

  it('answers with the matters and links read with the update, as reading the case again shows them', async () => {
    const other = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://other.example' });
    const c = await createCase(t, 'officer@demo.test', { serviceUrl: 'https://linked.example' });
    await fireOk(t, 'officer@demo.test', other.id, other.version, 'link_case', { caseId: c.id, relation: 'related' });
    clock.advance(60_000);
    let linked = await fireOk(t, 'officer@demo.test', c.id, c.version, 'link_case', { caseId: other.id, relation: 'continues' });
    const counted = await countStatements(t, async () => {
      linked = await fireOk(t, 'officer@demo.test', c.id, linked.version, 'begin_remediation', {});
    });
    // Nothing is read after the transaction: the view was complete when it committed.
    expect(counted.outside.filter((sql) => sql.includes('case_links'))).toEqual([]);
    const read = (await get(t, 'officer@demo.test', `/api/v1/cases/${c.id}`)).body;
    expect(linked.links).toEqual(read.links);
    expect(linked.matterIds).toEqual(read.matterIds);
    expect(linked.links.map((l: { caseId: string; relation: string; direction: string }) => [l.caseId, l.relation, l.direction])).toEqual([
      [other.id, 'related', 'incoming'],
      [other.id, 'continues', 'outgoing'],
    ]);
  });

  it('chains correctly when another process moved the head of the case chain meanwhile', async () => {
    const c = await createCase(t, 'officer@demo.test');
    const me = (await get(t, 'officer@demo.test', '/api/v1/me')).body as { id: string };
    let version = (await fireOk(t, 'officer@demo.test', c.id, c.version, 'assign_officer', { assignedOfficerId: me.id })).version;
    // Another API process (its own AuditLog, with its own memory of chain heads) records an event on the case.
    const elsewhere = new AuditLog(t.app.get(DataSource), clock);
    await elsewhere.append(t.app.get(DataSource).manager, { chainId: `case:${c.id}`, event: 'note', actor: { id: null, label: 'system' }, subjectType: 'case', subjectId: c.id });
    const counted = await countStatements(t, async () => {
      version = (await fireOk(t, 'officer@demo.test', c.id, version, 'issue_information_notice', { responseDays: 14, letter: LETTERS.information_notice })).version;
    });
    // The head this process remembered is stale: the append that relied on it writes nothing, then
    // the real head is locked and the events appended onto it.
    expect(counted.own.filter((sql) => sql.includes('audit_'))).toHaveLength(3);
    const chain = await t.app.get(AuditLog).chain(`case:${c.id}`);
    expect(chain.map((e) => e.event)).toEqual(['create', 'assign_officer', 'note', 'issue_information_notice', 'deadline.started', 'document_issued']);
    expect(chain.map((e) => e.chainSeq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await t.app.get(AuditLog).verify({ chainId: `case:${c.id}` })).ok).toBe(true);
  });
});
