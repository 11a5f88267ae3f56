import { fileURLToPath } from 'node:url';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';

/** The only font the rasterizer sees: shipped with the code (fonts/, DejaVu licence), never the system's. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';
const FONT_FILES = [fileURLToPath(new URL('./fonts/DejaVuSans.ttf', import.meta.url))];

export interface SvgToPngOptions {
  /** Output width in pixels; the height follows the SVG's aspect ratio. */
  width: number;
  /**
   * Hard pixel edges instead of anti-aliasing: a few colours compress to a third of the size, which
   * keeps the digest chart small enough to ride inline in a Teams card (see CHART_BYTES_MAX there).
   */
  crisp?: boolean;
}

/** Rasterizes an SVG with resvg and the shipped font. */
export function svgToPng(svg: string, options: SvgToPngOptions): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
    fitTo: { mode: 'width', value: options.width },
    ...(options.crisp ? { shapeRendering: 0, textRendering: 0 } : {}),
  });
  return deflateHarder(resvg.render().asPng());
}

/**
 * resvg writes its PNG with fast compression; the same image data deflated at level 9 is about a third
 * smaller. Only the IDAT stream is re-packed (one chunk, new CRC); the pixels and filters stay resvg's.
 */
function deflateHarder(png: Buffer): Buffer {
  const before: Buffer[] = [];
  const after: Buffer[] = [];
  const idat: Buffer[] = [];
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const chunk = png.subarray(at, at + 12 + length);
    if (type === 'IDAT') idat.push(chunk.subarray(8, 8 + length));
    else (idat.length === 0 ? before : after).push(chunk);
    at += 12 + length;
  }
  if (idat.length === 0) return png;
  const data = deflateSync(inflateSync(Buffer.concat(idat)), { level: 9, memLevel: 9 });
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('IDAT', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const smaller = Buffer.concat([png.subarray(0, 8), ...before, chunk, ...after]);
  return smaller.length < png.length ? smaller : png;
}
