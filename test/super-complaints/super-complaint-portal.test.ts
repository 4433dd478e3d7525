import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { errorSummaryMessages, heading, pathOf, signIn, signOut, successBanner } from '../support/web-pages.js';

const DAY = 86_400_000;
const SURVEY_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
type FileValue = { name: string; mimeType: string; buffer: Buffer };

/**
 * Issue 6 in a real browser: an eligible entity drafts and files a super-complaint, an officer finds
 * it eligible and asks for information, the entity answers, the officer publishes the response, and
 * the entity and the public read it. Every page is checked with axe.
 */
describe('an eligible entity files a super-complaint through the portal and reads the response', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let complaintPath = '';

  const submit = async (name: string): Promise<void> => {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForLoadState('load');
  };

  /** Fills a step's form: text, a choice, `true` to tick a box, or a file to choose. */
  const step = async (name: string, fill: Record<string, string | boolean | FileValue>): Promise<void> => {
    await page.locator('summary', { hasText: name }).click();
    const form = page.locator('form', { has: page.getByRole('button', { name, exact: true }) });
    for (const [label, value] of Object.entries(fill)) {
      const field = form.getByLabel(label, { exact: true });
      if (value === true) await field.check();
      else if (typeof value === 'object') await field.setInputFiles(value);
      else if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value as string);
      else await field.fill(value as string);
    }
    await form.getByRole('button', { name, exact: true }).click();
    await page.waitForLoadState('load');
    const problems = await errorSummaryMessages(page);
    if (problems.length > 0) throw new Error(`${name} was refused: ${problems.join(' | ')}`);
    expect(await successBanner(page)).toBe(`${name}: done`);
  };

  /** Signs in afresh: moving the test clock by days ends browser sessions, as it would in life. */
  const signInAs = async (email: string): Promise<void> => {
    await context.clearCookies();
    await signIn(page, email);
    expect(pathOf(page)).toBe('/dashboard');
  };

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
    ({ context, page } = await newVisitor(browser, t.baseUrl));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('saves a draft, then refuses to file it until it is complete, naming what is missing', async () => {
    await signIn(page, 'body@demo.test');
    await page.getByRole('link', { name: 'Super-complaints' }).first().click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Super-complaints');
    await expectAccessible(page, 'super-complaints entity list empty');
    await page.getByRole('button', { name: 'Make a super-complaint' }).click();
    await page.waitForLoadState('load');
    await expectAccessible(page, 'super-complaint new form');
    await page.getByLabel('Title').fill('Default public profiles expose children');
    await page.getByLabel('Summary').fill('Children are shown to adult strangers by default.');
    await submit('Save as draft');
    expect(await successBanner(page)).toBe('Draft saved');
    expect(pathOf(page)).toMatch(/^\/super-complaints\/[0-9a-f-]{36}\/edit$/);
    await submit('File the super-complaint');
    const problems = await errorSummaryMessages(page);
    expect(problems).toEqual(expect.arrayContaining(['Enter the harm and its evidence to file the super-complaint', 'Enter what you ask the regulator to do to file the super-complaint']));
    await expectAccessible(page, 'super-complaint incomplete');
  });

  it('refuses an image as evidence beside the file input, keeping what was typed', async () => {
    await page.getByLabel('The feature or conduct').fill('Default public profiles for under-16s');
    await page.getByLabel('Add documents (optional)').setInputFiles({ name: 'profile.png', mimeType: 'image/png', buffer: PNG });
    await submit('Save as draft');
    expect(await errorSummaryMessages(page)).toEqual([expect.stringContaining('images and videos are never accepted')]);
    expect(await page.getByLabel('The feature or conduct').inputValue()).toBe('Default public profiles for under-16s');
    await expectAccessible(page, 'super-complaint image refused');
  });

  it('files the completed draft with a PDF, and shows the document and the eligibility date with its explanation', async () => {
    await page.getByLabel('Web addresses of the services').fill('https://social.example');
    await page.getByLabel('children harmful content').check();
    await page.getByLabel('The harm and its evidence').fill('A survey of 2,000 parents found 1 in 5 children contacted by strangers within a week.');
    await page.getByLabel('What you ask us to do').fill('Require private-by-default profiles for under-16s.');
    await page.getByLabel('Add documents (optional)').setInputFiles({ name: 'parent-survey.pdf', mimeType: 'application/pdf', buffer: SURVEY_PDF });
    await submit('File the super-complaint');
    expect(await successBanner(page)).toBe('Super-complaint filed');
    expect(await page.locator('#status').innerText()).toBe('Received');
    expect(await page.locator('main').innerText()).toContain('Decision on the eligibility of the super-complaint');
    expect(await page.locator('#documents').innerText()).toContain('parent-survey.pdf (application/pdf');
    complaintPath = pathOf(page);
    await expectAccessible(page, 'super-complaint filed');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'parent-survey.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('parent-survey.pdf');
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream()) as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(SURVEY_PDF)).toBe(true);
  });

  it('lets an officer find it eligible and ask for information, stopping the clock', async () => {
    await signInAs('officer@demo.test');
    await page.goto(complaintPath);
    await expectAccessible(page, 'super-complaint officer view');
    await step('Find eligible', { Reasons: 'The coalition meets every eligibility criterion.' });
    t.clock.advance(4 * DAY);
    await signInAs('officer@demo.test');
    await page.goto(complaintPath);
    await step('Request information', { 'What information you need': 'Please send the survey questionnaire.' });
    expect(await page.locator('#status').innerText()).toBe('Information requested');
    expect(await page.locator('main').innerText()).toContain('(clock stopped)');
  });

  it('lets the entity answer the information request and message the officers', async () => {
    t.clock.advance(6 * DAY);
    await signInAs('body@demo.test');
    await page.goto(complaintPath);
    expect(await page.locator('#information-request').innerText()).toBe('Please send the survey questionnaire.');
    await expectAccessible(page, 'super-complaint information requested');
    await step('Provide the information requested', {
      'The information': 'The questionnaire had 12 questions; the counts are in our report.',
      'Documents (optional)': { name: 'questionnaire.txt', mimeType: 'text/plain', buffer: Buffer.from('1. How old is your child?\n2. Has a stranger contacted them?\n') },
    });
    expect(await page.locator('#status').innerText()).toBe('Assessment');
    expect(await page.locator('#documents').innerText()).toContain('questionnaire.txt (text/plain');
    await page.locator('summary', { hasText: 'How this date was worked out' }).last().click();
    expect(await page.locator('main').innerText()).toMatch(/Clock restarted .*6 days stopped/);
    await page.getByLabel('Send a message').fill('We can meet to discuss the findings.');
    await submit('Send message');
    expect(await successBanner(page)).toBe('Message sent');
    expect(await page.locator('#messages ~ .app-message').first().innerText()).toContain('We can meet to discuss the findings.');
  });

  it('publishes the response, opening the enforcement case in the same step; the entity and the public can read it', async () => {
    await signInAs('decider@demo.test');
    await page.goto(complaintPath);
    await step('Publish the response', {
      Outcome: 'enforcement_action_opened',
      'The response, as published': 'We have opened enforcement action about default settings for children.',
      'Summary for the public list': 'Enforcement action opened on default settings for children.',
      'Open an enforcement case for each service named': true,
    });
    const caseReference = (await page.locator('#enforcement-cases li').first().innerText()).trim();
    expect(caseReference).toMatch(/\d{4}/);
    await page.locator('#enforcement-cases a').first().click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').innerText()).toContain('https://social.example');
    await signInAs('body@demo.test');
    await page.goto(complaintPath);
    expect(await page.locator('#status').innerText()).toBe('Response published');
    expect(await page.locator('main').innerText()).toContain('We have opened enforcement action about default settings for children.');
    expect(await page.locator('#enforcement-cases').innerText()).toBe(caseReference);
    expect(await page.locator('#enforcement-cases a').count()).toBe(0);
    await expectAccessible(page, 'super-complaint response for the entity');
    await signOut(page);
    await page.goto('/super-complaints/published');
    await expectAccessible(page, 'super-complaints published list');
    await page.getByRole('link', { name: 'Default public profiles expose children' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').innerText()).toContain('Enforcement action opened on default settings for children.');
    await expectAccessible(page, 'super-complaint published response');
  });

  it("shows another entity's super-complaint page and its documents as not found", async () => {
    await signInAs('body@demo.test');
    await page.goto(complaintPath);
    const documentPath = await page.getByRole('link', { name: 'parent-survey.pdf' }).getAttribute('href');
    expect(documentPath).toMatch(/^\/super-complaints\/[0-9a-f-]{36}\/attachments\/[0-9a-f-]{36}$/);
    await signInAs('body2@demo.test');
    const res = await page.goto(complaintPath);
    expect(res?.status()).toBe(404);
    const document = await page.request.get(documentPath as string);
    expect(document.status()).toBe(404);
  });
});
