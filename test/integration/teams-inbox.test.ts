import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { TeamsVerb } from '../../src/chat/teams/verbs.ts';
import { CHANNELS, USERS, cardMessage, blocksText, clickCard, genericComment, postComment, startTestDesk } from '../support/desk-harness.ts';
import { loadTeamsFixture } from '../support/teams-fixtures.ts';
import type { SlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { type TeamsConnector, startTeamsConnector } from '../support/teams-connector.ts';
import { signBotFrameworkToken, generateBotFrameworkKey } from '../support/teams-tokens.ts';
import { TEAMS_CHANNEL, TEAMS_PEOPLE, cardInvoke, cardOf, cardText, installInTeam, startTeamsDesk, teamsDeskConfig } from '../support/teams-desk.ts';
import { waitForOutboxDrained } from '../support/wait-for-outbox-drained.ts';

describe.each(backends())('Microsoft Teams over HTTP on %s', (backend) => {
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

  /** A new comment for the community team, and its card in the Teams channel. */
  async function newTeamsCard(text: string) {
    const res = await postComment(desk, genericComment({ text }));
    expect(res.status).toBe(201);
    const commentId = res.json.commentId as string;
    const posted = await connector.waitFor(() => connector.activities(TEAMS_CHANNEL).find((a) => JSON.stringify(a.original).includes(commentId)), {
      description: `Teams card of ${commentId}`,
    });
    return { commentId, messageId: posted.id };
  }

  it('stores where the bot was added, so proactive posts know the service URL after a restart', async () => {
    const rows = await desk.db.prisma.chatConversation.findMany({ where: { platform: 'msteams' }, orderBy: { key: 'asc' } });
    const keys = rows.map((r) => r.key);
    expect(keys).toContain(`channel:${TEAMS_CHANNEL}`);
    expect(keys).toContain(`space:${connector.fixtureValues().teamId}`);
    expect(keys).toContain(`space:${connector.fixtureValues().teamAadGroupId}`);
    const channel = rows.find((r) => r.key === `channel:${TEAMS_CHANNEL}`)!.reference as Record<string, string>;
    // The real service URL keeps its regional path; every outbound call must use it.
    expect(channel.serviceUrl).toBe(connector.serviceUrl);
    expect(new URL(connector.serviceUrl).pathname).toMatch(/^\/amer\/[0-9a-f-]+\/$/);
  });

  it('posts a new comment as an Adaptive Card into the Teams channel and into Slack, and a claim by invoke updates both', async () => {
    const { commentId, messageId } = await newTeamsCard('Wann kommt das neue Video? Ich warte seit Tagen.');
    const posted = connector.activity(messageId)!;
    const card = cardOf(posted.original as never) as { type: string; version: string; actions?: unknown[]; body: unknown[] };
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardText(card)).toContain('Wann kommt das neue Video?');
    expect(JSON.stringify(card)).toContain(`"verb":"${TeamsVerb.claim}"`);
    // Posted at the stored service URL, with a token from the token endpoint.
    const post = connector.calls.find((c) => c.method === 'POST' && (c.response as { id?: string } | undefined)?.id === messageId);
    expect(connector.issuedTokens.some((t) => t.accessToken === post?.token && t.scope === 'https://api.botframework.com/.default')).toBe(true);
    expect(post?.headers.authorization).toMatch(/^Bearer .+/);
    expect(post?.rawPath.startsWith(new URL(connector.serviceUrl).pathname)).toBe(true);
    // The same comment has its Slack card too.
    await slack.waitFor(() => cardMessage(slack, CHANNELS.community, commentId), 5000, 'Slack card');

    const res = await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.claim, commentId, messageId }));
    expect(res.status).toBe(200);
    // The clicker gets the updated card in the invoke response.
    const body = res.body as { statusCode: number; type: string; value: unknown };
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(body.value)).toContain('Anna');
    expect(JSON.stringify(body.value)).toContain(`"verb":"${TeamsVerb.release}"`);
    // Written before the invoke was answered.
    expect(await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).toMatchObject({ status: 'claimed', holderId: 'anna' });
    // Everyone else's copy: the Teams message is updated, and so is the Slack card.
    await connector.waitFor(() => connector.updates(TEAMS_CHANNEL).find((u) => u.activityId === messageId && cardText(cardOf(u.activity as never)).includes('Anna')), {
      description: 'Teams card updated with the holder',
    });
    await slack.waitFor(() => blocksText(cardMessage(slack, CHANNELS.community, commentId)?.blocks).includes('Anna'), 5000, 'Slack card shows Anna');
    const events = await desk.db.prisma.event.findMany({ where: { commentId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.actorId])).toEqual([
      ['received', null],
      ['claimed', 'anna'],
    ]);
  });

  it('tells the loser of a claim who holds it: in the invoke response card, and privately by a targeted message', async () => {
    const { commentId, messageId } = await newTeamsCard('Ist das vegan?');
    expect((await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.claim, commentId, messageId }))).status).toBe(200);
    const lost = await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.claim, commentId, messageId, user: TEAMS_PEOPLE.deniz }));
    expect(lost.status).toBe(200);
    const text = cardText((lost.body as { value: unknown }).value);
    expect(text).toContain('Anna');
    expect(await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).toMatchObject({ holderId: 'anna' });
    const targeted = await connector.waitFor(
      () => connector.activities(TEAMS_CHANNEL).find((a) => a.targeted && (a.activity.recipient as { id?: string } | undefined)?.id === TEAMS_PEOPLE.deniz.id),
      { description: 'targeted refusal to Jordan' },
    );
    expect(String(targeted.activity.text)).toContain('Anna');
  });

  it('gives twenty simultaneous claims from Slack and Teams on one comment exactly one holder, shown on both cards', async () => {
    const { commentId, messageId } = await newTeamsCard('Wer ist schneller?');
    const slackCard = await slack.waitFor(() => cardMessage(slack, CHANNELS.community, commentId), 5000, 'Slack card');
    const clicks = Array.from({ length: 20 }, (_, i) => {
      const anna = i % 2 === 0;
      if (i < 10) {
        return clickCard(desk, { commentId, channelId: CHANNELS.community, messageTs: slackCard.ts, userId: anna ? USERS.anna : USERS.deniz, action: 'claim' }).then((r) => ({ platform: 'slack', status: r.status, body: undefined as unknown }));
      }
      const user = anna ? TEAMS_PEOPLE.anna : TEAMS_PEOPLE.deniz;
      return connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.claim, commentId, messageId, user })).then((r) => ({ platform: 'msteams', status: r.status, body: r.body }));
    });
    const answers = await Promise.all(clicks);
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const comment = await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect(comment.status).toBe('claimed');
    expect(await desk.db.prisma.event.count({ where: { commentId, type: 'claimed' } })).toBe(1);
    const holder = comment.holderId === 'anna' ? 'Anna' : 'Deniz';
    // Every Teams clicker's card names the one holder.
    for (const a of answers.filter((x) => x.platform === 'msteams')) expect(cardText((a.body as { value: unknown }).value)).toContain(holder);
    await waitForOutboxDrained(desk.db);
    expect(cardText(cardOf(connector.activity(messageId)!.activity as never))).toContain(holder);
    expect(blocksText(cardMessage(slack, CHANNELS.community, commentId)?.blocks)).toContain(holder);
  });

  it('answers `desk status` in a channel only to the person asking (a targeted message), and in a 1:1 chat as a reply', async () => {
    const values = connector.fixtureValues();
    const before = connector.activities().length;
    const inChannel = loadTeamsFixture('message-channel-mention', { ...values, eventId: 'status-1', mentionText: 'desk status' });
    expect((await connector.send(desk.url, inChannel)).status).toBe(200);
    const answer = await connector.waitFor(() => connector.activities().slice(before).find((a) => a.targeted), { description: 'targeted status answer' });
    expect((answer.activity.recipient as { id: string }).id).toBe(values.userId);
    expect(String(answer.activity.text)).toContain('Community');
    // Nothing visible to everyone was posted into the channel.
    expect(connector.activities(TEAMS_CHANNEL).slice(0).filter((a) => !a.targeted && a.postedAt >= answer.postedAt && !JSON.stringify(a.original).includes('AdaptiveCard'))).toEqual([]);

    const personal = loadTeamsFixture('message-personal', { ...values, eventId: 'kpi-help-1', personalText: 'desk help' });
    expect((await connector.send(desk.url, personal)).status).toBe(200);
    const reply = await connector.waitFor(() => connector.activities(values.personalConversationId).find((a) => !a.targeted && String(a.activity.text ?? '').length > 0), {
      description: 'reply in the 1:1 chat',
    });
    // Help as Teams users type it: words after the mention, no slash.
    expect(String(reply.activity.text)).toContain('desk status');
    expect(String(reply.activity.text)).not.toContain('/desk');
  });

  it('refuses a forged, expired or misaddressed token with 401 and changes nothing', async () => {
    const { commentId, messageId } = await newTeamsCard('Forged clicks must not claim me.');
    const activity = cardInvoke(connector, { verb: TeamsVerb.claim, commentId, messageId });
    const nowS = Math.floor(Date.now() / 1000);
    const otherKey = await generateBotFrameworkKey({ kid: connector.signingKey.kid });
    const forged = [
      null,
      'not-a-jwt',
      await signBotFrameworkToken({ appId: connector.appId, serviceUrl: connector.serviceUrl, key: otherKey, now: nowS }),
      await signBotFrameworkToken({ appId: connector.appId, serviceUrl: connector.serviceUrl, key: connector.signingKey, now: nowS - 7200, expiresInS: 3600 }),
      await signBotFrameworkToken({ appId: '00000000-0000-4000-8000-000000000000', serviceUrl: connector.serviceUrl, key: connector.signingKey, now: nowS }),
      await signBotFrameworkToken({ appId: connector.appId, serviceUrl: connector.serviceUrl, issuer: 'https://sts.windows.net/evil/', key: connector.signingKey, now: nowS }),
      await signBotFrameworkToken({ appId: connector.appId, serviceUrl: 'https://evil.example/amer/x/', key: connector.signingKey, now: nowS }),
      await signBotFrameworkToken({ appId: connector.appId, serviceUrl: connector.serviceUrl, alg: 'none', key: connector.signingKey, now: nowS }),
      await signBotFrameworkToken({ appId: connector.appId, serviceUrl: connector.serviceUrl, alg: 'HS256', key: connector.signingKey, now: nowS }),
    ];
    for (const token of forged) {
      const res = await connector.send(desk.url, activity, { token });
      expect(res.status, `token ${String(token).slice(0, 20)}`).toBe(401);
    }
    expect(await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).toMatchObject({ status: 'open', holderId: null });
    expect(await desk.db.prisma.event.count({ where: { commentId, type: 'claimed' } })).toBe(0);
  });

  it('answers a malformed body with 400, and survives activities it does not know', async () => {
    const raw = await fetch(`${desk.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":' });
    expect(raw.status).toBe(400);
    const odd = await connector.send(desk.url, { type: 'typing', serviceUrl: connector.serviceUrl, from: { id: '29:x' }, conversation: { id: 'a:1' }, recipient: { id: connector.botId } });
    expect(odd.status).toBe(200);
    // Signed but strange: every one is answered (400 saying what is wrong, or 200), none kills a request with a 500.
    const s = connector.serviceUrl;
    const strange: [Record<string, unknown>, number][] = [
      [{ type: 'message', serviceUrl: s }, 200],
      [{ type: 'message', serviceUrl: s, from: {}, conversation: {} }, 400],
      [{ type: 'message', serviceUrl: s, from: { id: 'x', aadObjectId: 5 }, conversation: { id: 'y', conversationType: 'personal' } }, 400],
      [{ type: 'message', serviceUrl: s, from: { id: 'x' }, conversation: { id: 'y', conversationType: 'personal' }, text: { a: 1 } }, 400],
      [{ type: 'invoke', name: 'adaptiveCard/action', serviceUrl: s, from: { id: 'x' }, conversation: { id: 'y' }, value: null }, 200],
      [{ type: 'invoke', name: 'task/fetch', serviceUrl: s, from: { id: 'x' }, conversation: { id: 'y' }, value: 5 }, 200],
      [{ type: 'invoke', name: 'task/submit', serviceUrl: s, from: { id: 'x' }, conversation: { id: 'y' } }, 200],
      [{ type: 'conversationUpdate', serviceUrl: s, membersAdded: 'x' }, 200],
      [{ type: 'invoke', serviceUrl: s }, 200],
    ];
    for (const [activity, status] of strange) {
      const res = await connector.send(desk.url, activity);
      expect(res.status, JSON.stringify(activity)).toBe(status);
    }
    const claims = await desk.db.prisma.event.count({ where: { type: 'claimed' } });
    const bad = await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.claim, commentId: 'not-a-comment', messageId: '1' }));
    expect(bad.status).toBe(200);
    // Anna reads (in German, her team's language) that there is no such comment; nothing changed.
    expect(bad.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String((bad.body as { value: string }).value)).toMatch(/Kommentar/);
    const unknownVerb = await connector.send(desk.url, cardInvoke(connector, { verb: 'desk.explode', commentId: '00000000-0000-4000-8000-000000000000', messageId: '1' }));
    expect(unknownVerb.body).toMatchObject({ statusCode: 400 });
    expect(await desk.db.prisma.event.count({ where: { type: 'claimed' } })).toBe(claims);
  });

  it('delivers a card once when the connector answers 429, 412, 500, 502 and 504 first', async () => {
    const post = (c: { method: string; conversationId?: string }) => c.method === 'POST' && c.conversationId === TEAMS_CHANNEL;
    connector.failNext({ match: post, status: 429, retryAfter: 0 });
    for (const status of [412, 500, 502, 504]) connector.failNext({ match: post, status });
    const { commentId } = await newTeamsCard('Kommt trotzdem an.');
    await waitForOutboxDrained(desk.db);
    expect(connector.activities(TEAMS_CHANNEL).filter((a) => JSON.stringify(a.original).includes(commentId))).toHaveLength(1);
  });

  it('fails a card Teams refuses as too big (413) at once, saying so, and retries nothing', async () => {
    connector.failNext({ match: (c) => c.method === 'POST' && c.conversationId === TEAMS_CHANNEL, status: 413 });
    const res = await postComment(desk, genericComment({ text: 'Zu groß für Teams, sagt der Stand-in.' }));
    const commentId = res.json.commentId as string;
    await waitForOutboxDrained(desk.db);
    const rows = await desk.db.prisma.outbox.findMany({ where: { kind: 'card.post', channel: TEAMS_CHANNEL } });
    const row = rows.find((r) => JSON.stringify(r.payload).includes(commentId))!;
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.lastError).toMatch(/Teams refused the card as too big \(\d+ bytes\)/);
    expect(connector.activities(TEAMS_CHANNEL).filter((a) => JSON.stringify(a.original).includes(commentId))).toHaveLength(0);
  });

  it('posts into Teams after a restart without a new install: the references are in the database', async () => {
    await desk.stop();
    ({ desk } = await startTeamsDesk({ connector, db: database.db, slack }));
    const installs = connector.deliveries.length;
    const { commentId, messageId } = await newTeamsCard('Nach dem Neustart.');
    // Nothing was sent to the new desk before its post, and the post went to the stored service URL.
    expect(connector.deliveries.length).toBe(installs);
    const post = connector.calls.find((c) => c.method === 'POST' && (c.response as { id?: string } | undefined)?.id === messageId);
    expect(post?.rawPath.startsWith(new URL(connector.serviceUrl).pathname)).toBe(true);
    const res = await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.claim, commentId, messageId }));
    expect(res.status).toBe(200);
    expect(await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).toMatchObject({ status: 'claimed', holderId: 'anna' });
  });

  it('answers 503 with what to set when Teams is not configured', async () => {
    const plain = await startTestDesk({ standIn: slack, db: database.db, deskConfig: teamsDeskConfig() });
    try {
      const res = await fetch(`${plain.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toContain('set TEAMS_APP_ID and TEAMS_APP_PASSWORD');
    } finally {
      await plain.stop();
    }
  });
});
