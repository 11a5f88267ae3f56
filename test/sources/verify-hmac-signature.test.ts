import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signHmacBody, verifyHmacSignature } from '../../src/sources/verify-hmac-signature.ts';

const secret = 'test-ingest-secret';
// Raw bytes as they arrive on the wire, including the non-ASCII text in the fixture.
const body = readFileSync(new URL('../fixtures/webhook/generic-comment.json', import.meta.url));

describe('signHmacBody', () => {
  it('produces sha256= followed by the lowercase hex HMAC-SHA256 of the body', () => {
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    expect(signHmacBody(body, secret)).toBe(`sha256=${expected}`);
    expect(signHmacBody(body, secret)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('matches a known test vector', () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    expect(signHmacBody(Buffer.from('what do ya want for nothing?'), 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});

describe('verifyHmacSignature', () => {
  const header = signHmacBody(body, secret);

  it('accepts the signature of the exact body', () => {
    expect(verifyHmacSignature(body, header, secret)).toBe(true);
  });

  it('accepts upper-case hex digits', () => {
    expect(verifyHmacSignature(body, `sha256=${header.slice(7).toUpperCase()}`, secret)).toBe(true);
  });

  it('rejects a body modified after signing', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('Super Video', 'Mieses Video'));
    expect(verifyHmacSignature(tampered, header, secret)).toBe(false);
  });

  it('rejects a body that was re-serialised (whitespace changes the bytes)', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(verifyHmacSignature(reserialised, header, secret)).toBe(false);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyHmacSignature(body, signHmacBody(body, 'forged-secret'), secret)).toBe(false);
  });

  it('rejects a single flipped hex digit', () => {
    const last = header.at(-1) === '0' ? '1' : '0';
    expect(verifyHmacSignature(body, header.slice(0, -1) + last, secret)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['no prefix', header.slice('sha256='.length)],
    ['sha1 prefix', `sha1=${header.slice('sha256='.length)}`],
    ['truncated', header.slice(0, -2)],
    ['too long', `${header}00`],
    ['not hex', `sha256=${'z'.repeat(64)}`],
    ['base64 instead of hex', `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`],
  ])('rejects a %s header', (_label, bad) => {
    expect(verifyHmacSignature(body, bad, secret)).toBe(false);
  });

  it('fails closed with an empty secret, even for a matching signature', () => {
    expect(verifyHmacSignature(body, signHmacBody(body, ''), '')).toBe(false);
  });

  it('works for an empty body', () => {
    const empty = Buffer.alloc(0);
    expect(verifyHmacSignature(empty, signHmacBody(empty, secret), secret)).toBe(true);
  });
});
