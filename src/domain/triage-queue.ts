import type { CommentRecord } from './comment.ts';

/** Recent arrivals that triage has not looked at yet. */
export interface TriageQueue {
  /** Open or claimed, not a drill's, received since `since`, without triage yet; oldest first. */
  awaitingTriage(since: Date, limit: number): Promise<CommentRecord[]>;
}
