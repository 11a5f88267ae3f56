import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatGateway } from '../../../src/chat/port.ts';
import { buildDirectory } from '../../../src/desk-config/build-directory.ts';
import type { CardView } from '../../../src/domain/card-view.ts';
import { cardHandlers } from '../../../src/jobs/outbox-handlers/card.ts';
import { chatGateways } from '../../../src/jobs/outbox-handlers/chat-gateways.ts';
import { PrismaDeskStore } from '../../../src/store/prisma-desk-store.ts';
import { PrismaOutboxStore } from '../../../src/store/prisma-outbox-store.ts';
import { syncDirectory } from '../../../src/store/sync-directory.ts';
import { testDeskConfig } from '../../support/desk-harness.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { newCommentPlan } from '../../support/records.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

/** A chat gateway that records the cards it was asked to post and update, with the state they showed. */
function recordingGateway() {
  const calls: string[] = [];
  const gateway = {
    platform: 'slack',
    async postCard(channel: string, view: CardView) {
      calls.push(`post ${channel} ${view.status} v${view.version}`);
      return { messageId: '1765098000.000100' };
    },
    async updateCard(channel: string, messageId: string, view: CardView) {
      calls.push(`update ${channel} ${messageId} ${view.status} v${view.version}`);
    },
    async findCard() {
      return null;
    },
  } as unknown as ChatGateway;
  return { gateway, calls };
}

describe.each(backends())('card delivery on %s', (backend) => {
  let database: TestDatabase;
  const clock = new FakeClock('2026-12-07T09:00:00Z');
  const directory = buildDirectory(testDeskConfig());

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await syncDirectory(database.db.prisma, directory);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('completes an update of a card whose post is still waiting without a call (the post shows it), and waits while the post is being sent', async () => {
    const store = new PrismaDeskStore(database.db.prisma);
    const outbox = new PrismaOutboxStore(database.db.prisma, { legacyPlatform: 'slack' });
    const { gateway, calls } = recordingGateway();
    const handlers = cardHandlers({ outbox, store, directory, gateways: chatGateways([gateway]), clock });
    const { commentId } = await store.insertComment({ source: 'facebook', externalId: 'card-h-1', text: 'Wo ist mein Paket?', authorName: 'Max', createdAt: clock.now() }, newCommentPlan(), clock.now());
    expect(await store.claimIfOpen({ commentId, memberId: 'deniz', now: clock.now() })).toEqual({ outcome: 'claimed' });
    const rows = await outbox.claimDue(clock.now(), 10, 30_000, { busyChannels: [], postsPerChannel: null });
    const post = rows.find((r) => r.intent.kind === 'card.post')!;
    const update = rows.find((r) => r.intent.kind === 'card.update')!;
    // Both are held (one claim round): the post counts as being sent, so the update waits for it.
    expect(await handlers['card.update']!(update)).toBe('later');
    expect(calls).toEqual([]);
    expect(await handlers['card.post']!(post)).toBe('recorded');
    expect(calls).toEqual(['post C0COMMUNITY claimed v2']);

    // A second comment whose post is waiting (nobody holds it): its update is done at once, and the post shows the claim.
    const second = await store.insertComment({ source: 'facebook', externalId: 'card-h-2', text: 'Und meins?', authorName: 'Eva', createdAt: clock.now() }, newCommentPlan(), clock.now());
    expect(await store.claimIfOpen({ commentId: second.commentId, memberId: 'deniz', now: clock.now() })).toEqual({ outcome: 'claimed' });
    const pending = await database.db.prisma.outbox.findMany({ where: { status: 'pending', payload: { path: ['commentId'], equals: second.commentId } }, orderBy: { id: 'asc' } });
    expect(pending.map((r) => r.kind)).toEqual(['card.post', 'card.update']);
    // Hand out only the update (as a round does when the channel's post slot is taken).
    const [onlyUpdate] = await outbox.claimDue(clock.now(), 10, 30_000, { busyChannels: ['C0COMMUNITY'], postsPerChannel: 1 });
    expect(onlyUpdate?.intent.kind).toBe('card.update');
    expect(await handlers['card.update']!(onlyUpdate!)).toBe('sent');
    expect(calls).toHaveLength(1);
    const [secondPost] = await outbox.claimDue(clock.now(), 10, 30_000, { busyChannels: [], postsPerChannel: 1 });
    expect(await handlers['card.post']!(secondPost!)).toBe('recorded');
    expect(calls.at(-1)).toBe('post C0COMMUNITY claimed v2');
  });
});
