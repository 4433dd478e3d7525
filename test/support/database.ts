import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '@app/platform';
import { ALL_MIGRATIONS } from '../../migrations/index.js';

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_ADMIN_URL;
  if (!url) throw new Error('TEST_DATABASE_ADMIN_URL is not set: run the tests through `npm test` (Jest globalSetup starts PostgreSQL)');
  return url;
}

export function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The migrated template's name changes whenever the list of migrations does. */
function templateName(): string {
  const names = ALL_MIGRATIONS.map((m) => m.name).join(',');
  return `osa_tpl_${createHash('sha256').update(names).digest('hex').slice(0, 12)}`;
}

/** A fresh, fully migrated database for one test file (cloned from a template in ~50 ms). */
export async function createTestDatabase(): Promise<string> {
  const template = templateName();
  const database = `osa_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (client) => {
    await client.query('SELECT pg_advisory_lock(4242)');
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount === 0) {
        await client.query(`CREATE DATABASE ${template}_building`);
        await runMigrations(urlFor(`${template}_building`));
        await client.query(`ALTER DATABASE ${template}_building RENAME TO ${template}`);
      }
      await client.query(`CREATE DATABASE ${database} TEMPLATE ${template}`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(4242)');
    }
  });
  return urlFor(database);
}

/** An empty database with no migrations applied (for migration tests). */
export async function createEmptyDatabase(): Promise<string> {
  const database = `osa_e_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${database}`));
  return urlFor(database);
}

export async function dropTestDatabase(url: string): Promise<void> {
  const database = new URL(url).pathname.slice(1);
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
}
