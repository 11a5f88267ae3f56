import type { OutboxRow } from '../domain/outbox-store.ts';

/** What a handler did with its row; the engine records it. */
export type Handled =
  /** Delivered, or nothing is left to deliver: the engine completes the row. */
  | 'sent'
  /** The handler completed the row itself, together with what the delivery stored (a card's message id). */
  | 'recorded'
  /** Not yet: it waits for an earlier row (a post before its update). Back in line shortly, not counted as an attempt. */
  | 'later'
  /** Can never be delivered (what it refers to is gone): the engine fails the row with this reason. */
  | { failed: string };

/**
 * Delivers one outbox row of its kind. A failed call throws a DeliveryError (retry, rate_limited,
 * permanent); anything else thrown is retried with backoff.
 */
export type OutboxHandler = (row: OutboxRow) => Promise<Handled>;

/** The registry the engine dispatches on: one handler per intent kind. New kinds join here, not in the engine. */
export type OutboxHandlers = Readonly<Record<string, OutboxHandler>>;
