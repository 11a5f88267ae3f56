import { describe, expect, it } from 'vitest';
import { blockKitViolations, type TextObject, textObjects } from '../../support/block-kit.ts';
import type { SlackBlock, SlackMessage } from '../../../src/chat/slack/render-card.ts';
import { DIGEST_MAX_BLOCKS, renderDigest } from '../../../src/chat/slack/render-digest.ts';
import { type DigestView, type Goal, type WeeklyFigures, evaluateGoals } from '../../../src/domain/kpi.ts';
import { kpiTexts } from '../../../src/domain/kpi-texts.ts';

// ---- fixtures ----------------------------------------------------------------------------

const MIN = 60_000;
const HOUR = 60 * MIN;

/** 2026-W47 and W46 in Europe/Berlin (CET): Monday 00:00 local is Sunday 23:00 UTC. */
const W47 = { label: '2026-W47', start: new Date('2026-11-15T23:00:00Z'), end: new Date('2026-11-22T23:00:00Z'), timeZone: 'Europe/Berlin' };
const W46 = { label: '2026-W46', start: new Date('2026-11-08T23:00:00Z'), end: new Date('2026-11-15T23:00:00Z'), timeZone: 'Europe/Berlin' };

const NAMES: Record<string, string> = {
  anna: 'Anna Schmidt',
  ben: 'Ben Meyer',
  deniz: 'Deniz Yilmaz',
  support: 'Customer Support',
  legal: 'Legal',
  product: 'Product',
};

/** A busy week of the support team. */
function thisWeek(over: Partial<WeeklyFigures> = {}): WeeklyFigures {
  return {
    teamId: 'support',
    week: W47,
    received: 1340,
    answered: 1234,
    dismissed: 6,
    routed: 7,
    firstResponseMedianMs: 42 * MIN,
    firstResponseP90Ms: 3 * HOUR + 5 * MIN,
    firstResponseMedianClockMs: HOUR + 5 * MIN,
    firstResponseP90ClockMs: 9 * HOUR,
    withinTargetShare: null,
    responseRate: 0.925,
    backlogStart: 31,
    backlogEnd: 18,
    overdueNow: 3,
    escalations: { reminders: 12, channel: 5, lead: 2 },
    bySource: [
      { source: 'facebook', received: 400, answered: 380, medianFirstResponseMs: 50 * MIN },
      { source: 'instagram', received: 800, answered: 760, medianFirstResponseMs: 38 * MIN },
      { source: 'google_play', received: 140, answered: 94, medianFirstResponseMs: null },
    ],
    byPerson: [
      { memberId: 'anna', claimed: 400, answered: 380, medianResponseMs: 35 * MIN },
      { memberId: 'deniz', claimed: 300, answered: 334, medianResponseMs: null },
      { memberId: 'ben', claimed: 500, answered: 520, medianResponseMs: 40 * MIN },
    ],
    byDepartment: [
      { teamId: 'product', routedIn: 3, answered: 3, medianCloseMs: 5 * HOUR + 30 * MIN },
      { teamId: 'legal', routedIn: 4, answered: 3, medianCloseMs: 26 * HOUR },
    ],
    byDay: [
      { date: '2026-11-16', received: 260, medianFirstResponseMs: 40 * MIN },
      { date: '2026-11-17', received: 240, medianFirstResponseMs: 44 * MIN },
    ],
    drills: [],
    ...over,
  };
}

/** The week before: slower, but a better response rate. */
function lastWeek(over: Partial<WeeklyFigures> = {}): WeeklyFigures {
  return thisWeek({
    week: W46,
    received: 1210,
    answered: 990,
    firstResponseMedianMs: 70 * MIN,
    firstResponseP90Ms: 2 * HOUR + 50 * MIN,
    firstResponseMedianClockMs: 2 * HOUR,
    firstResponseP90ClockMs: 11 * HOUR,
    withinTargetShare: 0.88,
    responseRate: 0.94,
    backlogStart: 40,
    backlogEnd: 18,
    ...over,
  });
}

const GOALS: Goal[] = [
  // Lower is better, and it went down: met, better.
  { metric: 'firstResponseMedian', comparison: '<=', target: HOUR },
  // Higher is better, and it went down: missed, worse.
  { metric: 'responseRate', comparison: '>=', target: 0.95 },
  // Flat.
  { metric: 'backlogEnd', comparison: '<=', target: 20 },
  // Nothing to measure this week.
  { metric: 'withinTargetShare', comparison: '>=', target: 0.9 },
  // Higher is better, went up; a number with a thousands separator.
  { metric: 'answered', comparison: '>=', target: 1000 },
  // Lower is better, went up: missed, worse.
  { metric: 'firstResponseP90', comparison: '<', target: 3 * HOUR },
];

function digest(over: Partial<DigestView> = {}, figures = thisWeek(), previous: WeeklyFigures | null = lastWeek(), goals = GOALS): DigestView {
  return {
    teamId: 'support',
    teamName: 'Customer Support',
    locale: 'en',
    figures,
    previous,
    goals: evaluateGoals(goals, figures, previous),
    narrative: { text: 'A busy week: 1,340 comments came in and 1,234 were answered, with a median first response of 42 min.', source: 'template' },
    names: NAMES,
    ...over,
  };
}

/** The same week for a German team. */
function germanDigest(over: Partial<DigestView> = {}): DigestView {
  return digest({
    teamName: 'Kundenservice',
    locale: 'de',
    narrative: { text: 'Eine volle Woche: 1.340 Kommentare kamen an, 1.234 wurden beantwortet.', source: 'model' },
    ...over,
  });
}

/** The empty week: nothing arrived, nobody did anything. */
function emptyWeek(): WeeklyFigures {
  return thisWeek({
    received: 0,
    answered: 0,
    dismissed: 0,
    routed: 0,
    firstResponseMedianMs: null,
    firstResponseP90Ms: null,
    firstResponseMedianClockMs: null,
    firstResponseP90ClockMs: null,
    withinTargetShare: null,
    responseRate: null,
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
}

/** A huge week: 200 people, 40 sources, 20 departments, 20 goals, 30 drills, all with long names full of characters Slack escapes. */
function hugeDigest(locale: 'de' | 'en'): DigestView {
  const names: Record<string, string> = {};
  const long = (i: number, what: string) => `${what} ${i} & <Co> *${'&'.repeat(80)}* ${'x'.repeat(200)}`;
  const byPerson = Array.from({ length: 200 }, (_, i) => {
    names[`m${i}`] = long(i, 'Person');
    return { memberId: `m${i}`, claimed: 1000 + i, answered: i * 7, medianResponseMs: i % 5 ? i * 97 * MIN : null };
  });
  const byDepartment = Array.from({ length: 20 }, (_, i) => {
    names[`t${i}`] = long(i, 'Department');
    return { teamId: `t${i}`, routedIn: 100_000 + i, answered: 99_000 + i, medianCloseMs: 1000 * HOUR + i * MIN };
  });
  const bySource = Array.from({ length: 40 }, (_, i) => ({ source: long(i, 'source'), received: 1_000_000 + i, answered: 999_999, medianFirstResponseMs: 123 * HOUR }));
  const drills = Array.from({ length: 30 }, (_, i) => ({
    number: i + 1,
    title: { de: long(i, 'Übung'), en: long(i, 'Drill') },
    startedAt: '2026-11-17T09:00:00Z',
    firstAckMs: i * MIN,
    stepsOnTime: 3,
    steps: 12,
    commentsAnswered: 30,
    commentsReceived: 40,
  }));
  const figures = thisWeek({ byPerson, byDepartment, bySource, drills, received: 12_345_678 });
  const metrics = ['firstResponseMedian', 'firstResponseP90', 'firstResponseMedianClock', 'withinTargetShare', 'responseRate', 'backlogEnd', 'overdueNow', 'answered', 'escalations'] as const;
  const target = (metric: (typeof metrics)[number], i: number) => (metric.startsWith('firstResponse') ? (i + 1) * 10 * MIN : metric.endsWith('Share') || metric === 'responseRate' ? 0.5 + i / 50 : i * 100);
  const goals: Goal[] = Array.from({ length: 20 }, (_, i) => {
    const metric = metrics[i % metrics.length]!;
    return { metric, comparison: i % 2 ? '<=' : '>=', target: target(metric, i) };
  });
  return digest(
    {
      teamName: `${'Team & <Name> *'.repeat(30)}`,
      locale,
      names,
      narrative: { text: `${'Lots happened & <more>. '.repeat(400)}`, source: 'model' },
    },
    figures,
    lastWeek(),
    goals,
  );
}

// ---- helpers over the rendered message -------------------------------------------------

type Obj = Record<string, unknown>;

type Section = SlackBlock & { text?: TextObject; fields?: TextObject[] };
const mrkdwnTexts = (m: SlackMessage) => textObjects(m.blocks).filter((t) => t.type === 'mrkdwn').map((t) => t.text);
const sections = (m: SlackMessage) => m.blocks.filter((b) => b.type === 'section') as Section[];
const sectionTexts = (m: SlackMessage) => sections(m).map((s) => s.text?.text ?? '');
const header = (m: SlackMessage) => (m.blocks[0] as SlackBlock & { text: TextObject }).text;
const actionsBlock = (m: SlackMessage) => m.blocks.find((b) => b.type === 'actions') as (SlackBlock & { elements: Obj[] }) | undefined;
const fieldsOf = (m: SlackMessage) => sections(m).find((s) => s.fields)!.fields!.map((f) => f.text);
/** The section starting with a heading. */
const sectionWith = (m: SlackMessage, heading: string) => sectionTexts(m).find((s) => s.startsWith(`*${heading}*`));
/** The rows of the code block in the section under `heading` (the column labels first). */
function tableRows(m: SlackMessage, heading: string): string[] {
  const text = sectionWith(m, heading)!;
  const code = /```\n([\s\S]*?)\n```/.exec(text);
  return code![1]!.split('\n');
}
/** The goal lines (the goals heading left out). */
function goalLines(m: SlackMessage, heading = 'Goals'): string[] {
  const first = sectionTexts(m).findIndex((s) => s.startsWith(`*🎯 ${heading}*`));
  return sectionTexts(m)
    .slice(first)
    .join('\n')
    .split('\n')
    .slice(1)
    .filter((l) => /^(✅|❌|➖) /.test(l));
}

function expectNoRawControlChars(m: SlackMessage) {
  for (const text of [...mrkdwnTexts(m), m.text]) {
    expect(text, text).not.toMatch(/[<>]/);
    // Every & starts an entity we wrote.
    expect(text, text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}

function expectWithinBlockKitLimits(m: SlackMessage) {
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  // One slot stays free for the chart image.
  expect(m.blocks.length).toBeLessThanOrEqual(DIGEST_MAX_BLOCKS);
  for (const b of m.blocks) {
    if (b.type === 'header') {
      const text = (b as SlackBlock & { text: TextObject }).text;
      expect(text.type).toBe('plain_text');
      expect(text.text.length).toBeLessThanOrEqual(150);
    }
    if (b.type === 'section') {
      const s = b as Section;
      expect(s.text || s.fields).toBeTruthy();
      if (s.text) expect(s.text.text.length).toBeLessThanOrEqual(3000);
      if (s.fields) {
        expect(s.fields.length).toBeLessThanOrEqual(10);
        for (const f of s.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
    }
    if (b.type === 'context') {
      const elements = (b as Obj).elements as Obj[];
      expect(elements.length).toBeLessThanOrEqual(10);
      for (const e of elements) expect((e.text as string).length).toBeLessThanOrEqual(3000);
    }
    if (b.type === 'actions') {
      const elements = (b as Obj).elements as Obj[];
      expect(elements.length).toBeLessThanOrEqual(25);
      for (const e of elements) {
        expect((e.action_id as string).length).toBeLessThanOrEqual(255);
        expect(((e.text as Obj).text as string).length).toBeLessThanOrEqual(75);
        expect((e.value as string).length).toBeLessThanOrEqual(2000);
      }
    }
  }
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(40_000);
  expect(blockKitViolations(m)).toEqual([]);
  expect(m.text).not.toContain('\n');
}

// ---------------------------------------------------------------------------------------

describe('renderDigest', () => {
  it('renders header, narrative, goals, figures, people, departments and sources in that order', () => {
    const m = renderDigest(digest());
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'section', 'divider', 'section', 'divider', 'section', 'divider', 'section', 'section', 'section']);
    expect(header(m)).toEqual({ type: 'plain_text', text: '📊 KPI digest · Customer Support · 2026-W47 (16–22 Nov 2026)', emoji: true });
    const texts = sectionTexts(m);
    expect(texts[0]).toBe('A busy week: 1,340 comments came in and 1,234 were answered, with a median first response of 42 min.');
    expect(texts[1]!.startsWith('*🎯 Goals*\n')).toBe(true);
    expect(texts[2]).toBe('*📈 Figures of the week*');
    expect(texts[3]!.startsWith('*👥 People*\n```')).toBe(true);
    expect(texts[4]!.startsWith('*🏢 Departments*\n```')).toBe(true);
    expect(texts[5]!.startsWith('*📡 Sources*\n```')).toBe(true);
    // A template narrative needs no AI note; no drills this week; no button unless asked.
    expect(m.blocks.some((b) => b.type === 'context')).toBe(false);
    expect(mrkdwnTexts(m).join('\n')).not.toMatch(/Drill/);
    expect(actionsBlock(m)).toBeUndefined();
    expectWithinBlockKitLimits(m);
    expectNoRawControlChars(m);
  });

  it('shows each goal met or missed, with the trend against last week the right way round', () => {
    const m = renderDigest(digest());
    expect(goalLines(m)).toEqual([
      // Lower is better and the median went down from 1 h 10 min: better, with an up arrow.
      '✅ *Median first response (working time)* — 42 min (target: at most 1 h) — ↗︎ better than last week (1 h 10 min)',
      '❌ *Response rate* — 92.5 % (target: at least 95 %) — ↘︎ worse than last week (94 %)',
      '✅ *Backlog at the end of the week* — 18 (target: at most 20) — → same as last week (18)',
      '➖ *First responses within the target* — no data (target: at least 90 %) — last week: 88 %',
      '✅ *Comments answered* — 1,234 (target: at least 1,000) — ↗︎ better than last week (990)',
      // Lower is better and it went up: worse.
      '❌ *90th percentile first response (working time)* — 3 h 5 min (target: under 3 h) — ↘︎ worse than last week (2 h 50 min)',
    ]);
  });

  it('says so once when there are no figures from last week, and leaves the trends out', () => {
    const m = renderDigest(digest({}, thisWeek(), null));
    expect(sectionWith(m, '🎯 Goals')!.split('\n')[0]).toBe('*🎯 Goals*  _(no figures from last week)_');
    expect(goalLines(m)[0]).toBe('✅ *Median first response (working time)* — 42 min (target: at most 1 h)');
    expect(goalLines(m).join('\n')).not.toMatch(/last week|↗︎|↘︎|→/);
    // The figures have no "last week" either.
    expect(fieldsOf(m)[0]).toBe('*Received*\n1,340');
  });

  it('says when no goals are set', () => {
    const m = renderDigest(digest({}, thisWeek(), lastWeek(), []));
    expect(sectionWith(m, '🎯 Goals')).toBe('*🎯 Goals*\nNo goals are set for this team. A desk admin can add them under `goals` in the desk configuration.');
    expect(m.text).toBe('📊 KPI digest for Customer Support, 2026-W47: 1,340 received, 1,234 answered');
  });

  it('lists the top figures as ten fields', () => {
    const m = renderDigest(digest());
    expect(fieldsOf(m)).toEqual([
      '*Received*\n1,340  _(last week 1,210)_',
      '*Answered*\n1,234  _(last week 990)_',
      '*Response rate*\n92.5 %  _(last week 94 %)_',
      '*Within the target*\n—  _(last week 88 %)_',
      '*First response (working time)*\nmedian 42 min · 90 % within 3 h 5 min',
      '*First response (clock time)*\nmedian 1 h 5 min · 90 % within 9 h',
      '*Backlog*\n31 → 18',
      '*Overdue now*\n3',
      '*Escalations*\n2 to the lead · 5 in the channel · 12 reminders',
      '*Dismissed · routed away*\n6 dismissed · 7 routed away',
    ]);
  });

  it('aligns the people table in monospace, sorted by answered, with names and medians', () => {
    const rows = tableRows(renderDigest(digest()), '👥 People');
    expect(rows).toEqual([
      'Name          Claimed  Answered  Median response',
      'Ben Meyer         500       520           40 min',
      'Anna Schmidt      400       380           35 min',
      'Deniz Yilmaz      300       334                —',
    ]);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
  });

  it('lists departments by comments routed in and sources by comments received', () => {
    const m = renderDigest(digest());
    expect(tableRows(m, '🏢 Departments')).toEqual([
      'Department  Routed in  Answered  Median close',
      'Legal               4         3          26 h',
      'Product             3         3    5 h 30 min',
    ]);
    expect(tableRows(m, '📡 Sources')).toEqual([
      'Source       Received  Answered  Median first response',
      'instagram         800       760                 38 min',
      'facebook          400       380                 50 min',
      'google_play       140        94                      —',
    ]);
  });

  it('renders German with German numbers, durations and words', () => {
    const m = renderDigest(germanDigest());
    expect(header(m).text).toBe('📊 KPI-Wochenbericht · Kundenservice · 2026-W47 (16.–22.11.2026)');
    expect(goalLines(m, 'Ziele')).toEqual([
      '✅ *Median Erstreaktion (Arbeitszeit)* — 42 Min. (Ziel: höchstens 1 Std.) — ↗︎ besser als letzte Woche (1 Std. 10 Min.)',
      '❌ *Antwortquote* — 92,5 % (Ziel: mindestens 95 %) — ↘︎ schlechter als letzte Woche (94 %)',
      '✅ *Rückstand am Ende der Woche* — 18 (Ziel: höchstens 20) — → wie letzte Woche (18)',
      '➖ *Erstreaktionen im Ziel* — keine Daten (Ziel: mindestens 90 %) — letzte Woche: 88 %',
      '✅ *Beantwortete Kommentare* — 1.234 (Ziel: mindestens 1.000) — ↗︎ besser als letzte Woche (990)',
      '❌ *90. Perzentil Erstreaktion (Arbeitszeit)* — 3 Std. 5 Min. (Ziel: unter 3 Std.) — ↘︎ schlechter als letzte Woche (2 Std. 50 Min.)',
    ]);
    expect(fieldsOf(m).slice(0, 3)).toEqual(['*Eingegangen*\n1.340  _(Vorwoche 1.210)_', '*Beantwortet*\n1.234  _(Vorwoche 990)_', '*Antwortquote*\n92,5 %  _(Vorwoche 94 %)_']);
    expect(fieldsOf(m)[5]).toBe('*Erstreaktion (Kalenderzeit)*\nMedian 1 Std. 5 Min. · 90 % innerhalb 9 Std.');
    expect(tableRows(m, '👥 Personen')[0]).toBe('Name          Übernommen  Beantwortet  Median Reaktion');
    expect(tableRows(m, '🏢 Abteilungen')).toEqual([
      'Abteilung  Erhalten  Beantwortet  Median bis Abschluss',
      'Legal             4            3               26 Std.',
      'Product           3            3        5 Std. 30 Min.',
    ]);
    expect(m.text).toBe('📊 KPI-Wochenbericht für Kundenservice, 2026-W47: 1.340 eingegangen, 1.234 beantwortet, 3 von 6 Zielen erreicht');
    // The model wrote the narrative: a note says so, right under it.
    const narrativeAt = m.blocks.findIndex((b) => (b as Section).text?.text.startsWith('Eine volle Woche'));
    expect(m.blocks[narrativeAt + 1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: kpiTexts('de').narrativeByModel }] });
    expectWithinBlockKitLimits(m);
    expectNoRawControlChars(m);
  });

  it('renders an empty week with one empty-state line instead of empty tables', () => {
    const figures = emptyWeek();
    const m = renderDigest(digest({ narrative: { text: '', source: 'template' } }, figures, emptyWeek(), GOALS));
    const texts = sectionTexts(m);
    expect(texts).toContain('_No comments arrived this week — nothing to measure._');
    expect(texts.some((t) => t.includes('```'))).toBe(false);
    expect(goalLines(m)).toEqual([
      '➖ *Median first response (working time)* — no data (target: at most 1 h)',
      '➖ *Response rate* — no data (target: at least 95 %)',
      '✅ *Backlog at the end of the week* — 0 (target: at most 20) — → same as last week (0)',
      '➖ *First responses within the target* — no data (target: at least 90 %)',
      '❌ *Comments answered* — 0 (target: at least 1,000) — → same as last week (0)',
      '➖ *90th percentile first response (working time)* — no data (target: under 3 h)',
    ]);
    expect(fieldsOf(m)[4]).toBe('*First response (working time)*\nmedian — · 90 % within —');
    expect(m.text).toBe('📊 KPI digest for Customer Support, 2026-W47: 0 received, 0 answered, 1 of 6 goals met');
    expectWithinBlockKitLimits(m);

    const german = renderDigest(germanDigest({ figures, previous: null, goals: evaluateGoals(GOALS, figures, null) }));
    expect(sectionTexts(german)).toContain('_Diese Woche ist kein Kommentar eingegangen — es gibt nichts zu messen._');
  });

  it('shows a table empty state when comments came in but that table has nothing', () => {
    const m = renderDigest(digest({}, thisWeek({ byDepartment: [] })));
    expect(sectionWith(m, '🏢 Departments')).toBe('*🏢 Departments*\nNo comments were routed to other departments this week.');
  });

  it('lists drills held in the week, in the digest language', () => {
    const drill = { number: 3, title: { de: 'Produktrückruf', en: 'Product recall' }, startedAt: '2026-11-17T09:00:00Z', firstAckMs: 2 * MIN, stepsOnTime: 5, steps: 7, commentsAnswered: 30, commentsReceived: 40 };
    const quiet = { ...drill, number: 4, firstAckMs: null, stepsOnTime: 0 };
    const m = renderDigest(digest({}, thisWeek({ drills: [drill, quiet] })));
    expect(sectionWith(m, '🧪 Drills')).toBe(
      '*🧪 Drills*\n🧪 Drill #3 — Product recall · first acknowledgement after 2 min · 5/7 steps on time\n🧪 Drill #4 — Product recall · nobody acknowledged · 0/7 steps on time',
    );
    const de = renderDigest(germanDigest({ figures: thisWeek({ drills: [drill] }) }));
    expect(sectionWith(de, '🧪 Übungen')).toBe('*🧪 Übungen*\n🧪 Übung #3 — Produktrückruf · erste Bestätigung nach 2 Min. · 5/7 Schritte rechtzeitig');
  });

  it('escapes what people wrote: <, & and * in team, member and department names, source slugs, drill titles and the narrative', () => {
    const names = { ...NAMES, anna: '<!channel> *Anna* & co', legal: 'R&D <Legal>' };
    const figures = thisWeek({
      bySource: [{ source: '<script>&`x`', received: 5, answered: 4, medianFirstResponseMs: MIN }],
      drills: [{ number: 1, title: { de: 'x', en: '*Recall* <!here> & ~more~ _now_' }, startedAt: '2026-11-17T09:00:00Z', firstAckMs: MIN, stepsOnTime: 1, steps: 1, commentsAnswered: 0, commentsReceived: 0 }],
    });
    const m = renderDigest(
      digest({ teamName: 'Support & <Care> *VIP*', names, narrative: { text: 'Watch <!here> & <https://evil.example|click>; *well done*', source: 'template' } }, figures),
    );
    // Header blocks are plain_text: shown as written, never parsed.
    expect(header(m).text).toBe('📊 KPI digest · Support & <Care> *VIP* · 2026-W47 (16–22 Nov 2026)');
    // The narrative is checked text: rendered as it is, control characters escaped.
    expect(sectionTexts(m)[0]).toBe('Watch &lt;!here&gt; &amp; &lt;https://evil.example|click&gt;; *well done*');
    // In a code block * is shown as written; <, > and & still need entities there.
    expect(tableRows(m, '👥 People')).toContain('&lt;!channel&gt; *Anna* &amp; co      400       380           35 min');
    expect(tableRows(m, '🏢 Departments')).toContain('R&amp;D &lt;Legal&gt;          4         3          26 h');
    // Backticks could end the code block.
    expect(tableRows(m, '📡 Sources')[1]).toMatch(/^&lt;script&gt;&amp;ˋxˋ /);
    // Outside code, formatting characters become look-alikes: the title can neither be bold nor strike through.
    expect(sectionWith(m, '🧪 Drills')).toContain('Drill #1 — ∗Recall∗ &lt;!here&gt; &amp; ∼more∼ ＿now＿ ·');
    expect(m.text).toBe('📊 KPI digest for Support &amp; &lt;Care&gt; ∗VIP∗, 2026-W47: 1,340 received, 1,234 answered, 3 of 6 goals met');
    expectNoRawControlChars(m);
  });

  it('strips control and bidi characters from names and shows those of the narrative as symbols', () => {
    const names = { ...NAMES, anna: 'Anna\u0007\u202e nnA\u001b[31m\n' };
    const figures = thisWeek({
      bySource: [{ source: 'web\u0000hook\u2066', received: 5, answered: 4, medianFirstResponseMs: MIN }],
      drills: [{ number: 1, title: { de: 'x', en: 'Recall\u202e\u0008 now' }, startedAt: '2026-11-17T09:00:00Z', firstAckMs: MIN, stepsOnTime: 1, steps: 1, commentsAnswered: 0, commentsReceived: 0 }],
    });
    const m = renderDigest(digest({ teamName: 'Support\u202e\u0007\t😀'.repeat(40), names, narrative: { text: 'Busy\u0007 week \u202eevil', source: 'model' } }, figures));
    expectWithinBlockKitLimits(m);
    const all = [...textObjects(m.blocks).map((t) => t.text), m.text].join('\n');
    expect(all).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(tableRows(m, '👥 People').some((row) => row.startsWith('Anna nnA [31m '))).toBe(true);
    expect(tableRows(m, '📡 Sources').some((row) => row.startsWith('web hook '))).toBe(true);
    expect(sectionWith(m, '🧪 Drills')).toContain('Drill #1 — Recall now ·');
    expect(sectionTexts(m)[0]).toBe('Busy␇ week �evil');
    // The team name is capped at 60 characters, never splitting the emoji.
    expect(header(m).text).toMatch(/^📊 KPI digest · (Support 😀){5}Support… · 2026-W47/u);
  });

  it('keeps an underscore inside a slug as it is', () => {
    expect(tableRows(renderDigest(digest()), '📡 Sources')[3]).toMatch(/^google_play /);
  });

  it('adds the post button only when asked', () => {
    expect(actionsBlock(renderDigest(digest()))).toBeUndefined();
    const value = JSON.stringify({ t: 'support', w: '2026-W47' });
    const m = renderDigest(digest(), { postButton: { actionId: 'desk.kpi.post', value } });
    expect(m.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [{ type: 'button', action_id: 'desk.kpi.post', text: { type: 'plain_text', text: 'Post to channel', emoji: true }, value, style: 'primary' }],
    });
    const de = renderDigest(germanDigest(), { postButton: { actionId: 'desk.kpi.post', value } });
    expect((actionsBlock(de)!.elements[0]!.text as Obj).text).toBe('Im Kanal posten');
    expectWithinBlockKitLimits(m);
  });

  it.each(['en', 'de'] as const)('%s: keeps 200 people, 40 sources, 20 departments, 20 goals and 30 drills within the limits', (locale) => {
    const view = hugeDigest(locale);
    const t = kpiTexts(locale);
    const m = renderDigest(view, { postButton: { actionId: 'desk.kpi.post', value: '{"t":"support","w":"2026-W47"}' } });
    expectWithinBlockKitLimits(m);
    expectNoRawControlChars(m);
    // The button survives whatever else the week holds.
    expect(m.blocks.at(-1)!.type).toBe('actions');
    // At most 15 rows per table, then "… and n more".
    const people = sectionWith(m, t.heading.people)!;
    const rows = tableRows(m, t.heading.people);
    expect(rows.length - 1).toBeLessThanOrEqual(15);
    expect(rows.length - 1).toBeGreaterThan(0);
    expect(people.endsWith(`\n${t.more(200 - (rows.length - 1))}`)).toBe(true);
    // Sorted by answered, the busiest person first; names are shortened to keep the columns readable.
    expect(rows[1]).toMatch(/^Person 199 &amp; &lt;Co&gt; \*(&amp;){4}… +1[.,]199 +1[.,]393 /);
    for (const [heading, total] of [
      [t.heading.sources, 40],
      [t.heading.departments, 20],
    ] as const) {
      const shown = tableRows(m, heading).length - 1;
      expect(shown).toBeLessThanOrEqual(15);
      expect(shown).toBeGreaterThan(0);
      expect(sectionWith(m, heading)!.endsWith(`\n${t.more(total - shown)}`)).toBe(true);
    }
    // All 20 goals are shown.
    expect(goalLines(m, locale === 'de' ? 'Ziele' : 'Goals')).toHaveLength(20);
    // Drills: as many as fit into one section, then "… and n more".
    const drills = sectionWith(m, t.heading.drills)!;
    expect(drills.length).toBeLessThanOrEqual(3000);
    expect(drills).toMatch(/(more|weitere)$/);
    // The header keeps the week and its dates even with a long team name.
    expect(header(m).text).toMatch(/2026-W47 \(16/);
  });

  it('cuts a very long narrative within the section limit without breaking an entity', () => {
    const m = renderDigest(digest({ narrative: { text: '&'.repeat(5000), source: 'template' } }));
    const narrative = sectionTexts(m)[0]!;
    expect(narrative.length).toBeLessThanOrEqual(3000);
    expect(narrative).toMatch(/^(&amp;)+…$/);
  });

  it('has a one-line notification text with the week in numbers', () => {
    const m = renderDigest(digest());
    expect(m.text).toBe('📊 KPI digest for Customer Support, 2026-W47: 1,340 received, 1,234 answered, 3 of 6 goals met');
  });
});
