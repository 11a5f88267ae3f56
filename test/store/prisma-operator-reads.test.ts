import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrismaConversationStore } from '../../src/store/prisma-conversation-store.ts';
import { PrismaOperatorReads } from '../../src/store/prisma-operator-reads.ts';
import { PrismaOutboxStore } from '../../src/store/prisma-outbox-store.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const NOW = new Date('2026-12-07T09:00:00Z');
const at = (minutesBefore: number) => new Date(NOW.getTime() - minutesBefore * 60_000);

describe.each(backends())('the operator page’s reads on %s', (backend) => {
  let database: TestDatabase;
  let reads: PrismaOperatorReads;
  let outbox: PrismaOutboxStore;

  /** Writes an outbox row as the desk does (pending), and answers its id. */
  async function row(key: string, options: { kind?: string; channel?: string | null; platform?: string | null; createdAt?: Date } = {}): Promise<bigint> {
    const kind = options.kind ?? 'card.post';
    const payload = { kind, ...(options.platform === null ? {} : { platform: options.platform ?? 'slack' }) };
    const created = await database.db.prisma.outbox.create({
      data: { dedupeKey: key, kind, payload, channel: options.channel === undefined ? 'C0ONE' : options.channel, createdAt: options.createdAt ?? at(60), nextAttemptAt: options.createdAt ?? at(60) },
    });
    return created.id;
  }

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    reads = new PrismaOperatorReads(database.db.prisma);
    outbox = new PrismaOutboxStore(database.db.prisma, { legacyPlatform: 'slack' });
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    await database.db.prisma.outbox.deleteMany({});
    await database.db.prisma.chatConversation.deleteMany({});
  });

  it('counts what waits, what failed, and what was delivered since an instant, with the oldest waiting row', async () => {
    expect(await reads.outboxTotals(at(24 * 60))).toEqual({ pending: 0, failed: 0, doneSince: 0, oldestPendingAt: null });
    await row('p1', { createdAt: at(30) });
    await row('p2', { createdAt: at(90) });
    await outbox.fail(await row('f1'), 'channel_not_found', at(10));
    await outbox.complete(await row('d-recent'), at(5));
    await outbox.complete(await row('d-old'), at(3 * 24 * 60));
    expect(await reads.outboxTotals(at(24 * 60))).toEqual({ pending: 2, failed: 1, doneSince: 1, oldestPendingAt: at(90) });
  });

  it('lists failed rows newest failure first, with the platform their payload names (null for rows from before)', async () => {
    await outbox.fail(await row('older', { channel: 'C0ONE' }), 'not_in_channel', at(20));
    await outbox.fail(await row('newer', { kind: 'person.notify', channel: null, platform: 'msteams' }), 'user not found', at(2));
    await outbox.fail(await row('legacy', { channel: 'C0TWO', platform: null }), 'is_archived', at(10));
    await outbox.complete(await row('fine'), at(1));
    const failed = await reads.failedDeliveries(10);
    expect(failed.map((f) => ({ kind: f.kind, platform: f.platform, channel: f.channel, lastError: f.lastError, failedAt: f.failedAt }))).toEqual([
      { kind: 'person.notify', platform: 'msteams', channel: null, lastError: 'user not found', failedAt: at(2) },
      { kind: 'card.post', platform: null, channel: 'C0TWO', lastError: 'is_archived', failedAt: at(10) },
      { kind: 'card.post', platform: 'slack', channel: 'C0ONE', lastError: 'not_in_channel', failedAt: at(20) },
    ]);
    expect(typeof failed[0]!.id).toBe('bigint');
    expect(failed[0]!.createdAt).toEqual(at(60));
    expect(await reads.failedDeliveries(1)).toHaveLength(1);
  });

  it('tells per channel the last delivery, the last failure and what waits; channels without rows are left out', async () => {
    await outbox.complete(await row('one-done-a', { channel: 'C0ONE' }), at(50));
    await outbox.complete(await row('one-done-b', { channel: 'C0ONE' }), at(40));
    await outbox.fail(await row('one-failed-a', { channel: 'C0ONE' }), 'first failure', at(45));
    await outbox.fail(await row('one-failed-b', { channel: 'C0ONE' }), 'second failure', at(30));
    await row('one-pending', { channel: 'C0ONE' });
    await row('two-pending-a', { channel: 'C0TWO' });
    await row('two-pending-b', { channel: 'C0TWO' });
    await outbox.complete(await row('elsewhere', { channel: 'C0ELSE' }), at(1));
    expect(await reads.channelDeliveries(['C0ONE', 'C0TWO', 'C0NONE'])).toEqual([
      { channel: 'C0ONE', lastDoneAt: at(40), lastFailedAt: at(30), lastError: 'second failure', pending: 1 },
      { channel: 'C0TWO', lastDoneAt: null, lastFailedAt: null, lastError: null, pending: 2 },
    ]);
    expect(await reads.channelDeliveries([])).toEqual([]);
  });

  it('says which conversation references are stored, for that platform only', async () => {
    const conversations = new PrismaConversationStore(database.db.prisma);
    await conversations.save('msteams', 'channel:19:known@thread.tacv2', { serviceUrl: 'https://smba.example/' }, NOW);
    await conversations.save('other', 'channel:19:elsewhere@thread.tacv2', { serviceUrl: 'https://smba.example/' }, NOW);
    const found = await reads.storedConversations('msteams', ['channel:19:known@thread.tacv2', 'channel:19:unknown@thread.tacv2', 'channel:19:elsewhere@thread.tacv2']);
    expect(found).toEqual(['channel:19:known@thread.tacv2']);
    expect(await reads.storedConversations('msteams', [])).toEqual([]);
  });

  it('puts one failed row back in line from its first attempt, and leaves rows that did not fail alone', async () => {
    const failedId = await row('to-retry');
    const otherFailed = await row('stays-failed');
    const done = await row('done');
    for (const id of [failedId, otherFailed]) {
      await database.db.prisma.outbox.update({ where: { id }, data: { attempts: 5 } });
      await outbox.fail(id, 'not_in_channel', at(10));
    }
    await outbox.complete(done, at(5));

    expect(await reads.retryFailed({ id: failedId }, NOW)).toBe(1);
    const retried = await database.db.prisma.outbox.findUniqueOrThrow({ where: { id: failedId } });
    expect(retried).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: NOW, lockedUntil: null, doneAt: null });
    expect((await database.db.prisma.outbox.findUniqueOrThrow({ where: { id: otherFailed } })).status).toBe('failed');

    expect(await reads.retryFailed({ id: failedId }, NOW)).toBe(0);
    expect(await reads.retryFailed({ id: done }, NOW)).toBe(0);
    expect((await database.db.prisma.outbox.findUniqueOrThrow({ where: { id: done } })).status).toBe('done');
  });

  it('puts every failed row back in line at once', async () => {
    for (const key of ['a', 'b', 'c']) await outbox.fail(await row(key), 'channel_not_found', at(10));
    await row('waiting');
    expect(await reads.retryFailed('all', NOW)).toBe(3);
    expect(await reads.outboxTotals(at(24 * 60))).toMatchObject({ pending: 4, failed: 0 });
    expect(await reads.retryFailed('all', NOW)).toBe(0);
  });
});
