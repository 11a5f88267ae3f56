import type { ServerResponse } from 'node:http';
import type { InboxReads } from '../../domain/inbox-reads.ts';
import type { Logger } from '../../logger.ts';

/** What changed, as open pages hear it: comments to re-render, crises whose board moved. */
export interface LiveChange {
  comments: string[];
  crises: string[];
}

/**
 * Server-sent events for every open console page. While anyone watches, one poller reads the event
 * log after the last entry it saw (every `pollMs`, and at once on `wake()`), and tells every page
 * which comments and crises changed; pages fetch what they show again. The log is the one truth for
 * every instance: a claim made in Slack, in Teams or on another instance shows up the same way.
 * Entries of transactions that commit out of id order are caught by re-reading gaps for a while.
 */
export class ConsoleLive {
  private readonly clients = new Set<ServerResponse>();
  private lastId: bigint | null = null;
  /** Ids skipped over (a transaction still open, or rolled back): looked at again until they expire. */
  private gaps = new Map<bigint, number>();
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly reads: InboxReads,
    private readonly options: { pollMs: number; log: Logger; gapTtlMs?: number; now?: () => number },
  ) {}

  /** Opens an event stream on `res` for one page. */
  subscribe(res: ServerResponse): void {
    if (this.stopped) {
      res.writeHead(503, { 'retry-after': '5' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // Tells EventSource how long to wait before reconnecting, and opens the stream at once.
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    res.on('close', () => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.pause();
    });
    this.resume();
  }

  get watchers(): number {
    return this.clients.size;
  }

  /** Look now (after an action of our own), not at the next tick. */
  wake(): void {
    if (this.clients.size === 0 || this.stopped) return;
    void this.poll();
  }

  stop(): void {
    this.stopped = true;
    this.pause();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private resume(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.options.pollMs);
    this.timer.unref();
    this.heartbeat = setInterval(() => this.send(': keep-alive\n\n'), 15_000);
    this.heartbeat.unref();
    void this.poll();
  }

  private pause(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = null;
    this.heartbeat = null;
  }

  private send(chunk: string): void {
    for (const res of this.clients) res.write(chunk);
  }

  /** One look at a time; a wake during a look makes one more look after it. */
  private poll(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return this.polling;
    }
    this.polling = this.look()
      .then(() => {
        if (this.failing) this.options.log.info('console live updates: the event log answers again');
        this.failing = false;
      })
      .catch((error: unknown) => {
        // The database may be away: pages keep their state and hear about changes once it is back. Said once per outage.
        if (!this.failing) this.options.log.warn({ err: error }, 'console live updates: cannot read the event log; open pages wait');
        this.failing = true;
      })
      .finally(() => {
        this.polling = null;
        if (this.again) {
          this.again = false;
          void this.poll();
        }
      });
    return this.polling;
  }

  private async look(): Promise<void> {
    if (this.lastId === null) {
      // Pages render the present when they open; only what comes after is news.
      this.lastId = await this.reads.latestChangeId();
      return;
    }
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.gapTtlMs ?? 10_000;
    const from = [...this.gaps.keys()].reduce((min, id) => (id - 1n < min ? id - 1n : min), this.lastId);
    const changes = await this.reads.changesSince(from, 1000);
    const comments = new Set<string>();
    const crises = new Set<string>();
    let expected = this.lastId + 1n;
    for (const change of changes) {
      const fresh = change.id > this.lastId;
      if (!fresh && !this.gaps.has(change.id)) continue;
      this.gaps.delete(change.id);
      if (fresh) {
        for (let missing = expected; missing < change.id && this.gaps.size < 10_000; missing++) this.gaps.set(missing, now + ttl);
        expected = change.id + 1n;
        this.lastId = change.id;
      }
      if (change.commentId) comments.add(change.commentId);
      if (change.crisisId) crises.add(change.crisisId);
    }
    for (const [id, until] of this.gaps) if (until < now) this.gaps.delete(id);
    if (comments.size || crises.size) {
      const change: LiveChange = { comments: [...comments], crises: [...crises] };
      this.send(`event: changed\ndata: ${JSON.stringify(change)}\n\n`);
    }
    if (changes.length === 1000) this.again = true;
  }
}
