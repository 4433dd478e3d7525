import type { FastifyReply, FastifyRequest } from 'fastify';

/** A one-time success message shown in a GOV.UK notification banner on the next page. */
export interface Flash {
  heading: string;
  body?: string;
}

export const FLASH_COOKIE = 'osa_flash';
const MAX_TEXT = 300;

export interface FlashCookieOptions {
  secure: boolean;
}

/** Stores the message in a signed, httpOnly cookie until the next page is rendered. */
export function setFlash(reply: FastifyReply, flash: Flash, options: FlashCookieOptions): void {
  const value: Flash = { heading: flash.heading.slice(0, MAX_TEXT), ...(flash.body ? { body: flash.body.slice(0, MAX_TEXT) } : {}) };
  reply.setCookie(FLASH_COOKIE, Buffer.from(JSON.stringify(value), 'utf8').toString('base64url'), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    signed: true,
    maxAge: 300,
  });
}

/** Reads and clears the message; a tampered or malformed cookie is ignored. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply, options: FlashCookieOptions): Flash | undefined {
  const raw = request.cookies?.[FLASH_COOKIE];
  if (!raw) return undefined;
  reply.clearCookie(FLASH_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secure, signed: true });
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as Partial<Flash>;
    if (typeof parsed.heading !== 'string') return undefined;
    return { heading: parsed.heading, ...(typeof parsed.body === 'string' ? { body: parsed.body } : {}) };
  } catch {
    return undefined;
  }
}
