import type supertest from 'supertest';
import { TEST_DEMO_PASSWORD, type TestApp } from '@app/testing';

/** A browser-like client for page tests: signed in through the sign-in form, keeping its cookies. */
export interface PageSession {
  agent: supertest.Agent;
  get(path: string): Promise<supertest.Response>;
  /** Posts a form the way a browser does: urlencoded, with the CSRF token of a page this session opened. */
  post(path: string, fields: Record<string, string | string[]>): Promise<supertest.Response>;
}

const csrfOf = (html: string): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('the page has no CSRF field');
  return token;
};

export async function signInWithForm(t: TestApp, email: string): Promise<PageSession> {
  const agent = t.http();
  const form = await agent.get('/sign-in');
  let token = csrfOf(form.text);
  const res = await agent.post('/sign-in').type('form').send({ email, password: TEST_DEMO_PASSWORD, _csrf: token });
  if (res.status !== 303 || res.headers.location !== '/dashboard') throw new Error(`signing in ${email} through the form answered ${res.status} ${res.headers.location ?? ''}`);
  const dashboard = await agent.get('/dashboard');
  token = csrfOf(dashboard.text);
  return {
    agent,
    get: (path) => agent.get(path).redirects(0),
    post: (path, fields) => agent.post(path).type('form').redirects(0).send({ ...fields, _csrf: token }),
  };
}

/** The hidden version field of a case event form. */
export function versionIn(html: string): string {
  const version = /name="version" value="(\d+)"/.exec(html)?.[1];
  if (!version) throw new Error('the form has no version field');
  return version;
}

/** The error summary's messages on a page. */
export function errorSummaryOf(html: string): string[] {
  const summary = /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...summary.matchAll(/<li>\s*([\s\S]*?)\s*<\/li>/g)].map((m) => decode((m[1] as string).replace(/<[^>]+>/g, '').trim()));
}

/** Text as a person reads it: tags dropped, entities decoded, spaces collapsed. */
export function textOf(html: string): string {
  return decode(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

/** HTML with its character references decoded (attribute values as a browser reads them). */
export function decode(text: string): string {
  return text
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
