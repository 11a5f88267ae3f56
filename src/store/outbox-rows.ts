import type { OutboxItem } from '../domain/outbox-intent.ts';
import { Prisma } from '../generated/prisma/client.ts';

/** Outbox items as rows for `outbox.createMany` (with `skipDuplicates`: a repeated key is dropped), due at `now`. */
export function outboxRows(items: OutboxItem[], now: Date): Prisma.OutboxCreateManyInput[] {
  return items.map((item) => ({
    dedupeKey: item.dedupeKey,
    kind: item.intent.kind,
    payload: item.intent as unknown as Prisma.InputJsonValue,
    channel: item.channel,
    nextAttemptAt: now,
    createdAt: now,
  }));
}

/**
 * Queues a refresh of every active card of the comments a statement just changed, inside that
 * statement: `changed` names its CTE (columns `id` and the new `version`), `at` is when they are due.
 * Key and payload are those of `cardUpdateItem` (src/use-cases/card-outbox.ts), so a refresh queued
 * here and one queued by a use case for the same version are the same row.
 */
export function queueCardUpdates(changed: string, at: Prisma.Sql): Prisma.Sql {
  if (!/^[a-z_]+$/.test(changed)) throw new Error(`not a CTE name: ${changed}`);
  const c = Prisma.raw(changed);
  return Prisma.sql`
        INSERT INTO outbox (dedupe_key, kind, payload, channel, status, attempts, next_attempt_at, created_at)
        SELECT 'card.update:' || cc.id || ':v' || ${c}.version, 'card.update',
               jsonb_build_object('kind', 'card.update', 'platform', cc.platform, 'commentId', cc.comment_id, 'cardId', cc.id, 'version', ${c}.version),
               cc.channel, 'pending', 0, ${at}, ${at}
        FROM ${c} JOIN chat_card cc ON cc.comment_id = ${c}.id AND cc.active
        ON CONFLICT (dedupe_key) DO NOTHING`;
}
