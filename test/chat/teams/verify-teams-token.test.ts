import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsTokenVerifier } from '../../../src/chat/teams/verify-teams-token.ts';
import { type TeamsConnector, startTeamsConnector } from '../../support/teams-connector.ts';
import { signBotFrameworkToken } from '../../support/teams-tokens.ts';

const NOW_S = 1_796_000_000;

describe('teamsTokenVerifier', () => {
  let connector: TeamsConnector;
  beforeAll(async () => {
    connector = await startTeamsConnector({ now: () => NOW_S * 1000 });
  });
  afterAll(async () => {
    await connector?.close();
  });

  const verifier = (nowS = NOW_S) => teamsTokenVerifier({ appId: connector.appId, openIdMetadataUrl: connector.openIdMetadataUrl, now: () => nowS * 1000 });
  const sign = (over: Partial<Parameters<typeof signBotFrameworkToken>[0]> = {}) =>
    signBotFrameworkToken({ appId: connector.appId, serviceUrl: connector.serviceUrl, key: connector.signingKey, now: NOW_S, ...over });

  it('accepts a token signed with a key from the metadata’s jwks_uri (not the derived …/keys URL), for our app and the activity’s service URL', async () => {
    const verify = verifier();
    const result = await verify(`Bearer ${await sign()}`, { serviceUrl: connector.serviceUrl });
    expect(result).toEqual({ ok: true, caller: { appId: connector.appId, serviceUrl: connector.serviceUrl } });
    const keyFetches = connector.calls.filter((c) => c.route === 'jwks' || c.path.endsWith('/keys'));
    expect(keyFetches.map((c) => c.path)).not.toContain(new URL(connector.derivedKeysUrl).pathname);
    expect(keyFetches.length).toBeGreaterThan(0);
    // A trailing slash more or less on the service URL is the same service.
    expect((await verify(`Bearer ${await sign()}`, { serviceUrl: connector.serviceUrl.replace(/\/$/, '') })).ok).toBe(true);
  });

  it('allows five minutes of clock skew and no more', async () => {
    const expiredFourMinutesAgo = await sign({ now: NOW_S - 3600 - 240, expiresInS: 3600 });
    expect((await verifier()(`Bearer ${expiredFourMinutesAgo}`, { serviceUrl: connector.serviceUrl })).ok).toBe(true);
    const expiredSixMinutesAgo = await sign({ now: NOW_S - 3600 - 360, expiresInS: 3600 });
    expect(await verifier()(`Bearer ${expiredSixMinutesAgo}`, { serviceUrl: connector.serviceUrl })).toMatchObject({ ok: false, reason: expect.stringContaining('ERR_JWT_EXPIRED') });
    const notYetValid = await sign({ notBefore: NOW_S + 600 });
    expect((await verifier()(`Bearer ${notYetValid}`, { serviceUrl: connector.serviceUrl })).ok).toBe(false);
  });

  it('refuses a token without a serviceurl claim, one for another service URL, and a missing header', async () => {
    const verify = verifier();
    expect((await verify(`Bearer ${await sign({ serviceUrl: null })}`, { serviceUrl: connector.serviceUrl })).ok).toBe(false);
    expect(await verify(`Bearer ${await sign()}`, { serviceUrl: 'https://smba.trafficmanager.net/emea/other/' })).toMatchObject({ ok: false, reason: expect.stringContaining('serviceurl') });
    expect(await verify(undefined, { serviceUrl: connector.serviceUrl })).toEqual({ ok: false, reason: 'missing bearer token' });
    expect((await verify(`Bearer ${await sign()}`, {})).ok).toBe(false);
  });

  it('says the keys are unavailable (a transient refusal: 503, not 401) when the metadata cannot be read', async () => {
    const verify = teamsTokenVerifier({ appId: connector.appId, openIdMetadataUrl: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration', now: () => NOW_S * 1000 });
    expect(await verify(`Bearer ${await sign()}`, { serviceUrl: connector.serviceUrl })).toMatchObject({ ok: false, transient: true });
  });
});
