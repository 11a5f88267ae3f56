import { init, type EChartsOption } from 'echarts';
import type { DayFigures } from '../../domain/kpi.ts';
import { DURATION_UNITS, formatDuration as formatSpan } from '../../domain/duration.ts';
import { cutText } from '../../domain/untrusted-text.ts';
import { CHART_FONT_FAMILY, svgToPng } from './svg-to-png.ts';

/**
 * The weekly digest's chart, defined once as an Apache ECharts option and rendered server-side to SVG
 * (for pages) and from that SVG to PNG (for chat): bars for comments received per day (left axis), a
 * line with dots for the day's median working-time first response (right axis, minutes or hours), the
 * first-response goal as a dashed red line, weekday and date labels, a legend and an optional title.
 */

export interface WeeklyChartInput {
  /** Usually 7 days Monday..Sunday; fewer or more still render. */
  days: DayFigures[];
  /** The team's first-response goal, drawn as a dashed line on the time axis. */
  goalFirstResponseMs: number | null;
  locale: 'de' | 'en';
  /** A heading above the legend (a stranger may have named the team: it is drawn as text). */
  title?: string;
}

export interface WeeklyChart {
  png: Buffer;
  /** The same chart as a standalone SVG document. */
  svg: string;
  width: number;
  height: number;
  /** For Slack's alt_text: at most 1000 characters, in the input's locale. */
  altText: string;
}

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;

export const CHART_COLORS = {
  background: '#ffffff',
  grid: '#e8eaed',
  axis: '#5f6368',
  text: '#202124',
  mutedText: '#6e7278',
  bar: '#7aaae0',
  barLabel: '#2c5a8c',
  line: '#7e3fa8',
  goal: '#d62828',
} as const;

const ALT_TEXT_MAX = 1000;
const TITLE_MAX = 90;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// ---------------------------------------------------------------------------------------------
// Labels and numbers.

const WEEKDAYS: Record<'de' | 'en', readonly string[]> = {
  de: ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

function parseDate(date: string): { y: number; m: number; d: number; weekday: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return { y, m, d, weekday: t.getUTCDay() };
}

/** "Mo" / "Mon" for a YYYY-MM-DD date (from the date, not its position); the date itself if unreadable. */
export function weekdayLabel(date: string, locale: 'de' | 'en'): string {
  const parsed = parseDate(date);
  return parsed ? WEEKDAYS[locale][parsed.weekday]! : date;
}

/** "17.11." / "11/17"; empty if unreadable. */
function shortDate(date: string, locale: 'de' | 'en'): string {
  const parsed = parseDate(date);
  if (!parsed) return '';
  const dd = String(parsed.d).padStart(2, '0');
  const mm = String(parsed.m).padStart(2, '0');
  return locale === 'de' ? `${dd}.${mm}.` : `${mm}/${dd}`;
}

/** "45 min", "1 h 10 min", "3 h", "< 1 min" (the chart's labels are English in both languages). */
export function formatDuration(ms: number): string {
  return formatSpan(ms, DURATION_UNITS.en, { round: 'nearest', underMinute: 'lessThanMinute' });
}

function formatTick(value: number, decimals: number, locale: 'de' | 'en'): string {
  const text = value.toFixed(decimals);
  return locale === 'de' ? text.replace('.', ',') : text;
}

/** A "nice" axis from 0 to at least `max`, with about `targetTicks` steps picked from `multipliers × 10^k`. */
function niceAxis(max: number, minStep: number, fallbackMax: number, multipliers: readonly number[] = [1, 2, 5, 10]): { max: number; step: number } {
  const m = max > 0 ? max : fallbackMax;
  const raw = m / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = multipliers.map((k) => k * mag).find((s) => s >= raw - 1e-9) ?? 10 * mag;
  step = Math.max(step, minStep);
  const top = Math.max(step, Math.ceil(m / step - 1e-9) * step);
  return { max: top, step };
}

const TEXTS = {
  de: {
    comments: 'Kommentare',
    response: 'Median Erstreaktion',
    goal: 'Ziel',
    empty: 'Keine Kommentare in dieser Woche',
    altEmpty: 'Keine Kommentare in dieser Woche.',
    altNoDays: 'Keine Tage im Diagramm.',
    altComments: 'Kommentare pro Tag',
    altResponse: 'Median der Erstreaktion pro Tag (Arbeitszeit)',
    altNone: 'keine',
    altGoal: 'Ziel',
  },
  en: {
    comments: 'Comments',
    response: 'Median first response',
    goal: 'Goal',
    empty: 'No comments this week',
    altEmpty: 'No comments this week.',
    altNoDays: 'No days in the chart.',
    altComments: 'Comments per day',
    altResponse: 'Median first response per day (working time)',
    altNone: 'none',
    altGoal: 'goal',
  },
} as const;

// ---------------------------------------------------------------------------------------------
// The chart, once.

function cleanCount(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
}

function cleanMs(ms: number | null): number | null {
  return ms !== null && Number.isFinite(ms) && ms >= 0 ? ms : null;
}

export interface WeeklyChartAxes {
  countAxis: { max: number; step: number };
  timeAxis: { unit: 'min' | 'h'; unitMs: number; max: number; step: number };
  /** No comments and no response times: the chart shows a message instead of data. */
  empty: boolean;
}

/** Both value axes fixed from the data, so every week's chart has round ticks and room above the goal. */
export function weeklyChartAxes(input: WeeklyChartInput): WeeklyChartAxes {
  const goalMs = cleanMs(input.goalFirstResponseMs);
  const days = input.days.map((d) => ({ received: cleanCount(d.received), responseMs: cleanMs(d.medianFirstResponseMs) }));
  const countAxis = niceAxis(Math.max(0, ...days.map((d) => d.received)), 1, 4);
  const maxMs = Math.max(0, goalMs ?? 0, ...days.map((d) => d.responseMs ?? 0));
  const unit: 'min' | 'h' = maxMs > 2 * HOUR ? 'h' : 'min';
  const unitMs = unit === 'h' ? HOUR : MINUTE;
  // Headroom above the goal so its line and label never sit on the plot's top edge.
  const axisMs = Math.max(maxMs, (goalMs ?? 0) * 1.15);
  const timeAxis = unit === 'h' ? niceAxis(axisMs / HOUR, 0.5, 1) : niceAxis(axisMs / MINUTE, 1, 60, [1, 1.5, 2, 3, 5, 10]);
  return {
    countAxis,
    timeAxis: { unit, unitMs, ...timeAxis },
    empty: days.every((d) => d.received === 0 && d.responseMs === null),
  };
}

/** The ECharts option: everything the chart shows. */
export function weeklyChartOption(input: WeeklyChartInput): EChartsOption {
  const t = TEXTS[input.locale];
  const C = CHART_COLORS;
  const { countAxis, timeAxis, empty } = weeklyChartAxes(input);
  const goalMs = cleanMs(input.goalFirstResponseMs);
  const title = input.title ? cutText(input.title.replace(/\s+/g, ' ').trim(), TITLE_MAX) : '';
  const decimals = timeAxis.step < 1 || !Number.isInteger(timeAxis.step) ? 1 : 0;
  const goalStyle = { color: C.goal, type: [10, 6], width: 2 };
  const top = title ? 84 : 64;

  return {
    animation: false,
    backgroundColor: C.background,
    textStyle: { fontFamily: CHART_FONT_FAMILY, color: C.text },
    ...(title ? { title: { text: title, left: 'center', top: 8, textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: 15, fontWeight: 'normal', color: C.text } } } : {}),
    legend: { top: title ? 36 : 16, itemGap: 28, textStyle: { color: C.text, fontSize: 13 } },
    grid: { left: 64, right: CHART_WIDTH - 728, top, bottom: CHART_HEIGHT - 332, containLabel: false },
    xAxis: {
      type: 'category',
      data: input.days.map((d) => {
        const date = shortDate(d.date, input.locale);
        return date ? `${weekdayLabel(d.date, input.locale)}\n${date}` : weekdayLabel(d.date, input.locale);
      }),
      axisLine: { lineStyle: { color: C.axis, width: 2 } },
      axisTick: { show: false },
      axisLabel: { color: C.text, fontSize: 12, lineHeight: 16, interval: 'auto' },
    },
    yAxis: [
      {
        type: 'value',
        min: 0,
        max: countAxis.max,
        interval: countAxis.step,
        axisLine: { show: true, lineStyle: { color: C.axis, width: 2 } },
        axisTick: { show: true },
        splitLine: { lineStyle: { color: C.grid } },
        axisLabel: { color: C.text, fontSize: 12, formatter: (v: number) => formatTick(v, 0, input.locale) },
      },
      {
        type: 'value',
        min: 0,
        max: timeAxis.max,
        interval: timeAxis.step,
        name: timeAxis.unit,
        nameTextStyle: { color: C.line, fontSize: 13 },
        axisLine: { show: true, lineStyle: { color: C.axis, width: 2 } },
        axisTick: { show: true },
        splitLine: { show: false },
        axisLabel: { color: C.text, fontSize: 12, formatter: (v: number) => formatTick(v, decimals, input.locale) },
      },
    ],
    series: [
      {
        name: t.comments,
        type: 'bar',
        barWidth: '60%',
        data: input.days.map((d) => cleanCount(d.received)),
        itemStyle: { color: C.bar },
        label: { show: !empty, position: 'top', color: C.barLabel, fontSize: 12 },
      },
      {
        name: t.response,
        type: 'line',
        yAxisIndex: 1,
        data: input.days.map((d) => {
          const ms = cleanMs(d.medianFirstResponseMs);
          return ms === null ? null : Math.round((ms / timeAxis.unitMs) * 100) / 100;
        }),
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 9,
        lineStyle: { color: C.line, width: 3 },
        itemStyle: { color: C.line },
        z: 3,
      },
      ...(goalMs === null
        ? []
        : [
            {
              name: t.goal,
              type: 'line' as const,
              yAxisIndex: 1,
              data: [],
              symbol: 'none',
              lineStyle: goalStyle,
              itemStyle: { color: C.goal },
              markLine: {
                silent: true,
                symbol: 'none',
                data: [{ yAxis: Math.round((goalMs / timeAxis.unitMs) * 100) / 100 }],
                lineStyle: goalStyle,
                label: { formatter: t.goal, position: 'insideEndTop' as const, color: C.goal, fontSize: 12 },
              },
            },
          ]),
    ],
    ...(empty ? { graphic: [{ type: 'text', left: 'center', top: (top + 332) / 2 - 8, style: { text: t.empty, fill: C.mutedText, fontSize: 15, fontFamily: CHART_FONT_FAMILY } }] } : {}),
  };
}

/** The chart as a standalone SVG document, rendered on the server without a browser. */
export function weeklyChartSvg(input: WeeklyChartInput): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT });
  try {
    chart.setOption(weeklyChartOption(input));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** SVG for pages, the same chart as PNG for chat, and the alt text. */
export function renderWeeklyChart(input: WeeklyChartInput): WeeklyChart {
  const svg = weeklyChartSvg(input);
  return { svg, png: svgToPng(svg, { width: CHART_WIDTH, crisp: true }), width: CHART_WIDTH, height: CHART_HEIGHT, altText: weeklyChartAltText(input) };
}

// ---------------------------------------------------------------------------------------------
// Alt text.

/** One or two sentences for Slack's alt_text, in the locale, with every number the chart shows. */
export function weeklyChartAltText(input: WeeklyChartInput): string {
  const t = TEXTS[input.locale];
  const days = input.days.map((d) => ({
    label: weekdayLabel(d.date, input.locale),
    received: cleanCount(d.received),
    responseMs: cleanMs(d.medianFirstResponseMs),
  }));
  const goalMs = cleanMs(input.goalFirstResponseMs);
  const goal = goalMs === null ? '' : `; ${t.altGoal} ${formatDuration(goalMs)}`;
  let text: string;
  if (days.length === 0) {
    text = `${t.altNoDays}${goalMs === null ? '' : ` ${t.altGoal[0]!.toUpperCase()}${t.altGoal.slice(1)} ${formatDuration(goalMs)}.`}`;
  } else {
    const counts = days.map((d) => `${d.label} ${d.received}`).join(', ');
    const times = days.map((d) => `${d.label} ${d.responseMs === null ? t.altNone : formatDuration(d.responseMs)}`).join(', ');
    const empty = days.every((d) => d.received === 0 && d.responseMs === null) ? `${t.altEmpty} ` : '';
    text = `${empty}${t.altComments}: ${counts}. ${t.altResponse}: ${times}${goal}.`;
  }
  return cutText(text, ALT_TEXT_MAX, { trim: false });
}
