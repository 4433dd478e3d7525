import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@app/core';
import '@app/identity';
import { navigationFor, type NavigationItem } from './navigation.js';
import { govukFrontendVersion } from './web-paths.js';

export const SERVICE_NAME = 'Online safety enforcement';

const ASSET_VERSION = govukFrontendVersion();

/** What the layout needs on every page, whoever renders it. */
export interface PageContext {
  serviceName: string;
  principal: Principal | undefined;
  /** Signed in with a password, the second factor still due: only the MFA pages and signing out. */
  mfaPending: boolean;
  navigation: NavigationItem[];
  csrfToken: string;
  currentPath: string;
  assetVersion: string;
}

export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  // Set by the identity context's guard, when it ran (not on errors raised before routing).
  const principal = request.principal;
  const mfaPending = request.identitySession?.mfaPending === true;
  const currentPath = request.url.split('?')[0] ?? '/';
  return {
    serviceName: SERVICE_NAME,
    principal,
    mfaPending,
    navigation: mfaPending ? [] : navigationFor(principal, currentPath),
    csrfToken: reply.generateCsrf(),
    currentPath,
    assetVersion: ASSET_VERSION,
  };
}

/**
 * Renders views/<template>.hbs with the page context. Pages carry personal data: never cached.
 */
export async function renderView(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown>,
  status = 200,
): Promise<FastifyReply> {
  const html = await reply.viewAsync(`${template}.hbs`, { ...pageContext(request, reply), ...data });
  return reply.status(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
}
