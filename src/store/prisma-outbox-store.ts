import type { OutboxIntent } from '../domain/notice.ts';
import type { OutboxRow, OutboxStore } from '../jobs/outbox-store.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

export class PrismaOutboxStore implements OutboxStore {
  constructor(private readonly prisma: PrismaClient) {}

  async claimDue(now: Date, limit: number, lockMs: number): Promise<OutboxRow[]> {
    const until = new Date(now.getTime() + lockMs);
    // SKIP LOCKED lets several instances share the outbox; locked_until frees rows of a crashed one.
    const rows = await this.prisma.$queryRaw<
      { id: bigint; dedupe_key: string; payload: OutboxIntent; channel: string | null; attempts: number }[]
    >`
      UPDATE outbox SET locked_until = ${until}
      WHERE id IN (
        SELECT id FROM outbox
        WHERE status = 'pending' AND next_attempt_at <= ${now} AND (locked_until IS NULL OR locked_until < ${now})
        ORDER BY id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, dedupe_key, payload, channel, attempts`;
    return rows
      .map((r) => ({ id: BigInt(r.id), dedupeKey: r.dedupe_key, intent: r.payload, channel: r.channel, attempts: r.attempts }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async complete(id: bigint, now: Date): Promise<void> {
    await this.prisma.outbox.update({ where: { id }, data: { status: 'done', doneAt: now, lockedUntil: null } });
  }

  async completeCardPost(id: bigint, cardId: string, messageId: string, now: Date): Promise<void> {
    // One statement, so the card's message id and the row's completion are stored together.
    await this.prisma.$executeRaw`
      WITH card AS (UPDATE chat_card SET message_id = ${messageId}, posted_at = ${now} WHERE id = ${cardId}::uuid)
      UPDATE outbox SET status = 'done', done_at = ${now}, locked_until = NULL WHERE id = ${id}`;
  }

  async supersedeCardUpdates(cardId: string, version: number, now: Date): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE outbox SET status = 'done', done_at = ${now}, last_error = 'superseded by a later update'
      WHERE status = 'pending' AND kind = 'card.update'
        AND payload->>'cardId' = ${cardId} AND (payload->>'version')::int <= ${version}
        AND (locked_until IS NULL OR locked_until < ${now})`;
  }

  async reschedule(id: bigint, at: Date, options: { countAttempt: boolean; error?: string }): Promise<void> {
    await this.prisma.outbox.update({
      where: { id },
      data: {
        nextAttemptAt: at,
        lockedUntil: null,
        ...(options.countAttempt ? { attempts: { increment: 1 } } : {}),
        ...(options.error !== undefined ? { lastError: options.error.slice(0, 1000) } : {}),
      },
    });
  }

  async fail(id: bigint, error: string, now: Date): Promise<void> {
    await this.prisma.outbox.update({
      where: { id },
      data: { status: 'failed', lastError: error.slice(0, 1000), doneAt: now, lockedUntil: null, attempts: { increment: 1 } },
    });
  }

  async hasPendingPost(cardId: string): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT 1 AS n FROM outbox WHERE status = 'pending' AND kind = 'card.post' AND payload->>'cardId' = ${cardId} LIMIT 1`;
    return rows.length > 0;
  }

  async pendingCount(): Promise<number> {
    return this.prisma.outbox.count({ where: { status: 'pending' } });
  }
}
