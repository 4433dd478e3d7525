import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { errorSummaryMessages, heading, signIn, successBanner } from '../support/web-pages.js';

describe('the triage queue pages', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('ranks matters, explains a score that adds up, and records an alternative route with its outcome', async () => {
    const file = (serviceUrl: string, harm: string) =>
      t.http().post('/api/v1/intake').send({ source: 'complaint', serviceUrl, harmCategories: [harm], description: `About ${serviceUrl}` });
    const fraud = await file('pages-fraud.example', 'fraud');
    await file('pages-csam.example', 'csam');
    const { context, page } = await newVisitor(browser, t.baseUrl);
    await signIn(page, 'officer@demo.test');
    await page.goto('/triage');
    expect(await heading(page)).toBe('Triage queue');
    await expectAccessible(page, 'triage queue');
    const firstRow = await page.locator('tbody tr').first().innerText();
    expect(firstRow).toContain('Child sexual exploitation');

    await page.getByLabel('Harm').selectOption('fraud');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.locator('tbody tr a').first().click();
    expect(await heading(page)).toMatch(/^Matter MAT-/);
    await expectAccessible(page, 'triage matter');
    const contributions = (await page.locator('#factors tbody tr td:last-child').allInnerTexts()).map(Number);
    const score = contributions.pop();
    expect(contributions.reduce((a, b) => a + b, 0)).toBe(score);
    expect(Number(await page.locator('#triage-score').innerText())).toBe(score);

    await page.getByRole('button', { name: 'Record the route' }).click();
    expect(await errorSummaryMessages(page)).toEqual(['Select the route the matter takes', 'Enter the outcome: what was done and the result']);
    await page.getByLabel('Warning letter').check();
    await page.getByLabel('Outcome').fill('Warning letter sent; the shop was taken down within a week');
    await page.getByRole('button', { name: 'Record the route' }).click();
    expect(await successBanner(page)).toBe('Route recorded: Warning letter');
    const matter = await t.http().get(`/api/v1/matters/${fraud.body.matterId}`).set('Authorization', `Bearer ${await t.token('officer@demo.test')}`);
    expect(matter.body).toMatchObject({ status: 'routed', route: { route: 'warning_letter', outcome: 'Warning letter sent; the shop was taken down within a week' } });
    await context.close();
  }, 180_000);
});
