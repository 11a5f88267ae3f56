import type { Confidence, TriageLabels } from './triage.ts';

/** Why a comment carries no labels: the model failed in one of these ways, or AI was held back. */
export type NotClassifiedReason = 'timeout' | 'refusal' | 'truncated' | 'invalid' | 'team_not_configured' | 'rate_limited' | 'error' | 'budget' | 'price_unknown';

/**
 * What triage left on a comment (stored with it, shown on its cards). Plain JSON: the instant is an
 * ISO string. `not_classified`: the rules carried on and nothing else changed.
 */
export type CommentTriage =
  | {
      state: 'classified';
      at: string;
      labels: TriageLabels;
      language: string;
      needsResponse: boolean;
      confidence: Confidence;
      /** A configured team other than the comment's, offered on the card (null: none). */
      suggestTeamId: string | null;
      /** Dismiss offered (spam, abuse); a person decides. */
      suggestDismiss: boolean;
      /** The model's reason, plain text, one line. */
      reason: string;
      /** Triage moved it to this team by itself (autoRoute). */
      routedToTeamId: string | null;
      /** Triage raised the priority to high (raisePriority). */
      raisedPriority: boolean;
    }
  | { state: 'not_classified'; at: string; why: NotClassifiedReason };
