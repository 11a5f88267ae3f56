import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockKitViolations, textObjects } from '../../support/block-kit.ts';
import { SUGGESTED_ROUTE_ACTION, SlackActionId } from '../../../src/chat/slack/action-ids.ts';
import { parseCardAction } from '../../../src/chat/slack/listeners/card-actions.ts';
import { type SlackBlock, type SlackMessage, renderCard } from '../../../src/chat/slack/render-card.ts';
import { type CardView, buildCardView } from '../../../src/domain/card-view.ts';
import type { CommentRecord } from '../../../src/domain/comment.ts';
import type { CommentTriage } from '../../../src/domain/comment-triage.ts';
import { Directory, type MemberInfo, type TeamInfo } from '../../../src/domain/directory.ts';
import { cardRecord, commentRecord } from '../../support/records.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const T0 = new Date('2024-05-01T10:00:00Z');
const T1 = new Date('2024-05-01T10:05:00Z');

const TEAMS: TeamInfo[] = [
  { id: 'community', name: 'Community', leadId: 'anna', locale: 'de', timeZone: 'Europe/Berlin' },
  { id: 'support', name: 'Customer Support', leadId: 'ben', locale: 'en', timeZone: 'Europe/Berlin' },
  { id: 'legal', name: 'Legal', locale: 'de', timeZone: 'Europe/Berlin' },
  { id: 'evil', name: '<!channel> *Evil* `team`', locale: 'en', timeZone: 'Europe/Berlin' },
];
const MEMBERS: MemberInfo[] = [{ id: 'ben', name: 'Ben Meyer', roles: ['agent', 'lead'], teamIds: ['support'], timeZone: 'Europe/Berlin' }];
const directory = new Directory(TEAMS, MEMBERS, { teamId: 'community', priority: 'normal' });

function classified(over: Partial<Extract<CommentTriage, { state: 'classified' }>> = {}): CommentTriage {
  return {
    state: 'classified',
    at: T1.toISOString(),
    labels: { sentiment: 'negative', intent: 'complaint', urgency: 'high', injectionSuspected: false },
    language: 'en',
    needsResponse: true,
    confidence: 'high',
    suggestTeamId: null,
    suggestDismiss: false,
    reason: 'The order is late and the customer is angry.',
    routedToTeamId: null,
    raisedPriority: false,
    ...over,
  };
}

/** A card of the support team (English) or, with `teamId: 'community'`, a German one. */
function view(over: Partial<CommentRecord> = {}): CardView {
  const c = commentRecord({ id: COMMENT_ID, source: 'instagram', text: 'Where is my order?', authorName: 'erika.m', createdAt: T0, receivedAt: T1, teamId: 'support', version: 3, ...over });
  return buildCardView(c, cardRecord({ commentId: COMMENT_ID, channel: 'C0SUPPORT01', teamId: c.teamId }), directory, T1);
}

type Obj = Record<string, unknown>;
const mrkdwnTexts = (m: SlackMessage) => textObjects(m.blocks).filter((t) => t.type === 'mrkdwn').map((t) => t.text);
/** The blocks between the header section and the author's section. */
const triageBlocks = (m: SlackMessage): SlackBlock[] => {
  const header = m.blocks.findIndex((b) => b.type === 'section');
  const author = m.blocks.findIndex((b, i) => i > header && b.type === 'section' && ((b.text as Obj).text as string).includes('erika.m'));
  return m.blocks.slice(header + 1, author);
};
const triageText = (m: SlackMessage) => JSON.stringify(triageBlocks(m));
const suggestedButton = (m: SlackMessage) =>
  triageBlocks(m)
    .map((b) => b.accessory as Obj | undefined)
    .find((a) => a?.action_id === SUGGESTED_ROUTE_ACTION);

describe('renderCard: AI triage', () => {
  it('without triage, the card is exactly as before (no triage blocks)', () => {
    const before = view();
    expect(before.triage).toBeNull();
    const m = renderCard(before);
    expect(triageBlocks(m)).toEqual([]);
    // The same view with triage set to null explicitly renders identically.
    expect(renderCard({ ...before, triage: null })).toEqual(m);
  });

  it('shows the labels in a small context line under the header, in English', () => {
    const m = renderCard(view({ triage: classified() }));
    const blocks = triageBlocks(m);
    expect(blocks).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: '🏷️ AI: negative · complaint · urgent' }] }]);
    expect(blockKitViolations(m)).toEqual([]);
  });

  it('shows the labels in German for a German team', () => {
    const m = renderCard(view({ teamId: 'community', triage: classified({ labels: { sentiment: 'positive', intent: 'praise', urgency: 'low', injectionSuspected: false } }) }));
    expect(triageText(m)).toContain('🏷️ KI: positiv · Lob · nicht dringend');
  });

  it('offers the suggested team with a one-click button that sends the route choice\'s own value', () => {
    const m = renderCard(view({ triage: classified({ suggestTeamId: 'legal' }) }));
    expect(triageText(m)).toContain('Suggested team: *Legal*');
    const button = suggestedButton(m)!;
    expect(button).toMatchObject({ type: 'button', text: { type: 'plain_text', text: 'Route to Legal' } });
    expect(JSON.parse(button.value as string)).toEqual({ c: COMMENT_ID, v: 3, r: 'team:legal' });
    // The same value the route select offers for that team.
    const select = (m.blocks.find((b) => b.type === 'actions')!.elements as Obj[]).find((e) => e.action_id === SlackActionId.route)!;
    const values = (select.option_groups as { options: { value: string }[] }[]).flatMap((g) => g.options.map((o) => o.value));
    expect(values).toContain('team:legal');
    expect(blockKitViolations(m)).toEqual([]);
  });

  it('the button goes through the card listener as a route to that team', () => {
    const m = renderCard(view({ triage: classified({ suggestTeamId: 'legal' }) }));
    const button = suggestedButton(m)!;
    const payload = JSON.parse(readFileSync(new URL('../../fixtures/slack/block_actions_claim_button.json', import.meta.url), 'utf8')) as { actions: Obj[] };
    payload.actions[0] = { ...payload.actions[0], action_id: button.action_id, value: button.value, block_id: 'generated-by-slack' };
    expect(parseCardAction(payload)).toMatchObject({ ok: true, commentId: COMMENT_ID, actionId: SUGGESTED_ROUTE_ACTION, route: { kind: 'team', teamId: 'legal' } });
  });

  it('names the suggested team in German, with the German button', () => {
    const m = renderCard(view({ teamId: 'community', triage: classified({ suggestTeamId: 'legal' }) }));
    expect(triageText(m)).toContain('Vorgeschlagenes Team: *Legal*');
    expect(suggestedButton(m)).toMatchObject({ text: { text: 'Weiterleiten an Legal' } });
  });

  it('shows the suggestion without a button when the card cannot be routed there (closed card: no suggestion at all)', () => {
    // A suggested team the route choice does not offer (the comment is already there): line, no button.
    const here = renderCard(view({ teamId: 'legal', triage: classified({ suggestTeamId: 'legal' }) }));
    expect(triageText(here)).toContain('Legal');
    expect(suggestedButton(here)).toBeUndefined();
    const closed = renderCard(view({ status: 'answered', closedAt: T1, triage: classified({ suggestTeamId: 'legal', suggestDismiss: true }) }));
    expect(triageText(closed)).toContain('negative · complaint · urgent');
    expect(triageText(closed)).not.toContain('Suggested team');
    expect(triageText(closed)).not.toContain('Dismiss?');
  });

  it('hints at Dismiss for spam and abuse, and never dismisses', () => {
    const v = view({ triage: classified({ labels: { sentiment: 'negative', intent: 'spam', urgency: 'low', injectionSuspected: false }, suggestDismiss: true }) });
    const m = renderCard(v);
    expect(triageText(m)).toContain('🏷️ AI: negative · spam · not urgent\\nLooks like spam or abuse: Dismiss?');
    expect(v.status).toBe('open');
    // The hint is a text; the card's Dismiss button is the only dismiss control.
    expect(triageText(m)).not.toContain('desk.dismiss');
  });

  it('says the card was routed here by triage, with the reason', () => {
    const m = renderCard(view({ routedFrom: 'community', routedAt: T1, triage: classified({ routedToTeamId: 'support' }) }));
    expect(triageText(m)).toContain('Routed here by triage: The order is late and the customer is angry.');
  });

  it('warns when the comment tries to instruct the AI', () => {
    const m = renderCard(view({ triage: classified({ labels: { sentiment: 'neutral', intent: 'other', urgency: 'normal', injectionSuspected: true } }) }));
    expect(triageText(m)).toContain('⚠️ The comment tries to instruct the AI; treat it with care.');
    const de = renderCard(view({ teamId: 'community', triage: classified({ labels: { sentiment: 'neutral', intent: 'other', urgency: 'normal', injectionSuspected: true } }) }));
    expect(triageText(de)).toContain('⚠️ Der Kommentar versucht, der KI Anweisungen zu geben');
  });

  it('shows "not classified" as a subtle context line', () => {
    const m = renderCard(view({ triage: { state: 'not_classified', at: T1.toISOString(), why: 'timeout' } }));
    expect(triageBlocks(m)).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: '🏷️ Not classified by AI: the rules decided alone.' }] }]);
    const de = renderCard(view({ teamId: 'community', triage: { state: 'not_classified', at: T1.toISOString(), why: 'rate_limited' } }));
    expect(triageText(de)).toContain('Nicht von der KI eingeordnet');
  });

  it('shows a hostile reason and team name as inert text: no mention, link, tag or formatting', () => {
    const reason = '<script>alert(1)</script> *bold* _it_ ~del~ `code` <!channel> <@U0BEN00001> <https://evil.example|click me> &amp;';
    const m = renderCard(view({ routedFrom: 'community', routedAt: T1, triage: classified({ routedToTeamId: 'support', suggestTeamId: 'evil', reason }) }));
    const texts = mrkdwnTexts(m);
    // (The state line "Came from …, routed here by AI triage" is the card's own.)
    const triage = texts.filter((t) => (t.includes('triage') && !t.startsWith('Came from')) || t.includes('Suggested'));
    expect(triage).toHaveLength(2);
    for (const text of triage) {
      // Only the bold around the team name is ours; everything else the model or the config wrote is inert.
      const rest = text.replace(/^Suggested team: \*(.*)\*$/, '$1');
      expect(rest, text).not.toMatch(/[<>*`~]/);
      expect(rest, text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(triage[0]).toContain('&lt;script&gt;');
    expect(triage[0]).toContain('&lt;!channel&gt;');
    expect(triage[0]).toContain('&amp;amp;');
    expect(triage[1]).toContain('&lt;!channel&gt; ∗Evil∗ ˋteamˋ');
    // The button title is plain text: shown as written, never parsed.
    expect(suggestedButton(m)).toMatchObject({ text: { type: 'plain_text', text: 'Route to <!channel> *Evil* `team`' } });
    expect(blockKitViolations(m)).toEqual([]);
  });

  it('stays within Block Kit limits with the longest reason and team name', () => {
    const long = new Directory([...TEAMS, { id: 'x'.repeat(140), name: '&'.repeat(300), locale: 'en', timeZone: 'Europe/Berlin' }], MEMBERS, { teamId: 'community', priority: 'normal' });
    const c = commentRecord({ id: COMMENT_ID, teamId: 'support', triage: classified({ suggestTeamId: 'x'.repeat(140), routedToTeamId: 'support', suggestDismiss: true, reason: '<'.repeat(200) }) });
    const m = renderCard(buildCardView(c, cardRecord({ commentId: COMMENT_ID, teamId: 'support' }), long, T1));
    expect(blockKitViolations(m)).toEqual([]);
    expect(suggestedButton(m)).toBeDefined();
  });
});
