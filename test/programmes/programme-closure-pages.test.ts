import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { errorSummaryMessages, signIn, successBanner } from '../support/web-pages.js';
import { createDemoProviders, type DemoProviders } from './demo-providers.js';

const SERVICES = 55;

describe('a programme page with many services, closed and reopened by an officer (real browser, axe on every page)', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let demo: DemoProviders;
  let programmePath: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
    demo = await createDemoProviders(t.app.get(DataSource), SERVICES, 'Pgn');
    const auth = { Authorization: `Bearer ${await t.token('case_officer')}` };
    const created = await t.http().post('/api/v1/programmes').set(auth).send({
      title: 'Age assurance across the sector',
      description: 'Whether services that publish pornography use highly effective age assurance.',
      harmCategories: ['children_access_pornography'],
    });
    programmePath = `/programmes/${created.body.id}`;
    await t.http().post(`/api/v1/programmes/${created.body.id}/services`).set(auth).send({ serviceIds: demo.serviceIds });
    await t.http().post(`/api/v1/programmes/${created.body.id}/services/${demo.serviceIds[3]}/status`).set(auth).send({ status: 'compliant', reason: 'Checks in place.' });
    ({ context, page } = await newVisitor(browser, t.baseUrl));
    await signIn(page, 'officer@demo.test');
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  const serviceRows = (p: Page) => p.locator('#services-table tbody tr');

  it('shows 50 services a page with GOV.UK pagination, the counts of every status, and a status filter', async () => {
    await page.goto(programmePath);
    expect(await page.locator('#services-by-status').innerText()).toMatch(/Assessed\s+54/);
    expect(await page.locator('#services-shown').innerText()).toBe('Showing services 1 to 50 of 55');
    expect(await serviceRows(page).count()).toBe(50);
    const pages = page.getByRole('navigation', { name: 'Pages of services' });
    expect(await pages.getByRole('link', { name: 'Page 1 of services' }).getAttribute('aria-current')).toBe('page');
    await expectAccessible(page, 'programme page, first page of services');

    await pages.getByRole('link', { name: /Next/ }).click();
    expect(await page.locator('#services-shown').innerText()).toBe('Showing services 51 to 55 of 55');
    expect(await serviceRows(page).count()).toBe(5);
    expect(await pages.getByRole('link', { name: 'Page 2 of services' }).getAttribute('aria-current')).toBe('page');
    expect(await pages.getByRole('link', { name: /Next/ }).count()).toBe(0);
    await expectAccessible(page, 'programme page, second page of services');
    await pages.getByRole('link', { name: /Previous/ }).click();
    expect(await page.locator('#services-shown').innerText()).toBe('Showing services 1 to 50 of 55');

    await page.getByLabel('Show services with status').selectOption('compliant');
    await page.getByRole('button', { name: 'Show services' }).click();
    expect(new URL(page.url()).searchParams.get('status')).toBe('compliant');
    expect(await page.locator('#services-shown').innerText()).toBe('Showing services 1 to 1 of 1');
    expect(await serviceRows(page).innerText()).toContain('Compliant');
    expect(await page.getByRole('navigation', { name: 'Pages of services' }).count()).toBe(0);
    await expectAccessible(page, 'programme page filtered by status');
  }, 60_000);

  it('closes the programme with a reason, then reopens it', async () => {
    await page.goto(programmePath);
    await page.getByRole('button', { name: 'Close the programme' }).click();
    expect(await errorSummaryMessages(page)).toEqual(['Enter why the programme is closed']);
    await expectAccessible(page, 'programme close without a reason');

    await page.getByLabel('Why you are closing the programme').fill('Review finished: every provider answered.');
    await page.getByRole('button', { name: 'Close the programme' }).click();
    expect(await successBanner(page)).toMatch(/Programme PRG-\d{4}-\d{4} closed/);
    expect(await page.locator('#programme-status').innerText()).toBe('Closed');
    expect(await page.locator('#programme-status-change').innerText()).toContain('Review finished: every provider answered.');
    expect(await page.locator('#programme-closed').innerText()).toContain('until it is reopened');
    // Still readable, a page at a time; nothing can be added or sent.
    expect(await serviceRows(page).count()).toBe(50);
    expect(await page.getByRole('button', { name: 'Add services' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send an information notice to every provider' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Close the programme' }).count()).toBe(0);
    await expectAccessible(page, 'closed programme page');

    await page.getByLabel('Why you are reopening the programme').fill('New evidence about three providers.');
    await page.getByRole('button', { name: 'Reopen the programme' }).click();
    expect(await successBanner(page)).toMatch(/Programme PRG-\d{4}-\d{4} reopened/);
    expect(await page.locator('#programme-status').innerText()).toBe('Open');
    expect(await page.getByRole('button', { name: 'Add services' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Close the programme' }).count()).toBe(1);
    await expectAccessible(page, 'reopened programme page');
  }, 60_000);

  it('shows analysts the pages of services but no close or reopen form', async () => {
    const analyst = await newVisitor(browser, t.baseUrl);
    await signIn(analyst.page, 'analyst@demo.test');
    await analyst.page.goto(programmePath);
    expect(await serviceRows(analyst.page).count()).toBe(50);
    expect(await analyst.page.getByRole('button', { name: 'Close the programme' }).count()).toBe(0);
    await expectAccessible(analyst.page, 'programme page as analyst');
    await analyst.context.close();
  }, 60_000);
});
