import { randomUUID } from 'node:crypto';
import cron, { type RunCoordinator, type ScheduledTask, type TaskFn, type TaskOptions } from 'node-cron';
import type { Logger } from '../logger.ts';
import type { JobLeaseStore } from '../domain/job-lease-store.ts';
import type { JobIdleReason } from '../domain/command-view.ts';
import type { JobRunOutcome, JobRunner } from '../domain/job-runner.ts';

/** A named job the desk runs on a schedule and on demand. */
export interface JobDefinition {
  name: string;
  /** Cron expression (node-cron: optional seconds field first) used when the desk configuration names none. */
  defaultSchedule: string;
  description: string;
  /** Set when the job has nothing to do on this desk: it is not scheduled (no lease taken every tick); a run on demand still works. */
  idle?: JobIdleReason;
  run(): Promise<unknown>;
}

export interface JobSchedule {
  schedule: string;
  timeZone: string;
}

export type { JobRunOutcome };

export interface SchedulerOptions {
  /** How long a run may hold its job's lease before another instance may take over (a crashed holder). */
  leaseMs: number;
  /** Names this instance in the lease table. */
  instanceId: string;
  /** node-cron's `createTask`; tests pass one whose slots fire when they say, not when the clock does. */
  createTask: CronTaskFactory;
}

export type CronTaskFactory = (schedule: string, run: TaskFn, options: TaskOptions) => Pick<ScheduledTask, 'start' | 'destroy'>;

/**
 * Runs the desk's named jobs with node-cron. With several instances on one database, node-cron's run
 * coordinator asks the lease table before each scheduled run, so each slot runs on one instance;
 * on-demand runs take the same lease, so they never overlap a scheduled one.
 */
export class JobScheduler implements JobRunner {
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly schedules = new Map<string, JobSchedule>();
  private readonly tasks: ReturnType<CronTaskFactory>[] = [];
  private readonly running = new Set<Promise<unknown>>();
  /** Results of scheduled runs, for the coordinator's onComplete to record. */
  private readonly outcomes = new Map<string, { result?: unknown; error?: string }>();
  /** Per granted slot: resolves once its lease is given back (stop() waits for these). */
  private readonly released = new Map<string, () => void>();
  /** Per job: runs of it under way on this instance, counted from before their lease is asked for. */
  private readonly active = new Map<string, number>();
  private stopped = false;
  readonly options: SchedulerOptions;

  constructor(
    jobs: JobDefinition[],
    configured: Record<string, JobSchedule>,
    private readonly leases: JobLeaseStore,
    private readonly log: Logger,
    options: Partial<SchedulerOptions> = {},
  ) {
    this.options = { leaseMs: 5 * 60_000, instanceId: `desk-${randomUUID().slice(0, 8)}`, createTask: cron.createTask, ...options };
    for (const job of jobs) {
      this.jobs.set(job.name, job);
      this.schedules.set(job.name, { schedule: job.defaultSchedule, timeZone: 'UTC' });
    }
    const problems: string[] = [];
    for (const [name, schedule] of Object.entries(configured)) {
      if (!this.jobs.has(name)) problems.push(`jobs.${name}: there is no job "${name}" (jobs: ${[...this.jobs.keys()].join(', ')})`);
      else this.schedules.set(name, schedule);
    }
    for (const [name, { schedule, timeZone }] of this.schedules) {
      if (!cron.validate(schedule)) problems.push(`jobs.${name}: "${schedule}" is not a cron expression (e.g. "* * * * *" for every minute)`);
      try {
        new Intl.DateTimeFormat('en', { timeZone });
      } catch {
        problems.push(`jobs.${name}: "${timeZone}" is not an IANA time zone`);
      }
    }
    if (problems.length) throw new Error(`The desk configuration's jobs are not valid:\n  - ${problems.join('\n  - ')}`);
  }

  /** Names, schedules and descriptions, for help texts and `npm run job -- --list`. */
  describe(): { name: string; schedule: string; timeZone: string; description: string; idle?: JobIdleReason }[] {
    return [...this.jobs.values()].map((j) => ({ name: j.name, ...this.schedules.get(j.name)!, description: j.description, ...(j.idle ? { idle: j.idle } : {}) }));
  }

  /** The lease rows: who ran each job last, when, and how it went. */
  lastRuns() {
    return this.leases.list();
  }

  start(): void {
    this.stopped = false;
    const coordinator: RunCoordinator = {
      // Tracked, so stop() also waits for a lease request under way; a granted slot is tracked until
      // its lease is given back, so a run that got its lease always finishes before stop() returns.
      shouldRun: (key, ttlMs) =>
        this.track(
          (async () => {
            if (this.stopped) return false;
            const { name, slot } = parseKey(key);
            const alone = this.begin(name);
            let granted: boolean;
            try {
              granted = await this.leases.acquire(name, key, this.options.instanceId, Math.max(ttlMs, this.options.leaseMs), slot, alone);
            } catch (error) {
              // The database is unreachable (or refused): this run is skipped, the next tick tries again.
              this.end(name);
              this.log.error({ job: name, err: error }, `job ${name} skipped this run: its lease could not be taken (database unreachable?); retrying at the next tick`);
              return false;
            }
            if (!granted) {
              this.end(name);
              return false;
            }
            if (this.stopped) {
              await this.giveBack(key, { result: { skipped: 'the instance is stopping' } });
              this.end(name);
              return false;
            }
            this.track(new Promise<void>((resolve) => this.released.set(key, resolve)));
            return true;
          })(),
        ),
      onComplete: async (key) => {
        const outcome = this.outcomes.get(key) ?? {};
        this.outcomes.delete(key);
        await this.giveBack(key, outcome);
        this.end(parseKey(key).name);
        this.released.get(key)?.();
        this.released.delete(key);
      },
    };
    for (const job of this.jobs.values()) {
      if (job.idle) continue;
      const { schedule, timeZone } = this.schedules.get(job.name)!;
      const task = this.options.createTask(
        schedule,
        async (ctx) => {
          const outcome = await this.track(this.execute(job));
          this.outcomes.set(`${job.name}:${ctx.date.toISOString()}`, outcome);
        },
        {
          name: job.name,
          timezone: timeZone,
          noOverlap: true,
          distributed: true,
          runCoordinator: coordinator,
          distributedLease: this.options.leaseMs,
          logger: cronLogger(this.log),
        },
      );
      task.start();
      this.tasks.push(task);
    }
    const described = this.describe();
    this.log.info(
      {
        jobs: described.filter((j) => !j.idle).map((j) => `${j.name} (${j.schedule} ${j.timeZone})`),
        ...(described.some((j) => j.idle) ? { notScheduled: described.filter((j) => j.idle).map((j) => `${j.name} (${j.idle})`) } : {}),
        instance: this.options.instanceId,
      },
      'scheduled jobs',
    );
  }

  /** Runs a job now, if no instance is running it; the lease is the same as for scheduled runs. */
  async runNow(name: string): Promise<JobRunOutcome> {
    const job = this.jobs.get(name);
    if (!job) return { ran: false, name, reason: 'unknown_job', message: `there is no job "${name}"; jobs: ${[...this.jobs.keys()].join(', ')}` };
    const key = `${name}:on-demand:${randomUUID()}`;
    const alone = this.begin(name);
    let outcome: { result?: unknown; error?: string };
    const started = performance.now();
    try {
      if (!(await this.leases.acquire(name, key, this.options.instanceId, this.options.leaseMs, undefined, alone))) {
        return { ran: false, name, reason: 'busy', message: `"${name}" is running on another instance right now; try again in a moment` };
      }
      outcome = await this.track(this.execute(job));
      try {
        await this.leases.release(name, this.options.instanceId, outcome);
      } catch (error) {
        // The run happened; the lease frees itself when it runs out, or at this instance's next run of the job.
        this.log.error({ err: error, job: name }, 'could not give back the job lease');
      }
    } finally {
      this.end(name);
    }
    if (outcome.error) throw new Error(`job ${name} failed: ${outcome.error}`);
    return { ran: true, name, result: outcome.result, ms: performance.now() - started };
  }

  /** Stops scheduling and waits for runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const task of this.tasks.splice(0)) await task.destroy();
    // Runs in progress finish and give their lease back (a new one may have started meanwhile: loop).
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private async giveBack(key: string, outcome: { result?: unknown; error?: string }): Promise<void> {
    try {
      await this.leases.release(parseKey(key).name, this.options.instanceId, outcome);
    } catch (error) {
      this.log.error({ err: error, key }, 'could not give back the job lease; this instance takes it again at its next run of the job (another instance once it runs out)');
    }
  }

  /**
   * Counts a run of `name` as under way here, from before its lease is asked for; true when it is the
   * only one: then a lease this instance still holds for the job is a stale leftover, not a run.
   */
  private begin(name: string): boolean {
    const under = this.active.get(name) ?? 0;
    this.active.set(name, under + 1);
    return under === 0;
  }

  private end(name: string): void {
    const under = (this.active.get(name) ?? 1) - 1;
    if (under > 0) this.active.set(name, under);
    else this.active.delete(name);
  }

  private async execute(job: JobDefinition): Promise<{ result?: unknown; error?: string }> {
    const started = performance.now();
    try {
      const result = await job.run();
      // Every minute for the sweep: debug only. The last result stays in job_lease (/desk jobs, npm run job -- --list).
      this.log.debug({ job: job.name, ms: Math.round(performance.now() - started), result }, 'job finished');
      return { result };
    } catch (error) {
      this.log.error({ job: job.name, err: error }, 'job failed');
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.running.add(promise);
    // Bookkeeping only: a rejection belongs to whoever awaits `promise`, not to this derived chain
    // (a bare `.finally` would re-raise it here, unhandled, and end the process).
    const forget = () => void this.running.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
}

/** node-cron's coordinator keys are `<task name>:<slot ISO time>`; our job names have no colon. */
function parseKey(key: string): { name: string; slot: Date | undefined } {
  const colon = key.indexOf(':');
  const slot = new Date(key.slice(colon + 1));
  return { name: key.slice(0, colon), slot: Number.isNaN(slot.getTime()) ? undefined : slot };
}

function cronLogger(log: Logger) {
  return {
    info: (m: string) => log.debug({ component: 'cron' }, m),
    warn: (m: string) => log.warn({ component: 'cron' }, m),
    error: (m: string | Error, err?: Error) => log.error({ component: 'cron', err: err ?? m }, typeof m === 'string' ? m : m.message),
    debug: (m: string | Error) => log.debug({ component: 'cron' }, String(m)),
  };
}
