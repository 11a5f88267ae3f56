import type { Env } from '../config.ts';
import type { DeskConfig } from '../desk-config/desk-config-schema.ts';
import type { Directory } from '../domain/directory.ts';
import type { AiCallStore, DraftStore } from '../domain/draft-store.ts';
import type { MemberStore } from '../domain/member-store.ts';
import type { Clock, DeskStore } from '../domain/ports.ts';
import type { compileRouting } from '../domain/routing.ts';
import { DEFAULT_TRIAGE_POLICY } from '../domain/triage.ts';
import type { TriageQueue } from '../domain/triage-queue.ts';
import type { Logger } from '../logger.ts';
import { type DraftReplyDeps, draftAutomatically } from '../use-cases/draft-reply.ts';
import type { TriageDeps } from '../use-cases/triage-new-comments.ts';
import { createReplyDrafter } from './openai-draft.ts';
import { createTriageClassifier } from './openai-triage.ts';

/**
 * The desk's AI, as the use cases take it: triage (with OPENAI_API_KEY, unless AI_TRIAGE=false) and
 * reply drafts (the model with a key; saved replies without). One place, so the running desk and
 * `npm run job -- ai-triage` classify, price and budget alike.
 */
export function buildAiDeps(input: {
  env: Env;
  config: DeskConfig;
  directory: Directory;
  store: DeskStore & TriageQueue;
  drafts: AiCallStore & DraftStore;
  memberStore?: MemberStore;
  clock: Clock;
  route: ReturnType<typeof compileRouting>;
  log: Logger;
}): { triage: TriageDeps; draft: DraftReplyDeps } {
  const { env, config, directory, store, drafts, memberStore, clock, route, log } = input;
  const model = env.OPENAI_MODEL;
  const client = { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model, timeoutMs: env.OPENAI_TIMEOUT_MS, maxOutputTokens: config.ai.maxOutputTokens };
  const monthlyBudget = env.AI_MONTHLY_BUDGET ?? null;
  const timeZone = directory.team(directory.defaults.teamId)?.timeZone ?? 'UTC';
  const classify = env.OPENAI_API_KEY && (env.AI_TRIAGE ?? true) ? createTriageClassifier({ ...client, apiKey: env.OPENAI_API_KEY }, log.child({ component: 'triage' })) : null;
  const draft: DraftReplyDeps = {
    store,
    directory,
    memberStore,
    drafts,
    drafter: env.OPENAI_API_KEY ? createReplyDrafter({ ...client, apiKey: env.OPENAI_API_KEY }, log.child({ component: 'drafts' })) : null,
    prices: config.ai.prices,
    monthlyBudget,
    clock,
    timeZone,
  };
  const triage: TriageDeps = {
    store,
    aiCalls: drafts,
    directory,
    clock,
    classify,
    model,
    prices: config.ai.prices,
    monthlyBudget,
    policy: { ...DEFAULT_TRIAGE_POLICY, ...config.ai.triage },
    matchesRules: (c) => route({ source: c.source, text: c.text, language: c.language ?? undefined }).matchedRules.length > 0,
    // Teams with tone.autoDrafts get a draft for urgent or negative comments.
    autoDraft: classify ? (commentId) => draftAutomatically(commentId, draft) : undefined,
    timeZone,
  };
  return { triage, draft };
}
