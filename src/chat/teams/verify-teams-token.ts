import { type JWTVerifyGetKey, createRemoteJWKSet, errors, jwtVerify } from 'jose';

/** The issuer of tokens the Bot Connector service sends with every activity. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface VerifiedCaller {
  /** The bot app the token was issued for (our TEAMS_APP_ID). */
  appId: string;
  /** The service URL the token vouches for; equal to the activity's. */
  serviceUrl: string;
}

export type VerifyResult = { ok: true; caller: VerifiedCaller } | { ok: false; reason: string; transient?: boolean };

/**
 * Checks the Bot Framework JWT on an inbound request: signature from the keys published at the
 * OpenID metadata's `jwks_uri` (read from the metadata, never derived from its URL), issuer
 * https://api.botframework.com, audience our app id, five minutes of clock skew, RS256 only, and a
 * `serviceurl` claim equal to the activity's `serviceUrl`. Metadata is fetched on first use and again
 * after a day or when a key id is unknown (jose refetches the key set itself, at most every 30 s).
 */
export function teamsTokenVerifier(options: {
  appId: string;
  openIdMetadataUrl: string;
  now: () => number;
  fetch?: typeof fetch;
}): (authorization: string | undefined, activity: { serviceUrl?: unknown }) => Promise<VerifyResult> {
  const doFetch = options.fetch ?? fetch;
  let keys: { jwks: JWTVerifyGetKey; loadedAt: number } | null = null;
  let loading: Promise<JWTVerifyGetKey> | null = null;

  async function loadKeys(): Promise<JWTVerifyGetKey> {
    const res = await doFetch(options.openIdMetadataUrl, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`OpenID metadata at ${options.openIdMetadataUrl} answered ${res.status}`);
    const metadata = (await res.json()) as { jwks_uri?: unknown };
    if (typeof metadata.jwks_uri !== 'string') throw new Error(`OpenID metadata at ${options.openIdMetadataUrl} has no jwks_uri`);
    const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: 10_000, cooldownDuration: 30_000, cacheMaxAge: 24 * 3600_000 });
    keys = { jwks, loadedAt: options.now() };
    return jwks;
  }

  function keySet(): Promise<JWTVerifyGetKey> {
    if (keys && options.now() - keys.loadedAt < 24 * 3600_000) return Promise.resolve(keys.jwks);
    loading ??= loadKeys().finally(() => {
      loading = null;
    });
    return loading;
  }

  return async (authorization, activity) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { ok: false, reason: 'missing bearer token' };
    let jwks: JWTVerifyGetKey;
    try {
      jwks = await keySet();
    } catch (error) {
      return { ok: false, reason: `signing keys unavailable: ${(error as Error).message}`, transient: true };
    }
    try {
      const { payload } = await jwtVerify(match[1]!, jwks, {
        issuer: BOT_FRAMEWORK_ISSUER,
        audience: options.appId,
        algorithms: ['RS256'],
        clockTolerance: 300,
        currentDate: new Date(options.now()),
        requiredClaims: ['exp', 'serviceurl'],
      });
      const claimed = typeof payload.serviceurl === 'string' ? payload.serviceurl : '';
      const serviceUrl = typeof activity.serviceUrl === 'string' ? activity.serviceUrl : '';
      if (!serviceUrl || trimSlash(claimed) !== trimSlash(serviceUrl)) return { ok: false, reason: 'the token’s serviceurl does not match the activity’s serviceUrl' };
      return { ok: true, caller: { appId: options.appId, serviceUrl } };
    } catch (error) {
      if (error instanceof errors.JWKSTimeout || (error instanceof Error && /fetch failed|ECONNREFUSED/.test(error.message))) {
        return { ok: false, reason: `signing keys unavailable: ${error.message}`, transient: true };
      }
      return { ok: false, reason: error instanceof errors.JOSEError ? `${error.code}: ${error.message}` : (error as Error).message };
    }
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '').toLowerCase();
}
