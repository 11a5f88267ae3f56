import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * `GET /webhooks/meta`: Meta's subscription check, sent whenever the callback URL or verify
 * token is saved in the App Dashboard (Graph API Webhooks, "Verification Requests"):
 *   ?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=<token you chose>
 * Answer 200 with the challenge as the plain-text body; anything else fails the check.
 */
export type MetaSubscriptionResult =
  | { ok: true; challenge: string }
  | { ok: false; status: 400 | 403; error: string };

/**
 * Meta sends an integer; allowing a short token alphabet (no markup, no whitespace) keeps us from
 * echoing arbitrary attacker text back in a 200 response.
 */
const CHALLENGE_PATTERN = /^[A-Za-z0-9._~-]{1,512}$/;

type Query = Record<string, string | string[] | undefined>;

/** A single query value; a repeated parameter (`string[]`) counts as malformed. */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' ? value : undefined;
}

/** Constant-time string equality: hashing first makes both sides the same length. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function verifyMetaSubscription(query: Query, verifyToken: string): MetaSubscriptionResult {
  const mode = single(query, 'hub.mode');
  const token = single(query, 'hub.verify_token');
  const challenge = single(query, 'hub.challenge');

  if (mode !== 'subscribe') return { ok: false, status: 400, error: 'hub.mode must be "subscribe"' };
  if (challenge === undefined || !CHALLENGE_PATTERN.test(challenge)) {
    return { ok: false, status: 400, error: 'hub.challenge is missing or malformed' };
  }
  if (token === undefined) return { ok: false, status: 400, error: 'hub.verify_token is missing' };
  // An unset (empty) verify token must not match an empty hub.verify_token.
  if (verifyToken === '' || !sameSecret(token, verifyToken)) {
    return { ok: false, status: 403, error: 'hub.verify_token does not match' };
  }
  return { ok: true, challenge };
}
