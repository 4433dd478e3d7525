import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';

const heading = (page: Page): Promise<string> => page.locator('h1').first().innerText();
const errors = (page: Page): Promise<string[]> => page.locator('.govuk-error-summary__list a').allInnerTexts();

describe('the public complaints form', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('asks one question per page, explains mistakes, checks answers and gives a reference, accessibly', async () => {
    const { context, page } = await newVisitor(browser, t.baseUrl);
    await page.goto('/complaints');
    expect(await heading(page)).toBe('Report a harmful website or app');
    await expectAccessible(page, 'complaints start');
    await page.getByRole('button', { name: 'Start now' }).click();

    expect(await heading(page)).toBe('What is the web address of the site or app?');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await errors(page)).toEqual(['Enter the web address of the site or app, like www.example.com']);
    await expectAccessible(page, 'complaints service error');
    await page.getByLabel('What is the web address of the site or app?').fill('https://user:pw@bad.example');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await errors(page)).toEqual(['Enter a web address in the correct format, like www.example.com']);
    await page.getByLabel('What is the web address of the site or app?').fill('www.Form-Site.example/watch/1');
    await page.getByRole('button', { name: 'Continue' }).click();

    expect(await heading(page)).toBe('What did you see?');
    await expectAccessible(page, 'complaints harm');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await errors(page)).toEqual(['Select what you saw']);
    await page.getByLabel('Intimate image abuse').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    expect(await heading(page)).toBe('Tell us what happened');
    await expectAccessible(page, 'complaints description');
    await page.getByLabel('Tell us what happened').fill(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(120, 3)]).toString('base64'));
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await errors(page)).toEqual(['Do not paste images or videos. Describe what you saw, or give a link to where it is.']);
    await page.getByLabel('Tell us what happened').fill('Private photos of my friend were posted and the site ignored our reports.');
    await page.getByRole('button', { name: 'Continue' }).click();

    expect(await heading(page)).toBe('When did you see it?');
    await expectAccessible(page, 'complaints when');
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await errors(page)).toEqual(['The date you saw it must be a real date, like 27 3 2026']);
    await page.getByLabel('Day').fill('3');
    await page.getByRole('button', { name: 'Continue' }).click();

    expect(await heading(page)).toBe('Links to where you saw it (optional)');
    await expectAccessible(page, 'complaints links');
    await page.getByLabel('Links to where you saw it (optional)').fill('https://form-site.example/watch/1\nform-site.example/watch/2');
    await page.getByRole('button', { name: 'Continue' }).click();

    expect(await heading(page)).toBe('Is a child likely to be affected?');
    await expectAccessible(page, 'complaints children');
    await page.getByLabel('No', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();

    expect(await heading(page)).toBe('Do you want us to contact you about your report?');
    await expectAccessible(page, 'complaints contact');
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await heading(page)).toBe('How can we contact you?');
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await errors(page)).toEqual(['Enter an email address in the correct format, like name@example.com']);
    await expectAccessible(page, 'complaints contact details error');
    await page.getByLabel('Your name (optional)').fill('Alex Friend');
    await page.getByLabel('Email address').fill('alex@example.net');
    await page.getByRole('button', { name: 'Continue' }).click();

    expect(await heading(page)).toBe('Check your answers before sending your report');
    await expectAccessible(page, 'complaints check answers');
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('www.Form-Site.example/watch/1');
    await page.getByRole('link', { name: 'Change whether a child is affected' }).click();
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await heading(page)).toBe('Check your answers before sending your report');
    await page.getByRole('button', { name: 'Send report' }).click();

    expect(await heading(page)).toBe('Report sent');
    await expectAccessible(page, 'complaints confirmation');
    const reference = (await page.locator('#reference').innerText()).trim();
    expect(reference).toMatch(/^INT-/);

    const db = t.app.get(DataSource);
    const [item] = await db.query(`SELECT * FROM intake_items WHERE reference = $1`, [reference]);
    expect(item).toMatchObject({ source: 'complaint', received_via: 'form', reported_domain: 'form-site.example', children_likely: true, harm_categories: ['ncii'] });
    expect(item.evidence).toHaveLength(2);
    expect(item.reporter_sealed).not.toContain('alex');
    expect((await db.query(`SELECT count(*)::int AS n FROM complaint_drafts`))[0].n).toBe(0);

    await page.getByRole('link', { name: 'Check the progress of your report' }).click();
    expect(await page.locator('#progress').innerText()).toContain('waiting to be assessed');
    await expectAccessible(page, 'complaints status');
    await context.close();
  }, 240_000);

  it('works without JavaScript', async () => {
    const context = await browser.newContext({ baseURL: t.baseUrl, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/complaints/service');
    await page.getByLabel('What is the web address of the site or app?').fill('nojs.example');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Fraud and financial services offences').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Tell us what happened').fill('A fake shop.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('I do not know').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('No, I want to stay anonymous').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Send report' }).click();
    expect(await heading(page)).toBe('Report sent');
    await context.close();
  }, 120_000);

  it('refuses file uploads on the form with an explanation', async () => {
    const res = await t.http().post('/complaints/description').attach('file', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'photo.jpg');
    expect(res.status).toBe(415);
    expect(res.text).toContain('never accept images or videos');
  });
});
