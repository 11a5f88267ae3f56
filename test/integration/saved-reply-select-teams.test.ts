import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { SAVED_REPLY_INPUT_ID, TeamsVerb } from '../../src/chat/teams/verbs.ts';
import type { DeskConfig } from '../../src/desk-config/desk-config-schema.ts';
import { genericComment, postComment } from '../support/desk-harness.ts';
import type { SlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { type TeamsConnector, startTeamsConnector } from '../support/teams-connector.ts';
import { TEAMS_CHANNEL, TEAMS_PEOPLE, cardInvoke, cardOf, cardText, installInTeam, startTeamsDesk, teamsDeskConfig } from '../support/teams-desk.ts';

const SAVED_REPLIES = [
  { id: 'thanks', title: 'Dank für Lob', language: 'de', address: 'sie', text: 'Hallo {author}, vielen Dank für Ihr Lob! {agent}' },
  { id: 'order', title: 'Wo ist meine Bestellung?', language: 'de', address: 'sie', text: 'Hallo {author}, schreiben Sie uns bitte Ihre Bestellnummer. {agent}' },
] as unknown as DeskConfig['savedReplies'];

/** Saved replies without AI in Teams: the choice on the card, Use saved reply answers with the draft card for the clicker. */
describe.each(backends())('saved-reply choice in Microsoft Teams on %s', (backend) => {
  let connector: TeamsConnector;
  let database: TestDatabase;
  let desk: Desk;
  let slack: SlackStandIn;

  beforeAll(async () => {
    connector = await startTeamsConnector();
    database = await createTestDatabase(backend);
    ({ desk, slack } = await startTeamsDesk({ connector, db: database.db, deskConfig: teamsDeskConfig((c) => void (c.savedReplies = SAVED_REPLIES)) }));
    await installInTeam(connector, desk);
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await connector?.close();
    await slack?.close();
  });

  it('offers the saved replies on the card and answers Use saved reply with the filled-in reply', async () => {
    const res = await postComment(desk, genericComment());
    const commentId = res.json.commentId as string;
    const posted = await connector.waitFor(() => connector.activities(TEAMS_CHANNEL).find((a) => JSON.stringify(a.original).includes(commentId)), { description: `Teams card of ${commentId}` });
    const card = JSON.stringify(cardOf(posted.original as never));
    expect(card).toContain(`"id":"${SAVED_REPLY_INPUT_ID}"`);
    expect(card).toContain(`"verb":"${TeamsVerb.saved}"`);
    expect(card).toContain('"title":"Wo ist meine Bestellung?","value":"order"');

    const answer = await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.saved, commentId, messageId: posted.id, user: TEAMS_PEOPLE.deniz, data: { c: commentId, [SAVED_REPLY_INPUT_ID]: 'order' } }));
    expect(answer.status).toBe(200);
    const body = answer.body as { statusCode: number; type: string; value: unknown };
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(body.value)).toContain('Hallo Max Mustermann, schreiben Sie uns bitte Ihre Bestellnummer. Deniz');
    expect(JSON.stringify(body.value)).toContain(`"verb":"${TeamsVerb.draftBack}"`);
    expect(await desk.db.prisma.commentDraft.findMany({ where: { commentId } })).toEqual([expect.objectContaining({ origin: 'saved', savedReplyId: 'order', memberId: 'deniz' })]);
  });

  it('asks for a choice when none was made, storing nothing', async () => {
    const res = await postComment(desk, genericComment());
    const commentId = res.json.commentId as string;
    const posted = await connector.waitFor(() => connector.activities(TEAMS_CHANNEL).find((a) => JSON.stringify(a.original).includes(commentId)), { description: `Teams card of ${commentId}` });
    const answer = await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.saved, commentId, messageId: posted.id, data: { c: commentId, [SAVED_REPLY_INPUT_ID]: '' } }));
    expect(answer.body).toMatchObject({ statusCode: 400, value: { message: 'choose a saved reply first' } });
    expect(await desk.db.prisma.commentDraft.count({ where: { commentId } })).toBe(0);
  });
});
