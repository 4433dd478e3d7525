import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { errorSummaryMessages, heading, signIn, successBanner } from '../support/web-pages.js';

describe('an organisation applies to be an eligible entity and an officer recognises it, in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let reference = '';

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
    ({ context, page } = await newVisitor(browser, t.baseUrl));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('asks for evidence for each criterion, then takes the application', async () => {
    await page.goto('/eligible-entities/apply');
    await expectAccessible(page, 'eligible entity apply form');
    await page.getByLabel('Name of your organisation').fill('Survivors Online Network');
    await page.getByRole('button', { name: 'Send the application' }).click();
    await page.waitForLoadState('load');
    expect(await errorSummaryMessages(page)).toContain('Enter the name of the contact');
    await expectAccessible(page, 'eligible entity apply errors');
    await page.getByLabel('Contact name').fill('Jo Smith');
    await page.getByLabel('Contact email address').fill('jo@survivors.example');
    await page.getByLabel('What your organisation does').fill('Supports survivors of intimate image abuse.');
    await page.getByLabel('Represents the interests of users').fill('We represent 3,000 survivors.');
    await page.getByLabel('Is independent of the providers').fill('Funded by grants; no platform money.');
    await page.getByLabel('Makes a significant contribution').fill('We publish the annual survivors report.');
    await page.getByLabel("Has regard to the regulator's guidance").fill('We follow the guidance.');
    await page.getByRole('button', { name: 'Send the application' }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Application sent');
    reference = (await page.locator('#reference').innerText()).trim();
    expect(reference).toMatch(/^EE-\d{4}-\d{4}$/);
  });

  it('lets an officer assess the criteria as a checklist and record the decision', async () => {
    await signIn(page, 'officer@demo.test');
    await page.goto('/eligible-entities/applications');
    await expectAccessible(page, 'eligible entity applications');
    await page.getByRole('link', { name: reference }).click();
    await page.waitForLoadState('load');
    await expectAccessible(page, 'eligible entity application');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForLoadState('load');
    expect((await errorSummaryMessages(page)).length).toBe(5);
    for (const group of await page.locator('fieldset').all()) await group.getByLabel('Met', { exact: true }).check();
    await page.getByLabel('Reasons for the decision').fill('Meets every criterion.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForLoadState('load');
    expect(await successBanner(page)).toBe('Survivors Online Network recognised');
    expect(await page.locator('#status').innerText()).toBe('recognised');
    const mail = await t.app.get(DataSource).query(`SELECT subject FROM outbox_messages WHERE to_address = 'jo@survivors.example'`);
    expect(mail).toHaveLength(2);
  });
});
