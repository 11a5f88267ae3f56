/**
 * How fast one platform takes new messages into one channel (conversation). The outbox engine keeps
 * when its recent posts into each channel were done and asks the policy of the row's platform when the
 * next one may go; a platform with several windows (so many per second, per half minute, per hour)
 * answers the latest of them.
 */
export interface PacingPolicy {
  /** How long a post counts: older ones are forgotten (0: posts are not paced). */
  readonly windowMs: number;
  /** The earliest time (epoch ms) the next post into a channel may start, given when its recent posts were done (oldest first). */
  nextPostAt(doneAt: readonly number[]): number;
}

/** At most one post per channel every `channelIntervalMs` (0: not paced). */
export function channelIntervalPacing(channelIntervalMs: number): PacingPolicy {
  return {
    windowMs: channelIntervalMs,
    nextPostAt: (doneAt) => (channelIntervalMs > 0 && doneAt.length ? doneAt[doneAt.length - 1]! + channelIntervalMs : 0),
  };
}

/** At most `posts` posts per channel in any `perMs`, for each window; the next post waits for the strictest. */
export function windowPacing(windows: readonly { posts: number; perMs: number }[]): PacingPolicy {
  return {
    windowMs: Math.max(0, ...windows.map((w) => w.perMs)),
    nextPostAt: (doneAt) =>
      Math.max(0, ...windows.map((w) => (doneAt.length >= w.posts ? doneAt[doneAt.length - w.posts]! + w.perMs : 0))),
  };
}
