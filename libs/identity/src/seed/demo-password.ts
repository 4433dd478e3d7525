import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@app/platform';
import { DEMO_USERS } from './demo-users.js';

export interface DemoPassword {
  password: string;
  /** DEMO_PASSWORD, the file kept from an earlier start, or generated now. */
  source: 'environment' | 'file' | 'generated';
  file?: string;
}

/**
 * The demo users' password: DEMO_PASSWORD when set; otherwise one generated on the first start and
 * kept in `${dataDir}/demo-password` (readable by the owner only), so later starts print the same one.
 */
export function resolveDemoPassword(config: Pick<AppConfig, 'demoPassword' | 'dataDir'>): DemoPassword {
  if (config.demoPassword) return { password: config.demoPassword, source: 'environment' };
  const file = join(config.dataDir, 'demo-password');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept) return { password: kept, source: 'file', file };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const password = randomBytes(12).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { password, source: 'generated', file };
}

/** The lines `npm start` prints so that someone can sign in to the demo. */
export function demoUsersBanner(demo: DemoPassword): string[] {
  const width = Math.max(...DEMO_USERS.map((u) => u.email.length));
  const password =
    demo.source === 'environment' ? 'the value of DEMO_PASSWORD' : `${demo.password}   (kept in ${demo.file}; set DEMO_PASSWORD to choose your own)`;
  return [
    '',
    'Demo users (created in an empty database; SEED_DEMO=false to skip):',
    ...DEMO_USERS.map((u) => `  ${u.email.padEnd(width)}  ${u.role}`),
    `  password: ${password}`,
    '',
  ];
}
