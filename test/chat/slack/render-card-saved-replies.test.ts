import { describe, expect, it } from 'vitest';
import { blockKitViolations } from '../../support/block-kit.ts';
import { DRAFT_REPLY_ACTION, SAVED_REPLY_ACTION, SlackActionId } from '../../../src/chat/slack/action-ids.ts';
import { type SlackBlock, type SlackMessage, renderCard } from '../../../src/chat/slack/render-card.ts';
import { parseCardAction } from '../../../src/chat/slack/listeners/card-actions.ts';
import { parseDraftClick } from '../../../src/chat/slack/listeners/draft-reply.ts';
import { buildCardView } from '../../../src/domain/card-view.ts';
import type { CommentRecord } from '../../../src/domain/comment.ts';
import { Directory, type TeamInfo } from '../../../src/domain/directory.ts';
import type { SavedReply } from '../../../src/domain/tone.ts';
import { cardRecord, commentRecord } from '../../support/records.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const T0 = new Date('2024-05-01T10:00:00Z');
const HOSTILE = '<!channel> *bold* _it_ ~strike~ `code` <https://evil.example|click> &amp; @here';

const REPLIES: SavedReply[] = [
  { id: 'thanks-en', title: 'Thanks for the praise', language: 'en', text: 'Hi {author}, thank you! {agent}' },
  { id: 'order-en', title: 'Where is my order?', language: 'en', text: 'Hi {author}, please send us your order number. {agent}' },
  { id: 'danke', title: 'Danke fürs Lob', language: 'de', address: 'du', text: 'Hey {author}, danke dir! {agent}' },
];

function directoryWith(replies: SavedReply[] | undefined): Directory {
  const teams: TeamInfo[] = [
    { id: 'community', name: 'Community', locale: 'de', timeZone: 'Europe/Berlin', channels: [{ platform: 'slack', channel: 'C0COMMUNITY' }], tone: { address: 'du', avoid: [], links: [] } },
    { id: 'support', name: 'Support', locale: 'en', timeZone: 'Europe/Berlin', channels: [{ platform: 'slack', channel: 'C0SUPPORT01' }] },
  ].map((t) => (replies ? { ...t, savedReplies: replies } : t)) as TeamInfo[];
  return new Directory(teams, [], { teamId: 'community', priority: 'normal' });
}
const directory = directoryWith(REPLIES);

function view(over: Partial<CommentRecord> = {}, dir = directory) {
  const c = commentRecord({ id: COMMENT_ID, text: 'Where is my order?', language: 'en', createdAt: T0, receivedAt: T0, teamId: 'support', version: 3, ...over });
  return buildCardView(c, cardRecord({ commentId: COMMENT_ID, channel: 'C0SUPPORT01', teamId: c.teamId }), dir, T0);
}

type Obj = Record<string, unknown>;
const actionsBlocks = (m: SlackMessage) => m.blocks.filter((b) => b.type === 'actions') as (SlackBlock & { block_id: string; elements: Obj[] })[];
const savedSelects = (m: SlackMessage) => actionsBlocks(m).flatMap((b) => b.elements.filter((e) => e.action_id === SAVED_REPLY_ACTION));
const optionsOf = (select: Obj | undefined) => (select?.options ?? []) as { text: { type: string; text: string }; value: string }[];

describe('renderCard: saved-reply select', () => {
  it('offers the team’s fitting saved replies next to Draft reply, in the card’s actions block', () => {
    const m = renderCard(view(), { drafts: true });
    expect(blockKitViolations(m)).toEqual([]);
    const [select] = savedSelects(m);
    expect(select).toMatchObject({ type: 'static_select', action_id: SAVED_REPLY_ACTION, placeholder: { type: 'plain_text', text: 'Saved reply…' } });
    // English comment: the English replies only, their ids as the values.
    expect(optionsOf(select).map((o) => [o.text.text, o.value])).toEqual([
      ['Thanks for the praise', 'thanks-en'],
      ['Where is my order?', 'order-en'],
    ]);
    // The comment id is in the block id, as for the route select.
    const [block] = actionsBlocks(m);
    expect(block!.block_id).toBe(`desk.card:${COMMENT_ID}`);
    const ids = block!.elements.map((e) => e.action_id);
    expect(ids.indexOf(SAVED_REPLY_ACTION)).toBe(ids.indexOf(DRAFT_REPLY_ACTION) + 1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('speaks the card’s language', () => {
    const m = renderCard(view({ teamId: 'community', language: 'de' }), { drafts: true });
    const [select] = savedSelects(m);
    expect(select).toMatchObject({ placeholder: { text: 'Gespeicherte Antwort…' } });
    expect(optionsOf(select).map((o) => o.value)).toEqual(['danke']);
  });

  it('is not there without drafts, without saved replies, or on a closed card; the card is unchanged then', () => {
    expect(savedSelects(renderCard(view()))).toEqual([]);
    const none = directoryWith(undefined);
    expect(savedSelects(renderCard(view({}, none), { drafts: true }))).toEqual([]);
    // Without saved replies the actions are what they were: the buttons, the route select, Draft reply.
    expect(actionsBlocks(renderCard(view({}, none), { drafts: true }))[0]!.elements.map((e) => e.action_id)).toEqual([
      SlackActionId.claim,
      SlackActionId.answer,
      SlackActionId.dismiss,
      SlackActionId.route,
      DRAFT_REPLY_ACTION,
    ]);
    expect(savedSelects(renderCard(view({ status: 'answered', closedAt: T0 }), { drafts: true }))).toEqual([]);
    // No fitting reply: a German comment finds only German replies.
    expect(savedSelects(renderCard(view({ teamId: 'community', language: 'de' }, directoryWith([REPLIES[0]!])), { drafts: true }))).toEqual([]);
  });

  it('shows hostile titles as plain text, cut to Slack’s option length', () => {
    const replies: SavedReply[] = [{ id: 'x', title: `${HOSTILE} ${'𝕏'.repeat(60)}`, language: 'en', text: 'Hi' }];
    const m = renderCard(view({}, directoryWith(replies)), { drafts: true });
    expect(blockKitViolations(m)).toEqual([]);
    const [option] = optionsOf(savedSelects(m)[0]);
    expect(option!.text.type).toBe('plain_text');
    expect(option!.text.text.length).toBeLessThanOrEqual(75);
    // Plain text is not mrkdwn: the characters stay as they are, nothing is escaped or linked.
    expect(option!.text.text.startsWith('<!channel> *bold*')).toBe(true);
  });

  it('stays within Block Kit’s limits with very many saved replies', () => {
    const many: SavedReply[] = Array.from({ length: 150 }, (_, i) => ({ id: `r-${i}`, title: `Reply ${i} ${'x'.repeat(90)}`, language: 'en', text: 'Hi' }));
    const m = renderCard(view({}, directoryWith(many)), { drafts: true });
    expect(blockKitViolations(m)).toEqual([]);
    const options = optionsOf(savedSelects(m)[0]);
    expect(options).toHaveLength(100);
    expect(options[0]!.value).toBe('r-0');
    expect(new Set(options.map((o) => o.value)).size).toBe(100);
  });
});

describe('parsing a saved-reply choice', () => {
  const body = (action: Obj = {}, over: Obj = {}) => ({
    type: 'block_actions',
    user: { id: 'U0DENIZ001' },
    channel: { id: 'C0SUPPORT01' },
    actions: [{ type: 'static_select', action_id: SAVED_REPLY_ACTION, block_id: `desk.card:${COMMENT_ID}`, action_ts: '1714557900.194939', selected_option: { text: { type: 'plain_text', text: 'Where is my order?' }, value: 'order-en' }, ...action }],
    ...over,
  });

  it('reads the comment from the block id and the saved reply from the chosen option', () => {
    expect(parseCardAction(body())).toMatchObject({ ok: true, commentId: COMMENT_ID, savedReplyId: 'order-en', userId: 'U0DENIZ001', channelId: 'C0SUPPORT01' });
    expect(parseDraftClick(body(), directory)).toEqual({
      ok: true,
      input: { commentId: COMMENT_ID, platform: 'slack', platformUserId: 'U0DENIZ001', channel: 'C0SUPPORT01', locale: 'en', savedReplyId: 'order-en' },
    });
    expect(parseDraftClick(body({}, { channel: { id: 'C0COMMUNITY' } }), directory)).toMatchObject({ ok: true, input: { locale: 'de', savedReplyId: 'order-en' } });
  });

  it('refuses a choice without the card’s block id or with a value the desk never sent', () => {
    expect(parseCardAction(body({ block_id: 'actions' }))).toEqual({ ok: false, error: 'saved reply select without a card block_id' });
    expect(parseCardAction(body({ selected_option: undefined }))).toEqual({ ok: false, error: 'saved reply select without a saved reply id' });
    for (const value of ['', 'Order', '../x', 'a'.repeat(65), '{"c":"x"}']) {
      expect(parseCardAction(body({ selected_option: { text: { type: 'plain_text', text: 'x' }, value } }))).toMatchObject({ ok: false });
    }
    expect(parseDraftClick(body({}, { channel: undefined }), directory)).toMatchObject({ ok: false, error: 'draft button without a channel' });
  });

  it('leaves the Draft reply button’s input without a saved reply', () => {
    const click = body({ type: 'button', action_id: DRAFT_REPLY_ACTION, selected_option: undefined, value: JSON.stringify({ c: COMMENT_ID, v: 3 }) });
    const parsed = parseDraftClick(click, directory);
    expect(parsed.ok && 'savedReplyId' in parsed.input).toBe(false);
  });
});
