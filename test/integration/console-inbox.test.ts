import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { CHANNELS, USERS, blocksText, cardMessage, clickCard, genericComment, postComment, startTestDesk } from '../support/desk-harness.ts';
import { ConsoleClient } from '../support/console-client.ts';
import { crisisDeskConfig } from '../support/crisis-config.ts';
import { dmChannelIdFor } from '../support/slack-stand-in.ts';

describe.each(backends())('web console inbox on %s', (backend) => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    database = await createTestDatabase(backend);
    desk = await startTestDesk({ standIn, db: database.db, env: { CONSOLE_LIVE_POLL_MS: '50' } });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  async function newComment(overrides: Record<string, unknown> = {}) {
    const res = await postComment(desk, genericComment(overrides));
    expect(res.status).toBe(201);
    return res.json.commentId as string;
  }

  const eventsOf = (commentId: string) => desk.db.prisma.event.findMany({ where: { commentId }, orderBy: { id: 'asc' } });

  it('shows every team as a column with its cards, and asks who you are before you can act', async () => {
    const commentId = await newComment({ text: 'Wo bleibt meine Bestellung?' });
    const client = new ConsoleClient(desk.url);
    const page = await client.get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const team of ['Community', 'Support', 'Legal']) expect(page.body).toContain(`>${team}</h2>`);
    expect(page.body).toContain('data-testid="member-picker"');
    expect(page.body).toContain(`id="card-${commentId}"`);
    expect(page.body).toContain('Wo bleibt meine Bestellung?');
    // Without a member the card's buttons are disabled, and a post is refused.
    const refused = await client.post('/console/act', { commentId, action: 'claim' });
    expect(refused.status).toBe(403);
    expect(String(refused.json.message)).toMatch(/Choose who you are|wer Sie sind/);
    expect((await eventsOf(commentId)).map((e) => e.type)).toEqual(['received']);
  });

  it('claims through the same use case as chat: one event "via console", and the Slack card names the holder', async () => {
    const commentId = await newComment();
    await standIn.waitFor(() => cardMessage(standIn, CHANNELS.community, commentId), 5000, 'slack card');
    const deniz = new ConsoleClient(desk.url);
    await deniz.actAs('deniz');
    const claimed = await deniz.post('/console/act', { commentId, action: 'claim' });
    expect(claimed.status).toBe(200);
    expect(claimed.json.ok).toBe(true);
    const card = claimed.json.card as { html: string; open: boolean };
    expect(card.open).toBe(true);
    expect(card.html).toContain('data-status="claimed"');
    expect(card.html).toContain('Deniz');
    const events = await eventsOf(commentId);
    expect(events.map((e) => [e.type, e.actorId, (e.data as { via?: string }).via])).toEqual([
      ['received', null, undefined],
      ['claimed', 'deniz', 'console'],
    ]);
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('Deniz'), 5000, 'slack card shows the holder');
  });

  it('races two console users on one card: one winner, the other is told who holds it', async () => {
    const commentId = await newComment();
    const anna = new ConsoleClient(desk.url);
    const deniz = new ConsoleClient(desk.url);
    await anna.actAs('anna');
    await deniz.actAs('deniz');
    const [a, d] = await Promise.all([anna.post('/console/act', { commentId, action: 'claim' }), deniz.post('/console/act', { commentId, action: 'claim' })]);
    const results = [a, d].map((r) => r.status).sort();
    expect(results).toEqual([200, 409]);
    const loser = a.status === 409 ? a : d;
    const winnerName = a.status === 200 ? 'Anna' : 'Deniz';
    expect(String(loser.json.message)).toContain(winnerName);
    expect((await eventsOf(commentId)).filter((e) => e.type === 'claimed')).toHaveLength(1);
  });

  it('answers in the page\'s language: a refusal on a German page is German, on an English page English', async () => {
    const commentId = await newComment();
    const anna = new ConsoleClient(desk.url, { 'accept-language': 'en' });
    const deniz = new ConsoleClient(desk.url, { 'accept-language': 'de-DE,de;q=0.9' });
    const ben = new ConsoleClient(desk.url, { 'accept-language': 'en-GB' });
    await anna.actAs('anna');
    await deniz.actAs('deniz');
    await ben.actAs('ben');
    expect((await anna.post('/console/act', { commentId, action: 'claim' })).status).toBe(200);
    const german = await deniz.post('/console/act', { commentId, action: 'claim' });
    expect(german.status).toBe(409);
    expect(String(german.json.message)).toContain('hat diesen Kommentar schon übernommen');
    const english = await ben.post('/console/act', { commentId, action: 'claim' });
    expect(String(english.json.message)).toContain('has already claimed this comment');
  });

  it('tells open pages about a claim made in Slack (server-sent events from the event log)', async () => {
    const commentId = await newComment();
    const message = await standIn.waitFor(() => cardMessage(standIn, CHANNELS.community, commentId), 5000, 'slack card');
    const watcher = new ConsoleClient(desk.url);
    await watcher.get('/');
    const events = await watcher.events();
    try {
      await events.opened;
      // The stream has taken its starting point once a change after the opening arrives; make one.
      await clickCard(desk, { userId: USERS.anna, commentId, channelId: CHANNELS.community, messageTs: message.ts, action: 'claim' });
      const change = await events.next((e) => e.comments.includes(commentId));
      expect(change.comments).toContain(commentId);
      const fresh = await watcher.get(`/console/cards?ids=${commentId}`);
      const cards = (JSON.parse(fresh.body) as { cards: { id: string; html: string }[] }).cards;
      expect(cards).toHaveLength(1);
      expect(cards[0]!.html).toContain('Anna');
    } finally {
      events.close();
    }
  });

  it('routes to another team and snoozes reminders, both logged via console', async () => {
    const commentId = await newComment();
    const anna = new ConsoleClient(desk.url);
    await anna.actAs('anna');
    const snoozed = await anna.post('/console/snooze', { commentId, choice: '1h', reason: 'waiting for the product team' });
    expect(snoozed.status).toBe(200);
    const emptyReason = await anna.post('/console/snooze', { commentId, choice: '1h', reason: ' ' });
    expect(emptyReason.status).toBe(409);
    const routed = await anna.post('/console/act', { commentId, action: 'route', target: 'team:support' });
    expect(routed.status).toBe(200);
    expect((routed.json.card as { teamId: string }).teamId).toBe('support');
    const unknown = await anna.post('/console/act', { commentId, action: 'route', target: 'team:nope' });
    expect(unknown.status).toBe(409);
    const events = await eventsOf(commentId);
    expect(events.map((e) => [e.type, (e.data as { via?: string }).via])).toEqual([
      ['received', undefined],
      ['snoozed', 'console'],
      ['routed_to_team', 'console'],
    ]);
    await standIn.waitFor(() => cardMessage(standIn, CHANNELS.support, commentId), 5000, 'card in the support channel');
  });

  it('opens a card on its own page with the route choice and the snooze form; an unknown card is a 404', async () => {
    const commentId = await newComment();
    const anna = new ConsoleClient(desk.url);
    await anna.actAs('anna');
    const page = await anna.get(`/card?id=${commentId}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="card-page"');
    expect(page.body).toContain('data-testid="card-route-target"');
    expect(page.body).toContain('<option value="team:support">Support</option>');
    expect(page.body).toContain('data-testid="card-snooze"');
    const inbox = await anna.get('/');
    expect(inbox.body).toContain(`href="/card?id=${commentId}#route"`);
    expect(inbox.body).not.toContain('data-testid="card-route-target"');
    expect((await anna.get('/card?id=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await anna.get('/card?id=not-a-uuid')).status).toBe(404);
  });

  it('sends a large page gzip-compressed to a browser that accepts it', async () => {
    for (let i = 0; i < 5; i++) await newComment();
    const response = await fetch(`${desk.url}/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toContain('data-testid="inbox"');
  });

  it('shows strangers\' words as text, never as markup', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> **bold** <b>b</b>';
    const commentId = await newComment({ text: hostile, author: { name: '<svg onload=alert(3)>Eve', id: 'eve' } });
    const page = await new ConsoleClient(desk.url).get('/');
    const card = page.body.slice(page.body.indexOf(`id="card-${commentId}"`));
    const cardHtml = card.slice(0, card.indexOf('</article>'));
    expect(cardHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(cardHtml).toContain('&lt;svg onload=alert(3)&gt;Eve');
    expect(cardHtml).not.toMatch(/<script|<img|<svg|<b>/);
  });

  it('refuses cross-site posts and posts without the CSRF token, changing nothing', async () => {
    const commentId = await newComment();
    const deniz = new ConsoleClient(desk.url);
    await deniz.actAs('deniz');
    const noToken = await deniz.post('/console/act', { commentId, action: 'claim' }, { csrf: null });
    expect(noToken.status).toBe(403);
    const wrongToken = await deniz.post('/console/act', { commentId, action: 'claim' }, { csrf: 'x'.repeat(43) });
    expect(wrongToken.status).toBe(403);
    const otherSite = await deniz.post('/console/act', { commentId, action: 'claim' }, { headers: { origin: 'http://127.0.0.2:9999', 'sec-fetch-site': 'cross-site' } });
    expect(otherSite.status).toBe(403);
    expect((await eventsOf(commentId)).map((e) => e.type)).toEqual(['received']);
  });

  it('answers only on loopback without a password: a proxied request is refused', async () => {
    const proxied = new ConsoleClient(desk.url, { 'x-forwarded-for': '203.0.113.7' });
    const page = await proxied.get('/');
    expect(page.status).toBe(403);
    expect(page.body).toContain('CONSOLE_PASSWORD');
    expect((await proxied.get('/console/assets/console.js')).status).toBe(403);
  });

  it('speaks the browser\'s language and switches on request', async () => {
    const client = new ConsoleClient(desk.url, { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' });
    const german = await client.get('/');
    expect(german.body).toContain('<html lang="de">');
    expect(german.body).toContain('Eingang');
    const switched = await client.post('/console/lang', { lang: 'en', return: '/' }, { json: false });
    expect(switched.status).toBe(303);
    expect((await client.get('/')).body).toContain('<html lang="en">');
  });
});

describe('web console with CONSOLE_PASSWORD', () => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    database = await createTestDatabase('pglite');
    desk = await startTestDesk({ standIn, db: database.db, env: { CONSOLE_PASSWORD: password } });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  it('sends everyone to sign in, refuses a wrong password, and lets the right one in from any address', async () => {
    const client = new ConsoleClient(desk.url, { 'x-forwarded-for': '203.0.113.7' });
    const first = await client.get('/');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/login?next=%2F');
    const login = await client.get('/login');
    expect(login.status).toBe(200);
    const wrong = await client.post('/login', { password: 'not it', next: '/' }, { json: false });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('data-testid="signin-error"');
    const before = client.cookie;
    const right = await client.post('/login', { password, next: '/' }, { json: false });
    expect(right.status).toBe(303);
    expect(client.cookie).not.toBe(before);
    const inbox = await client.get('/');
    expect(inbox.status).toBe(200);
    expect(inbox.body).toContain('data-testid="inbox"');
    const out = await client.post('/logout', {}, { json: false });
    expect(out.status).toBe(303);
    expect((await client.get('/')).status).toBe(303);
  });

  it('refuses actions without a session', async () => {
    const stranger = new ConsoleClient(desk.url);
    const res = await stranger.post('/console/act', { commentId: '00000000-0000-4000-8000-000000000000', action: 'claim' });
    expect(res.status).toBe(401);
  });
});

describe('a drill started from the console on a Slack desk', () => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    database = await createTestDatabase('pglite');
    desk = await startTestDesk({ standIn, db: database.db, deskConfig: crisisDeskConfig({ count: 3 }) });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  it('opens its room and pages its roster in Slack (the console has no rooms of its own)', async () => {
    const anna = new ConsoleClient(desk.url);
    await anna.actAs('anna');
    const started = await anna.post('/console/try/command', { command: 'crisis', text: 'drill' });
    expect(started.status).toBe(200);
    const crisis = await desk.db.prisma.crisis.findFirstOrThrow({ where: { status: 'active' } });
    expect(crisis.platform).toBe('slack');
    expect(crisis.startedById).toBe('anna');
    await standIn.waitFor(() => standIn.createdChannels()[0], 5000, 'the crisis room in Slack');
    await standIn.waitFor(() => standIn.messages(dmChannelIdFor(USERS.clara)).find((m) => blocksText(m.blocks).includes('desk.crisis.ack')), 5000, 'clara paged in Slack');
  });
});
