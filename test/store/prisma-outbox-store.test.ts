import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import type { Database } from '../../src/store/open-database.ts';
import { PrismaDeskStore } from '../../src/store/prisma-desk-store.ts';
import { PrismaOutboxStore } from '../../src/store/prisma-outbox-store.ts';
import { syncDirectory } from '../../src/store/sync-directory.ts';
import { cardUpdateItem } from '../../src/use-cases/card-outbox.ts';
import { testDeskConfig } from '../support/desk-harness.ts';
import { newCommentPlan } from '../support/records.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * Many deliverers claiming from one outbox at once (instances on one PostgreSQL): each row is handed
 * out once. The race this guards against: a claim whose snapshot predates another instance's commit
 * reaching the row after that commit; the lock conditions must be re-checked on the locked row.
 */
describe.skipIf(!backends().includes('postgres'))('outbox claims by concurrent instances on PostgreSQL', () => {
  let database: TestDatabase;
  let second: Database;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    second = await database.reopen();
  });
  afterAll(async () => {
    await second?.close();
    await database?.drop();
  });

  it('hands every row out exactly once', async () => {
    const ROWS = 3000;
    await database.db.prisma.$executeRawUnsafe(`
      INSERT INTO outbox (dedupe_key, kind, payload, channel, status, attempts, next_attempt_at, created_at)
      SELECT 'k' || i, 'person.notify', '{"kind":"person.notify"}'::jsonb, NULL, 'pending', 0, now() - interval '1 minute', now()
      FROM generate_series(1, ${ROWS}) AS i`);
    const stores = [new PrismaOutboxStore(database.db.prisma, { legacyPlatform: 'slack' }), new PrismaOutboxStore(second.prisma, { legacyPlatform: 'slack' })];
    const seen: bigint[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async (_, worker) => {
        const store = stores[worker % 2]!;
        for (;;) {
          const rows = await store.claimDue(new Date(), 7, 30_000, { busyChannels: [], postsPerChannel: null });
          if (!rows.length) break;
          for (const row of rows) seen.push(row.id);
          // Finish them, as delivery does, so a later claim's snapshot may predate this commit.
          await Promise.all(rows.map((row) => store.complete(row.id, new Date())));
        }
      }),
    );
    const counts = new Map<bigint, number>();
    for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
    const twice = [...counts.entries()].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    expect(counts.size).toBe(ROWS);
  }, 120_000);
});

describe.each(backends())('outbox rows on %s', (backend) => {
  let database: TestDatabase;
  let outbox: PrismaOutboxStore;
  let store: PrismaDeskStore;
  const NOW = new Date('2026-12-07T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await syncDirectory(database.db.prisma, buildDirectory(testDeskConfig()));
    outbox = new PrismaOutboxStore(database.db.prisma, { legacyPlatform: 'legacy-chat' });
    store = new PrismaDeskStore(database.db.prisma);
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    await database.db.prisma.outbox.deleteMany({});
  });

  it('reads a row written before rows named their platform as the legacy platform’s, and keeps a named one', async () => {
    await database.db.prisma.$executeRawUnsafe(`
      INSERT INTO outbox (dedupe_key, kind, payload, channel, status, attempts, next_attempt_at, created_at) VALUES
        ('old', 'person.notify', '{"kind":"person.notify","memberId":"anna","notice":{"text":"Hallo"}}', NULL, 'pending', 0, now() - interval '1 minute', now()),
        ('new', 'person.notify', '{"kind":"person.notify","platform":"msteams","memberId":"anna","notice":{"text":"Hallo"}}', NULL, 'pending', 0, now() - interval '1 minute', now())`);
    const rows = await outbox.claimDue(new Date(), 10, 30_000, { busyChannels: [], postsPerChannel: null });
    expect(Object.fromEntries(rows.map((r) => [r.dedupeKey, r.intent]))).toEqual({
      old: { kind: 'person.notify', platform: 'legacy-chat', memberId: 'anna', notice: { text: 'Hallo' } },
      new: { kind: 'person.notify', platform: 'msteams', memberId: 'anna', notice: { text: 'Hallo' } },
    });
  });

  it('queues the card refreshes of a statement exactly as the use cases build them', async () => {
    const comment = { source: 'youtube', externalId: 'rows-1', text: 'Tolles Video!', authorName: 'Max', createdAt: NOW };
    const { commentId } = await store.insertComment(comment, newCommentPlan(), NOW);
    expect(await store.claimIfOpen({ commentId, memberId: 'deniz', now: NOW })).toEqual({ outcome: 'claimed' });
    const { cards } = (await store.getCommentWithCards(commentId))!;
    const rows = await database.db.prisma.outbox.findMany({ where: { payload: { path: ['commentId'], equals: commentId } }, orderBy: { id: 'asc' } });
    const expected = cardUpdateItem(cards[0]!, 2);
    expect(rows.map((r) => ({ kind: r.kind, dedupeKey: r.dedupeKey, channel: r.channel, payload: r.payload }))).toEqual([
      { kind: 'card.post', dedupeKey: expect.any(String), channel: cards[0]!.channel, payload: { kind: 'card.post', platform: cards[0]!.platform, commentId, cardId: cards[0]!.id } },
      { kind: 'card.update', dedupeKey: expected.dedupeKey, channel: expected.channel, payload: expected.intent },
    ]);
  });

  it('tells whether a card’s post is still waiting, being sent right now, or not pending at all', async () => {
    const comment = { source: 'youtube', externalId: 'rows-2', text: 'Wann kommt Teil 2?', authorName: 'Max', createdAt: NOW };
    const { commentId } = await store.insertComment(comment, newCommentPlan(), NOW);
    const { cards } = (await store.getCommentWithCards(commentId))!;
    const cardId = cards[0]!.id;
    expect(await outbox.cardPostState(cardId)).toBe('waiting');
    // Another card's post says nothing about this one.
    expect(await outbox.cardPostState('00000000-0000-4000-8000-000000000000')).toBe('none');
    const [post] = await outbox.claimDue(new Date(), 10, 30_000, { busyChannels: [], postsPerChannel: null });
    expect(post?.intent).toMatchObject({ kind: 'card.post', cardId });
    expect(await outbox.cardPostState(cardId)).toBe('sending');
    // An instance that took it and died: its lock runs out, and the post is waiting again.
    await database.db.prisma.outbox.update({ where: { id: post!.id }, data: { lockedUntil: new Date(Date.now() - 60_000) } });
    expect(await outbox.cardPostState(cardId)).toBe('waiting');
    await outbox.completeCardPost(post!.id, cardId, '1765098000.000100', NOW);
    expect(await outbox.cardPostState(cardId)).toBe('none');
  });

  it('completes a sent card update together with the older pending updates it covers, and nothing else', async () => {
    const comment = { source: 'youtube', externalId: 'rows-3', text: 'Super erklärt', authorName: 'Max', createdAt: NOW };
    const { commentId } = await store.insertComment(comment, newCommentPlan(), NOW);
    const card = (await store.getCommentWithCards(commentId))!.cards[0]!;
    const other = { ...card, id: '00000000-0000-4000-8000-0000000000aa' };
    await store.enqueue([2, 3, 4, 5].map((v) => cardUpdateItem(card, v)).concat(cardUpdateItem(other, 2)), NOW);
    const key = (v: number, c = card) => cardUpdateItem(c, v).dedupeKey;
    // Version 2 is held by another instance right now: it is left to that instance.
    await database.db.prisma.outbox.update({ where: { dedupeKey: key(2) }, data: { lockedUntil: new Date(Date.now() + 60_000) } });
    const sent = await database.db.prisma.outbox.findUniqueOrThrow({ where: { dedupeKey: key(4) } });
    await outbox.completeCardUpdate(sent.id, card.id, 4, NOW);
    const rows = await database.db.prisma.outbox.findMany({ where: { kind: 'card.update' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.dedupeKey, r.status, r.lastError])).toEqual([
      [key(2), 'pending', null],
      [key(3), 'done', 'superseded by a later update'],
      [key(4), 'done', null],
      [key(5), 'pending', null],
      [key(2, other), 'pending', null],
    ]);
    expect(rows.find((r) => r.dedupeKey === key(4))).toMatchObject({ lockedUntil: null, doneAt: NOW });
  });
});
