import csrfProtection from '@fastify/csrf-protection';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@app/platform';
import { SESSION_COOKIE } from '@app/identity';
import { CSRF_COOKIE, csrfHook } from './csrf.js';
import { createViewEngine } from './view-engine.js';
import { webPaths } from './web-paths.js';

const DAY = 86_400;
const YEAR = 365 * DAY;

/** @fastify/static 10 hands setHeaders the Fastify reply. */
type HeaderSetter = { header(name: string, value: string): unknown };
const cacheFor = (seconds: number, immutable = false) => (reply: HeaderSetter) =>
  reply.header('Cache-Control', `public, max-age=${seconds}${immutable ? ', immutable' : ''}`);

/**
 * Everything the pages need from Fastify, in one place for the server and the tests: the Handlebars
 * view engine over apps/server/views, static assets (GOV.UK Frontend and the service's own) served
 * locally under /assets/, and CSRF protection of every browser form. Call after configureApp (which
 * registers the signed-cookie plugin).
 */
export async function configureWeb(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const paths = webPaths();
  const fastify = app.getHttpAdapter().getInstance();

  await app.register(fastifyView as never, {
    engine: { handlebars: createViewEngine(paths.views) },
    templates: paths.views,
    // Compiled templates are cached; partials and layouts are registered once at start-up.
    production: true,
  } as never);

  const staticDefaults = { index: false, list: false, dotfiles: 'deny', cacheControl: false, etag: true, lastModified: true, wildcard: true };
  // Fonts carry a content hash in their names; images and the manifest change only with the package.
  await app.register(fastifyStatic as never, {
    ...staticDefaults,
    root: `${paths.govukFrontend}/assets`,
    prefix: '/assets/',
    setHeaders: (reply: HeaderSetter, path: string) => (path.includes('/fonts/') ? cacheFor(YEAR, true)(reply) : cacheFor(DAY)(reply)),
  } as never);
  // Pages link these with ?v=<govuk-frontend version>, so a day's caching is safe across upgrades.
  await app.register(fastifyStatic as never, {
    ...staticDefaults,
    root: paths.govukFrontend,
    prefix: '/assets/govuk/',
    decorateReply: false,
    allowedPath: (pathName: string) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(pathName),
    setHeaders: cacheFor(DAY),
  } as never);
  await app.register(fastifyStatic as never, {
    ...staticDefaults,
    root: paths.publicFiles,
    prefix: '/assets/app/',
    decorateReply: false,
    setHeaders: cacheFor(3600),
  } as never);

  await app.register(csrfProtection as never, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure: config.cookieSecure },
  } as never);
  fastify.addHook('preHandler', csrfHook(fastify, SESSION_COOKIE));
}
