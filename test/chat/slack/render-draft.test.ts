import { describe, expect, it } from 'vitest';
import { blockKitViolations, textObjects } from '../../support/block-kit.ts';
import { DRAFT_REPLY_ACTION } from '../../../src/chat/slack/action-ids.ts';
import { renderDraft, renderDraftRefusal } from '../../../src/chat/slack/render-draft.ts';
import { renderCard } from '../../../src/chat/slack/render-card.ts';
import { parseDraftClick } from '../../../src/chat/slack/listeners/draft-reply.ts';
import { buildCardView } from '../../../src/domain/card-view.ts';
import type { CommentRecord } from '../../../src/domain/comment.ts';
import { Directory, type TeamInfo } from '../../../src/domain/directory.ts';
import { rich, untrusted } from '../../../src/domain/rich-text.ts';
import type { DraftView } from '../../../src/use-cases/draft-reply.ts';
import { cardRecord, commentRecord } from '../../support/records.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const T0 = new Date('2024-05-01T10:00:00Z');
const TEAMS: TeamInfo[] = [
  { id: 'community', name: 'Community', locale: 'de', timeZone: 'Europe/Berlin', channels: [{ platform: 'slack', channel: 'C0COMMUNITY' }] },
  { id: 'support', name: 'Support', locale: 'en', timeZone: 'Europe/Berlin', channels: [{ platform: 'slack', channel: 'C0SUPPORT01' }] },
];
const directory = new Directory(TEAMS, [], { teamId: 'community', priority: 'normal' });

const HOSTILE = '<!channel> *bold* _it_ ~strike~ `code` <https://evil.example|click> &amp; @here';

function draft(over: Partial<DraftView> = {}): DraftView {
  return {
    draftId: 'd1',
    commentId: COMMENT_ID,
    text: 'Hi Erika,\nthanks for asking. Your order ships tomorrow.',
    language: 'en',
    address: null,
    origin: 'model',
    savedReplyId: null,
    savedReplyTitle: null,
    factsToCheck: [],
    problems: [],
    needsEditing: false,
    fallback: null,
    note: null,
    ...over,
  };
}

const texts = (m: { blocks: Parameters<typeof textObjects>[0] }) => textObjects(m.blocks).map((t) => t.text);
const all = (m: { text: string; blocks: Parameters<typeof textObjects>[0] }) => [m.text, ...texts(m)].join('\n');

describe('renderDraft', () => {
  it('shows the draft on its own in a section, the origin, and a valid message', () => {
    const m = renderDraft(draft(), 'en');
    expect(blockKitViolations(m)).toEqual([]);
    expect(texts(m)).toContain('Hi Erika,\nthanks for asking. Your order ships tomorrow.');
    expect(all(m)).toContain('only you see this');
    expect(all(m)).toContain('AI draft');
    expect(all(m)).not.toContain('Needs editing');
  });

  it('speaks German', () => {
    const m = renderDraft(draft({ origin: 'saved', savedReplyTitle: 'Lieferzeit', note: 'Kein KI-Entwurf (…)' }), 'de');
    expect(all(m)).toContain('Antwortentwurf');
    expect(all(m)).toContain('Gespeicherte Antwort „Lieferzeit“');
    expect(all(m)).toContain('Kein KI-Entwurf');
  });

  it('marks a draft with problems as needing editing, with what to fix and the facts to check', () => {
    const m = renderDraft(
      draft({
        needsEditing: true,
        problems: [{ code: 'link-not-allowed', found: ['https://evil.example'], text: 'Remove links that are not on the team’s list.' }],
        factsToCheck: ['Ships tomorrow'],
      }),
      'en',
    );
    const text = all(m);
    expect(text).toContain('Needs editing');
    expect(text).toContain('Remove links that are not on the team’s list.');
    expect(text).toContain('https://evil.example');
    expect(text).toContain('Facts to check');
    expect(text).toContain('• Ships tomorrow');
    // What to fix comes before the draft, the facts after it.
    const order = texts(m);
    const at = (s: string) => order.findIndex((t) => t.includes(s));
    expect(at('Needs editing')).toBeLessThan(at('Hi Erika'));
    expect(at('Hi Erika')).toBeLessThan(at('Facts to check'));
  });

  it('keeps hostile draft text, problems, facts, titles and notes inert', () => {
    const m = renderDraft(
      draft({ text: HOSTILE, needsEditing: true, problems: [{ code: 'mention', found: [HOSTILE], text: HOSTILE }], factsToCheck: [HOSTILE], origin: 'saved', savedReplyTitle: HOSTILE, note: HOSTILE }),
      'en',
    );
    expect(blockKitViolations(m)).toEqual([]);
    // The notification text is plain: Slack shows it unformatted, but never as a mention or link.
    expect(m.text).not.toMatch(/<!channel>|<https?:/);
    for (const t of texts(m)) {
      expect(t).not.toMatch(/<!channel>|<https?:|`|~/);
      expect(t.replace(/⚠️ /g, '').replace(/\*(Needs editing|Facts to check|[^*]*only you see this[^*]*)\*/g, '')).not.toMatch(/\*/);
      expect(t).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
  });

  it('splits a very long draft over several sections within the limits', () => {
    const m = renderDraft(draft({ text: Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n') }), 'en');
    expect(blockKitViolations(m)).toEqual([]);
    expect(texts(m).filter((t) => t.startsWith('line ')).length).toBeGreaterThan(1);
  });

  it('shows a refusal as its message', () => {
    const m = renderDraftRefusal(rich`No draft possible: ${untrusted(HOSTILE)}`);
    expect(blockKitViolations(m)).toEqual([]);
    expect(m.text).toContain('No draft possible');
    expect(all(m)).not.toContain('<!channel>');
  });
});

function view(over: Partial<CommentRecord> = {}) {
  const c = commentRecord({ id: COMMENT_ID, source: 'instagram', text: 'Where is my order?', authorName: 'erika.m', createdAt: T0, receivedAt: T0, teamId: 'support', version: 3, ...over });
  return buildCardView(c, cardRecord({ commentId: COMMENT_ID, channel: 'C0SUPPORT01', teamId: c.teamId }), directory, T0);
}
const draftButtons = (m: ReturnType<typeof renderCard>) =>
  m.blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as Record<string, unknown>[]) : [])).filter((e) => e.action_id === DRAFT_REPLY_ACTION);

describe('renderCard: Draft reply button', () => {
  it('is on an open card when drafts are set up, with the comment and version', () => {
    const m = renderCard(view(), { drafts: true });
    expect(blockKitViolations(m)).toEqual([]);
    const [button] = draftButtons(m);
    expect(button).toMatchObject({ type: 'button', text: { text: 'Draft reply' } });
    expect(JSON.parse(button!.value as string)).toEqual({ c: COMMENT_ID, v: 3 });
    expect(draftButtons(renderCard(view({ teamId: 'community' }), { drafts: true }))[0]).toMatchObject({ text: { text: 'Antwort entwerfen' } });
  });

  it('is not there without drafts, and the card is unchanged then', () => {
    expect(draftButtons(renderCard(view()))).toEqual([]);
    expect(renderCard(view(), { drafts: false })).toEqual(renderCard(view()));
  });

  it('is not on a closed or inactive card', () => {
    expect(draftButtons(renderCard(view({ status: 'answered', closedAt: T0 }), { drafts: true }))).toEqual([]);
    const moved = buildCardView(commentRecord({ id: COMMENT_ID, teamId: 'support' }), cardRecord({ commentId: COMMENT_ID, channel: 'C0SUPPORT01', teamId: 'support', active: false }), directory, T0);
    expect(draftButtons(renderCard(moved, { drafts: true }))).toEqual([]);
  });
});

describe('parseDraftClick', () => {
  const body = (over: Record<string, unknown> = {}) => ({
    type: 'block_actions',
    user: { id: 'U0DENIZ001' },
    channel: { id: 'C0COMMUNITY' },
    actions: [{ action_id: DRAFT_REPLY_ACTION, block_id: `desk.card:${COMMENT_ID}`, action_ts: '1714557900.194939', value: JSON.stringify({ c: COMMENT_ID, v: 3 }) }],
    ...over,
  });

  it('reads the comment, the clicker, the channel and the card’s language', () => {
    expect(parseDraftClick(body(), directory)).toEqual({
      ok: true,
      input: { commentId: COMMENT_ID, platform: 'slack', platformUserId: 'U0DENIZ001', channel: 'C0COMMUNITY', locale: 'de' },
    });
    expect(parseDraftClick(body({ channel: { id: 'C0SUPPORT01' } }), directory)).toMatchObject({ ok: true, input: { locale: 'en' } });
  });

  it('refuses a click without a comment id or a channel', () => {
    expect(parseDraftClick(body({ actions: [{ action_id: DRAFT_REPLY_ACTION, action_ts: '1', value: '{}' }] }), directory)).toMatchObject({ ok: false });
    expect(parseDraftClick(body({ channel: undefined }), directory)).toMatchObject({ ok: false, error: 'draft button without a channel' });
  });
});
