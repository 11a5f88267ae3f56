import type { TokenUsage } from './ai-budget.ts';
import type { AddressForm, ReplyLanguage, SavedReply, ToneGuide } from './tone.ts';

/**
 * The port a reply-drafting model answers (implemented on OpenAI in src/ai/openai-draft.ts). What it
 * returns is a suggestion: the caller checks it (`checkDraft`) and shows it privately; it never goes
 * out by itself.
 */

export interface DraftRequest {
  comment: { text: string; authorName: string; source: string; language: string | null };
  /** Earlier comments in the thread, oldest first (strangers' words too). */
  thread?: readonly string[];
  tone: ToneGuide | undefined;
  /** The address form of a German reply; null: English, or no rule. */
  address: AddressForm | null;
  language: ReplyLanguage;
  /** The closest saved replies (usually three), best first: the only ids the model may name. */
  savedReplies: readonly SavedReply[];
  /** The agent who asked (their name may go under the reply). */
  agentName: string;
}

export type AddressUsed = AddressForm | 'none';

export interface ModelDraft {
  /** The reply as the model wrote it, cleaned (`cleanDraft`); not yet checked. */
  text: string;
  addressUsed: AddressUsed;
  /** One of the offered saved replies' ids, else null. */
  savedReplyUsed: string | null;
  /** What the agent must check before answering (plain text, one line each). */
  factsToCheck: string[];
}

export type DraftFailureReason = 'timeout' | 'refusal' | 'truncated' | 'invalid' | 'rate_limited' | 'error';

export type ReplyDraftResult =
  | { ok: true; draft: ModelDraft; usage: TokenUsage | null; requestId: string | null; model: string }
  /** `usage` when the API answered (a refused or cut-off answer costs too); `requestId` when it sent one. */
  | { ok: false; reason: DraftFailureReason; usage?: TokenUsage; requestId?: string };

export interface ReplyDrafter {
  /** The configured model: what a failed call is recorded (and priced) as. */
  readonly model: string;
  draft(input: DraftRequest): Promise<ReplyDraftResult>;
}
