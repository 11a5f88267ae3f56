import type { OutboxIntent } from './outbox-intent.ts';

export interface OutboxRow {
  id: bigint;
  dedupeKey: string;
  intent: OutboxIntent;
  channel: string | null;
  /** Which attempt this is (1 the first time the row is handed out; a crash mid-call counts too). */
  attempts: number;
  createdAt: Date;
}

export interface PostPacing {
  /** Channels whose next post slot is still in the future. */
  busyChannels: string[];
  /** Card posts per channel in one round; null when posts are not paced. */
  postsPerChannel: number | null;
}

/** Where the post of a card stands (see `OutboxStore.cardPostState`). */
export type CardPostState = 'waiting' | 'sending' | 'none';

/** The outbox as the delivery engine needs it (a port of the core). Implemented in src/store/prisma-outbox-store.ts. */
export interface OutboxStore {
  /**
   * Locks up to `limit` due rows for `lockMs` (skipping rows another instance holds), oldest first;
   * card posts only for channels not waiting for their next slot, at most `postsPerChannel` each.
   */
  claimDue(now: Date, limit: number, lockMs: number, pacing: PostPacing): Promise<OutboxRow[]>;
  complete(id: bigint, now: Date): Promise<void>;
  /** Records where the card now lives and completes the row, together. */
  completeCardPost(id: bigint, cardId: string, messageId: string, now: Date): Promise<void>;
  /** Completes a card update just sent, and the card's pending updates up to `version` that it covers, together. */
  completeCardUpdate(id: bigint, cardId: string, version: number, now: Date): Promise<void>;
  /** Back in line at `at`; `attempted: false` when the row was handed out but not tried (pacing, waiting for its post). */
  reschedule(id: bigint, at: Date, options: { attempted: boolean; error?: string }): Promise<void>;
  fail(id: bigint, error: string, now: Date): Promise<void>;
  /**
   * Where the post of a card not yet posted stands: `waiting` (pending, no one sending it now: when it
   * goes it renders the comment as it is then), `sending` (an instance holds it right now and may have
   * rendered an earlier state), or `none` (no post pending).
   */
  cardPostState(cardId: string): Promise<CardPostState>;
  /** Whether a post of this crisis (room, board, statement, page) is still waiting: a refresh waits for it. */
  hasPendingCrisisPost(crisisId: string): Promise<boolean>;
}
