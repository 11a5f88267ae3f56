import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { TokenUsage } from '../domain/ai-budget.ts';

/** JSON with the characters that could end a fenced block or look like markup escaped (still the same JSON value). */
export function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(/[`<>\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Token usage as the budget counts it, from the API's `usage`. */
export function usageOf(usage: OpenAI.CompletionUsage | undefined | null): TokenUsage | null {
  if (!usage) return null;
  const cached = usage.prompt_tokens_details?.cached_tokens;
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.total_tokens,
    ...(typeof cached === 'number' ? { prompt_tokens_details: { cached_tokens: cached } } : {}),
  };
}

/** An OpenAI client for the desk's model calls: no retries (the SDK would wait out a 429's retry-after; callers come back later). */
export function modelClient(options: { apiKey: string; baseURL?: string; timeoutMs: number }): OpenAI {
  return new OpenAI({ apiKey: options.apiKey, ...(options.baseURL ? { baseURL: options.baseURL } : {}), timeout: options.timeoutMs, maxRetries: 0 });
}

class DeadlineError extends Error {}

/** The SDK's own timeout ends the request; this guard also ends a body that trickles in after the headers. */
const GUARD_MS = 1_000;

export type CallFailure = 'timeout' | 'rate_limited' | 'error' | 'invalid' | 'refusal' | 'truncated';

export type StructuredAnswer =
  | { ok: true; content: string; usage: TokenUsage | null; requestId: string | null; model: string }
  | { ok: false; reason: CallFailure; usage?: TokenUsage | null; requestId?: string | null; status?: number };

/**
 * One Chat Completions call with a structured-output format, as both triage and drafts make it:
 * `create().withResponse()` (not `.parse()`, which throws away usage and request id on a cut-off or
 * filtered answer, and the budget needs them for every call), a deadline, and the answer sorted into
 * the content to parse or a failure: timeout, 429, other errors, refusal, truncation, no content.
 */
export async function callStructured(
  client: OpenAI,
  request: { model: string; maxOutputTokens: number; timeoutMs: number; responseFormat: OpenAI.ResponseFormatJSONSchema; system: string; user: string },
): Promise<StructuredAnswer> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let completion: OpenAI.ChatCompletion;
  let requestId: string | null;
  try {
    const call = client.chat.completions
      .create(
        {
          model: request.model,
          max_completion_tokens: request.maxOutputTokens,
          response_format: request.responseFormat,
          messages: [
            { role: 'system', content: request.system },
            { role: 'user', content: request.user },
          ],
        },
        { signal: controller.signal },
      )
      .withResponse();
    call.catch(() => undefined); // when the guard wins, the call's own failure is not news
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineError('deadline')), request.timeoutMs + GUARD_MS);
    });
    const answer = await Promise.race([call, guard]);
    completion = answer.data;
    requestId = answer.request_id;
  } catch (error) {
    controller.abort();
    if (error instanceof DeadlineError || error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) return { ok: false, reason: 'timeout' };
    if (error instanceof APIError) {
      const id = error.requestID ?? null;
      if (error.status === 429) return { ok: false, reason: 'rate_limited', requestId: id, status: 429 };
      return { ok: false, reason: 'error', requestId: id, ...(typeof error.status === 'number' ? { status: error.status } : {}) };
    }
    return { ok: false, reason: 'error' };
  } finally {
    if (timer) clearTimeout(timer);
  }

  const usage = usageOf(completion.usage);
  const choice = completion.choices[0];
  if (!choice) return { ok: false, reason: 'invalid', usage, requestId };
  if (choice.message.refusal || choice.finish_reason === 'content_filter') return { ok: false, reason: 'refusal', usage, requestId };
  if (choice.finish_reason === 'length') return { ok: false, reason: 'truncated', usage, requestId };
  const content = choice.message.content;
  if (!content) return { ok: false, reason: 'invalid', usage, requestId };
  return { ok: true, content, usage, requestId, model: completion.model || request.model };
}
