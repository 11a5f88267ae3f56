import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { makeSlashCommandFields, postToSlackEndpoint, slashCommandBody } from '../support/slack-signing.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import {
  CHANNELS,
  USERS,
  blocksText,
  cardMessage,
  SIGNING_SECRET,
  clickCard,
  genericComment,
  postComment,
  startTestDesk,
} from '../support/desk-harness.ts';

describe.each(backends())('inbox flow on %s', (backend) => {
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

  async function newCard(overrides: Record<string, unknown> = {}, channel: string = CHANNELS.community) {
    const res = await postComment(desk, genericComment(overrides));
    expect(res.status).toBe(201);
    const commentId = res.json.commentId as string;
    const message = await standIn.waitFor(() => cardMessage(standIn, channel, commentId), 5000, `card for ${commentId} in ${channel}`);
    return { commentId, message };
  }

  it('posts a card with source, author, text, link, priority, state and the four controls', async () => {
    const { message } = await newCard({ text: 'Ich werde meinen Anwalt einschalten!', source: 'facebook' }, CHANNELS.legal);
    const text = blocksText(message.blocks);
    expect(text).toContain('Facebook');
    expect(text).toContain('Max Mustermann');
    expect(text).toContain('Ich werde meinen Anwalt einschalten!');
    expect(text).toContain('High priority');
    expect(text).toContain('https://www.youtube.com/watch?v=abc&lc=xyz');
    for (const id of ['desk.claim', 'desk.answer', 'desk.dismiss', 'desk.route']) expect(text).toContain(id);
    expect(message.text).toBeTruthy();
  });

  it('claims, shows the holder on the card, refuses a second claimer privately, and logs both events', async () => {
    const { commentId, message } = await newCard();
    const click = { commentId, channelId: CHANNELS.community, messageTs: message.ts };
    const first = await clickCard(desk, { ...click, userId: USERS.deniz, action: 'claim' });
    expect(first.status).toBe(200);
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('Übernommen von *Deniz*'));

    const second = await clickCard(desk, { ...click, userId: USERS.ben, action: 'claim' });
    expect(second.status).toBe(200);
    const ephemeral = await standIn.waitFor(() => standIn.ephemerals(CHANNELS.community).find((e) => e.user === USERS.ben));
    expect(ephemeral.text).toContain('Deniz');

    const comment = await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect(comment).toMatchObject({ status: 'claimed', holderId: 'deniz' });
    const events = await desk.db.prisma.event.findMany({ where: { commentId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.actorId])).toEqual([
      ['received', null],
      ['claimed', 'deniz'],
    ]);
  });

  it('release is refused to others but allowed to the lead; the card follows', async () => {
    const { commentId, message } = await newCard();
    const click = { commentId, channelId: CHANNELS.community, messageTs: message.ts };
    await clickCard(desk, { ...click, userId: USERS.deniz, action: 'claim' });
    await clickCard(desk, { ...click, userId: USERS.ben, action: 'release' });
    await standIn.waitFor(() => standIn.ephemerals(CHANNELS.community).find((e) => e.user === USERS.ben && e.text?.includes('Deniz')));
    expect((await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).holderId).toBe('deniz');

    await clickCard(desk, { ...click, userId: USERS.anna, action: 'release' });
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('desk.claim'));
    const comment = await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect(comment).toMatchObject({ status: 'open', holderId: null });
    const types = (await desk.db.prisma.event.findMany({ where: { commentId }, orderBy: { id: 'asc' } })).map((e) => e.type);
    expect(types).toEqual(['received', 'claimed', 'released']);
  });

  it('routes to a team: the target channel gets a new card, the old card says where it went and by whom', async () => {
    const { commentId, message } = await newCard();
    await clickCard(desk, { commentId, channelId: CHANNELS.community, messageTs: message.ts, userId: USERS.deniz, action: 'route', target: 'team:legal' });
    const moved = await standIn.waitFor(() => cardMessage(standIn, CHANNELS.legal, commentId));
    expect(blocksText(moved.blocks)).toContain('Community');
    await standIn.waitFor(() => {
      const old = blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks);
      return old.includes('Legal') && old.includes('Deniz') && !old.includes('desk.claim');
    });
    const comment = await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect(comment).toMatchObject({ teamId: 'legal', routedFrom: 'community', routedById: 'deniz', status: 'open' });
    const cards = await desk.db.prisma.chatCard.findMany({ where: { commentId }, orderBy: { createdAt: 'asc' } });
    expect(cards.map((c) => [c.channel, c.active])).toEqual([
      [CHANNELS.community, false],
      [CHANNELS.legal, true],
    ]);
  });

  it('routes to a person: they hold it and get a direct message', async () => {
    // A name with a line break and a right-to-left override, a text with a bell: one line in the message, controls harmless.
    const { commentId, message } = await newCard({ text: 'Wann kommt das nächste\u0007 Video? 😀', author: { name: 'Max\nM\u202Eann' } });
    await clickCard(desk, { commentId, channelId: CHANNELS.community, messageTs: message.ts, userId: USERS.anna, action: 'route', target: 'member:deniz' });
    const dm = await standIn.waitFor(() => standIn.callsTo('chat.postMessage').find((c) => c.args.channel === USERS.deniz));
    expect(String(dm.args.text)).toContain('Anna');
    expect(String(dm.args.text)).toContain('Max Mann');
    expect(String(dm.args.text)).toContain('Wann kommt das nächste␇ Video? 😀');
    expect(String(dm.args.text)).not.toMatch(/[\u0007\u202E\n]/);
    const comment = await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect(comment).toMatchObject({ status: 'claimed', holderId: 'deniz', routedById: 'anna' });
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('*Deniz* zugewiesen von Anna'));
  });

  it('closes as answered; later clicks are refused and change nothing', async () => {
    const { commentId, message } = await newCard();
    const click = { commentId, channelId: CHANNELS.community, messageTs: message.ts };
    await clickCard(desk, { ...click, userId: USERS.deniz, action: 'claim' });
    await clickCard(desk, { ...click, userId: USERS.deniz, action: 'answer' });
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('Beantwortet von *Deniz*'));
    await clickCard(desk, { ...click, userId: USERS.anna, action: 'dismiss' });
    await standIn.waitFor(() => standIn.ephemerals(CHANNELS.community).find((e) => e.user === USERS.anna && e.text?.includes('abgeschlossen')));
    const comment = await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect(comment).toMatchObject({ status: 'answered', closedById: 'deniz' });
    expect(comment.closedAt).toBeInstanceOf(Date);
  });

  it('tells a person who is not on the desk how to get added, and changes nothing', async () => {
    const { commentId, message } = await newCard();
    await clickCard(desk, { commentId, channelId: CHANNELS.community, messageTs: message.ts, userId: USERS.stranger, action: 'claim' });
    const e = await standIn.waitFor(() => standIn.ephemerals(CHANNELS.community).find((x) => x.user === USERS.stranger));
    expect(e.text).toMatch(/Desk-Konfiguration|desk configuration/);
    expect((await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).status).toBe('open');
  });

  it('answers an unknown comment id with a private note', async () => {
    const res = await clickCard(desk, { commentId: '00000000-0000-4000-8000-000000000000', channelId: CHANNELS.community, messageTs: '1.1', userId: USERS.deniz, action: 'claim' });
    expect(res.status).toBe(200);
    await standIn.waitFor(() => standIn.ephemerals(CHANNELS.community).find((x) => x.user === USERS.deniz && /no longer exists|gibt es im Desk nicht/.test(x.text ?? '')));
  });

  async function desk_(text: string, userId: string = USERS.anna) {
    const body = slashCommandBody(makeSlashCommandFields({ command: '/desk', text, userId, channelId: CHANNELS.community }));
    const res = await postToSlackEndpoint(`${desk.url}/slack/events`, body, SIGNING_SECRET);
    expect(res.status).toBe(200);
    return JSON.parse(res.text) as { response_type: string; text: string };
  }

  it('answers /desk help, /desk status and unknown subcommands privately, in the member\'s language', async () => {
    await newCard();
    const help = await desk_('help');
    expect(help.response_type).toBe('ephemeral');
    expect(help.text).toContain('Übernehmen');
    const status = await desk_('status', USERS.ben);
    expect(status.text).toMatch(/\*Community\*: \d+ open/);
    const open = await desk.db.prisma.comment.count({ where: { teamId: 'community', status: 'open' } });
    expect(status.text).toContain(`*Community*: ${open} open`);
    const unknown = await desk_('frobnicate', USERS.ben);
    expect(unknown.text).toContain('/desk help');
  });

  it('tells people who are not on the desk so, instead of showing them the teams\' open work', async () => {
    for (const sub of ['status', 'jobs', 'run sla-sweep']) {
      const answer = await desk_(sub, USERS.stranger);
      expect(answer.response_type).toBe('ephemeral');
      // The community team speaks German: a stranger gets the default team's language.
      expect(answer.text).toMatch(/noch nicht im Desk eingetragen/);
      expect(answer.text).not.toContain('Community');
    }
    // Help stays open to everyone: it says how to get on the desk.
    expect((await desk_('help', USERS.stranger)).text).toContain('/desk');
  });

  it('serves health and readiness', async () => {
    expect((await fetch(`${desk.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${desk.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: backend, webhooks: { skippedChanges: 0, lastSkipped: null } });
  });
});
