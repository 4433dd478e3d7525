import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@app/core';
import { navigationFor } from './navigation.js';
import { createViewEngine } from './view-engine.js';
import { webPaths } from './web-paths.js';
import { problemPageFor } from './problem-pages.js';

const { views } = webPaths();
const hbs = createViewEngine(views);

function pageTemplates(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? pageTemplates(path) : entry.name.endsWith('.hbs') ? [path] : [];
  });
}

const render = (page: string, data: Record<string, unknown>): string =>
  hbs.compile(readFileSync(join(views, 'pages', `${page}.hbs`), 'utf8'))({ serviceName: 'Online safety enforcement', csrfToken: 'tok', assetVersion: '1', ...data });

const hostile = '<script>alert("x")</script>';
const principal: Principal = {
  kind: 'user',
  id: 'u',
  organisationId: 'o',
  organisationKind: 'regulator',
  roles: ['admin'],
  email: 'ada@example.test',
  name: hostile,
  via: 'session',
};

describe('page templates', () => {
  it('all compile, with every partial they name registered', () => {
    const pages = pageTemplates(join(views, 'pages'));
    expect(pages.length).toBeGreaterThan(10);
    for (const file of pages) {
      expect(() => hbs.compile(readFileSync(file, 'utf8'), { strict: false })({ principal, navigation: [], errors: {}, errorList: [] })).not.toThrow();
      expect(relative(views, file)).toMatch(/^pages\//);
    }
  });

  it('escape what people typed, in the layout and in forms', () => {
    const html = render('sign-in/index', {
      principal,
      navigation: navigationFor(principal, '/sign-in'),
      values: { email: `"><img src=x onerror=alert(1)>` },
      errors: { email: hostile },
      errorList: [{ href: '#email', message: hostile }],
    });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('value="&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;"');
  });

  it('put the CSRF token in every form that posts, and mark errors in the title', () => {
    const html = render('sign-in/index', { values: {}, errors: { email: 'Enter your email address' }, errorList: [{ href: '#email', message: 'Enter your email address' }] });
    expect(html).toContain('<title>Error: Sign in – Online safety enforcement</title>');
    expect(html).toContain('<input type="hidden" name="_csrf" value="tok">');
    expect(html).toContain('aria-describedby="email-error"');
    for (const file of pageTemplates(join(views, 'pages'))) {
      const source = readFileSync(file, 'utf8');
      const posts = (source.match(/<form[^>]*method="post"/g) ?? []).length;
      const tokens = (source.match(/\{\{> csrf-field\}\}/g) ?? []).length;
      expect({ file: relative(views, file), posts, tokens: Math.min(tokens, posts) }).toEqual({ file: relative(views, file), posts, tokens: posts });
    }
  });
});

describe('error pages', () => {
  const problem = (status: number, code: string) => ({ type: '/x', title: 't', detail: 'd', status, code }) as Parameters<typeof problemPageFor>[0];

  it('pick the GOV.UK page for each kind of problem', () => {
    expect(problemPageFor(problem(404, 'ROUTE_NOT_FOUND')).title).toBe('Page not found');
    expect(problemPageFor(problem(400, 'INVALID_ID')).title).toBe('Page not found');
    expect(problemPageFor(problem(403, 'FORBIDDEN_ROLE')).title).toBe('You do not have access');
    expect(problemPageFor(problem(403, 'CSRF_INVALID')).title).toBe('Sorry, this form has expired');
    expect(problemPageFor(problem(429, 'RATE_LIMITED')).title).toBe('Sorry, there have been too many attempts');
    expect(problemPageFor(problem(500, 'INTERNAL_ERROR')).title).toBe('Sorry, there is a problem with the service');
    expect(problemPageFor(problem(409, 'CONFLICT')).title).toBe('Sorry, there is a problem with your request');
  });

  it('show a 5xx without its detail, only the reference to quote', () => {
    const html = render('errors/service-problem', { title: 'Sorry, there is a problem with the service', problem: { detail: 'TypeError at secret.ts:12', requestId: 'req-123' } });
    expect(html).not.toContain('secret.ts');
    expect(html).toContain('req-123');
  });
});
