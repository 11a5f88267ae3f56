import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { crisisDeskConfig } from '../support/crisis-config.ts';
import { CHANNELS, SIGNING_SECRET, USERS, startTestDesk } from '../support/desk-harness.ts';
import { ScaledClock } from '../support/scaled-clock.ts';
import { makeSlashCommandFields, postToSlackEndpoint, slashCommandBody } from '../support/slack-signing.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * A drill burst of 500 comments over 5 minutes, on a clock running 60 times faster than real time that
 * the desk and the Slack stand-in share: every comment arrives once and gets exactly one card, and
 * Slack's limits hold — at most one post per channel per second (chat.postMessage), and the Web API
 * tiers of the other calls (conversations.create: tier 2, 20/min; conversations.invite and chat.update:
 * tier 3, 50/min).
 */
describe.each(backends())('a drill burst of 500 comments over 5 minutes on %s', (backend) => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;
  const clock = new ScaledClock(new Date('2026-11-27T09:00:00Z'), 60);

  beforeAll(async () => {
    standIn = await startSlackStandIn({
      now: () => clock.now().getTime(),
      maxPostsPerChannelPerSecond: 1,
      methodRateLimits: { 'conversations.create': 20, 'conversations.invite': 50, 'chat.update': 50 },
    });
    database = await createTestDatabase(backend);
    desk = await startTestDesk({
      standIn,
      db: database.db,
      clock,
      deskConfig: crisisDeskConfig({ count: 500, over: '5m' }),
      // Slack's pace: one post per channel per second (of desk time).
      env: { SLACK_CHANNEL_POST_INTERVAL_MS: '1000' },
      // Sleeps are real time: a short poll keeps the 60× clock from idling whole desk seconds between posts.
      delivery: { pollMs: 5 },
    });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  it('delivers every comment once, as one card each, within the rate limits', async () => {
    const body = slashCommandBody(makeSlashCommandFields({ command: '/crisis', text: 'drill recall', userId: USERS.anna, channelId: CHANNELS.community }));
    expect((await postToSlackEndpoint(`${desk.url}/slack/events`, body, SIGNING_SECRET)).status).toBe(200);
    const crisis = await database.db.prisma.crisis.findFirstOrThrow({ where: { status: 'active' } });

    // The crisis clock every 10 s of desk time, as scheduled, until the burst is in.
    while ((await database.db.prisma.crisis.findUniqueOrThrow({ where: { id: crisis.id } })).burstInjected < 500) {
      const outcome = await desk.jobs.runNow('crisis-clock');
      expect(outcome.ran).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, clock.real(10_000)));
    }
    const comments = await database.db.prisma.comment.findMany({ where: { crisisId: crisis.id }, select: { id: true, teamId: true } });
    expect(comments).toHaveLength(500);

    // Every card posted, once: the outbox drains at Slack's pace (a channel takes a post a second).
    await standIn.waitFor(
      async () => (await database.db.prisma.chatCard.count({ where: { comment: { crisisId: crisis.id }, messageId: { not: null } } })) === 500,
      // Generous: this is about once-each and Slack's pace, not speed (a loaded machine delivers slower).
      150_000,
      'all 500 drill cards posted',
    );
    const posted = standIn.callsTo('chat.postMessage').map((c) => (c.args.metadata as { event_payload?: { comment_id?: string } } | undefined)?.event_payload?.comment_id);
    const cardPosts = posted.filter((id): id is string => Boolean(id));
    expect(cardPosts).toHaveLength(500);
    expect(new Set(cardPosts).size).toBe(500);
    expect(await database.db.prisma.outbox.count({ where: { status: 'failed' } })).toBe(0);

    expect(standIn.rateViolations).toEqual([]);
    expect(standIn.methodRateViolations).toEqual([]);
    // The pace is the limit: the busiest channel's posts took at least one second of desk time each.
    const perTeam = new Map<string, number>();
    for (const c of comments) perTeam.set(c.teamId, (perTeam.get(c.teamId) ?? 0) + 1);
    expect(Math.max(...perTeam.values())).toBeGreaterThan(100);
  }, 240_000);
});
