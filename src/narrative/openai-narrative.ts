import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { Locale } from '../domain/directory.ts';
import { type NarrativeFacts, checkNarrative, templateNarrative } from '../domain/digest-narrative.ts';

/**
 * The digest's narrative paragraph from an OpenAI chat model, checked, with the template as the
 * fallback. The model gets the week's facts (figures and display names, never comment texts) and
 * nothing else; its text is used only if every number it states is one of those facts
 * ({@link checkNarrative}). Without an API key no request is made.
 */

export interface NarrativeWriterOptions {
  apiKey?: string;
  /** An OpenAI-compatible endpoint, including `/v1`. Default: OpenAI's. */
  baseURL?: string;
  model: string;
  /** Per attempt; the client retries once. The whole call is also capped (see {@link overallDeadlineMs}). */
  timeoutMs: number;
}

export interface NarrativeResult {
  text: string;
  source: 'model' | 'template';
  /** Why the model's text was not used (only when there was a model to ask). */
  rejected?: string;
}

export type NarrativeWriter = (facts: NarrativeFacts, locale: Locale) => Promise<NarrativeResult>;

export interface NarrativeLog {
  warn(obj: object, msg: string): void;
}

/** Sampling temperature: low, the paragraph should be plain and repeatable. */
export const NARRATIVE_TEMPERATURE = 0.2;

/**
 * The cap on one narrative call: two attempts plus the retry pause. The SDK waits as long as a 429's
 * `retry-after` says; a digest should not.
 */
export function overallDeadlineMs(timeoutMs: number): number {
  return 2 * timeoutMs + 1_000;
}

export function narrativeSystemPrompt(locale: Locale): string {
  const language =
    locale === 'de'
      ? 'Write in German, addressing the team informally (du/ihr, never Sie), as in an internal team chat. Use German number formats (12,5 %; 1.234).'
      : 'Write in English, addressing the team as "you", as in an internal team chat.';
  return [
    "You write the short narrative paragraph of a social-media community team's weekly KPI digest, posted in the team's internal chat channel.",
    'The user message is a JSON object with the week\'s figures: counts, percentages (0–100), durations in minutes with a "human" form, goals with their target and actual value, last week\'s main values, and drills.',
    `Write 2–4 sentences of plain prose. ${language}`,
    'Use only numbers that appear in the JSON; you may round them to whole numbers. Do not compute differences, sums, ratios or any other new numbers. Write durations like their "human" form.',
    'No lists, headings, links, mentions, emoji or markdown. Do not invent causes, reasons or events the figures do not show; describe, do not speculate. Name only people listed in the JSON.',
  ].join('\n');
}

class DeadlineError extends Error {}

function failureReason(error: unknown): string {
  if (error instanceof DeadlineError || error instanceof APIConnectionTimeoutError) return 'timeout';
  if (error instanceof APIUserAbortError) return 'aborted';
  if (error instanceof APIError && typeof error.status === 'number') return `http ${error.status}`;
  if (error instanceof APIError) return 'connection failed';
  return 'request failed';
}

/** A narrative writer: the model's checked text with a key, the template without one or when the model's text is unusable. */
export function createNarrativeWriter(options: NarrativeWriterOptions, log?: NarrativeLog): NarrativeWriter {
  const { apiKey, baseURL, model, timeoutMs } = options;
  if (!apiKey) return async (facts, locale) => ({ text: templateNarrative(facts, locale), source: 'template' });

  const client = new OpenAI({ apiKey, ...(baseURL ? { baseURL } : {}), timeout: timeoutMs, maxRetries: 1 });

  return async (facts, locale) => {
    const fallback = (rejected: string, extra: object = {}): NarrativeResult => {
      // The unknown numbers and the reason only: never the facts or the model's text.
      log?.warn({ model, locale, rejected, ...extra }, 'digest narrative: not using the model text, falling back to the template');
      return { text: templateNarrative(facts, locale), source: 'template', rejected };
    };

    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let text: string;
    let finishReason: string | null | undefined;
    try {
      const call = client.chat.completions.create(
        {
          model,
          temperature: NARRATIVE_TEMPERATURE,
          messages: [
            { role: 'system', content: narrativeSystemPrompt(locale) },
            { role: 'user', content: JSON.stringify(facts) },
          ],
        },
        { signal: controller.signal },
      );
      call.catch(() => undefined); // when the deadline wins, the call's own failure is not news
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DeadlineError('deadline')), overallDeadlineMs(timeoutMs));
      });
      const completion = await Promise.race([call, deadline]);
      const choice = completion.choices[0];
      text = (choice?.message.content ?? '').trim();
      finishReason = choice?.finish_reason;
      if (choice?.message.refusal) return fallback('refused');
    } catch (error) {
      controller.abort();
      return fallback(failureReason(error), error instanceof APIError && error.status ? { status: error.status } : {});
    } finally {
      if (timer) clearTimeout(timer);
    }

    if (text === '') return fallback('empty reply');
    if (finishReason === 'length') return fallback('cut off (finish_reason length)');
    const check = checkNarrative(text, facts);
    if (!check.ok) {
      const why =
        check.reason === 'unknown-numbers'
          ? `numbers not in the figures: ${check.unknown.join(', ')}`
          : check.reason === 'too-long'
            ? 'text too long'
            : check.reason === 'link'
              ? 'text contains a link'
              : check.reason === 'mention'
                ? 'text contains a mention'
                : 'empty reply';
      return fallback(why, { unknown: check.unknown });
    }
    return { text, source: 'model' };
  };
}
