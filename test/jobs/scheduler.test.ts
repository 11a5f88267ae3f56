import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobLeaseStore } from '../../src/domain/job-lease-store.ts';
import { type JobDefinition, type JobRunOutcome, JobScheduler } from '../../src/jobs/scheduler.ts';
import { createLogger } from '../../src/logger.ts';
import type { Database } from '../../src/store/open-database.ts';
import { PrismaJobLeaseStore } from '../../src/store/prisma-job-lease-store.ts';
import { type TestDatabase, backends, createTestDatabase } from '../support/test-database.ts';

const log = createLogger('silent');
/** A schedule that never comes up while the tests run (on-demand tests). */
const NEVER_SOON = '0 0 1 1 *';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A job that records its runs, can be held inside `run` until released, and can be made to fail. */
function testJob(name: string, schedule = NEVER_SOON) {
  const state = {
    runs: 0,
    gate: null as ReturnType<typeof deferred> | null,
    started: deferred(),
    failWith: null as string | null,
  };
  const job: JobDefinition = {
    name,
    defaultSchedule: schedule,
    description: `test job ${name}`,
    async run() {
      state.runs += 1;
      state.started.resolve();
      if (state.gate) await state.gate.promise;
      if (state.failWith) throw new Error(state.failWith);
      return { run: state.runs };
    },
  };
  return { job, state };
}

async function leaseOf(store: JobLeaseStore, name: string) {
  const lease = (await store.list()).find((l) => l.name === name);
  if (!lease) throw new Error(`no lease row for ${name}`);
  return lease;
}

describe.each(backends())('jobs on %s', (backend) => {
  let database: TestDatabase;
  /** A second connection to the same database: another desk instance (PGlite: the same one). */
  let other: Database;
  let leases: PrismaJobLeaseStore;
  let otherLeases: PrismaJobLeaseStore;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    other = await database.reopen();
    leases = new PrismaJobLeaseStore(database.db.prisma);
    otherLeases = new PrismaJobLeaseStore(other.prisma);
  });
  afterAll(async () => {
    await database?.drop();
  });

  describe('PrismaJobLeaseStore', () => {
    it('hands a free lease to one holder at a time, and never for the same run twice', async () => {
      expect(await leases.acquire('lease-a', 'lease-a:slot-1', 'one', 60_000)).toBe(true);
      // Held: nobody else gets it, whatever the key.
      expect(await otherLeases.acquire('lease-a', 'lease-a:slot-2', 'two', 60_000)).toBe(false);
      expect(await otherLeases.acquire('lease-a', 'lease-a:slot-1', 'two', 60_000)).toBe(false);

      await leases.release('lease-a', 'one', { result: { examined: 3 } });
      // Released, but the run it was taken for does not run again — for the same holder or another.
      expect(await leases.acquire('lease-a', 'lease-a:slot-1', 'one', 60_000)).toBe(false);
      expect(await otherLeases.acquire('lease-a', 'lease-a:slot-1', 'two', 60_000)).toBe(false);
      // A new run does.
      expect(await otherLeases.acquire('lease-a', 'lease-a:slot-2', 'two', 60_000)).toBe(true);
      const held = await leaseOf(leases, 'lease-a');
      expect(held.holder).toBe('two');
      expect(held.lastKey).toBe('lease-a:slot-2');
      expect(held.leaseUntil).not.toBeNull();
    });

    it('does not run a schedule slot older than one already run, even when asked late', async () => {
      const slot = (s: number) => new Date(Date.UTC(2026, 10, 27, 9, 0, s));
      expect(await leases.acquire('lease-d', 'lease-d:09:00:02', 'one', 60_000, slot(2))).toBe(true);
      await leases.release('lease-d', 'one', {});
      // The other instance asks for the previous second's slot only now.
      expect(await otherLeases.acquire('lease-d', 'lease-d:09:00:01', 'two', 60_000, slot(1))).toBe(false);
      // On-demand runs carry no slot and still run; the slot memory survives them.
      expect(await otherLeases.acquire('lease-d', 'lease-d:on-demand:x', 'two', 60_000)).toBe(true);
      await otherLeases.release('lease-d', 'two', {});
      expect(await leases.acquire('lease-d', 'lease-d:09:00:02b', 'one', 60_000, slot(2))).toBe(false);
      expect(await leases.acquire('lease-d', 'lease-d:09:00:03', 'one', 60_000, slot(3))).toBe(true);
      expect((await leaseOf(leases, 'lease-d')).lastSlot).toEqual(slot(3));
    });

    it('lets another holder take over a lease that ran out', async () => {
      expect(await leases.acquire('lease-b', 'lease-b:slot-1', 'crashed', 1)).toBe(true);
      await sleep(20);
      expect(await otherLeases.acquire('lease-b', 'lease-b:slot-2', 'successor', 60_000)).toBe(true);
      expect((await leaseOf(leases, 'lease-b')).holder).toBe('successor');

      // The old holder coming back cannot give away the successor's lease.
      await leases.release('lease-b', 'crashed', { result: 'late' });
      const lease = await leaseOf(leases, 'lease-b');
      expect(lease.holder).toBe('successor');
      expect(lease.leaseUntil).not.toBeNull();
      expect(await leases.acquire('lease-b', 'lease-b:slot-3', 'crashed', 60_000)).toBe(false);
    });

    it('gives a holder its own stale lease back when it says it runs nothing of the job; nobody else', async () => {
      // The holder took the lease, then lost the database before it could give it back.
      expect(await leases.acquire('lease-e', 'lease-e:slot-1', 'me', 5 * 60_000)).toBe(true);
      expect(await leases.acquire('lease-e', 'lease-e:slot-2', 'me', 5 * 60_000)).toBe(false);
      expect(await otherLeases.acquire('lease-e', 'lease-e:slot-2', 'someone-else', 5 * 60_000, undefined, true)).toBe(false);
      expect(await leases.acquire('lease-e', 'lease-e:slot-2', 'me', 5 * 60_000, undefined, true)).toBe(true);
      expect(await leaseOf(leases, 'lease-e')).toMatchObject({ holder: 'me', lastKey: 'lease-e:slot-2' });
      // Still never the same run twice.
      expect(await leases.acquire('lease-e', 'lease-e:slot-2', 'me', 5 * 60_000, undefined, true)).toBe(false);
    });

    it('records how the run went on release', async () => {
      const before = new Date(Date.now() - 5_000);
      expect(await leases.acquire('lease-c', 'lease-c:slot-1', 'one', 60_000)).toBe(true);
      await leases.release('lease-c', 'one', { result: { reminded: 2, conflicts: 0 } });
      let lease = await leaseOf(leases, 'lease-c');
      expect(lease).toMatchObject({ holder: 'one', leaseUntil: null, lastKey: 'lease-c:slot-1', lastResult: { reminded: 2, conflicts: 0 }, lastError: null });
      expect(lease.lastStartedAt!.getTime()).toBeGreaterThan(before.getTime());
      expect(lease.lastFinishedAt!.getTime()).toBeGreaterThanOrEqual(lease.lastStartedAt!.getTime());

      expect(await leases.acquire('lease-c', 'lease-c:slot-2', 'one', 60_000)).toBe(true);
      await leases.release('lease-c', 'one', { error: 'database went away' });
      lease = await leaseOf(leases, 'lease-c');
      expect(lease).toMatchObject({ leaseUntil: null, lastKey: 'lease-c:slot-2', lastResult: null, lastError: 'database went away' });
      expect(lease.lastFinishedAt).not.toBeNull();
    });
  });

  describe('JobScheduler', () => {
    it('runs a job on demand and returns its result; the lease is free afterwards', async () => {
      const { job, state } = testJob('on-demand');
      const scheduler = new JobScheduler([job], {}, leases, log, { instanceId: 'desk-a' });
      const outcome = await scheduler.runNow('on-demand');
      expect(outcome).toMatchObject({ ran: true, name: 'on-demand', result: { run: 1 } });
      expect(outcome.ran && outcome.ms).toBeGreaterThanOrEqual(0);
      expect(state.runs).toBe(1);
      expect(await leaseOf(leases, 'on-demand')).toMatchObject({ holder: 'desk-a', leaseUntil: null, lastResult: { run: 1 }, lastError: null });
      // Every on-demand run is a new run: the next one is not refused as "the same slot".
      expect(await scheduler.runNow('on-demand')).toMatchObject({ ran: true, result: { run: 2 } });
    });

    it('answers unknown_job for a job it does not have', async () => {
      const { job } = testJob('known');
      const scheduler = new JobScheduler([job], {}, leases, log);
      const outcome = await scheduler.runNow('no-such-job');
      expect(outcome).toMatchObject({ ran: false, name: 'no-such-job', reason: 'unknown_job' });
      expect(outcome.ran ? '' : outcome.message).toContain('known');
      expect((await leases.list()).some((l) => l.name === 'no-such-job')).toBe(false);
    });

    it('runs a job on one instance at a time: a second instance asking meanwhile is told busy', async () => {
      // Both instances run "the same" job; their runs are counted together.
      const shared = testJob('slow-job');
      shared.state.gate = deferred();
      const a = new JobScheduler([shared.job], {}, leases, log, { instanceId: 'desk-a' });
      const b = new JobScheduler([shared.job], {}, otherLeases, log, { instanceId: 'desk-b' });

      const both = [a.runNow('slow-job'), b.runNow('slow-job')];
      await shared.state.started.promise;
      // The instance that did not get the lease answers while the other's run is still held.
      const first = await Promise.race(both);
      expect(first).toMatchObject({ ran: false, reason: 'busy', name: 'slow-job' });
      expect(shared.state.runs).toBe(1);

      shared.state.gate.resolve();
      const outcomes: JobRunOutcome[] = await Promise.all(both);
      expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
      expect(outcomes.filter((o) => !o.ran && o.reason === 'busy')).toHaveLength(1);
      expect(shared.state.runs).toBe(1);

      // Once the run is over, either instance can run it again.
      shared.state.gate = null;
      expect(await b.runNow('slow-job')).toMatchObject({ ran: true });
      expect(await a.runNow('slow-job')).toMatchObject({ ran: true });
      expect(shared.state.runs).toBe(3);
    });

    it('rejects with the job error, records it and frees the lease for the next run', async () => {
      const { job, state } = testJob('failing-job');
      state.failWith = 'sweep exploded';
      const scheduler = new JobScheduler([job], {}, leases, log, { instanceId: 'desk-a' });
      await expect(scheduler.runNow('failing-job')).rejects.toThrow(/failing-job.*sweep exploded/);
      expect(await leaseOf(leases, 'failing-job')).toMatchObject({ leaseUntil: null, lastError: 'sweep exploded', lastResult: null });

      state.failWith = null;
      const other = new JobScheduler([job], {}, otherLeases, log, { instanceId: 'desk-b' });
      expect(await other.runNow('failing-job')).toMatchObject({ ran: true, result: { run: 2 } });
      expect(await leaseOf(leases, 'failing-job')).toMatchObject({ leaseUntil: null, lastError: null, lastResult: { run: 2 } });
    });

    it('refuses a configuration naming an unknown job or an invalid schedule, naming them', () => {
      const { job } = testJob('sla-sweep');
      expect(() => new JobScheduler([job], { 'sla-sweeep': { schedule: '* * * * *', timeZone: 'UTC' } }, leases, log)).toThrow(
        /jobs\.sla-sweeep: there is no job "sla-sweeep"/,
      );
      expect(() => new JobScheduler([job], { 'sla-sweep': { schedule: 'every minute', timeZone: 'UTC' } }, leases, log)).toThrow(
        /jobs\.sla-sweep: "every minute" is not a cron expression/,
      );
      expect(() => new JobScheduler([job], { 'sla-sweep': { schedule: '* * * * *', timeZone: 'Mars/Olympus' } }, leases, log)).toThrow(
        /jobs\.sla-sweep: "Mars\/Olympus" is not an IANA time zone/,
      );
      // A job whose own default schedule is broken is refused too.
      const { job: broken } = testJob('broken', '61 * * * *');
      expect(() => new JobScheduler([broken], {}, leases, log)).toThrow(/jobs\.broken: "61 \* \* \* \*"/);
      // A valid configuration is accepted and shows up in describe().
      const ok = new JobScheduler([job], { 'sla-sweep': { schedule: '*/2 * * * *', timeZone: 'Europe/Berlin' } }, leases, log);
      expect(ok.describe()).toEqual([{ name: 'sla-sweep', schedule: '*/2 * * * *', timeZone: 'Europe/Berlin', description: 'test job sla-sweep' }]);
    });

    it('runs again at the next ticks after the database swallowed a give-back or the answer to a taking', async () => {
      let failNextRelease = true;
      let loseNextAcquireAnswer = false;
      const lossy: JobLeaseStore = {
        async acquire(name, key, holder, ttlMs, slot, reclaimOwn) {
          const granted = await leases.acquire(name, key, holder, ttlMs, slot, reclaimOwn);
          if (loseNextAcquireAnswer) {
            // Taken in the database, but the connection broke before the answer came back.
            loseNextAcquireAnswer = false;
            throw new Error('Connection terminated unexpectedly');
          }
          return granted;
        },
        async release(name, holder, outcome) {
          if (failNextRelease) {
            failNextRelease = false;
            loseNextAcquireAnswer = true;
            throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
          }
          await leases.release(name, holder, outcome);
        },
        list: () => leases.list(),
      };
      const { job, state } = testJob('lossy', '* * * * * *');
      // The default five-minute lease: without taking its own stale lease back, the job would stall that long.
      const scheduler = new JobScheduler([job], {}, lossy, log);
      try {
        scheduler.start();
        const deadline = Date.now() + 10_000;
        while (state.runs < 2 && Date.now() < deadline) await sleep(50);
        expect(state.runs).toBeGreaterThanOrEqual(2);
      } finally {
        await scheduler.stop();
      }
      expect(loseNextAcquireAnswer).toBe(false);
      expect((await leaseOf(leases, 'lossy')).leaseUntil).toBeNull();
    }, 20_000);

    it(
      'runs each scheduled slot once across two instances',
      async () => {
        const runs: { instance: string; at: number }[] = [];
        /** Every acquire, and whether it was granted: the keys are node-cron's `<job>:<slot ISO>`. */
        const attempts: { instance: string; key: string; granted: boolean }[] = [];
        const recording = (store: JobLeaseStore, instance: string): JobLeaseStore => ({
          acquire: async (name, key, holder, ttlMs, slot) => {
            const granted = await store.acquire(name, key, holder, ttlMs, slot);
            attempts.push({ instance, key, granted });
            return granted;
          },
          release: (name, holder, outcome) => store.release(name, holder, outcome),
          list: () => store.list(),
        });
        const tickJob = (instance: string): JobDefinition => ({
          name: 'tick',
          defaultSchedule: '* * * * * *',
          description: 'every second',
          async run() {
            runs.push({ instance, at: Date.now() });
            return { instance };
          },
        });
        const a = new JobScheduler([tickJob('desk-a')], {}, recording(leases, 'desk-a'), log, { instanceId: 'desk-a' });
        const b = new JobScheduler([tickJob('desk-b')], {}, recording(otherLeases, 'desk-b'), log, { instanceId: 'desk-b' });
        a.start();
        b.start();
        await sleep(3_500);
        // stop() returns once runs in progress have finished and given their lease back.
        await Promise.all([a.stop(), b.stop()]);
        const runsAtStop = runs.length;
        await sleep(1_500);
        expect(runs.length).toBe(runsAtStop);

        const granted = attempts.filter((t) => t.granted).map((t) => t.key);
        expect(granted.every((key) => /^tick:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/.test(key))).toBe(true);
        // Each slot ran at most once in total, and every run had its own granted slot.
        expect(new Set(granted).size).toBe(granted.length);
        // A lease granted while stop() was under way is given back unused, so at most one fewer run.
        expect(runs.length).toBeLessThanOrEqual(granted.length);
        expect(runs.length).toBeGreaterThanOrEqual(granted.length - 1);
        expect(runs.length).toBeGreaterThanOrEqual(2);
        // Both instances really asked for the same slots: the lease decided, not luck.
        const askedBy = (instance: string) => new Set(attempts.filter((t) => t.instance === instance).map((t) => t.key));
        const both = [...askedBy('desk-a')].filter((key) => askedBy('desk-b').has(key));
        expect(both.length).toBeGreaterThanOrEqual(1);

        // Released after the last run, with its result.
        const lease = await leaseOf(leases, 'tick');
        expect(lease.leaseUntil).toBeNull();
        expect(lease.lastError).toBeNull();
        expect(granted).toContain(lease.lastKey);
      },
      20_000,
    );
  });
});

describe('JobScheduler when the database is gone', () => {
  it('skips runs whose lease cannot be taken, without an unhandled rejection, and tries again at the next tick', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let asked = 0;
    let down = true;
    const released: string[] = [];
    const flaky: JobLeaseStore = {
      async acquire() {
        asked += 1;
        if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return true;
      },
      async release(name) {
        released.push(name);
      },
      async list() {
        return [];
      },
    };
    const { job, state } = testJob('every-second', '* * * * * *');
    const scheduler = new JobScheduler([job], {}, flaky, log);
    try {
      scheduler.start();
      // Three ticks refused by the "database": each a skipped run, none a crash.
      while (asked < 3) await sleep(50);
      expect(state.runs).toBe(0);
      down = false;
      await state.started.promise;
      expect(state.runs).toBeGreaterThanOrEqual(1);
      // A turn of the event loop for any stray rejection to surface.
      await sleep(10);
      expect(unhandled).toEqual([]);
    } finally {
      await scheduler.stop();
      process.off('unhandledRejection', onUnhandled);
    }
    expect(released).toContain('every-second');
  }, 20_000);
});
