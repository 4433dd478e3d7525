import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { heading, signIn } from '../support/web-pages.js';

/** Organisation names as the admin page lists them. */
async function organisationNames(t: TestApp): Promise<string[]> {
  const res = await t.http().get('/api/v1/admin/organisations').set('Authorization', `Bearer ${await t.token('admin')}`);
  return (res.body.items as { name: string }[]).map((o) => o.name);
}

describe('forms refuse requests without a valid CSRF token', () => {
  let t: TestApp;
  let browser: Browser;
  let attacker: Server;
  let attackerUrl: string;
  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
    // Another origin (another port on loopback) serving a page whose form posts to the service.
    attacker = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!DOCTYPE html><html lang="en"><head><title>Win a prize</title></head><body>
        <form method="post" action="${t.baseUrl}/admin/organisations">
          <input type="hidden" name="name" value="Forged Organisation Ltd">
          <input type="hidden" name="kind" value="provider">
          <button type="submit">Claim your prize</button>
        </form></body></html>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const address = attacker.address();
    attackerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => attacker?.close(resolve));
    await browser?.close();
    await t?.close();
  });

  it('refuses a form another site makes a signed-in administrator send, with a GOV.UK error page', async () => {
    const { context, page } = await newVisitor(browser, t.baseUrl);
    await signIn(page, 'admin@demo.test');
    await page.goto(attackerUrl);
    const [response] = await Promise.all([page.waitForResponse(`${t.baseUrl}/admin/organisations`), page.getByRole('button', { name: 'Claim your prize' }).click()]);
    expect(response.status()).toBe(403);
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Sorry, this form has expired');
    await expectAccessible(page, 'form expired');
    expect(await organisationNames(t)).not.toContain('Forged Organisation Ltd');
    await context.close();
  });

  it('refuses a form post with no token or a wrong one (403 CSRF_INVALID), and accepts the page’s own token', async () => {
    const { context, page } = await newVisitor(browser, t.baseUrl);
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/organisations');
    const token = await page.locator('form[action="/admin/organisations"] input[name="_csrf"]').inputValue();
    expect(token.length).toBeGreaterThan(10);

    // The browser context's own request client: same cookies as the signed-in page.
    const post = (form: Record<string, string>, accept = 'application/json') =>
      context.request.post(`${t.baseUrl}/admin/organisations`, { form, headers: { Accept: accept }, maxRedirects: 0 });
    const missing = await post({ name: 'Missing Token Ltd', kind: 'provider' });
    expect(missing.status()).toBe(403);
    expect(await missing.json()).toMatchObject({ status: 403, code: 'CSRF_INVALID' });
    const wrong = await post({ name: 'Wrong Token Ltd', kind: 'provider', _csrf: `${token.slice(0, -4)}AAAA` });
    expect(wrong.status()).toBe(403);
    expect((await wrong.json()).code).toBe('CSRF_INVALID');
    const html = await post({ name: 'Wrong Token Ltd', kind: 'provider', _csrf: 'not-a-token' }, 'text/html');
    expect(html.status()).toBe(403);
    expect(await html.text()).toContain('Sorry, this form has expired');

    const valid = await post({ name: 'Proper Form Ltd', kind: 'provider', _csrf: token }, 'text/html');
    expect(valid.status()).toBe(303);
    expect(valid.headers().location).toBe('/admin/organisations');
    expect(await organisationNames(t)).toEqual(expect.arrayContaining(['Proper Form Ltd']));
    expect(await organisationNames(t)).not.toEqual(expect.arrayContaining(['Missing Token Ltd', 'Wrong Token Ltd']));
    await context.close();
  });

  it('protects the public sign-in form too', async () => {
    const res = await fetch(`${t.baseUrl}/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ email: 'admin@demo.test', password: 'demo-password-for-tests' }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('osa_session');
    expect(((await res.json()) as { code: string }).code).toBe('CSRF_INVALID');
  });

  it('refuses an unsafe JSON request carrying only the session cookie, but not an API client’s Bearer request', async () => {
    const { context, page } = await newVisitor(browser, t.baseUrl);
    await signIn(page, 'admin@demo.test');
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const body = JSON.stringify({ name: 'Cookie Only Ltd', kind: 'provider' });
    const withCookie = await fetch(`${t.baseUrl}/api/v1/admin/organisations`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body });
    expect(withCookie.status).toBe(403);
    expect(((await withCookie.json()) as { code: string }).code).toBe('CSRF_INVALID');

    const bearer = await fetch(`${t.baseUrl}/api/v1/admin/organisations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await t.token('admin')}` },
      body: JSON.stringify({ name: 'Bearer Client Ltd', kind: 'provider' }),
    });
    expect(bearer.status).toBe(201);
    await context.close();
  });
});
