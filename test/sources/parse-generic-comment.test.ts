import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGenericComment } from '../../src/sources/parse-generic-comment.ts';

const now = new Date('2024-05-01T12:00:00Z');
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/webhook/generic-comment.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** The smallest valid body; tests change one thing at a time. */
const minimal = {
  source: 'youtube',
  externalId: 'abc',
  text: 'Hallo',
  author: { name: 'Erika' },
  createdAt: '2024-05-01T11:00:00Z',
};

function errorOf(body: unknown): string {
  const result = parseGenericComment(body, now);
  if (result.ok) throw new Error(`expected a parse error, got ${JSON.stringify(result.change)}`);
  return result.error;
}

describe('parseGenericComment', () => {
  it('maps every field of the fixture onto an upsert', () => {
    expect(parseGenericComment(fixture, now)).toEqual({
      ok: true,
      change: {
        kind: 'upsert',
        comment: {
          source: 'youtube',
          externalId: 'UgzX1a2b3c4d5e6f7g8h9i',
          text: 'Super Video, danke für die Erklärung!',
          authorName: 'Erika Mustermann',
          authorId: 'UC1234567890abcdefghij',
          permalink: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzX1a2b3c4d5e6f7g8h9i',
          postId: 'dQw4w9WgXcQ',
          createdAt: new Date('2024-05-01T11:58:00Z'),
          language: 'de',
          edited: false,
        },
      },
    });
  });

  it('accepts the minimal body and leaves optionals undefined', () => {
    const result = parseGenericComment(minimal, now);
    expect(result.ok).toBe(true);
    if (!result.ok || result.change.kind !== 'upsert') return;
    expect(result.change.comment).toEqual({
      source: 'youtube',
      externalId: 'abc',
      text: 'Hallo',
      authorName: 'Erika',
      createdAt: new Date('2024-05-01T11:00:00Z'),
    });
    expect(result.change.comment.permalink).toBeUndefined();
  });

  it('treats null optionals as absent', () => {
    const result = parseGenericComment(
      {
        ...minimal,
        author: { name: 'E', id: null },
        permalink: null,
        postId: null,
        parentId: null,
        language: null,
        edited: null,
      },
      now,
    );
    expect(result.ok).toBe(true);
    if (result.ok && result.change.kind === 'upsert') {
      expect(result.change.comment.permalink).toBeUndefined();
      expect(result.change.comment.authorId).toBeUndefined();
    }
  });

  it('converts an offset timestamp to the right instant', () => {
    const result = parseGenericComment({ ...minimal, createdAt: '2024-05-01T13:30:00.250+02:00' }, now);
    expect(result.ok && result.change.kind === 'upsert' && result.change.comment.createdAt.toISOString()).toBe(
      '2024-05-01T11:30:00.250Z',
    );
  });

  it.each([
    ['not an object', 'hello', 'body: must be a JSON object'],
    ['null', null, 'body: must be a JSON object'],
    ['an array', [minimal], 'body: must be a JSON object'],
  ])('rejects a body that is %s', (_label, body, message) => {
    expect(errorOf(body)).toBe(message);
  });

  it.each([
    ['source', 'source: Required'],
    ['externalId', 'externalId: Required'],
    ['text', 'text: Required'],
    ['author', 'author: Required'],
    ['createdAt', 'createdAt: Required'],
  ])('names the missing required field %s', (field, message) => {
    const body: Record<string, unknown> = { ...minimal };
    delete body[field];
    expect(errorOf(body)).toBe(message);
  });

  it('names the nested path of a missing author name', () => {
    expect(errorOf({ ...minimal, author: { id: 'x' } })).toBe('author.name: Required');
  });

  it.each([
    ['source', { source: 'YouTube' }],
    ['source', { source: '1tube' }],
    ['source', { source: 'a'.repeat(33) }],
    ['source', { source: 'you tube' }],
    ['externalId', { externalId: '' }],
    ['externalId', { externalId: 'x'.repeat(257) }],
    ['externalId', { externalId: 42 }],
    ['text', { text: '' }],
    ['text', { text: ' \n\t ' }],
    ['text', { text: 'x'.repeat(20_001) }],
    ['author', { author: 'Erika' }],
    ['author.name', { author: { name: '' } }],
    ['author.name', { author: { name: '   ' } }],
    ['author.name', { author: { name: 'x'.repeat(201) } }],
    ['author.id', { author: { name: 'Erika', id: '' } }],
    ['permalink', { permalink: 'not a url' }],
    ['permalink', { permalink: 'ftp://example.com/c/1' }],
    ['permalink', { permalink: 'javascript:alert(1)' }],
    ['postId', { postId: '' }],
    ['parentId', { parentId: 7 }],
    ['createdAt', { createdAt: 'yesterday' }],
    ['createdAt', { createdAt: 1714561200 }],
    ['createdAt', { createdAt: '2024-05-01' }],
    ['createdAt', { createdAt: '2024-05-01T11:00:00' }],
    ['createdAt', { createdAt: '2024-02-30T11:00:00Z' }],
    ['language', { language: 'german language' }],
    ['edited', { edited: 'yes' }],
  ])('names %s when it is invalid (%j)', (field, patch) => {
    const error = errorOf({ ...minimal, ...patch });
    expect(error.startsWith(`${field}: `)).toBe(true);
    expect(error).not.toContain(';'); // only the one bad field is reported
  });

  it('says what a good timestamp looks like', () => {
    expect(errorOf({ ...minimal, createdAt: 'yesterday' })).toBe(
      'createdAt: must be an ISO-8601 timestamp, e.g. 2024-05-01T12:00:00Z',
    );
  });

  it('reports every bad field at once', () => {
    const error = errorOf({ ...minimal, source: 'YouTube', author: {}, permalink: 'nope' });
    expect(error).toContain('source: ');
    expect(error).toContain('author.name: Required');
    expect(error).toContain('permalink: must be an http(s) URL');
  });

  it('accepts text at exactly the 20000-character limit', () => {
    expect(parseGenericComment({ ...minimal, text: 'x'.repeat(20_000) }, now).ok).toBe(true);
  });

  it('allows createdAt up to one day ahead of now (clock skew) but not further', () => {
    expect(parseGenericComment({ ...minimal, createdAt: '2024-05-02T12:00:00Z' }, now).ok).toBe(true);
    expect(errorOf({ ...minimal, createdAt: '2024-05-02T12:00:01Z' })).toBe(
      'createdAt: must not be more than 1 day in the future',
    );
  });

  it('ignores unknown extra fields', () => {
    const result = parseGenericComment({ ...minimal, removed: true, likes: 3 }, now);
    expect(result.ok).toBe(true);
    expect(result.ok && result.change.kind).toBe('upsert');
    expect(result.ok && 'likes' in (result.change.kind === 'upsert' ? result.change.comment : {})).toBe(false);
  });
});

describe('parseGenericComment: what PostgreSQL text cannot hold', () => {
  const comment = (body: unknown) => {
    const result = parseGenericComment(body, now);
    if (!result.ok || result.change.kind !== 'upsert') throw new Error(`expected an upsert, got ${JSON.stringify(result)}`);
    return result.change.comment;
  };

  it('strips NUL characters from the text and the author name', () => {
    const parsed = comment({ ...minimal, text: 'Hal\u0000lo\u0000', author: { name: '\u0000Erika' } });
    expect(parsed.text).toBe('Hallo');
    expect(parsed.authorName).toBe('Erika');
  });

  it('refuses a text or name that is nothing but NULs once they are stripped', () => {
    expect(errorOf({ ...minimal, text: '\u0000\u0000' })).toBe('text: must not be empty');
    expect(errorOf({ ...minimal, author: { name: '\u0000' } })).toBe('author.name: must not be empty');
  });

  it.each([
    ['externalId', { externalId: 'abc\u0000' }],
    ['author.id', { author: { name: 'Erika', id: 'UC\u0000max' } }],
    ['postId', { postId: '\u0000' }],
    ['parentId', { parentId: 'p\u00001' }],
    ['permalink', { permalink: 'https://www.youtube.com/watch?v=abc\u0000' }],
  ])('refuses a NUL in the identifier %s, naming it', (field, patch) => {
    expect(errorOf({ ...minimal, ...patch })).toBe(`${field}: must not contain NUL characters (\\u0000)`);
  });

  it('replaces lone surrogates in free text as the database would, and refuses them in ids', () => {
    expect(comment({ ...minimal, text: 'a\uD800b\uDC00c 😍' }).text).toBe('a\uFFFDb\uFFFDc 😍');
    expect(errorOf({ ...minimal, externalId: 'a\uDBFF' })).toBe('externalId: must not contain unpaired UTF-16 surrogates');
    expect(comment({ ...minimal, externalId: 'a😍' }).externalId).toBe('a😍');
  });
});

describe('parseGenericComment: limits', () => {
  it.each([
    ['externalId', { externalId: 'x'.repeat(256) }, { externalId: 'x'.repeat(257) }],
    ['author.id', { author: { name: 'E', id: 'x'.repeat(256) } }, { author: { name: 'E', id: 'x'.repeat(257) } }],
    ['postId', { postId: 'x'.repeat(256) }, { postId: 'x'.repeat(257) }],
    ['parentId', { parentId: 'x'.repeat(256) }, { parentId: 'x'.repeat(257) }],
    ['author.name', { author: { name: 'x'.repeat(200) } }, { author: { name: 'x'.repeat(201) } }],
    ['text', { text: 'x'.repeat(20_000) }, { text: 'x'.repeat(20_001) }],
    [
      'permalink',
      { permalink: `https://example.com/${'x'.repeat(2048 - 20)}` },
      { permalink: `https://example.com/${'x'.repeat(2048 - 19)}` },
    ],
  ])('takes %s at its limit and refuses it one character over', (field, atLimit, over) => {
    expect(parseGenericComment({ ...minimal, ...atLimit }, now).ok).toBe(true);
    expect(errorOf({ ...minimal, ...over })).toMatch(new RegExp(`^${field.replace('.', '\\.')}: must be at most \\d+ characters$`));
  });

  it('counts the text limit after NULs are stripped', () => {
    expect(parseGenericComment({ ...minimal, text: `${'x'.repeat(20_000)}\u0000` }, now).ok).toBe(true);
  });

  it('refuses a createdAt before 2000', () => {
    expect(parseGenericComment({ ...minimal, createdAt: '2000-01-01T00:00:00Z' }, now).ok).toBe(true);
    expect(errorOf({ ...minimal, createdAt: '1999-12-31T23:59:59Z' })).toBe('createdAt: must not be before 2000-01-01');
    expect(errorOf({ ...minimal, createdAt: '0001-01-01T00:00:00Z' })).toBe('createdAt: must not be before 2000-01-01');
  });
});
