/**
 * Tokens the Bot Connector puts on the requests it sends to a bot, signed in the test.
 *
 * The real service signs with keys published at the `jwks_uri` of
 * https://login.botframework.com/v1/.well-known/openidconfiguration; the payload is
 * `{ iss: 'https://api.botframework.com', aud: <bot app id>, serviceurl: <activity.serviceUrl>, nbf, exp }`
 * (Bot Connector authentication, "Connector to bot"), alg RS256, header `kid` naming the key.
 * Here a key pair made with `jose` stands in for Microsoft's key; `startTeamsConnector` serves its
 * public half. Every claim can be bent, so tests can forge what a verifier must refuse: a key it
 * does not trust, another issuer or audience, an expired or not-yet-valid token, a serviceurl that
 * is not the activity's, `alg: none`, or HS256 keyed with the public key (algorithm confusion).
 *
 * Times are epoch SECONDS and come from `now` when given; nothing here reads the wall clock
 * unless `now` is left out.
 */
import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT, UnsecuredJWT } from 'jose';

/** `iss` of every token the Bot Connector sends to bots (public cloud). */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

/** What the keys of the real JWKS carry: the channels a key may sign for. */
export const TEAMS_ENDORSEMENT = 'msteams';

/** An RSA key pair playing Microsoft's Bot Framework signing key. */
export interface BotFrameworkSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public key as published: `{ kty: 'RSA', use: 'sig', kid, n, e, endorsements }` (no `alg`, as the real set). */
  publicJwk: BotFrameworkJwk;
}

export interface BotFrameworkJwk extends JWK {
  kid: string;
  endorsements: string[];
}

export interface BotFrameworkJwks {
  keys: BotFrameworkJwk[];
}

let keyCounter = 0;

/**
 * A fresh RS256 key pair. `kid` defaults to a per-process counter (`standin-key-1`, …), so kids stay
 * deterministic within a run. `endorsements` default `['msteams']`.
 */
export async function generateBotFrameworkKey(
  options: { kid?: string; endorsements?: readonly string[] } = {},
): Promise<BotFrameworkSigningKey> {
  keyCounter += 1;
  const kid = options.kid ?? `standin-key-${keyCounter}`;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const exported = await exportJWK(publicKey);
  const publicJwk: BotFrameworkJwk = {
    kty: 'RSA',
    use: 'sig',
    kid,
    n: exported.n,
    e: exported.e,
    endorsements: [...(options.endorsements ?? [TEAMS_ENDORSEMENT])],
  };
  return { kid, privateKey, publicKey, publicJwk };
}

let defaultKey: Promise<BotFrameworkSigningKey> | undefined;

/** One key per test process, made on first use (RSA generation costs tens of milliseconds). */
export function defaultBotFrameworkKey(): Promise<BotFrameworkSigningKey> {
  defaultKey ??= generateBotFrameworkKey({ kid: 'standin-default-key' });
  return defaultKey;
}

/** The JWK set that publishes these keys, as `GET <jwks_uri>` answers it. */
export function botFrameworkJwks(keys: readonly BotFrameworkSigningKey[]): BotFrameworkJwks {
  return { keys: keys.map((key) => structuredClone(key.publicJwk)) };
}

export interface SignBotFrameworkTokenOptions {
  /** The bot's Microsoft App ID; the default audience. */
  appId: string;
  /** The `serviceurl` claim: the activity's `serviceUrl`. `null` leaves the claim out. */
  serviceUrl: string | null;
  /** Default {@link BOT_FRAMEWORK_ISSUER}. */
  issuer?: string;
  /** Default `appId`. */
  audience?: string | string[];
  /** "Now" in epoch seconds: `iat`, and the base of `nbf` and `exp`. Default: the wall clock. */
  now?: number;
  /** `exp` = now + expiresInS. Default 3600; negative makes an expired token. */
  expiresInS?: number;
  /** `nbf` in epoch seconds. Default `now`; a value after now makes a token not yet valid. */
  notBefore?: number;
  /** Header `kid`. Default the key's own kid; give the trusted key's kid with a foreign `key` to forge. */
  kid?: string;
  /** Signing key. Default {@link defaultBotFrameworkKey}. */
  key?: BotFrameworkSigningKey;
  /**
   * `RS256` (default, the real one). `none` makes an unsigned token (`<header>.<payload>.`).
   * `HS256` signs with HMAC keyed by the key's public SPKI PEM: the algorithm-confusion forgery.
   */
  alg?: 'RS256' | 'none' | 'HS256';
  /** More claims, or `undefined` values to drop a standard one (e.g. `{ exp: undefined }`). */
  claims?: Record<string, unknown>;
}

/** Signs a token as the Bot Connector does for requests to a bot (see the module comment). */
export async function signBotFrameworkToken(options: SignBotFrameworkTokenOptions): Promise<string> {
  const key = options.key ?? (await defaultBotFrameworkKey());
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    iss: options.issuer ?? BOT_FRAMEWORK_ISSUER,
    aud: options.audience ?? options.appId,
    iat: now,
    nbf: options.notBefore ?? now,
    exp: now + (options.expiresInS ?? 3600),
  };
  if (options.serviceUrl !== null) payload['serviceurl'] = options.serviceUrl;
  for (const [name, value] of Object.entries(options.claims ?? {})) {
    if (value === undefined) delete payload[name];
    else payload[name] = value;
  }

  const alg = options.alg ?? 'RS256';
  const kid = options.kid ?? key.kid;
  if (alg === 'none') {
    // UnsecuredJWT writes exactly `{"alg":"none"}`; a forger would add typ/kid, so do that by hand.
    const [, body] = new UnsecuredJWT(payload).encode().split('.');
    return `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid }))}.${body}.`;
  }
  if (alg === 'HS256') {
    const secret = new TextEncoder().encode(await exportSPKI(key.publicKey));
    return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid }).sign(secret);
  }
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key.privateKey);
}

/** The payload of a JWT, unverified (for assertions on what was signed). */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (part === undefined) throw new Error(`not a JWT: ${token.slice(0, 20)}…`);
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The header of a JWT, unverified. */
export function decodeJwtHeader(token: string): Record<string, unknown> {
  const part = token.split('.')[0] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
