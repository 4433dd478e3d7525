import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SettableClock } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { launchBrowser, newVisitor } from '../support/browser.js';
import { signIn } from '../support/web-pages.js';

describe('debug', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date(Math.floor(Date.now() / 1000) * 1000));
  beforeAll(async () => { t = await bootTestApp({ clock }); });
  afterAll(async () => t.close());
  it('loads', async () => {
    const browser = await launchBrowser();
    const { page } = await newVisitor(browser, t.baseUrl, { javaScriptEnabled: false });
    await signIn(page, 'analyst@demo.test');
    console.log('after sign in', page.url(), (await page.locator('body').textContent())?.replace(/\s+/g, ' ').slice(0, 500));
    const started = Date.now();
    const res = await page.goto('/reports/enforcement-timelines', { timeout: 20000 }).catch((e) => String(e));
    console.log('goto', Date.now() - started, typeof res === 'string' ? res : res?.status(), page.url());
    await browser.close();
    expect(1).toBe(1);
  });
});
