import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { TeamsVerb } from '../../src/chat/teams/verbs.ts';
import { genericComment, postComment } from '../support/desk-harness.ts';
import type { SlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { TEAMS_DEFAULTS, type TeamsConnector, type TeamsMember, startTeamsConnector } from '../support/teams-connector.ts';
import { TEAMS_CHANNEL, cardInvoke, cardText, installInTeam, startTeamsDesk, teamsDeskConfig } from '../support/teams-desk.ts';

/** In the team, listed nowhere in the desk configuration. */
const MIRA: TeamsMember = {
  id: '29:1StandInMiraW3xQ7rT1yU5iO9pA2sD6fG0hJ4kL8zX3cV7bN1mQ5wE9rT2y',
  name: 'Mira Wolf',
  aadObjectId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  userRole: 'user',
};

describe.each(backends())('members: channel in Microsoft Teams on %s', (backend) => {
  let connector: TeamsConnector;
  let database: TestDatabase;
  let desk: Desk;
  let slack: SlackStandIn;

  async function start(members: 'channel' | 'listed') {
    const config = teamsDeskConfig((c) => {
      c.teams = c.teams.map((t) => (t.id === 'community' ? { ...t, members } : t));
    });
    ({ desk, slack } = await startTeamsDesk({ connector, db: database.db, deskConfig: config, slack }));
    await installInTeam(connector, desk);
  }

  beforeAll(async () => {
    connector = await startTeamsConnector({
      teams: [{ ...TEAMS_DEFAULTS.team, channels: [TEAMS_DEFAULTS.channel], members: [...TEAMS_DEFAULTS.users, MIRA] }],
    });
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await connector?.close();
    await slack?.close();
  });

  async function newCard(text: string) {
    const res = await postComment(desk, genericComment({ text }));
    const commentId = res.json.commentId as string;
    const posted = await connector.waitFor(() => connector.activities(TEAMS_CHANNEL).find((a) => JSON.stringify(a.original).includes(commentId)), { description: 'Teams card' });
    return { commentId, messageId: posted.id };
  }

  it('lets an unlisted person who clicks in the team’s Teams channel claim, recorded with the name and language Teams sent', async () => {
    await start('channel');
    const { commentId, messageId } = await newCard('Habt ihr das auch in Blau?');
    const res = await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.claim, commentId, messageId, user: MIRA }));
    expect(res.status).toBe(200);
    expect(cardText((res.body as { value: unknown }).value)).toContain('Mira Wolf');
    const id = `msteams-${MIRA.aadObjectId}`;
    expect(await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).toMatchObject({ status: 'claimed', holderId: id });
    const member = await desk.db.prisma.member.findUniqueOrThrow({ where: { id }, include: { identities: true } });
    expect(member).toMatchObject({ name: 'Mira Wolf', origin: 'channel', roles: ['agent'], teamIds: ['community'] });
    expect(member.identities).toEqual([{ platform: 'msteams', externalId: MIRA.aadObjectId, memberId: id }]);
    const events = await desk.db.prisma.event.findMany({ where: { commentId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.actorId])).toEqual([
      ['received', null],
      ['claimed', id],
    ]);
    await desk.stop();
  });

  it('refuses the same person once the team lists its members again, as before', async () => {
    await start('listed');
    const { commentId, messageId } = await newCard('Und in Rot?');
    const res = await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.claim, commentId, messageId, user: MIRA }));
    expect(res.status).toBe(200);
    expect(await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).toMatchObject({ status: 'open', holderId: null });
  });
});
