import { describe, expect, it } from 'vitest';
import { type DecodedPng, decodePng } from '../../support/png-reader.ts';
import {
  CHART_COLORS,
  DOT_RADIUS,
  GOAL_DASH,
  GOAL_GAP,
  formatDuration,
  hasGlyph,
  layoutWeeklyChart,
  renderWeeklyChart,
  weekdayLabel,
  type Rgb,
  type WeeklyChartInput,
} from '../../../src/chat/chart/weekly-chart.ts';
import type { DayFigures } from '../../../src/domain/kpi.ts';

function pixel(img: DecodedPng, x: number, y: number): [number, number, number, number] {
  const i = (y * img.width + x) * 4;
  return [img.rgba[i]!, img.rgba[i + 1]!, img.rgba[i + 2]!, img.rgba[i + 3]!];
}

function isColour(img: DecodedPng, x: number, y: number, colour: Rgb): boolean {
  const [r, g, b, a] = pixel(img, x, y);
  return r === colour[0] && g === colour[1] && b === colour[2] && a === 255;
}

function expectColour(img: DecodedPng, x: number, y: number, colour: Rgb): void {
  expect(pixel(img, x, y), `pixel (${x}, ${y})`).toEqual([...colour, 255]);
}

/** Whether any pixel in columns x0..x1 and rows y0..y1 (inclusive) has the colour. */
function anyColour(img: DecodedPng, x0: number, x1: number, y0: number, y1: number, colour: Rgb): boolean {
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (isColour(img, x, y, colour)) return true;
  return false;
}

/** [start, end] (inclusive) of each run of the colour along row y. */
function runs(img: DecodedPng, y: number, colour: Rgb, x0 = 0, x1 = img.width - 1): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let x = x0; x <= x1 + 1; x++) {
    const hit = x <= x1 && isColour(img, x, y, colour);
    if (hit && start < 0) start = x;
    if (!hit && start >= 0) {
      out.push([start, x - 1]);
      start = -1;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

const MIN = 60_000;
const { background: WHITE, bar: BAR, line: LINE, goal: GOAL, mutedText: MUTED } = CHART_COLORS;

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

const input = (over: Partial<WeeklyChartInput> = {}): WeeklyChartInput => ({
  days: WEEK,
  goalFirstResponseMs: 60 * MIN,
  locale: 'en',
  ...over,
});

function render(over: Partial<WeeklyChartInput> = {}) {
  const chart = renderWeeklyChart(input(over));
  return { chart, img: decodePng(chart.png), layout: layoutWeeklyChart(input(over)) };
}

describe('renderWeeklyChart: the PNG', () => {
  it('is a valid 800×400 RGBA PNG with one scanline per row', () => {
    const { chart, img } = render();
    expect(chart.width).toBe(800);
    expect(chart.height).toBe(400);
    expect(img.chunkTypes[0]).toBe('IHDR');
    expect(img.chunkTypes.at(-1)).toBe('IEND');
    expect(img.chunkTypes).toContain('IDAT');
    expect(img).toMatchObject({ width: 800, height: 400, bitDepth: 8, colourType: 6, scanlines: 400 });
  });

  it('is small', () => {
    const { chart } = render();
    expect(chart.png.length).toBeLessThan(60 * 1024);
    expect(chart.png.length).toBeGreaterThan(1000);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    const a = renderWeeklyChart(input());
    const b = renderWeeklyChart(structuredClone(input()));
    expect(a.png.equals(b.png)).toBe(true);
    expect(a.altText).toBe(b.altText);
    expect(renderWeeklyChart(input({ locale: 'de' })).png.equals(a.png)).toBe(false);
  });
});

describe('renderWeeklyChart: what is drawn', () => {
  it('has a white background, also where a day has neither bar nor dot', () => {
    const { img, layout } = render();
    expectColour(img, 0, 0, WHITE);
    expectColour(img, 799, 399, WHITE);
    const sunday = layout.slots[6]!;
    expect(sunday.bar.height).toBe(0);
    expectColour(img, sunday.centerX, layout.plot.bottom - 2, WHITE);
    expectColour(img, sunday.centerX, layout.plot.bottom - 60, WHITE);
  });

  it('draws one bar per day with comments, each inside its own day slot', () => {
    const { img, layout } = render();
    const { left, right, bottom } = layout.plot;
    const slot = (right - left) / 7;
    const found = runs(img, bottom - 2, BAR, left, right);
    // Sunday has 0 comments, so six bars.
    expect(found).toHaveLength(6);
    const dayIndexes = [0, 1, 2, 3, 4, 5];
    found.forEach(([start, end], k) => {
      const i = dayIndexes[k]!;
      expect(start).toBeGreaterThanOrEqual(left + i * slot);
      expect(end).toBeLessThan(left + (i + 1) * slot);
      expect(end - start + 1).toBeGreaterThanOrEqual(slot / 2);
    });
  });

  it("puts Tuesday's bar in the bar colour in Tuesday's x range, white on either side", () => {
    const { img, layout } = render();
    const { left, right, bottom } = layout.plot;
    const slot = (right - left) / 7;
    const tue = layout.slots[1]!.bar;
    expect(tue.x).toBeGreaterThan(left + slot);
    expect(tue.x + tue.width).toBeLessThan(left + 2 * slot);
    for (let x = tue.x; x < tue.x + tue.width; x++) expectColour(img, x, bottom - 2, BAR);
    expectColour(img, tue.x - 1, bottom - 2, WHITE);
    expectColour(img, tue.x + tue.width, bottom - 2, WHITE);
  });

  it('makes bar heights proportional to the count on the left axis', () => {
    const { img, layout } = render();
    const { top, bottom } = layout.plot;
    expect(layout.countAxis.max).toBe(30);
    expect(layout.countAxis.ticks).toEqual([0, 10, 20, 30]);
    // Thursday, 18 comments; its left edge is clear of the response line (Wednesday has none).
    const thu = layout.slots[3]!.bar;
    const expectedTop = bottom - Math.round((18 / 30) * (bottom - top));
    let y = bottom - 1;
    // (The goal's dashes cross the bar; they count as bar here.)
    while (isColour(img, thu.x, y, BAR) || isColour(img, thu.x, y, GOAL)) y--;
    expect(y + 1).toBe(expectedTop);
    expectColour(img, thu.x, expectedTop - 1, WHITE);
    // Tuesday's 30 reaches the top of the plot.
    expect(layout.slots[1]!.bar.y).toBe(top);
  });

  it('draws the goal as a dashed red line at the goal on the time axis', () => {
    const { img, layout } = render();
    const { left, top, bottom } = layout.plot;
    expect(layout.timeAxis.unit).toBe('min');
    expect(layout.timeAxis.max).toBe(120);
    const goalY = bottom - Math.round((60 / 120) * (bottom - top));
    expect(layout.goalY).toBe(goalY);
    // First dash, two pixels thick, then a white gap.
    for (let x = left; x < left + GOAL_DASH; x++) {
      expectColour(img, x, goalY, GOAL);
      expectColour(img, x, goalY - 1, GOAL);
    }
    expectColour(img, left + 3, goalY + 1, WHITE);
    expectColour(img, left + 3, goalY - 2, WHITE);
    for (let x = left + GOAL_DASH; x < left + GOAL_DASH + GOAL_GAP; x++) expectColour(img, x, goalY, WHITE);
    // Over Tuesday's bar the dashes are on top of it and the bar shows through the gaps.
    const tue = layout.slots[1]!.bar;
    let dashes = 0;
    let gaps = 0;
    for (let x = tue.x; x < tue.x + tue.width; x++) {
      const onDash = (x - left) % (GOAL_DASH + GOAL_GAP) < GOAL_DASH;
      expectColour(img, x, goalY, onDash ? GOAL : BAR);
      if (onDash) dashes++;
      else gaps++;
    }
    expect(dashes).toBeGreaterThan(0);
    expect(gaps).toBeGreaterThan(0);
  });

  it('labels the goal and the legend names it', () => {
    const { img, layout } = render();
    const goalY = layout.goalY!;
    // The "Goal" label sits at the right end of the line, above or below it.
    expect(anyColour(img, layout.plot.right - 60, layout.plot.right, goalY - 22, goalY - 3, GOAL) || anyColour(img, layout.plot.right - 60, layout.plot.right, goalY + 3, goalY + 22, GOAL)).toBe(true);
    // Legend row: bar swatch, line swatch, goal swatch.
    expect(anyColour(img, 0, 799, 0, 40, BAR)).toBe(true);
    expect(anyColour(img, 0, 799, 0, 40, LINE)).toBe(true);
    expect(anyColour(img, 0, 799, 0, 40, GOAL)).toBe(true);
  });

  it('draws no goal line without a goal', () => {
    const { img, layout } = render({ goalFirstResponseMs: null });
    expect(layout.goalY).toBeNull();
    expect(anyColour(img, 0, 799, 0, 399, GOAL)).toBe(false);
  });

  it('draws the response dots at their times on the right axis', () => {
    const { img, layout } = render();
    const { top, bottom } = layout.plot;
    const mon = layout.slots[0]!.point!;
    expect(mon.y).toBe(bottom - Math.round((45 / 120) * (bottom - top)));
    expectColour(img, mon.x, mon.y, LINE);
    expectColour(img, mon.x + DOT_RADIUS, mon.y, LINE);
    expect(layout.slots[2]!.point).toBeNull();
    expect(layout.slots[6]!.point).toBeNull();
  });

  it('connects neighbouring days and breaks the line at days without a response time', () => {
    const { img, layout } = render();
    const { top, bottom, right } = layout.plot;
    const [mon, tue, , thu, , sat] = layout.slots;
    // Monday to Tuesday: every column between the dots has line pixels.
    for (let x = mon!.centerX; x <= tue!.centerX; x++) expect(anyColour(img, x, x, top, bottom, LINE), `column ${x}`).toBe(true);
    // Wednesday is null: nothing between Tuesday's dot and Thursday's dot.
    expect(anyColour(img, tue!.centerX + DOT_RADIUS + 2, thu!.centerX - DOT_RADIUS - 2, top, bottom, LINE)).toBe(false);
    // Sunday is null: nothing after Saturday's dot.
    expect(anyColour(img, sat!.centerX + DOT_RADIUS + 2, right, top, bottom, LINE)).toBe(false);

    // With a Wednesday value the line runs through.
    const filled = render({ days: WEEK.map((d, i) => (i === 2 ? { ...d, medianFirstResponseMs: 50 * MIN } : d)) });
    const wed = filled.layout.slots[2]!;
    expect(anyColour(filled.img, wed.centerX + DOT_RADIUS + 2, thu!.centerX - DOT_RADIUS - 2, top, bottom, LINE)).toBe(true);
  });

  it('switches the time axis to hours for long response times', () => {
    const days = WEEK.map((d, i) => ({ ...d, medianFirstResponseMs: i === 3 ? 5 * 60 * MIN : d.medianFirstResponseMs }));
    const { img, layout } = render({ days, goalFirstResponseMs: 2 * 60 * MIN });
    expect(layout.timeAxis.unit).toBe('h');
    expect(layout.timeAxis.max).toBeGreaterThanOrEqual(5);
    const { top, bottom } = layout.plot;
    expect(layout.goalY).toBe(bottom - Math.round((2 / layout.timeAxis.max) * (bottom - top)));
    expectColour(img, layout.plot.left + 1, layout.goalY!, GOAL);
  });

  it('labels days by their date, not their position', () => {
    expect(layoutWeeklyChart(input()).slots.map((s) => s.weekday)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(layoutWeeklyChart(input({ locale: 'de' })).slots.map((s) => s.weekday)).toEqual(['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So']);
    const fromThursday = WEEK.slice(3).concat({ date: '2026-11-23', received: 1, medianFirstResponseMs: null });
    expect(layoutWeeklyChart(input({ days: fromThursday, locale: 'de' })).slots.map((s) => s.weekday)).toEqual(['Do', 'Fr', 'Sa', 'So', 'Mo']);
    expect(weekdayLabel('2024-02-29', 'en')).toBe('Thu');
    expect(weekdayLabel('2026-02-30', 'en')).toBe('2026-02-30');
  });

  it('writes the weekday labels under the plot', () => {
    const { img, layout } = render();
    const { bottom } = layout.plot;
    for (const s of layout.slots) expect(anyColour(img, s.centerX - 20, s.centerX + 20, bottom + 8, bottom + 26, CHART_COLORS.text)).toBe(true);
  });
});

describe('renderWeeklyChart: other shapes of week', () => {
  it('renders an empty week readably: axes, weekdays and a message, no bars or line', () => {
    const days = WEEK.map((d) => ({ ...d, received: 0, medianFirstResponseMs: null }));
    const { chart, img, layout } = render({ days });
    expect(img).toMatchObject({ width: 800, height: 400, scanlines: 400 });
    expect(layout.empty).toBe(true);
    expect(layout.countAxis.max).toBeGreaterThan(0);
    const { left, right, top, bottom } = layout.plot;
    expect(anyColour(img, left, right, top, bottom, BAR)).toBe(false);
    expect(anyColour(img, left, right, top, bottom, LINE)).toBe(false);
    // The "No comments this week" message in the middle of the plot.
    const midY = Math.round((top + bottom) / 2);
    expect(anyColour(img, left, right, midY - 10, midY + 10, MUTED)).toBe(true);
    // The goal is still drawn.
    expect(anyColour(img, left, right, layout.goalY!, layout.goalY!, GOAL)).toBe(true);
    expect(chart.altText).toMatch(/^No comments this week\./);
    expect(chart.altText).toContain('Mon 0');
    expect(renderWeeklyChart(input({ days, locale: 'de' })).altText).toMatch(/^Keine Kommentare in dieser Woche\./);
  });

  it('renders a week with no days at all', () => {
    const { chart, img, layout } = render({ days: [] });
    expect(img).toMatchObject({ width: 800, height: 400, scanlines: 400 });
    expect(layout.empty).toBe(true);
    expect(chart.altText.length).toBeGreaterThan(0);
  });

  it('renders 5 days', () => {
    const days = WEEK.slice(0, 5);
    const { img, layout } = render({ days });
    expect(img).toMatchObject({ width: 800, height: 400, scanlines: 400 });
    expect(layout.slots).toHaveLength(5);
    expect(runs(img, layout.plot.bottom - 2, BAR, layout.plot.left, layout.plot.right)).toHaveLength(5);
  });

  it('renders 9 days', () => {
    const days = [
      ...WEEK,
      { date: '2026-11-23', received: 140, medianFirstResponseMs: 5 * 60 * MIN },
      { date: '2026-11-24', received: 9, medianFirstResponseMs: 3 * 60 * MIN },
    ];
    const { chart, img, layout } = render({ days });
    expect(img).toMatchObject({ width: 800, height: 400, scanlines: 400 });
    expect(layout.slots).toHaveLength(9);
    expect(runs(img, layout.plot.bottom - 2, BAR, layout.plot.left, layout.plot.right)).toHaveLength(8);
    expect(layout.timeAxis.unit).toBe('h');
    expect(chart.altText).toContain('Mon 140');
    expect(chart.altText).toContain('Tue 3 h');
  });

  it('renders a long period without throwing and keeps the alt text within 1000 characters', () => {
    const days: DayFigures[] = Array.from({ length: 120 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 0, 5 + i)).toISOString().slice(0, 10),
      received: (i * 37) % 90,
      medianFirstResponseMs: i % 5 === 0 ? null : ((i * 13) % 200) * MIN,
    }));
    const { chart, img } = render({ days });
    expect(img.scanlines).toBe(400);
    expect(chart.png.length).toBeLessThan(60 * 1024);
    expect(chart.altText.length).toBeLessThanOrEqual(1000);
    expect(chart.altText.endsWith('…')).toBe(true);
  });

  it('copes with odd figures: negative, NaN, unreadable dates', () => {
    const days: DayFigures[] = [
      { date: 'not-a-date', received: -3, medianFirstResponseMs: Number.NaN },
      { date: '2026-11-17', received: Number.NaN, medianFirstResponseMs: -5 },
      { date: '2026-11-18', received: 4, medianFirstResponseMs: 0 },
    ];
    const { chart, img, layout } = render({ days, goalFirstResponseMs: Number.NaN });
    expect(img.scanlines).toBe(400);
    expect(layout.slots.map((s) => s.received)).toEqual([0, 0, 4]);
    expect(layout.goalY).toBeNull();
    expect(chart.altText).toContain('not-a-date 0');
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

  it('formats durations', () => {
    expect(formatDuration(20_000)).toBe('< 1 min');
    expect(formatDuration(45 * MIN)).toBe('45 min');
    expect(formatDuration(60 * MIN)).toBe('1 h');
    expect(formatDuration(70 * MIN)).toBe('1 h 10 min');
    expect(formatDuration(26 * 60 * MIN)).toBe('26 h');
  });
});

describe('built-in font', () => {
  it('covers the characters the chart needs', () => {
    const needed = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzäöü :.%/-,()';
    for (const ch of needed) expect(hasGlyph(ch), `glyph ${JSON.stringify(ch)}`).toBe(true);
  });
});
