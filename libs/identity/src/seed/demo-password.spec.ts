import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoUsersBanner, resolveDemoPassword } from './demo-password.js';

describe('the demo password printed by npm start', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'osa-demo-')), 'data');
  afterAll(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('is generated once, kept readable by the owner only, and the same at the next start', () => {
    const first = resolveDemoPassword({ demoPassword: undefined, dataDir });
    expect(first.source).toBe('generated');
    expect(first.password.length).toBeGreaterThanOrEqual(16);
    expect(statSync(join(dataDir, 'demo-password')).mode & 0o777).toBe(0o600);
    const second = resolveDemoPassword({ demoPassword: undefined, dataDir });
    expect(second).toEqual({ password: first.password, source: 'file', file: join(dataDir, 'demo-password') });
  });

  it('is DEMO_PASSWORD when that is set, and then is not printed', () => {
    const demo = resolveDemoPassword({ demoPassword: 'chosen-by-me-123', dataDir });
    expect(demo).toEqual({ password: 'chosen-by-me-123', source: 'environment' });
    expect(demoUsersBanner(demo).join('\n')).not.toContain('chosen-by-me-123');
  });

  it('is printed with every demo email', () => {
    const banner = demoUsersBanner(resolveDemoPassword({ demoPassword: undefined, dataDir })).join('\n');
    for (const email of ['admin@demo.test', 'officer2@demo.test', 'provider2@demo.test', 'body2@demo.test']) expect(banner).toContain(email);
    expect(banner).toMatch(/password: \S{16}/);
  });
});
