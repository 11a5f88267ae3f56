import type { CardRecord } from '../domain/comment.ts';
import type { TeamInfo } from '../domain/directory.ts';
import type { OutboxItem } from '../domain/outbox-intent.ts';

/** The chat channels where a team's cards live: one card per platform the team has a channel on. */
export function cardTargetsOf(team: TeamInfo): { platform: string; channel: string }[] {
  return (team.channels ?? []).map(({ platform, channel }) => ({ platform, channel }));
}

/** The outbox row that brings a card up to the comment's `version` (one per card and version). */
export function cardUpdateItem(card: CardRecord, version: number): OutboxItem {
  return {
    dedupeKey: `card.update:${card.id}:v${version}`,
    channel: card.channel,
    intent: { kind: 'card.update', platform: card.platform, commentId: card.commentId, cardId: card.id, version },
  };
}
