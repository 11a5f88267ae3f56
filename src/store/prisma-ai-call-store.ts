import type { AiCallRecord, AiCallStore, AiMonthSummary } from '../domain/ai-call-store.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** AI calls in `ai_call`: one row per call, summed per month for the budget. */
export class PrismaAiCallStore implements AiCallStore {
  constructor(private readonly prisma: PrismaClient) {}

  async record(call: AiCallRecord): Promise<void> {
    const usage = call.usage;
    await this.prisma.aiCall.create({
      data: {
        at: call.at,
        kind: call.kind,
        model: call.model,
        requestId: call.requestId,
        commentId: call.commentId,
        promptTokens: usage?.prompt_tokens ?? 0,
        completionTokens: usage?.completion_tokens ?? 0,
        cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
        cost: call.cost,
        outcome: call.outcome,
      },
    });
  }

  async spentBetween(start: Date, end: Date): Promise<number> {
    const sum = await this.prisma.aiCall.aggregate({ where: { at: { gte: start, lt: end } }, _sum: { cost: true } });
    return sum._sum.cost ?? 0;
  }

  async summaryBetween(start: Date, end: Date): Promise<AiMonthSummary> {
    const rows = await this.prisma.aiCall.groupBy({
      by: ['kind'],
      where: { at: { gte: start, lt: end } },
      _count: true,
      _sum: { cost: true, promptTokens: true, completionTokens: true },
    });
    const summary: AiMonthSummary = { calls: 0, promptTokens: 0, completionTokens: 0, cost: 0, byKind: {} };
    for (const r of rows) {
      summary.calls += r._count;
      summary.promptTokens += r._sum.promptTokens ?? 0;
      summary.completionTokens += r._sum.completionTokens ?? 0;
      summary.cost += r._sum.cost ?? 0;
      summary.byKind[r.kind] = { calls: r._count, cost: r._sum.cost ?? 0 };
    }
    return summary;
  }
}
