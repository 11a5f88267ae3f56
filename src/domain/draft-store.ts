import type { TokenUsage } from './ai-budget.ts';
import type { DraftProblem } from './draft-check.ts';
import type { AddressForm, ReplyLanguage } from './tone.ts';

/**
 * Ports for what the desk's model calls leave behind: every call with its tokens and cost (for the
 * budget and `/desk ai`), and the reply drafts shown to people (answering on the network later starts
 * from the latest one).
 */

/** What a call was for. */
export type AiCallKind = 'triage' | 'draft';

export interface AiCallRecord {
  kind: AiCallKind;
  /** The model that answered (the configured one when none answered). */
  model: string;
  /** The API's request id (`x-request-id`), when it sent one. */
  requestId: string | null;
  commentId: string | null;
  /** As the API reported it; null when no answer came (a timeout): no tokens counted. */
  usage: TokenUsage | null;
  /** From the price table (`costOf`); null when the model has no price. */
  cost: number | null;
  /** `ok`, or the failure reason (timeout, refusal, truncated, invalid, team_not_configured, rate_limited, error). */
  outcome: string;
  at: Date;
}

export interface AiUsageTotals {
  calls: number;
  /** Calls whose outcome was not `ok`. */
  failed: number;
  /** Calls whose model had no price: their cost is unknown, not zero. */
  unpriced: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  cost: number;
}

export interface AiMonthSummary extends AiUsageTotals {
  /** The same figures per kind (only kinds that had calls). */
  byKind: Partial<Record<AiCallKind, AiUsageTotals>>;
}

export interface AiCallStore {
  recordAiCall(call: AiCallRecord): Promise<void>;
  /** The cost of the calls in [start, end); unpriced calls count nothing. */
  monthSpend(start: Date, end: Date): Promise<number>;
  /** Calls, tokens and cost in [start, end), in total and per kind. */
  monthSummary(start: Date, end: Date): Promise<AiMonthSummary>;
}

/** `model`: written by the model (and checked); `saved`: a saved reply filled in, no model. */
export type DraftOrigin = 'model' | 'saved';

export interface NewCommentDraft {
  commentId: string;
  /** Who asked for it (the draft is theirs, shown to them only). */
  memberId: string;
  /** The cleaned text, as shown. */
  text: string;
  language: ReplyLanguage;
  address: AddressForm | null;
  savedReplyId: string | null;
  facts: string[];
  /** What the draft check found; empty: passed. */
  problems: DraftProblem[];
  origin: DraftOrigin;
  at: Date;
}

export interface StoredDraft extends NewCommentDraft {
  id: string;
}

export interface DraftStore extends AiCallStore {
  saveDraft(draft: NewCommentDraft): Promise<StoredDraft>;
  /** The comment's latest draft (any member's), or null. */
  latestDraft(commentId: string): Promise<StoredDraft | null>;
}
