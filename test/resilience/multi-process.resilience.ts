import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, dropTestDatabase } from '../support/database.js';
import { LETTERS } from '../cases/case-api.js';
import { bySize, call, daysAgo, pool, tokenFrom } from './support/api.js';
import { AppProcess, stopAllProcesses, waitUntil } from './support/processes.js';
import { SmtpSink } from '../support/smtp-sink.js';

const CASES = bySize(40, 10);
const ATTEMPTS_PER_CASE = bySize(12, 8);
// Steps are back-dated so that their deadlines are due soon or overdue by the real clock the processes run on.
const HISTORY = 'Recorded from the paper file of the case.';

describe('two API processes and two workers on one database', () => {
  let databaseUrl: string;
  let db: pg.Client;
  let sink: SmtpSink;
  let apis: AppProcess[];
  let workers: AppProcess[];
  const tokens: Record<string, string> = {};
  const caseIds: string[] = [];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    sink = await SmtpSink.start();
    apis = await Promise.all([AppProcess.api(databaseUrl), AppProcess.api(databaseUrl)]);
    const mail = { SMTP_URL: sink.url, DEADLINE_SWEEP_EVERY_SECONDS: '5' };
    workers = await Promise.all([AppProcess.worker(databaseUrl, mail), AppProcess.worker(databaseUrl, mail)]);
    for (const email of ['officer@demo.test', 'officer2@demo.test']) tokens[email] = await tokenFrom(apis[0]!.baseUrl, email);
  }, 180_000);

  afterAll(async () => {
    await stopAllProcesses();
    await sink?.stop();
    await db?.end();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  const api = (i: number): AppProcess => apis[i % apis.length] as AppProcess;
  const officer = (i: number): string => tokens[i % 2 === 0 ? 'officer@demo.test' : 'officer2@demo.test'] as string;

  /** Fires the same step on every case from `version`, ATTEMPTS_PER_CASE times at once across both processes. */
  async function race(version: number, event: (caseIndex: number) => { event: string; data?: Record<string, unknown>; occurredAt?: string; reason?: string }) {
    const outcomes = new Map<string, number[]>();
    const jobs = caseIds.flatMap((id, c) => Array.from({ length: ATTEMPTS_PER_CASE }, (_, a) => ({ id, c, a })));
    // All attempts on a case at once; a few cases at a time (under each process's connection pool).
    await pool(jobs.length, ATTEMPTS_PER_CASE, async (j) => {
      const { id, c, a } = jobs[j]!;
      const res = await call(api(a).baseUrl, 'POST', `/api/v1/cases/${id}/transitions`, {
        token: officer(a),
        headers: { 'If-Match': `"${version}"` },
        body: event(c),
      });
      if (res.status !== 200 && res.status !== 409) {
        await new Promise((r) => setTimeout(r, 1000));
        throw new Error(`${event(c).event} answered ${res.status}: ${res.text}\n${api(a).output.slice(-3000)}`);
      }
      if (res.status === 409) expect(res.body.code).toBe('CASE_VERSION_CONFLICT');
      outcomes.set(id, [...(outcomes.get(id) ?? []), res.status]);
    });
    return outcomes;
  }

  it('lets exactly one of the simultaneous transitions on each case version through, whichever process gets it; the others get 409', async () => {
    for (let c = 0; c < CASES; c += 1) {
      const res = await call(api(c).baseUrl, 'POST', '/api/v1/cases', {
        token: officer(c),
        body: { serviceUrl: `https://multi-${c}.example`, title: `Slow removal ${c}`, harmCategories: ['ncii'], occurredAt: daysAgo(20), reason: HISTORY },
      });
      if (res.status !== 201) throw new Error(`creating a case answered ${res.status}: ${res.text}`);
      caseIds.push(res.body.id);
    }
    const opened = await race(1, () => ({ event: 'open_investigation', occurredAt: daysAgo(19), reason: HISTORY }));
    // Half the notices were due yesterday (overdue: escalated), half are due tomorrow (due soon: reminded).
    const noticed = await race(2, (c) => ({
      event: 'issue_information_notice',
      occurredAt: daysAgo(c % 2 === 0 ? 15 : 13),
      reason: HISTORY,
      data: { responseDays: 14, letter: LETTERS.information_notice, recipientEmail: `trust${c}@example.com` },
    }));
    for (const outcomes of [opened, noticed]) {
      expect(outcomes.size).toBe(CASES);
      for (const statuses of outcomes.values()) {
        expect(statuses.filter((s) => s === 200)).toHaveLength(1);
        expect(statuses.filter((s) => s === 409)).toHaveLength(ATTEMPTS_PER_CASE - 1);
      }
    }
    const rows = (await db.query(`SELECT version, state FROM cases WHERE id = ANY($1)`, [caseIds])).rows;
    expect(rows).toHaveLength(CASES);
    for (const row of rows) expect(row).toMatchObject({ version: 3, state: 'investigation' });
    const events = (await db.query(`SELECT chain_id, array_agg(event ORDER BY chain_seq) AS events FROM audit_events WHERE chain_id = ANY($1) GROUP BY chain_id`, [caseIds.map((id) => `case:${id}`)])).rows;
    expect(events).toHaveLength(CASES);
    for (const row of events) expect(row.events.filter((e: string) => !e.startsWith('deadline') && e !== 'document_issued')).toEqual(['create', 'open_investigation', 'issue_information_notice']);
  });

  it('sweeps deadlines in both workers without reminding or escalating anything twice, and delivers every message exactly once', async () => {
    const deadlines = async () =>
      (
        await db.query(
          `SELECT d.id, d.status, d.escalated_at,
                  (SELECT count(*)::int FROM deadline_reminders r WHERE r.deadline_id = d.id) AS reminders
             FROM deadlines d WHERE d.case_id = ANY($1) AND d.kind = 'information_notice_response'`,
          [caseIds],
        )
      ).rows as { id: string; status: string; escalated_at: Date | null; reminders: number }[];
    // Every deadline is either escalated (overdue) or reminded (due soon) by one of the workers' sweeps.
    let seen: unknown;
    await waitUntil('every deadline swept', async () => {
      const rows = await deadlines();
      seen = rows;
      return rows.length === CASES && rows.every((d) => d.reminders > 0);
    }, 60_000, 500).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(seen)}\n${workers.map((w) => w.output).join('\n')}`);
    });
    const rows = await deadlines();
    expect(rows.filter((d) => d.status === 'overdue' && d.escalated_at)).toHaveLength(CASES / 2);
    expect(rows.filter((d) => d.status === 'due_soon')).toHaveLength(CASES / 2);

    // Everything queued is delivered; then nothing more arrives.
    await waitUntil('the outbox drained', async () => {
      const left = (await db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE status <> 'sent'`)).rows[0].n;
      return left === 0;
    }, 60_000, 500);
    const sent = (await db.query(`SELECT id, message_id, template FROM outbox_messages`)).rows as { id: string; message_id: string; template: string }[];
    await waitUntil('the sink received every message', async () => sink.received.length >= sent.length, 10_000);
    await new Promise((r) => setTimeout(r, 6_000)); // one more sweep and several dispatch runs
    expect(sink.duplicates()).toEqual([]);
    expect(sink.received).toHaveLength(sent.length);
    expect(new Set(sink.received.map((m) => m.messageId))).toEqual(new Set(sent.map((m) => m.message_id)));
    // Each reminder and escalation queued its messages once, and those are exactly the deadline messages sent.
    const queued = (await db.query(`SELECT kind, unnest(message_ids) AS id FROM deadline_reminders`)).rows as { kind: string; id: string }[];
    expect(queued.filter((q) => q.kind === 'reminder').length).toBeGreaterThanOrEqual(CASES / 2);
    expect(new Set(queued.map((q) => q.id)).size).toBe(queued.length);
    expect(queued.map((q) => q.id).sort()).toEqual(sent.filter((m) => m.template.startsWith('deadline_')).map((m) => m.id).sort());
    // One reminder row per deadline and threshold (the database refuses a second).
    const reminders = (await db.query(`SELECT deadline_id, threshold, count(*)::int AS n FROM deadline_reminders GROUP BY 1, 2 HAVING count(*) > 1`)).rows;
    expect(reminders).toEqual([]);
  });

  it('keeps the audit trail intact across both processes', async () => {
    const token = tokens['officer@demo.test'] as string;
    for (const process of apis) {
      const res = await call(process.baseUrl, 'GET', '/api/v1/audit/verify', { token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, firstBrokenSeq: null });
    }
    for (const worker of workers) expect(worker.alive).toBe(true);
  });
});
