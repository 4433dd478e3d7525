import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, dropTestDatabase } from '@app/testing';

const root = new URL('../..', import.meta.url).pathname;

function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

async function waitForReady(port: number, output: () => string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become ready:\n${output()}`);
}

const exited = (child: ChildProcess): Promise<number | null> => new Promise((r) => child.once('exit', (code) => r(code)));

describe('npm start', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'osa-start-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('builds, starts an embedded PostgreSQL, serves health and docs, and stops gracefully', async () => {
    const port = 30_000 + Math.floor(Math.random() * 20_000);
    const { child, output } = startServer({ PORT: String(port), DATA_DIR: dataDir, DEMO_PASSWORD: 'demo-password-for-tests' });
    try {
      await waitForReady(port, output);
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
      const docs = await fetch(`http://127.0.0.1:${port}/api/docs-json`);
      expect(docs.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
  }, 240_000);

  it('uses DATABASE_URL when set', async () => {
    const databaseUrl = await createTestDatabase();
    const port = 30_000 + Math.floor(Math.random() * 20_000);
    const { child, output } = startServer({ PORT: String(port), DATABASE_URL: databaseUrl, DATA_DIR: dataDir, SEED_DEMO: 'false' });
    try {
      await waitForReady(port, output);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
    await dropTestDatabase(databaseUrl);
  }, 240_000);

  it('refuses to start in production without the required settings, naming them', async () => {
    const { child, output } = startServer({ NODE_ENV: 'production', DATABASE_URL: '', SEED_DEMO: 'true', DATA_DIR: dataDir });
    const code = await exited(child);
    expect(code).not.toBe(0);
    expect(output()).toMatch(/DATABASE_URL is required/);
    expect(output()).toMatch(/SEED_DEMO must be false/);
    expect(output()).toMatch(/MASTER_KEY is required/);
  }, 240_000);
});
