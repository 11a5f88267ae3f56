import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { SUGGESTED_ROUTE_ACTION } from '../../src/chat/slack/action-ids.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { blockActionsBody, makeBlockActionsPayload, postToSlackEndpoint } from '../support/slack-signing.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { CHANNELS, SIGNING_SECRET, USERS, cardMessage, genericComment, postComment, startTestDesk } from '../support/desk-harness.ts';

/** The card's "Route to <team>" button (AI triage's suggestion) goes through the card listener as the route choice would. */
describe.each(backends())('suggested route button on %s', (backend) => {
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

  it('routes the comment to the team in the button value, like the route choice', async () => {
    const res = await postComment(desk, genericComment());
    expect(res.status).toBe(201);
    const commentId = res.json.commentId as string;
    const message = await standIn.waitFor(() => cardMessage(standIn, CHANNELS.community, commentId), 5000, 'card in community');
    const payload = makeBlockActionsPayload({
      userId: USERS.deniz,
      channelId: CHANNELS.community,
      messageTs: message.ts,
      actionId: SUGGESTED_ROUTE_ACTION,
      value: JSON.stringify({ c: commentId, v: 1, r: 'team:legal' }),
    });
    const click = await postToSlackEndpoint(`${desk.url}/slack/events`, blockActionsBody(payload), SIGNING_SECRET);
    expect(click.status).toBe(200);
    await standIn.waitFor(() => cardMessage(standIn, CHANNELS.legal, commentId), 5000, 'card in legal');
    const comment = await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect(comment).toMatchObject({ teamId: 'legal', routedFrom: 'community', routedById: 'deniz' });
  });
});
