import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import supertest from 'supertest';
import { Clock, SettableClock } from '@app/core';
import { configureApp, createFastifyAdapter, type AppConfig } from '@app/platform';
import { configureWeb, renderProblemPage } from '@app/web';
import { AppModule } from '../../apps/server/src/app.module.js';
import { tokenCache } from './auth.js';
import { createTestDatabase, dropTestDatabase } from './database.js';

export const TEST_SECRETS = {
  sessionSecret: 'test-session-secret-0123456789abcdef0123456789',
  jwtSecret: 'test-jwt-secret-0123456789abcdef0123456789abcd',
  masterKey: Buffer.alloc(32, 7),
};

export function testConfig(databaseUrl: string, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    nodeEnv: 'test',
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    databasePoolSize: 5,
    dataDir: '/tmp/osa-test-data',
    smtpUrl: undefined,
    demoPassword: 'demo-password-for-tests',
    seedDemo: true,
    ...TEST_SECRETS,
    accessTokenTtlSeconds: 900,
    sessionTtlSeconds: 3600,
    bodyLimitBytes: 1_048_576,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    cookieSecure: false,
    trustProxy: false,
    publicBaseUrl: 'http://localhost',
    runJobs: false,
    ...overrides,
  };
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  clock: SettableClock;
  databaseUrl: string;
  /** supertest bound to the running server. */
  http: () => supertest.Agent;
  /** Base URL of the server listening on loopback (for browsers and raw clients). */
  baseUrl: string;
  /**
   * An access token of a demo user, by email ('provider2@demo.test') or role ('case_officer' →
   * officer@demo.test), signed in through POST /api/v1/auth/token once and cached while it lives.
   * `{ fresh: true }` signs in again (after the user's roles changed, say).
   */
  token(emailOrRole: string, options?: { fresh?: boolean }): Promise<string>;
  /** Every route the server registered, as 'METHOD /path' (HEAD routes left out): for the access matrix. */
  routes: string[];
  close(): Promise<void>;
}

/**
 * Boots the whole application once per suite against its own fresh database; `databaseUrl` boots a
 * second process on another suite's database instead (left in place on close).
 */
export async function bootTestApp(options: { overrides?: Partial<AppConfig>; clock?: SettableClock; databaseUrl?: string } = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const config = testConfig(databaseUrl, options.overrides);
  const clock = options.clock ?? new SettableClock(new Date());
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config), { logger: false });
  const routes: string[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
    });
  await configureApp(app, config, renderProblemPage);
  await configureWeb(app, config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    config,
    clock,
    databaseUrl,
    baseUrl,
    http: () => supertest.agent(baseUrl),
    token: tokenCache(baseUrl, clock),
    routes,
    close: async () => {
      await app.close();
      if (!options.databaseUrl) await dropTestDatabase(databaseUrl);
    },
  };
}
