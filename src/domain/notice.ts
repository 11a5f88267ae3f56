/** A short text for one person (direct message or ephemeral), already in their language. */
export interface Notice {
  text: string;
  /** Link to the original comment, shown as a button where the platform has one. */
  permalink?: string;
}

/** Chat work waiting in the outbox. Platform-neutral: the gateway renders it. */
export type OutboxIntent =
  | { kind: 'card.post'; commentId: string; cardId: string }
  | { kind: 'card.update'; commentId: string; cardId: string; version: number }
  | { kind: 'person.notify'; memberId: string; notice: Notice }
  | { kind: 'person.ephemeral'; platform: string; platformUserId: string; channel: string; notice: Notice };

export interface OutboxItem {
  /** Same key twice means the same message; the second is dropped. */
  dedupeKey: string;
  intent: OutboxIntent;
  /** Pacing key: the channel the message goes to. */
  channel: string | null;
}
