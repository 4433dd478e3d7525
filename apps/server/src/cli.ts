import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createWriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import { AuditLog } from '@app/audit';
import { BulkImport, IntakeRetention, type ImportProgress } from '@app/intake';
import { PlatformModule, loadConfigOrExit, runMigrations } from '@app/platform';
import { REPORT_USAGE, ReportingCoreModule, TimelineCheckpoints, TimelineReports, runReportTimelines } from '@app/reporting';
import { WorkerModule } from './worker.module.js';

process.env.TZ = 'UTC';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  migrate         apply pending database migrations
  audit verify    recompute every audit hash chain and anchor; exit 1 naming the first broken event
  audit anchor    record an anchor over every chain head
  intake import <file> [--format csv|ndjson] [--batch N] [--restart] [--rejects <file>]
                  import intake items from CSV or NDJSON: every row validated, rejects reported with
                  their row numbers (all of them in <file>.rejects.ndjson unless --rejects names another
                  file); resumes an interrupted import of the same file unless --restart
  intake retention
                  crypto-shred the personal data of intake that led to no action, past its retention period
${REPORT_USAGE}  report checkpoints
                  write the timeline checkpoints the reporting job keeps (the last week's midnights and
                  the last year's month starts, UTC) and remove others; one line per checkpoint
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

/** A progress bar on a terminal (rewritten in place); a plain line every few seconds otherwise. */
function importProgress(): (p: ImportProgress) => void {
  const started = Date.now();
  let last = 0;
  return (p) => {
    const now = Date.now();
    const tty = process.stderr.isTTY;
    if (now - last < (tty ? 150 : 5000) && p.bytesDone < p.bytesTotal) return;
    last = now;
    const share = p.bytesTotal === 0 ? 1 : p.bytesDone / p.bytesTotal;
    const rate = Math.round(p.rows / Math.max(0.001, (now - started) / 1000));
    const text = `${(share * 100).toFixed(1)}% ${p.rows.toLocaleString('en-GB')} rows, ${p.accepted.toLocaleString('en-GB')} accepted, ${p.rejected.toLocaleString('en-GB')} rejected (${rate.toLocaleString('en-GB')} rows/s)`;
    if (tty) {
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
    } else process.stderr.write(`${text}\n`);
  };
}

function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

async function intake(argv: string[], config: ReturnType<typeof loadConfigOrExit>): Promise<number> {
  const [action, file] = argv;
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, runJobs: false, logLevel: 'warn' }), { logger: ['error'] });
  try {
    if (action === 'retention') {
      process.stdout.write(`${JSON.stringify(await app.get(IntakeRetention).run())}\n`);
      return 0;
    }
    if (action !== 'import' || !file) {
      process.stderr.write(USAGE);
      return 64;
    }
    const format = option(argv, '--format');
    if (format !== undefined && format !== 'csv' && format !== 'ndjson') {
      process.stderr.write('--format must be csv or ndjson\n');
      return 64;
    }
    const batch = option(argv, '--batch');
    const batchSize = batch === undefined ? undefined : Number(batch);
    if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000)) {
      process.stderr.write('--batch must be a whole number from 1 to 50000\n');
      return 64;
    }
    const rejectsPath = option(argv, '--rejects') ?? `${file}.rejects.ndjson`;
    const rejectsOut = createWriteStream(rejectsPath, { flags: 'a' });
    let shown = 0;
    const result = await app.get(BulkImport).run({
      file,
      format,
      batchSize,
      restart: argv.includes('--restart'),
      actor: { id: null, label: `cli:${userInfo().username}` },
      onProgress: importProgress(),
      onReject: (reject) => {
        rejectsOut.write(`${JSON.stringify(reject)}\n`);
        if (shown < 20) {
          shown += 1;
          if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
          process.stderr.write(`row ${reject.row}: ${reject.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}\n`);
        }
      },
    });
    await new Promise((resolve) => rejectsOut.end(resolve));
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (result.rejected > shown) process.stderr.write(`...and ${result.rejected - shown} more rejected row(s)\n`);
    if (result.rejected > 0) process.stderr.write(`Every rejected row, with its number and reasons: ${rejectsPath}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

/** `report timelines` (the enforcement timelines report on stdout) and `report checkpoints`: reporting and the platform only. */
async function report(action: string, argv: string[], config: ReturnType<typeof loadConfigOrExit>): Promise<number> {
  const module = { module: class ReportCliModule {}, imports: [PlatformModule.forRoot({ ...config, runJobs: false, logLevel: 'warn' }, { http: false }), ReportingCoreModule] };
  const app = await NestFactory.createApplicationContext(module, { logger: ['error'] });
  try {
    if (action === 'timelines') return await runReportTimelines(argv, app.get(TimelineReports), (text) => void process.stdout.write(text), (text) => void process.stderr.write(text));
    const outcomes = await app.get(TimelineCheckpoints).maintain(undefined, (o, done, total) => {
      const detail = o.status === 'created' ? `: ${o.spans?.toLocaleString('en-GB')} spans in ${o.cells?.toLocaleString('en-GB')} cells, ${o.ms?.toLocaleString('en-GB')} ms` : '';
      process.stderr.write(`checkpoint ${done}/${total} as of ${o.boundary.toISOString()} ${o.status}${detail}\n`);
    });
    const count = (status: string) => outcomes.filter((o) => o.status === status).length;
    process.stdout.write(`${JSON.stringify({ created: count('created'), kept: count('kept'), waiting: count('waiting'), removed: count('removed') })}\n`);
    return 0;
  } finally {
    await app.close();
  }
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
  if (group === 'intake') return intake(argv.slice(1), config);
  if (group === 'report' && (action === 'timelines' || (action === 'checkpoints' && argv.length === 2))) return report(action, argv.slice(2), config);
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
