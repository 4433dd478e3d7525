import type { Principal } from '@app/core';
import type { ResolvedSession } from '../sessions/session.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the identity context's global guard when the request is authenticated. */
    principal?: Principal;
    /** The browser session the request carried, when it resolved (also while MFA is still pending). */
    identitySession?: ResolvedSession;
  }
}
