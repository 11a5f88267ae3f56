import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/open-database.ts';
import { PrismaOutboxStore } from '../../src/store/prisma-outbox-store.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * Many deliverers claiming from one outbox at once (instances on one PostgreSQL): each row is handed
 * out once. The race this guards against: a claim whose snapshot predates another instance's commit
 * reaching the row after that commit; the lock conditions must be re-checked on the locked row.
 */
describe.skipIf(!backends().includes('postgres'))('outbox claims by concurrent instances on PostgreSQL', () => {
  let database: TestDatabase;
  let second: Database;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    second = await database.reopen();
  });
  afterAll(async () => {
    await second?.close();
    await database?.drop();
  });

  it('hands every row out exactly once', async () => {
    const ROWS = 3000;
    await database.db.prisma.$executeRawUnsafe(`
      INSERT INTO outbox (dedupe_key, kind, payload, channel, status, attempts, next_attempt_at, created_at)
      SELECT 'k' || i, 'person.notify', '{"kind":"person.notify"}'::jsonb, NULL, 'pending', 0, now() - interval '1 minute', now()
      FROM generate_series(1, ${ROWS}) AS i`);
    const stores = [new PrismaOutboxStore(database.db.prisma, { legacyPlatform: 'slack' }), new PrismaOutboxStore(second.prisma, { legacyPlatform: 'slack' })];
    const seen: bigint[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async (_, worker) => {
        const store = stores[worker % 2]!;
        for (;;) {
          const rows = await store.claimDue(new Date(), 7, 30_000, { busyChannels: [], postsPerChannel: null });
          if (!rows.length) break;
          for (const row of rows) seen.push(row.id);
          // Finish them, as delivery does, so a later claim's snapshot may predate this commit.
          await Promise.all(rows.map((row) => store.complete(row.id, new Date())));
        }
      }),
    );
    const counts = new Map<bigint, number>();
    for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
    const twice = [...counts.entries()].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    expect(counts.size).toBe(ROWS);
  }, 120_000);
});
