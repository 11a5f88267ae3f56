import { describe, expect, it } from 'vitest';
import { CARD_BYTES_MAX, cardBytes } from '../../../src/chat/teams/adaptive-card.ts';
import { SAVED_CHOICES_MAX, renderTeamsCard } from '../../../src/chat/teams/render-card.ts';
import { SAVED_REPLY_INPUT_ID, TeamsVerb } from '../../../src/chat/teams/verbs.ts';
import { buildCardView } from '../../../src/domain/card-view.ts';
import type { CommentRecord } from '../../../src/domain/comment.ts';
import { Directory, type TeamInfo } from '../../../src/domain/directory.ts';
import type { SavedReply } from '../../../src/domain/tone.ts';
import { adaptiveCardViolations, cardActions, elementsOfType } from '../../support/adaptive-card.ts';
import { cardRecord, commentRecord } from '../../support/records.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const T0 = new Date('2024-05-01T10:00:00Z');
const HOSTILE = '# head\n- list <at>Boss</at> **bold** _it_ [click](https://evil.example) `code` &lt; | \\';

const REPLIES: SavedReply[] = [
  { id: 'thanks-en', title: 'Thanks for the praise', language: 'en', text: 'Hi {author}, thank you! {agent}' },
  { id: 'order-en', title: 'Where is my order?', language: 'en', text: 'Hi {author}, please send us your order number. {agent}' },
  { id: 'danke', title: 'Danke fürs Lob', language: 'de', address: 'du', text: 'Hey {author}, danke dir! {agent}' },
];

function directoryWith(replies: SavedReply[] | undefined): Directory {
  const teams: TeamInfo[] = [
    { id: 'community', name: 'Community', locale: 'de', timeZone: 'Europe/Berlin', tone: { address: 'du', avoid: [], links: [] } },
    { id: 'support', name: 'Support', locale: 'en', timeZone: 'Europe/Berlin' },
  ];
  return new Directory(replies ? teams.map((t) => ({ ...t, savedReplies: replies })) : teams, [], { teamId: 'community', priority: 'normal' });
}
const directory = directoryWith(REPLIES);

function view(over: Partial<CommentRecord> = {}, dir = directory) {
  const c = commentRecord({ id: COMMENT_ID, text: 'Where is my order?', language: 'en', permalink: 'https://www.instagram.com/p/abc/', createdAt: T0, receivedAt: T0, teamId: 'support', ...over });
  return buildCardView(c, cardRecord({ commentId: COMMENT_ID, platform: 'msteams', channel: '19:support@thread.tacv2', teamId: c.teamId }), dir, T0);
}

type Choices = { id: string; style?: string; placeholder?: string; choices: { title: string; value: string }[] };
const savedInputs = (card: unknown) => (elementsOfType(card, 'Input.ChoiceSet') as unknown as Choices[]).filter((i) => i.id === SAVED_REPLY_INPUT_ID);
const savedButtons = (card: unknown) => cardActions(card).filter((a) => a.verb === TeamsVerb.saved);

describe('renderTeamsCard: saved-reply choice', () => {
  it('offers the team’s fitting saved replies, with a Use saved reply button', () => {
    const card = renderTeamsCard(view(), { drafts: true });
    expect(adaptiveCardViolations(card)).toEqual([]);
    const [input] = savedInputs(card);
    expect(input).toMatchObject({ type: 'Input.ChoiceSet', style: 'compact', placeholder: 'Saved reply…' });
    expect(input!.choices).toEqual([
      { title: 'Thanks for the praise', value: 'thanks-en' },
      { title: 'Where is my order?', value: 'order-en' },
    ]);
    expect(savedButtons(card)).toEqual([expect.objectContaining({ type: 'Action.Execute', title: 'Use saved reply', data: { c: COMMENT_ID } })]);
    // The button sends the choice (it does not say associatedInputs: 'none').
    expect(savedButtons(card)[0]!.associatedInputs).toBeUndefined();
  });

  it('speaks the card’s language and offers what fits the team’s address form', () => {
    const card = renderTeamsCard(view({ teamId: 'community', language: 'de' }), { drafts: true });
    expect(savedInputs(card)[0]).toMatchObject({ placeholder: 'Gespeicherte Antwort…', choices: [{ title: 'Danke fürs Lob', value: 'danke' }] });
    expect(savedButtons(card)[0]).toMatchObject({ title: 'Gespeicherte Antwort nehmen' });
  });

  it('is not there without drafts, without saved replies, or on a closed card; the card is unchanged then', () => {
    expect(savedInputs(renderTeamsCard(view()))).toEqual([]);
    expect(savedButtons(renderTeamsCard(view()))).toEqual([]);
    expect(savedInputs(renderTeamsCard(view({}, directoryWith(undefined)), { drafts: true }))).toEqual([]);
    expect(savedInputs(renderTeamsCard(view({ status: 'dismissed', closedAt: T0 }), { drafts: true }))).toEqual([]);
    expect(savedButtons(renderTeamsCard(view({ status: 'dismissed', closedAt: T0 }), { drafts: true }))).toEqual([]);
  });

  it('shows hostile titles as plain text on one line', () => {
    const card = renderTeamsCard(view({}, directoryWith([{ id: 'x', title: HOSTILE, language: 'en', text: 'Hi' }])), { drafts: true });
    expect(adaptiveCardViolations(card)).toEqual([]);
    const title = savedInputs(card)[0]!.choices[0]!.title;
    expect(title).not.toContain('\n');
    expect(title.length).toBeLessThanOrEqual(75);
    expect(title).toContain('<at>Boss</at>');
  });

  it('stays within the card budget and the choice limits with very many long saved replies', () => {
    const many: SavedReply[] = Array.from({ length: 150 }, (_, i) => ({ id: `r-${i}`, title: `${'𝕏'.repeat(40)} ${i}`, language: 'en', text: 'Hi' }));
    const card = renderTeamsCard(view({ text: '𝕏<*'.repeat(5000) }, directoryWith(many)), { drafts: true });
    expect(adaptiveCardViolations(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BYTES_MAX);
    const choices = savedInputs(card)[0]?.choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThan(SAVED_CHOICES_MAX);
    expect(choices[0]!.value).toBe('r-0');
  });
});
