import { buildCardView } from '../../domain/card-view.ts';
import type { Directory } from '../../domain/directory.ts';
import type { OutboxIntent } from '../../domain/outbox-intent.ts';
import type { OutboxRow, OutboxStore } from '../../domain/outbox-store.ts';
import type { Clock, DeskStore } from '../../domain/ports.ts';
import type { Handled, OutboxHandler } from '../outbox-handler.ts';
import { type ChatGateways, gatewayFor } from './chat-gateways.ts';

export interface CardHandlerDeps {
  outbox: OutboxStore;
  store: DeskStore;
  directory: Directory;
  gateways: ChatGateways;
  clock: Clock;
}

type CardIntent = Extract<OutboxIntent, { kind: 'card.post' | 'card.update' }>;

/**
 * Cards render from the comment's current state. An update covers all older pending updates of its
 * card; an update of a card not yet posted is covered by the post still to come (which shows the state
 * as it is when it goes), and waits only while that post is being sent.
 */
export function cardHandlers(deps: CardHandlerDeps): Record<CardIntent['kind'], OutboxHandler> {
  const handler = (row: OutboxRow) => deliverCard(row, row.intent as CardIntent, deps);
  return { 'card.post': handler, 'card.update': handler };
}

async function deliverCard(row: OutboxRow, intent: CardIntent, deps: CardHandlerDeps): Promise<Handled> {
  const { outbox, store, directory, clock } = deps;
  const found = await store.getCommentWithCards(intent.commentId);
  const card = found?.cards.find((c) => c.id === intent.cardId);
  const comment = found?.comment;
  if (!card || !comment) return { failed: `card ${intent.cardId} or its comment no longer exists` };
  const gateway = gatewayFor(deps.gateways, card.platform);
  const view = buildCardView(comment, card, directory, clock.now());
  if (card.messageId) {
    await gateway.updateCard(card.channel, card.messageId, view);
    await outbox.completeCardUpdate(row.id, card.id, comment.version, clock.now());
    return 'recorded';
  }
  if (intent.kind === 'card.update') {
    // The post still to come renders the comment as it is when it goes, which covers this update (its
    // version was stored before this row). Only a post being sent right now may show an earlier state.
    return (await outbox.cardPostState(card.id)) === 'sending' ? 'later' : 'sent';
  }
  // An earlier attempt (a lost answer, or a crash mid-call) may have posted the card without us
  // hearing back: look before posting again.
  const earlier = row.attempts > 1 ? await gateway.findCard(card.channel, comment.id, row.createdAt) : null;
  // Found, not posted: bring it up to date, since it shows the state of the first attempt.
  if (earlier) await gateway.updateCard(card.channel, earlier.messageId, view);
  const { messageId } = earlier ?? (await gateway.postCard(card.channel, view));
  await outbox.completeCardPost(row.id, card.id, messageId, clock.now());
  return 'recorded';
}
