import { deflateSync } from 'node:zlib';

/**
 * A minimal, dependency-free PNG encoder: 8-bit RGBA (colour type 6), non-interlaced, one IDAT chunk.
 * Each scanline gets the PNG filter (None, Sub, Up, Average, Paeth) with the smallest sum of absolute
 * filtered bytes — the usual heuristic — which keeps flat chart images small. Output is deterministic:
 * the same pixels always give the same bytes.
 */

export const PNG_SIGNATURE: Readonly<Uint8Array> = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** Largest width or height accepted. */
export const PNG_MAX_DIMENSION = 4096;

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309 / PNG), optionally continuing from a previous CRC. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function checkDimension(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > PNG_MAX_DIMENSION) {
    throw new RangeError(`encodePng: ${name} must be an integer from 1 to ${PNG_MAX_DIMENSION}, got ${String(value)}`);
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Filters every scanline, writing `filterType, bytes…` rows into one buffer ready for deflate. */
function filterScanlines(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const bpp = 4;
  const stride = width * bpp;
  const out = new Uint8Array(height * (stride + 1));
  const candidates = Array.from({ length: 5 }, () => new Uint8Array(stride));
  const zeroRow = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = rgba.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? rgba.subarray((y - 1) * stride, y * stride) : zeroRow;
    let best = 0;
    let bestScore = Infinity;
    for (let type = 0; type < 5; type++) {
      const dst = candidates[type]!;
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const x = row[i]!;
        const a = i >= bpp ? row[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        let v: number;
        switch (type) {
          case 0:
            v = x;
            break;
          case 1:
            v = x - a;
            break;
          case 2:
            v = x - b;
            break;
          case 3:
            v = x - ((a + b) >>> 1);
            break;
          default:
            v = x - paeth(a, b, c);
        }
        v &= 0xff;
        dst[i] = v;
        score += v < 128 ? v : 256 - v;
        if (score >= bestScore) break;
      }
      if (score < bestScore) {
        bestScore = score;
        best = type;
      }
    }
    const offset = y * (stride + 1);
    out[offset] = best;
    out.set(candidates[best]!, offset + 1);
  }
  return out;
}

/** Encodes `width × height` RGBA pixels (row-major, 4 bytes per pixel, non-premultiplied) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  checkDimension('width', width);
  checkDimension('height', height);
  if (!(rgba instanceof Uint8Array)) throw new TypeError('encodePng: rgba must be a Uint8Array');
  const expected = width * height * 4;
  if (rgba.length !== expected) {
    throw new RangeError(`encodePng: rgba has ${rgba.length} bytes, expected ${expected} (${width}×${height}×4)`);
  }

  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method: adaptive
  ihdr[12] = 0; // interlace: none

  const idat = deflateSync(filterScanlines(width, height, rgba), { level: 9, memLevel: 9 });
  return Buffer.concat([Buffer.from(PNG_SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}
