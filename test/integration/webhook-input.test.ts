import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import type { DeskStore } from '../../src/domain/ports.ts';
import { compileRouting } from '../../src/domain/routing.ts';
import { commentWebhookHandler } from '../../src/http/comment-webhook.ts';
import { type IngestHealth, createIngestHealth } from '../../src/http/ingest-health.ts';
import { metaWebhookHandler } from '../../src/http/meta-webhook.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { pino } from 'pino';
import { type Logger, createLogger } from '../../src/logger.ts';
import type { BatchQueue } from '../../src/store/batch-queue.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { PrismaDeskStore } from '../../src/store/prisma-desk-store.ts';
import type { IngestDeps } from '../../src/use-cases/ingest-comment-change.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { genericComment, postComment, postMeta, startTestDesk, testDeskConfig, uniqueExternalId } from '../support/desk-harness.ts';

/**
 * Webhook input that used to get stuck (a 500 on every retry) or lost (the rest of a Meta batch):
 * NUL characters, values out of range, and changes the database refuses.
 */

const NOW = '2026-11-26T10:00:00Z';
const PAGE_ID = '104512345678901';

/** One Page feed comment change; `overrides` replace fields of the value. */
function feedChange(overrides: Record<string, unknown> = {}) {
  return {
    field: 'feed',
    value: {
      from: { id: '7012345678901234', name: 'Erika Mustermann' },
      item: 'comment',
      comment_id: uniqueExternalId('822334455667788'),
      post_id: `${PAGE_ID}_822334455667788`,
      parent_id: `${PAGE_ID}_822334455667788`,
      verb: 'add',
      created_time: 1764147600,
      message: 'Wann kommt die neue Staffel?',
      post: { permalink_url: `https://www.facebook.com/${PAGE_ID}/posts/pfbid02AbCdEf` },
      ...overrides,
    },
  };
}

function pageDelivery(changes: unknown[], time: number = 1764147700) {
  return { object: 'page', entry: [{ id: PAGE_ID, time, changes }] };
}

const commentId = (change: { value: { comment_id: string } }) => change.value.comment_id;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A logger whose lines the test can read. */
function capturedLog(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void written.push(line) });
  return { log, lines: () => written.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** The webhooks over real HTTP with the deps and health a test chooses (the app wires its own). */
async function startWebhooks(deps: IngestDeps, health: IngestHealth, log: Logger = createLogger('silent')) {
  const server = createHttpServer(
    {
      'POST /webhooks/meta': metaWebhookHandler('test-meta-app-secret', deps, log, health),
      'POST /webhooks/comments': commentWebhookHandler('test-ingest-secret', deps, log),
    },
    log,
  );
  // postMeta/postComment only read `url` (they sign with the harness secrets used above).
  return { server, desk: { url: await listen(server) } as Desk };
}

/**
 * The desk's store, except that the comments named in `poisoned` reach the database with a NUL in
 * their text: what a value the parser let through would do (a real 22021 from the real statement).
 */
function poisonedStore(store: DeskStore, poisoned: Set<string>): DeskStore & { maxInFlight: number } {
  let inFlight = 0;
  const wrapper = Object.create(store) as DeskStore & { maxInFlight: number };
  wrapper.maxInFlight = 0;
  wrapper.insertComment = async (comment, plan, now) => {
    inFlight += 1;
    wrapper.maxInFlight = Math.max(wrapper.maxInFlight, inFlight);
    try {
      const sent = poisoned.has(comment.externalId) ? { ...comment, text: `${comment.text}\u0000` } : comment;
      return await store.insertComment(sent, plan, now);
    } finally {
      inFlight -= 1;
    }
  };
  return wrapper;
}

describe.each(backends())('webhook input on %s', (backend) => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    database = await createTestDatabase(backend);
    desk = await startTestDesk({ standIn, db: database.db, clock });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  const deps = (store: DeskStore = desk.store): IngestDeps => ({
    store,
    crises: desk.crises,
    directory: desk.directory,
    route: compileRouting(testDeskConfig().routing, desk.directory.defaults),
    clock,
  });

  const stored = (source: string, externalId: string) =>
    desk.db.prisma.comment.findUnique({ where: { source_externalId: { source, externalId } } });

  describe('POST /webhooks/comments', () => {
    it.each([
      ['text', { text: 'Tolles\u0000 Video' }, { text: 'Tolles Video' }],
      ['author.name', { author: { name: 'Max\u0000 Mustermann', id: 'UCmax' } }, { authorName: 'Max Mustermann' }],
    ])('stores a comment with a NUL in %s, without it, and answers a retry as a duplicate', async (_field, patch, expected) => {
      const body = genericComment(patch);
      const first = await postComment(desk, body);
      expect(first.status).toBe(201);
      expect(await stored('youtube', body.externalId)).toMatchObject(expected);
      const again = await postComment(desk, body);
      expect(again).toMatchObject({ status: 200, json: { outcome: 'duplicate' } });
    });

    it.each([
      ['externalId', { externalId: 'yt-\u0000-1' }],
      ['author.id', { author: { name: 'Max', id: 'UC\u0000max' } }],
      ['postId', { postId: 'abc\u0000' }],
      ['parentId', { parentId: '\u0000' }],
      ['permalink', { permalink: 'https://www.youtube.com/watch?v=abc\u0000' }],
    ])('refuses a NUL in %s with a 400 naming the field, every time', async (field, patch) => {
      const body = genericComment(patch);
      const before = await desk.db.prisma.comment.count();
      for (let attempt = 0; attempt < 2; attempt++) {
        const answer = await postComment(desk, body);
        expect(answer).toEqual({ status: 400, json: { error: `${field}: must not contain NUL characters (\\u0000)` } });
      }
      expect(await desk.db.prisma.comment.count()).toBe(before);
    });

    it('refuses a 5,300-character externalId with a 400', async () => {
      const answer = await postComment(desk, genericComment({ externalId: 'x'.repeat(5300) }));
      expect(answer).toEqual({ status: 400, json: { error: 'externalId: must be at most 256 characters' } });
    });

    it('answers 400, not 500, when the database refuses the values, and the same on a retry', async () => {
      const body = genericComment();
      const webhooks = await startWebhooks(deps(poisonedStore(desk.store, new Set([body.externalId]))), createIngestHealth());
      try {
        for (let attempt = 0; attempt < 2; attempt++) {
          const answer = await postComment(webhooks.desk, body);
          expect(answer.status).toBe(400);
          expect(answer.json.error).toContain('SQLSTATE 22021');
        }
        expect(await stored('youtube', body.externalId)).toBeNull();
      } finally {
        await close(webhooks.server);
      }
    });
  });

  describe('POST /webhooks/meta', () => {
    it.each([
      ['message', { message: 'Wann\u0000 kommt sie?' }, { text: 'Wann kommt sie?' }],
      // Not a NUL, but the same kind of trap: the driver stores a lone surrogate as U+FFFD, so a retry looked like an edit.
      ['message (a lone surrogate)', { message: 'Wann kommt sie? \uD83D' }, { text: 'Wann kommt sie? \uFFFD' }],
      ['from.name', { from: { id: '7012345678901234', name: 'Erika\u0000' } }, { authorName: 'Erika', authorId: '7012345678901234' }],
      ['from.id', { from: { id: '7012\u0000', name: 'Erika' } }, { authorName: 'Erika', authorId: null }],
      ['post_id', { post_id: `${PAGE_ID}_\u0000` }, { postId: null }],
      ['parent_id', { parent_id: '822334455667788_9\u0000' }, { parentId: null }],
      ['post.permalink_url', { post: { permalink_url: 'https://www.facebook.com/x\u0000' } }, { permalink: 'https://www.facebook.com/<comment_id>' }],
    ])('stores a comment with a bad character in %s as documented, and answers a retry as a duplicate', async (_field, patch, expected) => {
      const change = feedChange(patch);
      const delivery = pageDelivery([change]);
      const first = await postMeta(desk, delivery);
      expect(first).toMatchObject({ status: 200, json: { received: 1, skipped: 0, outcomes: ['created'] } });
      const row = await stored('facebook', commentId(change));
      const want = { ...expected } as Record<string, unknown>;
      if (want.permalink) want.permalink = `https://www.facebook.com/${commentId(change)}`;
      expect(row).toMatchObject(want);
      expect(await postMeta(desk, delivery)).toMatchObject({ status: 200, json: { outcomes: ['duplicate'] } });
    });

    it.each([
      ['an add', 'add'],
      ['a remove', 'remove'],
    ])('skips %s whose comment_id holds a NUL: 200, the same on a retry', async (_label, verb) => {
      const delivery = pageDelivery([feedChange({ verb, comment_id: '822334455667788_1\u00002' })]);
      for (let attempt = 0; attempt < 2; attempt++) {
        expect(await postMeta(desk, delivery)).toEqual({ status: 200, json: { received: 0, ignored: 0, skipped: 1, outcomes: [] } });
      }
    });

    it('stores Instagram comments with NULs in text and username, and skips one with a NUL in its id', async () => {
      const good = { id: uniqueExternalId('1791'), text: 'Tolles\u0000 Foto', from: { id: '2105722729831234', username: 'erika\u0000' }, media: { id: '180\u0000' } };
      const bad = { id: '1791\u00002', text: 'x' };
      const delivery = { object: 'instagram', entry: [{ id: '17841400123456789', time: 1764147700, changes: [{ field: 'comments', value: good }, { field: 'comments', value: bad }] }] };
      for (let attempt = 0; attempt < 2; attempt++) {
        const answer = await postMeta(desk, delivery);
        expect(answer).toEqual({ status: 200, json: { received: 1, ignored: 0, skipped: 1, outcomes: [attempt === 0 ? 'created' : 'duplicate'] } });
      }
      expect(await stored('instagram', good.id)).toMatchObject({ text: 'Tolles Foto', authorName: 'erika', postId: null });
    });

    it('skips a 5,300-character comment_id instead of failing on the unique index', async () => {
      const good = feedChange();
      const answer = await postMeta(desk, pageDelivery([feedChange({ comment_id: 'x'.repeat(5300) }), good]));
      expect(answer).toEqual({ status: 200, json: { received: 1, ignored: 0, skipped: 1, outcomes: ['created'] } });
      expect(await stored('facebook', commentId(good))).not.toBeNull();
    });

    it.each([
      ['1e300', 1e300],
      ['9e15', 9e15],
    ])('stores a comment whose created_time is %s with entry.time, or now when that is out of range too', async (_label, time) => {
      const withEntryTime = feedChange({ created_time: time });
      expect((await postMeta(desk, pageDelivery([withEntryTime], 1764147700))).json.outcomes).toEqual(['created']);
      expect((await stored('facebook', commentId(withEntryTime)))?.createdAt).toEqual(new Date(1764147700 * 1000));

      const bothBad = feedChange({ created_time: time });
      expect((await postMeta(desk, pageDelivery([bothBad], time))).json.outcomes).toEqual(['created']);
      expect((await stored('facebook', commentId(bothBad)))?.createdAt).toEqual(new Date(NOW));
    });

    it('cuts a long text and name rather than losing the comment', async () => {
      const change = feedChange({ message: 'x'.repeat(25_000), from: { id: '1', name: 'N'.repeat(300) } });
      expect((await postMeta(desk, pageDelivery([change]))).json.outcomes).toEqual(['created']);
      const row = await stored('facebook', commentId(change));
      expect(row?.text).toHaveLength(20_000);
      expect(row?.text.endsWith(' […]')).toBe(true);
      expect(row?.authorName).toBe('N'.repeat(200));
    });

    it('[good, bad, good]: stores both good ones, skips the bad one and counts it', async () => {
      const health = createIngestHealth();
      const webhooks = await startWebhooks(deps(), health);
      try {
        const [first, bad, third] = [feedChange(), feedChange({ comment_id: `822334455667788_\u0000${'x'.repeat(10)}` }), feedChange()];
        const answer = await postMeta(webhooks.desk, pageDelivery([first, bad, third]));
        expect(answer).toEqual({ status: 200, json: { received: 2, ignored: 0, skipped: 1, outcomes: ['created', 'created'] } });
        expect(await stored('facebook', commentId(first))).not.toBeNull();
        expect(await stored('facebook', commentId(third))).not.toBeNull();
        expect(health).toEqual({
          skippedChanges: 1,
          lastSkipped: { at: NOW.replace('Z', '.000Z'), source: 'facebook', reason: 'comment_id: must not contain NUL characters (\\u0000)' },
        });
      } finally {
        await close(webhooks.server);
      }
    });

    it('[good, bad, good] through the app: 200, both good stored, the skip shown on /readyz', async () => {
      const before = desk.ingestHealth.skippedChanges;
      const [first, bad, third] = [feedChange(), feedChange({ comment_id: 'x'.repeat(5300) }), feedChange()];
      const answer = await postMeta(desk, pageDelivery([first, bad, third]));
      expect(answer).toEqual({ status: 200, json: { received: 2, ignored: 0, skipped: 1, outcomes: ['created', 'created'] } });
      expect(await stored('facebook', commentId(first))).not.toBeNull();
      expect(await stored('facebook', commentId(third))).not.toBeNull();
      const ready = (await (await fetch(`${desk.url}/readyz`)).json()) as { webhooks: { skippedChanges: number; lastSkipped: unknown } };
      expect(ready.webhooks).toEqual({
        skippedChanges: before + 1,
        lastSkipped: { at: new Date(NOW).toISOString(), source: 'facebook', reason: 'comment_id: must be at most 256 characters' },
      });
    });

    it('[good, refused by the database, good]: stores both good ones, skips and counts the refused one, 200 again on a retry', async () => {
      const [first, bad, third] = [feedChange(), feedChange({ message: 'Geheimer Kommentartext' }), feedChange()];
      const health = createIngestHealth();
      const store = poisonedStore(desk.store, new Set([commentId(bad)]));
      const logs = capturedLog();
      const webhooks = await startWebhooks(deps(store), health, logs.log);
      try {
        const delivery = pageDelivery([first, bad, third]);
        const answer = await postMeta(webhooks.desk, delivery);
        expect(answer).toEqual({ status: 200, json: { received: 3, ignored: 0, skipped: 1, outcomes: ['created', 'skipped', 'created'] } });
        expect(await stored('facebook', commentId(first))).not.toBeNull();
        expect(await stored('facebook', commentId(bad))).toBeNull();
        expect(await stored('facebook', commentId(third))).not.toBeNull();
        expect(health.skippedChanges).toBe(1);
        expect(health.lastSkipped).toMatchObject({ source: 'facebook', reason: 'the database refused its values (SQLSTATE 22021)' });
        const warnings = logs.lines().filter((l) => l.level === 40);
        expect(warnings).toEqual([
          expect.objectContaining({ source: 'facebook', reason: 'the database refused its values (SQLSTATE 22021)', detail: expect.stringContaining('0x00') }),
        ]);
        expect(JSON.stringify(logs.lines())).not.toContain('Geheimer');

        const retry = await postMeta(webhooks.desk, delivery);
        expect(retry).toEqual({ status: 200, json: { received: 3, ignored: 0, skipped: 1, outcomes: ['duplicate', 'skipped', 'duplicate'] } });
        expect(health.skippedChanges).toBe(2);
      } finally {
        await close(webhooks.server);
      }
    });

    it('stores the changes of a batch concurrently, in few statements', async () => {
      const changes = Array.from({ length: 50 }, () => feedChange());
      const store = poisonedStore(desk.store, new Set());
      const webhooks = await startWebhooks(deps(store), createIngestHealth());
      const inserts = (desk.store as unknown as { inserts: BatchQueue<unknown, unknown> }).inserts;
      try {
        const before = inserts.batches;
        const answer = await postMeta(webhooks.desk, pageDelivery(changes));
        expect(answer.json.outcomes).toEqual(changes.map(() => 'created'));
        expect(store.maxInFlight).toBe(50);
        expect(inserts.batches - before).toBeLessThan(50);
      } finally {
        await close(webhooks.server);
      }
    });

    it('applies an add, an edit and a remove of the same comment in one batch in order', async () => {
      const id = uniqueExternalId('822334455667788');
      const others = Array.from({ length: 5 }, () => feedChange());
      const delivery = pageDelivery([
        feedChange({ comment_id: id, message: 'erste Fassung' }),
        ...others,
        feedChange({ comment_id: id, verb: 'edited', message: 'zweite Fassung' }),
        feedChange({ comment_id: id, verb: 'remove' }),
      ]);
      const answer = await postMeta(desk, delivery);
      expect(answer.json.outcomes).toEqual(['created', ...others.map(() => 'created'), 'edited', 'removed']);
      const row = await stored('facebook', id);
      expect(row).toMatchObject({ status: 'removed', text: 'zweite Fassung' });
    });
  });
});

describe('when the database is unreachable', () => {
  it('answers 5xx so the sender retries: a Meta batch and a generic comment', async () => {
    // Nothing listens on port 1: every statement fails to connect, which is no data error.
    const db = await openDatabase({ url: 'postgresql://desk:desk@127.0.0.1:1/desk_unreachable', poolSize: 1 });
    const config = testDeskConfig();
    const directory = buildDirectory(config);
    const health = createIngestHealth();
    const webhooks = await startWebhooks(
      { store: new PrismaDeskStore(db.prisma), directory, route: compileRouting(config.routing, directory.defaults), clock: new FakeClock(NOW) },
      health,
    );
    try {
      // The server answers 503 for an unreachable database (src/http/server.ts); any 5xx makes Meta retry.
      const meta = await postMeta(webhooks.desk, pageDelivery([feedChange(), feedChange()]));
      expect(meta.status).toBeGreaterThanOrEqual(500);
      expect(meta.json.outcomes).toBeUndefined();
      const generic = await postComment(webhooks.desk, genericComment());
      expect(generic.status).toBeGreaterThanOrEqual(500);
      expect(health.skippedChanges).toBe(0);
    } finally {
      await close(webhooks.server);
      await db.close();
    }
  });
});
