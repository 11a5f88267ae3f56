import type { TokenUsage } from './ai-budget.ts';
import type { CommentRecord } from './comment.ts';

/** One call to a language model, as the budget counts it. */
export interface AiCallRecord {
  at: Date;
  kind: 'triage' | 'draft';
  model: string;
  requestId: string | null;
  commentId: string | null;
  usage: TokenUsage | null;
  /** In the operator's currency; null when the model has no price. */
  cost: number | null;
  /** `ok`, or why not. */
  outcome: string;
}

export interface AiMonthSummary {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  cost: number;
  byKind: Record<string, { calls: number; cost: number }>;
}

/** The AI calls made, for the monthly budget and `/desk ai`. */
export interface AiCallStore {
  record(call: AiCallRecord): Promise<void>;
  /** What the calls in [start, end) cost together. */
  spentBetween(start: Date, end: Date): Promise<number>;
  summaryBetween(start: Date, end: Date): Promise<AiMonthSummary>;
}

/** Recent arrivals that triage has not looked at yet. */
export interface TriageQueue {
  /** Open or claimed, not a drill's, received since `since`, without triage yet; oldest first. */
  awaitingTriage(since: Date, limit: number): Promise<CommentRecord[]>;
}
