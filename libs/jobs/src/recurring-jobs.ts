import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobLockConnection } from './job-lock.js';

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export interface JobsOptions {
  /** Worker processes run the schedule; the HTTP application only registers jobs (for runNow). */
  run: boolean;
}

export type JobHandler = () => Promise<unknown>;

export interface JobRunOutcome<T = unknown> {
  /** False when another process was running the job, so this run was skipped. */
  ran: boolean;
  result?: T;
}

interface RegisteredJob {
  name: string;
  everyMs: number;
  handler: JobHandler;
  timer?: NodeJS.Timeout;
  /** The run in progress in this process, if any. */
  current?: Promise<JobRunOutcome>;
}

/** Handler errors can quote the rows they failed on: email addresses never reach the logs. */
const withoutEmailAddresses = (text: string): string => text.replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/g, '[address]');

const JOB_NAME = /^[a-z][a-z0-9_.:-]{0,99}$/;
/** Processes that start together spread their first runs over up to this long. */
const MAX_START_JITTER_MS = 5_000;
/** How often runNow retries while another process holds the job's lock. */
const LOCK_RETRY_MS = 100;

/**
 * The registry of recurring background jobs. Contexts register their jobs at start-up in every
 * process; only worker processes (JobsModule.forRoot({ run: true })) run the schedule. Across all
 * processes a job runs at most once at a time (a PostgreSQL advisory lock per job name, try-lock and
 * skip if held), so handlers must be idempotent but never race themselves.
 */
@Injectable()
export class RecurringJobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RecurringJobs');
  private readonly jobs = new Map<string, RegisteredJob>();
  private locks: JobLockConnection | undefined;
  private started = false;
  private stopping = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JOBS_OPTIONS) private readonly options: JobsOptions,
  ) {}

  /** Adds a job that runs every `everySeconds` (measured from the end of one run to the start of the next). */
  register(name: string, everySeconds: number, handler: JobHandler): void {
    if (!JOB_NAME.test(name)) throw new Error(`Job name "${name}" must be lower-case letters, digits and . _ : - (at most 100)`);
    if (!(everySeconds > 0) || !Number.isFinite(everySeconds)) throw new Error(`Job "${name}" needs a positive interval in seconds`);
    if (this.jobs.has(name)) throw new Error(`Job "${name}" is already registered`);
    const job: RegisteredJob = { name, everyMs: Math.round(everySeconds * 1000), handler };
    this.jobs.set(name, job);
    if (this.started && !this.stopping) this.schedule(job, this.startJitter(job));
  }

  /** Names of the registered jobs. */
  names(): string[] {
    return [...this.jobs.keys()].sort();
  }

  /**
   * Runs a job now and returns what its handler returned (tests and the command line). Waits while
   * the job is running here or in another process, then runs it; handler errors are thrown to the caller.
   */
  async runNow<T = unknown>(name: string): Promise<T> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No job named "${name}" is registered (known: ${this.names().join(', ') || 'none'})`);
    for (;;) {
      if (job.current) {
        await job.current.catch(() => undefined);
        continue;
      }
      const run = this.runLocked(job);
      job.current = run;
      try {
        const outcome = await run;
        if (outcome.ran) return outcome.result as T;
      } finally {
        if (job.current === run) job.current = undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }

  onApplicationBootstrap(): void {
    if (!this.options.run) return;
    this.started = true;
    for (const job of this.jobs.values()) this.schedule(job, this.startJitter(job));
    this.logger.log(`running ${this.jobs.size} recurring job(s): ${this.names().join(', ')}`);
  }

  /** Graceful shutdown: no new runs start; runs in progress finish before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const job of this.jobs.values()) {
      if (job.timer) clearTimeout(job.timer);
      job.timer = undefined;
    }
    await Promise.all([...this.jobs.values()].map((job) => job.current?.catch(() => undefined)));
    await this.locks?.close();
    this.locks = undefined;
  }

  private startJitter(job: RegisteredJob): number {
    return Math.floor(Math.random() * Math.min(job.everyMs, MAX_START_JITTER_MS));
  }

  private schedule(job: RegisteredJob, delayMs: number): void {
    job.timer = setTimeout(() => void this.tick(job), delayMs);
  }

  private async tick(job: RegisteredJob): Promise<void> {
    job.timer = undefined;
    if (this.stopping) return;
    if (!job.current) {
      const run = this.runLocked(job);
      job.current = run;
      try {
        const outcome = await run;
        if (!outcome.ran) this.logger.debug(`job ${job.name} skipped: another process is running it`);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.error(`job ${job.name} failed: ${withoutEmailAddresses(reason)}`, error instanceof Error ? withoutEmailAddresses(error.stack ?? '') : undefined);
      } finally {
        if (job.current === run) job.current = undefined;
      }
    }
    if (!this.stopping) this.schedule(job, job.everyMs);
  }

  private async runLocked(job: RegisteredJob): Promise<JobRunOutcome> {
    const locks = this.lockConnection();
    if (!(await locks.tryLock(job.name))) return { ran: false };
    try {
      return { ran: true, result: await job.handler() };
    } finally {
      await locks.unlock(job.name).catch((error: unknown) => {
        this.logger.warn(`job ${job.name}: could not release its lock (${error instanceof Error ? error.message : String(error)})`);
      });
    }
  }

  private lockConnection(): JobLockConnection {
    if (!this.locks) {
      const url = (this.dataSource.options as { url?: string }).url;
      if (!url) throw new Error('Recurring jobs need the database URL of the data source');
      this.locks = new JobLockConnection(url);
    }
    return this.locks;
  }
}
