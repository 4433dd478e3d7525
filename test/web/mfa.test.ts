import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { errorSummaryMessages, fillSignIn, heading, pathOf, signIn, signOut, successBanner } from '../support/web-pages.js';

/** The code an authenticator app holding this secret shows at the server's (test) time. */
async function codeAt(t: TestApp, secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });
}

/** The key for manual entry, as the enrolment page shows it (grouped in fours). */
async function shownSecret(page: Page): Promise<string> {
  return (await page.locator('#mfa-secret').innerText()).replace(/\s+/g, '');
}

async function enterCode(page: Page, label: string, code: string, button: string): Promise<void> {
  await page.getByLabel(label).fill(code);
  await page.getByRole('button', { name: button }).click();
  await page.waitForLoadState('load');
}

describe('authenticator app (TOTP) in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sets up an authenticator app, then asks for its code at the next sign-in', async () => {
    const { context, page } = await newVisitor(browser, t.baseUrl);
    await signIn(page, 'analyst@demo.test');
    await page.getByRole('link', { name: 'Set up an authenticator app' }).click();
    expect(pathOf(page)).toBe('/account/mfa');
    expect(await heading(page)).toBe('Set up your authenticator app');
    const qrCode = await page.locator('img.app-qr-code').getAttribute('src');
    expect(qrCode).toMatch(/^data:image\/(png|svg\+xml);base64,/);
    const secret = await shownSecret(page);
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expectAccessible(page, 'mfa enrolment');

    await enterCode(page, 'Code from your authenticator app', '000000' === (await codeAt(t, secret)) ? '111111' : '000000', 'Confirm and turn on');
    expect(await errorSummaryMessages(page)).toEqual(['The code does not match. Check the time on your device and enter the code your app shows now']);
    expect(await shownSecret(page)).toBe(secret);
    expect(await page.locator('img.app-qr-code').getAttribute('src')).toBe(qrCode);
    await expectAccessible(page, 'mfa enrolment wrong code');

    await enterCode(page, 'Code from your authenticator app', await codeAt(t, secret), 'Confirm and turn on');
    expect(pathOf(page)).toBe('/dashboard');
    expect(await successBanner(page)).toBe('Your authenticator app is set up');
    expect(await page.locator('main').innerText()).toContain('Set up');
    await signOut(page);

    // A later time step: a code is accepted only once.
    t.clock.advance(60_000);
    await fillSignIn(page, 'analyst@demo.test');
    expect(pathOf(page)).toBe('/sign-in/code');
    expect(await heading(page)).toBe('Enter the code from your authenticator app');
    expect(await page.getByRole('navigation', { name: 'Menu' }).count()).toBe(0);
    await expectAccessible(page, 'sign-in code');

    // The password alone opens nothing else.
    await page.goto('/dashboard');
    expect(pathOf(page)).toBe('/sign-in/code?next=%2Fdashboard');

    await enterCode(page, 'Enter the code from your authenticator app', '12345', 'Continue');
    expect(await errorSummaryMessages(page)).toEqual(['The code must be 6 numbers']);
    await expectAccessible(page, 'sign-in code error');

    await enterCode(page, 'Enter the code from your authenticator app', await codeAt(t, secret), 'Continue');
    expect(pathOf(page)).toBe('/dashboard');
    expect(await heading(page)).toBe('Ana Analyst');
    await context.close();
  });

  it('makes a user whose role requires it set up an app before anything else', async () => {
    const admin = await newVisitor(browser, t.baseUrl);
    await signIn(admin.page, 'admin@demo.test');
    await admin.page.goto('/admin/role-policies');
    await expectAccessible(admin.page, 'role policies');
    await admin.page.getByLabel('Case officer').check();
    await admin.page.getByRole('button', { name: 'Save role policies' }).click();
    await admin.page.waitForLoadState('load');
    expect(await successBanner(admin.page)).toBe('Role policies saved');
    expect(await admin.page.getByLabel('Case officer').isChecked()).toBe(true);
    await admin.context.close();

    const { context, page } = await newVisitor(browser, t.baseUrl);
    await page.goto('/dashboard');
    await fillSignIn(page, 'officer@demo.test');
    expect(pathOf(page)).toBe('/account/mfa?next=%2Fdashboard');
    expect(await page.locator('.govuk-inset-text').innerText()).toContain('Your role needs a code from an authenticator app');
    await page.goto('/admin/users');
    expect(pathOf(page)).toBe('/account/mfa?next=%2Fadmin%2Fusers');
    await page.goto('/dashboard');
    const secret = await shownSecret(page);
    await enterCode(page, 'Code from your authenticator app', await codeAt(t, secret), 'Confirm and turn on');
    expect(pathOf(page)).toBe('/dashboard');
    expect(await heading(page)).toBe('Olu Officer');
    await context.close();
  });
});
