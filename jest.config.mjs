const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

// ESM-only packages that CommonJS dependencies require(): Node 20.19+ allows that natively, Jest
// before Node 24.9 does not, so Jest compiles them to CommonJS.
const esmRequiredFromCjs = ['content-disposition'];
const swcToCjs = ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }];

const libs = ['core', 'platform', 'audit', 'attachments', 'identity', 'privacy', 'web', 'deadlines', 'notifications', 'jobs', 'cases', 'documents', 'penalties', 'registry', 'intake', 'triage', 'casework-ui', 'demo', 'reporting', 'super-complaints', 'provider-portal', 'publication', 'programmes', 'disruption'];

/** @type {import('jest').Config} */
export default {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': swc,
    [`node_modules/(${esmRequiredFromCjs.join('|')})/.+\\.js$`]: swcToCjs,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmRequiredFromCjs.join('|')})/)`],
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((lib) => [`^@app/${lib}$`, `<rootDir>/libs/${lib}/src/index.ts`])),
    '^@app/testing$': '<rootDir>/test/support/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/support/setup-env.mjs'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
