import type { DraftProblem } from '../domain/draft-check.ts';
import type { AiCallKind, AiCallRecord, AiMonthSummary, AiUsageTotals, DraftOrigin, DraftStore, NewCommentDraft, StoredDraft } from '../domain/draft-store.ts';
import type { AddressForm, ReplyLanguage } from '../domain/tone.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

type DraftRow = Prisma.CommentDraftGetPayload<object>;

/** A token count as stored: a whole, non-negative number (the API's figures are not trusted blindly). */
const tokens = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), 2_147_483_647) : 0);
/** Sums of costs rounded as `costOf` rounds one call, so a month's sum compares exactly. */
const money = (n: unknown): number => Math.round(Number(n ?? 0) * 1e9) / 1e9;

/** AI calls (`ai_call`) and reply drafts (`comment_draft`) on Prisma; the month's figures as one SQL aggregation. */
export class PrismaDraftStore implements DraftStore {
  constructor(private readonly prisma: PrismaClient) {}

  async recordAiCall(call: AiCallRecord): Promise<void> {
    // One plain INSERT: every model call writes a row, and this skips the ORM's query building.
    await this.prisma.$executeRaw`
      INSERT INTO ai_call (at, kind, model, request_id, comment_id, prompt_tokens, completion_tokens, cached_tokens, cost, outcome)
      VALUES (${call.at}, ${call.kind}, ${call.model}, ${call.requestId}, ${call.commentId}::uuid,
              ${tokens(call.usage?.prompt_tokens)}, ${tokens(call.usage?.completion_tokens)}, ${tokens(call.usage?.prompt_tokens_details?.cached_tokens)},
              ${call.cost}::double precision, ${call.outcome})`;
  }

  async monthSpend(start: Date, end: Date): Promise<number> {
    const sum = await this.prisma.aiCall.aggregate({ where: { at: { gte: start, lt: end } }, _sum: { cost: true } });
    return money(sum._sum.cost);
  }

  async monthSummary(start: Date, end: Date): Promise<AiMonthSummary> {
    const rows = await this.prisma.$queryRaw<
      { kind: string; calls: bigint; failed: bigint; unpriced: bigint; prompt: bigint | null; completion: bigint | null; cached: bigint | null; cost: number | null }[]
    >`
      SELECT "kind",
             count(*) AS calls,
             count(*) FILTER (WHERE "outcome" <> 'ok') AS failed,
             count(*) FILTER (WHERE "cost" IS NULL) AS unpriced,
             sum("prompt_tokens") AS prompt,
             sum("completion_tokens") AS completion,
             sum("cached_tokens") AS cached,
             sum("cost") AS cost
      FROM "ai_call"
      WHERE "at" >= ${start} AND "at" < ${end}
      GROUP BY "kind"
      ORDER BY "kind"`;
    const total: AiUsageTotals = emptyTotals();
    const byKind: AiMonthSummary['byKind'] = {};
    for (const row of rows) {
      const figures: AiUsageTotals = {
        calls: Number(row.calls),
        failed: Number(row.failed),
        unpriced: Number(row.unpriced),
        promptTokens: Number(row.prompt ?? 0),
        completionTokens: Number(row.completion ?? 0),
        cachedTokens: Number(row.cached ?? 0),
        cost: money(row.cost),
      };
      byKind[row.kind as AiCallKind] = figures;
      for (const key of Object.keys(total) as (keyof AiUsageTotals)[]) total[key] += figures[key];
    }
    return { ...total, cost: money(total.cost), byKind };
  }

  async saveDraft(draft: NewCommentDraft): Promise<StoredDraft> {
    const row = await this.prisma.commentDraft.create({
      data: {
        commentId: draft.commentId,
        memberId: draft.memberId,
        text: draft.text,
        language: draft.language,
        address: draft.address,
        savedReplyId: draft.savedReplyId,
        facts: draft.facts,
        problems: draft.problems as unknown as Prisma.InputJsonValue,
        origin: draft.origin,
        createdAt: draft.at,
      },
    });
    return toDraft(row);
  }

  async latestDraft(commentId: string): Promise<StoredDraft | null> {
    const row = await this.prisma.commentDraft.findFirst({ where: { commentId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    return row ? toDraft(row) : null;
  }
}

function emptyTotals(): AiUsageTotals {
  return { calls: 0, failed: 0, unpriced: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0, cost: 0 };
}

function toDraft(row: DraftRow): StoredDraft {
  return {
    id: row.id,
    commentId: row.commentId,
    memberId: row.memberId,
    text: row.text,
    language: row.language as ReplyLanguage,
    address: (row.address as AddressForm | null) ?? null,
    savedReplyId: row.savedReplyId,
    facts: Array.isArray(row.facts) ? row.facts.filter((f): f is string => typeof f === 'string') : [],
    problems: Array.isArray(row.problems) ? (row.problems as unknown as DraftProblem[]) : [],
    origin: row.origin as DraftOrigin,
    at: row.createdAt,
  };
}
