import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

/** Everything the process reads from its environment, validated once at start-up. */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** Unset: an embedded PostgreSQL is started with its data under dataDir. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dataDir: string;
  /** Unset: mail stays in the outbox and shows in the in-app mail viewer. */
  smtpUrl: string | undefined;
  demoPassword: string | undefined;
  seedDemo: boolean;
  sessionSecret: string;
  jwtSecret: string;
  /** 32-byte key that wraps the per-subject data keys (envelope encryption). */
  masterKey: Buffer;
  accessTokenTtlSeconds: number;
  sessionTtlSeconds: number;
  bodyLimitBytes: number;
  logLevel: string;
  cookieSecure: boolean;
  trustProxy: boolean;
  publicBaseUrl: string;
  /** Whether this HTTP process also runs background jobs (true for a single-process install; false behind a load balancer with separate workers). */
  runJobs: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DEV_SECRET_NAMES = ['SESSION_SECRET', 'JWT_SECRET', 'MASTER_KEY'] as const;

/**
 * Outside production, secrets that are not set are generated once and kept in DATA_DIR, so that
 * sessions and encrypted personal data survive a restart. Production must set them.
 */
function devSecrets(dataDir: string): Record<(typeof DEV_SECRET_NAMES)[number], string> {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    MASTER_KEY: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnvRaw)) {
    problems.push(`NODE_ENV must be development, test or production (got "${nodeEnvRaw}")`);
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const production = nodeEnv === 'production';

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };

  const dataDir = resolve(env.DATA_DIR || './.data');
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const smtpUrl = url('SMTP_URL', ['smtp:', 'smtps:']);
  const seedDemo = bool('SEED_DEMO', !production);
  const port = int('PORT', 3000, 0, 65535);

  if (production) {
    if (!databaseUrl) problems.push('DATABASE_URL is required when NODE_ENV=production (the embedded database is for development only)');
    if (seedDemo) problems.push('SEED_DEMO must be false when NODE_ENV=production: demo users are never created in production');
    if (env.DEMO_PASSWORD) problems.push('DEMO_PASSWORD must not be set when NODE_ENV=production');
    for (const name of DEV_SECRET_NAMES) {
      if (!env[name]) problems.push(`${name} is required when NODE_ENV=production`);
    }
  }
  const secrets = production || DEV_SECRET_NAMES.every((n) => env[n]) ? undefined : devSecrets(dataDir);
  const secret = (name: (typeof DEV_SECRET_NAMES)[number]): string => env[name] || secrets?.[name] || '';

  for (const name of ['SESSION_SECRET', 'JWT_SECRET'] as const) {
    const value = secret(name);
    if (value && value.length < 32) problems.push(`${name} must be at least 32 characters`);
  }
  const masterKey = Buffer.from(secret('MASTER_KEY'), 'base64');
  if (secret('MASTER_KEY') && masterKey.length !== 32) {
    problems.push('MASTER_KEY must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)');
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv,
    port,
    host: env.HOST || (production ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl,
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 200),
    dataDir,
    smtpUrl,
    demoPassword: env.DEMO_PASSWORD || undefined,
    seedDemo,
    sessionSecret: secret('SESSION_SECRET'),
    jwtSecret: secret('JWT_SECRET'),
    masterKey,
    accessTokenTtlSeconds: int('ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86_400),
    sessionTtlSeconds: int('SESSION_TTL_SECONDS', 8 * 3600, 300, 30 * 86_400),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1_048_576, 1024, 50 * 1_048_576),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    cookieSecure: bool('COOKIE_SECURE', production),
    trustProxy: bool('TRUST_PROXY', false),
    publicBaseUrl: env.PUBLIC_BASE_URL || `http://localhost:${port}`,
    runJobs: bool('RUN_JOBS', nodeEnv !== 'test'),
  };
}

/** Nest injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** For entry points: a bad configuration prints every problem and exits 78 (EX_CONFIG). */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
