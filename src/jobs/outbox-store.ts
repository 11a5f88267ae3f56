import type { OutboxIntent } from '../domain/notice.ts';

export interface OutboxRow {
  id: bigint;
  dedupeKey: string;
  intent: OutboxIntent;
  channel: string | null;
  attempts: number;
}

/** The outbox as the delivery job needs it. Implemented in src/store/prisma-outbox-store.ts. */
export interface OutboxStore {
  /** Locks up to `limit` due rows for `lockMs` (skipping rows another instance holds), oldest first. */
  claimDue(now: Date, limit: number, lockMs: number): Promise<OutboxRow[]>;
  complete(id: bigint, now: Date): Promise<void>;
  /** Records where the card now lives and completes the row, together. */
  completeCardPost(id: bigint, cardId: string, messageId: string, now: Date): Promise<void>;
  /** Completes pending updates of a card that the update just sent already covers. */
  supersedeCardUpdates(cardId: string, version: number, now: Date): Promise<void>;
  reschedule(id: bigint, at: Date, options: { countAttempt: boolean; error?: string }): Promise<void>;
  fail(id: bigint, error: string, now: Date): Promise<void>;
  hasPendingPost(cardId: string): Promise<boolean>;
  pendingCount(): Promise<number>;
}
