import { WorkingCalendar } from './working-calendar.ts';

/**
 * What the desk's model calls cost, and what is switched off as the month's budget runs out.
 * Prices and the budget are in the operator's currency (whatever the configuration says); the
 * arithmetic does not care which.
 */

/** Prices per 1 million tokens, as the provider's price list states them. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Input tokens served from the prompt cache; the input price when the list has none. */
  cachedInput?: number;
}

/** Model name → price. A dated snapshot ("gpt-4.1-mini-2025-04-14") finds its family ("gpt-4.1-mini"). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * Token usage as the Chat Completions API reports it (`usage`). `prompt_tokens` includes the cached
 * ones; `completion_tokens` includes reasoning tokens.
 */
export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
}

const PER_TOKEN = 1 / 1_000_000;

/** The price of `model`: its own entry, else the entry it is a dated snapshot of, else null. */
export function priceOf(model: string, prices: PriceTable): ModelPrice | null {
  if (Object.hasOwn(prices, model)) return prices[model] ?? null;
  const snapshot = /^(.+)-\d{4}-\d{2}-\d{2}$/.exec(model);
  return snapshot && Object.hasOwn(prices, snapshot[1]!) ? (prices[snapshot[1]!] ?? null) : null;
}

const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

/**
 * The cost of one call, or null when the price table has no price for `model` (the caller must
 * then not pretend it was free). Rounded to 1e-9 so sums of many calls stay exact enough to compare.
 */
export function costOf(usage: TokenUsage, model: string, prices: PriceTable): number | null {
  const price = priceOf(model, prices);
  if (!price) return null;
  const prompt = count(usage.prompt_tokens);
  const cached = Math.min(prompt, count(usage.prompt_tokens_details?.cached_tokens));
  const completion = count(usage.completion_tokens);
  const cost =
    ((prompt - cached) * price.input + cached * (price.cachedInput ?? price.input) + completion * price.output) * PER_TOKEN;
  return Math.round(cost * 1e9) / 1e9;
}

/** At this share of the budget automatic drafts stop (buttons still work). */
export const DRAFTS_OFF_SHARE = 0.8;

/**
 * `ok`; `drafts_off` from 80 % of the budget on; `triage_off` from 100 % on (rules carry on). No
 * budget (null) means no limit; a budget of 0 means nothing may be spent.
 */
export type BudgetState = 'ok' | 'drafts_off' | 'triage_off';

export function budgetState(spentThisMonth: number, monthlyBudget: number | null): BudgetState {
  if (monthlyBudget === null) return 'ok';
  if (!(spentThisMonth < monthlyBudget)) return 'triage_off';
  // spent ≥ 0.8 × budget, without 0.8's binary rounding (0.8 × 0.1 > 0.08 in floating point).
  return spentThisMonth * 5 >= monthlyBudget * 4 ? 'drafts_off' : 'ok';
}

/** The budget month an instant falls in, in `timeZone`: "2026-03". */
export function monthKey(at: Date, timeZone: string): string {
  return WorkingCalendar.alwaysOpen(timeZone).dateOf(at).slice(0, 7);
}

/** The month `key` ("2026-03") as instants: from its first midnight to the next month's, in `timeZone`. */
export function monthBounds(key: string, timeZone: string): { start: Date; end: Date } {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) throw new RangeError(`not a month key: ${key}`);
  const year = Number(match[1]);
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  const calendar = WorkingCalendar.alwaysOpen(timeZone);
  return { start: calendar.startOfDate(`${key}-01`), end: calendar.startOfDate(`${next}-01`) };
}
