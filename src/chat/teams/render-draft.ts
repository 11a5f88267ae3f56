import type { Locale } from '../../domain/directory.ts';
import { textsFor } from '../../domain/i18n.ts';
import type { RichText } from '../../domain/rich-text.ts';
import { cutText, excerptText, plainName } from '../../domain/untrusted-text.ts';
import type { DraftView } from '../../use-cases/draft-reply.ts';
import { type AdaptiveCard, type CardElement, CARD_BYTES_MAX, CardTexts, cardBytes, actionSet, container, execute, textBlock } from './adaptive-card.ts';
import { escapeTeamsText, teamsUntrustedText } from './markdown.ts';
import { TeamsVerb } from './verbs.ts';

/** The draft on the card, in UTF-16 units: a reply, not an essay; 4 bytes a character still fit the card's 24 KB. */
export const DRAFT_UNITS_MAX = 3500;
/** Each fact to check and each problem line. */
const LINE_MAX = 200;
/** At most this many facts to check. */
const FACTS_MAX = 8;
/** At most this many problems, each with at most this many words it found. */
const PROBLEMS_MAX = 5;
const FOUND_MAX = 3;
/** A saved reply's title, and each word a problem found. */
const NAME_MAX = 40;
/** The draft in the card's fallback text. */
const FALLBACK_EXCERPT_MAX = 200;

/** One line of ours or the model's, inert, and never opening a Markdown block. */
const line = (raw: string) => teamsUntrustedText(plainName(raw, LINE_MAX));

/**
 * A reply draft as the answer to the Draft reply click (shown to the clicker only): a title, "needs
 * editing" with what to fix, the draft in its own block (nothing else in it, so it copies cleanly),
 * the facts to check, where it came from, and Back to the card. The draft, problems and facts come
 * from the model or a saved reply and may quote the commenter: all of it is shown as text.
 */
export function renderTeamsDraft(draft: DraftView, locale: Locale): AdaptiveCard {
  // The draft gives way if hostile text (up to 4 bytes a unit once escaped) would push the card over Teams' limit.
  let units = DRAFT_UNITS_MAX;
  let card = build(draft, locale, units);
  while (cardBytes(card) > CARD_BYTES_MAX && units > 100) card = build(draft, locale, (units = Math.floor(units / 2)));
  return card;
}

function build(draft: DraftView, locale: Locale, draftUnits: number): AdaptiveCard {
  const t = textsFor(locale).draft;
  const texts = new CardTexts({ locale });
  const body: CardElement[] = [textBlock(escapeTeamsText(t.title), { weight: 'Bolder' })];
  if (draft.needsEditing) {
    const problems = draft.problems.slice(0, PROBLEMS_MAX).map((p) => {
      const found = p.found.slice(0, FOUND_MAX).map((f) => `“${escapeTeamsText(plainName(f, NAME_MAX))}”`);
      return textBlock(`${line(p.text)}${found.length ? ` (${found.join(', ')})` : ''}`, { spacing: 'Small', size: 'Small' });
    });
    body.push(container([textBlock(escapeTeamsText(t.needsEditing), { weight: 'Bolder', color: 'Attention' }), ...problems], { style: 'attention' }));
  }
  body.push(container([textBlock(teamsUntrustedText(cutText(draft.text.trim() || '—', draftUnits)))], { style: 'emphasis' }));
  if (draft.factsToCheck.length) {
    body.push(textBlock(escapeTeamsText(t.factsToCheck), { weight: 'Bolder' }));
    for (const fact of draft.factsToCheck.slice(0, FACTS_MAX)) body.push(textBlock(`• ${line(fact)}`, { spacing: 'Small' }));
  }
  const origin = draft.origin === 'saved' && draft.savedReplyTitle !== null ? t.originSaved(plainName(draft.savedReplyTitle, NAME_MAX)) : t.originModel;
  body.push(textBlock(escapeTeamsText(origin), { isSubtle: true, size: 'Small' }));
  if (draft.note) body.push(textBlock(line(draft.note), { isSubtle: true, size: 'Small', spacing: 'Small' }));
  body.push(actionSet([back(draft.commentId, t.back)]));
  return texts.card(body, escapeTeamsText(`${t.title}: ${excerptText(draft.text, FALLBACK_EXCERPT_MAX) || '—'}`));
}

/** Why there is no draft (not a member, unknown comment, nothing to draft from), with Back to the card. */
export function renderTeamsDraftRefusal(message: RichText, commentId: string, locale: Locale): AdaptiveCard {
  const texts = new CardTexts({ locale });
  const text = texts.md(message);
  return texts.card([container([textBlock(text, { weight: 'Bolder' })], { style: 'attention' }), actionSet([back(commentId, textsFor(locale).draft.back)])], excerptText(text, FALLBACK_EXCERPT_MAX));
}

const back = (commentId: string, title: string) => execute(TeamsVerb.draftBack, title, { c: commentId }, { associatedInputs: 'none' });

/** The `adaptiveCard/action` invoke answer: the card replaces the comment's card for the clicker only. */
export function draftActionResponse(card: AdaptiveCard) {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
}
