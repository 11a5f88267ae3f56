import { type PriceTable, type TokenUsage, budgetState, costOf, monthBounds, monthKey } from '../domain/ai-budget.ts';
import type { CommentRecord } from '../domain/comment.ts';
import type { Directory, Locale, TeamInfo } from '../domain/directory.ts';
import { type DraftProblem, type DraftProblemCode, checkDraft } from '../domain/draft-check.ts';
import type { DraftOrigin, DraftStore } from '../domain/draft-store.ts';
import { type NoModelReason, draftTextsFor, replyKind } from '../domain/draft-texts.ts';
import { cleanDraft } from '../domain/draft-text.ts';
import { textsFor } from '../domain/i18n.ts';
import { isUuid } from '../domain/ids.ts';
import type { Clock, DeskStore } from '../domain/ports.ts';
import type { ThreadReads } from '../domain/triage-queue.ts';
import type { ModelDraft, ReplyDrafter } from '../domain/reply-drafter.ts';
import type { RichText } from '../domain/rich-text.ts';
import { closestSavedReplies, fillSavedReply, savedRepliesFor } from '../domain/saved-replies.ts';
import type { AddressForm, ReplyLanguage, SavedReply } from '../domain/tone.ts';
import { type MemberDeps, resolveMember } from './resolve-member.ts';

export interface DraftReplyInput {
  commentId: string;
  /** Who asked, as the chat platform knows them. */
  platform: string;
  platformUserId: string;
  /** The channel they asked in, if any (finds people of `members: channel` teams). */
  channel?: string;
  /** The language to answer in, where the surface knows the reader's; default: the member's. */
  locale?: Locale;
  /**
   * A draft nobody asked for (urgent or negative comments, when the team turns it on): from 80 % of the
   * month's budget it gets no model call. A button press (the default) gets one up to 100 %.
   */
  automatic?: boolean;
  /** A saved reply the person chose (the select on the card): filled in, checked and stored; no model call. */
  savedReplyId?: string;
}

export interface DraftReplyDeps extends MemberDeps {
  store: Pick<DeskStore, 'getComment'> & Partial<ThreadReads>;
  directory: Directory;
  drafts: DraftStore;
  /** Null: no AI configured; saved replies only. */
  drafter: ReplyDrafter | null;
  prices: PriceTable;
  /** In the price table's currency; null: no limit. */
  monthlyBudget: number | null;
  clock: Clock;
  /** The zone the budget month is counted in (the desk's). */
  timeZone: string;
}

export interface DraftProblemView {
  code: DraftProblemCode;
  /** What was found in the draft (plain text, short). */
  found: string[];
  /** What to fix, in the asker's language (plain text). */
  text: string;
}

/** A draft as adapters show it: privately, to the person who asked, laid out to copy cleanly. Plain text throughout. */
export interface DraftView {
  draftId: string;
  commentId: string;
  /** The reply (cleaned; a stranger's name may be in it, so render it as text, never as markup). */
  text: string;
  language: ReplyLanguage;
  address: AddressForm | null;
  origin: DraftOrigin;
  savedReplyId: string | null;
  savedReplyTitle: string | null;
  factsToCheck: string[];
  problems: DraftProblemView[];
  /** The check found problems: show the draft marked "needs editing", with the problems' texts. */
  needsEditing: boolean;
  /** Why a saved reply stands in for an AI draft, or null. */
  fallback: NoModelReason | null;
  /** The same in the asker's language, or null. */
  note: string | null;
}

export type DraftReplyRefusal = 'not_member' | 'unknown_comment' | 'no_draft' | 'unknown_saved_reply';

export type DraftReplyResult =
  | { ok: true; draft: DraftView }
  | { ok: false; code: DraftReplyRefusal; message: RichText; reason?: NoModelReason };

/** Earlier comments of the thread given to the model as context. */
const THREAD_CONTEXT = 5;

const NO_USAGE: TokenUsage = { prompt_tokens: 0, completion_tokens: 0 };

/**
 * A reply draft for one comment, for the person who asked: written by the model in the team's tone
 * when AI is set up and the budget allows (the call recorded with its cost), else the closest saved
 * reply filled in. Either way checked in our code (`checkDraft`) and stored with the comment; a draft
 * with problems is marked "needs editing". It is only ever shown, never sent.
 */
export async function draftReply(input: DraftReplyInput, deps: DraftReplyDeps): Promise<DraftReplyResult> {
  const { directory } = deps;
  const member = await resolveMember({ platform: input.platform, platformUserId: input.platformUserId, ...(input.channel ? { channel: input.channel } : {}) }, deps);
  if (!member) {
    const locale = input.locale ?? directory.localeOf(undefined, directory.defaults.teamId);
    return { ok: false, code: 'not_member', message: textsFor(locale).notMember };
  }
  return draftFor({ id: member.id, name: member.name }, input, deps);
}

/** Who an automatic draft is stored for: nobody asked; the first person who presses Draft reply gets it. */
export const AUTOMATIC_DRAFTER = 'automatic';

/**
 * A draft nobody asked for, for an urgent or negative comment of a team with `autoDrafts` (the triage
 * job calls it): the model only below 80 % of the month's budget, else the closest saved reply. Stored
 * with the comment; shown to the first person who presses Draft reply, without a second model call.
 */
export async function draftAutomatically(commentId: string, deps: DraftReplyDeps): Promise<DraftReplyResult> {
  // Signed with the team's name (draftFor fills it in once it has read the comment).
  return draftFor({ id: AUTOMATIC_DRAFTER, name: '' }, { commentId, platform: '', platformUserId: '', automatic: true }, deps);
}

async function draftFor(member: { id: string; name: string }, input: DraftReplyInput, deps: DraftReplyDeps): Promise<DraftReplyResult> {
  const { directory, drafts, clock } = deps;
  const locale = input.locale ?? (member.id === AUTOMATIC_DRAFTER ? directory.localeOf(undefined, directory.defaults.teamId) : directory.localeOf(member.id));
  const comment = isUuid(input.commentId) ? await deps.store.getComment(input.commentId) : null;
  if (!comment) return { ok: false, code: 'unknown_comment', message: textsFor(locale).unknownComment };

  const team = directory.team(comment.teamId);
  // Who the draft speaks as: the asker, or for an automatic draft the team.
  const agentName = member.id === AUTOMATIC_DRAFTER ? (team?.name ?? '') : member.name;
  const language = replyLanguage(comment.language, team?.locale ?? directory.localeOf(undefined, comment.teamId));
  const address = language === 'de' ? (team?.tone?.address ?? null) : null;
  const closest = closestSavedReplies(comment.text, savedRepliesFor(team?.savedReplies ?? [], language, address ?? undefined), 3);
  const now = clock.now();
  // The thread's earlier comments (its parent, earlier replies): context for the model, and checked against too.
  const thread = deps.store.earlierInThread ? (await deps.store.earlierInThread(comment, THREAD_CONTEXT)).map((c) => c.text) : [];

  const store = async (draft: { text: string; address: AddressForm | null; savedReply: SavedReply | null; facts: string[]; origin: DraftOrigin; fallback: NoModelReason | null; note?: string }) => {
    const text = cleanDraft(draft.text);
    const check = checkDraft(text, {
      source: comment.source,
      language,
      tone: { ...(team?.tone ?? { avoid: [], links: [] }), address: address ?? undefined },
      // The thread is the comment's context: what it carried must not come back either.
      commentText: [...thread, comment.text].join('\n'),
    });
    const problems: DraftProblem[] = check.ok ? [] : check.problems;
    const stored = await drafts.saveDraft({
      commentId: comment.id,
      memberId: member.id,
      text,
      language,
      address: draft.address,
      savedReplyId: draft.savedReply?.id ?? null,
      facts: draft.facts,
      problems,
      origin: draft.origin,
      at: now,
    });
    const view: DraftView = {
      draftId: stored.id,
      commentId: comment.id,
      text,
      language,
      address: draft.address,
      origin: draft.origin,
      savedReplyId: draft.savedReply?.id ?? null,
      savedReplyTitle: draft.savedReply?.title ?? null,
      factsToCheck: draft.facts,
      problems: problems.map((p) => ({ code: p.code, found: p.found, text: p.words[locale] })),
      needsEditing: problems.length > 0,
      fallback: draft.fallback,
      note: draft.note ?? (draft.fallback ? draftTextsFor(locale).savedInstead(draftTextsFor(locale).why[draft.fallback]) : null),
    };
    return { ok: true as const, draft: view };
  };

  // A draft prepared automatically is the first person's answer to Draft reply: no second model call.
  if (!input.automatic && input.savedReplyId === undefined) {
    const latest = await drafts.latestDraft(comment.id);
    if (latest && latest.memberId === AUTOMATIC_DRAFTER) {
      const savedReply = (team?.savedReplies ?? []).find((r) => r.id === latest.savedReplyId) ?? null;
      return store({ text: latest.text, address: latest.address, savedReply, facts: latest.facts, origin: latest.origin, fallback: null, note: draftTextsFor(locale).preparedAutomatically });
    }
  }

  if (input.savedReplyId !== undefined) {
    const chosen = (team?.savedReplies ?? []).find((r) => r.id === input.savedReplyId);
    if (!chosen) return { ok: false, code: 'unknown_saved_reply', message: draftTextsFor(locale).unknownSavedReply };
    const text = fillSavedReply(chosen, { authorName: comment.authorName, agentName });
    return store({ text, address: chosen.address ?? address, savedReply: chosen, facts: [], origin: 'saved', fallback: null });
  }

  let why: NoModelReason;
  if (!deps.drafter) why = 'no_ai';
  else {
    const budget = await budgetNow(now, deps);
    if (budget === 'triage_off') why = 'budget';
    else if (budget === 'drafts_off' && input.automatic) why = 'budget_automatic';
    else {
      const drafted = await askModel(deps.drafter, comment, team, { language, address, closest, agentName, now, thread }, deps);
      if (drafted.ok) {
        const { draft } = drafted;
        const savedReply = closest.find((r) => r.id === draft.savedReplyUsed) ?? null;
        // An unconfigured German team leaves the form to the model; a configured one is what was asked for.
        const used = language === 'de' ? (address ?? (draft.addressUsed === 'none' ? null : draft.addressUsed)) : null;
        return store({ text: draft.text, address: used, savedReply, facts: draft.factsToCheck, origin: 'model', fallback: null });
      }
      why = drafted.reason;
    }
  }

  const best = closest[0];
  if (best) {
    const text = fillSavedReply(best, { authorName: comment.authorName, agentName });
    return store({ text, address: best.address ?? address, savedReply: best, facts: [], origin: 'saved', fallback: why });
  }
  const t = draftTextsFor(locale);
  return { ok: false, code: 'no_draft', reason: why, message: t.noDraft(t.why[why], team?.name ?? comment.teamId, replyKind(locale, language, address)) };
}

/** The comment's language when it is one drafts are written in ("de-AT" is German), else the team's. */
function replyLanguage(commentLanguage: string | null, teamLocale: Locale): ReplyLanguage {
  const primary = (commentLanguage ?? '').toLowerCase().split(/[-_]/)[0];
  return primary === 'de' || primary === 'en' ? primary : teamLocale;
}

async function budgetNow(now: Date, deps: DraftReplyDeps) {
  if (deps.monthlyBudget === null) return 'ok' as const;
  const { start, end } = monthBounds(monthKey(now, deps.timeZone), deps.timeZone);
  return budgetState(await deps.drafts.monthSpend(start, end), deps.monthlyBudget);
}

async function askModel(
  drafter: ReplyDrafter,
  comment: CommentRecord,
  team: TeamInfo | undefined,
  request: { language: ReplyLanguage; address: AddressForm | null; closest: SavedReply[]; agentName: string; now: Date; thread: string[] },
  deps: DraftReplyDeps,
): Promise<{ ok: true; draft: ModelDraft } | { ok: false; reason: Exclude<NoModelReason, 'no_ai' | 'budget' | 'budget_automatic'> }> {
  const thread = request.thread;
  const result = await drafter.draft({
    comment: { text: comment.text, authorName: comment.authorName, source: comment.source, language: comment.language },
    ...(thread.length ? { thread } : {}),
    tone: team?.tone,
    address: request.address,
    language: request.language,
    savedReplies: request.closest,
    agentName: request.agentName,
  });
  // Every call is counted, failed ones too: a refused or cut-off answer costs its tokens.
  const model = result.ok ? result.model : drafter.model;
  const usage = result.usage ?? null;
  await deps.drafts.recordAiCall({
    kind: 'draft',
    model,
    requestId: result.requestId ?? null,
    commentId: comment.id,
    usage,
    cost: costOf(usage ?? NO_USAGE, model, deps.prices),
    outcome: result.ok ? 'ok' : result.reason,
    at: request.now,
  });
  return result.ok ? { ok: true, draft: result.draft } : { ok: false, reason: result.reason };
}
