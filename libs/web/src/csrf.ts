import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@app/core';

/** The hidden form field (and header alternatives) @fastify/csrf-protection reads the token from. */
export const CSRF_FIELD = '_csrf';
/** Cookie holding the per-browser CSRF secret (signed, httpOnly). */
export const CSRF_COOKIE = 'osa_csrf';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export interface CsrfRequestFacts {
  method: string;
  authorization: string | undefined;
  contentType: string | undefined;
  hasSessionCookie: boolean;
}

/**
 * Which requests must carry a CSRF token: unsafe methods sent by a browser, i.e. authenticated by the
 * session cookie or posted as an HTML form (the public sign-in form included). A request with a Bearer
 * header is an API client's: a cross-site page cannot set that header, so it is not subject to it.
 */
export function requiresCsrfToken(facts: CsrfRequestFacts): boolean {
  if (!UNSAFE_METHODS.has(facts.method.toUpperCase())) return false;
  if (/^bearer\s/i.test(facts.authorization ?? '')) return false;
  const type = (facts.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return facts.hasSessionCookie || FORM_TYPES.includes(type);
}

/** Asks @fastify/csrf-protection whether the request's token matches this browser's secret. */
function tokenIsValid(fastify: FastifyInstance, request: FastifyRequest, reply: FastifyReply): boolean {
  let valid = false;
  // The plugin's checker answers through reply.send(error) or next(); capture the verdict instead,
  // so that a refusal becomes this service's CSRF_INVALID problem rather than the plugin's own error.
  const probe = Object.create(reply, { send: { value: () => probe } }) as FastifyReply;
  fastify.csrfProtection(request, probe, () => {
    valid = true;
  });
  return valid;
}

/**
 * A preHandler hook (runs after the body is parsed, before any controller or guard): refuses an unsafe
 * browser request without a valid token with 403 CSRF_INVALID, and removes the token field from the
 * body so form DTOs never see it.
 */
export function csrfHook(fastify: FastifyInstance, sessionCookieName: string) {
  // Synchronous (a callback hook, not an async one): most requests are reads and leave at once.
  return (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
    const facts: CsrfRequestFacts = {
      method: request.method,
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      hasSessionCookie: Boolean(request.cookies?.[sessionCookieName]),
    };
    if (!requiresCsrfToken(facts)) return done();
    if (!tokenIsValid(fastify, request, reply)) {
      return done(
        new DomainError(
          'CSRF_INVALID',
          'This form has expired or was not sent from this service. Go back, reload the page and try again.',
        ),
      );
    }
    const body = request.body as Record<string, unknown> | null | undefined;
    if (body && typeof body === 'object' && CSRF_FIELD in body) delete body[CSRF_FIELD];
    done();
  };
}
