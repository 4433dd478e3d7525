// `npm run test:resilience`: real API and worker processes, real PostgreSQL and SMTP, faults and hostile
// input (test/resilience). RESILIENCE_SIZE=ci runs smaller loads (what `npm test` does).
import base from './jest.config.mjs';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/test/resilience/**/*.resilience.ts'],
  // Build copies and data directories (bench, local runs) hold other package.json files.
  modulePathIgnorePatterns: ['<rootDir>/.data/', '<rootDir>/dist/'],
  globalSetup: '<rootDir>/test/resilience/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/resilience/support/global-teardown.mjs',
  testTimeout: 600_000,
  // Each file starts several server processes: one file at a time on a 2-core machine.
  maxWorkers: 1,
};
