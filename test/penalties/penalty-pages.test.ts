import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SettableClock } from '@app/core';
import { londonDateOf } from '@app/deadlines';
import { bootTestApp, type TestApp } from '@app/testing';
import { LETTERS, createCase, fireOk } from '../cases/case-api.js';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { errorSummaryMessages, heading, signIn } from '../support/web-pages.js';

const fillDate = async (page: Page, name: string, iso: string): Promise<void> => {
  const [year, month, day] = iso.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(day)));
  await page.locator(`#${name}-month`).fill(String(Number(month)));
  await page.locator(`#${name}-year`).fill(year as string);
};

const DAY = 86_400_000;
/** Browser steps on a shared 2-core machine: signing in hashes a password. */
const BROWSER_TEST_MS = 150_000;
const NOW = new Date();
/** A calendar day relative to today (UK). */
const dayFromToday = (days: number): string => londonDateOf(new Date(NOW.getTime() + days * DAY));

/**
 * Browsers keep session cookies by the real time, so the pages are visited at the real time; the case
 * is taken through its lifecycle before, with the clock moving forward from 40 days ago.
 */
describe('the penalty pages, in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  const clock = new SettableClock(new Date(NOW.getTime() - 40 * DAY));
  const contexts: BrowserContext[] = [];
  let caseId = '';

  const signedIn = async (email: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> => {
    const { context, page } = await newVisitor(browser, t.baseUrl, options);
    contexts.push(context);
    page.setDefaultTimeout(10_000);
    await signIn(page, email);
    return page;
  };

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp({ clock }), launchBrowser()]);
    const created = await createCase(t, 'officer@demo.test');
    caseId = created.id;
    let c = await fireOk(t, 'officer@demo.test', created.id, 1, 'open_investigation', { provisions: ['Section 10(3)(b)'] });
    clock.set(new Date(NOW.getTime() - 39 * DAY));
    c = await fireOk(t, 'decider@demo.test', created.id, c.version, 'issue_provisional_notice', { representationsWorkingDays: 10, letter: LETTERS.provisional_notice });
    clock.set(new Date(NOW.getTime() - 20 * DAY));
    await fireOk(t, 'decider@demo.test', created.id, c.version, 'issue_confirmation_decision', {
      penaltyPence: 337_500_000, // 2.5% of £180m (revenue not established) = £4.5m, less 25%
      penaltyCalculation: { revenueEstablished: false, seriousness: 'moderate', settlementDiscountPercent: 25, dailyPenalty: { ratePence: 50_000, startsOn: dayFromToday(-19) } },
      representationsConsidered: true,
      letter: LETTERS.confirmation_decision,
    });
    clock.set(NOW);
  }, BROWSER_TEST_MS);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  }, BROWSER_TEST_MS);

  it('calculates a penalty step by step, with the statutory maximum and a daily running total', async () => {
    const page = await signedIn('decider@demo.test');
    await page.getByRole('link', { name: 'Penalty calculator' }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Penalty calculator');
    await expectAccessible(page, 'penalty calculator');

    await page.getByLabel('Revenue for the accounting period').fill('2,000,000,000.00');
    await page.getByLabel('High', { exact: true }).check();
    await page.getByLabel('Duration, in whole months (optional)').fill('9');
    await page.getByLabel('Children were affected').fill('25');
    await page.getByLabel('UK users blocked after the investigation opened').fill('12.5');
    await page.getByLabel('Settlement discount, percent (optional)').fill('25');
    await page.getByLabel('Daily rate, in pounds').fill('10,000');
    await fillDate(page, 'dailyStart', dayFromToday(-11));
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.waitForLoadState('load');

    expect(await errorSummaryMessages(page)).toEqual([]);
    // £2bn → maximum £200m; 5% → £100m; +25% → £125m; −12.5% → £112.5m; cap (less £600,000 of daily exposure) holds; −25% → £84,375,000.
    expect((await page.locator('#statutory-maximum').innerText()).trim()).toBe('£200,000,000.00');
    expect((await page.locator('#penalty').innerText()).trim()).toBe('£84,375,000.00');
    const steps = await page.locator('#steps tbody tr th').allInnerTexts();
    expect(steps.map((s) => s.split('\n')[0]?.trim())).toEqual(['Starting point', 'Duration', 'Aggravating factor', 'Mitigating factor', 'Statutory maximum', 'Settlement discount']);
    // Eleven days ago to today: 12 calendar days.
    expect(await page.locator('#running-total').innerText()).toContain('£120,000.00 (12 days)');
    await expectAccessible(page, 'penalty calculator result');
  }, BROWSER_TEST_MS);

  it('shows every problem GOV.UK style, beside its field, and keeps what was typed', async () => {
    const page = await signedIn('officer@demo.test');
    await page.goto('/penalties/calculator');
    await page.getByLabel('Currency of the revenue figure').fill('USD');
    await page.getByLabel('Revenue for the accounting period').fill('lots');
    await page.getByLabel('Settlement discount, percent (optional)').fill('40');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.waitForLoadState('load');
    expect(await errorSummaryMessages(page)).toEqual([
      'Enter the revenue as an amount, for example 250,000,000.00',
      'Enter the conversion rate: pounds sterling for one USD',
      'Enter the date of the USD to GBP rate',
    ]);
    expect(await page.locator('#revenueAmount').inputValue()).toBe('lots');
    await expectAccessible(page, 'penalty calculator errors');

    await page.getByLabel('Revenue for the accounting period').fill('300,000,000.00');
    await page.getByLabel('Conversion rate: pounds sterling for one unit of the currency').fill('0.8');
    await fillDate(page, 'conversionRateDate', '2025-12-31');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.waitForLoadState('load');
    // Past the form's own checks, the calculator's policy refuses a 40% settlement discount.
    expect(await errorSummaryMessages(page)).toEqual(['Settlement discount must be a percentage from 0 to 25 with at most two decimal places']);
    await page.getByRole('link', { name: /Settlement discount must be/ }).click();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('settlementDiscountPercent');

    await page.getByLabel('Settlement discount, percent (optional)').fill('');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.waitForLoadState('load');
    // US$300m at 0.8 = £240m: the maximum is £24m.
    expect((await page.locator('#statutory-maximum').innerText()).trim()).toBe('£24,000,000.00');
  }, BROWSER_TEST_MS);

  it('works without JavaScript, for revenue that is not established', async () => {
    const page = await signedIn('analyst@demo.test', { javaScriptEnabled: false });
    await page.goto('/penalties/calculator');
    await page.getByRole('radio', { name: /No: no complete accounting period/ }).check();
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.waitForLoadState('load');
    expect((await page.locator('#statutory-maximum').innerText()).trim()).toBe('£18,000,000.00');
    expect((await page.locator('#penalty').innerText()).trim()).toBe('£0.00');
  }, BROWSER_TEST_MS);

  it("shows a case's penalty with its steps and lets an officer record a part payment, refusing an overpayment", async () => {
    const page = await signedIn('officer@demo.test');
    await page.goto(`/cases/${caseId}/penalties`);
    expect(await heading(page)).toBe('Penalties');
    await expectAccessible(page, 'case penalties');
    const text = await page.locator('main').innerText();
    expect(text).toContain('£3,375,000.00');
    expect(text).toContain('Settlement discount');
    // 19 days ago to today: 20 days at £500.
    expect(text).toContain('£10,000.00 (20 days, still running)');

    await page.getByLabel('Amount received, in pounds').fill('20,000,000');
    await fillDate(page, `payment-${(await page.locator('section[id^="penalty-"]').first().getAttribute('id'))?.slice(8)}-receivedOn`, dayFromToday(-1));
    await page.getByLabel('Reference').fill('BACS 1');
    await page.getByRole('button', { name: 'Record the payment' }).click();
    await page.waitForLoadState('load');
    const [problem] = await errorSummaryMessages(page);
    expect(problem).toContain('is more than the £3,385,000.00 outstanding today');
    await expectAccessible(page, 'case penalties payment refused');

    await page.getByLabel('Amount received, in pounds').fill('3,000,000');
    await page.getByRole('button', { name: 'Record the payment' }).click();
    await page.waitForLoadState('load');
    expect(await errorSummaryMessages(page)).toEqual([]);
    expect(await page.locator('.govuk-notification-banner__heading').innerText()).toBe('Payment recorded');
    const after = await page.locator('main').innerText();
    expect(after).toContain('Part paid');
    expect(after).toContain('£385,000.00');
    expect(after).toContain('BACS 1');
    await expectAccessible(page, 'case penalties after payment');
  }, BROWSER_TEST_MS);
});
