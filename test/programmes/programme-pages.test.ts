import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { BulkActionProcessor } from '@app/programmes';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { errorSummaryMessages, heading, signIn, successBanner } from '../support/web-pages.js';
import { createDemoProviders, type DemoProviders } from './demo-providers.js';

describe('an officer runs a programme from its page (real browser, axe on every page)', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let demo: DemoProviders;

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
    demo = await createDemoProviders(t.app.get(DataSource), 6, 'Brw');
    ({ context, page } = await newVisitor(browser, t.baseUrl));
    await signIn(page, 'officer@demo.test');
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('creates a programme, adds services by search and by list, sends a notice after a preview, follows progress, and opens an investigation', async () => {
    await page.goto('/programmes');
    expect(await heading(page)).toBe('Enforcement programmes');
    await expectAccessible(page, 'programmes list');
    await page.getByRole('button', { name: 'Create a programme' }).click();

    // A form sent incomplete explains what is missing.
    await page.getByRole('button', { name: 'Create programme' }).click();
    expect(await errorSummaryMessages(page)).toEqual(['Enter a title of at least 3 characters', 'Describe the scope of the programme', 'Select at least one harm the programme looks at']);
    await expectAccessible(page, 'programme create errors');
    await page.getByLabel('Title', { exact: true }).fill('Age assurance on pornography services');
    await page.getByLabel('Scope', { exact: true }).fill('Whether services that publish pornography use highly effective age assurance.');
    await page.getByLabel('Children able to access pornography (age assurance)').check();
    await page.getByRole('button', { name: 'Create programme' }).click();
    expect(await successBanner(page)).toMatch(/Programme PRG-\d{4}-\d{4} created/);
    const programmePath = new URL(page.url()).pathname;

    // Search the registry, select two services.
    await page.getByRole('button', { name: 'Add services' }).click();
    await page.getByLabel('Search the registry').fill('Brw Tube');
    await page.getByRole('button', { name: 'Search' }).click();
    await expectAccessible(page, 'programme add services search');
    await page.getByLabel(/Brw Tube 0001 Ltd/).check();
    await page.getByLabel(/Brw Tube 0002 Ltd/).check();
    await page.getByRole('button', { name: 'Add to the programme' }).click();
    expect(await successBanner(page)).toContain('2 services added');

    // Paste the rest as a list of web addresses.
    await page.getByRole('button', { name: 'Add services' }).click();
    await page.getByLabel('Or paste a list').fill(demo.domains.slice(2).map((d) => `https://${d}/`).join('\n'));
    await page.getByRole('button', { name: 'Add to the programme' }).click();
    expect(await successBanner(page)).toContain('4 services added');
    expect(await page.locator('#services-by-status').innerText()).toMatch(/Assessed\s+6/);
    await expectAccessible(page, 'programme page');

    // The notice, its preview, and the confirmation.
    await page.getByRole('button', { name: 'Send an information notice to every provider' }).click();
    await expectAccessible(page, 'programme notice form');
    await page.getByLabel('Title providers see').fill('Information notice: age assurance');
    await page.getByLabel('What each provider must give you').fill('How you check users are 18 or over\nHow often the checks fail');
    await page.getByLabel('Why you require it').fill('We are reviewing age assurance across pornography services.');
    await page.getByRole('button', { name: 'Preview' }).click();
    expect(await heading(page)).toBe('Check before sending');
    expect(await page.locator('#preview-summary').innerText()).toContain('6 providers will receive it');
    expect(await page.locator('#sample-notice').innerText()).toContain('How you check users are 18 or over');
    await expectAccessible(page, 'programme notice preview');
    await page.getByRole('button', { name: 'Confirm and send to 6 providers' }).click();
    expect(await successBanner(page)).toContain('Bulk action confirmed');
    await expectAccessible(page, 'programme bulk action progress');

    // The page follows the sending by itself (it polls the progress API) and shows the result.
    await t.app.get(BulkActionProcessor).drain();
    await page.locator('#progress-summary', { hasText: /^Completed/ }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#progress-summary').innerText()).toBe('Completed: 6 sent, 0 failed, 0 skipped');
    await expectAccessible(page, 'programme bulk action completed');

    await page.goto(programmePath);
    expect(await page.locator('#services-by-status').innerText()).toMatch(/Engaged\s+6/);
    expect(await page.locator('#responses').innerText()).toMatch(/Sent\s+6/);

    // One service: its history, then an investigation.
    await page.getByRole('link', { name: 'Brw Tube 0003 Ltd' }).click();
    await expectAccessible(page, 'programme service');
    await page.getByRole('button', { name: 'Open an investigation' }).click();
    expect(await errorSummaryMessages(page)).toEqual(['Enter why the investigation is opened']);
    await page.getByLabel('Why the investigation is opened').fill('No age checks at all.');
    await page.getByRole('button', { name: 'Open an investigation' }).click();
    expect(await successBanner(page)).toMatch(/Investigation [A-Z]+-\d{4}-\d+ opened/);
    expect(new URL(page.url()).pathname).toMatch(/^\/cases\//);

    await page.goto(programmePath);
    expect(await page.locator('#services-by-status').innerText()).toMatch(/Referred to investigation\s+1/);
    expect(await page.locator('#responses').innerText()).toMatch(/Investigations opened\s+1/);
  }, 180_000);

  it('shows analysts the programme without the actions', async () => {
    const analyst = await newVisitor(browser, t.baseUrl);
    await signIn(analyst.page, 'analyst@demo.test');
    await analyst.page.goto('/programmes');
    await analyst.page.getByRole('link', { name: /PRG-/ }).first().click();
    expect(await analyst.page.getByRole('button', { name: 'Send an information notice to every provider' }).count()).toBe(0);
    await expectAccessible(analyst.page, 'programme page as analyst');
    await analyst.context.close();
  }, 60_000);
});
