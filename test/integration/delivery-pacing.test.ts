import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { waitForOutboxDrained } from '../support/wait-for-outbox-drained.ts';
import { CHANNELS, cardMessage, genericComment, postComment, startTestDesk } from '../support/desk-harness.ts';

const INTERVAL_MS = 250;

describe('posting pace per channel (PGlite)', () => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;

  beforeAll(async () => {
    standIn = await startSlackStandIn({ maxPostsPerChannelPerSecond: Math.floor(1000 / INTERVAL_MS) + 1 } /* both ends of a closed 1 s window */);
    database = await createTestDatabase('pglite');
    desk = await startTestDesk({ standIn, db: database.db, env: { SLACK_CHANNEL_POST_INTERVAL_MS: String(INTERVAL_MS) } });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  it('spaces the cards of a burst into one channel, while other channels are not held up', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await postComment(desk, genericComment({ text: `Burst ${i}` }))).json.commentId as string);
    const other = (await postComment(desk, genericComment({ text: 'Where is my order?' }))).json.commentId as string;
    await standIn.waitFor(() => ids.every((id) => cardMessage(standIn, CHANNELS.community, id)), 15_000, 'burst delivered');
    await waitForOutboxDrained(database.db);
    const posts = standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNELS.community);
    expect(posts).toHaveLength(8);
    // Arrival times jitter by the request latency; over the whole burst the pace must hold.
    expect(posts.at(-1)!.at - posts[0]!.at).toBeGreaterThanOrEqual(7 * INTERVAL_MS - 60);
    expect(standIn.rateViolations).toEqual([]);
    // The support card went out without waiting behind the whole community burst.
    const supportPost = standIn.callsTo('chat.postMessage').find((c) => c.args.channel === CHANNELS.support);
    expect(supportPost).toBeDefined();
    expect(supportPost!.at).toBeLessThan(posts.at(-1)!.at);
    expect(cardMessage(standIn, CHANNELS.support, other)).toBeDefined();
  });
});

describe.skipIf(!backends().includes('postgres'))('two instances on one PostgreSQL', () => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desks: Desk[] = [];

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    database = await createTestDatabase('postgres');
    desks = [await startTestDesk({ standIn, db: database.db }), await startTestDesk({ standIn, db: await database.reopen() })];
  });
  afterAll(async () => {
    for (const d of desks) await d.stop();
    await database?.drop();
    await standIn?.close();
  });

  it('share the outbox: every card is posted exactly once, by one of them', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await postComment(desks[i % 2]!, genericComment({ text: `Instanz ${i}` }))).json.commentId as string);
    await standIn.waitFor(() => ids.every((id) => cardMessage(standIn, CHANNELS.community, id)), 15_000, 'all cards');
    await waitForOutboxDrained(database.db);
    const perComment = ids.map(
      (id) => standIn.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.args.metadata ?? {}).includes(id)).length,
    );
    expect(perComment.every((n) => n === 1)).toBe(true);
  });
});
