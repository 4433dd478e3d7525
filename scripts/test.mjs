#!/usr/bin/env node
// `npm test`: installs missing system packages the tests need, type-checks, runs every Jest suite
// against a real PostgreSQL, and ends with the line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args, extraEnv = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, TZ: 'UTC', ...extraEnv } }).status ?? 1;

let passed = 0;
let failed = 0;

if (run('bash', [join(root, 'scripts/ensure-deps.sh')]) !== 0) {
  process.stdout.write('Could not install the system packages the tests need.\n0 passed, 1 failed\n');
  process.exit(1);
}

process.stdout.write('Type-checking...\n');
if (run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']) === 0) passed += 1;
else failed += 1;

mkdirSync(join(root, 'test-results'), { recursive: true });
const report = join(root, 'test-results/jest.json');
rmSync(report, { force: true });
const jestArgs = ['--experimental-vm-modules', join(root, 'node_modules/jest/bin/jest.js'), '--json', `--outputFile=${report}`, ...process.argv.slice(2)];
if (process.env.CI) jestArgs.push('--ci');
const jestStatus = run(process.execPath, jestArgs, { NODE_NO_WARNINGS: '1' });
countResults(report, jestStatus);

// The resilience suite (real server processes, faults, hostile input) at its CI size; a filtered run
// (`npm test -- <paths>`) leaves it out. `npm run test:resilience` runs it at full size.
if (process.argv.length <= 2) {
  process.stdout.write('\nResilience suite (RESILIENCE_SIZE=ci)...\n');
  const resilienceReport = join(root, 'test-results/resilience.json');
  rmSync(resilienceReport, { force: true });
  const resilienceArgs = ['--experimental-vm-modules', join(root, 'node_modules/jest/bin/jest.js'), '--config', join(root, 'jest.resilience.config.mjs'), '--json', `--outputFile=${resilienceReport}`];
  if (process.env.CI) resilienceArgs.push('--ci');
  const resilienceStatus = run(process.execPath, resilienceArgs, { NODE_NO_WARNINGS: '1', RESILIENCE_SIZE: process.env.RESILIENCE_SIZE || 'ci' });
  countResults(resilienceReport, resilienceStatus);
}

/** Adds a Jest JSON report's counts to the totals. */
function countResults(file, status) {
  if (!existsSync(file)) {
    failed += 1;
    return;
  }
  const results = JSON.parse(readFileSync(file, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that fails to load has no failed tests of its own: count it.
  failed += results.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
  if (status !== 0 && results.numFailedTests === 0 && results.numRuntimeErrorTestSuites === 0) failed += 1;
}

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
