import { describe, expect, it } from 'vitest';
import { type DecodedPng, decodePng } from '../../support/png-reader.ts';
import {
  CHART_COLORS,
  formatDuration,
  renderWeeklyChart,
  weekdayLabel,
  weeklyChartAxes,
  weeklyChartSvg,
  type WeeklyChartInput,
} from '../../../src/chat/chart/weekly-chart.ts';
import type { DayFigures } from '../../../src/domain/kpi.ts';

const MIN = 60_000;

/** Monday 16 to Sunday 22 November 2026. Wednesday and Sunday have no response time. */
const WEEK: DayFigures[] = [
  { date: '2026-11-16', received: 12, medianFirstResponseMs: 45 * MIN },
  { date: '2026-11-17', received: 30, medianFirstResponseMs: 70 * MIN },
  { date: '2026-11-18', received: 7, medianFirstResponseMs: null },
  { date: '2026-11-19', received: 18, medianFirstResponseMs: 38 * MIN },
  { date: '2026-11-20', received: 22, medianFirstResponseMs: 52 * MIN },
  { date: '2026-11-21', received: 3, medianFirstResponseMs: 95 * MIN },
  { date: '2026-11-22', received: 0, medianFirstResponseMs: null },
];

const input = (over: Partial<WeeklyChartInput> = {}): WeeklyChartInput => ({ days: WEEK, goalFirstResponseMs: 60 * MIN, locale: 'en', ...over });

/** The text content of every <text> element, entities decoded once (as a browser would show them). */
function svgTexts(svg: string): string[] {
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1]!));
}

function hex(colour: string): [number, number, number] {
  const n = Number.parseInt(colour.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** How many pixels have exactly this opaque colour (the PNG is rendered without anti-aliasing). */
function count(img: DecodedPng, colour: string, area = { x0: 0, y0: 0, x1: img.width - 1, y1: img.height - 1 }): number {
  const [r, g, b] = hex(colour);
  let n = 0;
  for (let y = area.y0; y <= area.y1; y++) {
    for (let x = area.x0; x <= area.x1; x++) {
      const i = (y * img.width + x) * 4;
      if (img.rgba[i] === r && img.rgba[i + 1] === g && img.rgba[i + 2] === b && img.rgba[i + 3] === 255) n++;
    }
  }
  return n;
}

describe('weeklyChartSvg: the chart defined once, as SVG', () => {
  it('is one SVG document of 800×400 in the shipped font', () => {
    const svg = weeklyChartSvg(input());
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/width="800"/);
    expect(svg).toMatch(/height="400"/);
    expect(svg).toContain('DejaVu Sans');
    expect(svg).not.toMatch(/font-family:\s*(sans-serif|Microsoft YaHei)/);
  });

  it('names the series, the goal and the unit, and writes weekdays, dates and bar values (English)', () => {
    const texts = svgTexts(weeklyChartSvg(input()));
    for (const t of ['Comments', 'Median first response', 'Goal', 'min']) expect(texts).toContain(t);
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']) expect(texts).toContain(day);
    for (const date of ['11/16', '11/22']) expect(texts).toContain(date);
    for (const value of ['12', '30', '7', '18', '22', '3', '0']) expect(texts).toContain(value);
    // The time axis goes to 120 minutes (room above the 60-minute goal).
    expect(texts).toContain('120');
  });

  it('speaks German: legend, weekdays, dates, decimal commas', () => {
    const texts = svgTexts(weeklyChartSvg(input({ locale: 'de' })));
    for (const t of ['Kommentare', 'Median Erstreaktion', 'Ziel']) expect(texts).toContain(t);
    for (const day of ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So']) expect(texts).toContain(day);
    expect(texts).toContain('16.11.');
    expect(texts).not.toContain('Comments');
    // Steps of 1.5 minutes on a short time axis: "1,5" in German, "1.5" in English.
    const quick = WEEK.map((d) => ({ ...d, medianFirstResponseMs: d.medianFirstResponseMs === null ? null : 6 * MIN }));
    expect(svgTexts(weeklyChartSvg(input({ days: quick, goalFirstResponseMs: null, locale: 'de' })))).toContain('1,5');
    expect(svgTexts(weeklyChartSvg(input({ days: quick, goalFirstResponseMs: null })))).toContain('1.5');
  });

  it('draws the title as text, never as markup', () => {
    const title = 'Support <script>alert(1)</script> & "Friends": comments';
    const svg = weeklyChartSvg(input({ title }));
    expect(svgTexts(svg)).toContain(title);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&amp;');
    expect(svgTexts(weeklyChartSvg(input()))).not.toContain(title);
  });

  it('leaves the goal out when there is none', () => {
    const svg = weeklyChartSvg(input({ goalFirstResponseMs: null }));
    expect(svgTexts(svg)).not.toContain('Goal');
    expect(svg.toLowerCase()).not.toContain(CHART_COLORS.goal);
    expect(weeklyChartSvg(input()).toLowerCase()).toContain(CHART_COLORS.goal);
  });

  it('says so when the week is empty, in both languages', () => {
    const days = WEEK.map((d) => ({ ...d, received: 0, medianFirstResponseMs: null }));
    expect(svgTexts(weeklyChartSvg(input({ days })))).toContain('No comments this week');
    expect(svgTexts(weeklyChartSvg(input({ days, locale: 'de' })))).toContain('Keine Kommentare in dieser Woche');
    expect(svgTexts(weeklyChartSvg(input()))).not.toContain('No comments this week');
    expect(svgTexts(weeklyChartSvg(input({ days: [] })))).toContain('No comments this week');
  });
});

describe('weeklyChartAxes', () => {
  it('fixes round axes from the data, with room above the goal', () => {
    const axes = weeklyChartAxes(input());
    expect(axes.countAxis).toEqual({ max: 30, step: 10 });
    expect(axes.timeAxis).toMatchObject({ unit: 'min', max: 120 });
    expect(axes.empty).toBe(false);
  });

  it('switches the time axis to hours for long response times', () => {
    const days = WEEK.map((d, i) => ({ ...d, medianFirstResponseMs: i === 3 ? 5 * 60 * MIN : d.medianFirstResponseMs }));
    const axes = weeklyChartAxes(input({ days, goalFirstResponseMs: 2 * 60 * MIN }));
    expect(axes.timeAxis.unit).toBe('h');
    expect(axes.timeAxis.max).toBeGreaterThanOrEqual(5);
  });

  it('copes with odd figures: negative, NaN', () => {
    const days: DayFigures[] = [
      { date: 'not-a-date', received: -3, medianFirstResponseMs: Number.NaN },
      { date: '2026-11-17', received: Number.NaN, medianFirstResponseMs: -5 },
    ];
    expect(weeklyChartAxes(input({ days, goalFirstResponseMs: Number.NaN }))).toMatchObject({ countAxis: { max: 4, step: 1 }, empty: true });
  });
});

describe('renderWeeklyChart: the PNG from the same SVG', () => {
  it('decodes to 800×400 RGBA on a white background', () => {
    const chart = renderWeeklyChart(input());
    const img = decodePng(chart.png);
    expect([chart.width, chart.height]).toEqual([800, 400]);
    expect(img).toMatchObject({ width: 800, height: 400, bitDepth: 8, colourType: 6, scanlines: 400 });
    expect([...img.rgba.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    // The same chart as weeklyChartSvg (ECharts numbers its instances' CSS classes, so not byte for byte).
    expect(svgTexts(chart.svg)).toEqual(svgTexts(weeklyChartSvg(input())));
  });

  it('shows the bars, the response line and the goal in their colours', () => {
    const img = decodePng(renderWeeklyChart(input()).png);
    // Inside the plot: 64..728 × 64..332.
    const plot = { x0: 64, y0: 64, x1: 728, y1: 332 };
    expect(count(img, CHART_COLORS.bar, plot)).toBeGreaterThan(20_000);
    expect(count(img, CHART_COLORS.line, plot)).toBeGreaterThan(500);
    expect(count(img, CHART_COLORS.goal, plot)).toBeGreaterThan(300);
    const noGoal = decodePng(renderWeeklyChart(input({ goalFirstResponseMs: null })).png);
    expect(count(noGoal, CHART_COLORS.goal)).toBe(0);
  });

  it('an empty week: no bars or line in the plot, but the goal and the message', () => {
    const days = WEEK.map((d) => ({ ...d, received: 0, medianFirstResponseMs: null }));
    const chart = renderWeeklyChart(input({ days }));
    const img = decodePng(chart.png);
    expect([img.width, img.height]).toEqual([800, 400]);
    const plot = { x0: 70, y0: 70, x1: 720, y1: 325 };
    expect(count(img, CHART_COLORS.bar, plot)).toBe(0);
    expect(count(img, CHART_COLORS.line, plot)).toBe(0);
    expect(count(img, CHART_COLORS.goal, plot)).toBeGreaterThan(100);
    expect(count(img, CHART_COLORS.mutedText, plot)).toBeGreaterThan(50);
  });

  it('renders no days, 5 days, 9 days and 120 days', () => {
    const nine = [...WEEK, { date: '2026-11-23', received: 140, medianFirstResponseMs: 5 * 60 * MIN }, { date: '2026-11-24', received: 9, medianFirstResponseMs: 3 * 60 * MIN }];
    const long: DayFigures[] = Array.from({ length: 120 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 0, 5 + i)).toISOString().slice(0, 10),
      received: (i * 37) % 90,
      medianFirstResponseMs: i % 5 === 0 ? null : ((i * 13) % 200) * MIN,
    }));
    for (const days of [[], WEEK.slice(0, 5), nine, long]) {
      const img = decodePng(renderWeeklyChart(input({ days })).png);
      expect([img.width, img.height]).toEqual([800, 400]);
      if (days.length > 0) expect(count(img, CHART_COLORS.bar)).toBeGreaterThan(100);
    }
  });

  it('is small enough to ride inline in a Teams card (base64 under 12,000 characters)', () => {
    for (const locale of ['en', 'de'] as const) {
      const { png } = renderWeeklyChart(input({ locale }));
      expect(png.toString('base64').length + 'data:image/png;base64,'.length).toBeLessThan(12_000);
    }
  });

  it('is deterministic: the same input gives the same bytes', () => {
    const a = renderWeeklyChart(input());
    const b = renderWeeklyChart(structuredClone(input()));
    expect(a.png.equals(b.png)).toBe(true);
    expect(renderWeeklyChart(input({ locale: 'de' })).png.equals(a.png)).toBe(false);
  });
});

describe('weekly chart alt text', () => {
  it('summarises bars, line and goal in English with the numbers', () => {
    const { altText } = renderWeeklyChart(input());
    expect(altText).toBe(
      'Comments per day: Mon 12, Tue 30, Wed 7, Thu 18, Fri 22, Sat 3, Sun 0. ' +
        'Median first response per day (working time): Mon 45 min, Tue 1 h 10 min, Wed none, Thu 38 min, Fri 52 min, Sat 1 h 35 min, Sun none; goal 1 h.',
    );
  });

  it('summarises bars, line and goal in German with the numbers', () => {
    const { altText } = renderWeeklyChart(input({ locale: 'de' }));
    expect(altText).toBe(
      'Kommentare pro Tag: Mo 12, Di 30, Mi 7, Do 18, Fr 22, Sa 3, So 0. ' +
        'Median der Erstreaktion pro Tag (Arbeitszeit): Mo 45 min, Di 1 h 10 min, Mi keine, Do 38 min, Fr 52 min, Sa 1 h 35 min, So keine; Ziel 1 h.',
    );
  });

  it('leaves the goal out when there is none', () => {
    const { altText } = renderWeeklyChart(input({ goalFirstResponseMs: null }));
    expect(altText).not.toMatch(/goal/i);
    expect(altText.endsWith('Sun none.')).toBe(true);
  });

  it('starts with the empty message for an empty week, and stays within 1000 characters for long periods', () => {
    const days = WEEK.map((d) => ({ ...d, received: 0, medianFirstResponseMs: null }));
    expect(renderWeeklyChart(input({ days })).altText).toMatch(/^No comments this week\. Comments per day: Mon 0/);
    expect(renderWeeklyChart(input({ days, locale: 'de' })).altText).toMatch(/^Keine Kommentare in dieser Woche\./);
    expect(renderWeeklyChart(input({ days: [] })).altText).toBe('No days in the chart. Goal 1 h.');
    const long = Array.from({ length: 120 }, (_, i) => ({ date: new Date(Date.UTC(2026, 0, 5 + i)).toISOString().slice(0, 10), received: i, medianFirstResponseMs: i * MIN }));
    const altText = renderWeeklyChart(input({ days: long })).altText;
    expect(altText.length).toBeLessThanOrEqual(1000);
    expect(altText.endsWith('…')).toBe(true);
  });

  it('labels days by their date, not their position', () => {
    expect(weekdayLabel('2024-02-29', 'en')).toBe('Thu');
    expect(weekdayLabel('2026-11-16', 'de')).toBe('Mo');
    expect(weekdayLabel('2026-02-30', 'en')).toBe('2026-02-30');
    const days = [{ date: 'not-a-date', received: -3, medianFirstResponseMs: Number.NaN }];
    expect(renderWeeklyChart(input({ days, goalFirstResponseMs: Number.NaN })).altText).toContain('not-a-date 0');
  });

  it('formats durations', () => {
    expect(formatDuration(20_000)).toBe('< 1 min');
    expect(formatDuration(45 * MIN)).toBe('45 min');
    expect(formatDuration(60 * MIN)).toBe('1 h');
    expect(formatDuration(70 * MIN)).toBe('1 h 10 min');
    expect(formatDuration(26 * 60 * MIN)).toBe('26 h');
  });
});
