import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SettableClock } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { errorSummaryMessages, heading, pathOf, signIn, signOut, successBanner } from '../support/web-pages.js';
import { MIRROR, PRIMARY, nonCompliantCase, type NonCompliantCase } from './disruption-setup.js';

/**
 * In a real browser, every page checked with axe: an officer drafts an application from the case
 * page (the mirror domain ticked), the decision maker makes it, the officer records the order and
 * the service's move to a successor domain, and opens the printable bundle.
 */
/** Each step runs axe on one or more full pages, which takes long on a busy 2-core machine. */
const SLOW = 180_000;

describe('business disruption pages', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const clock = new SettableClock(new Date('2026-05-13T09:00:00Z'));
  let c: NonCompliantCase;
  let applicationPath = '';

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp({ clock }), launchBrowser()]);
    c = await nonCompliantCase(t, clock);
    // Sessions expire by the application's clock: back to the real time so the browser keeps its cookie.
    clock.set(new Date());
    ({ context, page } = await newVisitor(browser, t.baseUrl));
    page.setDefaultTimeout(30_000);
  }, SLOW);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  const submit = async (name: string): Promise<void> => {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForLoadState('load');
  };

  it('lets an officer start an application from the case page, with every domain of the service ticked', async () => {
    await signIn(page, 'officer@demo.test');
    await page.goto(`/cases/${c.caseId}`);
    await page.getByRole('link', { name: 'Applications to the court for business disruption orders' }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Business disruption applications');
    await expectAccessible(page, 'disruption 01 case applications');

    await page.getByRole('button', { name: 'Start an application' }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Apply for a business disruption order');
    await expectAccessible(page, 'disruption 02 application form');
    expect(await page.getByLabel(`${MIRROR} (mirror)`).isChecked()).toBe(true);
    expect(await page.getByLabel(`${PRIMARY} (primary)`).isChecked()).toBe(true);
  }, SLOW);

  it('says what is missing when the form is sent incomplete', async () => {
    // Sent without an order or a statement for a ticked ground: the form says what is missing.
    await page.getByRole('checkbox', { name: /continues to fail/ }).check();
    await submit('Save as a draft');
    expect(await errorSummaryMessages(page)).toEqual(expect.arrayContaining(['Choose the order to apply for', expect.stringContaining('Explain the ground')]));
    await expectAccessible(page, 'disruption 03 application form with errors');
  }, SLOW);

  it('saves the draft, covering the mirror domain', async () => {
    await page.getByRole('radio', { name: 'Service restriction order (s.144; interim s.145)' }).check();
    await page.locator('#statement_continuing_failure').fill('The reported images are still online a month after the decision.');
    await page.getByRole('checkbox', { name: /Steps required by a confirmation decision/ }).check();
    await page.locator('#statement_steps_not_taken').fill('The removal steps were not taken by 9 June 2026.');
    await page.locator('#evidence_steps_not_taken').fill('https://peepvault.example/gallery/123');
    await page.locator('#tp1_kind').selectOption('payment_provider');
    await page.locator('#tp1_name').fill('Example Payments Ltd');
    await page.locator('#tp1_email').fill('orders@payments.example');
    await submit('Save as a draft');
    expect(await errorSummaryMessages(page)).toEqual([]);
    expect(pathOf(page)).toMatch(/^\/disruption-applications\/[0-9a-f-]{36}$/);
    applicationPath = pathOf(page);
    expect(await successBanner(page)).toBe(`Application ${c.reference}-BD0001 saved as a draft`);
    expect((await page.locator('#application-status').innerText()).trim()).toBe('Draft');
    const covered = await page.locator('h2#domains-covered + table tbody').innerText();
    expect(covered).toContain(MIRROR);
    await expectAccessible(page, 'disruption 04 draft application');
  }, SLOW);

  it('lets the decision maker make the application', async () => {
    await signOut(page);
    await signIn(page, 'decider@demo.test');
    await page.goto(applicationPath);
    await submit('Make the application');
    expect(await successBanner(page)).toBe(`Application ${c.reference}-BD0001 made`);
    expect((await page.locator('#application-status').innerText()).trim()).toBe('Application made');
    await expectAccessible(page, 'disruption 05 application made');
  }, SLOW);

  it('lets the officer record the order and a successor domain, which drafts a variation', async () => {
    await signOut(page);
    await signIn(page, 'officer@demo.test');
    await page.goto(applicationPath);
    for (const [step, on] of [
      ['Filed with the court', '2026-06-10'],
      ['Order made', '2026-06-10'],
    ] as const) {
      await page.getByRole('radio', { name: step, exact: true }).check();
      await page.getByLabel('Date (YYYY-MM-DD)').fill(on);
      if (step === 'Order made') await page.getByLabel('Terms of the order (when made or varied)').fill('Withdraw payment services within 5 working days.');
      await submit('Record step');
      expect(await errorSummaryMessages(page)).toEqual([]);
      expect(await successBanner(page)).toBe(`${step}: recorded`);
    }
    expect((await page.locator('#application-status').innerText()).trim()).toBe('Order made');

    await page.getByLabel('New domain').fill('peepvault2.example');
    await page.getByRole('radio', { name: 'Successor (the service moved there)' }).check();
    await submit('Record domain');
    expect(await successBanner(page)).toBe('Variation drafted for peepvault2.example');
    const variations = await page.locator('h2#variations + table').innerText();
    expect(variations).toContain('peepvault2.example');
    expect(variations).toContain('Draft');
    await expectAccessible(page, 'disruption 06 variation drafted');

    await page.getByRole('button', { name: 'File variation for peepvault2.example' }).click();
    await page.waitForLoadState('load');
    expect(await successBanner(page)).toBe('Variation for peepvault2.example filed');
  }, SLOW);

  it('opens the printable bundle with the chronology of the case', async () => {
    await page.getByRole('link', { name: 'Open the application bundle (printable)' }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Application to the court: Service restriction order (s.144)');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Chronology of the case');
    expect(text).toContain('apply for business disruption');
    expect(text).toContain('record court order');
    expect(text).toContain('Evidence index');
    expect(text).toContain(MIRROR);
    await expectAccessible(page, 'disruption 07 bundle');
  }, SLOW);

  it('lists every application, with the variation waiting to be filed', async () => {
    await page.goto('/dashboard');
    await page.getByRole('main').getByRole('link', { name: 'Business disruption applications', exact: true }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Business disruption applications');
    const row = await page.locator('tbody tr').first().innerText();
    expect(row).toContain(`${c.reference}-BD0001`);
    expect(row).toContain('Order made');
    await expectAccessible(page, 'disruption 08 all applications');
  }, SLOW);
});
