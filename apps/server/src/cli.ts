import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AuditLog } from '@app/audit';
import { loadConfigOrExit, runMigrations } from '@app/platform';
import { WorkerModule } from './worker.module.js';

process.env.TZ = 'UTC';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  migrate         apply pending database migrations
  audit verify    recompute every audit hash chain and anchor; exit 1 naming the first broken event
  audit anchor    record an anchor over every chain head
`;

/** Progress on a terminal: one line rewritten in place; plain lines when output is not a TTY. */
function progress(label: string): (n: number) => void {
  let last = 0;
  return (n) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    if (process.stderr.isTTY) process.stderr.write(`\r${label}: ${n.toLocaleString('en-GB')}`);
    else process.stderr.write(`${label}: ${n}\n`);
  };
}

async function main(argv: string[]): Promise<number> {
  const [group, action] = argv;
  const config = loadConfigOrExit();
  if (!config.databaseUrl) {
    process.stderr.write('Set DATABASE_URL to the database to work on.\n');
    return 78;
  }
  if (group === 'migrate') {
    const applied = await runMigrations(config.databaseUrl, (l) => void process.stdout.write(`${l}\n`));
    process.stdout.write(`${applied.length} migration(s) applied\n`);
    return 0;
  }
  if (group !== 'audit' || !['verify', 'anchor'].includes(action ?? '')) {
    process.stderr.write(USAGE);
    return 64;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, runJobs: false, logLevel: 'warn' }), { logger: ['error'] });
  try {
    const audit = app.get(AuditLog);
    if (action === 'anchor') {
      const anchor = await audit.anchor();
      process.stdout.write(`${JSON.stringify(anchor)}\n`);
      return 0;
    }
    const result = await audit.verify({ onProgress: progress('events checked') });
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
