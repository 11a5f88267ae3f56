import { DeliveryError } from '../domain/delivery-error.ts';
import { CHANNEL_POST_KINDS } from '../domain/outbox-intent.ts';
import type { OutboxRow, OutboxStore } from '../domain/outbox-store.ts';
import type { PacingPolicy } from '../domain/pacing-policy.ts';
import type { Clock } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import type { Handled, OutboxHandlers } from './outbox-handler.ts';

export interface DeliveryOptions {
  /** How long to sleep when nothing is due (a wake-up from a new row cuts it short). */
  pollMs: number;
  batchSize: number;
  lockMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /**
   * How long a wake-up waits before delivering: changes of a burst go out together, a card changed
   * twice within it is updated once, and the burst's own requests are answered first.
   */
  wakeDelayMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  pollMs: 500,
  batchSize: 50,
  lockMs: 30_000,
  retryBaseMs: 1000,
  retryMaxMs: 5 * 60_000,
  wakeDelayMs: 50,
};

export interface DeliveryDeps {
  outbox: OutboxStore;
  /** One handler per intent kind (see src/jobs/outbox-handlers). */
  handlers: OutboxHandlers;
  /** Posting pace per platform (by the row's `platform`); a platform without one is not paced. */
  pacing?: Readonly<Record<string, PacingPolicy>>;
  /**
   * At most `requests` deliveries of a platform's rows (posts, updates, notices: every call) in any
   * `perMs`, whatever the channel: a platform's limit for the whole app (Teams: 50 per second per app and
   * tenant). A row over it waits for the window, without counting an attempt.
   */
  platformRates?: Readonly<Record<string, { requests: number; perMs: number }>>;
  clock: Clock;
  log: Logger;
}

/** How long the loop waits after `failures` failed rounds in a row: from the poll interval, doubling, at most 30 s. */
export function outageDelayMs(failures: number, options: Pick<DeliveryOptions, 'pollMs'>): number {
  return Math.min(options.pollMs * 2 ** Math.min(Math.max(failures - 1, 0), 20), OUTAGE_DELAY_MAX_MS);
}
const OUTAGE_DELAY_MAX_MS = 30_000;

/** Kinds that put a new message into a channel, and so count against the platform's per-channel pace. */
const POSTING_KINDS = new Set<string>(CHANNEL_POST_KINDS);

/** Recent posts into one channel (pacing key), and the policy of the platform they went to. */
interface ChannelPosts {
  policy: PacingPolicy;
  doneAt: number[];
}

/**
 * The outbox engine: claims due rows, delivers rows of one channel in order and channels side by side,
 * paces posts per channel as the row's platform asks, pauses a platform that rate-limits, retries with
 * exponential backoff, and fails rows that can never go. What a row means is its handler's business
 * (`handlers[kind]`); rows stay in the table until delivered, so restarts lose nothing.
 */
export class OutboxDelivery {
  private readonly options: DeliveryOptions;
  private readonly posts = new Map<string, ChannelPosts>();
  /** Platforms that told us to wait (rate limit), until when. */
  private readonly pausedUntil = new Map<string, number>();
  /** When the recent deliveries of each rate-limited platform started, oldest first. */
  private readonly platformCalls = new Map<string, number[]>();
  /** Why rows wait for a platform nothing here serves, said once each. */
  private readonly unavailable = new Set<string>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private wakeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: DeliveryDeps,
    options: Partial<DeliveryOptions> = {},
  ) {
    this.options = { ...DEFAULT_DELIVERY_OPTIONS, ...options };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    this.wakeNow();
    await this.loop;
    this.loop = null;
  }

  /** Tells the loop a row was just written, so it need not wait for the next poll. */
  wake(): void {
    if (this.options.wakeDelayMs <= 0) return this.wakeNow();
    this.wakeTimer ??= setTimeout(() => {
      this.wakeTimer = null;
      this.wakeNow();
    }, this.options.wakeDelayMs);
  }

  private wakeNow(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let worked = false;
      try {
        worked = (await this.runOnce()) > 0;
        if (failures) this.deps.log.info({ failedRounds: failures }, 'outbox delivery works again');
        failures = 0;
      } catch (error) {
        // Mostly the database being away: wait longer each time, and say so on the 1st, 2nd, 4th, 8th… failure only.
        failures += 1;
        const delay = outageDelayMs(failures, this.options);
        if ((failures & (failures - 1)) === 0) {
          this.deps.log.error({ err: error, failedRounds: failures, nextTryMs: delay }, 'outbox delivery round failed (database unreachable?); backing off');
        }
        if (this.running) await this.sleep(delay);
        continue;
      }
      if (!worked && this.running) await this.sleep(this.idleDelay());
    }
  }

  private idleDelay(): number {
    const now = this.deps.clock.now().getTime();
    let delay = this.options.pollMs;
    for (const until of this.pausedUntil.values()) if (until > now) delay = Math.min(delay, until - now);
    for (const posts of this.posts.values()) {
      const at = posts.policy.nextPostAt(posts.doneAt);
      if (at > now) delay = Math.min(delay, at - now);
    }
    return Math.max(delay, 5);
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeUp = null;
        self.woken = false;
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** Delivers one batch of due rows; returns how many were delivered (for tests and the loop). */
  async runOnce(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    for (const [platform, until] of this.pausedUntil) if (until <= now) this.pausedUntil.delete(platform);
    // Every platform it paces is paused (each told us to slow down): claim nothing, so the rows stay in
    // the table instead of being handed out and put back row by row.
    const platforms = Object.keys(this.deps.pacing ?? {});
    if (platforms.length && platforms.every((p) => this.pausedUntil.has(p))) return 0;
    const busyChannels: string[] = [];
    for (const [channel, posts] of this.posts) {
      posts.doneAt = posts.doneAt.filter((at) => at > now - posts.policy.windowMs);
      if (!posts.doneAt.length) this.posts.delete(channel);
      else if (posts.policy.nextPostAt(posts.doneAt) > now) busyChannels.push(channel);
    }
    const paced = Object.values(this.deps.pacing ?? {}).some((p) => p.windowMs > 0);
    const rows = await this.deps.outbox.claimDue(new Date(now), this.options.batchSize, this.options.lockMs, {
      busyChannels,
      postsPerChannel: paced ? 1 : null,
    });
    if (!rows.length) return 0;
    // Rows for one channel go in order; different channels go side by side.
    const byChannel = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const key = row.channel ?? `row:${row.id}`;
      byChannel.set(key, [...(byChannel.get(key) ?? []), row]);
    }
    const delivered = await Promise.all([...byChannel.values()].map((group) => this.deliverGroup(group)));
    return delivered.reduce((a, b) => a + b, 0);
  }

  /** When the next call to `platform` may start under its app-wide rate (0: now, or it has none), and its record of calls. */
  private platformRateSlot(platform: string, now: number): { at: number; calls?: number[] } {
    const rate = this.deps.platformRates?.[platform];
    if (!rate) return { at: 0 };
    const calls = (this.platformCalls.get(platform) ?? []).filter((at) => at > now - rate.perMs);
    this.platformCalls.set(platform, calls);
    return { at: calls.length >= rate.requests ? calls[calls.length - rate.requests]! + rate.perMs : 0, calls };
  }

  /** The pacing of a row's channel, if its platform paces posts and the row is one. */
  private pacingOf(row: OutboxRow): ChannelPosts | null {
    if (row.channel === null || !POSTING_KINDS.has(row.intent.kind)) return null;
    const policy = this.deps.pacing?.[row.intent.platform];
    if (!policy || policy.windowMs <= 0) return null;
    let posts = this.posts.get(row.channel);
    if (!posts) this.posts.set(row.channel, (posts = { policy, doneAt: [] }));
    return posts;
  }

  private async deliverGroup(rows: OutboxRow[]): Promise<number> {
    let delivered = 0;
    for (const row of rows) {
      const now = this.deps.clock.now().getTime();
      const posts = this.pacingOf(row);
      const slot = posts ? posts.policy.nextPostAt(posts.doneAt) : 0;
      const paused = this.pausedUntil.get(row.intent.platform) ?? 0;
      const rate = this.platformRateSlot(row.intent.platform, now);
      if (paused > now || slot > now || rate.at > now) {
        await this.deps.outbox.reschedule(row.id, new Date(Math.max(paused, slot, rate.at)), { attempted: false });
        continue;
      }
      // Hold the slot while the call runs; then count the post from when it was done (platforms count arrivals).
      posts?.doneAt.push(now);
      rate.calls?.push(now);
      if (await this.deliver(row)) delivered++;
      if (posts) posts.doneAt[posts.doneAt.length - 1] = this.deps.clock.now().getTime();
    }
    return delivered;
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const { outbox, log, clock } = this.deps;
    try {
      const handled = await this.handle(row);
      if (handled === 'later') {
        await outbox.reschedule(row.id, new Date(clock.now().getTime() + 200), { attempted: false });
        return false;
      }
      if (handled === 'sent') await outbox.complete(row.id, clock.now());
      if (typeof handled === 'object') {
        log.warn({ outboxId: row.id.toString(), kind: row.intent.kind, error: handled.failed }, 'outbox row cannot be delivered; marked failed');
        await outbox.fail(row.id, handled.failed, clock.now());
      }
      return true;
    } catch (error) {
      const now = clock.now();
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof DeliveryError && error.kind === 'permanent') {
        log.error({ outboxId: row.id.toString(), kind: row.intent.kind, platform: row.intent.platform, error: message }, 'delivery failed for good; fix the cause, then npm run outbox:retry');
        await outbox.fail(row.id, message, now);
        return false;
      }
      if (error instanceof DeliveryError && error.kind === 'unavailable') {
        // Not a failure of the platform: nothing here serves it. Said once; the row waits, attempts untouched.
        if (!this.unavailable.has(message)) {
          this.unavailable.add(message);
          log.warn({ platform: row.intent.platform, kind: row.intent.kind, error: message }, 'rows wait in the outbox: no adapter for their platform runs here');
        }
        await outbox.reschedule(row.id, new Date(now.getTime() + this.options.retryMaxMs), { attempted: false });
        return false;
      }
      if (error instanceof DeliveryError && error.kind === 'rate_limited') {
        const wait = error.retryAfterMs ?? 1000;
        const platform = row.intent.platform;
        this.pausedUntil.set(platform, Math.max(this.pausedUntil.get(platform) ?? 0, now.getTime() + wait));
        log.warn({ outboxId: row.id.toString(), platform, retryAfterMs: wait }, 'rate limited by the platform; pausing its delivery');
        await outbox.reschedule(row.id, new Date(now.getTime() + wait), { attempted: true, error: message });
        return false;
      }
      const backoff = Math.min(this.options.retryBaseMs * 2 ** (row.attempts - 1), this.options.retryMaxMs);
      const delay = backoff / 2 + Math.random() * (backoff / 2);
      log.warn({ outboxId: row.id.toString(), kind: row.intent.kind, attempt: row.attempts, retryInMs: Math.round(delay), error: message }, 'delivery failed; will retry');
      await outbox.reschedule(row.id, new Date(now.getTime() + delay), { attempted: true, error: message });
      return false;
    }
  }

  private async handle(row: OutboxRow): Promise<Handled> {
    const kind = (row.intent as { kind?: unknown }).kind;
    const handler = typeof kind === 'string' && Object.hasOwn(this.deps.handlers, kind) ? this.deps.handlers[kind] : undefined;
    if (!handler) {
      // A row written by a newer version of the desk, or damaged: keep it visible, stop retrying.
      return { failed: `unknown outbox kind ${String(kind)}` };
    }
    return handler(row);
  }
}
