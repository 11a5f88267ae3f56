import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { SUGGESTED_ROUTE_ACTION } from '../../src/chat/slack/action-ids.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { blockActionsBody, makeBlockActionsPayload, postToSlackEndpoint } from '../support/slack-signing.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { ROUTE_INPUT_ID, TeamsVerb } from '../../src/chat/teams/verbs.ts';
import { type TeamsConnector, startTeamsConnector } from '../support/teams-connector.ts';
import { TEAMS_CHANNEL, cardInvoke, installInTeam, startTeamsDesk } from '../support/teams-desk.ts';
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

/** On Teams: the suggested team's Action.Execute sends the route verb with the choice already in its data. */
describe.each(backends())('suggested route button on Teams on %s', (backend) => {
  let connector: TeamsConnector;
  let database: TestDatabase;
  let desk: Desk;
  let slack: SlackStandIn;

  beforeAll(async () => {
    connector = await startTeamsConnector();
    database = await createTestDatabase(backend);
    ({ desk, slack } = await startTeamsDesk({ connector, db: database.db }));
    await installInTeam(connector, desk);
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await connector?.close();
    await slack?.close();
  });

  it('routes the comment to the team in the button data', async () => {
    const res = await postComment(desk, genericComment());
    expect(res.status).toBe(201);
    const commentId = res.json.commentId as string;
    const posted = await connector.waitFor(() => connector.activities(TEAMS_CHANNEL).find((a) => JSON.stringify(a.original).includes(commentId)), { description: 'Teams card' });
    const click = cardInvoke(connector, { verb: TeamsVerb.route, commentId, messageId: posted.id, data: { c: commentId, [ROUTE_INPUT_ID]: 'team:legal' } });
    expect((await connector.send(desk.url, click)).status).toBe(200);
    const comment = await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect(comment).toMatchObject({ teamId: 'legal', routedFrom: 'community' });
  });
});
