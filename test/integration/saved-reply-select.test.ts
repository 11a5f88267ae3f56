import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { DRAFT_REPLY_ACTION, SAVED_REPLY_ACTION } from '../../src/chat/slack/action-ids.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import { type OpenAiStandIn, startOpenAiStandIn } from '../support/openai-stand-in.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { blockActionsBody, makeBlockActionsPayload, postToSlackEndpoint } from '../support/slack-signing.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { textObjects } from '../support/block-kit.ts';
import { CHANNELS, SIGNING_SECRET, USERS, cardMessage, genericComment, postComment, startTestDesk, testDeskConfig } from '../support/desk-harness.ts';

type Element = { type: string; action_id?: string; options?: { text: { text: string }; value: string }[] };
type Block = { type: string; block_id?: string; elements?: Element[] };

const SAVED_REPLIES = [
  { id: 'thanks', title: 'Dank für Lob', language: 'de', address: 'sie', text: 'Hallo {author}, vielen Dank für Ihr Lob! Das freut uns sehr. {agent}' },
  { id: 'order', title: 'Wo ist meine Bestellung?', language: 'de', address: 'sie', text: 'Hallo {author}, schreiben Sie uns bitte Ihre Bestellnummer. {agent}' },
  { id: 'thanks-en', title: 'Thanks for the praise', language: 'en', text: 'Hi {author}, thank you so much! {agent}' },
];

/** The card's actions block and its saved-reply select. */
function savedSelect(message: { blocks?: unknown[] }) {
  const block = (message.blocks as Block[]).find((b) => b.type === 'actions');
  return { block, select: block?.elements?.find((e) => e.action_id === SAVED_REPLY_ACTION) };
}

async function choose(desk: Desk, slack: SlackStandIn, commentId: string, userId: string, savedReplyId: string) {
  const message = await slack.waitFor(() => cardMessage(slack, CHANNELS.community, commentId), 5000, 'card in community');
  const { block } = savedSelect(message);
  const payload = makeBlockActionsPayload({ userId, channelId: CHANNELS.community, messageTs: message.ts, actionId: SAVED_REPLY_ACTION, blockId: block!.block_id!, selectedOptionValue: savedReplyId });
  const click = await postToSlackEndpoint(`${desk.url}/slack/events`, blockActionsBody(payload), SIGNING_SECRET);
  expect(click.status).toBe(200);
  return slack.waitFor(() => slack.ephemerals(CHANNELS.community).find((e) => e.user === userId), 5000, 'the saved reply, privately');
}

const shown = (ephemeral: { blocks: unknown[] | undefined }) => textObjects(ephemeral.blocks as Parameters<typeof textObjects>[0]).map((t) => t.text).join('\n');

/** Saved replies without AI: the select on the card, the chosen reply filled in and shown to the chooser alone, stored, no model call. */
describe.each(backends())('saved-reply select without AI on %s', (backend) => {
  let slack: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    database = await createTestDatabase(backend);
    const config = deskConfigSchema.parse({ ...testDeskConfig(), savedReplies: SAVED_REPLIES });
    // No OPENAI_API_KEY: saved replies alone set up drafts.
    desk = await startTestDesk({ standIn: slack, db: database.db, deskConfig: config });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await slack?.close();
  });

  it('offers the fitting saved replies on the card, next to Draft reply', async () => {
    const res = await postComment(desk, genericComment());
    const commentId = res.json.commentId as string;
    const message = await slack.waitFor(() => cardMessage(slack, CHANNELS.community, commentId), 5000, 'card in community');
    const { block, select } = savedSelect(message);
    expect(block!.elements!.some((e) => e.action_id === DRAFT_REPLY_ACTION)).toBe(true);
    // A German team, a German comment: the German replies (the team sets no address form, so both).
    expect(select!.options!.map((o) => [o.text.text, o.value])).toEqual([
      ['Dank für Lob', 'thanks'],
      ['Wo ist meine Bestellung?', 'order'],
    ]);
  });

  it('shows the chosen reply, filled in, privately to the chooser and stores it', async () => {
    const res = await postComment(desk, genericComment({ author: { name: 'Max <!here> *Muster*', id: 'UCmax' } }));
    expect(res.status).toBe(201);
    const commentId = res.json.commentId as string;
    const ephemeral = await choose(desk, slack, commentId, USERS.deniz, 'order');
    const text = shown(ephemeral);
    expect(text).toContain('schreiben Sie uns bitte Ihre Bestellnummer. Deniz');
    // The author's name is filled in, as text: no mention, no bold.
    expect(text).toContain('Hallo Max &lt;!here&gt; ∗Muster∗,');
    expect(text).not.toContain('<!here>');
    expect(text).toContain('Gespeicherte Antwort „Wo ist meine Bestellung?“');
    // Nobody else sees it; the card is not replaced by it.
    expect(slack.ephemerals().filter((e) => e.user !== USERS.deniz)).toEqual([]);
    expect(JSON.stringify(cardMessage(slack, CHANNELS.community, commentId))).not.toContain('Bestellnummer');

    const rows = await desk.db.prisma.commentDraft.findMany({ where: { commentId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ origin: 'saved', savedReplyId: 'order', memberId: 'deniz', language: 'de', address: 'sie' });
    expect(rows[0]!.text).toContain('Hallo Max <!here> *Muster*, schreiben Sie uns');
  });

  it('refuses a saved reply the team does not have, privately, storing nothing', async () => {
    const res = await postComment(desk, genericComment());
    const commentId = res.json.commentId as string;
    const ephemeral = await choose(desk, slack, commentId, USERS.anna, 'no-such-reply');
    expect(shown(ephemeral)).toContain('Diese gespeicherte Antwort steht (nicht mehr) in der Konfiguration des Teams');
    expect(await desk.db.prisma.commentDraft.count({ where: { commentId } })).toBe(0);
  });
});

/** With AI set up, a chosen saved reply still makes no model call. */
describe('saved-reply select with AI set up', () => {
  let slack: SlackStandIn;
  let openai: OpenAiStandIn;
  let database: TestDatabase;
  let desk: Desk;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    openai = await startOpenAiStandIn({ defaultReply: () => JSON.stringify({ text: 'MODEL DRAFT', addressUsed: 'sie', savedReplyUsed: 'none', factsToCheck: [] }) });
    database = await createTestDatabase('pglite');
    const config = deskConfigSchema.parse({ ...testDeskConfig(), savedReplies: SAVED_REPLIES, ai: { currency: 'EUR', prices: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } } });
    desk = await startTestDesk({
      standIn: slack,
      db: database.db,
      deskConfig: config,
      env: { OPENAI_API_KEY: 'sk-test-key', OPENAI_BASE_URL: openai.url, OPENAI_MODEL: 'gpt-4o-mini', AI_MONTHLY_BUDGET: '1000', OPENAI_TIMEOUT_MS: '5000', AI_TRIAGE: 'false' },
    });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await openai?.close();
    await slack?.close();
  });

  it('fills the chosen reply without asking the model', async () => {
    const res = await postComment(desk, genericComment());
    const commentId = res.json.commentId as string;
    const ephemeral = await choose(desk, slack, commentId, USERS.deniz, 'thanks');
    expect(shown(ephemeral)).toContain('Hallo Max Mustermann, vielen Dank für Ihr Lob! Das freut uns sehr. Deniz');
    expect(shown(ephemeral)).not.toContain('MODEL DRAFT');
    expect(openai.requests()).toEqual([]);
    expect(await desk.db.prisma.commentDraft.findMany({ where: { commentId } })).toEqual([expect.objectContaining({ origin: 'saved', savedReplyId: 'thanks' })]);
  });
});
