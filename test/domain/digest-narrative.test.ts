import { describe, expect, it } from 'vitest';
import { type NarrativeFacts, allowedNumbers, checkNarrative, narrativeFacts, templateNarrative } from '../../src/domain/digest-narrative.ts';
import { type Comparison, GOAL_METRICS, type Goal, type GoalMetric, type WeeklyFigures, evaluateGoals } from '../../src/domain/kpi.ts';
import { mulberry32 } from '../support/seeded-random.ts';

const MINUTE = 60_000;

const NAMES: Record<string, string> = {
  U0ANNA001: 'Anna Berg',
  U0BEN0002: 'Ben Okafor',
  U0CEM0003: 'Cem Yılmaz',
  U0DANA004: 'Dana Roth',
  'team-social': 'Social Care',
  'team-legal': 'Legal',
};

/** A comment text that must never reach the facts, even if something puts it on the figures object. */
const SECRET_COMMENT = 'Your product burned my kitchen, call me at 0170 1234567';

/** Week 2026-W47 of team Social Care: a busy, ordinary week with one drill. */
function week47(over: Partial<WeeklyFigures> = {}): WeeklyFigures {
  return {
    teamId: 'team-social',
    week: { label: '2026-W47', start: new Date('2026-11-15T23:00:00Z'), end: new Date('2026-11-22T23:00:00Z'), timeZone: 'Europe/Berlin' },
    received: 1234,
    answered: 1150,
    dismissed: 40,
    routed: 31,
    firstResponseMedianMs: 65.3 * MINUTE,
    firstResponseP90Ms: 252 * MINUTE,
    firstResponseMedianClockMs: 98.6 * MINUTE,
    firstResponseP90ClockMs: 1234.5 * MINUTE,
    withinTargetShare: 0.8721,
    responseRate: 0.93365,
    backlogStart: 57,
    backlogEnd: 64,
    overdueNow: 11,
    escalations: { reminders: 23, channel: 6, lead: 2 },
    bySource: [
      { source: 'tiktok', received: 98, answered: 90, medianFirstResponseMs: 80 * MINUTE },
      { source: 'instagram', received: 712, answered: 668, medianFirstResponseMs: 61 * MINUTE },
      { source: 'youtube', received: 22, answered: 21, medianFirstResponseMs: 300 * MINUTE },
      { source: 'facebook', received: 402, answered: 371, medianFirstResponseMs: 70 * MINUTE },
    ],
    byPerson: [
      { memberId: 'U0BEN0002', claimed: 401, answered: 388, medianResponseMs: 44 * MINUTE },
      { memberId: 'U0ANNA001', claimed: 420, answered: 412, medianResponseMs: 39 * MINUTE },
      { memberId: 'U0NONAME9', claimed: 510, answered: 500, medianResponseMs: 30 * MINUTE },
      { memberId: 'U0DANA004', claimed: 50, answered: 49, medianResponseMs: 90 * MINUTE },
      { memberId: 'U0CEM0003', claimed: 310, answered: 301, medianResponseMs: 51 * MINUTE },
    ],
    byDepartment: [{ teamId: 'team-legal', routedIn: 12, answered: 9, medianCloseMs: 600 * MINUTE }],
    byDay: [{ date: '2026-11-16', received: 201, medianFirstResponseMs: 70 * MINUTE }],
    drills: [
      {
        number: 3,
        title: { de: 'Produktrückruf', en: 'Product recall' },
        startedAt: '2026-11-18T09:00:00.000Z',
        firstAckMs: 4.2 * MINUTE,
        stepsOnTime: 5,
        steps: 7,
        commentsAnswered: 17,
        commentsReceived: 19,
      },
    ],
    ...over,
  };
}

function week46(): WeeklyFigures {
  return week47({
    week: { label: '2026-W46', start: new Date('2026-11-08T23:00:00Z'), end: new Date('2026-11-15T23:00:00Z'), timeZone: 'Europe/Berlin' },
    received: 1102,
    answered: 1010,
    responseRate: 0.9214,
    withinTargetShare: 0.8433,
    firstResponseMedianMs: 58 * MINUTE,
    backlogStart: 49,
    backlogEnd: 57,
    overdueNow: 8,
    drills: [],
  });
}

const GOALS: Goal[] = [
  { metric: 'firstResponseMedian', comparison: '<=', target: 60 * MINUTE },
  { metric: 'responseRate', comparison: '>=', target: 0.9 },
  { metric: 'backlogEnd', comparison: '<=', target: 50 },
];

function factsOf(figures: WeeklyFigures = week47(), previous: WeeklyFigures | null = week46(), goals: Goal[] = GOALS): NarrativeFacts {
  return narrativeFacts({ figures, previous, goals: evaluateGoals(goals, figures, previous), teamName: 'Social Care', names: NAMES });
}

describe('narrativeFacts', () => {
  it('picks the figures in display units: percentages, minutes with a human form, goals', () => {
    const facts = factsOf();
    expect(facts.team).toBe('Social Care');
    expect(facts.week).toBe('2026-W47');
    expect([facts.received, facts.answered, facts.dismissed, facts.routed]).toEqual([1234, 1150, 40, 31]);
    expect(facts.responseRatePercent).toBe(93.4);
    expect(facts.withinTargetPercent).toBe(87.2);
    expect(facts.firstResponse).toEqual({
      medianWorking: { minutes: 65.3, human: '1 h 5 min' },
      p90Working: { minutes: 252, human: '4 h 12 min' },
      medianClock: { minutes: 98.6, human: '1 h 39 min' },
      p90Clock: { minutes: 1234.5, human: '20 h 35 min' },
    });
    expect(facts.backlog).toEqual({ start: 57, end: 64 });
    expect(facts.overdueNow).toBe(11);
    expect(facts.escalations).toEqual({ reminders: 23, channel: 6, lead: 2 });
    expect(facts.goals).toEqual([
      { metric: 'firstResponseMedian', comparison: '<=', unit: 'minutes', target: 60, actual: 65.3, met: false, trend: 'worse' },
      { metric: 'responseRate', comparison: '>=', unit: 'percent', target: 90, actual: 93.4, met: true, trend: 'better' },
      { metric: 'backlogEnd', comparison: '<=', unit: 'count', target: 50, actual: 64, met: false, trend: 'worse' },
    ]);
    expect(facts.drills).toEqual([{ number: 3, title: { de: 'Produktrückruf', en: 'Product recall' }, firstAck: { minutes: 4.2, human: '4 min' } }]);
    expect(facts.lastWeek).toEqual({
      week: '2026-W46',
      received: 1102,
      answered: 1010,
      responseRatePercent: 92.1,
      withinTargetPercent: 84.3,
      firstResponseMedian: { minutes: 58, human: '58 min' },
      backlogEnd: 57,
      overdueNow: 8,
    });
  });

  it('keeps the top 3 sources by received and the top 3 named people by answered', () => {
    const facts = factsOf();
    expect(facts.topSources).toEqual([
      { source: 'instagram', received: 712, answered: 668 },
      { source: 'facebook', received: 402, answered: 371 },
      { source: 'tiktok', received: 98, answered: 90 },
    ]);
    // U0NONAME9 answered most but has no display name: people appear by name only, never by id.
    expect(facts.topPeople).toEqual([
      { name: 'Anna Berg', answered: 412 },
      { name: 'Ben Okafor', answered: 388 },
      { name: 'Cem Yılmaz', answered: 301 },
    ]);
  });

  it('contains no comment texts, no ids and nothing from days, departments or drill internals', () => {
    const figures = week47();
    // Something upstream put a comment on the figures: the facts still must not carry it.
    Object.assign(figures, { sampleComments: [{ id: 'cmt_8f2a', authorName: 'Karl Kritisch', text: SECRET_COMMENT }] });
    const json = JSON.stringify(factsOf(figures));
    for (const forbidden of [SECRET_COMMENT, 'Karl Kritisch', 'cmt_8f2a', 'team-social', 'team-legal', 'U0ANNA001', 'U0BEN0002', 'U0NONAME9', '2026-11-18T09:00', 'Europe/Berlin', '2026-11-16']) {
      expect(json).not.toContain(forbidden);
    }
    expect(Object.keys(factsOf()).sort()).toEqual(
      [
        'answered',
        'backlog',
        'dismissed',
        'drills',
        'escalations',
        'firstResponse',
        'goals',
        'lastWeek',
        'overdueNow',
        'received',
        'responseRatePercent',
        'routed',
        'team',
        'topPeople',
        'topSources',
        'week',
        'withinTargetPercent',
      ].sort(),
    );
  });

  it('writes nulls for what could not be measured and null for no previous week', () => {
    const facts = factsOf(
      week47({ received: 0, answered: 0, responseRate: null, withinTargetShare: null, firstResponseMedianMs: null, firstResponseP90Ms: null }),
      null,
    );
    expect(facts.responseRatePercent).toBeNull();
    expect(facts.withinTargetPercent).toBeNull();
    expect(facts.firstResponse.medianWorking).toBeNull();
    expect(facts.lastWeek).toBeNull();
    expect(facts.goals[0]).toMatchObject({ actual: null, met: null, trend: null });
  });

  it('shows durations under a minute in seconds', () => {
    const facts = factsOf(week47({ firstResponseMedianMs: 45_000 }));
    expect(facts.firstResponse.medianWorking).toEqual({ minutes: 0.8, human: '48 s' });
  });
});

describe('allowedNumbers', () => {
  const allowed = allowedNumbers(factsOf());

  it('holds every figure normalised, with its integer and 1-decimal roundings', () => {
    for (const n of ['1234', '1150', '40', '31', '93.4', '93', '87.2', '87', '65.3', '65', '252', '98.6', '98', '1234.5', '57', '64', '11', '23', '712', '668', '412', '1102', '92.1', '58', '4.2', '4', '60', '50']) {
      expect(allowed.has(n), n).toBe(true);
    }
  });

  it('holds the label numbers and small counts, and nothing invented', () => {
    for (const n of ['2026', '47', '46', '0', '5', '7', '10', '90', '100']) expect(allowed.has(n), n).toBe(true);
    for (const n of ['1236', '94', '17', '1,234', '93,4', '12.5', '0.934', '13']) expect(allowed.has(n), n).toBe(false);
  });
});

describe('checkNarrative', () => {
  const facts = factsOf();

  it('accepts an English text with thousands separators, percentages, durations and ordinals', () => {
    const text =
      'In 2026-W47, 1,234 comments came in and you answered 1,150, a response rate of 93.4% (last week 92.1 %). ' +
      'The median first response took 1 h 5 min in working time, above the goal of at most 1 hour; the 90th percentile was 4 h 12 min. ' +
      'Anna Berg answered 412 comments, and drill #3 was acknowledged after 4 min 12 s. The backlog grew from 57 to 64, 11 overdue.';
    expect(checkNarrative(text, facts)).toEqual({ ok: true });
  });

  it('accepts German number forms: 1.234, 87,2 %, 1.234,5 Minuten, 1 Std. 5 Min., 3. Übung', () => {
    const text =
      'In KW 47 sind 1.234 Kommentare eingegangen, 1.150 davon habt ihr beantwortet – 87,2 % rechtzeitig. ' +
      'Die erste Reaktion kam im Median nach 1 Std. 5 Min., knapp über dem Ziel von 60 Minuten; in Uhrzeit lag das 90. Perzentil bei 1.234,5 Minuten. ' +
      'Bei der 3. Übung kam die erste Bestätigung nach 4,2 Min., und rund 93 % habt ihr beantwortet.';
    expect(checkNarrative(text, facts)).toEqual({ ok: true });
  });

  it('accepts numbers written other ways: 1234, a narrow-space 1 150, 1,1 Std., 252 minutes', () => {
    expect(checkNarrative('1234 came in, 1\u202F150 answered; the median was 1,1 Std. and p90 252 minutes.', facts)).toEqual({ ok: true });
  });

  it('rejects invented numbers and reports them as written', () => {
    expect(checkNarrative('In 2026-W47, 1,300 comments came in and you answered 94% of them.', facts)).toEqual({
      ok: false,
      unknown: ['1,300', '94'],
      reason: 'unknown-numbers',
    });
    expect(checkNarrative('Die Quote lag bei 12,5 %, am 17. November.', facts)).toMatchObject({ ok: false, unknown: ['12,5', '17'] });
    expect(checkNarrative('Last week was 2026-W45.', facts)).toMatchObject({ ok: false, unknown: ['45'] });
  });

  it('rejects durations that are no figure, even when their parts are small numbers', () => {
    expect(checkNarrative('The median first response took 2 h 5 min.', facts)).toMatchObject({ ok: false, unknown: ['2 h 5 min'] });
    expect(checkNarrative('Die erste Reaktion kam nach 3 Std.', facts)).toMatchObject({ ok: false, unknown: ['3 Std.'] });
    expect(checkNarrative('Acknowledged after 5 s.', facts)).toMatchObject({ ok: false, unknown: ['5 s'] });
  });

  it('reads numbers inside names and titles as text', () => {
    const withTitle = factsOf(week47({ drills: [{ ...week47().drills[0]!, title: { de: 'Ausfall 2.0 (3 h)', en: 'Outage 2.0 (3 h)' } }] }));
    expect(checkNarrative('You held drill #3 “Outage 2.0 (3 h)”, acknowledged after 4 min.', withTitle)).toEqual({ ok: true });
  });

  it('rejects empty and over-long texts, links and mentions', () => {
    expect(checkNarrative('   ', facts)).toEqual({ ok: false, unknown: [], reason: 'empty' });
    expect(checkNarrative('A calm week. '.repeat(70), facts)).toMatchObject({ ok: false, reason: 'too-long' });
    expect(checkNarrative('Details: https://example.com/report', facts)).toMatchObject({ ok: false, reason: 'link' });
    expect(checkNarrative('See www.example.org for more.', facts)).toMatchObject({ ok: false, reason: 'link' });
    expect(checkNarrative('Great work <@U0ANNA001>!', facts)).toMatchObject({ ok: false, reason: 'mention' });
    expect(checkNarrative('<!here> the backlog grew.', facts)).toMatchObject({ ok: false, reason: 'mention' });
    expect(checkNarrative('@channel the backlog grew.', facts)).toMatchObject({ ok: false, reason: 'mention' });
  });
});

describe('templateNarrative', () => {
  it('writes a normal week in English', () => {
    const facts = factsOf();
    const text = templateNarrative(facts, 'en');
    expect(text).toBe(
      'In 2026-W47, 1,234 comments came in and you answered 1,150, a response rate of 93.4 %. ' +
        'The median first response took 1 h 5 min in working time (last week: 58 min), so the goal of at most 1 h was missed. ' +
        'The backlog grew from 57 to 64 open comments, 11 of them overdue right now. ' +
        'You held one crisis drill: #3 “Product recall” (first acknowledgement after 4 min).',
    );
    expect(checkNarrative(text, facts)).toEqual({ ok: true });
  });

  it('writes a normal week in German, in the du/ihr tone', () => {
    const facts = factsOf();
    const text = templateNarrative(facts, 'de');
    expect(text).toBe(
      'In KW 47 sind 1.234 Kommentare eingegangen, 1.150 davon habt ihr beantwortet – eine Antwortquote von 93,4 %. ' +
        'Die erste Reaktion kam im Median nach 1 Std. 5 Min. (Arbeitszeit), in der Vorwoche nach 58 Min. – das Ziel von höchstens 1 Std. habt ihr verfehlt. ' +
        'Die offenen Kommentare sind von 57 auf 64 gestiegen, 11 davon sind gerade überfällig. ' +
        'Ihr habt eine Krisenübung gemacht: Nr. 3 „Produktrückruf“ (erste Bestätigung nach 4 Min.).',
    );
    expect(checkNarrative(text, facts)).toEqual({ ok: true });
  });

  it('says when nothing arrived', () => {
    const empty = week47({
      received: 0,
      answered: 0,
      dismissed: 0,
      routed: 0,
      responseRate: null,
      withinTargetShare: null,
      firstResponseMedianMs: null,
      firstResponseP90Ms: null,
      firstResponseMedianClockMs: null,
      firstResponseP90ClockMs: null,
      backlogStart: 0,
      backlogEnd: 0,
      overdueNow: 0,
      escalations: { reminders: 0, channel: 0, lead: 0 },
      bySource: [],
      byPerson: [],
      byDepartment: [],
      byDay: [],
      drills: [],
    });
    const facts = factsOf(empty, null);
    expect(templateNarrative(facts, 'en')).toBe('No new comments came in during 2026-W47. No comments are waiting.');
    expect(templateNarrative(facts, 'de')).toBe('In KW 47 sind keine neuen Kommentare eingegangen. Es warten keine offenen Kommentare.');
    for (const locale of ['en', 'de'] as const) expect(checkNarrative(templateNarrative(facts, locale), facts)).toEqual({ ok: true });

    const backlogOnly = factsOf(week47({ ...empty, answered: 4, backlogStart: 9, backlogEnd: 5, overdueNow: 1 }), null);
    expect(templateNarrative(backlogOnly, 'en')).toBe(
      'No new comments came in during 2026-W47; you answered 4 older ones. The backlog shrank from 9 to 5 open comments, 1 of them overdue right now.',
    );
    expect(checkNarrative(templateNarrative(backlogOnly, 'de'), backlogOnly)).toEqual({ ok: true });
  });

  it('names several drills and their acknowledgements, and a goal that was met', () => {
    const figures = week47({
      firstResponseMedianMs: 42 * MINUTE,
      drills: [
        { ...week47().drills[0]!, number: 4, firstAckMs: 48_000 },
        { ...week47().drills[0]!, number: 5, title: { de: 'Datenleck', en: 'Data leak' }, firstAckMs: null },
      ],
    });
    const facts = factsOf(figures);
    const en = templateNarrative(facts, 'en');
    expect(en).toContain('so the goal of at most 1 h was met');
    expect(en).toContain('You held 2 crisis drills: #4 “Product recall” (first acknowledgement after 48 s) and #5 “Data leak” (not acknowledged).');
    const de = templateNarrative(facts, 'de');
    expect(de).toContain('habt ihr erreicht');
    expect(de).toContain('Ihr habt 2 Krisenübungen gemacht: Nr. 4 „Produktrückruf“ (erste Bestätigung nach 48 Sek.) und Nr. 5 „Datenleck“ (keine Bestätigung)');
    expect(checkNarrative(en, facts)).toEqual({ ok: true });
    expect(checkNarrative(de, facts)).toEqual({ ok: true });
  });

  it('passes its own check for many generated weeks, in both languages', () => {
    const random = mulberry32(47);
    const int = (max: number) => Math.floor(random() * (max + 1));
    const maybe = <T>(value: T, nullShare = 0.2): T | null => (random() < nullShare ? null : value);
    const duration = () => maybe(random() < 0.2 ? int(59_999) : int(3 * 24 * 60) * MINUTE + int(59_999));
    const metrics = Object.keys(GOAL_METRICS) as GoalMetric[];
    const comparisons: Comparison[] = ['<=', '<', '>=', '>'];
    const titles = [
      { de: 'Produktrückruf', en: 'Product recall' },
      { de: 'Ausfall 2.0 (3 h)', en: 'Outage 2.0 (3 h)' },
      { de: 'Shitstorm 2026', en: 'Shitstorm 2026' },
      { de: 'Datenleck bei 1.234 Kunden', en: 'Data leak, 1,234 customers' },
    ];
    const generate = (label: string): WeeklyFigures => {
      const received = random() < 0.15 ? 0 : int(random() < 0.3 ? 25_000 : 400);
      return week47({
        week: { ...week47().week, label },
        received,
        answered: int(received + 5),
        dismissed: int(30),
        routed: int(30),
        firstResponseMedianMs: duration(),
        firstResponseP90Ms: duration(),
        firstResponseMedianClockMs: duration(),
        firstResponseP90ClockMs: duration(),
        withinTargetShare: maybe(random()),
        responseRate: maybe(random()),
        backlogStart: int(random() < 0.3 ? 0 : 3_000),
        backlogEnd: int(random() < 0.3 ? 0 : 3_000),
        overdueNow: int(200),
        escalations: { reminders: int(50), channel: int(20), lead: int(10) },
        drills: Array.from({ length: random() < 0.6 ? 0 : int(5) }, (_, i) => ({
          ...week47().drills[0]!,
          number: i + 1 + int(40),
          title: titles[int(titles.length - 1)]!,
          firstAckMs: duration(),
        })),
      });
    };
    for (let run = 0; run < 400; run++) {
      const figures = generate(`20${20 + int(9)}-W${String(1 + int(52)).padStart(2, '0')}`);
      const previous = random() < 0.3 ? null : generate('2026-W46');
      const goals: Goal[] = Array.from({ length: int(4) }, () => {
        const metric = metrics[int(metrics.length - 1)]!;
        const kind = GOAL_METRICS[metric];
        const target = kind === 'duration' ? int(240) * MINUTE + int(59_999) : kind === 'share' ? random() : int(100);
        return { metric, comparison: comparisons[int(3)]!, target };
      });
      const facts = factsOf(figures, previous, goals);
      for (const locale of ['en', 'de'] as const) {
        const text = templateNarrative(facts, locale);
        const check = checkNarrative(text, facts);
        expect(check, `${locale}: ${text}`).toEqual({ ok: true });
        expect(text.length).toBeLessThanOrEqual(900);
      }
    }
  });
});

