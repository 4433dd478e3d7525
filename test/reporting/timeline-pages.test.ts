import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SettableClock } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { createCase, fireOk } from '../cases/case-api.js';
import { expectAccessible, launchBrowser, newVisitor, screenshot } from '../support/browser.js';
import { heading, signIn } from '../support/web-pages.js';

const IMPORTED = 'Imported from the legacy case tracker';

/**
 * The analyst page and the printable committee pack in a real browser (the charts are server-side SVG;
 * the pack has no script at all). Six NCII cases: opened about 100 days ago, four closed in assessment after 10, 20, 30 and 40 days, two open.
 */
describe('enforcement timelines pages', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  // The browser keeps session cookies by real time, so the clock stays near it; histories are backdated.
  const clock = new SettableClock(new Date(Math.floor(Date.now() / 1000) * 1000));
  const asOf = clock.now().toISOString();
  const asOfDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(clock.now());

  beforeAll(async () => {
    t = await bootTestApp({ clock });
    for (const [i, closeAfterDays] of [10, 20, 30, 40, null, null].entries()) {
      const opened = new Date(Date.UTC(clock.now().getUTCFullYear(), clock.now().getUTCMonth(), clock.now().getUTCDate() - 100 + i, 10));
      const c = await createCase(t, 'officer@demo.test', { harmCategories: ['ncii'], occurredAt: opened.toISOString(), reason: IMPORTED });
      if (closeAfterDays !== null) {
        await fireOk(t, 'officer@demo.test', c.id, c.version, 'close', { outcome: 'remediated' }, { occurredAt: new Date(opened.getTime() + closeAfterDays * 86_400_000).toISOString(), reason: IMPORTED });
      }
    }
    browser = await launchBrowser();
    ({ context, page } = await newVisitor(browser, t.baseUrl));
    await signIn(page, 'analyst@demo.test');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t.close();
  });

  it('shows an analyst the figures, charts with text alternatives, and filters', async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Enforcement timelines');
    await expectAccessible(page, 'reports enforcement timelines');
    for (const id of ['durations-chart', 'survival-chart', 'monthly-chart']) {
      const chart = page.locator(`svg#${id}`);
      expect(await chart.getAttribute('role')).toBe('img');
      expect((await page.locator(`#${id}-desc`).textContent())?.length).toBeGreaterThan(20);
    }
    const endToEnd = page.getByRole('row', { name: /^End to end/ }).first();
    // Finished 10, 20, 30, 40: median 25; KM: 6 at risk; S = 5/6, 4/6, 3/6 (exactly half at 30) → midpoint 35.
    expect((await endToEnd.allTextContents()).join(' ').replace(/\s+/g, ' ')).toContain('End to end 6 4 2 25 37 35');

    await page.getByLabel('Group by').selectOption('outcome');
    await page.getByRole('button', { name: 'Update report' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('table', { name: 'remediated' }).count()).toBe(1);
    await expectAccessible(page, 'reports enforcement timelines grouped by outcome');
  });

  it('saves the report on the page under a name, lists it, and opens it again with the same figures', async () => {
    await page.goto(`/reports/enforcement-timelines?asOf=${asOf}&harmCategories=ncii`);
    const hash = await page.locator('.report-hash').textContent();
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter a name for the report');
    await expectAccessible(page, 'reports save without a name');
    await page.getByLabel('Save this report as').fill('NCII for the committee');
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Report saved: NCII for the committee');
    const row = page.getByRole('row', { name: /NCII for the committee/ });
    expect((await row.allTextContents()).join(' ')).toContain(hash?.slice(0, 12));
    await expectAccessible(page, 'reports with a saved report');
    await page.goto('/reports/enforcement-timelines');
    await page.getByRole('link', { name: 'NCII for the committee', exact: true }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.report-hash').textContent()).toBe(hash);
  });

  it('prints a committee pack that answers the question first, with definitions and the snapshot hash', async () => {
    const api = await t.http().get(`/api/v1/reports/enforcement-timelines?asOf=${asOf}&harmCategories=ncii`).set('Authorization', `Bearer ${await t.token('analyst@demo.test')}`);
    await page.goto(`/reports/enforcement-timelines/committee-pack?asOf=${asOf}`);
    const first = await page.locator('main p').first().textContent();
    expect(first).toContain(`As of ${asOfDate}, enforcement in intimate image abuse (NCII) cases takes about 5 weeks (a median of 35 calendar days`);
    const text = await page.locator('main').textContent();
    expect(text).toContain(api.body.snapshotHash);
    expect(text).toContain('Definitions (version');
    expect(text).toContain('Kaplan–Meier');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('svg[role="img"]').count()).toBe(3);
    await expectAccessible(page, 'reports committee pack');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'reports committee pack print');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  });
});
