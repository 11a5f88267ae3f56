import type { DayFigures } from '../../domain/kpi.ts';
import { DURATION_UNITS, formatDuration as formatSpan } from '../../domain/duration.ts';
import { encodePng } from './png-encoder.ts';
import { cutText } from '../../domain/untrusted-text.ts';

/**
 * The weekly digest's chart, drawn without a canvas library: bars for comments received per day
 * (left axis), a line with dots for the day's median working-time first response (right axis, minutes
 * or hours), the first-response goal as a dashed red line, weekday labels and a legend. Pure and
 * deterministic: the same input always gives the same PNG bytes.
 */

export type Rgb = readonly [number, number, number];

export interface WeeklyChartInput {
  /** Usually 7 days Monday..Sunday; fewer or more still render. */
  days: DayFigures[];
  /** The team's first-response goal, drawn as a dashed line on the time axis. */
  goalFirstResponseMs: number | null;
  locale: 'de' | 'en';
}

export interface WeeklyChart {
  png: Buffer;
  width: number;
  height: number;
  /** For Slack's alt_text: at most 1000 characters, in the input's locale. */
  altText: string;
}

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;

export const CHART_COLORS = {
  background: [255, 255, 255],
  grid: [232, 234, 237],
  axis: [95, 99, 104],
  text: [32, 33, 36],
  mutedText: [110, 114, 120],
  bar: [122, 170, 224],
  barLabel: [44, 90, 140],
  line: [126, 63, 168],
  goal: [214, 40, 40],
} as const satisfies Record<string, Rgb>;

/** Goal line: dashes of DASH pixels, GAP pixels apart, starting at the plot's left edge. */
export const GOAL_DASH = 10;
export const GOAL_GAP = 6;
export const GOAL_THICKNESS = 2;
export const LINE_THICKNESS = 3;
export const DOT_RADIUS = 4;

const ALT_TEXT_MAX = 1000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// ---------------------------------------------------------------------------------------------
// 5×7 bitmap font. Each glyph is five column bytes, bit 0 the top row, bit 6 the bottom row.

const FONT: Readonly<Record<string, readonly number[]>> = {
  ' ': [0x00, 0x00, 0x00, 0x00, 0x00],
  '!': [0x00, 0x00, 0x5f, 0x00, 0x00],
  '%': [0x23, 0x13, 0x08, 0x64, 0x62],
  "'": [0x00, 0x05, 0x03, 0x00, 0x00],
  '(': [0x00, 0x1c, 0x22, 0x41, 0x00],
  ')': [0x00, 0x41, 0x22, 0x1c, 0x00],
  '+': [0x08, 0x08, 0x3e, 0x08, 0x08],
  ',': [0x00, 0x50, 0x30, 0x00, 0x00],
  '-': [0x08, 0x08, 0x08, 0x08, 0x08],
  '.': [0x00, 0x60, 0x60, 0x00, 0x00],
  '/': [0x20, 0x10, 0x08, 0x04, 0x02],
  '0': [0x3e, 0x51, 0x49, 0x45, 0x3e],
  '1': [0x00, 0x42, 0x7f, 0x40, 0x00],
  '2': [0x42, 0x61, 0x51, 0x49, 0x46],
  '3': [0x21, 0x41, 0x45, 0x4b, 0x31],
  '4': [0x18, 0x14, 0x12, 0x7f, 0x10],
  '5': [0x27, 0x45, 0x45, 0x45, 0x39],
  '6': [0x3c, 0x4a, 0x49, 0x49, 0x30],
  '7': [0x01, 0x71, 0x09, 0x05, 0x03],
  '8': [0x36, 0x49, 0x49, 0x49, 0x36],
  '9': [0x06, 0x49, 0x49, 0x29, 0x1e],
  ':': [0x00, 0x36, 0x36, 0x00, 0x00],
  '<': [0x00, 0x08, 0x14, 0x22, 0x41],
  '=': [0x14, 0x14, 0x14, 0x14, 0x14],
  '>': [0x41, 0x22, 0x14, 0x08, 0x00],
  '?': [0x02, 0x01, 0x51, 0x09, 0x06],
  A: [0x7e, 0x11, 0x11, 0x11, 0x7e],
  B: [0x7f, 0x49, 0x49, 0x49, 0x36],
  C: [0x3e, 0x41, 0x41, 0x41, 0x22],
  D: [0x7f, 0x41, 0x41, 0x22, 0x1c],
  E: [0x7f, 0x49, 0x49, 0x49, 0x41],
  F: [0x7f, 0x09, 0x09, 0x01, 0x01],
  G: [0x3e, 0x41, 0x41, 0x51, 0x32],
  H: [0x7f, 0x08, 0x08, 0x08, 0x7f],
  I: [0x00, 0x41, 0x7f, 0x41, 0x00],
  J: [0x20, 0x40, 0x41, 0x3f, 0x01],
  K: [0x7f, 0x08, 0x14, 0x22, 0x41],
  L: [0x7f, 0x40, 0x40, 0x40, 0x40],
  M: [0x7f, 0x02, 0x04, 0x02, 0x7f],
  N: [0x7f, 0x04, 0x08, 0x10, 0x7f],
  O: [0x3e, 0x41, 0x41, 0x41, 0x3e],
  P: [0x7f, 0x09, 0x09, 0x09, 0x06],
  Q: [0x3e, 0x41, 0x51, 0x21, 0x5e],
  R: [0x7f, 0x09, 0x19, 0x29, 0x46],
  S: [0x46, 0x49, 0x49, 0x49, 0x31],
  T: [0x01, 0x01, 0x7f, 0x01, 0x01],
  U: [0x3f, 0x40, 0x40, 0x40, 0x3f],
  V: [0x1f, 0x20, 0x40, 0x20, 0x1f],
  W: [0x7f, 0x20, 0x18, 0x20, 0x7f],
  X: [0x63, 0x14, 0x08, 0x14, 0x63],
  Y: [0x03, 0x04, 0x78, 0x04, 0x03],
  Z: [0x61, 0x51, 0x49, 0x45, 0x43],
  a: [0x20, 0x54, 0x54, 0x54, 0x78],
  b: [0x7f, 0x48, 0x44, 0x44, 0x38],
  c: [0x38, 0x44, 0x44, 0x44, 0x20],
  d: [0x38, 0x44, 0x44, 0x48, 0x7f],
  e: [0x38, 0x54, 0x54, 0x54, 0x18],
  f: [0x08, 0x7e, 0x09, 0x01, 0x02],
  g: [0x0c, 0x52, 0x52, 0x52, 0x3e],
  h: [0x7f, 0x08, 0x04, 0x04, 0x78],
  i: [0x00, 0x44, 0x7d, 0x40, 0x00],
  j: [0x20, 0x40, 0x44, 0x3d, 0x00],
  k: [0x7f, 0x10, 0x28, 0x44, 0x00],
  l: [0x00, 0x41, 0x7f, 0x40, 0x00],
  m: [0x7c, 0x04, 0x18, 0x04, 0x78],
  n: [0x7c, 0x08, 0x04, 0x04, 0x78],
  o: [0x38, 0x44, 0x44, 0x44, 0x38],
  p: [0x7c, 0x14, 0x14, 0x14, 0x08],
  q: [0x08, 0x14, 0x14, 0x18, 0x7c],
  r: [0x7c, 0x08, 0x04, 0x04, 0x08],
  s: [0x48, 0x54, 0x54, 0x54, 0x20],
  t: [0x04, 0x3f, 0x44, 0x40, 0x20],
  u: [0x3c, 0x40, 0x40, 0x20, 0x7c],
  v: [0x1c, 0x20, 0x40, 0x20, 0x1c],
  w: [0x3c, 0x40, 0x30, 0x40, 0x3c],
  x: [0x44, 0x28, 0x10, 0x28, 0x44],
  y: [0x0c, 0x50, 0x50, 0x50, 0x3c],
  z: [0x44, 0x64, 0x54, 0x4c, 0x44],
  ä: [0x20, 0x55, 0x54, 0x55, 0x78],
  ö: [0x38, 0x45, 0x44, 0x45, 0x38],
  ü: [0x3c, 0x41, 0x40, 0x21, 0x7c],
  Ä: [0x78, 0x15, 0x14, 0x15, 0x78],
  Ö: [0x38, 0x45, 0x44, 0x45, 0x38],
  Ü: [0x3c, 0x41, 0x40, 0x41, 0x3c],
  ß: [0x7e, 0x01, 0x49, 0x56, 0x20],
  '–': [0x08, 0x08, 0x08, 0x08, 0x08],
};

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

/** Whether the built-in font has a glyph for the character (others draw as "?"). */
export function hasGlyph(ch: string): boolean {
  return Object.hasOwn(FONT, ch);
}

/** Pixel width of a string drawn at `scale` (one column of spacing between glyphs). */
export function textWidth(text: string, scale = 1): number {
  const n = [...text].length;
  return n === 0 ? 0 : (n * (GLYPH_WIDTH + 1) - 1) * scale;
}

// ---------------------------------------------------------------------------------------------
// A tiny RGBA raster canvas. Coordinates are integer pixels; everything outside is clipped.

export class RasterCanvas {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;

  constructor(width: number, height: number, background: Rgb = CHART_COLORS.background) {
    this.width = width;
    this.height = height;
    this.data = new Uint8Array(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  setPixel(x: number, y: number, color: Rgb): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 4;
    this.data[i] = color[0];
    this.data[i + 1] = color[1];
    this.data[i + 2] = color[2];
    this.data[i + 3] = 255;
  }

  /** The rectangle's pixel bounds [x0, y0, x1, y1), rounded and clipped to the canvas. */
  private clip(x: number, y: number, w: number, h: number): [number, number, number, number] {
    return [Math.max(0, Math.round(x)), Math.max(0, Math.round(y)), Math.min(this.width, Math.round(x + w)), Math.min(this.height, Math.round(y + h))];
  }

  getPixel(x: number, y: number): [number, number, number, number] {
    const i = (y * this.width + x) * 4;
    return [this.data[i] ?? 0, this.data[i + 1] ?? 0, this.data[i + 2] ?? 0, this.data[i + 3] ?? 0];
  }

  fillRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    const [x0, y0, x1, y1] = this.clip(x, y, w, h);
    for (let yy = y0; yy < y1; yy++) {
      for (let xx = x0; xx < x1; xx++) {
        const i = (yy * this.width + xx) * 4;
        this.data[i] = color[0];
        this.data[i + 1] = color[1];
        this.data[i + 2] = color[2];
        this.data[i + 3] = 255;
      }
    }
  }

  /** A square brush of `thickness` pixels around (x, y); for even sizes the extra pixel goes up/left. */
  private stamp(x: number, y: number, color: Rgb, thickness: number): void {
    const from = -Math.floor(thickness / 2);
    this.fillRect(x + from, y + from, thickness, thickness, color);
  }

  /** Bresenham line from (x0, y0) to (x1, y1), both ends included, drawn with a square brush. */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb, thickness = 1): void {
    let x = Math.round(x0);
    let y = Math.round(y0);
    const xe = Math.round(x1);
    const ye = Math.round(y1);
    const dx = Math.abs(xe - x);
    const dy = -Math.abs(ye - y);
    const sx = x < xe ? 1 : -1;
    const sy = y < ye ? 1 : -1;
    let err = dx + dy;
    for (;;) {
      this.stamp(x, y, color, thickness);
      if (x === xe && y === ye) return;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y += sy;
      }
    }
  }

  /** Horizontal dashed line from x0 to x1 (inclusive); dashes start at x0. */
  dashedHLine(x0: number, x1: number, y: number, color: Rgb, dash: number, gap: number, thickness = 1): void {
    const from = -Math.floor(thickness / 2);
    for (let x = Math.round(x0); x <= Math.round(x1); x += dash + gap) {
      const end = Math.min(x + dash - 1, Math.round(x1));
      this.fillRect(x, y + from, end - x + 1, thickness, color);
    }
  }

  fillCircle(cx: number, cy: number, r: number, color: Rgb): void {
    const x = Math.round(cx);
    const y = Math.round(cy);
    const rr = r * r + r; // a little fuller than the exact disc: rounder at small radii
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        if (dx * dx + dy * dy <= rr) this.setPixel(x + dx, y + dy, color);
      }
    }
  }

  /** Whether any pixel in the rectangle has exactly this colour. */
  regionHas(x: number, y: number, w: number, h: number, color: Rgb): boolean {
    const [x0, y0, x1, y1] = this.clip(x, y, w, h);
    for (let yy = y0; yy < y1; yy++) {
      for (let xx = x0; xx < x1; xx++) {
        const i = (yy * this.width + xx) * 4;
        if (this.data[i] === color[0] && this.data[i + 1] === color[1] && this.data[i + 2] === color[2]) return true;
      }
    }
    return false;
  }

  /**
   * Draws text with its top-left corner at (x, y); returns the width drawn. With `halo`, a one-pixel
   * outline in that colour goes down first so the text stays readable over lines.
   */
  text(x: number, y: number, text: string, color: Rgb, scale = 1, halo?: Rgb): number {
    if (halo) {
      for (const [dx, dy] of [[-1, 0], [1, 0], [0, -1], [0, 1], [-1, -1], [1, -1], [-1, 1], [1, 1]] as const) {
        this.text(x + dx, y + dy, text, halo, scale);
      }
    }
    let cx = Math.round(x);
    const top = Math.round(y);
    for (const ch of text) {
      const glyph = FONT[ch] ?? FONT['?']!;
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        const bits = glyph[col] ?? 0;
        for (let row = 0; row < GLYPH_HEIGHT; row++) {
          if ((bits >> row) & 1) this.fillRect(cx + col * scale, top + row * scale, scale, scale, color);
        }
      }
      cx += (GLYPH_WIDTH + 1) * scale;
    }
    return textWidth(text, scale);
  }

  toPng(): Buffer {
    return encodePng(this.width, this.height, this.data);
  }
}

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

function ticks(axis: { max: number; step: number }): number[] {
  const out: number[] = [];
  const n = Math.round(axis.max / axis.step);
  for (let i = 0; i <= n; i++) out.push(Math.round(i * axis.step * 1e6) / 1e6);
  return out;
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
// Layout: where everything goes, computed once and shared by the renderer (and tests).

export interface ChartSlot {
  date: string;
  weekday: string;
  dateLabel: string;
  received: number;
  responseMs: number | null;
  /** Centre x of the day's slot. */
  centerX: number;
  /** The bar, in pixels: columns x..x+width-1, rows y..y+height-1 (height 0 for no comments). */
  bar: { x: number; y: number; width: number; height: number };
  /** The response dot, or null when the day has no response time. */
  point: { x: number; y: number } | null;
}

export interface WeeklyChartLayout {
  width: number;
  height: number;
  /** The plot area: value 0 sits on row `bottom`, the axis maximum on row `top`. */
  plot: { left: number; right: number; top: number; bottom: number };
  countAxis: { max: number; step: number; ticks: number[] };
  timeAxis: { unit: 'min' | 'h'; unitMs: number; max: number; step: number; ticks: number[] };
  slots: ChartSlot[];
  /** Row of the goal line, or null without a goal. */
  goalY: number | null;
  /** No comments and no response times: the chart shows a message instead of data. */
  empty: boolean;
}

function cleanCount(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
}

function cleanMs(ms: number | null): number | null {
  return ms !== null && Number.isFinite(ms) && ms >= 0 ? ms : null;
}

export function layoutWeeklyChart(input: WeeklyChartInput): WeeklyChartLayout {
  const plot = { left: 64, right: 728, top: 64, bottom: 332 };
  const plotHeight = plot.bottom - plot.top;
  const plotWidth = plot.right - plot.left;
  const goalMs = cleanMs(input.goalFirstResponseMs);

  const days = input.days.map((d) => ({ date: d.date, received: cleanCount(d.received), responseMs: cleanMs(d.medianFirstResponseMs) }));
  const maxCount = Math.max(0, ...days.map((d) => d.received));
  const countAxis = niceAxis(maxCount, 1, 4);

  const maxMs = Math.max(0, goalMs ?? 0, ...days.map((d) => d.responseMs ?? 0));
  const unit: 'min' | 'h' = maxMs > 2 * HOUR ? 'h' : 'min';
  const unitMs = unit === 'h' ? HOUR : MINUTE;
  // Headroom above the goal so its line and label never sit on the plot's top edge.
  const axisMs = Math.max(maxMs, (goalMs ?? 0) * 1.15);
  const timeAxis =
    unit === 'h' ? niceAxis(axisMs / HOUR, 0.5, 1) : niceAxis(axisMs / MINUTE, 1, 60, [1, 1.5, 2, 3, 5, 10]);

  const countY = (n: number) => plot.bottom - Math.round((n / countAxis.max) * plotHeight);
  const timeY = (ms: number) => plot.bottom - Math.round((ms / unitMs / timeAxis.max) * plotHeight);

  const slotWidth = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(1, Math.round(slotWidth * 0.6));
  const slots: ChartSlot[] = days.map((d, i) => {
    const centerX = Math.round(plot.left + (i + 0.5) * slotWidth);
    const x = Math.round(plot.left + i * slotWidth + (slotWidth - barWidth) / 2);
    let top = countY(d.received);
    if (d.received > 0 && top >= plot.bottom) top = plot.bottom - 1;
    return {
      date: d.date,
      weekday: weekdayLabel(d.date, input.locale),
      dateLabel: shortDate(d.date, input.locale),
      received: d.received,
      responseMs: d.responseMs,
      centerX,
      bar: { x, y: top, width: barWidth, height: plot.bottom - top },
      point: d.responseMs === null ? null : { x: centerX, y: timeY(d.responseMs) },
    };
  });

  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    plot,
    countAxis: { ...countAxis, ticks: ticks(countAxis) },
    timeAxis: { unit, unitMs, ...timeAxis, ticks: ticks(timeAxis) },
    slots,
    goalY: goalMs === null ? null : timeY(goalMs),
    empty: days.every((d) => d.received === 0 && d.responseMs === null),
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering.

const TEXT_SCALE = 2;
const TEXT_HEIGHT = GLYPH_HEIGHT * TEXT_SCALE;

/** Indices to label when the labels would not fit under every slot: every k-th. */
function labelEvery(slotWidth: number, widest: number): number {
  if (widest <= 0) return 1;
  return Math.max(1, Math.ceil((widest + 6) / Math.max(1, slotWidth)));
}

export function renderWeeklyChart(input: WeeklyChartInput): WeeklyChart {
  const layout = layoutWeeklyChart(input);
  const t = TEXTS[input.locale];
  const { plot } = layout;
  const c = new RasterCanvas(layout.width, layout.height);
  const C = CHART_COLORS;
  const countY = (n: number) => plot.bottom - Math.round((n / layout.countAxis.max) * (plot.bottom - plot.top));
  const timeY = (v: number) => plot.bottom - Math.round((v / layout.timeAxis.max) * (plot.bottom - plot.top));

  // Grid lines at the count ticks.
  for (const tick of layout.countAxis.ticks) {
    if (tick > 0) c.fillRect(plot.left, countY(tick), plot.right - plot.left + 1, 1, C.grid);
  }

  // Bars.
  const slotWidth = (plot.right - plot.left) / Math.max(1, layout.slots.length);
  for (const s of layout.slots) {
    if (s.bar.height > 0) c.fillRect(s.bar.x, s.bar.y, s.bar.width, s.bar.height, C.bar);
  }

  // Goal: dashed red line across the plot (its label comes after the response line, to dodge it).
  if (layout.goalY !== null) c.dashedHLine(plot.left, plot.right, layout.goalY, C.goal, GOAL_DASH, GOAL_GAP, GOAL_THICKNESS);

  // Response line: segments only between neighbouring days that both have a value, then the dots.
  for (let i = 1; i < layout.slots.length; i++) {
    const a = layout.slots[i - 1]!.point;
    const b = layout.slots[i]!.point;
    if (a && b) c.line(a.x, a.y, b.x, b.y, C.line, LINE_THICKNESS);
  }
  for (const s of layout.slots) if (s.point) c.fillCircle(s.point.x, s.point.y, DOT_RADIUS, C.line);

  // Bar values: above the bar; inside its top if the line runs there; with a white halo if both are taken.
  const widestValue = Math.max(0, ...layout.slots.map((s) => textWidth(String(s.received), TEXT_SCALE)));
  if (!layout.empty && widestValue <= slotWidth - 2) {
    for (const s of layout.slots) {
      const label = String(s.received);
      const w = textWidth(label, TEXT_SCALE);
      const x = s.centerX - Math.floor(w / 2);
      const above = s.bar.y - 4 - TEXT_HEIGHT;
      const inside = s.bar.y + 4;
      const free = (y: number) => !c.regionHas(x - 2, y - 2, w + 4, TEXT_HEIGHT + 4, C.line);
      if (free(above)) c.text(x, above, label, C.barLabel, TEXT_SCALE);
      else if (s.bar.height >= TEXT_HEIGHT + 8 && free(inside)) c.text(x, inside, label, C.background, TEXT_SCALE);
      else {
        // Float it higher, clear of the line, as long as it stays under the legend.
        let y = above - 2;
        while (y >= plot.top - TEXT_HEIGHT - 4 && !free(y)) y -= 2;
        if (y >= plot.top - TEXT_HEIGHT - 4) c.text(x, y, label, C.barLabel, TEXT_SCALE);
        else c.text(x, above, label, C.barLabel, TEXT_SCALE, C.background);
      }
    }
  }

  // Goal label at the right end: above the dashes, else below, else with a halo.
  if (layout.goalY !== null) {
    const w = textWidth(t.goal, TEXT_SCALE);
    const x = plot.right - 4 - w;
    const above = layout.goalY - 5 - TEXT_HEIGHT;
    const below = layout.goalY + 5;
    const free = (y: number) => !c.regionHas(x - 2, y - 2, w + 4, TEXT_HEIGHT + 4, C.line) && y >= plot.top - TEXT_HEIGHT && y + TEXT_HEIGHT <= plot.bottom;
    if (free(above)) c.text(x, above, t.goal, C.goal, TEXT_SCALE);
    else if (free(below)) c.text(x, below, t.goal, C.goal, TEXT_SCALE);
    else c.text(x, above, t.goal, C.goal, TEXT_SCALE, C.background);
  }

  // Axes.
  c.fillRect(plot.left - 2, plot.top, 2, plot.bottom - plot.top + 2, C.axis);
  c.fillRect(plot.right + 1, plot.top, 2, plot.bottom - plot.top + 2, C.axis);
  c.fillRect(plot.left - 2, plot.bottom + 1, plot.right - plot.left + 5, 2, C.axis);

  // Left ticks: counts.
  for (const tick of layout.countAxis.ticks) {
    const y = countY(tick);
    const label = formatTick(tick, 0, input.locale);
    c.fillRect(plot.left - 7, y, 5, 1, C.axis);
    c.text(plot.left - 10 - textWidth(label, TEXT_SCALE), y - Math.floor(TEXT_HEIGHT / 2), label, C.text, TEXT_SCALE);
  }
  // Right ticks: minutes or hours, the unit on top.
  const decimals = layout.timeAxis.step < 1 || !Number.isInteger(layout.timeAxis.step) ? 1 : 0;
  for (const tick of layout.timeAxis.ticks) {
    const y = timeY(tick);
    const label = formatTick(tick, decimals, input.locale);
    c.fillRect(plot.right + 3, y, 5, 1, C.axis);
    c.text(plot.right + 11, y - Math.floor(TEXT_HEIGHT / 2), label, C.text, TEXT_SCALE);
  }
  c.text(plot.right + 11, plot.top - 16 - TEXT_HEIGHT, layout.timeAxis.unit, C.line, TEXT_SCALE);

  // Weekday and date labels under the bars (every k-th if they would collide).
  const widestDay = Math.max(0, ...layout.slots.map((s) => Math.max(textWidth(s.weekday, TEXT_SCALE), textWidth(s.dateLabel, TEXT_SCALE))));
  const every = labelEvery(slotWidth, widestDay);
  layout.slots.forEach((s, i) => {
    if (i % every !== 0) return;
    c.text(s.centerX - Math.floor(textWidth(s.weekday, TEXT_SCALE) / 2), plot.bottom + 10, s.weekday, C.text, TEXT_SCALE);
    c.text(s.centerX - Math.floor(textWidth(s.dateLabel, TEXT_SCALE) / 2), plot.bottom + 10 + TEXT_HEIGHT + 6, s.dateLabel, C.mutedText, TEXT_SCALE);
  });

  if (layout.empty) {
    const w = textWidth(t.empty, TEXT_SCALE);
    const x = Math.round((plot.left + plot.right - w) / 2);
    const y = Math.round((plot.top + plot.bottom - TEXT_HEIGHT) / 2);
    c.text(x, y, t.empty, C.mutedText, TEXT_SCALE);
  }

  // Legend, centred on the top row.
  const items: { kind: 'bar' | 'line' | 'goal'; label: string }[] = [
    { kind: 'bar', label: t.comments },
    { kind: 'line', label: t.response },
  ];
  if (layout.goalY !== null) items.push({ kind: 'goal', label: t.goal });
  const swatch = 24;
  const itemWidth = (label: string) => swatch + 8 + textWidth(label, TEXT_SCALE);
  const total = items.reduce((sum, it) => sum + itemWidth(it.label), 0) + 28 * (items.length - 1);
  let lx = Math.round((layout.width - total) / 2);
  const ly = 18;
  const mid = ly + Math.floor(TEXT_HEIGHT / 2);
  for (const it of items) {
    if (it.kind === 'bar') c.fillRect(lx + 4, ly, 16, TEXT_HEIGHT, C.bar);
    if (it.kind === 'line') {
      c.line(lx, mid, lx + swatch - 1, mid, C.line, LINE_THICKNESS);
      c.fillCircle(lx + swatch / 2, mid, DOT_RADIUS, C.line);
    }
    if (it.kind === 'goal') c.dashedHLine(lx, lx + swatch - 1, mid, C.goal, 8, 4, GOAL_THICKNESS);
    c.text(lx + swatch + 8, ly, it.label, C.text, TEXT_SCALE);
    lx += itemWidth(it.label) + 28;
  }

  return { png: c.toPng(), width: layout.width, height: layout.height, altText: weeklyChartAltText(input) };
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
