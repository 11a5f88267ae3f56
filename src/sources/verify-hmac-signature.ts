import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `sha256=<hex HMAC-SHA256 of the raw body>`: the scheme Meta uses in `X-Hub-Signature-256`
 * (keyed with the app secret), and which our generic webhook copies in `X-Signature-256`
 * (keyed with INGEST_SECRET). It must be computed over the exact bytes received: Meta signs
 * its own JSON serialisation (with escaped unicode), so re-serialising a parsed body breaks it.
 */
const HEADER_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

/** The header value for `rawBody`, e.g. `sha256=3f2a…` (64 lowercase hex digits). */
export function signHmacBody(rawBody: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/**
 * True only when `header` is a well-formed `sha256=` signature of `rawBody` under `secret`.
 * Missing or malformed headers, other algorithms and an empty secret (a misconfiguration:
 * anyone could sign with it) all fail closed. The digest comparison is constant-time.
 */
export function verifyHmacSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (secret === '' || header === undefined) return false;
  const match = HEADER_PATTERN.exec(header.trim());
  if (!match?.[1]) return false;
  const received = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  // Both are 32 bytes here (the pattern fixes the length), but timingSafeEqual throws on a mismatch.
  return received.length === expected.length && timingSafeEqual(received, expected);
}
