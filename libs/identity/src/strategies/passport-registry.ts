import type { FastifyReply, FastifyRequest } from 'fastify';
import passport from 'passport';

/**
 * This application's own passport registry. passport's default registry is one per process, so two
 * applications in one process (tests booting a second server) would otherwise run each other's
 * strategies, bound to the other's database.
 */
export const PASSPORT = Symbol('PASSPORT');
export type PassportRegistry = passport.Authenticator;

export const passportRegistryProvider = { provide: PASSPORT, useFactory: (): PassportRegistry => new passport.Passport() };

/**
 * Runs one strategy over a request, as @nestjs/passport's AuthGuard does, without sessions.
 * Resolves to what the strategy's validate() returned, or false when it found no usable credentials;
 * rejects with what validate() threw.
 */
export function runStrategy(registry: PassportRegistry, strategy: string, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const middleware = registry.authenticate(strategy, { session: false }, (error: unknown, user: unknown) =>
      error ? reject(error) : resolve(user ?? false),
    ) as (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
    middleware(request, reply, (error) => (error ? reject(error) : resolve(false)));
  });
}
