import { DeliveryError } from '../../domain/delivery-error.ts';

/** The scope of tokens for the Bot Connector (posting, updating, creating conversations). */
export const BOT_SCOPE = 'https://api.botframework.com/.default';
/** The scope of tokens for Microsoft Graph (creating crisis rooms as channels). */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface TokenSource {
  /** A bearer token for `scope`, from the cache while it has more than five minutes left. */
  token(scope: string): Promise<string>;
}

interface Cached {
  token: string;
  expiresAt: number;
}

/**
 * Outbound tokens by the OAuth 2.0 client-credentials grant, requested from `tokenUrl` ourselves: the
 * Teams SDK would use MSAL, which accepts only https authorities on Microsoft's hosts, and reads
 * CLIENT_SECRET from the environment on its own. One request per scope at a time; tokens are kept until
 * five minutes before they expire. A refused secret says what to fix and is retried
 * like an unreachable token service (rows wait for the operator's fix instead of failing at once).
 */
export function clientCredentialsTokens(options: {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  now: () => number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): TokenSource {
  const cache = new Map<string, Cached>();
  const inFlight = new Map<string, Promise<string>>();
  const doFetch = options.fetch ?? fetch;

  async function request(scope: string): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret, scope });
    let res: Response;
    try {
      res = await doFetch(options.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new DeliveryError(`token request to ${options.tokenUrl} failed: ${(error as Error).message}`, 'retry');
    }
    const text = await res.text();
    let json: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      // described below
    }
    if (res.status === 400 || res.status === 401) {
      const why = typeof json.error_description === 'string' ? json.error_description.split('\n')[0] : String(json.error ?? res.status);
      throw new DeliveryError(`the token service refused the bot's credentials (${why}): check TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID`, 'retry');
    }
    if (!res.ok || typeof json.access_token !== 'string') {
      throw new DeliveryError(`token service answered ${res.status}${typeof json.error === 'string' ? ` (${json.error})` : ''}`, res.status === 429 ? 'rate_limited' : 'retry');
    }
    const lifetimeS = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in) || 3600;
    cache.set(scope, { token: json.access_token, expiresAt: options.now() + lifetimeS * 1000 });
    return json.access_token;
  }

  return {
    async token(scope) {
      const cached = cache.get(scope);
      if (cached && cached.expiresAt - options.now() > 5 * 60_000) return cached.token;
      let pending = inFlight.get(scope);
      if (!pending) {
        pending = request(scope).finally(() => inFlight.delete(scope));
        inFlight.set(scope, pending);
      }
      return pending;
    },
  };
}
