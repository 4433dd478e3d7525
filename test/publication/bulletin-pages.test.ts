import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_CASES, DemoCaseSeeder } from '@app/demo';
import { PublicationDemoSeeder } from '@app/publication';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { errorSummaryMessages, heading, pathOf, signIn, signOut, successBanner } from '../support/web-pages.js';

/** Booting the app and Chromium, seeding, and axe on every page take long on a busy 2-core machine. */
const SLOW = 180_000;

/** The parts of the browser's XML DOM the feed check reads (the project's TypeScript has no DOM library). */
interface XmlElement {
  namespaceURI: string | null;
  localName: string;
  textContent: string | null;
  children: ArrayLike<XmlElement> & Iterable<XmlElement>;
  getAttribute(name: string): string | null;
  getElementsByTagNameNS(ns: string, name: string): ArrayLike<XmlElement> & Iterable<XmlElement>;
}
interface XmlDocument {
  documentElement: XmlElement;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
  getElementsByTagNameNS(ns: string, name: string): ArrayLike<XmlElement> & Iterable<XmlElement>;
}

/** Passages the demo drafts mark confidential: removed from everything published. */
const DEMO_CONFIDENTIAL = ['£240,000 a year', 'HL-2024-1187', 'card ending 4471', 'Annex A: UK visit figures', 'merchant identifiers', 'detection systems supplied in confidence'];
const OFFICER_SECRET = 'OFFICER-SECRET-3141 source in the provider';

/**
 * A visitor with no account reads the bulletin, follows a case to its decisions, and the Atom feed
 * parses as Atom; an officer drafts an update with a confidential passage and a decision maker
 * approves it. Every page is checked with axe in Chromium.
 */
describe('the public enforcement bulletin in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let visitor: { context: BrowserContext; page: Page };
  let staff: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
    await t.app.get(DemoCaseSeeder).seed();
    expect(await t.app.get(PublicationDemoSeeder).seed()).toEqual({ published: 3 });
    visitor = await newVisitor(browser, t.baseUrl);
    staff = await newVisitor(browser, t.baseUrl);
    visitor.page.setDefaultTimeout(10_000);
    staff.page.setDefaultTimeout(10_000);
  }, SLOW);
  afterAll(async () => {
    await visitor?.context.close();
    await staff?.context.close();
    await browser?.close();
    await t?.close();
  });

  it('publishes the demo entries once, without their confidential passages', async () => {
    expect(await t.app.get(PublicationDemoSeeder).seed()).toEqual({ published: 0 });
    const list = await t.http().get('/api/v1/public/cases');
    expect(list.body.items.map((i: { title: string }) => i.title).sort()).toEqual(
      [...DEMO_CASES.filter((c) => ['c1', 'c9'].includes(c.key)).map((c) => c.title), 'Known child sexual abuse material shared through file-sharing links'].sort(),
    );
    const anonymised = list.body.items.find((i: { anonymised: boolean }) => i.anonymised);
    expect(anonymised).toMatchObject({ provider: 'A file-sharing service', services: [] });
    const everything = [
      JSON.stringify(list.body),
      (await t.http().get('/api/v1/public/open-data/cases.csv')).text,
      (await t.http().get('/enforcement/feed.atom')).text,
      JSON.stringify((await t.http().get('/api/v1/public/open-data/cases.json')).body),
    ].join('\n');
    for (const secret of [...DEMO_CONFIDENTIAL, 'Demo Platform Ltd', 'DemoDrop', 'Morgan Hale', 'provider@demo.test']) expect(everything).not.toContain(secret);
  });

  it('lets a visitor with no account filter the list, read a case with its dated updates and open a non-confidential decision', async () => {
    const { page } = visitor;
    await page.goto('/enforcement');
    expect(await heading(page)).toBe('Enforcement bulletin');
    await expectAccessible(page, 'bulletin list');
    expect(await page.locator('#enforcement-cases > li').count()).toBe(3);

    await page.getByLabel('Harm').selectOption('children_access_pornography');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForLoadState('load');
    await expectAccessible(page, 'bulletin list filtered');
    expect(await page.locator('#enforcement-cases > li').count()).toBe(2);

    const title = DEMO_CASES.find((c) => c.key === 'c1')?.title as string;
    await page.getByRole('link', { name: title }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe(title);
    await expectAccessible(page, 'bulletin case');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Copperfield Adult Media Ltd');
    expect(text).toContain('£1,050,000');
    expect(text).toContain('[redacted]');
    for (const secret of DEMO_CONFIDENTIAL) expect(text).not.toContain(secret);
    expect(await page.locator('#updates > li').count()).toBe(4);

    await page.locator('#decisions a').first().click();
    await page.waitForLoadState('load');
    await expectAccessible(page, 'bulletin decision');
    const decision = await page.locator('main').innerText();
    expect(decision).toContain('non-confidential version');
    expect(decision).toContain('[redacted]');
    for (const secret of DEMO_CONFIDENTIAL) expect(decision).not.toContain(secret);

    const missing = await page.goto('/enforcement/ENF-1999-999999');
    expect(missing?.status()).toBe(404);
  }, SLOW);

  it('serves an Atom 1.0 feed of the published updates that a browser parses as XML in the Atom namespace', async () => {
    const res = await t.http().get('/enforcement/feed.atom').buffer(true).parse((r, done) => {
      let data = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (data += chunk));
      r.on('end', () => done(null, data));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    // Runs in Chromium: its DOMParser is a real, namespace-aware XML parser.
    const parsed = await visitor.page.evaluate((xml: string) => {
      const { DOMParser } = globalThis as unknown as { DOMParser: new () => { parseFromString(text: string, type: string): XmlDocument } };
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const ATOM = 'http://www.w3.org/2005/Atom';
      const root = doc.documentElement;
      const entries = [...doc.getElementsByTagNameNS(ATOM, 'entry')];
      const child = (el: XmlElement, name: string) => el.getElementsByTagNameNS(ATOM, name)[0];
      return {
        error: doc.getElementsByTagName('parsererror').length > 0,
        namespace: root.namespaceURI,
        name: root.localName,
        feedId: child(root, 'id')?.textContent,
        self: [...root.children].find((c) => c.localName === 'link' && c.getAttribute('rel') === 'self')?.getAttribute('href'),
        entries: entries.map((e) => ({
          id: child(e, 'id')?.textContent ?? '',
          title: child(e, 'title')?.textContent ?? '',
          updated: child(e, 'updated')?.textContent ?? '',
          link: child(e, 'link')?.getAttribute('href') ?? '',
        })),
      };
    }, String(res.body));
    expect(parsed).toMatchObject({ error: false, namespace: 'http://www.w3.org/2005/Atom', name: 'feed', feedId: 'http://localhost/enforcement', self: 'http://localhost/enforcement/feed.atom' });
    const published = (await t.http().get('/api/v1/public/cases')).body.items as { updates: unknown[] }[];
    expect(parsed.entries).toHaveLength(published.reduce((n, i) => n + i.updates.length, 0));
    for (const entry of parsed.entries) {
      expect(entry.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
      expect(entry.link).toMatch(/^http:\/\/localhost\/enforcement\/ENF-\d{4}-\d{6}$/);
    }
    expect(new Set(parsed.entries.map((e) => e.id)).size).toBe(parsed.entries.length);
  });

  it('lets an officer draft an update with a confidential passage, which a decision maker approves and publishes without it', async () => {
    const { page } = staff;
    const title = DEMO_CASES.find((c) => c.key === 'c7')?.title as string;
    await signIn(page, 'officer@demo.test');
    await page.goto('/dashboard');
    await page.getByRole('main').getByRole('link', { name: 'Publication', exact: true }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Publication');
    await expectAccessible(page, 'publication queue');
    const reference = (await page.locator('#awaiting tr', { hasText: title }).locator('a').first().innerText()).trim();
    await page.locator('#awaiting tr', { hasText: title }).locator('a').first().click();
    await page.waitForLoadState('load');
    await expectAccessible(page, 'publication entry with a proposed draft');
    expect(await page.locator('#approval-blocked').innerText()).toContain('Only a decision maker');

    await page.getByRole('link', { name: 'Edit the draft' }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Draft the public entry');
    await expectAccessible(page, 'publication draft form');
    await page.getByLabel('Summary').fill('');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.waitForLoadState('load');
    expect(await errorSummaryMessages(page)).toContain('Enter a summary');
    await expectAccessible(page, 'publication draft form with errors');
    await page.getByLabel('Summary').fill(`Reported threads stayed up for weeks. [[confidential]]${OFFICER_SECRET}[[/confidential]] We are investigating.`);
    // The provisional notice was proposed wholly confidential: the officer writes what may go out.
    await page.locator('#decision-1-grounds').fill('Reported illegal hate content stayed up for weeks after the provider knew of it.');
    await page.locator('#decision-1-text').fill(`We provisionally found that the provider did not swiftly take down illegal content.\n[[confidential]]${OFFICER_SECRET}[[/confidential]]`);
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.waitForLoadState('load');
    expect(await errorSummaryMessages(page)).toEqual([]);
    expect(await successBanner(page)).toBe('Draft saved');
    const preview = await page.locator('#preview').innerText();
    expect(preview).toContain('Reported threads stayed up for weeks. [redacted] We are investigating.');
    expect(preview).not.toContain(OFFICER_SECRET);
    expect((await t.http().get(`/api/v1/public/cases/${reference}`)).status).toBe(404);

    await signOut(page);
    await signIn(page, 'decider@demo.test');
    await page.goto('/publication');
    await page.locator('#awaiting tr', { hasText: title }).locator('a').first().click();
    await page.waitForLoadState('load');
    await expectAccessible(page, 'publication entry ready to approve');
    await page.getByRole('button', { name: 'Approve and publish' }).click();
    await page.waitForLoadState('load');
    expect(pathOf(page)).toMatch(/^\/publication\/cases\//);
    expect(await successBanner(page)).toMatch(/^Version \d+ published$/);
    await expectAccessible(page, 'publication entry published');

    const published = await t.http().get(`/api/v1/public/cases/${reference}`);
    expect(published.status).toBe(200);
    expect(published.body.summary).toBe('Reported threads stayed up for weeks. [redacted] We are investigating.');
    expect(published.body.status).toBe('provisional_notice');
    await visitor.page.goto(`/enforcement/${reference}`);
    await expectAccessible(visitor.page, 'bulletin case approved in the browser');
    expect(await visitor.page.locator('main').innerText()).not.toContain(OFFICER_SECRET);
  }, SLOW);
});
