import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import { buildCrisisSettings } from '../../src/desk-config/crisis-config-schema.ts';
import type { CommandView } from '../../src/domain/command-view.ts';
import { crisisTexts } from '../../src/domain/crisis-texts.ts';
import { type RichText, date } from '../../src/domain/rich-text.ts';
import { PrismaCrisisStore } from '../../src/store/prisma-crisis-store.ts';
import { PrismaDeskStore } from '../../src/store/prisma-desk-store.ts';
import { syncDirectory } from '../../src/store/sync-directory.ts';
import { pressCrisisButton } from '../../src/use-cases/press-crisis-button.ts';
import { CRISIS_COMMAND, type CrisisCommandDeps, runCrisisCommand } from '../../src/use-cases/run-crisis-command.ts';
import { captureLog } from '../support/captured-log.ts';
import { crisisDeskConfig } from '../support/crisis-config.ts';
import { CHANNELS, USERS } from '../support/desk-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const START = new Date('2026-11-27T09:00:00Z');
const de = crisisTexts('de');
const en = crisisTexts('en');

const text = (t: RichText): CommandView => ({ kind: 'text', text: t });

describe.each(backends())('/crisis as a use case on %s', (backend) => {
  const config = crisisDeskConfig();
  const directory = buildDirectory(config);
  const clock = new FakeClock(START);
  const captured = captureLog();
  let database: TestDatabase;
  let deps: CrisisCommandDeps & { store: PrismaDeskStore };
  let request = 0;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await syncDirectory(database.db.prisma, directory);
    deps = {
      crises: new PrismaCrisisStore(database.db.prisma),
      store: new PrismaDeskStore(database.db.prisma),
      directory,
      settings: buildCrisisSettings(config.crisis),
      clock,
      log: captured.log,
    };
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    await database.db.prisma.$executeRawUnsafe(
      `TRUNCATE outbox, event, chat_card, comment, crisis_ack, crisis_step, crisis_message, crisis RESTART IDENTITY CASCADE`,
    );
    clock.set(START);
    captured.lines.length = 0;
  });

  const crisis = (userId: string, typed: string, d: CrisisCommandDeps = deps) =>
    runCrisisCommand({ platform: 'slack', platformUserId: userId, text: typed, requestId: `trigger-${++request}`, channelId: CHANNELS.community }, d);

  it('answers help in the asker’s language (empty text is help)', async () => {
    expect(await crisis(USERS.anna, 'help')).toEqual(text(de.help(CRISIS_COMMAND)));
    expect(await crisis(USERS.ben, '')).toEqual(text(en.help(CRISIS_COMMAND)));
    expect(await crisis(USERS.stranger, 'Help')).toEqual(text(de.help(CRISIS_COMMAND)));
  });

  it('names an unknown subcommand and logs it', async () => {
    expect(await crisis(USERS.ben, 'Start now')).toEqual(text(en.unknownSubcommand(CRISIS_COMMAND, 'start')));
    expect(await crisis(USERS.anna, 'start')).toEqual(text(de.unknownSubcommand(CRISIS_COMMAND, 'start')));
    expect(captured.lines.filter((l) => l.msg === 'unknown /crisis subcommand').map((l) => l.sub)).toEqual(['start', 'start']);
  });

  it('refuses people without the right, naming who may, as they are written', async () => {
    expect(await crisis(USERS.stranger, 'drill')).toEqual(text(de.notMember()));
    // Declaring is for the lead role (anna, deputy ben); deniz may drill but not declare.
    expect(await crisis(USERS.deniz, 'declare Rückruf')).toEqual(text(de.mayNotDeclare(['Anna', 'Ben'])));
    expect(await crisis(USERS.anna, 'drill fire')).toEqual(text(de.unknownScenario('fire', ['recall'])));
    expect(await database.db.prisma.crisis.count()).toBe(0);
  });

  it('answers usage and "nothing running" without touching anything', async () => {
    expect(await crisis(USERS.ben, 'status')).toEqual(text(en.noActive(CRISIS_COMMAND)));
    expect(await crisis(USERS.ben, 'update')).toEqual(text(en.usage(CRISIS_COMMAND, 'update')));
    expect(await crisis(USERS.ben, 'update all good')).toEqual(text(en.noActive(CRISIS_COMMAND)));
    expect(await crisis(USERS.anna, 'report')).toEqual(text(de.usage(CRISIS_COMMAND, 'report')));
    expect(await crisis(USERS.anna, 'report #7')).toEqual(text(de.reportNotFound('#7')));
    expect(await crisis(USERS.ben, 'reports')).toEqual(text(en.noReports()));
  });

  it('runs a drill: start, a second start refused, status, update, end, reports', async () => {
    expect(await crisis(USERS.anna, 'drill RECALL')).toEqual(text(de.drillStarted(1, 'Rückruf Müsliriegel')));
    expect(captured.lines.find((l) => l.msg === 'crisis started')).toMatchObject({ kind: 'drill', number: 1, by: USERS.anna });
    // ben reads English: the running drill is named by its English title.
    expect(await crisis(USERS.ben, 'drill')).toEqual(text(en.alreadyActive(en.kind('drill'), 1, 'Granola bar recall')));

    const status = await crisis(USERS.ben, 'status');
    expect(status.kind).toBe('crisis.status');
    if (status.kind === 'crisis.status') {
      expect(status.view.snapshot.crisis.number).toBe(1);
      expect(status.view.now).toEqual(START);
      expect(status.view.people.anna?.name).toBe('Anna');
    }

    expect(await crisis(USERS.stranger, 'update Lage ruhig')).toEqual(text(de.notMember()));
    expect(await crisis(USERS.deniz, 'update Lage ruhig')).toEqual(text(de.updatePosted(de.list([de.audience.room]))));
    clock.set(new Date(START.getTime() + 20 * 60_000));
    expect(await crisis(USERS.deniz, 'END')).toEqual(text(de.ended(de.kind('drill'), 1)));
    expect(captured.lines.find((l) => l.msg === 'crisis ended')).toMatchObject({ by: USERS.deniz });

    const reports = await crisis(USERS.ben, 'reports');
    expect(reports).toMatchObject({ kind: 'crisis.reports', locale: 'en' });
    expect(reports.kind === 'crisis.reports' && reports.reports.map((r) => r.number)).toEqual([1]);
    expect(await crisis(USERS.anna, 'report #1')).toMatchObject({ kind: 'crisis.report', locale: 'de', report: { number: 1, kind: 'drill' } });
  });

  it('lists the scenarios, or says crises are not set up', async () => {
    expect(await crisis(USERS.ben, 'scenarios')).toMatchObject({ kind: 'crisis.scenarios', locale: 'en', view: { declareScenarioId: 'recall' } });
    const unset = { ...deps, settings: null };
    expect(await crisis(USERS.ben, 'scenarios', unset)).toEqual(text(en.notConfigured()));
    expect(await crisis(USERS.anna, 'drill', unset)).toEqual(text(de.notConfigured()));
  });

  describe('buttons', () => {
    const press = (userId: string, input: { action: 'ack' | 'approve' | 'step'; crisisId: string; stepId?: string; replyChannel?: string }) =>
      pressCrisisButton({ replyChannel: CHANNELS.community, ...input, platform: 'slack', platformUserId: userId, requestId: `${userId}:${++request}` }, deps);
    const answers = () => database.db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: 'ephemeral:' } }, orderBy: { id: 'asc' } });
    const activeId = async () => (await database.db.prisma.crisis.findFirstOrThrow({ where: { status: 'active' } })).id;

    it('ticks a step once; a second tick is refused privately, naming who and when, in the clicker’s language', async () => {
      await crisis(USERS.anna, 'drill');
      const crisisId = await activeId();
      clock.set(new Date(START.getTime() + 4 * 60_000));
      expect(await press(USERS.anna, { action: 'step', crisisId, stepId: 'acknowledge' })).toEqual({ ok: true });
      expect(await answers()).toEqual([]);

      clock.set(new Date(START.getTime() + 5 * 60_000));
      expect(await press(USERS.clara, { action: 'step', crisisId, stepId: 'acknowledge' })).toMatchObject({ ok: false, code: 'step_already_done' });
      const [answer] = await answers();
      expect(answer?.dedupeKey).toBe(`ephemeral:slack:${USERS.clara}:${request}`);
      expect(answer?.payload).toMatchObject({
        kind: 'person.ephemeral',
        platformUserId: USERS.clara,
        channel: CHANNELS.community,
        notice: { text: en.stepAlreadyDone('Anna', date(new Date(START.getTime() + 4 * 60_000))) },
      });
      expect(captured.lines.filter((l) => l.msg === 'crisis button').map((l) => [l.action, l.ok, l.refused])).toEqual([
        ['step', true, undefined],
        ['step', false, 'step_already_done'],
      ]);
    });

    it('refuses people not on the desk, in the default team’s language; without a channel nobody is told', async () => {
      await crisis(USERS.anna, 'drill');
      const crisisId = await activeId();
      expect(await press(USERS.stranger, { action: 'ack', crisisId })).toMatchObject({ ok: false, code: 'not_member' });
      expect(await press(USERS.stranger, { action: 'approve', crisisId, replyChannel: undefined })).toMatchObject({ ok: false, code: 'not_member' });
      expect((await answers()).map((a) => (a.payload as { notice: { text: string } }).notice.text)).toEqual([de.notMember()]);
    });

    it('acknowledges a page for the roster', async () => {
      await crisis(USERS.anna, 'drill');
      const crisisId = await activeId();
      expect(await press(USERS.ben, { action: 'ack', crisisId })).toEqual({ ok: true });
      expect(await database.db.prisma.crisisAck.count({ where: { crisisId } })).toBe(1);
    });
  });
});
