import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IncomingComment, IncomingCommentChange } from '../../src/domain/incoming-comment.ts';
import { parseMetaWebhook } from '../../src/sources/parse-meta-webhook.ts';

const now = new Date('2024-05-01T13:00:00Z');

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/meta/${name}`, import.meta.url), 'utf8'));
}

function parsed(body: unknown): { changes: IncomingCommentChange[]; ignored: number } {
  const result = parseMetaWebhook(body, now);
  if (!result.ok) throw new Error(`expected ok, got error: ${result.error}`);
  return { changes: result.changes, ignored: result.ignored };
}

/** The whole result, skipped changes included. */
function parsedAll(body: unknown) {
  const result = parseMetaWebhook(body, now);
  if (!result.ok) throw new Error(`expected ok, got error: ${result.error}`);
  return result;
}

function upserted(change: IncomingCommentChange | undefined): IncomingComment {
  if (change?.kind !== 'upsert') throw new Error(`expected an upsert, got ${JSON.stringify(change)}`);
  return change.comment;
}

/** A one-change Page feed delivery around `value`; `time: null` leaves entry.time out. */
function pageFeed(value: unknown, time: number | null = 1714564805): unknown {
  const entry = { id: '104512345678901', changes: [{ field: 'feed', value }] };
  return { object: 'page', entry: [time === null ? entry : { ...entry, time }] };
}

const commentValue = {
  from: { id: '7012345678901234', name: 'Erika Mustermann' },
  item: 'comment',
  comment_id: '822334455667788_1122334455667788',
  post_id: '104512345678901_822334455667788',
  parent_id: '104512345678901_822334455667788',
  verb: 'add',
  created_time: 1714564804,
  message: 'Hallo',
};

describe('parseMetaWebhook: Facebook Page feed', () => {
  it('turns a new comment into an upsert with every field mapped', () => {
    const { changes, ignored } = parsed(fixture('facebook-feed-comment-add.json'));
    expect(ignored).toBe(0);
    expect(changes).toHaveLength(1);
    expect(upserted(changes[0])).toEqual({
      source: 'facebook',
      externalId: '822334455667788_1122334455667788',
      text: 'Wann kommt die neue Staffel?',
      authorName: 'Erika Mustermann',
      authorId: '7012345678901234',
      permalink: 'https://www.facebook.com/104512345678901/posts/pfbid02AbCdEf',
      postId: '104512345678901_822334455667788',
      createdAt: new Date(1714564804 * 1000), // created_time is in seconds
      edited: false,
    });
  });

  it('does not report a top-level comment as a reply (parent_id equals post_id)', () => {
    const comment = upserted(parsed(fixture('facebook-feed-comment-add.json')).changes[0]);
    expect(comment.parentId).toBeUndefined();
  });

  it('turns an edit into an upsert marked edited, with the new text', () => {
    const { changes } = parsed(fixture('facebook-feed-comment-edited.json'));
    const comment = upserted(changes[0]);
    expect(comment.externalId).toBe('822334455667788_1122334455667788');
    expect(comment.text).toBe('Wann kommt die neue Staffel? Gibt es schon ein Datum?');
    expect(comment.edited).toBe(true);
  });

  it('accepts the "edit" spelling of the verb as well as "edited"', () => {
    expect(upserted(parsed(pageFeed({ ...commentValue, verb: 'edit' })).changes[0]).edited).toBe(true);
  });

  it('turns remove into a removed change', () => {
    const { changes, ignored } = parsed(fixture('facebook-feed-comment-remove.json'));
    expect(ignored).toBe(0);
    expect(changes).toEqual([
      {
        kind: 'removed',
        source: 'facebook',
        externalId: '822334455667788_1122334455667788',
        at: new Date(1714565399 * 1000),
        reason: 'removed',
      },
    ]);
  });

  it('turns delete into removed and hide into hidden', () => {
    const del = parsed(pageFeed({ ...commentValue, verb: 'delete' })).changes[0];
    const hide = parsed(pageFeed({ ...commentValue, verb: 'hide' })).changes[0];
    expect(del).toMatchObject({ kind: 'removed', reason: 'removed' });
    expect(hide).toMatchObject({ kind: 'removed', reason: 'hidden' });
  });

  it('yields exactly the comment changes of a mixed batch and counts the rest', () => {
    const { changes, ignored } = parsed(fixture('facebook-feed-mixed-batch.json'));
    // status post, reaction, unhide, ratings field
    expect(ignored).toBe(4);
    const summary = changes.map((c) =>
      c.kind === 'upsert' ? ['upsert', c.comment.externalId] : [c.reason, c.externalId],
    );
    expect(summary).toEqual([
      ['upsert', '822334455667788_2233445566778899'],
      ['hidden', '822334455667788_3344556677889900'],
      ['upsert', '822334455669999_4455667788990011'],
    ]);
  });

  it('keeps the parent of a reply', () => {
    const reply = upserted(parsed(fixture('facebook-feed-mixed-batch.json')).changes[0]);
    expect(reply.parentId).toBe('822334455667788_1122334455667788');
    expect(reply.authorName).toBe('Max Beispiel');
  });

  it('falls back to a bare-id permalink when the payload has no post.permalink_url', () => {
    const comment = upserted(parsed(pageFeed(commentValue)).changes[0]);
    expect(comment.permalink).toBe('https://www.facebook.com/822334455667788_1122334455667788');
  });

  it('falls back to entry.time, then to now, when created_time is missing', () => {
    const { created_time: _omit, ...noCreatedTime } = commentValue;
    expect(upserted(parsed(pageFeed(noCreatedTime, 1714564805)).changes[0]).createdAt).toEqual(
      new Date(1714564805 * 1000),
    );
    expect(upserted(parsed(pageFeed(noCreatedTime, null)).changes[0]).createdAt).toEqual(now);
  });

  it('reads a millisecond entry.time as milliseconds', () => {
    const { created_time: _omit, ...noCreatedTime } = commentValue;
    expect(upserted(parsed(pageFeed(noCreatedTime, 1714564805123)).changes[0]).createdAt).toEqual(
      new Date(1714564805123),
    );
  });

  it('keeps a comment whose author name or message is missing (permissions, photo-only comments)', () => {
    const { message: _m, ...noMessage } = commentValue;
    const comment = upserted(parsed(pageFeed({ ...noMessage, from: { id: '7012345678901234' } })).changes[0]);
    expect(comment.text).toBe('');
    expect(comment.authorName).toBe('Facebook user');
    expect(comment.authorId).toBe('7012345678901234');
  });

  it('drops a malformed optional extra instead of the comment', () => {
    const value = { ...commentValue, post: { permalink_url: 'javascript:alert(1)' } };
    const comment = upserted(parsed(pageFeed(value)).changes[0]);
    expect(comment.permalink).toBe('https://www.facebook.com/822334455667788_1122334455667788');
  });

  it.each([
    ['without comment_id', { ...commentValue, comment_id: undefined }, 'comment_id: Required'],
    ['with a numeric comment_id', { ...commentValue, comment_id: 822334455667788 }, 'comment_id: must be a string'],
    ['with an empty comment_id', { ...commentValue, comment_id: '' }, 'comment_id: must not be empty'],
  ])('skips a comment change %s, saying why', (_label, value, reason) => {
    expect(parsedAll(pageFeed(value))).toEqual({ ok: true, changes: [], ignored: 0, skipped: [{ source: 'facebook', reason }] });
  });

  it.each([
    ['without verb', { ...commentValue, verb: undefined }],
    ['with verb unhide', { ...commentValue, verb: 'unhide' }],
    ['with verb update', { ...commentValue, verb: 'update' }],
    ['for item post', { ...commentValue, item: 'post' }],
    ['that is not an object', 'comment'],
    ['that is null', null],
  ])('ignores a feed value %s', (_label, value) => {
    expect(parsed(pageFeed(value))).toEqual({ changes: [], ignored: 1 });
  });
});

describe('parseMetaWebhook: Instagram comments', () => {
  it('turns comments into upserts and ignores other fields', () => {
    const { changes, ignored } = parsed(fixture('instagram-comments.json'));
    expect(ignored).toBe(1); // the mentions change
    expect(changes).toHaveLength(2);
    expect(upserted(changes[0])).toEqual({
      source: 'instagram',
      externalId: '17912345678901234',
      text: 'Tolles Foto! 😍',
      authorName: 'erika.mustermann',
      authorId: '2105722729831234',
      postId: '18012345678901234',
      createdAt: new Date(1714564900 * 1000), // entry.time: the value itself has no timestamp
    });
    expect(upserted(changes[0]).permalink).toBeUndefined();
    expect(upserted(changes[0]).parentId).toBeUndefined();
  });

  it('keeps parent_id for replies', () => {
    const reply = upserted(parsed(fixture('instagram-comments.json')).changes[1]);
    expect(reply.parentId).toBe('17912345678901234');
    expect(reply.authorName).toBe('max_beispiel');
  });

  it('skips a comments value without an id, saying why', () => {
    const body = {
      object: 'instagram',
      entry: [{ id: '1', time: 1714564900, changes: [{ field: 'comments', value: { text: 'hi' } }] }],
    };
    expect(parsedAll(body)).toEqual({ ok: true, changes: [], ignored: 0, skipped: [{ source: 'instagram', reason: 'id: Required' }] });
  });

  it('does not read an Instagram comments change inside a page envelope, or vice versa', () => {
    const igValue = { id: '17912345678901234', text: 'hi', from: { id: '1', username: 'u' } };
    const igInPage = { object: 'page', entry: [{ changes: [{ field: 'comments', value: igValue }] }] };
    const pageInIg = { object: 'instagram', entry: [{ changes: [{ field: 'feed', value: commentValue }] }] };
    expect(parsed(igInPage)).toEqual({ changes: [], ignored: 1 });
    expect(parsed(pageInIg)).toEqual({ changes: [], ignored: 1 });
  });
});

describe('parseMetaWebhook: envelope', () => {
  it.each([
    ['a string', 'hello', 'body: must be a JSON object'],
    ['null', null, 'body: must be a JSON object'],
    ['an array', [fixture('facebook-feed-comment-add.json')], 'body: must be a JSON object'],
    ['missing object', { entry: [] }, 'object: Required'],
    ['a numeric object', { object: 1, entry: [] }, 'object: must be a string'],
    ['missing entry', { object: 'page' }, 'entry: Required'],
    ['entry not an array', { object: 'page', entry: {} }, 'entry: must be an array'],
  ])('rejects a body that is %s', (_label, body, error) => {
    expect(parseMetaWebhook(body, now)).toEqual({ ok: false, error });
  });

  it('accepts an empty batch', () => {
    expect(parseMetaWebhook({ object: 'page', entry: [] }, now)).toEqual({ ok: true, changes: [], ignored: 0, skipped: [] });
  });

  it('ignores unknown objects, counting each change', () => {
    const body = {
      object: 'permissions',
      entry: [{ id: '1', time: 1, changes: [{ field: 'email', value: {} }, { field: 'x', value: 1 }] }],
    };
    expect(parsed(body)).toEqual({ changes: [], ignored: 2 });
  });

  it('ignores entries without changes (Messenger) and malformed changes without losing their neighbours', () => {
    const body = {
      object: 'page',
      entry: [
        { id: '1', time: 1714564805, messaging: [{ sender: { id: '2' }, message: { text: 'hi' } }] },
        'not an entry',
        {
          id: '1',
          time: 1714564805,
          changes: [{ value: commentValue }, 'junk', { field: 'feed', value: commentValue }],
        },
      ],
    };
    const { changes, ignored } = parsed(body);
    expect(ignored).toBe(4);
    expect(changes).toHaveLength(1);
    expect(upserted(changes[0]).externalId).toBe(commentValue.comment_id);
  });
});

describe('the account’s own replies', () => {
  it('skips a Page comment written by the Page itself (from.id equals the entry id)', () => {
    const body = {
      object: 'page',
      entry: [{ id: '104512345678901', time: 1714564805, changes: [{ field: 'feed', value: { ...commentValue, from: { id: '104512345678901', name: 'Our Page' } } }] }],
    };
    expect(parsed(body)).toEqual({ changes: [], ignored: 1 });
  });

  it('skips an Instagram comment written by the account itself', () => {
    const body = {
      object: 'instagram',
      entry: [
        {
          id: '17841400123456789',
          time: 1714564900,
          changes: [{ field: 'comments', value: { id: '1791', text: 'Danke!', from: { id: '17841400123456789', username: 'our.brand' }, media: { id: '180' } } }],
        },
      ],
    };
    expect(parsed(body)).toEqual({ changes: [], ignored: 1 });
  });
});

/** An Instagram delivery of one comments change around `value`. */
function instagram(value: unknown, time: number | null = 1714564900): unknown {
  const entry = { id: '17841400123456789', changes: [{ field: 'comments', value }] };
  return { object: 'instagram', entry: [time === null ? entry : { ...entry, time }] };
}

const igValue = { id: '17912345678901234', text: 'Tolles Foto!', from: { id: '2105722729831234', username: 'erika' }, media: { id: '18012345678901234' } };

describe('parseMetaWebhook: NUL characters (PostgreSQL text cannot hold U+0000)', () => {
  it('strips them from a Facebook comment’s text and author name', () => {
    const comment = upserted(parsed(pageFeed({ ...commentValue, message: 'Hal\u0000lo', from: { id: '7012345678901234', name: 'Erika\u0000' } })).changes[0]);
    expect(comment.text).toBe('Hallo');
    expect(comment.authorName).toBe('Erika');
  });

  it('strips them from an Instagram comment’s text and username', () => {
    const comment = upserted(parsed(instagram({ ...igValue, text: '\u0000Foto', from: { id: '1', username: 'eri\u0000ka' } })).changes[0]);
    expect(comment.text).toBe('Foto');
    expect(comment.authorName).toBe('erika');
  });

  it('falls back to the placeholder name when the name was nothing but NULs', () => {
    const comment = upserted(parsed(pageFeed({ ...commentValue, from: { id: '7012345678901234', name: '\u0000\u0000' } })).changes[0]);
    expect(comment.authorName).toBe('Facebook user');
  });

  it.each([
    ['an add', 'add'],
    ['a remove', 'remove'],
  ])('skips %s whose comment_id holds one, naming the field', (_label, verb) => {
    const result = parsedAll(pageFeed({ ...commentValue, verb, comment_id: '822334455667788_11\u000022' }));
    expect(result.changes).toEqual([]);
    expect(result.skipped).toEqual([{ source: 'facebook', reason: 'comment_id: must not contain NUL characters (\\u0000)' }]);
  });

  it('skips an Instagram comment whose id holds one', () => {
    expect(parsedAll(instagram({ ...igValue, id: '1791\u0000' })).skipped).toEqual([
      { source: 'instagram', reason: 'id: must not contain NUL characters (\\u0000)' },
    ]);
  });

  it('drops other ids and the permalink when they hold one, keeping the comment', () => {
    const comment = upserted(
      parsed(
        pageFeed({
          ...commentValue,
          post_id: '1045\u0000',
          parent_id: '822334455667788_9\u0000',
          from: { id: '7012\u0000', name: 'Erika' },
          post: { permalink_url: 'https://www.facebook.com/1045/posts/\u0000' },
        }),
      ).changes[0],
    );
    expect(comment).toMatchObject({ externalId: commentValue.comment_id, authorName: 'Erika' });
    expect(comment.postId).toBeUndefined();
    expect(comment.parentId).toBeUndefined();
    expect(comment.authorId).toBeUndefined();
    expect(comment.permalink).toBe('https://www.facebook.com/822334455667788_1122334455667788');
    const ig = upserted(parsed(instagram({ ...igValue, media: { id: '180\u0000' }, parent_id: '\u0000' })).changes[0]);
    expect(ig.postId).toBeUndefined();
    expect(ig.parentId).toBeUndefined();
  });
});

describe('parseMetaWebhook: the generic webhook’s limits', () => {
  it('skips a comment whose comment_id is over 256 characters (a 5,300-character one broke the unique index)', () => {
    const result = parsedAll(pageFeed({ ...commentValue, comment_id: 'x'.repeat(5300) }));
    expect(result.changes).toEqual([]);
    expect(result.skipped).toEqual([{ source: 'facebook', reason: 'comment_id: must be at most 256 characters' }]);
    expect(upserted(parsed(pageFeed({ ...commentValue, comment_id: 'x'.repeat(256) })).changes[0]).externalId).toHaveLength(256);
    expect(parsedAll(instagram({ ...igValue, id: 'x'.repeat(257) })).skipped).toEqual([
      { source: 'instagram', reason: 'id: must be at most 256 characters' },
    ]);
  });

  it('skips only the bad change and keeps its neighbours, in order', () => {
    const body = {
      object: 'page',
      entry: [
        {
          id: '104512345678901',
          time: 1714564805,
          changes: [
            { field: 'feed', value: { ...commentValue, comment_id: 'good_1' } },
            { field: 'feed', value: { ...commentValue, comment_id: 'x'.repeat(5300) } },
            { field: 'feed', value: { ...commentValue, comment_id: 'good_2' } },
          ],
        },
      ],
    };
    const result = parsedAll(body);
    expect(result.changes.map((c) => upserted(c).externalId)).toEqual(['good_1', 'good_2']);
    expect(result.skipped).toHaveLength(1);
    expect(result.ignored).toBe(0);
  });

  it('drops other ids over 256 characters and a permalink over 2048', () => {
    const longUrl = `https://www.facebook.com/${'p'.repeat(2048 - 25)}`;
    const atLimit = upserted(parsed(pageFeed({ ...commentValue, post: { permalink_url: longUrl } })).changes[0]);
    expect(atLimit.permalink).toBe(longUrl);
    const comment = upserted(
      parsed(pageFeed({ ...commentValue, post_id: 'x'.repeat(257), from: { id: 'x'.repeat(257), name: 'E' }, post: { permalink_url: `${longUrl}p` } })).changes[0],
    );
    expect(comment.postId).toBeUndefined();
    expect(comment.authorId).toBeUndefined();
    expect(comment.permalink).toBe('https://www.facebook.com/822334455667788_1122334455667788');
  });

  it('cuts an author name to 200 characters, without splitting an emoji', () => {
    const long = upserted(parsed(pageFeed({ ...commentValue, from: { id: '1', name: 'E'.repeat(250) } })).changes[0]);
    expect(long.authorName).toBe('E'.repeat(200));
    const emoji = upserted(parsed(pageFeed({ ...commentValue, from: { id: '1', name: `${'E'.repeat(199)}😍😍` } })).changes[0]);
    expect(emoji.authorName).toBe('E'.repeat(199));
    const ig = upserted(parsed(instagram({ ...igValue, from: { id: '1', username: 'u'.repeat(201) } })).changes[0]);
    expect(ig.authorName).toBe('u'.repeat(200));
  });

  it('cuts a text over 20,000 characters to 20,000 ending in a marker, and leaves one at the limit alone', () => {
    const atLimit = 'x'.repeat(20_000);
    expect(upserted(parsed(pageFeed({ ...commentValue, message: atLimit })).changes[0]).text).toBe(atLimit);
    const cut = upserted(parsed(pageFeed({ ...commentValue, message: 'x'.repeat(30_000) })).changes[0]).text;
    expect(cut).toHaveLength(20_000);
    expect(cut.endsWith(' […]')).toBe(true);
    expect(cut.startsWith('x'.repeat(19_996))).toBe(true);
    const ig = upserted(parsed(instagram({ ...igValue, text: 'y'.repeat(20_001) })).changes[0]).text;
    expect(ig).toHaveLength(20_000);
    expect(ig.endsWith(' […]')).toBe(true);
  });

  it.each([
    ['1e300', 1e300],
    ['9e15', 9e15],
    ['1e20 (milliseconds, still out of range)', 1e20],
    ['before 2000', 915148800], // 1999-01-01
    ['more than a day ahead', Math.floor(now.getTime() / 1000) + 86_401],
  ])('falls back to entry.time when created_time is %s', (_label, createdTime) => {
    const comment = upserted(parsed(pageFeed({ ...commentValue, created_time: createdTime }, 1714564805)).changes[0]);
    expect(comment.createdAt).toEqual(new Date(1714564805 * 1000));
  });

  it('takes created_time up to a day ahead (clock skew)', () => {
    const skewed = Math.floor(now.getTime() / 1000) + 86_400;
    expect(upserted(parsed(pageFeed({ ...commentValue, created_time: skewed })).changes[0]).createdAt).toEqual(new Date(skewed * 1000));
  });

  it.each([
    ['1e300', 1e300],
    ['9e15', 9e15],
    ['before 2000', 915148800],
  ])('falls back to now when created_time and entry.time are both %s', (_label, time) => {
    const comment = upserted(parsed(pageFeed({ ...commentValue, created_time: time }, time)).changes[0]);
    expect(comment.createdAt).toEqual(now);
    const ig = upserted(parsed(instagram(igValue, time)).changes[0]);
    expect(ig.createdAt).toEqual(now);
  });

  it('never yields an invalid date on a removal either', () => {
    const [change] = parsed(pageFeed({ ...commentValue, verb: 'remove', created_time: 1e300 }, 9e15)).changes;
    expect(change).toMatchObject({ kind: 'removed', at: now });
  });
});
