import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import { textsFor } from '../../src/domain/i18n.ts';
import { mrkdwn } from '../../src/chat/slack/mrkdwn.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { CHANNELS, blocksText, cardMessage, clickCard, genericComment, postComment, startTestDesk, testDeskConfig } from '../support/desk-harness.ts';

const CLAIMERS = 50;
const slackId = (i: number) => `U0STORM${String(i).padStart(4, '0')}`;

/** The test desk plus 50 agents of the community team (German), one of them in English. */
function stormConfig() {
  const base = testDeskConfig();
  const extra = Array.from({ length: CLAIMERS }, (_, i) => ({
    id: `storm${i}`,
    name: `Storm Agent ${i}`,
    slackUserId: slackId(i),
    roles: ['agent'],
    teams: ['community'],
    ...(i === 7 ? { locale: 'en' } : {}),
  }));
  return deskConfigSchema.parse({ ...base, members: [...base.members, ...extra] });
}

/**
 * The storm: everyone clicks Claim on the same card at once. One wins; every other click is
 * acknowledged and answered privately, once, naming the winner in the clicker's language.
 */
describe.each(backends())('fifty claims on one card on %s', (backend) => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    database = await createTestDatabase(backend);
    desk = await startTestDesk({ standIn, db: database.db, deskConfig: stormConfig() });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  /** Nothing left to deliver: every answer that will ever be sent has been sent. */
  const drained = () => standIn.waitFor(async () => (await desk.db.prisma.outbox.count({ where: { status: 'pending' } })) === 0, 30_000, 'outbox drained');

  it('has one winner and tells each of the 49 others, once, who holds the comment', async () => {
    const res = await postComment(desk, genericComment({ text: 'Wann kommt das nächste Video?' }));
    const commentId = res.json.commentId as string;
    const card = await standIn.waitFor(() => cardMessage(standIn, CHANNELS.community, commentId));
    const click = (i: number) =>
      clickCard(desk, { userId: slackId(i), commentId, channelId: CHANNELS.community, messageTs: card.ts, action: 'claim', actionTs: `1764151200.${String(i).padStart(6, '0')}` });

    const results = await Promise.all(Array.from({ length: CLAIMERS }, (_, i) => click(i)));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));

    const claims = await desk.db.prisma.event.findMany({ where: { commentId, type: 'claimed' } });
    expect(claims).toHaveLength(1);
    const comment = await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect(comment.status).toBe('claimed');
    expect(comment.holderId).toBe(claims[0]!.actorId);
    const winner = Number(comment.holderId!.replace('storm', ''));
    const winnerName = `Storm Agent ${winner}`;

    await drained();
    const notes = standIn.ephemerals(CHANNELS.community);
    const losers = Array.from({ length: CLAIMERS }, (_, i) => i).filter((i) => i !== winner);
    expect(notes.map((n) => n.user).sort()).toEqual(losers.map(slackId).sort());
    for (const note of notes) {
      const locale = note.user === slackId(7) ? 'en' : 'de';
      expect(note.text).toBe(mrkdwn(textsFor(locale).heldBy(winnerName)));
    }
    // The card shows the winner.
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes(winnerName), 10_000, 'card names the winner');

    // Slack retries a loser's click (same action_ts): acknowledged again, answered no second time.
    const loser = losers[0]!;
    expect((await click(loser)).status).toBe(200);
    await drained();
    expect(standIn.ephemerals(CHANNELS.community).filter((n) => n.user === slackId(loser))).toHaveLength(1);
    expect(await desk.db.prisma.event.count({ where: { commentId, type: 'claimed' } })).toBe(1);
  });
});
