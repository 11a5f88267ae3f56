import type { TokenUsage } from './ai-budget.ts';
import type { Locale } from './directory.ts';
import type { Triage } from './triage.ts';

/** What a triage classifier is asked about one comment (the comment is data, never instructions). */
export interface ClassifyInput {
  text: string;
  authorName: string;
  source: string;
  /** The configured team ids now: the only teams the model may suggest (plus "none"). */
  teamIds: readonly string[];
  teamDescriptions?: Readonly<Record<string, string>>;
  locale?: Locale;
}

export type ClassifyOutcome =
  | { ok: true; triage: Triage; usage: TokenUsage | null; requestId: string | null; model: string }
  | { ok: false; reason: 'timeout' | 'refusal' | 'truncated' | 'invalid' | 'team_not_configured' | 'rate_limited' | 'error'; usage?: TokenUsage | null; requestId?: string | null };

/** The model behind AI triage (an adapter implements it; tests script it). */
export type ClassifyComment = (input: ClassifyInput) => Promise<ClassifyOutcome>;
