import type { CardRecord, CommentRecord } from '../domain/comment.ts';
import type { IncomingComment } from '../domain/incoming-comment.ts';
import type { OutboxItem } from '../domain/notice.ts';
import { type CommentWrite, type DeskStore, type IngestResult, NEW_CARD, type NewCommentPlan } from '../domain/ports.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;

/** The desk's storage on Prisma (PGlite or PostgreSQL). */
export class PrismaDeskStore implements DeskStore {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * One statement, one round trip: the comment, its `received` event, its card and the card's outbox
   * row go in together or not at all. A repeated delivery hits the unique (source, external_id) and
   * inserts nothing.
   */
  async insertComment(c: IncomingComment, plan: NewCommentPlan, now: Date): Promise<IngestResult> {
    const eventData = JSON.stringify({ teamId: plan.teamId, priority: plan.priority, rules: plan.matchedRules });
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH c AS (
        INSERT INTO comment (id, source, external_id, text, author_name, author_id, permalink, post_id, parent_id,
                             language, created_at, received_at, team_id, priority, status, is_drill, version)
        VALUES (gen_random_uuid(), ${c.source}, ${c.externalId}, ${c.text}, ${c.authorName}, ${c.authorId ?? null},
                ${c.permalink ?? null}, ${c.postId ?? null}, ${c.parentId ?? null}, ${c.language ?? null},
                ${c.createdAt}, ${now}, ${plan.teamId}, ${plan.priority}::"Priority", 'open', ${plan.isDrill}, 1)
        ON CONFLICT (source, external_id) DO NOTHING
        RETURNING id
      ), e AS (
        INSERT INTO event (comment_id, type, actor_id, data, at)
        SELECT id, 'received', NULL, ${eventData}::jsonb, ${now} FROM c
      ), card AS (
        INSERT INTO chat_card (id, comment_id, platform, channel, team_id, active, created_at)
        SELECT gen_random_uuid(), c.id, ${plan.card?.platform ?? ''}, ${plan.card?.channel ?? ''}, ${plan.teamId}, true, ${now}
        FROM c WHERE ${plan.card !== null}
        RETURNING id, comment_id
      ), o AS (
        INSERT INTO outbox (dedupe_key, kind, payload, channel, status, attempts, next_attempt_at, created_at)
        SELECT 'card.post:' || card.comment_id || ':' || ${plan.card?.platform ?? ''} || ':' || ${plan.card?.channel ?? ''} || ':v1',
               'card.post', jsonb_build_object('kind', 'card.post', 'cardId', card.id), ${plan.card?.channel ?? null},
               'pending', 0, ${now}, ${now}
        FROM card
        ON CONFLICT (dedupe_key) DO NOTHING
      )
      SELECT id::text AS id FROM c`;
    const created = rows[0];
    if (created) return { commentId: created.id, created: true };
    const existing = await this.prisma.comment.findUnique({
      where: { source_externalId: { source: c.source, externalId: c.externalId } },
      select: { id: true },
    });
    if (!existing) throw new Error(`comment ${c.source}/${c.externalId} was neither inserted nor found`);
    return { commentId: existing.id, created: false };
  }

  async getComment(id: string): Promise<CommentRecord | null> {
    if (!isUuid(id)) return null;
    return this.prisma.comment.findUnique({ where: { id } });
  }

  async findCommentBySource(source: string, externalId: string): Promise<CommentRecord | null> {
    return this.prisma.comment.findUnique({ where: { source_externalId: { source, externalId } } });
  }

  async cardsOf(commentId: string): Promise<CardRecord[]> {
    return this.prisma.chatCard.findMany({ where: { commentId }, orderBy: { createdAt: 'asc' } });
  }

  async writeComment(w: CommentWrite): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.comment.updateMany({
        where: { id: w.commentId, version: w.expectedVersion },
        data: { ...w.changes, version: { increment: 1 } },
      });
      if (count === 0) return false;
      await tx.event.create({
        data: { commentId: w.commentId, type: w.event.type, actorId: w.event.actorId, data: w.event.data as Prisma.InputJsonValue, at: w.now },
      });
      if (w.deactivateCardIds?.length) {
        await tx.chatCard.updateMany({ where: { id: { in: w.deactivateCardIds } }, data: { active: false } });
      }
      let newCardId: string | undefined;
      if (w.newCard) {
        const card = await tx.chatCard.upsert({
          where: { commentId_platform_channel: { commentId: w.commentId, platform: w.newCard.platform, channel: w.newCard.channel } },
          create: { commentId: w.commentId, ...w.newCard, active: true, createdAt: w.now },
          update: { active: true, teamId: w.newCard.teamId },
        });
        newCardId = card.id;
      }
      await insertOutbox(tx, w.outbox, w.now, newCardId);
      return true;
    });
  }

  async openWorkByTeam() {
    const rows = await this.prisma.$queryRaw<{ team_id: string; open: bigint; claimed: bigint; oldest: Date | null }[]>`
      SELECT team_id,
             count(*) FILTER (WHERE status = 'open') AS open,
             count(*) FILTER (WHERE status = 'claimed') AS claimed,
             min(received_at) AS oldest
      FROM comment
      WHERE status IN ('open', 'claimed') AND NOT is_drill
      GROUP BY team_id`;
    return rows.map((r) => ({ teamId: r.team_id, open: Number(r.open), claimed: Number(r.claimed), oldestReceivedAt: r.oldest }));
  }

  async enqueue(items: OutboxItem[], now: Date): Promise<void> {
    await insertOutbox(this.prisma, items, now);
  }
}

async function insertOutbox(db: Tx | PrismaClient, items: OutboxItem[], now: Date, newCardId?: string): Promise<void> {
  if (!items.length) return;
  await db.outbox.createMany({
    skipDuplicates: true,
    data: items.map((item) => {
      const intent =
        'cardId' in item.intent && item.intent.cardId === NEW_CARD
          ? { ...item.intent, cardId: requireCard(newCardId) }
          : item.intent;
      return {
        dedupeKey: item.dedupeKey,
        kind: intent.kind,
        payload: intent as unknown as Prisma.InputJsonValue,
        channel: item.channel,
        nextAttemptAt: now,
        createdAt: now,
      };
    }),
  });
}

function requireCard(id: string | undefined): string {
  if (!id) throw new Error('an outbox row refers to a new card, but the write creates none');
  return id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
