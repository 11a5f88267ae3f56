// npx tsx scripts/teams-icons.ts — draws the Teams app icons into manifests/teams/ (color.png, outline.png).
// The PNGs are committed; run this only after changing the drawing. Teams wants a 192×192 full-colour
// icon (the symbol on a full-bleed background) and a 32×32 outline icon, white on transparent.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { svgToPng } from '../src/chat/chart/svg-to-png.ts';

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

/** The bubble on a 1×1 viewBox: body and tail in white, the dots cut out by a mask. */
function bubbleSvg(b: Bubble, background: string | null): string {
  const tail = b.tail.map(([x, y]) => `${x},${y}`).join(' ');
  const dots = b.dotXs.map((x) => `<circle cx="${x}" cy="${b.dotY}" r="${b.dotRadius}" fill="black"/>`).join('');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1">',
    `<defs><mask id="dots" maskUnits="userSpaceOnUse" x="0" y="0" width="1" height="1"><rect width="1" height="1" fill="white"/>${dots}</mask></defs>`,
    background ? `<rect width="1" height="1" fill="${background}"/>` : '',
    '<g fill="#ffffff" mask="url(#dots)">',
    `<rect x="${b.x0}" y="${b.y0}" width="${b.x1 - b.x0}" height="${b.y1 - b.y0}" rx="${b.radius}"/>`,
    `<polygon points="${tail}"/>`,
    '</g></svg>',
  ].join('');
}

/** 192×192: the white symbol on the accent colour, fully opaque. */
export function drawColorIcon(): Buffer {
  return svgToPng(bubbleSvg(COLOR_BUBBLE, ICON_ACCENT), { width: 192 });
}

/** 32×32: the white symbol on transparent; anti-aliased edges only vary the alpha, never the colour. */
export function drawOutlineIcon(): Buffer {
  return svgToPng(bubbleSvg(OUTLINE_BUBBLE, null), { width: 32 });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = new URL('../manifests/teams/', import.meta.url);
  writeFileSync(new URL('color.png', dir), drawColorIcon());
  writeFileSync(new URL('outline.png', dir), drawOutlineIcon());
  console.log(`wrote ${fileURLToPath(new URL('color.png', dir))} and outline.png`);
}
