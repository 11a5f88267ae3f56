import type { CardRecord } from '../domain/comment.ts';
import type { TeamInfo } from '../domain/directory.ts';
import type { OutboxItem } from '../domain/notice.ts';

/** The chat channels where a team's cards live (one platform today; more join here). */
export function cardTargetsOf(team: TeamInfo): { platform: string; channel: string }[] {
  return team.slackChannel ? [{ platform: 'slack', channel: team.slackChannel }] : [];
}

/** The outbox row that brings a card up to the comment's `version` (one per card and version). */
export function cardUpdateItem(card: CardRecord, version: number): OutboxItem {
  return {
    dedupeKey: `card.update:${card.id}:v${version}`,
    channel: card.channel,
    intent: { kind: 'card.update', commentId: card.commentId, cardId: card.id, version },
  };
}
