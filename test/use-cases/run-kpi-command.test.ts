import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import type { CommandAnswer, CommandView } from '../../src/domain/command-view.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { type RichText, channel } from '../../src/domain/rich-text.ts';
import type { DigestView, WeeklyFigures } from '../../src/domain/kpi.ts';
import type { KpiStore, WeeklyFiguresQuery } from '../../src/domain/kpi-store.ts';
import { kpiTexts } from '../../src/domain/kpi-texts.ts';
import type { OutboxItem } from '../../src/domain/outbox-intent.ts';
import type { DeskStore } from '../../src/domain/ports.ts';
import { KPI_COMMAND, runKpiCommand } from '../../src/use-cases/run-kpi-command.ts';
import { shareWeeklyDigest } from '../../src/use-cases/share-weekly-digest.ts';
import { captureLog } from '../support/captured-log.ts';
import { CHANNELS, USERS, testDeskConfig } from '../support/desk-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';

/** Thursday of 2026-W48. */
const NOW = new Date('2026-11-26T10:00:00Z');
const de = kpiTexts('de');
const en = kpiTexts('en');

function figures(query: WeeklyFiguresQuery): WeeklyFigures {
  return {
    teamId: query.teamId,
    week: query.week,
    received: 12,
    answered: 10,
    dismissed: 1,
    routed: 0,
    firstResponseMedianMs: 600_000,
    firstResponseP90Ms: 1_800_000,
    firstResponseMedianClockMs: 600_000,
    firstResponseP90ClockMs: 1_800_000,
    withinTargetShare: 0.9,
    responseRate: 0.9,
    backlogStart: 2,
    backlogEnd: 3,
    overdueNow: 0,
    escalations: { reminders: 0, channel: 0, lead: 0 },
    bySource: [],
    byPerson: [],
    byDepartment: [],
    byDay: [],
    drills: [],
  };
}

class InMemoryKpiStore implements KpiStore {
  readonly digests = new Map<string, DigestView>();
  failing = false;
  async weeklyFigures(query: WeeklyFiguresQuery): Promise<WeeklyFigures> {
    if (this.failing) throw new Error('database away');
    return figures(query);
  }
  async postedDigest(teamId: string, week: string): Promise<DigestView | null> {
    return this.digests.get(`${teamId}:${week}`) ?? null;
  }
  async recordDigest(view: DigestView): Promise<boolean> {
    const key = `${view.teamId}:${view.figures.week.label}`;
    if (this.digests.has(key)) return false;
    this.digests.set(key, view);
    return true;
  }
}

function setup(directory: Directory = buildDirectory(testDeskConfig())) {
  const captured = captureLog();
  const kpi = new InMemoryKpiStore();
  const enqueued: OutboxItem[] = [];
  const store = { enqueue: async (items: OutboxItem[]) => void enqueued.push(...items) } as Partial<DeskStore> as DeskStore;
  const deps = {
    kpi,
    store,
    directory,
    clock: new FakeClock(NOW),
    writeNarrative: async () => ({ text: 'A calm week.', source: 'template' as const }),
    log: captured.log,
  };
  let request = 0;
  const kpiCommand = (userId: string, text: string, channelId: string = CHANNELS.community) =>
    runKpiCommand({ platform: 'slack', platformUserId: userId, text, requestId: `t${++request}`, channelId }, deps);
  const share = (userId: string, teamId: string, week: string) =>
    shareWeeklyDigest({ platform: 'slack', platformUserId: userId, teamId, week, replyChannel: CHANNELS.community, requestId: `${userId}:${++request}` }, deps);
  return { kpiCommand, share, kpi, enqueued, lines: captured.lines };
}

async function later(view: CommandView): Promise<CommandAnswer> {
  expect(view.kind).toBe('later');
  return view.kind === 'later' ? view.answer() : view;
}

const text = (t: RichText): CommandView => ({ kind: 'text', text: t });

describe('runKpiCommand', () => {
  it('answers help in the asker’s language', async () => {
    const { kpiCommand } = setup();
    expect(await kpiCommand(USERS.anna, 'help')).toEqual(text(de.kpiHelp(KPI_COMMAND)));
    expect(await kpiCommand(USERS.ben, 'HELP')).toEqual(text(en.kpiHelp(KPI_COMMAND)));
  });

  it('refuses people not on the desk, and names a week it cannot show', async () => {
    const { kpiCommand } = setup();
    expect(await kpiCommand(USERS.stranger, '')).toEqual(text(de.kpiNotMember()));
    expect(await kpiCommand(USERS.ben, '2026-W99')).toEqual(text(en.kpiBadWeek(KPI_COMMAND, '2026-W99')));
    expect(await kpiCommand(USERS.anna, 'next week')).toEqual(text(de.kpiBadWeek(KPI_COMMAND, 'next week')));
  });

  it('shows last week’s digest later, with the offer to post it to the team’s channel', async () => {
    const { kpiCommand } = setup();
    const answer = await later(await kpiCommand(USERS.anna, 'last'));
    expect(answer).toMatchObject({ kind: 'kpi.digest', digest: { teamId: 'community', figures: { week: { label: '2026-W47' } } }, post: { teamId: 'community', week: '2026-W47' } });
  });

  it('is about the team whose channel it is typed in, else the asker’s team, else (admins) the default team', async () => {
    const { kpiCommand } = setup();
    const teamOf = async (userId: string, channelId: string) => {
      const answer = await later(await kpiCommand(userId, '', channelId));
      return answer.kind === 'kpi.digest' ? `${answer.digest.teamId} ${answer.digest.figures.week.label}` : answer.kind;
    };
    expect(await teamOf(USERS.ben, CHANNELS.legal)).toBe('legal 2026-W48');
    expect(await teamOf(USERS.ben, 'C0ELSEWHERE')).toBe('support 2026-W48');
    expect(await teamOf(USERS.ops, 'C0ELSEWHERE')).toBe('community 2026-W48');
  });

  it('offers no post for a team without a channel', async () => {
    const config = testDeskConfig();
    config.teams = config.teams.map((t) => (t.id === 'legal' ? { ...t, slackChannel: undefined } : t));
    const { kpiCommand } = setup(buildDirectory(config));
    expect(await later(await kpiCommand(USERS.clara, 'last', 'C0ELSEWHERE'))).toMatchObject({ kind: 'kpi.digest', digest: { teamId: 'legal' }, post: null });
  });

  it('turns a failure while computing into its message, and logs it', async () => {
    const { kpiCommand, kpi, lines } = setup();
    kpi.failing = true;
    expect(await later(await kpiCommand(USERS.anna, 'last'))).toEqual(text('database away'));
    expect(lines.find((l) => l.level >= 50)).toMatchObject({ msg: '/kpi failed', team: 'community', week: '2026-W47' });
  });
});

describe('shareWeeklyDigest', () => {
  const answers = (items: OutboxItem[]) => items.map((i) => (i.intent.kind === 'person.ephemeral' && 'text' in i.intent.notice ? i.intent.notice.text : i.intent.kind));

  it('posts a week once, telling the person where (and then that it is there already), in the language of the digest’s team', async () => {
    const { share, kpi, enqueued, lines } = setup();
    expect(await share(USERS.anna, 'community', '2026-W47')).toBe('posted');
    expect(await share(USERS.ben, 'community', '2026-W47')).toBe('already_posted');
    expect([...kpi.digests.keys()]).toEqual(['community:2026-W47']);
    // ben has no language of his own: the digest's team (community) speaks German.
    expect(answers(enqueued)).toEqual([de.posted(channel(CHANNELS.community)), de.alreadyPosted]);
    expect(enqueued[0]).toMatchObject({ dedupeKey: `ephemeral:slack:${USERS.anna}:1`, channel: CHANNELS.community });
    expect(lines.filter((l) => l.msg === '/kpi post').map((l) => [l.by, l.outcome])).toEqual([
      ['anna', 'posted'],
      ['ben', 'already_posted'],
    ]);
  });

  it('refuses people not on the desk and teams that do not exist, posting nothing', async () => {
    const { share, kpi, enqueued } = setup();
    expect(await share(USERS.stranger, 'community', '2026-W47')).toBe('not_member');
    expect(await share(USERS.ops, 'marketing', '2026-W47')).toBe('no_team');
    expect(kpi.digests.size).toBe(0);
    // No such team: the default team's language.
    expect(answers(enqueued)).toEqual([de.kpiNotMember(), de.kpiNoTeam()]);
  });
});
