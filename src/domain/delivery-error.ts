/** What the outbox does with a row whose delivery failed. */
export type DeliveryErrorKind = 'retry' | 'rate_limited' | 'permanent';

/**
 * A failed delivery, classified where the failure is understood (a gateway, a handler) so the outbox
 * engine knows what to do: retry later (outage, 5xx, network), wait as told (rate limit), or give up
 * (a permanent error such as an unknown channel, which an operator must fix).
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
