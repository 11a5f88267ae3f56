import { describe, expect, it } from 'vitest';
import { decodePng } from '../../support/png-reader.ts';
import { digestChart, digestChartSvg } from '../../../src/chat/chart/digest-chart.ts';
import { renderWeeklyChart } from '../../../src/chat/chart/weekly-chart.ts';
import { type DigestView, type WeeklyFigures, evaluateGoals } from '../../../src/domain/kpi.ts';

const MIN = 60_000;
const W47 = { label: '2026-W47', start: new Date('2026-11-15T23:00:00Z'), end: new Date('2026-11-22T23:00:00Z'), timeZone: 'Europe/Berlin' };

const figures: WeeklyFigures = {
  teamId: 'support',
  week: W47,
  received: 500,
  answered: 480,
  dismissed: 0,
  routed: 0,
  firstResponseMedianMs: 42 * MIN,
  firstResponseP90Ms: 90 * MIN,
  firstResponseMedianClockMs: 50 * MIN,
  firstResponseP90ClockMs: 120 * MIN,
  withinTargetShare: null,
  responseRate: 0.96,
  backlogStart: 3,
  backlogEnd: 2,
  overdueNow: 0,
  escalations: { reminders: 0, channel: 0, lead: 0 },
  bySource: [],
  byPerson: [],
  byDepartment: [],
  byDay: [
    { date: '2026-11-16', received: 260, medianFirstResponseMs: 40 * MIN },
    { date: '2026-11-17', received: 240, medianFirstResponseMs: 44 * MIN },
  ],
  drills: [],
};

const view = (over: Partial<DigestView> = {}): DigestView => ({
  teamId: 'support',
  teamName: 'Support <script>alert(1)</script> & Co',
  locale: 'en',
  figures,
  previous: null,
  goals: evaluateGoals([{ metric: 'firstResponseMedian', comparison: '<=', target: 60 * MIN }], figures, null),
  narrative: { text: 'x', source: 'template' },
  names: {},
  ...over,
});

describe('digestChart', () => {
  it('gives the PNG, file name, title and alt text the chat gateways post', () => {
    const chart = digestChart(view());
    expect(chart.filename).toBe('kpi-support-2026-W47.png');
    expect(chart.title).toBe('Support <script>alert(1)</script> & Co: comments and first response 2026-W47');
    expect(digestChart(view({ locale: 'de' })).title).toBe('Support <script>alert(1)</script> & Co: Kommentare und Erstreaktion 2026-W47');
    expect(chart.altText).toBe('Comments per day: Mon 260, Tue 240. Median first response per day (working time): Mon 40 min, Tue 44 min; goal 1 h.');
    expect(decodePng(chart.png)).toMatchObject({ width: 800, height: 400 });
    // The PNG is the chart without the title (the message carries it).
    const untitled = renderWeeklyChart({ days: figures.byDay, goalFirstResponseMs: 60 * MIN, locale: 'en' });
    expect(chart.png.equals(untitled.png)).toBe(true);
  });

  it('draws no goal line without a first-response goal', () => {
    const noGoal = digestChart(view({ goals: [] }));
    expect(noGoal.altText).not.toMatch(/goal/i);
  });
});

describe('digestChartSvg', () => {
  it('is the same chart with the title, the team name as escaped text', () => {
    const svg = digestChartSvg(view());
    expect(svg).not.toContain('<script');
    expect(svg).toContain('Support &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co: comments and first response 2026-W47');
    expect(digestChartSvg(view({ locale: 'de' }))).toContain('Kommentare und Erstreaktion 2026-W47');
  });
});
