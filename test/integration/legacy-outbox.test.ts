import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { CHANNELS, USERS, blocksText, cardMessage, genericComment, postComment, startTestDesk } from '../support/desk-harness.ts';
import { type SlackStandIn, dmChannelIdFor, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** Rows the previous version wrote, before every row named its platform: they still go out after an upgrade. */
describe.each(backends())('outbox rows without a platform on %s', (backend) => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    database = await createTestDatabase(backend);
    desk = await startTestDesk({ standIn, db: database.db });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  it('delivers a card refresh and a direct message queued by the previous version', async () => {
    const commentId = (await postComment(desk, genericComment({ text: 'Vor dem Update' }))).json.commentId as string;
    await standIn.waitFor(() => cardMessage(standIn, CHANNELS.community, commentId), 5000, 'the card');
    const card = await database.db.prisma.chatCard.findFirstOrThrow({ where: { commentId } });
    await database.db.prisma.comment.update({ where: { id: commentId }, data: { text: 'Nach dem Update', version: 2 } });
    await database.db.prisma.outbox.createMany({
      data: [
        {
          dedupeKey: `card.update:${card.id}:v2`,
          kind: 'card.update',
          payload: { kind: 'card.update', commentId, cardId: card.id, version: 2 },
          channel: card.channel,
        },
        { dedupeKey: 'notify:legacy', kind: 'person.notify', payload: { kind: 'person.notify', memberId: 'anna', notice: { text: 'Von früher' } } },
      ],
    });
    desk.delivery!.wake();
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('Nach dem Update'), 5000, 'the refreshed card');
    await standIn.waitFor(() => standIn.messages(dmChannelIdFor(USERS.anna)).some((m) => m.text === 'Von früher'), 5000, 'the direct message');
    // Marked done once sent (a moment after the call), none failed.
    await standIn.waitFor(async () => (await database.db.prisma.outbox.count({ where: { status: 'pending' } })) === 0, 5000, 'rows done');
    expect(await database.db.prisma.outbox.count({ where: { status: 'failed' } })).toBe(0);
  });
});
