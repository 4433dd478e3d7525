import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_CASES, DemoCaseSeeder } from '@app/demo';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { errorSummaryMessages, heading, pathOf, signIn, successBanner } from '../support/web-pages.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * Issue 7 in a real browser, on the demo data: provider@demo.test finds its open information notice
 * and its provisional notice, answers the first with a PDF, asks for more time on the second and makes
 * representations asking for an oral hearing, getting a receipt each time; an officer grants the
 * extension. Every page is checked with axe.
 */
describe('the provider portal in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let informationNoticePath = '';
  let provisionalNoticePath = '';

  const submit = async (name: string): Promise<void> => {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForLoadState('load');
  };

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
    await t.app.get(DemoCaseSeeder).seed();
    ({ context, page } = await newVisitor(browser, t.baseUrl));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('gives the demo provider an open information notice and a provisional notice to answer', async () => {
    await signIn(page, 'provider@demo.test');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your notices' }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Your notices');
    await expectAccessible(page, 'provider notices list');
    const rows = await page.locator('tbody tr').allInnerTexts();
    const demoDropCases = DEMO_CASES.filter((c) => c.service === 'demodrop').length;
    expect(demoDropCases).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r.includes('Information notice') && r.includes('Awaiting your answer'))).toBe(true);
    expect(rows.some((r) => r.includes('Provisional notice of contravention') && r.includes('Awaiting your answer'))).toBe(true);
    const open = page.locator('tbody tr', { hasText: 'Awaiting your answer' });
    informationNoticePath = (await open.filter({ hasText: 'Information notice' }).first().getByRole('link').getAttribute('href')) as string;
    provisionalNoticePath = (await open.filter({ hasText: 'Provisional notice of contravention' }).first().getByRole('link').getAttribute('href')) as string;
    expect(informationNoticePath).toMatch(/^\/provider\/notices\/[0-9a-f-]{36}$/);
  });

  it('shows the notice with its deadline explained and the notice to download', async () => {
    await page.goto(informationNoticePath);
    expect(await page.locator('#status').innerText()).toBe('Awaiting your answer');
    expect(await page.locator('#explanation').innerText()).toMatch(/14 calendar days/);
    await expectAccessible(page, 'provider information notice');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the notice (HTML)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^notice-.*\.html$/);
  });

  it('refuses an empty answer, then takes one with a PDF and gives a receipt with its hash', async () => {
    await page.getByRole('button', { name: 'Answer this notice' }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Answer the notice');
    await expectAccessible(page, 'provider answer form');
    await submit('Send the answer');
    expect(await errorSummaryMessages(page)).toEqual(['Enter your answer to at least one requirement']);
    await expectAccessible(page, 'provider answer form with errors');

    await page.getByLabel('Who can comment on a shared folder, and whether children can receive comments from adults they do not know').fill('Only people the owner invites. Under-18s cannot receive comments from accounts they do not follow.');
    await page.getByLabel('Reports of grooming received in the last six months, and what you did about each').fill('Twelve reports, all in the attached PDF with the action taken.');
    await page.getByLabel('Upload files (optional)').setInputFiles({ name: 'grooming-reports.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submit('Send the answer');
    expect(await page.locator('.govuk-panel__title').innerText()).toBe('Answer received');
    expect(await page.locator('#receipt-hash').innerText()).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.locator('#receipt-files').innerText()).toContain('grooming-reports.pdf');
    expect(pathOf(page)).toMatch(/^\/provider\/receipts\/[0-9a-f-]{36}$/);
    await expectAccessible(page, 'provider receipt');

    await page.goto(informationNoticePath);
    expect(await page.locator('#status').innerText()).toBe('Answered');
    expect(await page.locator('#submissions ~ .govuk-summary-card').first().innerText()).toContain('Twelve reports, all in the attached PDF');
    await expectAccessible(page, 'provider information notice answered');
  });

  it('asks for more time on the provisional notice, with a receipt', async () => {
    await page.goto(provisionalNoticePath);
    await expectAccessible(page, 'provider provisional notice');
    const due = await page.locator('#due').innerText();
    await page.getByRole('button', { name: 'Ask for more time' }).click();
    await page.waitForLoadState('load');
    await expectAccessible(page, 'provider extension form');
    await submit('Ask for more time');
    expect(await errorSummaryMessages(page)).toEqual(['Enter the date you ask to answer by as a real date, for example 12 6 2027', 'Enter why you need more time']);
    const later = new Date(Date.parse(`${due} UTC`) + 30 * 86_400_000);
    await page.getByLabel('Day').fill(String(later.getUTCDate()));
    await page.getByLabel('Month').fill(String(later.getUTCMonth() + 1));
    await page.getByLabel('Year').fill(String(later.getUTCFullYear()));
    await page.getByLabel('Why you need more time').fill('Our new risk assessment is approved by the board at its next meeting.');
    await submit('Ask for more time');
    expect(await page.locator('.govuk-panel__title').innerText()).toBe('Request for more time received');
    await expectAccessible(page, 'provider extension receipt');
  });

  it("shows another provider the notice as not found", async () => {
    await context.clearCookies();
    await signIn(page, 'provider2@demo.test');
    const res = await page.goto(provisionalNoticePath);
    expect(res?.status()).toBe(404);
  });

  it('lets an officer grant the extension from the list of requests', async () => {
    await context.clearCookies();
    await signIn(page, 'officer@demo.test');
    await page.goto('/dashboard');
    await page.getByRole('main').getByRole('link', { name: 'Extension requests', exact: true }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Extension requests');
    await expectAccessible(page, 'officer extension requests');
    await page.getByRole('link', { name: /^All notices of / }).first().click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Notices to the provider');
    expect(await page.locator('main').innerText()).toContain('Request for more time');
    await expectAccessible(page, 'officer case notices');
    await page.goBack();
    await page.waitForLoadState('load');
    const card = page.locator('.govuk-summary-card', { hasText: 'Our new risk assessment is approved by the board' });
    await card.getByLabel('Grant', { exact: true }).check();
    await card.getByLabel('Reasons, sent to the provider').fill('A board approval is a good reason; take the time asked for.');
    await card.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForLoadState('load');
    expect(await errorSummaryMessages(page)).toEqual([]);
    expect(await successBanner(page)).toBe('Extension granted');
    expect(await page.locator('main').innerText()).toContain('No extension requests are waiting for a decision.');
  });

  it('shows the provider the new date, then takes representations asking for an oral hearing', async () => {
    await context.clearCookies();
    await signIn(page, 'provider@demo.test');
    await page.goto(provisionalNoticePath);
    expect(await page.locator('main').innerText()).toContain('Granted: new due date');
    expect(await page.locator('#explanation').innerText()).toContain('A board approval is a good reason; take the time asked for.');
    await page.getByRole('button', { name: 'Make representations' }).click();
    await page.waitForLoadState('load');
    await expectAccessible(page, 'provider representations form');
    await page.getByLabel('Your representations').fill('Comments on shared folders are now off for under-18s; the new assessment covers them.');
    await page.getByLabel('We ask to make our representations at an oral hearing as well').check();
    await submit('Send the representations');
    expect(await page.locator('.govuk-panel__title').innerText()).toBe('Representations received');
    await expectAccessible(page, 'provider representations receipt');
    await page.goto(provisionalNoticePath);
    expect(await page.locator('#status').innerText()).toBe('Answered');
    expect(await page.locator('main').innerText()).toContain('Requested');
  });
});
