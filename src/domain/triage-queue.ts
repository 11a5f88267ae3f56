import type { CardRecord, CommentRecord } from './comment.ts';

/** The comments before this one in its thread (its parent, and earlier replies to the same parent), oldest first. */
export interface ThreadReads {
  earlierInThread(comment: CommentRecord, limit: number): Promise<CommentRecord[]>;
}

/** Recent arrivals that triage has not looked at yet. */
export interface TriageQueue {
  /** Open or claimed, not a drill's, received since `since`, without triage yet, with their cards; oldest first. */
  awaitingTriage(since: Date, limit: number): Promise<{ comment: CommentRecord; cards: CardRecord[] }[]>;
}
