// npx tsx scripts/teams-icons.ts — draws the Teams app icons into manifests/teams/ (color.png, outline.png).
// The PNGs are committed; run this only after changing the drawing. Teams wants a 192×192 full-colour
// icon (the symbol on a full-bleed background) and a 32×32 outline icon, white on transparent.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodePng } from '../src/chat/chart/png-encoder.ts';

/** The icon's background; the manifest's accentColor is the same colour. */
export const ICON_ACCENT = '#2D3E50';

type Point = readonly [number, number];

/** A speech bubble with three dots, in unit coordinates (0…1 across the icon). */
interface Bubble {
  /** The bubble's body: a rounded rectangle. */
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly radius: number;
  /** The tail, a triangle that overlaps the body's lower edge. */
  readonly tail: readonly [Point, Point, Point];
  /** The dots inside the body, cut out of it. */
  readonly dotY: number;
  readonly dotXs: readonly number[];
  readonly dotRadius: number;
}

/** On the colour icon the symbol keeps to the middle half, as Microsoft's icon guidance asks. */
const COLOR_BUBBLE: Bubble = {
  x0: 0.25, y0: 0.29, x1: 0.75, y1: 0.65, radius: 0.09,
  tail: [[0.33, 0.6], [0.47, 0.6], [0.31, 0.76]],
  dotY: 0.47, dotXs: [0.375, 0.5, 0.625], dotRadius: 0.04,
};

/** The outline icon uses nearly all of its 32 pixels: at that size every pixel counts. */
const OUTLINE_BUBBLE: Bubble = {
  x0: 0.06, y0: 0.12, x1: 0.94, y1: 0.72, radius: 0.16,
  tail: [[0.2, 0.64], [0.44, 0.64], [0.16, 0.94]],
  dotY: 0.42, dotXs: [0.28, 0.5, 0.72], dotRadius: 0.075,
};

function insideRoundedRect(b: Bubble, x: number, y: number): boolean {
  const cx = (b.x0 + b.x1) / 2;
  const cy = (b.y0 + b.y1) / 2;
  const qx = Math.abs(x - cx) - ((b.x1 - b.x0) / 2 - b.radius);
  const qy = Math.abs(y - cy) - ((b.y1 - b.y0) / 2 - b.radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) <= b.radius;
}

function insideTriangle([a, b, c]: readonly [Point, Point, Point], x: number, y: number): boolean {
  const side = (p: Point, q: Point) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const d1 = side(a, b);
  const d2 = side(b, c);
  const d3 = side(c, a);
  return (d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0);
}

/** Whether a point is on the white symbol: the bubble, less its dots. */
function onSymbol(b: Bubble, x: number, y: number): boolean {
  if (b.dotXs.some((dx) => Math.hypot(x - dx, y - b.dotY) <= b.dotRadius)) return false;
  return insideRoundedRect(b, x, y) || insideTriangle(b.tail, x, y);
}

/** The share of each pixel the symbol covers (0…1), sampled on an 8×8 grid per pixel. */
function coverage(size: number, bubble: Bubble): Float64Array {
  const samples = 8;
  const out = new Float64Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          if (onSymbol(bubble, (px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++;
        }
      }
      out[py * size + px] = hits / (samples * samples);
    }
  }
  return out;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** 192×192: the white symbol on the accent colour, fully opaque. */
export function drawColorIcon(): Buffer {
  const size = 192;
  const [r, g, b] = hexToRgb(ICON_ACCENT);
  const cover = coverage(size, COLOR_BUBBLE);
  const rgba = new Uint8Array(size * size * 4);
  for (let i = 0; i < cover.length; i++) {
    const c = cover[i]!;
    rgba[i * 4] = Math.round(r + (255 - r) * c);
    rgba[i * 4 + 1] = Math.round(g + (255 - g) * c);
    rgba[i * 4 + 2] = Math.round(b + (255 - b) * c);
    rgba[i * 4 + 3] = 255;
  }
  return encodePng(size, size, rgba);
}

/** 32×32: every pixel white, the symbol's coverage as alpha, so the outline is white on transparent only. */
export function drawOutlineIcon(): Buffer {
  const size = 32;
  const cover = coverage(size, OUTLINE_BUBBLE);
  const rgba = new Uint8Array(size * size * 4).fill(255);
  for (let i = 0; i < cover.length; i++) rgba[i * 4 + 3] = Math.round(255 * cover[i]!);
  return encodePng(size, size, rgba);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = new URL('../manifests/teams/', import.meta.url);
  writeFileSync(new URL('color.png', dir), drawColorIcon());
  writeFileSync(new URL('outline.png', dir), drawOutlineIcon());
  console.log(`wrote ${fileURLToPath(new URL('color.png', dir))} and outline.png`);
}
