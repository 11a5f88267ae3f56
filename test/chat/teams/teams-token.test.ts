import { describe, expect, it } from 'vitest';
import { BOT_SCOPE, GRAPH_SCOPE, clientCredentialsTokens } from '../../../src/chat/teams/teams-token.ts';
import { DeliveryError } from '../../../src/domain/delivery-error.ts';

/** A token service answering as Microsoft's does; records each request's form fields. */
function tokenService(answer: (form: URLSearchParams, n: number) => { status: number; body: unknown }) {
  const requests: URLSearchParams[] = [];
  const fetchFn = (async (_url: string | URL | Request, init?: RequestInit) => {
    const form = new URLSearchParams(String(init?.body));
    requests.push(form);
    const { status, body } = answer(form, requests.length);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetchFn, requests };
}

describe('clientCredentialsTokens', () => {
  it('asks with the client-credentials grant, and keeps the token until five minutes before it expires', async () => {
    let now = 1_000_000;
    const service = tokenService((form, n) => ({ status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: `t${n}:${form.get('scope')}` } }));
    const tokens = clientCredentialsTokens({ tokenUrl: 'http://token.test/token', clientId: 'app', clientSecret: 'pw', now: () => now, fetch: service.fetchFn });
    expect(await tokens.token(BOT_SCOPE)).toBe(`t1:${BOT_SCOPE}`);
    expect(Object.fromEntries(service.requests[0]!)).toEqual({ grant_type: 'client_credentials', client_id: 'app', client_secret: 'pw', scope: BOT_SCOPE });
    now += 54 * 60_000;
    expect(await tokens.token(BOT_SCOPE)).toBe(`t1:${BOT_SCOPE}`);
    now += 60_000;
    expect(await tokens.token(BOT_SCOPE)).toBe(`t2:${BOT_SCOPE}`);
    expect(await tokens.token(GRAPH_SCOPE)).toBe(`t3:${GRAPH_SCOPE}`);
  });

  it('sends one request for many callers at once', async () => {
    const service = tokenService((_f, n) => ({ status: 200, body: { expires_in: 3600, access_token: `t${n}` } }));
    const tokens = clientCredentialsTokens({ tokenUrl: 'http://token.test/token', clientId: 'app', clientSecret: 'pw', now: () => 0, fetch: service.fetchFn });
    const all = await Promise.all(Array.from({ length: 10 }, () => tokens.token(BOT_SCOPE)));
    expect(new Set(all)).toEqual(new Set(['t1']));
    expect(service.requests).toHaveLength(1);
  });

  it('says what to fix when the secret is refused, and classifies a failing service for the outbox', async () => {
    const refused = tokenService(() => ({ status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.\nTrace ID: x' } }));
    const tokens = clientCredentialsTokens({ tokenUrl: 'http://token.test/token', clientId: 'app', clientSecret: 'bad', now: () => 0, fetch: refused.fetchFn });
    const error = await tokens.token(BOT_SCOPE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toBe(
      'the token service refused the bot’s credentials (AADSTS7000215: Invalid client secret provided.): check TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID'.replace('’', "'"),
    );
    const busy = tokenService(() => ({ status: 429, body: { error: 'temporarily_unavailable' } }));
    const limited = await clientCredentialsTokens({ tokenUrl: 'http://t', clientId: 'a', clientSecret: 'b', now: () => 0, fetch: busy.fetchFn })
      .token(BOT_SCOPE)
      .catch((e: unknown) => e);
    expect((limited as DeliveryError).kind).toBe('rate_limited');
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const unreachable = await clientCredentialsTokens({ tokenUrl: 'http://t', clientId: 'a', clientSecret: 'b', now: () => 0, fetch: down })
      .token(BOT_SCOPE)
      .catch((e: unknown) => e);
    expect((unreachable as DeliveryError).kind).toBe('retry');
    expect((unreachable as Error).message).toContain('token request to http://t failed: fetch failed');
  });
});
