/** What the outbox does with a row whose delivery failed. */
export type DeliveryErrorKind = 'retry' | 'rate_limited' | 'permanent' | 'unavailable';

/**
 * A failed delivery, classified where the failure is understood (a gateway, a handler) so the outbox
 * engine knows what to do: retry later (outage, 5xx, network), wait as told (rate limit), give up
 * (a permanent error such as an unknown channel, which an operator must fix), or wait without counting
 * attempts because nothing running can deliver it (no adapter for its platform runs in this instance).
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly kind: DeliveryErrorKind,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
