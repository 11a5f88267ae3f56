import { describe, expect, it } from 'vitest';
import {
  type Comparison,
  type DigestView,
  GOAL_METRICS,
  type Goal,
  type GoalMetric,
  type WeeklyFigures,
  compare,
  evaluateGoals,
  metricValue,
  reviveDigest,
} from '../../src/domain/kpi.ts';
import { parseIsoWeek } from '../../src/domain/kpi-week.ts';

const MINUTE = 60_000;

function figures(overrides: Partial<WeeklyFigures> = {}): WeeklyFigures {
  return {
    teamId: 'community',
    week: parseIsoWeek('2026-W47', 'Europe/Berlin')!,
    received: 120,
    answered: 100,
    dismissed: 8,
    routed: 3,
    firstResponseMedianMs: 42 * MINUTE,
    firstResponseP90Ms: 150 * MINUTE,
    firstResponseMedianClockMs: 75 * MINUTE,
    firstResponseP90ClockMs: 300 * MINUTE,
    withinTargetShare: 0.85,
    responseRate: 0.9,
    backlogStart: 10,
    backlogEnd: 12,
    overdueNow: 4,
    escalations: { reminders: 20, channel: 5, lead: 2 },
    bySource: [],
    byPerson: [],
    byDepartment: [],
    byDay: [],
    drills: [],
    ...overrides,
  };
}

describe('GOAL_METRICS', () => {
  it('names every metric with its unit', () => {
    expect(GOAL_METRICS).toEqual({
      firstResponseMedian: 'duration',
      firstResponseP90: 'duration',
      firstResponseMedianClock: 'duration',
      withinTargetShare: 'share',
      responseRate: 'share',
      backlogEnd: 'count',
      overdueNow: 'count',
      answered: 'count',
      escalations: 'count',
    });
  });
});

describe('metricValue', () => {
  const f = figures();
  it.each<[GoalMetric, number | null]>([
    ['firstResponseMedian', 42 * MINUTE],
    ['firstResponseP90', 150 * MINUTE],
    ['firstResponseMedianClock', 75 * MINUTE],
    ['withinTargetShare', 0.85],
    ['responseRate', 0.9],
    ['backlogEnd', 12],
    ['overdueNow', 4],
    ['answered', 100],
    ['escalations', 2],
  ])('reads %s', (metric, value) => {
    expect(metricValue(f, metric)).toBe(value);
  });

  it('reads escalations as the escalations to the lead only', () => {
    expect(metricValue(figures({ escalations: { reminders: 99, channel: 50, lead: 7 } }), 'escalations')).toBe(7);
    expect(metricValue(figures({ escalations: { reminders: 99, channel: 50, lead: 0 } }), 'escalations')).toBe(0);
  });

  it('passes null values through', () => {
    const empty = figures({ firstResponseMedianMs: null, firstResponseP90Ms: null, firstResponseMedianClockMs: null, withinTargetShare: null, responseRate: null });
    for (const metric of ['firstResponseMedian', 'firstResponseP90', 'firstResponseMedianClock', 'withinTargetShare', 'responseRate'] as const) {
      expect(metricValue(empty, metric)).toBeNull();
    }
  });

  it('has a value for every metric in GOAL_METRICS', () => {
    for (const metric of Object.keys(GOAL_METRICS) as GoalMetric[]) expect(metricValue(figures(), metric)).not.toBeUndefined();
  });
});

describe('compare', () => {
  it.each<[number, Comparison, number, boolean]>([
    [5, '<=', 5, true],
    [4, '<=', 5, true],
    [6, '<=', 5, false],
    [5, '<', 5, false],
    [4, '<', 5, true],
    [5, '>=', 5, true],
    [6, '>=', 5, true],
    [4, '>=', 5, false],
    [5, '>', 5, false],
    [6, '>', 5, true],
    [0.9, '>=', 0.9, true],
    [0, '<=', 0, true],
  ])('%d %s %d is %s', (actual, comparison, target, expected) => {
    expect(compare(actual, comparison, target)).toBe(expected);
  });
});

describe('evaluateGoals', () => {
  const median = (comparison: Comparison, minutes: number): Goal => ({ metric: 'firstResponseMedian', comparison, target: minutes * MINUTE });

  it('returns one result per goal, in order, with the goal itself', () => {
    const goals: Goal[] = [median('<=', 60), { metric: 'responseRate', comparison: '>=', target: 0.95 }, { metric: 'backlogEnd', comparison: '<', target: 20 }];
    const results = evaluateGoals(goals, figures(), null);
    expect(results.map((r) => r.goal)).toEqual(goals);
    expect(results.map((r) => r.actual)).toEqual([42 * MINUTE, 0.9, 12]);
    expect(results.map((r) => r.met)).toEqual([true, false, true]);
  });

  it('returns nothing for no goals', () => {
    expect(evaluateGoals([], figures(), figures())).toEqual([]);
  });

  it('decides met and missed at the boundary by the comparison', () => {
    const f = figures({ firstResponseMedianMs: 60 * MINUTE, answered: 100 });
    expect(evaluateGoals([median('<=', 60)], f, null)[0]!.met).toBe(true);
    expect(evaluateGoals([median('<', 60)], f, null)[0]!.met).toBe(false);
    expect(evaluateGoals([{ metric: 'answered', comparison: '>=', target: 100 }], f, null)[0]!.met).toBe(true);
    expect(evaluateGoals([{ metric: 'answered', comparison: '>', target: 100 }], f, null)[0]!.met).toBe(false);
  });

  it('has no verdict and no trend when there is nothing to measure', () => {
    const [result] = evaluateGoals([median('<=', 60)], figures({ firstResponseMedianMs: null }), figures());
    expect(result).toEqual({ goal: median('<=', 60), actual: null, met: null, previous: 42 * MINUTE, trend: null });
  });

  it('has no trend without a previous week, or when last week had no value', () => {
    expect(evaluateGoals([median('<=', 60)], figures(), null)[0]).toMatchObject({ actual: 42 * MINUTE, met: true, previous: null, trend: null });
    const [result] = evaluateGoals([median('<=', 60)], figures(), figures({ firstResponseMedianMs: null }));
    expect(result).toMatchObject({ actual: 42 * MINUTE, met: true, previous: null, trend: null });
  });

  describe('trend of a lower-is-better goal', () => {
    for (const comparison of ['<=', '<'] as const) {
      it(`(${comparison}): down is better, up is worse, equal is the same`, () => {
        const goal = median(comparison, 60);
        const now = figures({ firstResponseMedianMs: 40 * MINUTE });
        expect(evaluateGoals([goal], now, figures({ firstResponseMedianMs: 50 * MINUTE }))[0]).toMatchObject({ previous: 50 * MINUTE, trend: 'better' });
        expect(evaluateGoals([goal], now, figures({ firstResponseMedianMs: 30 * MINUTE }))[0]).toMatchObject({ previous: 30 * MINUTE, trend: 'worse' });
        expect(evaluateGoals([goal], now, figures({ firstResponseMedianMs: 40 * MINUTE }))[0]).toMatchObject({ previous: 40 * MINUTE, trend: 'same' });
      });
    }
  });

  describe('trend of a higher-is-better goal', () => {
    for (const comparison of ['>=', '>'] as const) {
      it(`(${comparison}): up is better, down is worse, equal is the same`, () => {
        const goal: Goal = { metric: 'responseRate', comparison, target: 0.9 };
        const now = figures({ responseRate: 0.92 });
        expect(evaluateGoals([goal], now, figures({ responseRate: 0.8 }))[0]).toMatchObject({ previous: 0.8, trend: 'better' });
        expect(evaluateGoals([goal], now, figures({ responseRate: 0.95 }))[0]).toMatchObject({ previous: 0.95, trend: 'worse' });
        expect(evaluateGoals([goal], now, figures({ responseRate: 0.92 }))[0]).toMatchObject({ previous: 0.92, trend: 'same' });
      });
    }
  });

  it('judges the trend independently of whether the goal was met', () => {
    // Missed both weeks, but closer this week: better.
    const goal = median('<=', 30);
    const [result] = evaluateGoals([goal], figures({ firstResponseMedianMs: 45 * MINUTE }), figures({ firstResponseMedianMs: 90 * MINUTE }));
    expect(result).toMatchObject({ met: false, trend: 'better' });
    // Met both weeks, but further from the target: worse.
    const [met] = evaluateGoals([goal], figures({ firstResponseMedianMs: 20 * MINUTE }), figures({ firstResponseMedianMs: 10 * MINUTE }));
    expect(met).toMatchObject({ met: true, trend: 'worse' });
  });

  it('reads escalations from figures.escalations.lead (reminders and channel posts do not count)', () => {
    const goal: Goal = { metric: 'escalations', comparison: '<=', target: 2 };
    const now = figures({ escalations: { reminders: 50, channel: 30, lead: 1 } });
    const before = figures({ escalations: { reminders: 5, channel: 3, lead: 4 } });
    expect(evaluateGoals([goal], now, before)[0]).toEqual({ goal, actual: 1, met: true, previous: 4, trend: 'better' });
    const many = figures({ escalations: { reminders: 0, channel: 0, lead: 3 } });
    expect(evaluateGoals([goal], many, now)[0]).toEqual({ goal, actual: 3, met: false, previous: 1, trend: 'worse' });
  });

  it('treats a count goal of zero as met at zero', () => {
    const goal: Goal = { metric: 'overdueNow', comparison: '<=', target: 0 };
    expect(evaluateGoals([goal], figures({ overdueNow: 0 }), figures({ overdueNow: 3 }))[0]).toMatchObject({ actual: 0, met: true, previous: 3, trend: 'better' });
  });
});

describe('reviveDigest', () => {
  function view(previous: WeeklyFigures | null): DigestView {
    const f = figures();
    return {
      teamId: 'community',
      teamName: 'Community',
      locale: 'de',
      figures: f,
      previous,
      goals: evaluateGoals([{ metric: 'answered', comparison: '>=', target: 90 }], f, previous),
      narrative: { text: 'Eine gute Woche.', source: 'template' },
      names: { anna: 'Anna' },
    };
  }

  it('turns the weeks back into Dates after a JSON round trip', () => {
    const original = view(figures({ week: parseIsoWeek('2026-W46', 'Europe/Berlin')!, answered: 80 }));
    const revived = reviveDigest(JSON.parse(JSON.stringify(original)));
    expect(revived.figures.week.start).toBeInstanceOf(Date);
    expect(revived.figures.week.end).toBeInstanceOf(Date);
    expect(revived.previous!.week.start).toBeInstanceOf(Date);
    expect(revived).toEqual(original);
  });

  it('keeps a missing previous week null', () => {
    const original = view(null);
    const revived = reviveDigest(JSON.parse(JSON.stringify(original)));
    expect(revived.previous).toBeNull();
    expect(revived).toEqual(original);
  });
});
