import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import type { CommandAnswer, CommandView } from '../../src/domain/command-view.ts';
import { textsFor } from '../../src/domain/i18n.ts';
import { code } from '../../src/domain/rich-text.ts';
import type { DeskStore } from '../../src/domain/ports.ts';
import type { JobRunOutcome } from '../../src/jobs/scheduler.ts';
import { DESK_COMMAND, type DeskJobs, runDeskCommand } from '../../src/use-cases/run-desk-command.ts';
import { captureLog } from '../support/captured-log.ts';
import { USERS, testDeskConfig } from '../support/desk-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';

const NOW = new Date('2026-11-26T10:00:00Z');
const directory = buildDirectory(testDeskConfig());
type OpenWorkRow = Awaited<ReturnType<DeskStore['openWorkByTeam']>>[number];
const de = textsFor('de');
const en = textsFor('en');

/** Only what /desk reads of the store: open work per team. */
function storeWith(rows: OpenWorkRow[]): DeskStore {
  return { openWorkByTeam: async () => rows } as Partial<DeskStore> as DeskStore;
}

function jobsThat(run: (name: string) => Promise<JobRunOutcome>): DeskJobs & { runs: string[] } {
  const runs: string[] = [];
  return {
    runs,
    describe: () => [
      { name: 'sla-sweep', schedule: '* * * * *', timeZone: 'Europe/Berlin', description: 'reminders' },
      { name: 'kpi-digest', schedule: '*/5 * * * *', timeZone: 'UTC', description: 'digests' },
      { name: 'ai-triage', schedule: '*/10 * * * * *', timeZone: 'UTC', description: 'labels', idle: 'ai-off' },
    ],
    lastRuns: async () => [
      { name: 'sla-sweep', holder: null, leaseUntil: null, lastKey: null, lastSlot: null, lastStartedAt: null, lastFinishedAt: NOW, lastResult: null, lastError: 'boom' },
    ],
    runNow: async (name) => {
      runs.push(name);
      return run(name);
    },
  };
}

function setup(options: { rows?: OpenWorkRow[]; jobs?: DeskJobs } = {}) {
  const captured = captureLog();
  const deps = { store: storeWith(options.rows ?? []), directory, clock: new FakeClock(NOW), jobs: options.jobs, log: captured.log };
  let request = 0;
  const desk = (userId: string, text: string) => runDeskCommand({ platform: 'slack', platformUserId: userId, text, requestId: `r${++request}` }, deps);
  return { desk, lines: captured.lines };
}

async function settled(view: CommandView): Promise<CommandAnswer> {
  return view.kind === 'later' ? view.answer() : view;
}

describe('runDeskCommand', () => {
  it('answers help to anyone, in their language (empty text is help)', async () => {
    const { desk } = setup();
    expect(await desk(USERS.anna, 'help')).toEqual({ kind: 'text', text: de.deskHelp(DESK_COMMAND) });
    expect(await desk(USERS.ben, '')).toEqual({ kind: 'text', text: en.deskHelp(DESK_COMMAND) });
    // Not on the desk: the default team's language (German).
    expect(await desk(USERS.stranger, 'HELP')).toEqual({ kind: 'text', text: de.deskHelp(DESK_COMMAND) });
  });

  it('tells people not on the desk so, for everything but help', async () => {
    const { desk } = setup({ jobs: jobsThat(async () => ({ ran: true, name: 'sla-sweep', result: {}, ms: 1 })) });
    for (const text of ['status', 'jobs', 'run sla-sweep', 'nonsense']) {
      expect(await desk(USERS.stranger, text)).toEqual({ kind: 'text', text: de.notMember });
    }
  });

  it('names an unknown subcommand and points to help, and logs it', async () => {
    const { desk, lines } = setup();
    expect(await desk(USERS.ben, 'stats')).toEqual({ kind: 'text', text: en.unknownSubcommand('stats', DESK_COMMAND) });
    expect(await desk(USERS.anna, 'Stats')).toEqual({ kind: 'text', text: de.unknownSubcommand('stats', DESK_COMMAND) });
    // Without a scheduler, jobs and run are unknown too.
    expect(await desk(USERS.ops, 'jobs')).toEqual({ kind: 'text', text: en.unknownSubcommand('jobs', DESK_COMMAND) });
    expect(lines.filter((l) => l.msg === 'unknown /desk subcommand').map((l) => l.sub)).toEqual(['stats', 'stats', 'jobs']);
  });

  it('shows open work per team as data in the asker’s language, or says nothing is waiting', async () => {
    const oldest = new Date('2026-11-26T08:00:00Z');
    const { desk } = setup({ rows: [{ teamId: 'support', open: 2, claimed: 1, overdue: 1, oldestReceivedAt: oldest }] });
    const status = await desk(USERS.anna, 'status');
    expect(status).toMatchObject({ kind: 'desk.status', locale: 'de' });
    expect(status.kind === 'desk.status' && status.rows.map((r) => [r.teamName, r.open, r.claimed, r.overdue, r.oldestReceivedAt])).toEqual([
      ['Community', 0, 0, 0, null],
      ['Support', 2, 1, 1, oldest],
      ['Legal', 0, 0, 0, null],
    ]);
    expect(await setup().desk(USERS.ben, 'status')).toEqual({ kind: 'text', text: en.deskStatusEmpty });
  });

  it('lists the jobs with their last run', async () => {
    const { desk } = setup({ jobs: jobsThat(async () => ({ ran: true, name: 'x', result: {}, ms: 1 })) });
    expect(await desk(USERS.deniz, 'jobs')).toEqual({
      kind: 'desk.jobs',
      locale: 'de',
      jobs: [
        { name: 'sla-sweep', schedule: '* * * * *', timeZone: 'Europe/Berlin', lastFinishedAt: NOW, lastError: 'boom' },
        { name: 'kpi-digest', schedule: '*/5 * * * *', timeZone: 'UTC', lastFinishedAt: null, lastError: null },
        { name: 'ai-triage', schedule: '*/10 * * * * *', timeZone: 'UTC', idle: 'ai-off', lastFinishedAt: null, lastError: null },
      ],
    });
  });

  it('lets only desk admins run a job, refusing others in their language without running anything', async () => {
    const jobs = jobsThat(async (name) => ({ ran: true, name, result: { sent: 3 }, ms: 12.4 }));
    const { desk } = setup({ jobs });
    expect(await desk(USERS.anna, 'run sla-sweep')).toEqual({ kind: 'text', text: de.deskRunAdminsOnly });
    expect(await desk(USERS.ben, 'run sla-sweep')).toEqual({ kind: 'text', text: en.deskRunAdminsOnly });
    expect(jobs.runs).toEqual([]);
  });

  it('runs a job for an admin later, and says how it went', async () => {
    let finish: (outcome: JobRunOutcome) => void = () => {};
    const jobs = jobsThat(() => new Promise((resolve) => (finish = resolve)));
    const { desk, lines } = setup({ jobs });
    const view = await desk(USERS.ops, 'run SLA-SWEEP');
    // The run starts only when the door asks for the answer (after it has confirmed the command).
    expect(view.kind).toBe('later');
    expect(jobs.runs).toEqual([]);
    const answer = view.kind === 'later' ? view.answer() : Promise.reject(new Error('not later'));
    await expect.poll(() => jobs.runs).toEqual(['sla-sweep']);
    finish({ ran: true, name: 'sla-sweep', result: { sent: 3 }, ms: 12.4 });
    expect(await answer).toEqual({ kind: 'text', text: en.deskRunDone('sla-sweep', 12, code('{"sent":3}')) });
    expect(lines.find((l) => l.msg === 'job run from /desk')).toMatchObject({ job: 'sla-sweep', by: 'ops', ran: true });
  });

  it('says a job is busy elsewhere, and turns a failed run into its message', async () => {
    const busy = setup({ jobs: jobsThat(async (name) => ({ ran: false, name, reason: 'busy', message: 'held' })) });
    expect(await settled(await busy.desk(USERS.ops, 'run kpi-digest'))).toEqual({ kind: 'text', text: en.deskRunBusy('kpi-digest') });
    const failing = setup({ jobs: jobsThat(async () => Promise.reject(new Error('database away'))) });
    expect(await settled(await failing.desk(USERS.ops, 'run kpi-digest'))).toEqual({ kind: 'text', text: 'database away' });
    expect(failing.lines.find((l) => l.level >= 50)).toMatchObject({ msg: 'job run from /desk failed', job: 'kpi-digest' });
  });

  it('answers a run without a known job with the usage and the job names', async () => {
    const { desk } = setup({ jobs: jobsThat(async () => ({ ran: true, name: 'x', result: {}, ms: 1 })) });
    const usage = en.deskRunUsage(DESK_COMMAND, ['sla-sweep', 'kpi-digest', 'ai-triage']);
    expect(await desk(USERS.ops, 'run')).toEqual({ kind: 'text', text: usage });
    expect(await desk(USERS.ops, 'run nightly')).toEqual({ kind: 'text', text: usage });
  });
});
