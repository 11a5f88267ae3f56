import { beforeEach, describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import type { NarrativeFacts } from '../../src/domain/digest-narrative.ts';
import type { Locale, TeamInfo } from '../../src/domain/directory.ts';
import type { DigestView, KpiWeek, WeeklyFigures } from '../../src/domain/kpi.ts';
import type { KpiStore, WeeklyFiguresQuery } from '../../src/domain/kpi-store.ts';
import { datesOfWeek, parseIsoWeek } from '../../src/domain/kpi-week.ts';
import type { OutboxItem } from '../../src/domain/outbox-intent.ts';
import type { DigestDeps } from '../../src/use-cases/build-weekly-digest.ts';
import { digestDueAt, postWeeklyDigests } from '../../src/use-cases/post-weekly-digests.ts';
import { at, expectInstant } from '../support/calendars.ts';
import { FakeClock } from '../support/fake-clock.ts';

const MINUTE = 60_000;

// ---------------------------------------------------------------------------------------
// digestDueAt
// ---------------------------------------------------------------------------------------

function team(timeZone: string, digest: TeamInfo['digest']): TeamInfo {
  return { id: 'community', name: 'Community', locale: 'en', timeZone, channels: [{ platform: 'slack', channel: 'C0COMM0001' }], digest };
}
const monday9 = { weekday: 'mon', time: '09:00', enabled: true } as const;

describe('digestDueAt', () => {
  it('is Monday 09:00 of the current week in Berlin, winter and summer', () => {
    // Winter (CET, +01:00): any instant of 2026-W47 gives Monday 16 Nov 09:00.
    for (const now of ['2026-11-16T00:00+01:00', '2026-11-16T08:59+01:00', '2026-11-18T12:00+01:00', '2026-11-22T23:59+01:00']) {
      expectInstant(digestDueAt(team('Europe/Berlin', monday9), at(now)), '2026-11-16T09:00+01:00');
    }
    // Summer (CEST, +02:00).
    for (const now of ['2026-07-06T00:00+02:00', '2026-07-09T12:00+02:00', '2026-07-12T23:59+02:00']) {
      expectInstant(digestDueAt(team('Europe/Berlin', monday9), at(now)), '2026-07-06T09:00+02:00');
    }
  });

  it('is the Monday of the current week, not the next one, late on Sunday', () => {
    expectInstant(digestDueAt(team('Europe/Berlin', monday9), at('2026-11-22T23:59:59+01:00')), '2026-11-16T09:00+01:00');
    expectInstant(digestDueAt(team('Europe/Berlin', monday9), at('2026-11-23T00:00+01:00')), '2026-11-23T09:00+01:00');
  });

  it('uses the team’s own zone', () => {
    const now = at('2026-11-18T12:00Z');
    expectInstant(digestDueAt(team('Asia/Tokyo', monday9), now), '2026-11-16T09:00+09:00');
    expectInstant(digestDueAt(team('America/New_York', monday9), now), '2026-11-16T09:00-05:00');
    expectInstant(digestDueAt(team('Pacific/Auckland', monday9), now), '2026-11-16T09:00+13:00');
    expectInstant(digestDueAt(team('UTC', monday9), now), '2026-11-16T09:00Z');
  });

  it('takes another weekday and time', () => {
    const friday = { weekday: 'fri', time: '16:30', enabled: true } as const;
    expectInstant(digestDueAt(team('Europe/Berlin', friday), at('2026-11-16T10:00+01:00')), '2026-11-20T16:30+01:00');
    expectInstant(digestDueAt(team('Europe/Berlin', friday), at('2026-11-22T10:00+01:00')), '2026-11-20T16:30+01:00');
    const sunday = { weekday: 'sun', time: '23:45', enabled: true } as const;
    expectInstant(digestDueAt(team('America/New_York', sunday), at('2026-11-16T10:00-05:00')), '2026-11-22T23:45-05:00');
    const midnight = { weekday: 'wed', time: '00:00', enabled: true } as const;
    expectInstant(digestDueAt(team('Asia/Tokyo', midnight), at('2026-11-16T10:00+09:00')), '2026-11-18T00:00+09:00');
  });

  it('is null when the digest is disabled or not configured', () => {
    expect(digestDueAt(team('Europe/Berlin', { ...monday9, enabled: false }), at('2026-11-18T12:00Z'))).toBeNull();
    expect(digestDueAt(team('Europe/Berlin', undefined), at('2026-11-18T12:00Z'))).toBeNull();
  });

  it('is Monday 09:00 local in the DST weeks (the change is on the Sunday)', () => {
    expectInstant(digestDueAt(team('Europe/Berlin', monday9), at('2026-03-29T12:00+02:00')), '2026-03-23T09:00+01:00');
    expectInstant(digestDueAt(team('Europe/Berlin', monday9), at('2026-03-30T10:00+02:00')), '2026-03-30T09:00+02:00');
    expectInstant(digestDueAt(team('Europe/Berlin', monday9), at('2026-10-25T12:00+01:00')), '2026-10-19T09:00+02:00');
    expectInstant(digestDueAt(team('Europe/Berlin', monday9), at('2026-10-26T10:00+01:00')), '2026-10-26T09:00+01:00');
  });

  it('moves a time inside the spring-forward gap to after the gap (02:30 on Sunday 2026-03-29, Berlin)', () => {
    const due = digestDueAt(team('Europe/Berlin', { weekday: 'sun', time: '02:30', enabled: true }), at('2026-03-25T12:00+01:00'));
    // 02:00–03:00 does not exist that night; like the calendar, 02:30 moves on by the gap to 03:30 CEST.
    expectInstant(due, '2026-03-29T03:30+02:00');
    expect(due!.getTime()).toBeGreaterThanOrEqual(at('2026-03-29T03:00+02:00').getTime());
  });

  it('maps a time in the repeated hour to its first occurrence (02:30 on Sunday 2026-10-25, Berlin)', () => {
    const due = digestDueAt(team('Europe/Berlin', { weekday: 'sun', time: '02:30', enabled: true }), at('2026-10-21T12:00+02:00'));
    expectInstant(due, '2026-10-25T02:30+02:00');
  });

  it('keeps times before the change on a DST Sunday', () => {
    expectInstant(
      digestDueAt(team('Europe/Berlin', { weekday: 'sun', time: '01:30', enabled: true }), at('2026-03-25T12:00+01:00')),
      '2026-03-29T01:30+01:00',
    );
  });

  // Bug: digestDueAt adds the wall-clock hours to the day's start as elapsed time, so on the day of a
  // DST change every time after the change is off by the change (an hour late in spring, early in autumn).
  it('gives 09:00 local on the spring-forward Sunday (Berlin 2026-03-29)', () => {
    const due = digestDueAt(team('Europe/Berlin', { weekday: 'sun', time: '09:00', enabled: true }), at('2026-03-25T12:00+01:00'));
    expectInstant(due, '2026-03-29T09:00+02:00'); // actual: 10:00 CEST (08:00Z)
  });

  it('gives 09:00 local on the fall-back Sunday (Berlin 2026-10-25)', () => {
    const due = digestDueAt(team('Europe/Berlin', { weekday: 'sun', time: '09:00', enabled: true }), at('2026-10-21T12:00+02:00'));
    expectInstant(due, '2026-10-25T09:00+01:00'); // actual: 08:00 CET (07:00Z)
  });

  it('gives 09:00 local on the spring-forward Sunday (New York 2026-03-08)', () => {
    const due = digestDueAt(team('America/New_York', { weekday: 'sun', time: '09:00', enabled: true }), at('2026-03-04T12:00-05:00'));
    expectInstant(due, '2026-03-08T09:00-04:00'); // actual: 10:00 EDT (14:00Z)
  });

  it('gives 23:30 local on a 23-hour Sunday instead of falling back to midnight (Berlin 2026-03-29)', () => {
    const due = digestDueAt(team('Europe/Berlin', { weekday: 'sun', time: '23:30', enabled: true }), at('2026-03-25T12:00+01:00'));
    expectInstant(due, '2026-03-29T23:30+02:00'); // actual: 2026-03-29T00:00+01:00, the start of the day
  });
});

// ---------------------------------------------------------------------------------------
// postWeeklyDigests
// ---------------------------------------------------------------------------------------

/** Figures that depend only on the team and the week, so the digest shows which week it was built for. */
function figuresFor(teamId: string, week: KpiWeek): WeeklyFigures {
  const n = Number(week.label.slice(-2));
  return {
    teamId,
    week,
    received: 10 * n,
    answered: 9 * n,
    dismissed: 1,
    routed: 0,
    firstResponseMedianMs: n * MINUTE,
    firstResponseP90Ms: 3 * n * MINUTE,
    firstResponseMedianClockMs: 2 * n * MINUTE,
    firstResponseP90ClockMs: 6 * n * MINUTE,
    withinTargetShare: 0.8,
    responseRate: 0.9,
    backlogStart: 5,
    backlogEnd: n,
    overdueNow: 1,
    escalations: { reminders: 2, channel: 1, lead: n % 3 },
    bySource: [],
    byPerson: [],
    byDepartment: [],
    byDay: [],
    drills: [],
  };
}

class InMemoryKpiStore implements KpiStore {
  readonly queries: WeeklyFiguresQuery[] = [];
  readonly digests = new Map<string, DigestView>();
  readonly outbox: OutboxItem[] = [];
  readonly recordedAt: Date[] = [];

  async weeklyFigures(query: WeeklyFiguresQuery): Promise<WeeklyFigures> {
    this.queries.push(query);
    return figuresFor(query.teamId, query.week);
  }

  async postedDigest(teamId: string, week: string): Promise<DigestView | null> {
    return this.digests.get(`${teamId}:${week}`) ?? null;
  }

  async recordDigest(view: DigestView, outbox: OutboxItem[], at: Date): Promise<boolean> {
    const key = `${view.teamId}:${view.figures.week.label}`;
    if (this.digests.has(key)) return false;
    this.digests.set(key, view);
    this.outbox.push(...outbox);
    this.recordedAt.push(at);
    return true;
  }
}

const directory = buildDirectory(
  deskConfigSchema.parse({
    defaultTeam: 'berlin',
    goals: [{ metric: 'firstResponseMedian', comparison: '<=', target: '45m' }],
    teams: [
      { id: 'auckland', name: 'Auckland', slackChannel: 'C0AUCKLAND', timeZone: 'Pacific/Auckland' },
      { id: 'tokyo', name: 'Tokyo', slackChannel: 'C0TOKYO001', timeZone: 'Asia/Tokyo', locale: 'en' },
      {
        id: 'berlin',
        name: 'Berlin',
        slackChannel: 'C0BERLIN01',
        timeZone: 'Europe/Berlin',
        locale: 'de',
        goals: [{ metric: 'answered', comparison: '>=', target: 400 }],
        workingHours: { mon: [['08:00', '18:00']], tue: [['08:00', '18:00']], wed: [['08:00', '18:00']], thu: [['08:00', '18:00']], fri: [['08:00', '18:00']] },
      },
      { id: 'newyork', name: 'New York', slackChannel: 'C0NEWYORK1', timeZone: 'America/New_York' },
      { id: 'quiet', name: 'No channel', timeZone: 'UTC' },
      { id: 'off', name: 'Digest off', slackChannel: 'C0OFF00001', timeZone: 'UTC', digest: { enabled: false } },
    ],
  }),
);

describe('postWeeklyDigests', () => {
  let kpi: InMemoryKpiStore;
  let clock: FakeClock;
  let narratives: { facts: NarrativeFacts; locale: Locale }[];
  let deps: DigestDeps;

  function fresh(start: string): void {
    kpi = new InMemoryKpiStore();
    clock = new FakeClock(start);
    narratives = [];
    deps = {
      kpi,
      directory,
      clock,
      writeNarrative: async (facts, locale) => {
        narratives.push({ facts, locale });
        return { text: `${facts.team}: ${facts.week}`, source: 'template' };
      },
    };
  }

  async function runAt(instant: string) {
    clock.set(instant);
    return postWeeklyDigests(deps);
  }

  describe('from an empty store', () => {
    beforeEach(() => fresh('2026-11-23T00:30+01:00'));

    it('posts nothing before a team’s time and builds no figures', async () => {
      // Monday 23 Nov 00:30 in Berlin, 08:30 in Tokyo (2026-W48 began in both); New York and UTC are still in W47.
      const small = buildDirectory(
        deskConfigSchema.parse({
          defaultTeam: 'berlin',
          teams: [
            { id: 'berlin', name: 'Berlin', slackChannel: 'C0BERLIN01', timeZone: 'Europe/Berlin' },
            { id: 'tokyo', name: 'Tokyo', slackChannel: 'C0TOKYO001', timeZone: 'Asia/Tokyo' },
          ],
        }),
      );
      deps = { ...deps, directory: small };
      expect(await runAt('2026-11-23T00:30+01:00')).toEqual({ posted: [], alreadyPosted: 0, notDue: 2 });
      expect(await runAt('2026-11-23T08:59:59.999+09:00')).toEqual({ posted: [], alreadyPosted: 0, notDue: 2 });
      expect(kpi.queries).toEqual([]);
      expect(kpi.digests.size).toBe(0);
      expect(narratives).toEqual([]);

      expect(await runAt('2026-11-23T09:00+09:00')).toEqual({ posted: ['tokyo:2026-W47'], alreadyPosted: 0, notDue: 1 });
      expect(await runAt('2026-11-23T09:00+01:00')).toEqual({ posted: ['berlin:2026-W47'], alreadyPosted: 1, notDue: 0 });
    });

    it('builds the digest for the previous week, in the team’s zone, with last week for comparison', async () => {
      const result = await runAt('2026-11-23T09:00+01:00');
      expect(result.posted).toContain('berlin:2026-W47');
      const view = kpi.digests.get('berlin:2026-W47')!;
      expect(view.teamId).toBe('berlin');
      expect(view.teamName).toBe('Berlin');
      expect(view.locale).toBe('de');
      expect(view.figures.week).toEqual(parseIsoWeek('2026-W47', 'Europe/Berlin'));
      expectInstant(view.figures.week.start, '2026-11-16T00:00+01:00');
      // Nothing was posted for W46, so the comparison week is computed.
      expect(view.previous?.week).toEqual(parseIsoWeek('2026-W46', 'Europe/Berlin'));
      // The team's own goal replaces the desk's.
      expect(view.goals).toEqual([
        { goal: { metric: 'answered', comparison: '>=', target: 400 }, actual: 423, met: true, previous: 414, trend: 'better' },
      ]);
      expect(view.narrative).toEqual({ text: 'Berlin: 2026-W47', source: 'template' });
      expect(narratives.find((n) => n.facts.team === 'Berlin')?.locale).toBe('de');

      const query = kpi.queries.find((q) => q.teamId === 'berlin' && q.week.label === '2026-W47')!;
      expect(query.dates).toEqual(datesOfWeek(parseIsoWeek('2026-W47', 'Europe/Berlin')!));
      expect(query.now).toEqual(clock.now());
      // Working periods on the team's calendar from the week's start: the five office days of W47, then Monday 08:00–09:00.
      expect(query.workingPeriods).toHaveLength(6);
      expectInstant(query.workingPeriods[0]!.start, '2026-11-16T08:00+01:00');
      expectInstant(query.workingPeriods[5]!.end, '2026-11-23T09:00+01:00');

      expect(kpi.outbox.filter((o) => o.channel === 'C0BERLIN01')).toEqual([
        { dedupeKey: 'kpi.digest:berlin:2026-W47', channel: 'C0BERLIN01', intent: { kind: 'kpi.digest', platform: 'slack', teamId: 'berlin', week: '2026-W47', channel: 'C0BERLIN01' } },
      ]);
    });

    it('gives teams without their own goals the desk’s', async () => {
      await runAt('2026-11-23T09:00+09:00');
      expect(kpi.digests.get('tokyo:2026-W47')!.goals.map((g) => g.goal)).toEqual([{ metric: 'firstResponseMedian', comparison: '<=', target: 45 * MINUTE }]);
    });
  });

  describe('week after week', () => {
    // Saturday 21 Nov 2026: every team is in 2026-W47 and past its Monday time, so the job posts W46
    // for all of them: the desk has been running.
    beforeEach(async () => {
      fresh('2026-11-21T12:00Z');
      const first = await postWeeklyDigests(deps);
      expect(first.posted.sort()).toEqual(['auckland:2026-W46', 'berlin:2026-W46', 'newyork:2026-W46', 'tokyo:2026-W46']);
      expect(first).toMatchObject({ alreadyPosted: 0, notDue: 2 });
      kpi.queries.length = 0;
      kpi.outbox.length = 0;
      narratives.length = 0;
    });

    it('posts nothing before the time, once the week has turned', async () => {
      // Sunday 19:59Z = Monday 08:59 in Auckland and 04:59 in Tokyo: their W48 has begun, their time not yet.
      // Berlin and New York are still in W47, whose digest (W46) is already out.
      expect(await runAt('2026-11-22T19:59:59.999Z')).toEqual({ posted: [], alreadyPosted: 2, notDue: 4 });
      expect(kpi.digests.size).toBe(4);
      expect(kpi.queries).toEqual([]);
    });

    it('posts each team’s digest when its own Monday 09:00 comes', async () => {
      const steps: [string, string[]][] = [
        ['2026-11-22T20:00Z', ['auckland:2026-W47']], // Monday 09:00 NZDT
        ['2026-11-22T23:59Z', []],
        ['2026-11-23T00:00Z', ['tokyo:2026-W47']], // Monday 09:00 JST
        ['2026-11-23T07:59Z', []],
        ['2026-11-23T08:00Z', ['berlin:2026-W47']], // Monday 09:00 CET
        ['2026-11-23T13:59Z', []],
        ['2026-11-23T14:00Z', ['newyork:2026-W47']], // Monday 09:00 EST
        ['2026-11-24T12:00Z', []],
      ];
      for (const [instant, posted] of steps) {
        const result = await runAt(instant);
        expect(result.posted, instant).toEqual(posted);
      }
      expect([...kpi.digests.keys()].filter((k) => k.endsWith('W47')).sort()).toEqual([
        'auckland:2026-W47', 'berlin:2026-W47', 'newyork:2026-W47', 'tokyo:2026-W47',
      ]);
      expect(kpi.recordedAt.slice(-4).map((d) => d.toISOString())).toEqual([
        '2026-11-22T20:00:00.000Z', '2026-11-23T00:00:00.000Z', '2026-11-23T08:00:00.000Z', '2026-11-23T14:00:00.000Z',
      ]);
    });

    it('posts once per team: a second run posts nothing', async () => {
      const first = await runAt('2026-11-23T15:00Z');
      expect(first.posted.sort()).toEqual(['auckland:2026-W47', 'berlin:2026-W47', 'newyork:2026-W47', 'tokyo:2026-W47']);
      expect(first).toMatchObject({ alreadyPosted: 0, notDue: 2 });
      expect(kpi.outbox.map((o) => o.dedupeKey).sort()).toEqual([
        'kpi.digest:auckland:2026-W47', 'kpi.digest:berlin:2026-W47', 'kpi.digest:newyork:2026-W47', 'kpi.digest:tokyo:2026-W47',
      ]);
      const queries = kpi.queries.length;
      const second = await runAt('2026-11-23T15:05Z');
      expect(second).toEqual({ posted: [], alreadyPosted: 4, notDue: 2 });
      expect(kpi.outbox).toHaveLength(4);
      expect(kpi.queries).toHaveLength(queries); // nothing rebuilt
    });

    it('skips teams without a channel and teams with the digest disabled', async () => {
      await runAt('2026-11-25T12:00Z');
      const teams = [...kpi.digests.keys()].map((k) => k.split(':')[0]);
      expect(teams).not.toContain('quiet');
      expect(teams).not.toContain('off');
      expect(kpi.queries.some((q) => q.teamId === 'quiet' || q.teamId === 'off')).toBe(false);
    });

    it('compares with the digest posted last week instead of recomputing it', async () => {
      await runAt('2026-11-23T08:00Z');
      const view = kpi.digests.get('berlin:2026-W47')!;
      expect(view.figures.week.label).toBe('2026-W47');
      expect(view.previous).toBe(kpi.digests.get('berlin:2026-W46')!.figures);
      expect(kpi.queries.filter((q) => q.teamId === 'berlin').map((q) => q.week.label)).toEqual(['2026-W47']);
    });

    it('posts last week’s digest when the job missed Monday (a run later in the week)', async () => {
      const result = await runAt('2026-11-26T12:00Z'); // Thursday
      expect(result.posted.sort()).toEqual(['auckland:2026-W47', 'berlin:2026-W47', 'newyork:2026-W47', 'tokyo:2026-W47']);
    });

    it('posts the week before the current one at year end', async () => {
      // Monday 2027-01-04 09:00 in Berlin is in 2027-W01: the digest is for 2026-W53.
      const result = await runAt('2027-01-04T09:00+01:00');
      expect(result.posted).toContain('berlin:2026-W53');
      expect(kpi.digests.get('berlin:2026-W53')!.previous?.week.label).toBe('2026-W52');
    });
  });
});
