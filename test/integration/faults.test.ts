import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { waitForOutboxDrained } from '../support/wait-for-outbox-drained.ts';
import {
  BOT_TOKEN,
  CHANNELS,
  USERS,
  blocksText,
  cardMessage,
  clickCard,
  genericComment,
  postComment,
  postMeta,
  startTestDesk,
  testDeskConfig,
} from '../support/desk-harness.ts';

/** The test desk plus 20 agents in the community team, for the claim race. */
function raceConfig() {
  const base = testDeskConfig();
  const extra = Array.from({ length: 20 }, (_, i) => ({
    id: `agent${i}`,
    name: `Agent ${i}`,
    slackUserId: `U0RACE${String(i).padStart(4, '0')}`,
    roles: ['agent'],
    teams: ['community'],
  }));
  return deskConfigSchema.parse({ ...base, members: [...base.members, ...extra] });
}

function cardPostsFor(standIn: SlackStandIn, commentId: string) {
  return standIn.callsTo('chat.postMessage').filter((c) => {
    const meta = c.args.metadata as { event_payload?: { comment_id?: string } } | undefined;
    return meta?.event_payload?.comment_id === commentId;
  });
}

describe.each(backends())('faults on %s', (backend) => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;

  beforeAll(async () => {
    // Message ts in real time, as Slack's are (the desk searches history from the first attempt on).
    standIn = await startSlackStandIn({ firstTsSeconds: Math.floor(Date.now() / 1000) });
    database = await createTestDatabase(backend);
    desk = await startTestDesk({ standIn, db: database.db, deskConfig: raceConfig() });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  async function counts() {
    const p = desk.db.prisma;
    return { comments: await p.comment.count(), events: await p.event.count(), outbox: await p.outbox.count(), cards: await p.chatCard.count() };
  }

  it('delivers every card exactly once while Slack answers 500 and 429 for a while', async () => {
    // Counted, not timed: on a slow machine the first post may come after any time window has passed.
    standIn.failNext(4, { status: 500 }, 'chat.postMessage');
    standIn.failNext(3, { status: 429, retryAfterSeconds: 1 }, 'chat.postMessage');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await postComment(desk, genericComment({ text: `Kommentar ${i}` }));
      expect(res.status).toBe(201);
      ids.push(res.json.commentId as string);
    }
    await standIn.waitFor(() => ids.every((id) => cardMessage(standIn, CHANNELS.community, id)), 20_000, 'all ten cards');
    // Every queued call made and answered: a duplicate, if any, has been posted by now.
    await waitForOutboxDrained(desk.db);
    for (const id of ids) expect(cardPostsFor(standIn, id)).toHaveLength(1);
    const failed = standIn.attempts.filter((a) => a.method === 'chat.postMessage' && !a.ok);
    expect(failed.some((a) => a.status === 500)).toBe(true);
    expect(failed.some((a) => a.status === 429)).toBe(true);
    // After a 429 with Retry-After: 1, the next post waited at least that long.
    const first429 = failed.find((a) => a.status === 429)!;
    const nextOk = standIn.attempts.find((a) => a.method === 'chat.postMessage' && a.ok && a.at > first429.at);
    expect(nextOk!.at - first429.at).toBeGreaterThanOrEqual(900);
  });

  it('lets exactly one of 20 simultaneous claimers win; the others are told who holds it', async () => {
    const res = await postComment(desk, genericComment());
    const commentId = res.json.commentId as string;
    const message = await standIn.waitFor(() => cardMessage(standIn, CHANNELS.community, commentId));
    const users = Array.from({ length: 20 }, (_, i) => `U0RACE${String(i).padStart(4, '0')}`);
    const results = await Promise.all(
      users.map((userId) => clickCard(desk, { userId, commentId, channelId: CHANNELS.community, messageTs: message.ts, action: 'claim' })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const claims = await desk.db.prisma.event.findMany({ where: { commentId, type: 'claimed' } });
    expect(claims).toHaveLength(1);
    const comment = await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect(comment.holderId).toBe(claims[0]!.actorId);
    const winnerName = `Agent ${comment.holderId!.replace('agent', '')}`;
    const losers = users.filter((u) => u !== `U0RACE${comment.holderId!.replace('agent', '').padStart(4, '0')}`);
    const notes = await standIn.waitFor(() => {
      const got = standIn.ephemerals(CHANNELS.community).filter((e) => losers.includes(e.user));
      return got.length === 19 ? got : null;
    }, 10_000, '19 refusals');
    for (const note of notes) expect(note.text).toContain(winnerName);
  });

  it('stores a webhook delivered three times (at once) as one comment with one card', async () => {
    const body = genericComment();
    const before = await counts();
    const results = await Promise.all([postComment(desk, body), postComment(desk, body), postComment(desk, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const ids = new Set(results.map((r) => r.json.commentId));
    expect(ids.size).toBe(1);
    const commentId = [...ids][0] as string;
    await standIn.waitFor(() => cardMessage(standIn, CHANNELS.community, commentId));
    await waitForOutboxDrained(desk.db);
    expect(cardPostsFor(standIn, commentId)).toHaveLength(1);
    const after = await counts();
    expect(after.comments - before.comments).toBe(1);
    expect(after.cards - before.cards).toBe(1);
  });

  it('rejects forged signatures and malformed bodies with 4xx and stores nothing', async () => {
    const before = await counts();
    const body = genericComment();
    expect((await postComment(desk, body, 'sha256=' + '0'.repeat(64))).status).toBe(401);
    expect((await postComment(desk, body, '')).status).toBe(401);
    const notJson = await postComment(desk, '{"source": "youtube",');
    expect(notJson.status).toBe(400);
    expect(String(notJson.json.error)).toMatch(/JSON/);
    const missing = await postComment(desk, { ...body, author: {} });
    expect(missing.status).toBe(400);
    expect(String(missing.json.error)).toContain('author.name');
    const badDate = await postComment(desk, { ...body, createdAt: 'yesterday' });
    expect(badDate.status).toBe(400);
    expect(String(badDate.json.error)).toContain('createdAt');
    expect((await postMeta(desk, { object: 'page', entry: [] }, 'sha256=' + 'f'.repeat(64))).status).toBe(401);
    const badMeta = await postMeta(desk, { object: 'page' });
    expect(badMeta.status).toBe(400);
    expect(String(badMeta.json.error)).toContain('entry');

    // A Slack click with a forged signature is refused before it reaches the desk.
    const res = await postComment(desk, genericComment());
    const commentId = res.json.commentId as string;
    const message = await standIn.waitFor(() => cardMessage(standIn, CHANNELS.community, commentId));
    const afterGood = await counts();
    const forged = await clickCard(
      desk,
      { userId: USERS.deniz, commentId, channelId: CHANNELS.community, messageTs: message.ts, action: 'claim' },
      { signature: 'v0=' + 'a'.repeat(64) },
    );
    expect(forged.status).toBe(401);
    expect((await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).status).toBe('open');
    expect(afterGood.comments - before.comments).toBe(1);
    expect(await counts()).toEqual(afterGood);
  });

  it('does not post a card twice when Slack posted it but the answer was lost', async () => {
    standIn.failNext(1, { status: 500, applied: true }, 'chat.postMessage');
    standIn.failNext(1, { status: 'reset', applied: true }, 'chat.postMessage');
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await postComment(desk, genericComment({ text: `Antwort verloren ${i}` }))).json.commentId as string);
    await standIn.waitFor(() => ids.every((id) => cardMessage(standIn, CHANNELS.community, id)), 10_000, 'cards');
    await standIn.waitFor(() => standIn.callsTo('conversations.history').length >= 2, 10_000, 'the desk looked before posting again');
    await waitForOutboxDrained(desk.db);
    for (const id of ids) expect(cardPostsFor(standIn, id)).toHaveLength(1);
    const cards = await desk.db.prisma.chatCard.findMany({ where: { commentId: { in: ids } } });
    for (const card of cards) expect(card.messageId).toBe(cardMessage(standIn, CHANNELS.community, card.commentId)!.ts);
  });

  it('finds the card a crashed attempt already posted instead of posting it again', async () => {
    const delivery = desk.delivery!;
    await delivery.stop();
    const commentId = (await postComment(desk, genericComment({ text: 'Absturz mitten im Posten' }))).json.commentId as string;
    const card = await desk.db.prisma.chatCard.findFirstOrThrow({ where: { commentId } });
    // What a crash between Slack's "ok" and our bookkeeping leaves behind: the row handed out once,
    // its lock expired, and the card already in the channel.
    await desk.db.prisma.outbox.updateMany({
      where: { kind: 'card.post', payload: { path: ['cardId'], equals: card.id } },
      data: { attempts: 1, lockedUntil: new Date(Date.now() - 1000) },
    });
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: standIn.url, retryConfig: { retries: 0 } });
    const crashed = await client.chat.postMessage({
      channel: CHANNELS.community,
      text: 'card from the crashed attempt',
      metadata: { event_type: 'community_desk_card', event_payload: { comment_id: commentId } },
    });
    delivery.start();
    await standIn.waitFor(async () => (await desk.db.prisma.chatCard.findUniqueOrThrow({ where: { id: card.id } })).messageId === crashed.ts);
    expect(cardPostsFor(standIn, commentId)).toHaveLength(1);
    // …and brought up to date, since it showed the state of the first attempt.
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('Absturz mitten im Posten'));
  });

  it('delivers what was still in the outbox after a restart, once', async () => {
    standIn.failFor(60_000, { status: 503 }, 'chat.postMessage');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await postComment(desk, genericComment({ text: `vor dem Neustart ${i}` }))).json.commentId as string);
    await standIn.waitFor(() => standIn.attempts.filter((a) => a.status === 503).length >= 3, 5000, 'failed attempts');
    await desk.stop();
    const pending = await database.db.prisma.outbox.count({ where: { status: 'pending', kind: 'card.post' } });
    expect(pending).toBeGreaterThanOrEqual(3);

    standIn.clearFaults();
    desk = await startTestDesk({ standIn, db: await database.reopen(), deskConfig: raceConfig() });
    await standIn.waitFor(() => ids.every((id) => cardMessage(standIn, CHANNELS.community, id)), 15_000, 'cards after restart');
    await waitForOutboxDrained(desk.db);
    for (const id of ids) expect(cardPostsFor(standIn, id)).toHaveLength(1);
  });
});
