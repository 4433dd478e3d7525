import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ROLES, type Role } from '@app/core';
import { demoUserFor, DEMO_ORGANISATIONS } from '@app/identity';
import { bootTestApp, type TestApp } from '@app/testing';
import { ROLE_NAMES } from '@app/web';
import { expectAccessible, launchBrowser, newVisitor, visit } from '../support/browser.js';
import { errorSummaryMessages, fillSignIn, heading, pathOf, signIn, signOut, successBanner } from '../support/web-pages.js';

describe('signing in and out in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a start page in GOV.UK style that leads to signing in', async () => {
    const { context, page } = await newVisitor(browser, t.baseUrl);
    const response = await visit(page, '/', 'start page');
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Online safety enforcement');
    expect(await page.locator('html').getAttribute('lang')).toBe('en-GB');
    expect(await page.locator('a.govuk-skip-link').getAttribute('href')).toBe('#main-content');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await heading(page)).toBe('Sign in');
    expect(await page.title()).toBe('Sign in – Online safety enforcement');
    await expectAccessible(page, 'sign-in page');
    await context.close();
  });

  it('explains what is missing or wrong, with an error summary linked to the fields', async () => {
    const { context, page } = await newVisitor(browser, t.baseUrl);
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.title()).toBe('Error: Sign in – Online safety enforcement');
    expect(await errorSummaryMessages(page)).toEqual(['Enter your email address', 'Enter your password']);
    expect(await page.locator('.govuk-error-summary a').first().getAttribute('href')).toBe('#email');
    await expectAccessible(page, 'sign-in errors');

    await fillSignIn(page, 'admin@demo.test', 'not-the-password');
    expect(await errorSummaryMessages(page)).toEqual(['Enter a correct email address and password']);
    expect(await page.getByLabel('Email address').inputValue()).toBe('admin@demo.test');
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await expectAccessible(page, 'sign-in wrong password');
    await context.close();
  });

  for (const role of ROLES) {
    const user = demoUserFor(role as Role);
    it(`signs ${user.email} (${role}) in to their dashboard and out again`, async () => {
      const { context, page } = await newVisitor(browser, t.baseUrl);
      await signIn(page, user.email);
      expect(pathOf(page)).toBe('/dashboard');
      expect(await heading(page)).toBe(user.name);
      const main = await page.locator('main').innerText();
      expect(main).toContain(user.email);
      expect(main).toContain(DEMO_ORGANISATIONS[user.organisation].name);
      expect(main).toContain(ROLE_NAMES[role]);
      const nav = await page.getByRole('navigation', { name: 'Menu' }).innerText();
      expect(nav.includes('Users')).toBe(role === 'admin');
      expect(nav.includes('API keys')).toBe(['admin', 'provider', 'complainant_body'].includes(role));
      await expectAccessible(page, `dashboard ${role}`);

      await signOut(page);
      expect(pathOf(page)).toBe('/sign-in');
      expect(await successBanner(page)).toBe('You have signed out');
      await expectAccessible(page, 'signed out');
      await page.goto('/dashboard');
      expect(pathOf(page)).toBe('/sign-in?next=%2Fdashboard');
      await context.close();
    });
  }

  it('works without JavaScript: errors, signing in, a form, signing out', async () => {
    const { context, page } = await newVisitor(browser, t.baseUrl, { javaScriptEnabled: false });
    // axe-core runs as page script, so this visitor is not checked by it: the same pages are, with JavaScript.
    await page.goto('/sign-in');
    expect(await page.locator('body').getAttribute('class')).toBe('govuk-template__body');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await errorSummaryMessages(page)).toEqual(['Enter your email address', 'Enter your password']);
    await fillSignIn(page, 'admin@demo.test');
    expect(pathOf(page)).toBe('/dashboard');
    await page.goto('/admin/role-policies');
    await page.getByLabel('Analyst').check();
    await page.getByRole('button', { name: 'Save role policies' }).click();
    await page.waitForLoadState('load');
    expect(await successBanner(page)).toBe('Role policies saved');
    await page.getByLabel('Analyst').uncheck();
    await page.getByRole('button', { name: 'Save role policies' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByLabel('Analyst').isChecked()).toBe(false);
    await signOut(page);
    expect(await successBanner(page)).toBe('You have signed out');
    await context.close();
  });

  it('sends someone who is not signed in to sign in, then back to the page they wanted', async () => {
    const { context, page } = await newVisitor(browser, t.baseUrl);
    const response = await page.goto('/admin/role-policies');
    expect(response?.request().redirectedFrom()?.url()).toBe(`${t.baseUrl}/admin/role-policies`);
    expect(pathOf(page)).toBe('/sign-in?next=%2Fadmin%2Frole-policies');
    await fillSignIn(page, 'admin@demo.test');
    expect(pathOf(page)).toBe('/admin/role-policies');
    expect(await heading(page)).toBe('Role policies');
    await context.close();
  });

  it('never follows a sign-in link to another site', async () => {
    const { context, page } = await newVisitor(browser, t.baseUrl);
    await page.goto(`/sign-in?next=${encodeURIComponent('//evil.example/phish')}`);
    await fillSignIn(page, 'analyst@demo.test');
    expect(pathOf(page)).toBe('/dashboard');
    await context.close();
  });

  it('shows GOV.UK error pages: page not found, and no access for a role', async () => {
    const { context, page } = await newVisitor(browser, t.baseUrl);
    const missing = await visit(page, '/no-such-page', 'page not found');
    expect(missing?.status()).toBe(404);
    expect(await heading(page)).toBe('Page not found');
    expect(await page.title()).toBe('Page not found – Online safety enforcement');

    await signIn(page, 'officer@demo.test');
    const forbidden = await visit(page, '/admin/users', 'no access');
    expect(forbidden?.status()).toBe(403);
    expect(await heading(page)).toBe('You do not have access');
    const badId = await page.goto('/admin/users/not-an-id');
    expect(badId?.status()).toBe(403);
    await context.close();
  });

  it('serves GOV.UK Frontend from this service with cache headers, and no inline script', async () => {
    const { context, page } = await newVisitor(browser, t.baseUrl);
    const origins = new Set<string>();
    page.on('request', (request) => void origins.add(new URL(request.url()).origin));
    await page.goto('/sign-in');
    await page.waitForLoadState('networkidle');
    expect([...origins]).toEqual([t.baseUrl]);
    expect(await page.locator('body').getAttribute('class')).toBe('govuk-template__body js-enabled govuk-frontend-supported');
    expect(await page.locator('script:not([src])').count()).toBe(0);
    const css = await fetch(`${t.baseUrl}${await page.locator('link[rel=stylesheet]').first().getAttribute('href')}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const font = await fetch(`${t.baseUrl}/assets/fonts/bold-b542beb274-v2.woff2`);
    expect(font.headers.get('cache-control')).toContain('immutable');
    const page404 = await fetch(`${t.baseUrl}/assets/govuk/index.scss`);
    expect(page404.status).toBe(404);
    await context.close();
  });
});
