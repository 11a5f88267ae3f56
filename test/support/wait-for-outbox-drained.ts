import type { Database } from '../../src/store/open-database.ts';

/** Captured at load, so that polling still runs when a test installs fake timers. */
const realSetTimeout = globalThis.setTimeout;

/**
 * Waits until the outbox holds no pending row. A row stays pending until its chat call has been made
 * and answered (a lost answer, a retry or a wait for its card's post puts it back in line), so once
 * none is left every call the desk queued has happened and nothing more goes out until something new
 * is queued: the moment to count posts and assert that no duplicate came, instead of pausing and
 * hoping a stray one would have shown up by then.
 */
export async function waitForOutboxDrained(db: Pick<Database, 'prisma'>, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if ((await db.prisma.outbox.count({ where: { status: 'pending' } })) === 0) return;
    if (performance.now() > deadline) {
      const pending = await db.prisma.outbox.findMany({
        where: { status: 'pending' },
        select: { id: true, kind: true, channel: true, attempts: true, nextAttemptAt: true, lastError: true },
        orderBy: { id: 'asc' },
        take: 10,
      });
      const rows = pending.map((r) => `#${r.id} ${r.kind} ${r.channel ?? '-'} attempts=${r.attempts} next=${r.nextAttemptAt.toISOString()}${r.lastError ? ` (${r.lastError})` : ''}`);
      throw new Error(`the outbox did not drain within ${timeoutMs} ms; still pending: ${rows.join('; ')}`);
    }
    await new Promise((resolve) => realSetTimeout(resolve, 20));
  }
}
