import type { CardRecord, CommentRecord } from './comment.ts';

/** A change in the event log, as a page that shows live state needs it: which comment or crisis moved. */
export interface LoggedChange {
  id: bigint;
  commentId: string | null;
  crisisId: string | null;
}

/**
 * Reads for a surface that shows the desk's work as lists (a web page), not one card at a time:
 * a team's comments, and what changed since a point in the event log.
 */
export interface InboxReads {
  /**
   * A team's comments to show: everything open or claimed (most urgent first: priority, then
   * arrival), and the latest closed since `closedSince`; at most `limit` of each, with their cards.
   */
  teamInbox(teamId: string, options: { closedSince: Date; limit: number }): Promise<{ comment: CommentRecord; cards: CardRecord[] }[]>;
  /** These comments with their cards (unknown ids are left out). */
  commentsWithCards(ids: readonly string[]): Promise<{ comment: CommentRecord; cards: CardRecord[] }[]>;
  /** The newest entry of the event log (0 when empty). */
  latestChangeId(): Promise<bigint>;
  /** Event-log entries after `afterId`, oldest first, at most `limit`. */
  changesSince(afterId: bigint, limit: number): Promise<LoggedChange[]>;
}
