import { describe, expect, it } from 'vitest';
import { digestChart } from '../../../src/chat/chart/digest-chart.ts';
import { CARD_BYTES_MAX, cardBytes } from '../../../src/chat/teams/adaptive-card.ts';
import { renderTeamsDigest } from '../../../src/chat/teams/render-digest.ts';
import { TeamsVerb } from '../../../src/chat/teams/verbs.ts';
import type { DigestChart } from '../../../src/chat/port.ts';
import { type DigestView, type Goal, type WeeklyFigures, evaluateGoals } from '../../../src/domain/kpi.ts';
import { MARKUP_CHARACTERS, adaptiveCardViolations, cardActions, cardTexts, elementsOfType, withoutOwnMarkup } from '../../support/adaptive-card.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const W47 = { label: '2026-W47', start: new Date('2026-11-15T23:00:00Z'), end: new Date('2026-11-22T23:00:00Z'), timeZone: 'Europe/Berlin' };
const W46 = { label: '2026-W46', start: new Date('2026-11-08T23:00:00Z'), end: new Date('2026-11-15T23:00:00Z'), timeZone: 'Europe/Berlin' };
const NAMES: Record<string, string> = { anna: 'Anna Schmidt', ben: 'Ben Meyer', deniz: 'Deniz Yilmaz', legal: 'Legal', product: 'Product' };

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
    ],
    byPerson: [
      { memberId: 'anna', claimed: 400, answered: 380, medianResponseMs: 35 * MIN },
      { memberId: 'ben', claimed: 500, answered: 520, medianResponseMs: 40 * MIN },
    ],
    byDepartment: [{ teamId: 'legal', routedIn: 4, answered: 3, medianCloseMs: 26 * HOUR }],
    byDay: [
      { date: '2026-11-16', received: 260, medianFirstResponseMs: 40 * MIN },
      { date: '2026-11-17', received: 240, medianFirstResponseMs: 44 * MIN },
    ],
    drills: [],
    ...over,
  };
}

const GOALS: Goal[] = [
  { metric: 'firstResponseMedian', comparison: '<=', target: HOUR },
  { metric: 'responseRate', comparison: '>=', target: 0.95 },
];

function digest(over: Partial<DigestView> = {}, figures = thisWeek(), previous: WeeklyFigures | null = thisWeek({ week: W46, received: 1210, firstResponseMedianMs: 70 * MIN })): DigestView {
  return {
    teamId: 'support',
    teamName: 'Customer Support',
    locale: 'en',
    figures,
    previous,
    goals: evaluateGoals(GOALS, figures, previous),
    narrative: { text: 'A busy week: 1,340 comments came in and 1,234 were answered.', source: 'template' },
    names: NAMES,
    ...over,
  };
}

describe('renderTeamsDigest', () => {
  it('a sound card: header, narrative, goals, facts, tables', () => {
    const card = renderTeamsDigest(digest(), null);
    expect(adaptiveCardViolations(card)).toEqual([]);
    const texts = cardTexts(card);
    expect(texts[0]).toBe('📊 KPI digest · Customer Support · 2026-W47 (16–22 Nov 2026)');
    expect(texts[1]).toBe('A busy week: 1,340 comments came in and 1,234 were answered.');
    expect(texts[2]).toMatch(/^\*\*🎯 Goals\*\*\n\n✅ \*\*Median first response \(working time\)\*\* — 42 min \(target: at most 1 h\)/);
    const [facts] = elementsOfType(card, 'FactSet');
    expect((facts!.facts as { title: string; value: string }[])[0]).toEqual({ title: 'Received', value: '1,340  _(last week 1,210)_' });
    const tables = elementsOfType(card, 'Table');
    expect(tables).toHaveLength(3);
    expect((tables[0]!.rows as { cells: { items: { text: string }[] }[] }[]).map((r) => r.cells[0]!.items[0]!.text)).toEqual(['**Name**', 'Ben Meyer', 'Anna Schmidt']);
    expect(card.fallbackText).toBe('📊 KPI digest for Customer Support, 2026-W47: 1,340 received, 1,234 answered, 1 of 2 goals met');
  });

  it('German', () => {
    const card = renderTeamsDigest(digest({ locale: 'de', teamName: 'Kundenservice', narrative: { text: 'Eine volle Woche.', source: 'model' } }), null);
    expect(adaptiveCardViolations(card)).toEqual([]);
    expect(cardTexts(card)[0]).toMatch(/^📊 KPI-Wochenbericht · Kundenservice · 2026-W47/);
    expect(cardTexts(card)).toContain('Eine volle Woche.');
    expect(cardTexts(card)[2]).toMatch(/KI/);
  });

  it('the chart as an inline PNG with its alt text', () => {
    const view = digest();
    const chart = digestChart(view);
    const [image] = elementsOfType(renderTeamsDigest(view, chart), 'Image');
    expect(image!.altText).toBe(chart.altText.replace(/\s+/g, ' ').trim());
    const url = image!.url as string;
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expect(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64').equals(chart.png)).toBe(true);
  });

  it('a chart too big for the card is left out; its alt text stays', () => {
    const chart: DigestChart = { png: Buffer.alloc(20_000, 7), filename: 'x.png', title: 'x', altText: 'Comments per day: 260, 240' };
    const card = renderTeamsDigest(digest(), chart);
    expect(elementsOfType(card, 'Image')).toEqual([]);
    expect(cardTexts(card)).toContain('Comments per day: 260, 240');
  });

  it('Post to channel for a /kpi answer: desk.kpi.post with { t, w }', () => {
    const card = renderTeamsDigest(digest(), null, { post: { teamId: 'support', week: '2026-W47' } });
    expect(cardActions(card)).toEqual([{ type: 'Action.Execute', verb: TeamsVerb.kpiPost, title: 'Post to channel', data: { t: 'support', w: '2026-W47' }, style: 'positive' }]);
    expect(cardActions(renderTeamsDigest(digest(), null))).toEqual([]);
  });

  it('names and the model’s words are text', () => {
    const names = { ...NAMES, anna: '**Anna** <at>Ben Meyer</at>', legal: '[Legal](https://evil.example)' };
    const card = renderTeamsDigest(digest({ names, teamName: '<b>Team</b>', narrative: { text: '# Great\n- **1,340** [see](https://evil.example)', source: 'model' } }), null);
    expect(adaptiveCardViolations(card)).toEqual([]);
    for (const t of cardTexts(card)) expect(MARKUP_CHARACTERS.test(withoutOwnMarkup(t)), t).toBe(false);
    expect(card.msteams.entities).toBeUndefined();
  });

  it('a week of many people, departments and sources with long names stays under the limit, tables shortened', () => {
    const people = Array.from({ length: 300 }, (_, i) => ({ memberId: `m${i}`, claimed: i, answered: i, medianResponseMs: i * MIN }));
    const names = Object.fromEntries(people.map((p) => [p.memberId, '😀<*>'.repeat(40)]));
    const figures = thisWeek({
      byPerson: people,
      byDepartment: people.map((p) => ({ teamId: p.memberId, routedIn: 1, answered: 1, medianCloseMs: null })),
      bySource: people.map((p) => ({ source: `${'<*>'.repeat(30)}${p.memberId}`, received: 1, answered: 1, medianFirstResponseMs: null })),
      drills: Array.from({ length: 50 }, (_, i) => ({ number: i, title: { de: 'x'.repeat(300), en: '<*>'.repeat(100) }, startedAt: '2026-11-17T09:00:00Z', firstAckMs: MIN, stepsOnTime: 1, steps: 2, commentsAnswered: 1, commentsReceived: 2 })),
    });
    const view = digest({ names, narrative: { text: '*'.repeat(5000), source: 'model' } }, figures);
    const card = renderTeamsDigest(view, digestChart(view));
    expect(adaptiveCardViolations(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BYTES_MAX);
    expect(cardTexts(card).filter((t) => /^… and \d+ more$/.test(t))).toHaveLength(3);
  });

  it('an empty week says so', () => {
    const empty = thisWeek({ received: 0, answered: 0, byPerson: [], byDepartment: [], bySource: [] });
    const card = renderTeamsDigest(digest({}, empty, null), null);
    expect(adaptiveCardViolations(card)).toEqual([]);
    expect(cardTexts(card)).toContain('_No comments arrived this week — nothing to measure._');
    expect(elementsOfType(card, 'Table')).toEqual([]);
  });
});
