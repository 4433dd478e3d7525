import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor, visit } from '../support/browser.js';
import { errorSummaryMessages, fillSignIn, heading, pathOf, signIn, signOut, successBanner } from '../support/web-pages.js';

async function press(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForLoadState('load');
}

/** Opens a user's page from the users list. */
async function openUser(page: Page, name: string): Promise<void> {
  await page.goto('/admin/users');
  await page.getByRole('link', { name, exact: true }).click();
  await page.waitForLoadState('load');
}

describe('administration pages', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: Page;
  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
    admin = (await newVisitor(browser, t.baseUrl)).page;
    await signIn(admin, 'admin@demo.test');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists users and organisations, counted on the dashboard', async () => {
    await visit(admin, '/dashboard', 'dashboard');
    expect(await admin.locator('main').innerText()).toContain('There are 9 users in 5 organisations.');
    await visit(admin, '/admin/users', 'admin users');
    expect(await admin.locator('table tbody tr').count()).toBe(9);
    expect(await admin.locator('table').innerText()).toContain('Priya Provider\tprovider@demo.test\tDemo Platform Ltd');
    await visit(admin, '/admin/organisations', 'admin organisations');
    expect(await admin.locator('table tbody tr').count()).toBe(5);
  });

  it('adds an organisation, and explains a missing kind or a taken name', async () => {
    await admin.goto('/admin/organisations');
    await press(admin, 'Add organisation');
    expect(await errorSummaryMessages(admin)).toEqual(['Enter the name of the organisation', 'Select the kind of organisation']);
    await expectAccessible(admin, 'admin organisations errors');

    await admin.getByLabel('Name').fill('Example Video Sharing Ltd');
    await admin.getByLabel('Service provider').check();
    await press(admin, 'Add organisation');
    expect(await successBanner(admin)).toBe('Example Video Sharing Ltd added');
    expect(await admin.locator('table').innerText()).toContain('Example Video Sharing Ltd');

    await admin.getByLabel('Name').fill('example video sharing ltd');
    await admin.getByLabel('Eligible entity').check();
    await press(admin, 'Add organisation');
    expect((await errorSummaryMessages(admin))[0]).toContain('already exists');
  });

  it('invites a user, who chooses a password and signs in', async () => {
    await admin.goto('/admin/users');
    await admin.getByRole('button', { name: 'Invite a user' }).click();
    expect(await heading(admin)).toBe('Invite a user');
    await press(admin, 'Send invitation');
    expect(await errorSummaryMessages(admin)).toEqual(['Enter their full name', 'Enter their email address', 'Select their organisation', 'Select at least one role']);
    await expectAccessible(admin, 'invite user errors');

    await admin.getByLabel('Full name').fill('Vera Video');
    await admin.getByLabel('Email address').fill('vera@example-video.test');
    await admin.getByLabel('Organisation').selectOption({ label: 'Example Video Sharing Ltd' });
    await admin.getByLabel('Case officer').check();
    await press(admin, 'Send invitation');
    expect(await errorSummaryMessages(admin)).toHaveLength(1);
    expect((await errorSummaryMessages(admin))[0]).toContain('can hold only provider');
    expect(await admin.getByLabel('Full name').inputValue()).toBe('Vera Video');

    await admin.getByLabel('Case officer').uncheck();
    await admin.getByLabel('Service provider').check();
    await press(admin, 'Send invitation');
    expect(await heading(admin)).toBe('Invitation created');
    await expectAccessible(admin, 'invitation created');
    const link = new URL((await admin.locator('#invitation-link').innerText()).trim());

    const { context, page } = await newVisitor(browser, t.baseUrl);
    await visit(page, `${link.pathname}${link.search}`, 'accept invitation');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Confirm password').fill('different');
    await press(page, 'Create account');
    expect(await errorSummaryMessages(page)).toEqual(['The passwords do not match']);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Confirm password').fill('short');
    await press(page, 'Create account');
    expect((await errorSummaryMessages(page))[0]).toMatch(/12/);
    await expectAccessible(page, 'accept invitation errors');
    await page.getByLabel('Password', { exact: true }).fill('a long and memorable passphrase');
    await page.getByLabel('Confirm password').fill('a long and memorable passphrase');
    await press(page, 'Create account');
    expect(pathOf(page)).toBe('/sign-in');
    expect(await successBanner(page)).toBe('Your account is ready');
    await fillSignIn(page, 'vera@example-video.test', 'a long and memorable passphrase');
    expect(await heading(page)).toBe('Vera Video');
    expect(await page.locator('main').innerText()).toContain('Example Video Sharing Ltd');

    await page.goto(`${link.pathname}${link.search}`);
    await page.getByLabel('Password', { exact: true }).fill('another long passphrase');
    await page.getByLabel('Confirm password').fill('another long passphrase');
    await press(page, 'Create account');
    expect(await heading(page)).toBe('This invitation link does not work');
    await context.close();
  });

  it("changes a user's roles, and disables and enables their account", async () => {
    await openUser(admin, 'Dev Decider');
    expect(await heading(admin)).toBe('Dev Decider');
    await expectAccessible(admin, 'admin user');
    await admin.getByLabel('Decision maker').uncheck();
    await press(admin, 'Save roles');
    expect(await errorSummaryMessages(admin)).toEqual(['Select at least one role']);
    await expectAccessible(admin, 'admin user roles error');
    await admin.getByLabel('Decision maker').check();
    await admin.getByLabel('Analyst').check();
    await press(admin, 'Save roles');
    expect(await successBanner(admin)).toBe('Roles of Dev Decider saved');
    expect(await admin.getByLabel('Analyst').isChecked()).toBe(true);

    await openUser(admin, 'Ada Admin');
    await press(admin, 'Disable account');
    expect((await errorSummaryMessages(admin))[0]).toContain('last active admin');

    await openUser(admin, 'Ben Body');
    await press(admin, 'Disable account');
    expect(await successBanner(admin)).toBe('Account of Ben Body disabled');
    expect(await admin.locator('main').innerText()).toContain('cannot sign in');
    const { context, page } = await newVisitor(browser, t.baseUrl);
    await signIn(page, 'body2@demo.test');
    expect(await errorSummaryMessages(page)).toEqual(['Enter a correct email address and password']);
    await press(admin, 'Enable account');
    expect(await successBanner(admin)).toBe('Account of Ben Body enabled');
    await fillSignIn(page, 'body2@demo.test');
    expect(await heading(page)).toBe('Ben Body');
    await context.close();
  });

  it('resets the authenticator app of a user who has one', async () => {
    const res = await t.http().post('/api/v1/me/mfa/enrolment').set('Authorization', `Bearer ${await t.token('decision_maker', { fresh: true })}`);
    expect(res.status).toBeLessThan(300);
    const { generate } = await import('otplib');
    const code = await generate({ secret: res.body.secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });
    const confirmed = await t.http().post('/api/v1/me/mfa/enrolment/confirm').set('Authorization', `Bearer ${await t.token('decision_maker')}`).send({ code });
    expect(confirmed.status).toBeLessThan(300);

    await openUser(admin, 'Dev Decider');
    expect(await admin.locator('main').innerText()).toContain('Authenticator app\tSet up');
    await press(admin, 'Reset authenticator app');
    expect(await successBanner(admin)).toBe('Authenticator app of Dev Decider reset');
    expect(await admin.locator('main').innerText()).toContain('Authenticator app\tNot set up');
  });

  it('issues an API key shown once, which works for the API until it is revoked', async () => {
    await visit(admin, '/account/api-keys', 'api keys choose organisation');
    await admin.getByLabel('Organisation').selectOption({ label: 'Demo Platform Ltd' });
    await press(admin, 'Show API keys');
    expect(await admin.locator('main').innerText()).toContain('Demo Platform Ltd has no API keys yet.');
    await press(admin, 'Create API key');
    expect(await errorSummaryMessages(admin)).toEqual(['Enter a name for the key']);
    await expectAccessible(admin, 'api keys error');
    await admin.getByLabel('Name of the key').fill('Trust and safety tool');
    await press(admin, 'Create API key');
    expect(await heading(admin)).toBe('API key created');
    await expectAccessible(admin, 'api key created');
    const key = (await admin.locator('#new-api-key').innerText()).trim();
    expect(key).toMatch(/^osa_[0-9a-f]{8}_/);

    const asKey = await fetch(`${t.baseUrl}/api/v1/api-keys`, { headers: { Authorization: `Bearer ${key}` } });
    expect(asKey.status).toBe(200);

    // The provider's own user sees the key, never its secret, and revokes it.
    const { context, page } = await newVisitor(browser, t.baseUrl);
    await signIn(page, 'provider@demo.test');
    await page.getByRole('link', { name: 'API keys' }).first().click();
    await page.waitForLoadState('load');
    await expectAccessible(page, 'api keys provider');
    const listed = await page.locator('main').innerText();
    expect(listed).toContain('Trust and safety tool');
    expect(listed).not.toContain(key);
    expect(await page.getByLabel('Organisation').count()).toBe(0);
    await page.getByRole('button', { name: 'Revoke Trust and safety tool' }).click();
    await page.waitForLoadState('load');
    expect(await successBanner(page)).toBe('API key "Trust and safety tool" revoked');
    const afterRevoke = await fetch(`${t.baseUrl}/api/v1/api-keys`, { headers: { Authorization: `Bearer ${key}` } });
    expect(afterRevoke.status).toBe(401);
    await signOut(page);
    await context.close();
  });
});
