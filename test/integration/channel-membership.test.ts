import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import type { DeskConfig } from '../../src/desk-config/desk-config-schema.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { CHANNELS, USERS, blocksText, cardMessage, clickCard, genericComment, postComment, startTestDesk, testDeskConfig } from '../support/desk-harness.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { FakeClock } from '../support/fake-clock.ts';

/** In the community channel, listed nowhere. */
const NORA = 'U0NORA0001';
/** In the community channel too; first clicks while a second instance runs. */
const OLGA = 'U0OLGA0001';
/** In the legal channel, listed nowhere: legal lists its members. */
const LENA = 'U0LENA0001';

/** The harness desk, with the community team taking its people from its channel. */
function channelDeskConfig(): DeskConfig {
  const config = testDeskConfig();
  config.teams = config.teams.map((t) => (t.id === 'community' ? { ...t, members: 'channel' } : t));
  return config;
}

describe.each(backends())('members: channel over HTTP on %s', (backend) => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;
  // The desk's time: the channel lists it caches expire on it, not on the wall clock.
  const clock = new FakeClock('2026-11-26T10:00:00Z');

  beforeAll(async () => {
    standIn = await startSlackStandIn({
      users: {
        [NORA]: { name: 'nora', realName: 'Nora Neumann', displayName: 'Nora', tz: 'Europe/Berlin', locale: 'de-DE' },
        [OLGA]: { name: 'olga', displayName: 'Olga', tz: 'Europe/Berlin' },
        [LENA]: { name: 'lena', realName: 'Lena Lang', tz: 'Europe/Berlin', locale: 'en-US' },
        ...Object.fromEntries(Object.values(USERS).map((id) => [id, { name: id.toLowerCase() }])),
      },
      channels: {
        [CHANNELS.community]: { name: 'community', members: [NORA, OLGA, USERS.anna, USERS.deniz] },
        [CHANNELS.support]: { name: 'support', members: [USERS.ben] },
        [CHANNELS.legal]: { name: 'legal', members: [LENA, USERS.clara] },
      },
    });
    database = await createTestDatabase(backend);
    desk = await startTestDesk({ standIn, db: database.db, clock, deskConfig: channelDeskConfig() });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  async function newCard(text: string, channel: string) {
    const res = await postComment(desk, genericComment({ text }));
    expect(res.status).toBe(201);
    const commentId = res.json.commentId as string;
    const message = await standIn.waitFor(() => cardMessage(standIn, channel, commentId), 5000, `card for ${commentId} in ${channel}`);
    return { commentId, message };
  }

  it('lets an unlisted person in the team’s channel claim: recorded once with their Slack name, shown on the card, named in the event log', async () => {
    const { commentId, message } = await newCard('Tolles Video!', CHANNELS.community);
    const res = await clickCard(desk, { commentId, channelId: CHANNELS.community, messageTs: message.ts, userId: NORA, action: 'claim' });
    expect(res.status).toBe(200);
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('Übernommen von *Nora*'));

    expect(await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).toMatchObject({ status: 'claimed', holderId: 'slack-u0nora0001' });
    const events = await desk.db.prisma.event.findMany({ where: { commentId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.actorId])).toEqual([
      ['received', null],
      ['claimed', 'slack-u0nora0001'],
    ]);
    const member = await desk.db.prisma.member.findUniqueOrThrow({ where: { id: 'slack-u0nora0001' }, include: { identities: true } });
    expect(member).toMatchObject({ name: 'Nora', origin: 'channel', roles: ['agent'], teamIds: ['community'], locale: 'de', timeZone: 'Europe/Berlin' });
    expect(member.identities).toEqual([{ platform: 'slack', externalId: NORA, memberId: 'slack-u0nora0001' }]);
    expect(standIn.callsTo('users.info').filter((c) => c.args.user === NORA)).toHaveLength(1);

    // Her next click is answered from the directory and the channel list Slack gave a moment ago.
    const membersLookups = standIn.callsTo('conversations.members').length;
    await clickCard(desk, { commentId, channelId: CHANNELS.community, messageTs: message.ts, userId: NORA, action: 'answer' });
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('Beantwortet von *Nora*'));
    expect(standIn.callsTo('conversations.members')).toHaveLength(membersLookups);
    expect(standIn.callsTo('users.info').filter((c) => c.args.user === NORA)).toHaveLength(1);
    expect(await desk.db.prisma.member.count({ where: { origin: 'channel' } })).toBe(1);
  });

  it('refuses an unlisted person in a members: listed team’s channel as before, and records nobody', async () => {
    const { commentId, message } = await newCard('Ich schalte meinen Anwalt ein!', CHANNELS.legal);
    await clickCard(desk, { commentId, channelId: CHANNELS.legal, messageTs: message.ts, userId: LENA, action: 'claim' });
    const refusal = await standIn.waitFor(() => standIn.ephemerals(CHANNELS.legal).find((e) => e.user === LENA));
    expect(refusal.text).toMatch(/Desk-Konfiguration|desk configuration/);
    expect((await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).status).toBe('open');
    expect(await desk.db.prisma.member.findMany({ where: { origin: 'channel' }, select: { id: true } })).toEqual([{ id: 'slack-u0nora0001' }]);
    expect(standIn.callsTo('users.info').filter((c) => c.args.user === LENA)).toEqual([]);
  });

  it('knows recorded people after a restart: their name on the card, their clicks accepted', async () => {
    const { commentId, message } = await newCard('Noch ein Video bitte', CHANNELS.community);
    await desk.stop();
    desk = await startTestDesk({ standIn, db: database.db, clock, deskConfig: channelDeskConfig() });
    expect(desk.directory.member('slack-u0nora0001')).toMatchObject({ name: 'Nora', origin: 'channel' });
    await clickCard(desk, { commentId, channelId: CHANNELS.community, messageTs: message.ts, userId: NORA, action: 'claim' });
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('Übernommen von *Nora*'));
    expect(standIn.callsTo('users.info').filter((c) => c.args.user === NORA)).toHaveLength(1);
  });

  it('stops accepting a recorded person who left the channel, once the desk’s minute-old list of it expires', async () => {
    const { commentId, message } = await newCard('Wann kommt Teil 2?', CHANNELS.community);
    standIn.leaveChannel(CHANNELS.community, [NORA]);
    clock.advance(60_000);
    await clickCard(desk, { commentId, channelId: CHANNELS.community, messageTs: message.ts, userId: NORA, action: 'claim' });
    const refusal = await standIn.waitFor(() => standIn.ephemerals(CHANNELS.community).find((e) => e.user === NORA));
    expect(refusal.text).toMatch(/Desk-Konfiguration|desk configuration/);
    expect((await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).status).toBe('open');
  });

  it('a card delivered by another instance names a person recorded after that instance started', async () => {
    const other = await startTestDesk({ standIn, db: await database.reopen(), clock, deskConfig: channelDeskConfig() });
    try {
      const { commentId, message } = await newCard('Super erklärt!', CHANNELS.community);
      // Only the other instance delivers from here on; it has never seen Olga.
      await desk.delivery?.stop();
      expect(other.directory.memberByIdentity('slack', OLGA)).toBeUndefined();
      await clickCard(desk, { commentId, channelId: CHANNELS.community, messageTs: message.ts, userId: OLGA, action: 'claim' });
      await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('Übernommen von *Olga*'));
      expect(other.directory.member('slack-u0olga0001')).toMatchObject({ name: 'Olga', origin: 'channel' });
    } finally {
      await other.stop();
    }
  });
});
