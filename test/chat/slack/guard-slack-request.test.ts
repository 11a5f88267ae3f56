import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../../src/app.ts';
import { CHANNELS, SIGNING_SECRET, USERS, cardMessage, clickCard, genericComment, postComment, startTestDesk } from '../../support/desk-harness.ts';
import { makeSlashCommandFields, postToSlackEndpoint, slashCommandBody } from '../../support/slack-signing.ts';
import { type SlackStandIn, startSlackStandIn } from '../../support/slack-stand-in.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

/** Hostile but correctly signed requests to /slack/events, over real HTTP: each gets an answer, the desk keeps serving. */
describe('the Slack endpoint under strange requests', () => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    standIn = await startSlackStandIn();
    database = await createTestDatabase('pglite');
    desk = await startTestDesk({ standIn, db: database.db });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  const events = () => `${desk.url}/slack/events`;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  it.each([
    ['payload=null', form({ payload: 'null' }), undefined, /payload field must be a JSON object/],
    ['payload=[]', form({ payload: '[]' }), undefined, /payload field must be a JSON object/],
    ['payload="text"', form({ payload: '"text"' }), undefined, /payload field must be a JSON object/],
    ['payload=42', form({ payload: '42' }), undefined, /payload field must be a JSON object/],
    ['payload that is not JSON', form({ payload: '{"type":' }), undefined, /payload field is not valid JSON/],
    ['a JSON body of null', 'null', 'application/json', /body must be a JSON object/],
    ['a JSON body that is not JSON', '{{', 'application/json', /body is not valid JSON/],
  ])('answers %s with 400 and keeps serving', async (_name, body, contentType, error) => {
    const res = await postToSlackEndpoint(events(), body, SIGNING_SECRET, { contentType });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatch(error);
    expect((await fetch(`${desk.url}/healthz`)).status).toBe(200);
    // One turn of the loop for a rejection nobody awaited to surface.
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
  });

  it('refuses a request signed more than 5 minutes in the future or past, and takes one within', async () => {
    const body = slashCommandBody(makeSlashCommandFields({ command: '/desk', text: 'help', userId: USERS.anna, channelId: CHANNELS.community }));
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now + 6 * 60, now + 24 * 60 * 60 - 1, now - 6 * 60]) {
      const res = await postToSlackEndpoint(events(), body, SIGNING_SECRET, { timestamp });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text).error).toMatch(/more than 5 minutes away/);
    }
    const fine = await postToSlackEndpoint(events(), body, SIGNING_SECRET, { timestamp: now + 4 * 60 });
    expect(fine.status).toBe(200);
  });

  it('refuses a wrong signature and a non-numeric timestamp with 401, naming what to check', async () => {
    const body = form({ payload: '{}' });
    const wrong = await postToSlackEndpoint(events(), body, 'not-the-secret');
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text).error).toMatch(/SLACK_SIGNING_SECRET/);
    const odd = await postToSlackEndpoint(events(), body, SIGNING_SECRET, { headers: { 'X-Slack-Request-Timestamp': 'soon' } });
    expect(odd.status).toBe(401);
  });

  it("answers Slack's unsigned SSL check", async () => {
    const res = await fetch(events(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'ssl_check=1&payload=%7B%7D' });
    expect(res.status).toBe(200);
  });

  it('still claims a card after all that', async () => {
    const posted = await postComment(desk, genericComment());
    const commentId = posted.json.commentId as string;
    await standIn.waitFor(() => cardMessage(standIn, CHANNELS.community, commentId), 10_000, 'the card');
    const card = cardMessage(standIn, CHANNELS.community, commentId)!;
    const res = await clickCard(desk, { userId: USERS.deniz, commentId, channelId: CHANNELS.community, messageTs: card.ts, action: 'claim' });
    expect(res.status).toBe(200);
    expect((await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).status).toBe('claimed');
  });
});
