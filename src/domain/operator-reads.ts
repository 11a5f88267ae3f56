/** The outbox at a glance: what waits, what failed for good, what went out lately. */
export interface OutboxTotals {
  pending: number;
  /** Failed for good, until someone puts them back in line. */
  failed: number;
  /** Delivered (done) since the instant asked about. */
  doneSince: number;
  /** When the oldest row still waiting was written (null: nothing waits). */
  oldestPendingAt: Date | null;
}

/** A delivery that failed for good, with what the platform said. */
export interface FailedDelivery {
  id: bigint;
  kind: string;
  /** The platform the row goes to (null: a row from before rows named theirs). */
  platform: string | null;
  /** Where it goes (a channel, or a person); the pacing key. */
  channel: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  /** When it was marked failed. */
  failedAt: Date | null;
}

/** What the outbox shows about one channel: the last message that went there, the last that could not. */
export interface ChannelDeliveries {
  channel: string;
  lastDoneAt: Date | null;
  lastFailedAt: Date | null;
  lastError: string | null;
  pending: number;
}

/** Which failed rows to put back in line: one, or all of them. */
export type RetryTarget = { id: bigint } | 'all';

/**
 * What the operator's page reads about the desk's running state (the outbox, stored conversation
 * references), and the one repair it offers there: failed deliveries back in line.
 * Implemented in src/store/prisma-operator-reads.ts.
 */
export interface OperatorReads {
  outboxTotals(since: Date): Promise<OutboxTotals>;
  /** The latest failed rows, newest failure first. */
  failedDeliveries(limit: number): Promise<FailedDelivery[]>;
  /** Per channel asked about that has any rows; channels without rows are left out. */
  channelDeliveries(channels: readonly string[]): Promise<ChannelDeliveries[]>;
  /** Which of these keys have a conversation reference stored for `platform`. */
  storedConversations(platform: string, keys: readonly string[]): Promise<string[]>;
  /** Failed rows back in line now, from their first attempt; answers how many. */
  retryFailed(target: RetryTarget, now: Date): Promise<number>;
}
