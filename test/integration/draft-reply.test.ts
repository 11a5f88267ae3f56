import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { DRAFT_REPLY_ACTION } from '../../src/chat/slack/action-ids.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import { type OpenAiStandIn, type ReceivedChatRequest, startOpenAiStandIn } from '../support/openai-stand-in.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { blockActionsBody, makeBlockActionsPayload, postToSlackEndpoint } from '../support/slack-signing.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { textObjects } from '../support/block-kit.ts';
import { CHANNELS, SIGNING_SECRET, USERS, cardMessage, genericComment, postComment, startTestDesk, testDeskConfig } from '../support/desk-harness.ts';

const DRAFT_TEXT = 'Hallo, danke für die Nachricht. <!channel> *Wir* kümmern uns darum.';
const isDraftRequest = (r: ReceivedChatRequest) => JSON.stringify(r.body?.response_format ?? '').includes('reply_draft');

/** The card's Draft reply button on Slack: one model call, the draft shown to the clicker alone, stored with the comment. */
describe.each(backends())('Draft reply button on %s', (backend) => {
  let slack: SlackStandIn;
  let openai: OpenAiStandIn;
  let database: TestDatabase;
  let desk: Desk;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    // Drafts get the draft; anything else (triage, should it run) a neutral answer it can use or refuse.
    openai = await startOpenAiStandIn({
      defaultReply: (r) => (isDraftRequest(r) ? JSON.stringify({ text: DRAFT_TEXT, addressUsed: 'sie', savedReplyUsed: 'none', factsToCheck: ['Lieferstatus'] }) : 'not used'),
    });
    database = await createTestDatabase(backend);
    const config = deskConfigSchema.parse({ ...testDeskConfig(), ai: { currency: 'EUR', prices: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } } });
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

  it('shows the draft privately to the clicker and stores it', async () => {
    const res = await postComment(desk, genericComment());
    expect(res.status).toBe(201);
    const commentId = res.json.commentId as string;
    const message = await slack.waitFor(() => cardMessage(slack, CHANNELS.community, commentId), 5000, 'card in community');
    const button = (message.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === DRAFT_REPLY_ACTION);
    expect(button).toBeDefined();

    const payload = makeBlockActionsPayload({ userId: USERS.deniz, channelId: CHANNELS.community, messageTs: message.ts, actionId: DRAFT_REPLY_ACTION, value: button!.value! });
    const click = await postToSlackEndpoint(`${desk.url}/slack/events`, blockActionsBody(payload), SIGNING_SECRET);
    expect(click.status).toBe(200);

    const ephemeral = await slack.waitFor(() => slack.ephemerals(CHANNELS.community).find((e) => e.user === USERS.deniz), 5000, 'the draft, privately');
    expect(openai.requests().filter(isDraftRequest)).toHaveLength(1);
    const texts = textObjects((ephemeral as unknown as { blocks: Parameters<typeof textObjects>[0] }).blocks).map((t) => t.text);
    const shown = texts.join('\n');
    expect(shown).toContain('kümmern uns darum');
    expect(shown).toContain('Lieferstatus');
    // The model's markup is text: no mention, no bold.
    expect(shown).not.toContain('<!channel>');
    expect(shown).toContain('&lt;!channel&gt; ∗Wir∗');
    // Nobody else sees it, and the card itself is not replaced by it.
    expect(slack.ephemerals().filter((e) => e.user !== USERS.deniz)).toEqual([]);
    expect(JSON.stringify(cardMessage(slack, CHANNELS.community, commentId))).not.toContain('kümmern uns darum');

    const rows = await desk.db.prisma.commentDraft.findMany({ where: { commentId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ origin: 'model', memberId: 'deniz' });
    expect(rows[0]!.text).toContain('kümmern uns darum');
  });

  it('refuses a stranger privately, without a model call', async () => {
    const res = await postComment(desk, genericComment());
    const commentId = res.json.commentId as string;
    const message = await slack.waitFor(() => cardMessage(slack, CHANNELS.community, commentId), 5000, 'card in community');
    const before = openai.requests().filter(isDraftRequest).length;
    const payload = makeBlockActionsPayload({ userId: USERS.stranger, channelId: CHANNELS.community, messageTs: message.ts, actionId: DRAFT_REPLY_ACTION, value: JSON.stringify({ c: commentId, v: 1 }) });
    expect((await postToSlackEndpoint(`${desk.url}/slack/events`, blockActionsBody(payload), SIGNING_SECRET)).status).toBe(200);
    await slack.waitFor(() => slack.ephemerals(CHANNELS.community).find((e) => e.user === USERS.stranger), 5000, 'the refusal, privately');
    expect(openai.requests().filter(isDraftRequest)).toHaveLength(before);
    expect(await desk.db.prisma.commentDraft.count({ where: { commentId } })).toBe(0);
  });
});
