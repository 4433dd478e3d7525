import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DocumentStore, LETTER_TEMPLATES, LETTER_TEMPLATE_NAMES, styleHashSources } from '@app/documents';
import { bootTestApp, tokenCache, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser } from '../support/browser.js';

describe('letter and notice pages', () => {
  let t: TestApp;
  let browser: Browser;
  let token: (role: string) => Promise<string>;

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
    token = tokenCache(t.baseUrl, t.clock);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it.each(LETTER_TEMPLATE_NAMES)('previews the %s with sample data, allowing its own stylesheet and nothing else', async (name) => {
    const res = await t.http().get(`/documents/preview/${name}`).auth(await token('case_officer'), { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain(`<title>${LETTER_TEMPLATES[name].title} OSA-2026-0042</title>`);
    expect(res.text).toContain('Preview with sample data.');
    const policy = String(res.headers['content-security-policy']);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`style-src ${styleHashSources(res.text)[0]}`);
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toMatch(/script-src/);
  });

  it('answers 404 for a template that does not exist, and 403 to people outside the regulator', async () => {
    const missing = await t.http().get('/documents/preview/eviction_notice').auth(await token('analyst'), { type: 'bearer' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('DOCUMENT_TEMPLATE_NOT_FOUND');
    const provider = await t.http().get('/documents/preview/warning_letter').auth(await token('provider'), { type: 'bearer' });
    expect(provider.status).toBe(403);
  });

  it('shows an issued document exactly as stored, for printing', async () => {
    const db = t.app.get(DataSource);
    const issued = await db.transaction((tx) =>
      t.app.get(DocumentStore).issue(tx, {
        caseId: randomUUID(),
        template: 'closure_letter',
        data: LETTER_TEMPLATES.closure_letter.sample,
        issuedBy: { id: null, label: 'system' },
      }),
    );
    const res = await t.http().get(`/documents/${issued.id}`).auth(await token('decision_maker'), { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.text).toBe(issued.html);
    expect(res.text).not.toContain('Preview with sample data');
  });

  it('lays a preview out as a letter on screen and as A4 with no banner in print, with no policy violation', async () => {
    const context = await browser.newContext({ baseURL: t.baseUrl, extraHTTPHeaders: { Authorization: `Bearer ${await token('case_officer')}` } });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused/.test(message.text())) refused.push(message.text());
    });
    try {
      await page.goto('/documents/preview/confirmation_decision');
      expect(await page.locator('h1').textContent()).toBe('Confirmation decision');
      // 16pt from the embedded stylesheet: proof that the policy let it apply.
      expect(await page.evaluate("getComputedStyle(document.querySelector('h1')).fontSize")).toBe('21.3333px');
      expect(await page.locator('.preview-banner').isVisible()).toBe(true);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.preview-banner').isVisible()).toBe(false);
      expect(await page.evaluate("getComputedStyle(document.querySelector('.sheet')).boxShadow")).toBe('none');
      const pdf = await page.pdf({ preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(refused).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lists every template with a link to its preview, on an accessible page', async () => {
    const context = await browser.newContext({ baseURL: t.baseUrl, extraHTTPHeaders: { Authorization: `Bearer ${await token('analyst')}` } });
    const page = await context.newPage();
    try {
      const response = await page.goto('/documents/templates');
      expect(response?.status()).toBe(200);
      await expectAccessible(page, 'letter and notice templates');
      for (const name of LETTER_TEMPLATE_NAMES) {
        expect(await page.locator(`a[href="/documents/preview/${name}"]`).count()).toBe(1);
      }
      await page.locator('a[href="/documents/preview/provisional_notice"]').click();
      await page.waitForURL('**/documents/preview/provisional_notice');
      expect(await page.locator('h1').textContent()).toBe('Provisional notice of contravention');
      await expectAccessible(page, 'provisional notice preview');
    } finally {
      await context.close();
    }
  });
});
