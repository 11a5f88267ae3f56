import { describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { ConsoleLive } from '../../../src/chat/console/console-live.ts';
import type { InboxReads, LoggedChange } from '../../../src/domain/inbox-reads.ts';
import { createLogger } from '../../../src/logger.ts';

/** The event log as the poller sees it: entries become visible when their transaction "commits". */
class FakeLog implements Pick<InboxReads, 'latestChangeId' | 'changesSince'> {
  visible: LoggedChange[] = [];
  reads = 0;
  commit(id: number, commentId: string | null, crisisId: string | null = null) {
    this.visible.push({ id: BigInt(id), commentId, crisisId });
    this.visible.sort((a, b) => Number(a.id - b.id));
  }
  async latestChangeId() {
    return this.visible.reduce((max, c) => (c.id > max ? c.id : max), 0n);
  }
  async changesSince(afterId: bigint, limit: number) {
    this.reads++;
    return this.visible.filter((c) => c.id > afterId).slice(0, limit);
  }
}

class FakeResponse {
  chunks: string[] = [];
  status = 0;
  ended = false;
  private onClose: (() => void) | null = null;
  writeHead(status: number) {
    this.status = status;
    return this;
  }
  write(chunk: string) {
    this.chunks.push(chunk);
    return true;
  }
  end() {
    this.ended = true;
    return this;
  }
  on(event: string, fn: () => void) {
    if (event === 'close') this.onClose = fn;
    return this;
  }
  close() {
    this.onClose?.();
  }
  changes() {
    return this.chunks.filter((c) => c.startsWith('event: changed')).map((c) => JSON.parse(/data: (.*)/.exec(c)![1]!) as { comments: string[]; crises: string[] });
  }
}

async function settle(live: ConsoleLive, log: FakeLog, reads: number) {
  // Each wake is one look; wait until the poller has read the log this many times.
  while (log.reads < reads) {
    live.wake();
    await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setImmediate(r));
}

describe('ConsoleLive', () => {
  const options = { pollMs: 60_000, log: createLogger('silent') };

  it('starts at the present, then tells every page which comments and crises changed', async () => {
    const log = new FakeLog();
    log.commit(1, 'old');
    const live = new ConsoleLive(log as unknown as InboxReads, options);
    const a = new FakeResponse();
    const b = new FakeResponse();
    live.subscribe(a as unknown as ServerResponse);
    live.subscribe(b as unknown as ServerResponse);
    expect(a.status).toBe(200);
    await new Promise((r) => setImmediate(r));
    log.commit(2, 'c1');
    log.commit(3, null, 'k1');
    await settle(live, log, 1);
    expect(a.changes()).toEqual([{ comments: ['c1'], crises: ['k1'] }]);
    expect(b.changes()).toEqual(a.changes());
    live.stop();
    expect(a.ended).toBe(true);
  });

  it('catches an entry whose transaction committed after a later one (a gap in the ids)', async () => {
    let now = 0;
    const log = new FakeLog();
    const live = new ConsoleLive(log as unknown as InboxReads, { ...options, now: () => now, gapTtlMs: 10_000 });
    const page = new FakeResponse();
    live.subscribe(page as unknown as ServerResponse);
    await new Promise((r) => setImmediate(r));
    log.commit(2, 'late-neighbour');
    await settle(live, log, 1);
    expect(page.changes()).toEqual([{ comments: ['late-neighbour'], crises: [] }]);
    // Id 1 commits now, after 2 was seen.
    log.commit(1, 'slow');
    await settle(live, log, 2);
    expect(page.changes().at(-1)).toEqual({ comments: ['slow'], crises: [] });
    // Seen once: not again.
    await settle(live, log, 3);
    expect(page.changes()).toHaveLength(2);
    live.stop();
  });

  it('forgets gaps after a while (a rolled-back transaction leaves its id unused forever)', async () => {
    let now = 0;
    const log = new FakeLog();
    const live = new ConsoleLive(log as unknown as InboxReads, { ...options, now: () => now, gapTtlMs: 10_000 });
    const page = new FakeResponse();
    live.subscribe(page as unknown as ServerResponse);
    await new Promise((r) => setImmediate(r));
    log.commit(5, 'x');
    await settle(live, log, 1);
    now = 20_000;
    await settle(live, log, 2);
    // Id 3 turning up now is no longer looked for; news after the last seen id still is.
    log.commit(3, 'too-late');
    log.commit(6, 'y');
    const before = log.reads;
    await settle(live, log, before + 1);
    expect(page.changes().at(-1)).toEqual({ comments: ['y'], crises: [] });
    expect(page.changes().flatMap((c) => c.comments)).not.toContain('too-late');
    live.stop();
  });

  it('stops polling when the last page closes, and refuses streams after stop', async () => {
    const log = new FakeLog();
    const live = new ConsoleLive(log as unknown as InboxReads, options);
    const page = new FakeResponse();
    live.subscribe(page as unknown as ServerResponse);
    expect(live.watchers).toBe(1);
    page.close();
    expect(live.watchers).toBe(0);
    live.stop();
    const late = new FakeResponse();
    live.subscribe(late as unknown as ServerResponse);
    expect(late.status).toBe(503);
  });
});
