import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobLeaseStore } from '../../src/domain/job-lease-store.ts';
import { type JobDefinition, type JobRunOutcome, JobScheduler } from '../../src/jobs/scheduler.ts';
import { createLogger } from '../../src/logger.ts';
import type { Database } from '../../src/store/open-database.ts';
import { PrismaJobLeaseStore } from '../../src/store/prisma-job-lease-store.ts';
import { ManualCron } from '../support/manual-cron.ts';
import { type TestDatabase, backends, createTestDatabase } from '../support/test-database.ts';

const log = createLogger('silent');
/** A schedule that never comes up while the tests run (on-demand tests). */
const NEVER_SOON = '0 0 1 1 *';

/** Schedule slots for the tests that fire them by hand: second `s` of one fixed minute. */
const slot = (s: number) => new Date(Date.UTC(2026, 10, 27, 9, 0, s));

/** One turn of the event loop: rejections nobody handled are reported before it ends. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

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
      // A lease that ran out a minute ago: its holder crashed without giving it back.
      expect(await leases.acquire('lease-b', 'lease-b:slot-1', 'crashed', -60_000)).toBe(true);
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
      // The database's clock: the lease times are its own, whatever this process's clock says.
      const [{ before }] = await database.db.prisma.$queryRaw<[{ before: Date }]>`SELECT clock_timestamp() AS before`;
      expect(await leases.acquire('lease-c', 'lease-c:slot-1', 'one', 60_000)).toBe(true);
      await leases.release('lease-c', 'one', { result: { reminded: 2, conflicts: 0 } });
      let lease = await leaseOf(leases, 'lease-c');
      expect(lease).toMatchObject({ holder: 'one', leaseUntil: null, lastKey: 'lease-c:slot-1', lastResult: { reminded: 2, conflicts: 0 }, lastError: null });
      expect(lease.lastStartedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
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

    it('does not schedule an idle job (no lease asked for at its ticks), says so, and still runs it on demand', async () => {
      const cron = new ManualCron();
      const busy = testJob('busy-job', '* * * * * *');
      const idle = testJob('idle-job', '* * * * * *');
      const scheduler = new JobScheduler([busy.job, { ...idle.job, idle: 'ai-off' }], {}, leases, log, { createTask: cron.createTask });
      try {
        scheduler.start();
        expect(await cron.fire('busy-job', slot(1))).toEqual(['ran']);
        expect(() => cron.fire('idle-job', slot(1))).toThrow('no cron task named "idle-job"');
        expect(scheduler.describe().map((j) => [j.name, j.idle])).toEqual([
          ['busy-job', undefined],
          ['idle-job', 'ai-off'],
        ]);
        expect((await leases.list()).some((l) => l.name === 'idle-job')).toBe(false);
        expect(await scheduler.runNow('idle-job')).toMatchObject({ ran: true, result: { run: 1 } });
      } finally {
        await scheduler.stop();
      }
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

    it('runs again at the next slots after the database swallowed a give-back or the answer to a taking', async () => {
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
      const cron = new ManualCron();
      const { job, state } = testJob('lossy', '* * * * * *');
      // The default five-minute lease: without taking its own stale lease back, the job would stall that long.
      const scheduler = new JobScheduler([job], {}, lossy, log, { createTask: cron.createTask });
      try {
        scheduler.start();
        // Runs, but its give-back is lost: the lease stays held by this instance.
        expect(await cron.fire('lossy', slot(1))).toEqual(['ran']);
        // Taken again (its own stale lease), but the answer is lost: skipped, the lease held once more.
        expect(await cron.fire('lossy', slot(2))).toEqual(['not-elected']);
        expect(state.runs).toBe(1);
        // Nothing of the job runs here, so the lease it still holds is stale: the next slot runs.
        expect(await cron.fire('lossy', slot(3))).toEqual(['ran']);
        expect(state.runs).toBe(2);
      } finally {
        await scheduler.stop();
      }
      expect(loseNextAcquireAnswer).toBe(false);
      expect(await leaseOf(leases, 'lossy')).toMatchObject({ leaseUntil: null, lastKey: `lossy:${slot(3).toISOString()}`, lastResult: { run: 2 } });
    });

    it('runs each scheduled slot once across two instances', async () => {
      /** Which instance ran each slot. */
      const runs: string[] = [];
      const tickJob = (instance: string): JobDefinition => ({
        name: 'tick',
        defaultSchedule: '* * * * * *',
        description: 'every second',
        async run() {
          runs.push(instance);
          return { instance };
        },
      });
      // One cron for both: each slot comes up in both instances at once, as the same second does.
      const cron = new ManualCron();
      const a = new JobScheduler([tickJob('desk-a')], {}, leases, log, { instanceId: 'desk-a', createTask: cron.createTask });
      const b = new JobScheduler([tickJob('desk-b')], {}, otherLeases, log, { instanceId: 'desk-b', createTask: cron.createTask });
      a.start();
      b.start();
      try {
        for (const s of [1, 2, 3]) {
          // Both instances ask for the slot; the lease lets exactly one of them run it.
          expect((await cron.fire('tick', slot(s))).sort()).toEqual(['not-elected', 'ran']);
          expect(runs).toHaveLength(s);
        }
        // A slot asked for late (an instance whose clock is behind) does not run again.
        expect(await cron.fire('tick', slot(2))).toEqual(['not-elected', 'not-elected']);
      } finally {
        // stop() returns once runs in progress have finished and given their lease back.
        await Promise.all([a.stop(), b.stop()]);
      }
      // Stopped: the cron tasks are gone, nothing runs any more.
      expect(await cron.fire('tick', slot(4))).toEqual(['not-started', 'not-started']);
      expect(runs).toHaveLength(3);

      // Released after the last run, with its result.
      const lease = await leaseOf(leases, 'tick');
      expect(lease).toMatchObject({ leaseUntil: null, lastError: null, lastKey: `tick:${slot(3).toISOString()}`, lastResult: { instance: runs[2] } });
    });

    it('gives a lease granted while stopping back unused, and stop() waits for it', async () => {
      const asked = deferred();
      const answer = deferred();
      const slow: JobLeaseStore = {
        async acquire(...args) {
          asked.resolve();
          await answer.promise;
          return leases.acquire(...args);
        },
        release: (name, holder, outcome) => leases.release(name, holder, outcome),
        list: () => leases.list(),
      };
      const cron = new ManualCron();
      const { job, state } = testJob('stopping', '* * * * * *');
      const scheduler = new JobScheduler([job], {}, slow, log, { instanceId: 'desk-a', createTask: cron.createTask });
      scheduler.start();
      const firing = cron.fire('stopping', slot(1));
      await asked.promise;
      const stopped = scheduler.stop();
      // The database grants the lease only now, while the instance is stopping.
      answer.resolve();
      await stopped;
      // stop() returned after the lease went back; the job never ran.
      expect(await leaseOf(leases, 'stopping')).toMatchObject({
        holder: 'desk-a',
        leaseUntil: null,
        lastKey: `stopping:${slot(1).toISOString()}`,
        lastResult: { skipped: 'the instance is stopping' },
      });
      expect(await firing).toEqual(['not-elected']);
      expect(state.runs).toBe(0);
    });

    it('runs a scheduled job through node-cron itself, and records its result under the slot node-cron named', async () => {
      const released: { name: string; outcome: unknown }[] = [];
      const recording: JobLeaseStore = {
        acquire: (...args) => leases.acquire(...args),
        async release(name, holder, outcome) {
          released.push({ name, outcome });
          await leases.release(name, holder, outcome);
        },
        list: () => leases.list(),
      };
      const { job, state } = testJob('real-cron', '* * * * * *');
      const scheduler = new JobScheduler([job], {}, recording, log, { instanceId: 'desk-a' });
      try {
        scheduler.start();
        // Whenever the next second comes: an event, not a time.
        await state.started.promise;
      } finally {
        await scheduler.stop();
      }
      expect(state.runs).toBeGreaterThanOrEqual(1);
      // The first lease given back is the run's, with its result: the slot key node-cron asked the lease
      // for is the one the run's outcome was filed under.
      expect(released[0]).toEqual({ name: 'real-cron', outcome: { result: { run: 1 } } });
      const lease = await leaseOf(leases, 'real-cron');
      expect(lease.leaseUntil).toBeNull();
      expect(lease.lastKey).toMatch(/^real-cron:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      expect(lease.lastSlot?.toISOString()).toBe(lease.lastKey!.slice('real-cron:'.length));
    });
  });
});

describe('JobScheduler when the database is gone', () => {
  it('skips runs whose lease cannot be taken, without an unhandled rejection, and tries again at the next slot', async () => {
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
    const cron = new ManualCron();
    const { job, state } = testJob('every-second', '* * * * * *');
    const scheduler = new JobScheduler([job], {}, flaky, log, { createTask: cron.createTask });
    try {
      scheduler.start();
      // Three slots refused by the "database": each a skipped run, none a crash.
      for (const s of [1, 2, 3]) expect(await cron.fire('every-second', slot(s))).toEqual(['not-elected']);
      expect(asked).toBe(3);
      expect(state.runs).toBe(0);
      down = false;
      expect(await cron.fire('every-second', slot(4))).toEqual(['ran']);
      expect(state.runs).toBe(1);
      await nextTurn();
      expect(unhandled).toEqual([]);
    } finally {
      await scheduler.stop();
      process.off('unhandledRejection', onUnhandled);
    }
    expect(released).toContain('every-second');
  });
});
