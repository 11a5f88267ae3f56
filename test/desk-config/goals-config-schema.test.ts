import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import { digestScheduleSchema, goalSchema, goalsSchema } from '../../src/desk-config/goals-config-schema.ts';
import { parseDeskConfig } from '../../src/desk-config/load-desk-config.ts';
import { GOAL_METRICS, type GoalMetric } from '../../src/domain/kpi.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** A small valid desk; tests add goals and digests to it. */
function desk(extra: Record<string, unknown> = {}, teamExtra: Record<string, unknown>[] = [{}, {}]): Record<string, unknown> {
  return {
    defaultTeam: 'community',
    teams: [
      { id: 'community', name: 'Community', slackChannel: 'C0COMM0001', timeZone: 'Europe/Berlin', ...teamExtra[0] },
      { id: 'legal', name: 'Legal', slackChannel: 'C0LEGAL001', ...teamExtra[1] },
    ],
    ...extra,
  };
}

/** The issues of an invalid value as "path: message" lines. */
function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}

/** The ConfigError message parseDeskConfig gives for an invalid desk. */
function configError(raw: unknown): string {
  try {
    parseDeskConfig(JSON.stringify(raw), 'desk.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the desk configuration to be rejected');
}

describe('goalSchema: targets in the metric’s unit', () => {
  it.each<[GoalMetric, string | number, number]>([
    // Durations → ms.
    ['firstResponseMedian', '45m', 45 * MINUTE],
    ['firstResponseMedian', '1h', HOUR],
    ['firstResponseMedian', '1h30m', 90 * MINUTE],
    ['firstResponseMedian', ' 2h ', 2 * HOUR],
    ['firstResponseP90', '4h', 4 * HOUR],
    ['firstResponseP90', '90s', 90 * SECOND],
    ['firstResponseP90', '1h0m30s', HOUR + 30 * SECOND],
    ['firstResponseMedianClock', '120m', 2 * HOUR],
    ['firstResponseMedianClock', 5_400_000, 5_400_000], // an already parsed value (ms) stays
    // Shares → 0–1.
    ['withinTargetShare', '90%', 0.9],
    ['withinTargetShare', '90 %', 0.9],
    ['withinTargetShare', '87.5%', 0.875],
    ['withinTargetShare', 0.9, 0.9],
    ['responseRate', '100%', 1],
    ['responseRate', '0%', 0],
    ['responseRate', 1, 1],
    ['responseRate', 0, 0],
    // Counts → whole numbers.
    ['backlogEnd', 20, 20],
    ['backlogEnd', '20', 20],
    ['overdueNow', 0, 0],
    ['answered', 500, 500],
    ['escalations', 3, 3],
  ])('%s: %j → %d', (metric, target, expected) => {
    const goal = goalSchema.parse({ metric, comparison: '<=', target });
    expect(goal).toEqual({ metric, comparison: '<=', target: expected });
    expect(goal.target).toBeCloseTo(expected, 12);
  });

  it('parses a goal for every metric', () => {
    const sample = { duration: '1h', share: '90%', count: 10 } as const;
    const expected = { duration: HOUR, share: 0.9, count: 10 } as const;
    for (const [metric, kind] of Object.entries(GOAL_METRICS)) {
      expect(goalSchema.parse({ metric, comparison: '>=', target: sample[kind] })).toEqual({ metric, comparison: '>=', target: expected[kind] });
    }
  });

  it('accepts every comparison', () => {
    for (const comparison of ['<=', '<', '>=', '>']) {
      expect(goalSchema.parse({ metric: 'answered', comparison, target: 1 }).comparison).toBe(comparison);
    }
  });

  it('is stable when a parsed goal is validated again', () => {
    const goals = goalsSchema.parse([
      { metric: 'firstResponseMedian', comparison: '<=', target: '1h30m' },
      { metric: 'responseRate', comparison: '>=', target: '95%' },
      { metric: 'backlogEnd', comparison: '<', target: 30 },
    ]);
    expect(goalsSchema.parse(goals)).toEqual(goals);
  });

  it.each<[GoalMetric, unknown, string]>([
    ['firstResponseMedian', '45', 'use a duration such as 45m, 1h or 1h30m for firstResponseMedian'],
    ['firstResponseMedian', '', 'use a duration such as 45m, 1h or 1h30m for firstResponseMedian'],
    ['firstResponseMedian', '1 h', 'use a duration such as 45m, 1h or 1h30m for firstResponseMedian'],
    ['firstResponseMedian', '1d', 'use a duration such as 45m, 1h or 1h30m for firstResponseMedian'],
    ['firstResponseMedian', '30m1h', 'use a duration such as 45m, 1h or 1h30m for firstResponseMedian'],
    ['firstResponseP90', -5, 'use a duration such as 45m, 1h or 1h30m for firstResponseP90 (a bare number is not a duration)'],
    ['firstResponseP90', 0, 'use a duration such as 45m, 1h or 1h30m for firstResponseP90 (a bare number is not a duration)'],
    // 45 meant as minutes would silently be 45 ms: refused.
    ['firstResponseMedian', 45, 'use a duration such as 45m, 1h or 1h30m for firstResponseMedian (a bare number is not a duration)'],
    ['firstResponseMedianClock', '0m', 'the target of firstResponseMedianClock must be longer than zero'],
    ['firstResponseMedianClock', '0h0m', 'the target of firstResponseMedianClock must be longer than zero'],
    ['withinTargetShare', '150%', 'use a share such as 90% (or 0.9) for withinTargetShare'],
    ['withinTargetShare', 90, 'use a share such as 90% (or 0.9) for withinTargetShare'],
    ['withinTargetShare', -0.1, 'use a share such as 90% (or 0.9) for withinTargetShare'],
    ['responseRate', 'ninety', 'use a share such as 90% (or 0.9) for responseRate'],
    ['responseRate', '', 'use a share such as 90% (or 0.9) for responseRate'],
    ['responseRate', '-5%', 'use a share such as 90% (or 0.9) for responseRate'],
    ['backlogEnd', 2.5, 'use a whole number of comments for backlogEnd'],
    ['overdueNow', -1, 'use a whole number of comments for overdueNow'],
    ['answered', 'many', 'use a whole number of comments for answered'],
    ['escalations', '1h', 'use a whole number of comments for escalations'],
  ])('rejects %s with target %j, saying what to write', (metric, target, message) => {
    expect(issues(goalSchema.safeParse({ metric, comparison: '<=', target }))).toEqual([`target: ${message}`]);
  });

  it('rejects an empty target for a count', () => {
    // Number('') is 0, so `target: ""` on a count metric turns into the goal "backlogEnd <= 0"
    // instead of an error (durations and shares reject the empty string).
    expect(issues(goalSchema.safeParse({ metric: 'backlogEnd', comparison: '<=', target: '' }))).toEqual([
      'target: use a whole number of comments for backlogEnd',
    ]);
  });

  it('rejects an unknown metric, listing the metrics', () => {
    const [line, ...rest] = issues(goalSchema.safeParse({ metric: 'likes', comparison: '>=', target: 5 }));
    expect(rest).toEqual([]);
    expect(line).toBe(`metric: use one of ${Object.keys(GOAL_METRICS).join(', ')}`);
  });

  it('rejects an unknown comparison, listing the comparisons', () => {
    expect(issues(goalSchema.safeParse({ metric: 'answered', comparison: '==', target: 5 }))).toEqual(['comparison: use <=, <, >= or >']);
  });

  it('rejects unknown keys and missing fields', () => {
    expect(goalSchema.safeParse({ metric: 'answered', comparison: '>=', target: 5, unit: 'comments' }).success).toBe(false);
    expect(goalSchema.safeParse({ metric: 'answered', comparison: '>=' }).success).toBe(false);
    expect(goalSchema.safeParse({ metric: 'answered', target: 5 }).success).toBe(false);
    expect(goalSchema.safeParse({ metric: 'answered', comparison: '>=', target: null }).success).toBe(false);
  });

  it('allows at most 20 goals', () => {
    const goal = { metric: 'answered', comparison: '>=', target: 1 };
    expect(goalsSchema.parse(Array.from({ length: 20 }, () => goal))).toHaveLength(20);
    expect(issues(goalsSchema.safeParse(Array.from({ length: 21 }, () => goal)))).toEqual([': name at most 20 goals']);
  });
});

describe('digestScheduleSchema', () => {
  it('defaults to Monday 09:00, enabled', () => {
    expect(digestScheduleSchema.parse({})).toEqual({ weekday: 'mon', time: '09:00', enabled: true });
    expect(digestScheduleSchema.parse({ enabled: false })).toEqual({ weekday: 'mon', time: '09:00', enabled: false });
  });

  it('takes a weekday and a time', () => {
    expect(digestScheduleSchema.parse({ weekday: 'fri', time: '16:30' })).toEqual({ weekday: 'fri', time: '16:30', enabled: true });
    expect(digestScheduleSchema.parse({ weekday: 'sun', time: '00:00' }).time).toBe('00:00');
    expect(digestScheduleSchema.parse({ weekday: 'sat', time: '23:59' }).time).toBe('23:59');
  });

  it.each(['9:00', '24:00', '12:60', '0900', '09:00:00', ''])('rejects the time %j with "use HH:MM"', (time) => {
    expect(issues(digestScheduleSchema.safeParse({ time }))).toEqual(['time: use HH:MM, e.g. 09:00']);
  });

  it('rejects an unknown weekday and unknown keys', () => {
    expect(issues(digestScheduleSchema.safeParse({ weekday: 'monday' }))[0]).toMatch(/^weekday: /);
    expect(digestScheduleSchema.safeParse({ weekday: 'mon', hour: 9 }).success).toBe(false);
    expect(digestScheduleSchema.safeParse({ enabled: 'yes' }).success).toBe(false);
  });
});

describe('goals and digest in the desk configuration', () => {
  it('defaults to no goals and a Monday 09:00 digest', () => {
    const cfg = deskConfigSchema.parse(desk());
    expect(cfg.goals).toEqual([]);
    expect(cfg.digest).toEqual({ weekday: 'mon', time: '09:00', enabled: true });
    expect(cfg.teams[0]!.goals).toBeUndefined();
    expect(cfg.teams[0]!.digest).toBeUndefined();
    const directory = buildDirectory(cfg);
    expect(directory.team('community')!.digest).toEqual({ weekday: 'mon', time: '09:00', enabled: true });
    expect(directory.team('community')!.goals).toEqual([]);
  });

  it('parses desk-level goals and digest', () => {
    const cfg = deskConfigSchema.parse(
      desk({
        goals: [
          { metric: 'firstResponseMedian', comparison: '<=', target: '1h' },
          { metric: 'responseRate', comparison: '>=', target: '90%' },
        ],
        digest: { weekday: 'fri', time: '16:00' },
      }),
    );
    expect(cfg.goals).toEqual([
      { metric: 'firstResponseMedian', comparison: '<=', target: HOUR },
      { metric: 'responseRate', comparison: '>=', target: 0.9 },
    ]);
    expect(cfg.digest).toEqual({ weekday: 'fri', time: '16:00', enabled: true });
  });

  it('names the path of a bad desk-level goal', () => {
    const result = deskConfigSchema.safeParse(
      desk({
        goals: [
          { metric: 'firstResponseMedian', comparison: '<=', target: '1h' },
          { metric: 'responseRate', comparison: '>=', target: '190%' },
        ],
      }),
    );
    expect(issues(result)).toEqual(['goals.1.target: use a share such as 90% (or 0.9) for responseRate']);
    expect(issues(deskConfigSchema.safeParse(desk({ goals: [{ metric: 'firstResponseMedian', comparison: '<=', target: 'soon' }] })))).toEqual([
      'goals.0.target: use a duration such as 45m, 1h or 1h30m for firstResponseMedian',
    ]);
  });

  it('names the path of an unknown metric and of a bad digest', () => {
    const lines = issues(deskConfigSchema.safeParse(desk({ goals: [{ metric: 'likes', comparison: '>=', target: 5 }], digest: { time: '9am' } })));
    expect(lines).toContain(`goals.0.metric: use one of ${Object.keys(GOAL_METRICS).join(', ')}`);
    expect(lines).toContain('digest.time: use HH:MM, e.g. 09:00');
  });

  it('names the path of a bad team goal and team digest', () => {
    const lines = issues(
      deskConfigSchema.safeParse(
        desk({}, [{}, { goals: [{ metric: 'answered', comparison: '>=', target: 5 }, { metric: 'overdueNow', comparison: '<=', target: 1.5 }], digest: { weekday: 'someday' } }]),
      ),
    );
    expect(lines).toContain('teams.1.goals.1.target: use a whole number of comments for overdueNow');
    expect(lines.some((l) => l.startsWith('teams.1.digest.weekday: '))).toBe(true);
  });

  it('shows the path and the hint in the ConfigError a desk file gives', () => {
    const message = configError(desk({ goals: [{ metric: 'firstResponseP90', comparison: '<=', target: '4 hours' }] }));
    expect(message).toContain('desk.json is not valid');
    expect(message).toContain('  - goals.0.target: use a duration such as 45m, 1h or 1h30m for firstResponseP90');
    const team = configError(desk({}, [{ goals: [{ metric: 'nope', comparison: '<=', target: 1 }] }, {}]));
    expect(team).toContain('  - teams.0.goals.0.metric: use one of firstResponseMedian,');
  });
});

describe('goals and digest in the directory', () => {
  const deskGoals = [
    { metric: 'firstResponseMedian', comparison: '<=', target: '1h' },
    { metric: 'responseRate', comparison: '>=', target: '90%' },
  ];

  it("replaces the desk's goals with a team's own (no merging)", () => {
    const directory = buildDirectory(
      deskConfigSchema.parse(desk({ goals: deskGoals }, [{ goals: [{ metric: 'backlogEnd', comparison: '<=', target: 25 }] }, {}])),
    );
    expect(directory.team('community')!.goals).toEqual([{ metric: 'backlogEnd', comparison: '<=', target: 25 }]);
    expect(directory.team('legal')!.goals).toEqual([
      { metric: 'firstResponseMedian', comparison: '<=', target: HOUR },
      { metric: 'responseRate', comparison: '>=', target: 0.9 },
    ]);
  });

  it('lets a team drop the desk goals with an empty list', () => {
    const directory = buildDirectory(deskConfigSchema.parse(desk({ goals: deskGoals }, [{ goals: [] }, {}])));
    expect(directory.team('community')!.goals).toEqual([]);
    expect(directory.team('legal')!.goals).toHaveLength(2);
  });

  it("uses a team's digest instead of the desk's", () => {
    const directory = buildDirectory(
      deskConfigSchema.parse(desk({ digest: { weekday: 'tue', time: '08:00' } }, [{ digest: { weekday: 'fri', time: '15:30' } }, { digest: { enabled: false } }])),
    );
    expect(directory.team('community')!.digest).toEqual({ weekday: 'fri', time: '15:30', enabled: true });
    expect(directory.team('legal')!.digest).toMatchObject({ enabled: false });
  });

  it("gives a team without its own digest the desk's", () => {
    const directory = buildDirectory(deskConfigSchema.parse(desk({ digest: { weekday: 'wed', time: '07:15', enabled: false } })));
    expect(directory.team('community')!.digest).toEqual({ weekday: 'wed', time: '07:15', enabled: false });
    expect(directory.team('legal')!.digest).toEqual({ weekday: 'wed', time: '07:15', enabled: false });
  });
});

describe('a team digest schedule', () => {
  it('changes only what the team names; the rest comes from the desk', () => {
    const directory = buildDirectory(
      deskConfigSchema.parse({
        defaultTeam: 'a',
        digest: { weekday: 'fri', time: '16:00' },
        teams: [
          { id: 'a', name: 'A' },
          { id: 'b', name: 'B', digest: { time: '10:00' } },
          { id: 'c', name: 'C', digest: { enabled: false } },
        ],
      }),
    );
    expect(directory.team('a')?.digest).toEqual({ weekday: 'fri', time: '16:00', enabled: true });
    expect(directory.team('b')?.digest).toEqual({ weekday: 'fri', time: '10:00', enabled: true });
    expect(directory.team('c')?.digest).toEqual({ weekday: 'fri', time: '16:00', enabled: false });
  });
});
