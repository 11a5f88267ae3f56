import { ChatDeliveryError, type ChatGateway, type ChatTarget } from '../chat/port.ts';
import { isClosed } from '../domain/comment-lifecycle.ts';
import { buildReminderView, buildSummaryView } from '../domain/reminder-view.ts';
import { buildCardView } from '../domain/card-view.ts';
import type { Directory } from '../domain/directory.ts';
import { CHANNEL_POST_KINDS, noticeToSend } from '../domain/notice.ts';
import type { Clock, DeskStore } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import type { OutboxRow, OutboxStore } from './outbox-store.ts';
import type { CrisisStore } from '../domain/crisis-store.ts';
import { deliverCrisisIntent } from './deliver-crisis.ts';
import type { KpiStore } from '../domain/kpi-store.ts';
import { digestChart } from './digest-chart.ts';

export interface DeliveryOptions {
  /** How long to sleep when nothing is due (a wake-up from a new row cuts it short). */
  pollMs: number;
  /** Minimum gap between two posts to the same channel. */
  channelIntervalMs: number;
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
  channelIntervalMs: 1000,
  batchSize: 50,
  lockMs: 30_000,
  retryBaseMs: 1000,
  retryMaxMs: 5 * 60_000,
  wakeDelayMs: 50,
};

export interface DeliveryDeps {
  outbox: OutboxStore;
  store: DeskStore;
  directory: Directory;
  gateways: ChatGateway[];
  clock: Clock;
  log: Logger;
  /** Crisis rooms, pages and boards (absent: crisis rows wait). */
  crises?: CrisisStore;
  /** Posted digests (absent: digest rows wait). */
  kpi?: KpiStore;
}

/** How long the loop waits after `failures` failed rounds in a row: from the poll interval, doubling, at most 30 s. */
export function outageDelayMs(failures: number, options: Pick<DeliveryOptions, 'pollMs'>): number {
  return Math.min(options.pollMs * 2 ** Math.min(Math.max(failures - 1, 0), 20), OUTAGE_DELAY_MAX_MS);
}
const OUTAGE_DELAY_MAX_MS = 30_000;

/** Kinds that put a new message into a channel, and so count against Slack's per-channel pace. */
const POSTING_KINDS = new Set<string>(CHANNEL_POST_KINDS);

/**
 * Delivers the outbox: every chat call the desk makes. Retries with exponential backoff, honours
 * Retry-After, paces posts per channel, and survives restarts (rows stay until delivered).
 */
export class OutboxDelivery {
  private readonly options: DeliveryOptions;
  private readonly nextPostAt = new Map<string, number>();
  private pausedUntil = 0;
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
    if (this.pausedUntil > now) delay = Math.min(delay, this.pausedUntil - now);
    for (const at of this.nextPostAt.values()) if (at > now) delay = Math.min(delay, at - now);
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
    const now = this.deps.clock.now();
    if (this.pausedUntil > now.getTime()) return 0;
    for (const [channel, at] of this.nextPostAt) if (at <= now.getTime()) this.nextPostAt.delete(channel);
    const busyChannels = [...this.nextPostAt.keys()];
    const rows = await this.deps.outbox.claimDue(now, this.options.batchSize, this.options.lockMs, {
      busyChannels,
      postsPerChannel: this.options.channelIntervalMs > 0 ? 1 : null,
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

  private async deliverGroup(rows: OutboxRow[]): Promise<number> {
    let delivered = 0;
    for (const row of rows) {
      const now = this.deps.clock.now().getTime();
      const paced = row.channel !== null && POSTING_KINDS.has(row.intent.kind);
      const slot = paced ? (this.nextPostAt.get(row.channel ?? '') ?? 0) : 0;
      if (this.pausedUntil > now || slot > now) {
        await this.deps.outbox.reschedule(row.id, new Date(Math.max(this.pausedUntil, slot)), { attempted: false });
        continue;
      }
      if (paced) this.nextPostAt.set(row.channel ?? '', now + this.options.channelIntervalMs);
      if (await this.deliver(row)) delivered++;
      // Slack counts arrivals: measure the gap from when this post was done, not when it started.
      if (paced) this.nextPostAt.set(row.channel ?? '', this.deps.clock.now().getTime() + this.options.channelIntervalMs);
    }
    return delivered;
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const { outbox, log } = this.deps;
    try {
      const outcome = await this.perform(row);
      if (outcome === 'later') {
        await outbox.reschedule(row.id, new Date(this.deps.clock.now().getTime() + 200), { attempted: false });
        return false;
      }
      return true;
    } catch (error) {
      const now = this.deps.clock.now();
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof ChatDeliveryError && error.kind === 'permanent') {
        log.error({ outboxId: row.id.toString(), kind: row.intent.kind, error: message }, 'chat call failed for good; fix the cause, then npm run outbox:retry');
        await outbox.fail(row.id, message, now);
        return false;
      }
      if (error instanceof ChatDeliveryError && error.kind === 'rate_limited') {
        const wait = error.retryAfterMs ?? 1000;
        this.pausedUntil = Math.max(this.pausedUntil, now.getTime() + wait);
        log.warn({ outboxId: row.id.toString(), retryAfterMs: wait }, 'rate limited by the chat platform; pausing delivery');
        await outbox.reschedule(row.id, new Date(now.getTime() + wait), { attempted: true, error: message });
        return false;
      }
      const backoff = Math.min(this.options.retryBaseMs * 2 ** (row.attempts - 1), this.options.retryMaxMs);
      const delay = backoff / 2 + Math.random() * (backoff / 2);
      log.warn({ outboxId: row.id.toString(), kind: row.intent.kind, attempt: row.attempts, retryInMs: Math.round(delay), error: message }, 'chat call failed; will retry');
      await outbox.reschedule(row.id, new Date(now.getTime() + delay), { attempted: true, error: message });
      return false;
    }
  }

  private target(to: { channel: string | null } | { memberId: string }): ChatTarget | null {
    if ('channel' in to) return to.channel ? { kind: 'channel', channel: to.channel } : null;
    const member = this.deps.directory.member(to.memberId);
    return member ? { kind: 'person', member } : null;
  }

  private gateway(platform: string): ChatGateway {
    const gateway = this.deps.gateways.find((g) => g.platform === platform);
    if (!gateway) throw new ChatDeliveryError(`no chat gateway for ${platform} is running`, 'retry');
    return gateway;
  }

  private async perform(row: OutboxRow): Promise<'done' | 'later'> {
    const { outbox, store, directory, clock } = this.deps;
    const intent = row.intent;
    switch (intent.kind) {
      case 'card.post':
      case 'card.update': {
        const found = await store.getCommentWithCards(intent.commentId);
        const card = found?.cards.find((c) => c.id === intent.cardId);
        const comment = found?.comment;
        if (!card || !comment) {
          await outbox.fail(row.id, `card ${intent.cardId} or its comment no longer exists`, clock.now());
          return 'done';
        }
        const gateway = this.gateway(card.platform);
        const view = buildCardView(comment, card, directory, clock.now());
        if (card.messageId) {
          await gateway.updateCard(card.channel, card.messageId, view);
          await outbox.complete(row.id, clock.now());
          await outbox.supersedeCardUpdates(card.id, comment.version, clock.now());
          return 'done';
        }
        if (intent.kind === 'card.update') {
          // The card is not posted yet; its post will show the current state. Wait for it if it is coming.
          if (await outbox.hasPendingPost(card.id)) return 'later';
          await outbox.complete(row.id, clock.now());
          return 'done';
        }
        // An earlier attempt (a lost answer, or a crash mid-call) may have posted the card without us
        // hearing back: look before posting again.
        const earlier = row.attempts > 1 ? await gateway.findCard(card.channel, comment.id, row.createdAt) : null;
        // Found, not posted: bring it up to date, since it shows the state of the first attempt.
        if (earlier) await gateway.updateCard(card.channel, earlier.messageId, view);
        const { messageId } = earlier ?? (await gateway.postCard(card.channel, view));
        await outbox.completeCardPost(row.id, card.id, messageId, clock.now());
        return 'done';
      }
      case 'person.notify': {
        const member = directory.member(intent.memberId);
        if (!member) {
          await outbox.fail(row.id, `member ${intent.memberId} is no longer in the desk configuration`, clock.now());
          return 'done';
        }
        // People are reached on the platform they are configured for (Slack today).
        await this.gateway('slack').notifyPerson(member, intent.notice);
        await outbox.complete(row.id, clock.now());
        return 'done';
      }
      case 'person.ephemeral': {
        await this.gateway(intent.platform).notifyEphemeral(intent.channel, intent.platformUserId, noticeToSend(intent.notice, directory));
        await outbox.complete(row.id, clock.now());
        return 'done';
      }
      case 'sla.remind': {
        const found = await store.getCommentWithCards(intent.commentId);
        // Handled in the meantime (or gone): nobody needs the reminder any more.
        if (!found || isClosed(found.comment.status)) {
          await outbox.complete(row.id, clock.now());
          return 'done';
        }
        const to = this.target(intent.audience.to === 'person' ? { memberId: intent.audience.memberId } : { channel: intent.channel });
        if (!to) {
          await outbox.fail(row.id, `nobody to remind: ${JSON.stringify(intent.audience)} is not in the desk configuration`, clock.now());
          return 'done';
        }
        await this.gateway('slack').postReminder(to, buildReminderView(intent, found, directory, clock.now()));
        await outbox.complete(row.id, clock.now());
        return 'done';
      }
      case 'sla.summary': {
        // Read together, so the store's batch queue makes it one query.
        const reads = await Promise.all(intent.items.map(async (step) => ({ step, found: await store.getCommentWithCards(step.commentId) })));
        const items = reads.flatMap(({ step, found }) => (found && !isClosed(found.comment.status) ? [{ step, found }] : []));
        const to = this.target(intent.channel ? { channel: intent.channel } : { memberId: intent.leadId ?? '' });
        if (items.length && to) await this.gateway('slack').postSummary(to, buildSummaryView(intent.teamId, items, directory, clock.now()));
        await outbox.complete(row.id, clock.now());
        return 'done';
      }
      case 'kpi.digest': {
        if (!this.deps.kpi) throw new ChatDeliveryError('KPI storage is not connected', 'retry');
        const view = await this.deps.kpi.postedDigest(intent.teamId, intent.week);
        if (!view) {
          await outbox.fail(row.id, `no digest of ${intent.teamId} for ${intent.week} is stored`, clock.now());
          return 'done';
        }
        await this.gateway('slack').postDigest(intent.channel, view, digestChart(view));
        await outbox.complete(row.id, clock.now());
        return 'done';
      }
      case 'crisis.room':
      case 'crisis.post':
      case 'crisis.page':
      case 'crisis.update':
      case 'crisis.refresh': {
        if (!this.deps.crises) throw new ChatDeliveryError('crisis storage is not connected', 'retry');
        return deliverCrisisIntent(row, intent, { crises: this.deps.crises, outbox, directory, clock, log: this.deps.log, gateway: this.gateway('slack') });
      }
      default: {
        // A row written by a newer version of the desk, or damaged: keep it visible, stop retrying.
        const kind = (intent as { kind?: unknown }).kind;
        await outbox.fail(row.id, `unknown outbox kind ${String(kind)}`, clock.now());
        return 'done';
      }
    }
  }
}
