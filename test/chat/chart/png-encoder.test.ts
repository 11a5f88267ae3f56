import { describe, expect, it } from 'vitest';
import { bitwiseCrc32, decodePng } from '../../support/png-reader.ts';
import { crc32, encodePng } from '../../../src/chat/chart/png-encoder.ts';
import { mulberry32 } from '../../support/seeded-random.ts';


function noise(width: number, height: number, seed = 1): Uint8Array {
  const next = mulberry32(seed);
  return Uint8Array.from({ length: width * height * 4 }, () => Math.floor(next() * 256));
}

function gradient(width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      out[i] = (x * 7) & 0xff;
      out[i + 1] = (y * 5) & 0xff;
      out[i + 2] = (x + y) & 0xff;
      out[i + 3] = 255 - ((x * y) & 0x7f);
    }
  }
  return out;
}

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });

  it('agrees with a bitwise implementation and can be continued', () => {
    const data = noise(50, 20, 7);
    expect(crc32(data)).toBe(bitwiseCrc32(data));
    expect(crc32(data.subarray(1000), crc32(data.subarray(0, 1000)))).toBe(crc32(data));
  });
});

describe('encodePng', () => {
  it('starts with the PNG signature and has IHDR, IDAT, IEND in order with valid CRCs', () => {
    const png = encodePng(3, 2, gradient(3, 2));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const decoded = decodePng(png);
    expect(decoded.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
    // IEND is always the same 12 bytes.
    expect([...png.subarray(png.length - 12)]).toEqual([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  });

  it('writes the IHDR fields: size, bit depth 8, colour type 6, no interlace', () => {
    const png = encodePng(17, 9, gradient(17, 9));
    expect(png.readUInt32BE(8)).toBe(13);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    const decoded = decodePng(png);
    expect(decoded).toMatchObject({ width: 17, height: 9, bitDepth: 8, colourType: 6, interlace: 0 });
    expect(png[26]).toBe(0); // compression method
    expect(png[27]).toBe(0); // filter method
  });

  it('stores one filtered scanline per row', () => {
    const png = encodePng(31, 13, noise(31, 13));
    const decoded = decodePng(png);
    expect(decoded.raw.length).toBe(13 * (1 + 31 * 4));
    expect(decoded.filterTypes).toHaveLength(13);
    for (const t of decoded.filterTypes) expect(t).toBeLessThanOrEqual(4);
  });

  it('round-trips noise, gradients and flat images exactly', () => {
    for (const [w, h, pixels] of [
      [37, 23, noise(37, 23, 3)],
      [64, 40, gradient(64, 40)],
      [5, 5, new Uint8Array(5 * 5 * 4).fill(255)],
      [1, 1, Uint8Array.of(12, 34, 56, 78)],
      [1, 9, noise(1, 9, 4)],
      [9, 1, noise(9, 1, 5)],
    ] as const) {
      const decoded = decodePng(encodePng(w, h, pixels));
      expect(decoded.width).toBe(w);
      expect(decoded.height).toBe(h);
      expect(Buffer.from(decoded.rgba).equals(Buffer.from(pixels))).toBe(true);
    }
  });

  it('picks better filters than None where they pay off', () => {
    const decoded = decodePng(encodePng(64, 40, gradient(64, 40)));
    expect(decoded.filterTypes.some((t) => t !== 0)).toBe(true);
  });

  it('accepts a Buffer as pixel data', () => {
    const pixels = Buffer.from(gradient(4, 4));
    expect(Buffer.from(decodePng(encodePng(4, 4, pixels)).rgba).equals(pixels)).toBe(true);
  });

  it('compresses flat images well', () => {
    const png = encodePng(800, 400, new Uint8Array(800 * 400 * 4).fill(255));
    expect(png.length).toBeLessThan(2_000);
  });

  it('is deterministic', () => {
    const pixels = noise(40, 30, 9);
    expect(encodePng(40, 30, pixels).equals(encodePng(40, 30, pixels))).toBe(true);
  });

  it('does not modify the input', () => {
    const pixels = noise(10, 10, 11);
    const copy = Uint8Array.from(pixels);
    encodePng(10, 10, pixels);
    expect(pixels).toEqual(copy);
  });

  it('accepts the largest size on one side', () => {
    const decoded = decodePng(encodePng(4096, 1, new Uint8Array(4096 * 4)));
    expect(decoded.width).toBe(4096);
  });

  it('rejects bad sizes and pixel buffers', () => {
    const one = new Uint8Array(4);
    expect(() => encodePng(0, 1, new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodePng(1, 0, new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodePng(4097, 1, new Uint8Array(4097 * 4))).toThrow(RangeError);
    expect(() => encodePng(1, 4097, new Uint8Array(4097 * 4))).toThrow(RangeError);
    expect(() => encodePng(1.5, 1, one)).toThrow(RangeError);
    expect(() => encodePng(Number.NaN, 1, one)).toThrow(RangeError);
    expect(() => encodePng(-1, 1, one)).toThrow(RangeError);
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(/expected 16/);
    expect(() => encodePng(2, 2, new Uint8Array(17))).toThrow(RangeError);
    expect(() => encodePng(1, 1, [1, 2, 3, 4] as unknown as Uint8Array)).toThrow(TypeError);
  });
});
