import { inflateSync } from 'node:zlib';
import { expect } from 'vitest';

/**
 * Test-only PNG reader: checks the signature and every chunk CRC with a bitwise (table-free) CRC-32,
 * inflates the IDAT data and undoes all five scanline filters. Handles what the desk's encoder writes
 * (8-bit RGBA, no interlace) and nothing more; independent of src/chat/chart on purpose.
 */
export function bitwiseCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
  chunkTypes: string[];
  /** Inflated IDAT bytes: one filter byte plus width*4 bytes per scanline. */
  raw: Buffer;
  scanlines: number;
  filterTypes: number[];
  rgba: Uint8Array;
}

export function decodePng(png: Buffer): DecodedPng {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  let pos = 8;
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    if (pos + 12 + length > png.length) throw new Error(`truncated chunk ${type}`);
    expect(png.readUInt32BE(pos + 8 + length), `CRC of ${type}`).toBe(bitwiseCrc32(png.subarray(pos + 4, pos + 8 + length)));
    chunkTypes.push(type);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    pos += 12 + length;
  }
  expect(pos).toBe(png.length);
  if (!ihdr) throw new Error('no IHDR');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const stride = width * 4;
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length % (stride + 1)).toBe(0);
  const scanlines = raw.length / (stride + 1);
  const rgba = new Uint8Array(width * height * 4);
  const filterTypes: number[] = [];
  for (let y = 0; y < Math.min(height, scanlines); y++) {
    const type = raw[y * (stride + 1)]!;
    filterTypes.push(type);
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= 4 ? rgba[y * stride + i - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + i]! : 0;
      const c = i >= 4 && y > 0 ? rgba[(y - 1) * stride + i - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, Math.floor((a + b) / 2), paeth][type];
      if (predictor === undefined) throw new Error(`bad filter type ${type} on row ${y}`);
      rgba[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  return { width, height, bitDepth: ihdr[8]!, colourType: ihdr[9]!, interlace: ihdr[12]!, chunkTypes, raw, scanlines, filterTypes, rgba };
}
