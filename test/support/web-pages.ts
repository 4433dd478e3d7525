import type { Page } from 'playwright-core';

/** The password of every demo user in tests (test/support/app.ts). */
export const DEMO_PASSWORD = 'demo-password-for-tests';

/** Fills in and sends the sign-in form of the page the browser is on. */
export async function fillSignIn(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

/** Opens the sign-in page and signs in. */
export async function signIn(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await fillSignIn(page, email, password);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForLoadState('load');
}

/** The text of the page's main heading, as a person reads it. */
export async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').first().innerText()).trim();
}

/** The path (and query) the browser is on. */
export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

/** The error summary's messages, in order ([] when the page has none). */
export async function errorSummaryMessages(page: Page): Promise<string[]> {
  return (await page.locator('.govuk-error-summary__list li').allInnerTexts()).map((t) => t.trim());
}

/** The success banner's heading, or undefined. */
export async function successBanner(page: Page): Promise<string | undefined> {
  const banner = page.locator('.govuk-notification-banner--success .govuk-notification-banner__heading');
  return (await banner.count()) > 0 ? (await banner.innerText()).trim() : undefined;
}
