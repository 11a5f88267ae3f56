import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SocketModeClient } from '@slack/socket-mode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { makeSlashCommandFields, postToSlackEndpoint, slashCommandBody } from '../support/slack-signing.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { CHANNELS, type CardClick, SIGNING_SECRET, USERS, blocksText, cardClickPayload, cardMessage, genericComment, postComment, startTestDesk } from '../support/desk-harness.ts';

/**
 * The desk over Slack Socket Mode (SLACK_APP_TOKEN set): Bolt opens a WebSocket to the stand-in
 * (apps.connections.open → ws://…), Slack's interactions arrive as envelopes on it and are
 * acknowledged on it; cards still go out through the Web API (outbox).
 */
const APP_TOKEN = 'xapp-1-A0APP00001-1234567890-0123456789abcdef';

describe('socket mode on pglite', () => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk | undefined;

  beforeAll(async () => {
    standIn = await startSlackStandIn({ validAppToken: APP_TOKEN });
    database = await createTestDatabase('pglite');
    // SLACK_SIGNING_SECRET stays set (as in a real .env): the app token alone decides the mode.
    desk = await startTestDesk({ standIn, db: database.db, env: { SLACK_APP_TOKEN: APP_TOKEN } });
  });
  afterAll(async () => {
    // The desk first, so its socket client is shutting down before the stand-in drops the socket.
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  function running(): Desk {
    if (!desk) throw new Error('the desk is not running');
    return desk;
  }

  async function newCard(overrides: Record<string, unknown> = {}, channel: string = CHANNELS.community) {
    const res = await postComment(running(), genericComment(overrides));
    expect(res.status).toBe(201);
    const commentId = res.json.commentId as string;
    const message = await standIn.waitFor(() => cardMessage(standIn, channel, commentId), 5000, `card for ${commentId} in ${channel}`);
    return { commentId, message };
  }

  /** A card button click as Slack delivers it in Socket Mode: a block_actions payload in an `interactive` envelope. */
  function clickOverSocket(click: CardClick) {
    return standIn.sendEnvelope('interactive', cardClickPayload(click));
  }

  it('connects at start with the app-level token and says so on /readyz', async () => {
    expect(standIn.socketConnections).toBe(1);
    expect(standIn.callsTo('apps.connections.open')).toMatchObject([{ token: APP_TOKEN }]);
    const ready = await fetch(`${running().url}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', slack: 'socket' });
  });

  it('does not serve POST /slack/events in socket mode', async () => {
    const body = slashCommandBody(makeSlashCommandFields({ command: '/desk', text: 'help', userId: USERS.anna, channelId: CHANNELS.community }));
    const res = await postToSlackEndpoint(`${running().url}/slack/events`, body, SIGNING_SECRET);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toEqual({ error: 'no route for POST /slack/events' });
  });

  it('posts the card through the Web API, and a claim arriving as an envelope is acked, stored and shown', async () => {
    const { commentId, message } = await newCard();
    const ack = await clickOverSocket({ commentId, channelId: CHANNELS.community, messageTs: message.ts, userId: USERS.deniz, action: 'claim' });

    const envelope = standIn.socketEnvelopes.at(-1);
    expect(envelope).toMatchObject({ type: 'interactive', accepts_response_payload: false });
    // A bare ack: no response payload for a button click.
    expect(ack).toEqual({ envelope_id: envelope?.envelope_id, payload: {} });
    // The claim is written before the ack goes out.
    expect(await running().db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).toMatchObject({ status: 'claimed', holderId: 'deniz' });

    await standIn.waitFor(
      () => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('Übernommen von *Deniz*'),
      5000,
      'card shows the holder',
    );
    const card = cardMessage(standIn, CHANNELS.community, commentId);
    expect(card).toMatchObject({ ts: message.ts, updateCount: 1 });
    expect(blocksText(card?.blocks)).not.toContain('desk.claim');
    const events = await running().db.prisma.event.findMany({ where: { commentId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.actorId])).toEqual([
      ['received', null],
      ['claimed', 'deniz'],
    ]);
  });

  it('refuses a second claimer privately (ephemeral via the Web API), still acking the envelope', async () => {
    const { commentId, message } = await newCard();
    const click = { commentId, channelId: CHANNELS.community, messageTs: message.ts };
    await clickOverSocket({ ...click, userId: USERS.deniz, action: 'claim' });
    const second = await clickOverSocket({ ...click, userId: USERS.anna, action: 'claim' });
    expect(second.payload).toEqual({});
    const ephemeral = await standIn.waitFor(() => standIn.ephemerals(CHANNELS.community).find((e) => e.user === USERS.anna && e.text?.includes('Deniz')));
    expect(ephemeral.text).toContain('Deniz');
    expect((await running().db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).holderId).toBe('deniz');
  });

  it('answers /desk help on the ack of the slash_commands envelope', async () => {
    const callsBefore = standIn.calls.length;
    const fields = makeSlashCommandFields({ command: '/desk', text: 'help', userId: USERS.anna, channelId: CHANNELS.community });
    const ack = await standIn.sendEnvelope('slash_commands', fields);
    expect(standIn.socketEnvelopes.at(-1)).toMatchObject({ type: 'slash_commands', accepts_response_payload: true, envelope_id: ack.envelope_id });
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    const text = String(ack.payload?.text);
    expect(text).toContain('*Community Desk*');
    expect(text).toContain('Übernehmen'); // anna's team answers in German
    expect(text).toContain('`/desk status`');
    // The answer rides on the ack: no Web API call for it.
    expect(standIn.calls.slice(callsBefore).filter((c) => c.method !== 'auth.test')).toEqual([]);

    const status = await standIn.sendEnvelope('slash_commands', makeSlashCommandFields({ command: '/desk', text: 'status', userId: USERS.ben, channelId: CHANNELS.support }));
    expect(String(status.payload?.text)).toMatch(/\*Community\*: \d+ open/);
  });

  it('reconnects when Slack sends disconnect, and keeps working on the new connection', async () => {
    const { commentId, message } = await newCard();
    expect(standIn.sendDisconnect('refresh_requested')).toBe(1);
    // @slack/socket-mode waits clientPingTimeout (5 s by default) before it reconnects.
    await standIn.waitFor((s) => s.socketConnectionLog().length === 2 && s.socketConnections === 1, 15_000, 'the desk reconnected');
    expect(standIn.callsTo('apps.connections.open')).toHaveLength(2);
    const ack = await clickOverSocket({ commentId, channelId: CHANNELS.community, messageTs: message.ts, userId: USERS.deniz, action: 'claim' });
    expect(standIn.socketEnvelopes.at(-1)).toMatchObject({ envelope_id: ack.envelope_id, connectionId: 2 });
    expect((await running().db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).holderId).toBe('deniz');
  });

  it('desk.stop() closes the socket and leaves nothing running', async () => {
    const stopping = running();
    // When its socket closes, the client either schedules a reconnect (after clientPingTimeout, 5 s:
    // longer than any pause a test could afford) or, after a deliberate disconnect(), says
    // "disconnected" and is done. Which one it chose is the state to check, not a pause.
    // Bolt keeps the receiver private; the client is the one Bolt's SocketModeReceiver made.
    const client = (stopping.slack!.app as unknown as { receiver: { client: SocketModeClient } }).receiver.client;
    const states: string[] = [];
    for (const state of ['disconnected', 'reconnecting']) client.on(state, () => states.push(state));
    desk = undefined;
    await stopping.stop();
    await standIn.waitFor((s) => s.socketConnections === 0, 5000, 'the desk closed its Socket Mode connection');
    expect(standIn.socketConnectionLog().map((c) => c.open)).toEqual([false, false]);
    // No reconnect after a deliberate stop (and none in between: the client's pings got their pongs).
    expect(states).toEqual(['disconnected']);
    expect(standIn.callsTo('apps.connections.open')).toHaveLength(2);
    await expect(standIn.sendEnvelope('interactive', { type: 'block_actions' })).rejects.toThrow(/no Socket Mode connection is open/);
  });

  it('refuses to start with a rejected app token, says what to fix, and leaves no server running', async () => {
    // A port that was free a moment ago (the OS hands out a fresh one for port 0).
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(
      startTestDesk({ standIn, db: database.db, env: { SLACK_APP_TOKEN: 'xapp-1-wrong', PORT: String(port) } }),
    ).rejects.toThrow(/SLACK_APP_TOKEN/);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
