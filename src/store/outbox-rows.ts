import type { OutboxItem } from '../domain/notice.ts';
import type { Prisma } from '../generated/prisma/client.ts';

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
