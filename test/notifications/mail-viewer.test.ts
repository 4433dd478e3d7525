import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { RecurringJobs } from '@app/jobs';
import { EMAIL_TEMPLATES, OUTBOX_DISPATCH_JOB, Outbox, messageIdFor, type DispatchResult } from '@app/notifications';
import { bootTestApp, tokenCache, type TestApp } from '@app/testing';
import { ACCESSIBILITY_TAGS, describeViolations, expectAccessible, launchBrowser, screenshot } from '../support/browser.js';

/**
 * Accessibility of the viewer's own page. The email inside the sandboxed frame is left out: it may
 * run no script, so axe cannot enter it (and its content is the email's, not the page's).
 */
async function expectAccessibleAroundFrame(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(ACCESSIBILITY_TAGS).exclude('iframe').analyze();
  const shot = await screenshot(page, label);
  if (results.violations.length > 0) throw new Error(`${describeViolations(page.url(), results.violations as never)}\nScreenshot: ${shot}`);
}

const CASE_ID = '5c0ffee0-1d2e-4f00-9a00-00000000c0de';

describe('the mail viewer, with no SMTP server configured', () => {
  let t: TestApp;
  let db: DataSource;
  let outbox: Outbox;
  let token: (role: string) => Promise<string>;
  let browser: Browser;
  const ids: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp({ overrides: { smtpUrl: undefined } }), launchBrowser()]);
    db = t.app.get(DataSource);
    outbox = t.app.get(Outbox);
    token = tokenCache(t.baseUrl, t.clock);
    for (const n of [1, 2, 3]) {
      t.clock.advance(1000);
      const { id } = await db.transaction((tx) =>
        outbox.enqueue(tx, {
          to: `recipient${n}@example.test`,
          template: 'deadline_reminder',
          data: { ...EMAIL_TEMPLATES.deadline_reminder.sample, daysRemaining: n },
          idempotencyKey: `viewer:${n}`,
          caseId: n === 2 ? CASE_ID : undefined,
        }),
      );
      ids.push(id);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const api = async (role: string, path: string) => t.http().get(path).auth(await token(role), { type: 'bearer' });

  it('holds every message for the viewer when the delivery job runs', async () => {
    const result = await t.app.get(RecurringJobs).runNow<DispatchResult>(OUTBOX_DISPATCH_JOB);
    expect(result).toMatchObject({ held: 3, claimed: 0, sent: 0 });
    const res = await api('case_officer', '/api/v1/outbox?status=held');
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { id: string }) => m.id)).toEqual([...ids].reverse());
    expect(res.body.items[0]).toMatchObject({ to: 'recipient3@example.test', status: 'held', attempts: 0, messageId: messageIdFor(ids[2] as string) });
    expect(res.body.items[0]).not.toHaveProperty('html');
  });

  it('shows one message with its HTML and text exactly as they would be sent', async () => {
    const res = await api('decision_maker', `/api/v1/outbox/${ids[0]}`);
    expect(res.status).toBe(200);
    const stored = await outbox.get(ids[0] as string);
    expect(res.body).toMatchObject({ id: ids[0], subject: stored.subject, html: stored.html, text: stored.text, template: 'deadline_reminder' });
    expect(res.body.text).toContain('is due in 1 day.');
  });

  it('pages through messages with an opaque cursor and filters by case', async () => {
    const first = await api('admin', '/api/v1/outbox?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api('admin', `/api/v1/outbox?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items.map((m: { id: string }) => m.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    const byCase = await api('admin', `/api/v1/outbox?caseId=${CASE_ID}`);
    expect(byCase.body.items.map((m: { id: string }) => m.id)).toEqual([ids[1]]);
  });

  it('refuses bad queries with 422 naming the field, and never a 5xx', async () => {
    for (const [query, field] of [
      ['status=lost', 'status'],
      ['caseId=12', 'caseId'],
      ['limit=501', 'limit'],
      ['limit=0', 'limit'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['cursor=eyJjIjoiMjAyNiIsImkiOiJ4In0', 'cursor'],
      ['surprise=1', 'surprise'],
    ] as const) {
      const res = await api('case_officer', `/api/v1/outbox?${query}`);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body)).toContain(field);
    }
    expect((await api('case_officer', `/api/v1/outbox/${randomUUID()}`)).status).toBe(404);
    expect((await api('case_officer', '/api/v1/outbox/not-an-id')).body.code).toBe('INVALID_ID');
  });

  it('is only for admins, case officers and decision makers', async () => {
    expect((await t.http().get('/api/v1/outbox')).status).toBe(401);
    for (const role of ['analyst', 'provider', 'complainant_body']) {
      expect((await api(role, '/api/v1/outbox')).status).toBe(403);
      expect((await api(role, `/api/v1/outbox/${ids[0]}`)).status).toBe(403);
    }
  });

  it('lets an admin, and only an admin, send a held message again', async () => {
    const retry = async (role: string, id: string) => t.http().post(`/api/v1/outbox/${id}/retry`).auth(await token(role), { type: 'bearer' });
    expect((await retry('case_officer', ids[0] as string)).status).toBe(403);
    const res = await retry('admin', ids[0] as string);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ids[0], status: 'pending', attempts: 0 });
    const again = await retry('admin', ids[0] as string);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('OUTBOX_MESSAGE_NOT_RETRYABLE');
    expect((await retry('admin', randomUUID())).status).toBe(404);
    await t.app.get(RecurringJobs).runNow(OUTBOX_DISPATCH_JOB);
    expect((await outbox.get(ids[0] as string)).status).toBe('held');
  });

  it('serves an email body for the frame with a policy that forbids scripts', async () => {
    const res = await api('case_officer', `/mail/${ids[0]}/body`);
    expect(res.status).toBe(200);
    expect(res.text).toBe((await outbox.get(ids[0] as string)).html);
    const policy = String(res.headers['content-security-policy']);
    expect(policy).toMatch(/(^|; )sandbox(;|$)/);
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/script-src/);
    expect((await api('analyst', `/mail/${ids[0]}/body`)).status).toBe(403);
  });

  it('lists and shows mail in the browser without running anything an email contains', async () => {
    // An email whose HTML carries scripts, as a hostile template or data could produce.
    const hostileId = randomUUID();
    await db.query(
      `INSERT INTO outbox_messages (id, idempotency_key, to_address, subject, html, text, template, status, next_attempt_at, created_at, message_id)
       VALUES ($1, $2, 'someone@example.test', 'Hostile email', $3, 'plain text version', 'case_update', 'held', $4, $4, $5)`,
      [
        hostileId,
        `hostile:${hostileId}`,
        `<html><body><p id="visible">Hello from the email</p><script>document.body.dataset.ran = 'yes'; try { parent.document.body.dataset.pwned = 'yes'; } catch (e) {}</script><img src="x" onerror="document.body.dataset.img = 'yes'"></body></html>`,
        t.clock.now(),
        messageIdFor(hostileId),
      ],
    );
    const context = await browser.newContext({ baseURL: t.baseUrl, extraHTTPHeaders: { Authorization: `Bearer ${await token('case_officer')}` } });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      expect((await page.goto('/mail'))?.status()).toBe(200);
      await expectAccessible(page, 'mail viewer list');
      expect(await page.locator('table tbody tr').count()).toBe(4);
      expect(await page.locator('body').textContent()).toContain('No mail server is configured');

      await page.getByRole('link', { name: 'Hostile email' }).click();
      await page.waitForURL(`**/mail/${hostileId}`);
      await expectAccessibleAroundFrame(page, 'mail viewer message');
      const frame = page.frameLocator('iframe');
      expect(await frame.locator('#visible').textContent()).toBe('Hello from the email');
      await page.waitForTimeout(300);
      expect(await frame.locator('body').getAttribute('data-ran')).toBeNull();
      expect(await frame.locator('body').getAttribute('data-img')).toBeNull();
      expect(await page.locator('body').getAttribute('data-pwned')).toBeNull();
      expect(await page.locator('iframe').getAttribute('sandbox')).toBe('');
      expect(await page.locator('pre').textContent()).toContain('plain text version');

      await page.goto(`/mail/${ids[0]}`);
      expect(await page.frameLocator('iframe').locator('body').textContent()).toContain('Response to the information notice');
    } finally {
      await context.close();
    }
  });
});
