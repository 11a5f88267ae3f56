import { type CardView, buildCardView } from '../domain/card-view.ts';
import type { CardRecord } from '../domain/comment.ts';
import { isUuid } from '../domain/ids.ts';
import type { ActDeps } from './act-on-comment.ts';
import { learnRecordedMembers } from './learn-recorded-members.ts';

/**
 * A comment's card as it is now, for a platform that answers a click with the card itself (shown to
 * the clicker at once): the card in `channel` when the click came from there, else the
 * comment's active card on that platform (a click on a reminder in a 1:1 chat), else any active card.
 * `clickedOnCard` says whether the click came from one of the comment's cards (`messageId`), or from a
 * message about it (a reminder), which the platform should leave as it is. A click from a channel whose card
 * has no recorded message id yet counts as a click on that card.
 */
export async function viewCard(input: { commentId: string; platform: string; channel?: string; messageId?: string }, deps: ActDeps): Promise<(CardView & { clickedOnCard: boolean }) | null> {
  if (!isUuid(input.commentId)) return null;
  const found = await deps.store.getCommentWithCards(input.commentId);
  if (!found) return null;
  const { comment, cards } = found;
  const pick = (test: (c: CardRecord) => boolean) => cards.find(test);
  const card =
    pick((c) => c.platform === input.platform && c.channel === input.channel) ??
    pick((c) => c.active && c.platform === input.platform) ??
    pick((c) => c.active) ??
    cards[0];
  if (!card) return null;
  await learnRecordedMembers([comment.holderId, comment.closedById, comment.routedById], deps);
  // Whether the click came from this card's own message (else from a reminder or summary about it).
  // A card whose post has not been recorded yet (the platform showed it before we stored its id) is
  // the only message about the comment in its channel so far, so a click from there came from it.
  const clickedOnCard =
    input.messageId === undefined ||
    cards.some((c) => c.messageId === input.messageId) ||
    (card.platform === input.platform && card.channel === input.channel && card.messageId === null);
  return { ...buildCardView(comment, card, deps.directory, deps.clock.now()), clickedOnCard };
}
