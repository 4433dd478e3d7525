import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SettableClock } from '@app/core';
import { londonDateOf } from '@app/deadlines';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { heading, pathOf, signIn } from '../support/web-pages.js';
import { caseWithPenalty, registerServiceOf } from './penalty-cases.js';

const DAY = 86_400_000;
/** Browser steps on a shared 2-core machine: signing in hashes a password. */
const BROWSER_TEST_MS = 150_000;
const NOW = new Date();
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * DAY);

/**
 * Browsers keep session cookies by the real time, so the pages are visited at the real time; the case
 * is taken to its confirmation decision before, with the clock moving forward from 40 days ago.
 */
describe("the provider's penalty pages, in a real browser", () => {
  let t: TestApp;
  let browser: Browser;
  const clock = new SettableClock(daysAgo(40));
  const contexts: BrowserContext[] = [];
  let penalty = { caseId: '', reference: '', penaltyId: '' };

  const signedIn = async (email: string): Promise<Page> => {
    const { context, page } = await newVisitor(browser, t.baseUrl);
    contexts.push(context);
    page.setDefaultTimeout(10_000);
    await signIn(page, email);
    return page;
  };

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp({ clock }), launchBrowser()]);
    await registerServiceOf(t, 'provider@demo.test', { provider: 'Demo Platform Ltd', service: 'DemoTube', domain: 'demotube.example' });
    penalty = await caseWithPenalty(t, clock, {
      serviceUrl: 'https://demotube.example/',
      penaltyPence: 337_500_000, // 2.5% of £18m (revenue not established) = £4.5m, less 25%
      penaltyCalculation: { revenueEstablished: false, seriousness: 'moderate', settlementDiscountPercent: 25 },
      at: [daysAgo(40), daysAgo(39), daysAgo(37), daysAgo(20)],
    });
    clock.set(daysAgo(5));
    const paid = await t
      .http()
      .post(`/api/v1/penalties/${penalty.penaltyId}/payments`)
      .set('Authorization', `Bearer ${await t.token('officer@demo.test')}`)
      .send({ amountPence: 100_000_000, receivedOn: londonDateOf(daysAgo(6)), reference: 'BACS 1' });
    if (paid.status !== 201) throw new Error(`recording the payment answered ${paid.status}: ${JSON.stringify(paid.body)}`);
    clock.set(NOW);
  }, BROWSER_TEST_MS);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  }, BROWSER_TEST_MS);

  it('lists the penalty from the navigation, with its amount, what is outstanding and its status', async () => {
    const page = await signedIn('provider@demo.test');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your penalties' }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Your penalties');
    await expectAccessible(page, 'provider penalties list');
    const rows = await page.locator('#penalties tbody tr').allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(penalty.reference);
    expect(rows[0]).toContain('DemoTube');
    expect(rows[0]).toContain('£3,375,000.00');
    expect(rows[0]).toContain('£2,375,000.00');
    expect(rows[0]).toContain('Part paid');

    await page.getByRole('link', { name: penalty.reference }).click();
    await page.waitForLoadState('load');
    expect(pathOf(page)).toBe(`/provider/penalties/${penalty.penaltyId}`);
    expect(await heading(page)).toBe('Penalty of £3,375,000.00');
    await expectAccessible(page, 'provider penalty');
    expect(await page.locator('#status').innerText()).toBe('Part paid');
    expect(await page.locator('#paid').innerText()).toBe('£1,000,000.00');
    expect(await page.locator('#outstanding').innerText()).toBe('£2,375,000.00');
    const steps = await page.locator('#steps tbody tr').allInnerTexts();
    expect(steps[0]).toContain('Starting point');
    expect(steps.at(-1)).toContain('Settlement discount');
    expect(steps.at(-1)).toContain('£3,375,000.00');
    const payments = await page.locator('#payments-table tbody tr').allInnerTexts();
    expect(payments).toHaveLength(1);
    expect(payments[0]).toContain('£1,000,000.00');
    expect(await page.locator('main').innerText()).not.toContain('BACS 1');
  }, BROWSER_TEST_MS);

  it('shows another provider no penalties, and the first provider’s penalty as not found', async () => {
    const page = await signedIn('provider2@demo.test');
    await page.goto('/provider/penalties');
    expect(await page.locator('#no-penalties').innerText()).toContain('No penalties');
    await expectAccessible(page, 'provider penalties list, empty');
    const res = await page.goto(`/provider/penalties/${penalty.penaltyId}`);
    expect(res?.status()).toBe(404);
  }, BROWSER_TEST_MS);
});
