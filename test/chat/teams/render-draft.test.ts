import { describe, expect, it } from 'vitest';
import { CARD_BYTES_MAX, cardBytes } from '../../../src/chat/teams/adaptive-card.ts';
import { renderTeamsCard } from '../../../src/chat/teams/render-card.ts';
import { draftActionResponse, renderTeamsDraft, renderTeamsDraftRefusal } from '../../../src/chat/teams/render-draft.ts';
import { TeamsVerb } from '../../../src/chat/teams/verbs.ts';
import { buildCardView } from '../../../src/domain/card-view.ts';
import type { CommentRecord } from '../../../src/domain/comment.ts';
import { Directory, type TeamInfo } from '../../../src/domain/directory.ts';
import { rich, untrusted } from '../../../src/domain/rich-text.ts';
import type { DraftView } from '../../../src/use-cases/draft-reply.ts';
import { BLOCK_START, MARKUP_CHARACTERS, adaptiveCardViolations, cardActions, cardTexts, withoutOwnMarkup } from '../../support/adaptive-card.ts';
import { cardRecord, commentRecord } from '../../support/records.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const T0 = new Date('2024-05-01T10:00:00Z');
const HOSTILE = '# head\n- list <at>Boss</at> **bold** _it_ [click](https://evil.example) `code` &lt; | \\';

function draft(over: Partial<DraftView> = {}): DraftView {
  return {
    draftId: 'd1',
    commentId: COMMENT_ID,
    text: 'Hi Erika,\nthanks for asking.',
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
const joined = (card: unknown) => cardTexts(card).join('\n');

describe('renderTeamsDraft', () => {
  it('shows the draft in its own block, the origin, and Back to the card', () => {
    const card = renderTeamsDraft(draft(), 'en');
    expect(adaptiveCardViolations(card)).toEqual([]);
    expect(cardTexts(card)).toContain('Hi Erika,\n\nthanks for asking.');
    expect(joined(card)).toContain('AI draft');
    expect(joined(card)).not.toContain('Needs editing');
    expect(cardActions(card)).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: TeamsVerb.draftBack, title: 'Back to the card', data: { c: COMMENT_ID } })]);
    expect(draftActionResponse(card)).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card });
  });

  it('speaks German, with what to fix and the facts to check', () => {
    const card = renderTeamsDraft(
      draft({ needsEditing: true, problems: [{ code: 'address-du', found: ['dich'], text: 'Sieze die Person.' }], factsToCheck: ['Liefertermin'], origin: 'saved', savedReplyTitle: 'Lieferzeit', note: 'Kein KI-Entwurf.' }),
      'de',
    );
    const text = joined(card);
    for (const s of ['Antwortentwurf', 'Muss überarbeitet werden', 'Sieze die Person.', '“dich”', 'Fakten prüfen', '• Liefertermin', 'Gespeicherte Antwort „Lieferzeit“', 'Kein KI-Entwurf.']) expect(text).toContain(s);
    expect(cardActions(card)[0]).toMatchObject({ title: 'Zurück zur Karte' });
  });

  it('keeps hostile draft text, problems, facts, titles and notes inert', () => {
    const card = renderTeamsDraft(
      draft({ text: HOSTILE, needsEditing: true, problems: [{ code: 'mention', found: [HOSTILE], text: HOSTILE }], factsToCheck: [HOSTILE], origin: 'saved', savedReplyTitle: HOSTILE, note: HOSTILE }),
      'en',
    );
    expect(adaptiveCardViolations(card)).toEqual([]);
    expect(card.msteams.entities).toBeUndefined();
    for (const t of cardTexts(card)) {
      expect(withoutOwnMarkup(t)).not.toMatch(MARKUP_CHARACTERS);
      expect(t).not.toMatch(BLOCK_START);
    }
    expect(card.fallbackText).not.toMatch(MARKUP_CHARACTERS);
  });

  it('stays within the card budget with a very long hostile draft', () => {
    const card = renderTeamsDraft(draft({ text: '𝕏<*'.repeat(10_000), factsToCheck: Array(20).fill('𝕏'.repeat(400)), needsEditing: true, problems: Array(20).fill({ code: 'mention', found: Array(20).fill('𝕏'.repeat(100)), text: '𝕏'.repeat(400) }) }), 'en');
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BYTES_MAX);
    expect(adaptiveCardViolations(card)).toEqual([]);
  });

  it('shows a refusal with Back to the card', () => {
    const card = renderTeamsDraftRefusal(rich`No draft possible: ${untrusted(HOSTILE)}`, COMMENT_ID, 'en');
    expect(adaptiveCardViolations(card)).toEqual([]);
    expect(joined(card)).toContain('No draft possible');
    for (const t of cardTexts(card)) expect(withoutOwnMarkup(t)).not.toMatch(MARKUP_CHARACTERS);
    expect(cardActions(card)).toEqual([expect.objectContaining({ verb: TeamsVerb.draftBack, data: { c: COMMENT_ID } })]);
  });
});

const TEAMS: TeamInfo[] = [
  { id: 'community', name: 'Community', locale: 'de', timeZone: 'Europe/Berlin' },
  { id: 'support', name: 'Support', locale: 'en', timeZone: 'Europe/Berlin' },
];
const directory = new Directory(TEAMS, [], { teamId: 'community', priority: 'normal' });
function view(over: Partial<CommentRecord> = {}) {
  const c = commentRecord({ id: COMMENT_ID, text: 'Where is my order?', permalink: 'https://www.instagram.com/p/abc/', createdAt: T0, receivedAt: T0, teamId: 'support', ...over });
  return buildCardView(c, cardRecord({ commentId: COMMENT_ID, platform: 'msteams', channel: '19:support@thread.tacv2', teamId: c.teamId }), directory, T0);
}
const draftButtons = (card: unknown) => cardActions(card).filter((a) => a.verb === TeamsVerb.draft);

describe('renderTeamsCard: Draft reply button', () => {
  it('is on an open card when drafts are set up, in the one row of buttons', () => {
    const card = renderTeamsCard(view(), { drafts: true });
    expect(adaptiveCardViolations(card)).toEqual([]);
    expect(draftButtons(card)).toEqual([expect.objectContaining({ type: 'Action.Execute', title: 'Draft reply', data: { c: COMMENT_ID }, associatedInputs: 'none' })]);
    expect(draftButtons(renderTeamsCard(view({ teamId: 'community' }), { drafts: true }))[0]).toMatchObject({ title: 'Antwort entwerfen' });
  });

  it('is not there without drafts (the card unchanged) nor on a closed card', () => {
    expect(renderTeamsCard(view(), { drafts: false })).toEqual(renderTeamsCard(view()));
    expect(draftButtons(renderTeamsCard(view()))).toEqual([]);
    expect(draftButtons(renderTeamsCard(view({ status: 'dismissed', closedAt: T0 }), { drafts: true }))).toEqual([]);
  });
});
