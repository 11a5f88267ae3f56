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
import { cardTargetsOf, cardUpdateItem } from './card-outbox.ts';
import type { CardRecord } from '../domain/comment.ts';
import { NEW_CARD, type CommentChanges } from '../domain/ports.ts';
import { dueAt, firstResponseOf, rebaseSla } from '../domain/service-level.ts';

/** How far back the job looks for arrivals without triage (older ones stay unlabelled). */
export const TRIAGE_LOOKBACK_MS = 60 * 60 * 1000;
/** Comments read per batch, and classified at once. */
const BATCH = 20;
const CONCURRENCY = 4;
/** How long one run goes on taking batches while arrivals wait (below the job's 10 s schedule). */
export const TRIAGE_RUN_FOR_MS = 8_000;

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
  /** What triage may do: labels always; suggest a team, raise the priority, route by itself, as configured. */
  policy: TriagePolicy;
  /** Whether the desk's keyword rules match the comment (the operator's word wins over an automatic route). */
  matchesRules: (comment: CommentRecord) => boolean;
  /** Prepares a reply draft for a comment (teams with `tone.autoDrafts`, urgent or negative comments, below 80 % of the budget). */
  autoDraft?: (commentId: string) => Promise<unknown>;
  /** The zone the budget month is counted in (the default team's). */
  timeZone: string;
  /** How long a run goes on taking batches while arrivals wait; default `TRIAGE_RUN_FOR_MS`. */
  runForMs?: number;
}

export interface TriageRun {
  classified: number;
  notClassified: number;
  /** Drafts prepared by themselves (teams with `tone.autoDrafts`). */
  drafted: number;
  budget: BudgetState;
  /** The model answered 429 (rate limit): the run stopped there; what it had not asked about waits for the next run. */
  rateLimited?: true;
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
  const run: TriageRun = { classified: 0, notClassified: 0, drafted: 0, budget: 'ok' };
  if (!deps.classify) return run;
  const now = clock.now();
  const month = monthKey(now, deps.timeZone);
  const { start, end } = monthBounds(month, deps.timeZone);
  const spend = { month, spent: await aiCalls.monthSpend(start, end) };
  run.budget = budgetState(spend.spent, deps.monthlyBudget);
  await announceBudget(run.budget, month, spend.spent, deps);

  // Batch after batch while arrivals wait, for up to `runForMs` (a burst is labelled at the model's pace,
  // not 20 comments per schedule tick).
  const since = new Date(now.getTime() - TRIAGE_LOOKBACK_MS);
  const deadline = now.getTime() + (deps.runForMs ?? TRIAGE_RUN_FOR_MS);
  // Ids this run has taken: one it could not write (gone, or changed under it eight times) is not asked about twice.
  const taken = new Set<string>();
  for (;;) {
    const pending = (await store.awaitingTriage(since, BATCH)).filter((c) => !taken.has(c.comment.id));
    if (!pending.length) break;
    for (const c of pending) taken.add(c.comment.id);
    await triageBatch(pending, run, spend, deps);
    if (run.rateLimited || clock.now().getTime() >= deadline) break;
  }
  return run;
}

/** Classifies one batch, `CONCURRENCY` calls at a time, counting the month's spend as it goes. */
async function triageBatch(pending: { comment: CommentRecord; cards: CardRecord[] }[], run: TriageRun, spend: { month: string; spent: number }, deps: TriageDeps): Promise<void> {
  const { clock } = deps;
  let next = 0;
  const worker = async () => {
    // After a 429 no further call goes out in this run (more calls would only meet the same limit).
    while (next < pending.length && !run.rateLimited) {
      const read = pending[next++]!;
      const { comment } = read;
      if (run.budget === 'triage_off') {
        await storeTriage(read, { state: 'not_classified', at: clock.now().toISOString(), why: 'budget' }, deps);
        run.notClassified++;
        continue;
      }
      const triage = await classifyOne(comment, deps);
      spend.spent += triage.cost ?? 0;
      const state = budgetState(spend.spent, deps.monthlyBudget);
      if (state !== run.budget) {
        run.budget = state;
        await announceBudget(state, spend.month, spend.spent, deps);
      }
      await storeTriage(read, triage.result, deps);
      if (triage.result.state === 'not_classified' && triage.result.why === 'rate_limited') run.rateLimited = true;
      if (triage.result.state === 'classified') {
        run.classified++;
        if (run.budget === 'ok' && wantsAutomaticDraft(triage.result, comment, deps)) {
          // A draft is help, not a duty: a failure is logged by the drafter and leaves the comment as it is.
          await deps.autoDraft!(comment.id).catch(() => undefined);
          run.drafted++;
        }
      } else run.notClassified++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pending.length) }, worker));
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
    rulesMatched: deps.matchesRules(comment),
    policy: deps.policy,
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
      routedToTeamId: effects.routeToTeamId,
      raisedPriority: effects.raisePriorityTo !== null,
    },
    cost,
  };
}

/**
 * Writes the triage with its event and refreshes the comment's cards: first against the comment as the
 * batch read it; when someone changed it meanwhile (the write is conditional on its version), re-read and again.
 */
async function storeTriage(read: { comment: CommentRecord; cards: CardRecord[] }, triage: CommentTriage, deps: TriageDeps): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const found = attempt === 0 ? read : await deps.store.getCommentWithCards(read.comment.id);
    if (!found) return;
    const { comment: now, cards } = found;
    const at = deps.clock.now();
    const effects = applicableEffects(triage, now);
    const changes: CommentChanges = { triage: effects, triagedAt: at };
    const level = deps.directory.serviceLevel(now.teamId);
    if (effects.state === 'classified' && effects.raisedPriority) {
      // Its promise follows the new priority: due times from the same start, the sweep re-plans reminders.
      const raised = { ...now, priority: 'high' as const };
      Object.assign(changes, {
        priority: 'high' as const,
        ...(firstResponseOf(now) ? {} : { firstResponseDueAt: dueAt(level, raised, 'firstResponse') }),
        resolutionDueAt: dueAt(level, raised, 'resolution'),
        nextReminderAt: at,
      });
    }
    const outbox: OutboxItem[] = [];
    let deactivateCardIds: string[] | undefined;
    let newCards: { platform: string; channel: string; teamId: string }[] | undefined;
    const toTeam = effects.state === 'classified' && effects.routedToTeamId ? deps.directory.team(effects.routedToTeamId) : undefined;
    const activeCards = cards.filter((c) => c.active);
    if (toTeam) {
      // Routed by triage, as a person's route would be: the time spent is kept, cards move to the team's channels.
      Object.assign(changes, { teamId: toTeam.id, routedFrom: now.teamId, routedAt: at, routedById: null }, rebaseSla(level, deps.directory.serviceLevel(toTeam.id), { ...now, priority: changes.priority ?? now.priority }, at));
      const targets = cardTargetsOf(toTeam);
      const stays = (c: CardRecord) => targets.some((t) => t.platform === c.platform && t.channel === c.channel);
      deactivateCardIds = activeCards.filter((c) => !stays(c)).map((c) => c.id);
      newCards = targets.map((t) => ({ ...t, teamId: toTeam.id }));
      for (const target of targets) {
        if (activeCards.some((c) => c.platform === target.platform && c.channel === target.channel)) continue;
        outbox.push({ dedupeKey: `card.post:${now.id}:${target.platform}:${target.channel}:v${now.version + 1}`, channel: target.channel, intent: { kind: 'card.post', platform: target.platform, commentId: now.id, cardId: NEW_CARD } });
      }
    }
    outbox.push(...activeCards.map((c) => cardUpdateItem(c, now.version + 1)));
    const written = await deps.store.writeComment({
      commentId: now.id,
      expectedVersion: now.version,
      changes,
      event: { type: toTeam ? 'routed_by_triage' : 'triaged', actorId: null, data: { ...triageEventData(effects), ...(toTeam ? { from: { teamId: now.teamId }, toTeamId: toTeam.id } : {}) } },
      deactivateCardIds,
      newCards,
      outbox,
      now: at,
    });
    if (written) return;
  }
}

/**
 * What of a triage still applies when it is written: someone may have claimed, closed or moved the
 * comment since the model was asked. A route or a raise then stays undone (the labels still show).
 */
function applicableEffects(triage: CommentTriage, now: CommentRecord): CommentTriage {
  if (triage.state !== 'classified') return triage;
  const untouched = now.status === 'open' && now.routedAt === null;
  const routedToTeamId = untouched && triage.routedToTeamId !== now.teamId ? triage.routedToTeamId : null;
  const raisedPriority = triage.raisedPriority && (now.status === 'open' || now.status === 'claimed') && (now.priority === 'normal' || now.priority === 'low');
  // A route that can no longer be made becomes a suggestion; a suggestion of the team it is in now is none.
  const suggested = triage.suggestTeamId ?? (routedToTeamId === null ? triage.routedToTeamId : null);
  const suggestTeamId = routedToTeamId !== null || suggested === now.teamId ? null : suggested;
  return { ...triage, routedToTeamId, raisedPriority, suggestTeamId };
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

/** Urgent or negative comments of a team that turned automatic drafts on (the team it is in after triage). */
function wantsAutomaticDraft(triage: Extract<CommentTriage, { state: 'classified' }>, comment: CommentRecord, deps: TriageDeps): boolean {
  if (!deps.autoDraft) return false;
  const team = deps.directory.team(triage.routedToTeamId ?? comment.teamId);
  if (!team?.tone?.autoDrafts) return false;
  return triage.labels.urgency === 'high' || triage.labels.sentiment === 'negative';
}
