import { type BudgetState, type PriceTable, budgetState, costOf, monthBounds, monthKey } from '../domain/ai-budget.ts';
import type { AiCallStore } from '../domain/draft-store.ts';
import type { TriageQueue } from '../domain/triage-queue.ts';
import type { CommentRecord } from '../domain/comment.ts';
import type { CommentTriage, NotClassifiedReason } from '../domain/comment-triage.ts';
import type { Directory } from '../domain/directory.ts';
import { textsFor } from '../domain/i18n.ts';
import { type OutboxItem, platformToReach } from '../domain/outbox-intent.ts';
import type { Clock, DeskStore } from '../domain/ports.ts';
import { type TriagePolicy, decideTriageEffects } from '../domain/triage.ts';
import type { ClassifyComment } from '../domain/triage-port.ts';
import { cardUpdateItem } from './card-outbox.ts';

/** How far back the job looks for arrivals without triage (older ones stay unlabelled). */
export const TRIAGE_LOOKBACK_MS = 60 * 60 * 1000;
/** Comments classified per run, and at once. */
const BATCH = 20;
const CONCURRENCY = 4;

export interface TriageDeps {
  store: DeskStore & TriageQueue;
  aiCalls: AiCallStore;
  directory: Directory;
  clock: Clock;
  /** Null: AI triage is off (no key, or AI_TRIAGE=false). */
  classify: ClassifyComment | null;
  model: string;
  prices: PriceTable;
  /** AI_MONTHLY_BUDGET, in the price table's currency; null: no limit. */
  monthlyBudget: number | null;
  /** What triage may do (suggest a team; labels always). */
  policy: TriagePolicy;
  /** The zone the budget month is counted in (the default team's). */
  timeZone: string;
}

export interface TriageRun {
  classified: number;
  notClassified: number;
  budget: BudgetState;
}

/**
 * The `ai-triage` job: labels recent arrivals with the model's reading (sentiment, intent, urgency,
 * a suggested team, spam/abuse offered for Dismiss), asynchronously: ingest never waits for it. The
 * model's answer is checked twice (the SDK against the schema, then `checkTriage`), and what it may do
 * is the desk's policy (`decideTriageEffects`): here it labels and suggests, nothing else changes. Every
 * call is recorded with its cost; at 100 % of the month's budget triage stops and the rules carry on
 * (cards say "not classified"), and the desk's admins are told once at 80 % and once at 100 %.
 */
export async function triageNewComments(deps: TriageDeps): Promise<TriageRun> {
  const { store, aiCalls, clock } = deps;
  const run: TriageRun = { classified: 0, notClassified: 0, budget: 'ok' };
  if (!deps.classify) return run;
  const now = clock.now();
  const month = monthKey(now, deps.timeZone);
  const { start, end } = monthBounds(month, deps.timeZone);
  let spent = await aiCalls.monthSpend(start, end);
  run.budget = budgetState(spent, deps.monthlyBudget);
  await announceBudget(run.budget, month, spent, deps);

  const pending = await store.awaitingTriage(new Date(now.getTime() - TRIAGE_LOOKBACK_MS), BATCH);
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const comment = pending[next++]!;
      if (run.budget === 'triage_off') {
        await storeTriage(comment, { state: 'not_classified', at: clock.now().toISOString(), why: 'budget' }, deps);
        run.notClassified++;
        continue;
      }
      const triage = await classifyOne(comment, deps);
      spent += triage.cost ?? 0;
      const state = budgetState(spent, deps.monthlyBudget);
      if (state !== run.budget) {
        run.budget = state;
        await announceBudget(state, month, spent, deps);
      }
      await storeTriage(comment, triage.result, deps);
      if (triage.result.state === 'classified') run.classified++;
      else run.notClassified++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pending.length) }, worker));
  return run;
}

async function classifyOne(comment: CommentRecord, deps: TriageDeps): Promise<{ result: CommentTriage; cost: number | null }> {
  const { directory, clock } = deps;
  const teamIds = directory.allTeams().map((t) => t.id);
  const outcome = await deps.classify!({
    text: comment.text,
    authorName: comment.authorName,
    source: comment.source,
    teamIds,
    teamDescriptions: Object.fromEntries(directory.allTeams().map((t) => [t.id, t.name])),
    locale: directory.team(comment.teamId)?.locale,
  });
  const model = outcome.ok ? outcome.model : deps.model;
  const usage = outcome.usage ?? null;
  const cost = usage ? costOf(usage, model, deps.prices) : null;
  await deps.aiCalls.recordAiCall({
    at: clock.now(),
    kind: 'triage',
    model,
    requestId: outcome.requestId ?? null,
    commentId: comment.id,
    usage,
    cost,
    outcome: outcome.ok ? 'ok' : outcome.reason,
  });
  const at = clock.now().toISOString();
  if (!outcome.ok) return { result: { state: 'not_classified', at, why: outcome.reason satisfies NotClassifiedReason }, cost };
  const effects = decideTriageEffects(outcome.triage, {
    // Routing rules only matter to an automatic route, which this version does not make.
    rulesMatched: false,
    policy: { ...deps.policy, autoRoute: false, raisePriority: false },
    teamIds,
    currentTeamId: comment.teamId,
    currentPriority: comment.priority,
  });
  return {
    result: {
      state: 'classified',
      at,
      labels: effects.labels,
      language: outcome.triage.language,
      needsResponse: outcome.triage.needsResponse,
      confidence: outcome.triage.confidence,
      suggestTeamId: effects.suggestTeamId,
      suggestDismiss: effects.suggestDismiss,
      reason: effects.reason,
      routedToTeamId: null,
      raisedPriority: false,
    },
    cost,
  };
}

/** Writes the triage with its event and refreshes the comment's cards; re-reads when someone changed it meanwhile. */
async function storeTriage(comment: CommentRecord, triage: CommentTriage, deps: TriageDeps): Promise<void> {
  let current: CommentRecord | null = comment;
  for (let attempt = 0; attempt < 8 && current; attempt++) {
    const found = await deps.store.getCommentWithCards(current.id);
    if (!found) return;
    const { comment: now, cards } = found;
    const written = await deps.store.writeComment({
      commentId: now.id,
      expectedVersion: now.version,
      changes: { triage, triagedAt: deps.clock.now() },
      event: { type: 'triaged', actorId: null, data: triageEventData(triage) },
      outbox: cards.filter((c) => c.active).map((c) => cardUpdateItem(c, now.version + 1)),
      now: deps.clock.now(),
    });
    if (written) return;
    current = now;
  }
}

function triageEventData(triage: CommentTriage): Record<string, unknown> {
  if (triage.state === 'not_classified') return { via: 'triage', state: triage.state, why: triage.why };
  return { via: 'triage', state: triage.state, labels: triage.labels, suggestTeamId: triage.suggestTeamId, suggestDismiss: triage.suggestDismiss, confidence: triage.confidence, reason: triage.reason };
}

/** Tells the desk's admins once per month and threshold (the outbox drops the same key twice). */
async function announceBudget(state: BudgetState, month: string, spent: number, deps: TriageDeps): Promise<void> {
  if (state === 'ok' || deps.monthlyBudget === null) return;
  const admins = deps.directory.allMembers().filter((m) => m.roles.includes('admin'));
  const items: OutboxItem[] = [];
  for (const admin of admins) {
    const platform = platformToReach(admin);
    if (!platform) continue;
    const t = textsFor(deps.directory.localeOf(admin.id));
    const money = (v: number) => v.toFixed(2);
    const text = state === 'drafts_off' ? t.triage.budgetDraftsOff(month, money(spent), money(deps.monthlyBudget)) : t.triage.budgetTriageOff(month, money(spent), money(deps.monthlyBudget));
    items.push({ dedupeKey: `ai.budget:${month}:${state}:${admin.id}`, channel: null, intent: { kind: 'person.notify', platform, memberId: admin.id, notice: { text } } });
  }
  if (items.length) await deps.store.enqueue(items, deps.clock.now());
}
