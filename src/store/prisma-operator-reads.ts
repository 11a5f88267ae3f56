import type { ChannelDeliveries, FailedDelivery, OperatorReads, OutboxTotals, RetryTarget } from '../domain/operator-reads.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { retryFailedOutboxRows } from './prisma-outbox-store.ts';

/**
 * The operator's reads as a few aggregations over `outbox` and `chat_conversation`. Done rows are
 * never deleted, so the per-channel figures scan the table: fine for a page an operator opens now and
 * then, not for anything on a hot path.
 */
export class PrismaOperatorReads implements OperatorReads {
  constructor(private readonly prisma: PrismaClient) {}

  async outboxTotals(since: Date): Promise<OutboxTotals> {
    const [row] = await this.prisma.$queryRaw<{ pending: number; failed: number; done_since: number; oldest_pending_at: Date | null }[]>`
      SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
             count(*) FILTER (WHERE status = 'failed')::int AS failed,
             count(*) FILTER (WHERE status = 'done' AND done_at >= ${since})::int AS done_since,
             min(created_at) FILTER (WHERE status = 'pending') AS oldest_pending_at
      FROM outbox`;
    return { pending: row?.pending ?? 0, failed: row?.failed ?? 0, doneSince: row?.done_since ?? 0, oldestPendingAt: row?.oldest_pending_at ?? null };
  }

  async failedDeliveries(limit: number): Promise<FailedDelivery[]> {
    const rows = await this.prisma.$queryRaw<
      { id: bigint; kind: string; platform: string | null; channel: string | null; attempts: number; last_error: string | null; created_at: Date; done_at: Date | null }[]
    >`
      SELECT id, kind, payload->>'platform' AS platform, channel, attempts, last_error, created_at, done_at
      FROM outbox WHERE status = 'failed'
      ORDER BY done_at DESC NULLS LAST, id DESC
      LIMIT ${limit}`;
    return rows.map((r) => ({
      id: BigInt(r.id),
      kind: r.kind,
      platform: r.platform,
      channel: r.channel,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at,
      failedAt: r.done_at,
    }));
  }

  async channelDeliveries(channels: readonly string[]): Promise<ChannelDeliveries[]> {
    if (!channels.length) return [];
    const list = [...channels];
    const rows = await this.prisma.$queryRaw<{ channel: string; last_done_at: Date | null; pending: number; last_failed_at: Date | null; last_error: string | null }[]>`
      WITH counts AS (
        SELECT channel, max(done_at) FILTER (WHERE status = 'done') AS last_done_at, count(*) FILTER (WHERE status = 'pending')::int AS pending
        FROM outbox WHERE channel = ANY(${list}::text[]) GROUP BY channel
      ), failures AS (
        SELECT DISTINCT ON (channel) channel, done_at AS last_failed_at, last_error
        FROM outbox WHERE status = 'failed' AND channel = ANY(${list}::text[])
        ORDER BY channel, done_at DESC NULLS LAST, id DESC
      )
      SELECT c.channel, c.last_done_at, c.pending, f.last_failed_at, f.last_error
      FROM counts c LEFT JOIN failures f ON f.channel = c.channel
      ORDER BY c.channel`;
    return rows.map((r) => ({ channel: r.channel, lastDoneAt: r.last_done_at, lastFailedAt: r.last_failed_at, lastError: r.last_error, pending: r.pending }));
  }

  async storedConversations(platform: string, keys: readonly string[]): Promise<string[]> {
    if (!keys.length) return [];
    const rows = await this.prisma.chatConversation.findMany({ where: { platform, key: { in: [...keys] } }, select: { key: true } });
    return rows.map((r) => r.key);
  }

  retryFailed(target: RetryTarget, now: Date): Promise<number> {
    return retryFailedOutboxRows(this.prisma, target === 'all' ? {} : { id: target.id }, now);
  }
}
