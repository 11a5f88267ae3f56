import { CHANNEL_POST_KINDS, type OutboxIntent } from '../domain/outbox-intent.ts';
import type { CardPostState, OutboxRow, OutboxStore, PostPacing } from '../domain/outbox-store.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

const POSTING = [...CHANNEL_POST_KINDS];

/**
 * Puts chat calls that failed for good back in line, from their first attempt (after the cause is
 * fixed): all of them, those of one `kind`, or one row by `id`. Answers how many. The one way rows
 * come back: `npm run outbox:retry` and the operator's page both call it.
 */
export async function retryFailedOutboxRows(prisma: PrismaClient, filter: { id?: bigint; kind?: string }, now: Date): Promise<number> {
  const { count } = await prisma.outbox.updateMany({
    where: { status: 'failed', ...(filter.id !== undefined ? { id: filter.id } : {}), ...(filter.kind ? { kind: filter.kind } : {}) },
    data: { status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null, doneAt: null },
  });
  return count;
}

export interface OutboxStoreOptions {
  /**
   * The platform of rows written before every row named its own (the only platform there was then);
   * the composition root says which it is, so that such rows still deliver after an upgrade.
   */
  legacyPlatform: string;
}

export class PrismaOutboxStore implements OutboxStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: OutboxStoreOptions,
  ) {}

  async claimDue(now: Date, limit: number, lockMs: number, pacing: PostPacing): Promise<OutboxRow[]> {
    // Paced posts are left alone until their channel's slot: a burst into one channel costs one row
    // per slot, not a re-schedule of the whole backlog each round. SKIP LOCKED lets several instances
    // share the outbox; locked_until frees the rows of a crashed one. Locks run on the database's clock,
    // so an instance whose clock is ahead cannot take rows another one is still sending.
    const rows = await this.prisma.$queryRaw<
      { id: bigint; dedupe_key: string; payload: Omit<OutboxIntent, 'platform'> & { platform?: string }; channel: string | null; attempts: number; created_at: Date }[]
    >`
      WITH due AS (
        SELECT id, channel, kind = ANY(${POSTING}::text[]) AND channel IS NOT NULL AS paced FROM outbox
        WHERE status = 'pending' AND next_attempt_at <= ${now} AND (locked_until IS NULL OR locked_until < statement_timestamp())
          AND NOT (kind = ANY(${POSTING}::text[]) AND channel IS NOT NULL AND channel = ANY(${pacing.busyChannels}::text[]))
        ORDER BY id
        LIMIT ${limit * 10}
      ), ranked AS (
        SELECT id, paced, row_number() OVER (PARTITION BY paced, channel ORDER BY id) AS rn FROM due
      )
      UPDATE outbox SET locked_until = statement_timestamp() + ${lockMs} * interval '1 millisecond', attempts = attempts + 1
      WHERE id IN (
        SELECT o.id FROM outbox o JOIN ranked r ON r.id = o.id
        WHERE (NOT r.paced OR ${pacing.postsPerChannel}::int IS NULL OR r.rn <= ${pacing.postsPerChannel}::int)
          -- Checked again on the row itself: when another instance claimed (or finished) it after this
          -- statement's snapshot was taken, PostgreSQL re-evaluates these conditions on the row it just
          -- locked (the ones in the CTE above it does not), so a row is never handed out twice.
          AND o.status = 'pending' AND (o.locked_until IS NULL OR o.locked_until < statement_timestamp())
        ORDER BY o.id
        LIMIT ${limit}
        FOR UPDATE OF o SKIP LOCKED
      )
      RETURNING id, dedupe_key, payload, channel, attempts, created_at`;
    return rows
      .map((r) => ({ id: BigInt(r.id), dedupeKey: r.dedupe_key, intent: this.intentOf(r.payload), channel: r.channel, attempts: r.attempts, createdAt: r.created_at }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  private intentOf(payload: Omit<OutboxIntent, 'platform'> & { platform?: string }): OutboxIntent {
    if (typeof payload.platform === 'string') return payload as OutboxIntent;
    return { ...payload, platform: this.options.legacyPlatform } as OutboxIntent;
  }

  async complete(id: bigint, now: Date): Promise<void> {
    await this.prisma.$executeRaw`UPDATE outbox SET status = 'done', done_at = ${now}, locked_until = NULL WHERE id = ${id}`;
  }

  async completeCardPost(id: bigint, cardId: string, messageId: string, now: Date): Promise<void> {
    // One statement, so the card's message id and the row's completion are stored together.
    await this.prisma.$executeRaw`
      WITH card AS (UPDATE chat_card SET message_id = ${messageId}, posted_at = ${now} WHERE id = ${cardId}::uuid)
      UPDATE outbox SET status = 'done', done_at = ${now}, locked_until = NULL WHERE id = ${id}`;
  }

  async completeCardUpdate(id: bigint, cardId: string, version: number, now: Date): Promise<void> {
    // One statement: the row, and the card's older pending updates it covers (not ones another instance holds).
    await this.prisma.$executeRaw`
      WITH sent AS (UPDATE outbox SET status = 'done', done_at = ${now}, locked_until = NULL WHERE id = ${id})
      UPDATE outbox SET status = 'done', done_at = ${now}, last_error = 'superseded by a later update'
      WHERE status = 'pending' AND kind = 'card.update' AND id <> ${id}
        AND payload->>'cardId' = ${cardId} AND (payload->>'version')::int <= ${version}
        AND (locked_until IS NULL OR locked_until < statement_timestamp())`;
  }

  async reschedule(id: bigint, at: Date, options: { attempted: boolean; error?: string }): Promise<void> {
    await this.prisma.outbox.update({
      where: { id },
      data: {
        nextAttemptAt: at,
        lockedUntil: null,
        ...(options.attempted ? {} : { attempts: { decrement: 1 } }),
        ...(options.error !== undefined ? { lastError: options.error.slice(0, 1000) } : {}),
      },
    });
  }

  async fail(id: bigint, error: string, now: Date): Promise<void> {
    await this.prisma.outbox.update({
      where: { id },
      data: { status: 'failed', lastError: error.slice(0, 1000), doneAt: now, lockedUntil: null },
    });
  }

  async hasPendingCrisisPost(crisisId: string): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT 1 AS n FROM outbox
      WHERE status = 'pending' AND kind IN ('crisis.room', 'crisis.post', 'crisis.page') AND payload->>'crisisId' = ${crisisId} LIMIT 1`;
    return rows.length > 0;
  }

  async cardPostState(cardId: string): Promise<CardPostState> {
    // A card has one post (its dedupe key). The lock is judged on the database's clock, as claimDue takes it.
    const rows = await this.prisma.$queryRaw<{ sending: boolean }[]>`
      SELECT coalesce(locked_until >= statement_timestamp(), false) AS sending FROM outbox
      WHERE status = 'pending' AND kind = 'card.post' AND payload->>'cardId' = ${cardId}
      LIMIT 1`;
    if (!rows.length) return 'none';
    return rows[0]!.sending ? 'sending' : 'waiting';
  }
}
