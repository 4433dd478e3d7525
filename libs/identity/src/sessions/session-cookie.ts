import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '@app/platform';

/** Name of the browser session cookie: signed by @fastify/cookie with config.sessionSecret. */
export const SESSION_COOKIE = 'osa_session';

const cookieOptions = (config: AppConfig) => ({
  signed: true,
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: config.cookieSecure,
  path: '/',
});

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, config: AppConfig): void {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(config), expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, config: AppConfig): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}

/** The session token from a request's cookie, if present and its signature holds. */
export function readSessionCookie(request: FastifyRequest): string | undefined {
  const raw = request.cookies?.[SESSION_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

export function hasSessionCookie(request: FastifyRequest): boolean {
  return Boolean(request.cookies?.[SESSION_COOKIE]);
}
