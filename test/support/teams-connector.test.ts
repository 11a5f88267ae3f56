import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConversationClient } from '@microsoft/teams.api';
import { Client } from '@microsoft/teams.common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BOT_FRAMEWORK_TENANT_ID,
  BOT_SCOPE,
  GRAPH_SCOPE,
  startTeamsConnector,
  TEAMS_DEFAULTS,
  type TeamsConnector,
  type TeamsConnectorOptions,
} from './teams-connector.ts';
import { loadTeamsFixture, TEAMS_FIXTURE_DEFAULTS, teamsFixturePlaceholders, type TeamsFixtureName } from './teams-fixtures.ts';
import { BOT_FRAMEWORK_ISSUER, decodeJwtHeader, decodeJwtPayload, generateBotFrameworkKey, signBotFrameworkToken } from './teams-tokens.ts';

const START_MS = Date.UTC(2026, 11, 7, 10, 0, 0);
let nowMs = START_MS;
const nowS = (): number => Math.floor(nowMs / 1000);

let connector: TeamsConnector;
const extra: Array<{ close(): Promise<void> | void }> = [];

async function start(options: TeamsConnectorOptions = {}): Promise<TeamsConnector> {
  connector = await startTeamsConnector({ now: () => nowMs, ...options });
  return connector;
}

beforeEach(async () => {
  nowMs = START_MS;
  await start();
});

afterEach(async () => {
  await connector.close();
  for (const item of extra.splice(0)) await item.close();
});

const CHANNEL = TEAMS_DEFAULTS.channel.id;
const TEAM = TEAMS_DEFAULTS.team;
const [ALEX, JORDAN] = TEAMS_DEFAULTS.users;

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function request(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // text stays text
  }
  return { status: response.status, body, headers: response.headers };
}

async function requestToken(
  fields: Record<string, string> = {},
  tenant = 'botframework.com',
): Promise<Answer> {
  return request(connector.tokenUrlFor(tenant), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: connector.appId,
      client_secret: connector.appSecret,
      scope: BOT_SCOPE,
      ...fields,
    }).toString(),
  });
}

async function botToken(): Promise<string> {
  const answer = await requestToken();
  expect(answer.status).toBe(200);
  return answer.body.access_token as string;
}

async function graphToken(tenant = connector.tenantId): Promise<string> {
  const answer = await requestToken({ scope: GRAPH_SCOPE }, tenant);
  expect(answer.status).toBe(200);
  return answer.body.access_token as string;
}

/** A call to the Bot Connector: `path` is relative to the service URL (`v3/...`). */
async function connectorCall(method: string, path: string, body?: unknown, token?: string | null): Promise<Answer> {
  const bearer = token === undefined ? await botToken() : token;
  return request(`${connector.serviceUrl}${path}`, {
    method,
    headers: {
      ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function graphCall(method: string, path: string, body?: unknown, token?: string): Promise<Answer> {
  const bearer = token ?? (await graphToken());
  return request(`${connector.graphUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const message = (text: string): Record<string, unknown> => ({ type: 'message', text });

describe('OpenID metadata and keys', () => {
  it('names a jwks_uri that is not the /openidconfiguration -> /keys replacement, which answers 404', async () => {
    const metadata = await request(connector.openIdMetadataUrl);
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({
      issuer: 'https://api.botframework.com',
      jwks_uri: connector.jwksUrl,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(metadata.body.jwks_uri).not.toBe(connector.derivedKeysUrl);
    expect(connector.derivedKeysUrl).toBe(`${connector.baseUrl}/v1/.well-known/keys`);
    expect((await request(connector.derivedKeysUrl)).status).toBe(404);

    const keys = await request(metadata.body.jwks_uri as string);
    expect(keys.status).toBe(200);
    expect(keys.body.keys).toHaveLength(1);
    const [key] = keys.body.keys;
    expect(key).toMatchObject({ kty: 'RSA', use: 'sig', kid: connector.signingKey.kid, endorsements: ['msteams'] });
    expect(key).not.toHaveProperty('d');
  });

  it('publishes rotated keys', async () => {
    const next = await generateBotFrameworkKey({ kid: 'rotated' });
    connector.setKeys([next, connector.signingKey]);
    const keys = await request(connector.jwksUrl);
    expect(keys.body.keys.map((k: { kid: string }) => k.kid)).toEqual(['rotated', 'standin-default-key']);
    expect(connector.signingKey.kid).toBe('rotated');
  });
});

describe('Bot Framework tokens', () => {
  const serviceUrl = `https://smba.trafficmanager.net/amer/${TEAMS_DEFAULTS.tenantId}/`;

  /** What a correct verifier does: keys from jwks_uri, issuer, audience, 5 min skew, then serviceurl. */
  async function verify(token: string, expectedServiceUrl = serviceUrl): Promise<JWTPayload> {
    const metadata = await request(connector.openIdMetadataUrl);
    const jwks = createRemoteJWKSet(new URL(metadata.body.jwks_uri as string));
    const { payload } = await jwtVerify(token, jwks, {
      issuer: BOT_FRAMEWORK_ISSUER,
      audience: connector.appId,
      algorithms: ['RS256'],
      clockTolerance: 300,
      currentDate: new Date(nowMs),
    });
    if (String(payload['serviceurl']).replace(/\/$/, '').toLowerCase() !== expectedServiceUrl.replace(/\/$/, '').toLowerCase()) {
      throw new Error(`serviceurl ${String(payload['serviceurl'])} is not ${expectedServiceUrl}`);
    }
    return payload;
  }

  const sign = (options: Partial<Parameters<typeof signBotFrameworkToken>[0]> = {}) =>
    signBotFrameworkToken({ appId: connector.appId, serviceUrl, now: nowS(), ...options });

  it('signs what the Bot Connector sends: RS256, kid, iss, aud, serviceurl, nbf, exp, iat from the given now', async () => {
    const token = await sign();
    expect(decodeJwtHeader(token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: connector.signingKey.kid });
    expect(decodeJwtPayload(token)).toEqual({
      iss: 'https://api.botframework.com',
      aud: connector.appId,
      serviceurl: serviceUrl,
      iat: nowS(),
      nbf: nowS(),
      exp: nowS() + 3600,
    });
    await expect(verify(token)).resolves.toMatchObject({ serviceurl: serviceUrl });
  });

  it('verifies within the 5 minute skew and not beyond it', async () => {
    const token = await sign({ expiresInS: 60 });
    nowMs += (60 + 290) * 1000;
    await expect(verify(token)).resolves.toBeDefined();
    nowMs += 20 * 1000;
    await expect(verify(token)).rejects.toThrow(/exp/);
  });

  const forgeries: Array<[string, () => Promise<string>, RegExp]> = [
    ['a key not in the JWKS, claiming the trusted kid', async () => sign({ key: await generateBotFrameworkKey(), kid: connector.signingKey.kid }), /signature/],
    ['a key the JWKS does not know', async () => sign({ key: await generateBotFrameworkKey({ kid: 'unknown-kid' }) }), /no applicable key|matching/i],
    ['another issuer', () => sign({ issuer: 'https://sts.windows.net/attacker/' }), /iss/],
    ['another audience', () => sign({ audience: 'another-bot-app-id' }), /aud/],
    ['an expired token', () => sign({ now: nowS() - 7200 }), /exp/],
    ['a token not valid yet', () => sign({ notBefore: nowS() + 900 }), /nbf/],
    ['alg none', () => sign({ alg: 'none' }), /alg|Invalid Compact JWS|not allowed/i],
    ['HS256 keyed with the public key', () => sign({ alg: 'HS256' }), /alg|not allowed/i],
    ['a serviceurl that is not the activity\'s', () => sign({ serviceUrl: 'https://attacker.example/amer/' }), /serviceurl/],
    ['no serviceurl claim', () => sign({ serviceUrl: null }), /serviceurl/],
  ];

  it.each(forgeries)('refuses %s', async (_name, forge, reason) => {
    const token = await forge();
    await expect(verify(token)).rejects.toThrow(reason);
  });

  it('cannot be verified with keys from the derived URL', async () => {
    const token = await sign();
    const derived = createRemoteJWKSet(new URL(connector.derivedKeysUrl));
    await expect(jwtVerify(token, derived, { issuer: BOT_FRAMEWORK_ISSUER, audience: connector.appId, currentDate: new Date(nowMs) })).rejects.toThrow();
  });

  it('drops a standard claim on request', async () => {
    const token = await sign({ claims: { exp: undefined, extra: 'x' } });
    const payload = decodeJwtPayload(token);
    expect(payload).not.toHaveProperty('exp');
    expect(payload['extra']).toBe('x');
  });
});

describe('token endpoint', () => {
  it('issues bot tokens for client credentials and counts them', async () => {
    expect(connector.tokensIssued).toBe(0);
    const answer = await requestToken();
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const claims = decodeJwtPayload(answer.body.access_token as string);
    expect(claims).toMatchObject({ aud: 'https://api.botframework.com', appid: connector.appId, tid: BOT_FRAMEWORK_TENANT_ID, exp: nowS() + 3599 });
    await requestToken();
    expect(connector.tokensIssued).toBe(2);
    expect(connector.issuedTokens[0]).toMatchObject({ scope: BOT_SCOPE, tenant: 'botframework.com', clientId: connector.appId });
    expect(connector.issuedTokens[0]!.accessToken).not.toBe(connector.issuedTokens[1]!.accessToken);
  });

  it('takes the secret in HTTP Basic too', async () => {
    const answer = await request(connector.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${connector.appId}:${connector.appSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: BOT_SCOPE }).toString(),
    });
    expect(answer.status).toBe(200);
  });

  it('answers AAD errors for a wrong secret, an unknown app, a bad scope, an unknown tenant, another grant', async () => {
    const wrongSecret = await requestToken({ client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(wrongSecret.body.error_description).toMatch(/^AADSTS7000215: /);

    const unknownApp = await requestToken({ client_id: '00000000-0000-0000-0000-000000000000' });
    expect(unknownApp.status).toBe(400);
    expect(unknownApp.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });

    expect((await requestToken({ scope: 'https://api.botframework.com' })).body).toMatchObject({ error: 'invalid_scope' });
    expect((await requestToken({ scope: 'https://example.com/.default' })).body).toMatchObject({ error: 'invalid_resource' });
    expect((await requestToken({}, 'contoso.example')).body).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
    expect((await requestToken({ grant_type: 'password' })).body).toMatchObject({ error: 'unsupported_grant_type' });
    expect(connector.tokensIssued).toBe(0);
  });
});

describe('Bot Connector authorization', () => {
  it('answers 401 without a token, with a made-up one, with a Graph token, and after expiry or revocation', async () => {
    const denied = { message: 'Authorization has been denied for this request.' };
    expect(await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('x'), null)).toMatchObject({ status: 401, body: denied });
    expect((await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('x'), 'made.up.token')).status).toBe(401);
    expect((await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('x'), await graphToken())).status).toBe(401);
    expect(connector.activities()).toEqual([]);

    const token = await botToken();
    expect((await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('x'), token)).status).toBe(201);
    nowMs += 3599 * 1000;
    expect((await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('x'), token)).status).toBe(401);

    const fresh = await botToken();
    connector.revokeTokens();
    expect((await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('x'), fresh)).status).toBe(401);
    expect(connector.activities()).toHaveLength(1);
  });
});

describe('activities', () => {
  it('records posts with counter ids and applies updates; unknown activities answer 404', async () => {
    const first = await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('card'));
    const second = await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('another'));
    expect(first).toMatchObject({ status: 201, body: { id: '1700000000001' } });
    expect(second.body).toEqual({ id: '1700000000002' });

    const update = await connectorCall('PUT', `v3/conversations/${CHANNEL}/activities/1700000000001`, message('card, claimed'));
    expect(update).toMatchObject({ status: 200, body: { id: '1700000000001' } });
    expect(connector.activity('1700000000001')).toMatchObject({
      conversationId: CHANNEL,
      activity: { text: 'card, claimed' },
      original: { text: 'card' },
      updateCount: 1,
      via: 'create',
    });
    expect(connector.updates(CHANNEL)).toEqual([
      { conversationId: CHANNEL, activityId: '1700000000001', activity: message('card, claimed'), targeted: false, at: nowMs },
    ]);

    const unknown = await connectorCall('PUT', `v3/conversations/${CHANNEL}/activities/999`, message('x'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ActivityNotFoundInConversation');
    const elsewhere = await connectorCall('PUT', `v3/conversations/19:other@thread.tacv2/activities/1700000000001`, message('x'));
    expect(elsewhere.status).toBe(404);
    expect(connector.updates()).toHaveLength(1);
  });

  it('answers 404 ConversationNotFound for a conversation it does not know, unless told to accept any', async () => {
    const unknown = await connectorCall('POST', 'v3/conversations/19:nowhere@thread.tacv2/activities', message('lost'));
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'ConversationNotFound' } } });
    const thread = await connectorCall('POST', 'v3/conversations', { isGroup: true, channelData: { channel: { id: '19:nowhere@thread.tacv2' } }, activity: message('x') });
    expect(thread.status).toBe(404);
    // The team's own id is its General channel.
    expect((await connectorCall('POST', `v3/conversations/${TEAM.id}/activities`, message('general'))).status).toBe(201);
    expect(connector.activities().map((a) => a.activity['text'])).toEqual(['general']);

    await connector.close();
    await start({ acceptUnknownConversations: true });
    expect((await connectorCall('POST', 'v3/conversations/19:nowhere@thread.tacv2/activities', message('accepted'))).status).toBe(201);
  });

  it('takes conversation ids raw and percent-encoded alike', async () => {
    const thread = `${CHANNEL};messageid=1700000000009`;
    await connectorCall('POST', `v3/conversations/${thread}/activities`, message('raw'));
    await connectorCall('POST', `v3/conversations/${encodeURIComponent(thread)}/activities`, message('encoded'));
    const posted = connector.activities(thread);
    expect(posted.map((a) => [a.conversationId, a.activity['text']])).toEqual([
      [thread, 'raw'],
      [thread, 'encoded'],
    ]);
    expect(connector.callsTo('activities.create').map((c) => c.conversationId)).toEqual([thread, thread]);
    expect(connector.calls.find((c) => c.rawPath.includes('%3B'))?.path).toContain(';messageid=');
    // A channel's id matches its threads.
    expect(connector.activities(CHANNEL)).toHaveLength(2);
    // An update through the thread id finds the post.
    expect((await connectorCall('PUT', `v3/conversations/${encodeURIComponent(CHANNEL)}/activities/1700000000001`, message('x'))).status).toBe(200);
  });

  it('stores replies, targeted activities and deletions', async () => {
    const reply = await connectorCall('POST', `v3/conversations/${CHANNEL}/activities/1700000000555`, message('in thread'));
    expect(reply.status).toBe(201);
    expect(connector.activity(reply.body.id)).toMatchObject({ via: 'reply', replyToId: '1700000000555' });

    const bodyReply = await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, { ...message('sdk reply'), replyToId: '1700000000555' });
    expect(connector.activity(bodyReply.body.id)).toMatchObject({ via: 'create', replyToId: '1700000000555' });

    const noRecipient = await connectorCall('POST', `v3/conversations/${CHANNEL}/activities?isTargetedActivity=true`, message('only you'));
    expect(noRecipient.status).toBe(400);
    const targeted = await connectorCall('POST', `v3/conversations/${CHANNEL}/activities?isTargetedActivity=true`, {
      ...message('only you'),
      recipient: { id: ALEX!.id },
    });
    expect(targeted.status).toBe(201);
    expect(connector.callsTo('activities.createTargeted')).toHaveLength(2);
    expect(connector.activity(targeted.body.id)).toMatchObject({ targeted: true });
    const targetedUpdate = await connectorCall('PUT', `v3/conversations/${CHANNEL}/activities/${targeted.body.id}?isTargetedActivity=true`, {
      ...message('only you, updated'),
      recipient: { id: ALEX!.id },
    });
    expect(targetedUpdate.status).toBe(200);
    expect(connector.updates()[0]).toMatchObject({ targeted: true });

    expect((await connectorCall('DELETE', `v3/conversations/${CHANNEL}/activities/${reply.body.id}`)).status).toBe(200);
    expect(connector.activity(reply.body.id)?.deleted).toBe(true);
    expect((await connectorCall('DELETE', `v3/conversations/${CHANNEL}/activities/${reply.body.id}`)).status).toBe(404);
  });

  it('refuses an activity without a type, and one above the size limit with MessageSizeTooBig', async () => {
    await connector.close();
    await start({ maxActivityBytes: 2000 });
    expect((await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, { text: 'no type' })).status).toBe(400);
    const big = await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('x'.repeat(1000)));
    expect(big).toMatchObject({ status: 413, body: { error: { code: 'MessageSizeTooBig' } } });
    expect((await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('x'.repeat(900)))).status).toBe(201);
  });

  it('serves the Teams SDK client: raw ids with ; and @ in the path', async () => {
    const token = await botToken();
    const client = new ConversationClient(connector.serviceUrl, new Client({ token }));
    const thread = `${CHANNEL};messageid=1700000000042`;
    const sent = await client.createActivity(thread, { type: 'message', text: 'from the SDK' });
    expect(sent.id).toBe('1700000000001');
    await client.updateActivity(thread, sent.id, { type: 'message', text: 'updated by the SDK' });
    expect(connector.activity(sent.id)?.activity['text']).toBe('updated by the SDK');
    expect(connector.calls.at(-1)?.rawPath).toContain(';messageid=');
    const members = await client.getMembers(CHANNEL);
    expect(members.map((m) => m.name)).toEqual([ALEX!.name, JORDAN!.name]);
  });
});

describe('conversations', () => {
  it('creates one 1:1 conversation per user, with or without a first activity', async () => {
    const created = await connectorCall('POST', 'v3/conversations', {
      isGroup: false,
      bot: { id: connector.botId },
      members: [{ id: ALEX!.id }],
      tenantId: connector.tenantId,
      channelData: { tenant: { id: connector.tenantId } },
    });
    expect(created).toMatchObject({ status: 201, body: { id: 'a:1StandInPersonalChat000001' } });
    expect(created.body).not.toHaveProperty('activityId');

    const again = await connectorCall('POST', 'v3/conversations', {
      members: [{ id: ALEX!.id }],
      channelData: { tenant: { id: connector.tenantId } },
      activity: message('hello Alex'),
    });
    expect(again.body).toEqual({ id: 'a:1StandInPersonalChat000001', activityId: '1700000000001' });
    expect(connector.activities('a:1StandInPersonalChat000001')).toMatchObject([{ via: 'conversation', activity: { text: 'hello Alex' } }]);
    expect(connector.personalConversationFor(ALEX!.aadObjectId)).toBe('a:1StandInPersonalChat000001');
    expect(connector.membersOf('a:1StandInPersonalChat000001')?.map((m) => m.id)).toEqual([ALEX!.id]);

    const other = await connectorCall('POST', 'v3/conversations', { members: [{ id: JORDAN!.id }], tenantId: connector.tenantId });
    expect(other.body.id).toBe('a:1StandInPersonalChat000002');
    expect(connector.createdConversations.map((c) => c.kind)).toEqual(['personal', 'personal', 'personal']);
  });

  it('starts a channel thread: <channel>;messageid=<activity id>', async () => {
    const created = await connectorCall('POST', 'v3/conversations', {
      isGroup: true,
      channelData: { channel: { id: CHANNEL }, tenant: { id: connector.tenantId } },
      activity: message('new thread'),
    });
    expect(created).toMatchObject({ status: 201, body: { id: `${CHANNEL};messageid=1700000000001`, activityId: '1700000000001' } });
    expect(connector.activities(CHANNEL)).toMatchObject([{ id: '1700000000001', conversationId: `${CHANNEL};messageid=1700000000001` }]);
  });

  it('refuses group chats, a missing tenant and a channel thread without an activity', async () => {
    const group = await connectorCall('POST', 'v3/conversations', { isGroup: true, members: [{ id: ALEX!.id }, { id: JORDAN!.id }], tenantId: connector.tenantId });
    expect(group).toMatchObject({ status: 400, body: { error: { code: 'BadArgument' } } });
    expect((await connectorCall('POST', 'v3/conversations', { members: [{ id: ALEX!.id }] })).status).toBe(400);
    expect((await connectorCall('POST', 'v3/conversations', { channelData: { channel: { id: CHANNEL } } })).status).toBe(400);
    expect(connector.createdConversations).toEqual([]);
  });
});

describe('members', () => {
  it('lists a team roster through any of its channels, gets one by id or aadObjectId', async () => {
    const members = await connectorCall('GET', `v3/conversations/${CHANNEL};messageid=1/members`);
    expect(members.status).toBe(200);
    expect(members.body).toEqual([
      { ...ALEX, tenantId: connector.tenantId },
      { ...JORDAN, tenantId: connector.tenantId },
    ]);
    expect((await connectorCall('GET', `v3/conversations/${TEAM.id}/members/${ALEX!.id}`)).body.name).toBe(ALEX!.name);
    expect((await connectorCall('GET', `v3/conversations/${CHANNEL}/members/${JORDAN!.aadObjectId}`)).body.id).toBe(JORDAN!.id);
    const stranger = await connectorCall('GET', `v3/conversations/${CHANNEL}/members/29:stranger`);
    expect(stranger).toMatchObject({ status: 404, body: { error: { code: 'MemberNotFoundInConversation' } } });
    expect((await connectorCall('GET', 'v3/conversations/19:unknown@thread.tacv2/members')).status).toBe(404);

    connector.setMembers(CHANNEL, [JORDAN!]);
    expect((await connectorCall('GET', `v3/conversations/${CHANNEL}/members`)).body.map((m: { id: string }) => m.id)).toEqual([JORDAN!.id]);
  });

  it('pages members with continuation tokens', async () => {
    const people = Array.from({ length: 5 }, (_, i) => ({ id: `29:person-${i}`, name: `Person ${i}`, aadObjectId: `aad-${i}` }));
    await connector.close();
    await start({ minPageSize: 1, chats: { '19:chat@thread.v2': people } });
    const first = await connectorCall('GET', 'v3/conversations/19:chat@thread.v2/pagedmembers?pageSize=2');
    expect(first.body.members.map((m: { id: string }) => m.id)).toEqual(['29:person-0', '29:person-1']);
    expect(first.body.continuationToken).toEqual(expect.any(String));
    const ids: string[] = first.body.members.map((m: { id: string }) => m.id);
    let token: string | undefined = first.body.continuationToken;
    while (token !== undefined) {
      const page = await connectorCall('GET', `v3/conversations/19:chat@thread.v2/pagedMembers?pageSize=2&continuationToken=${encodeURIComponent(token)}`);
      ids.push(...page.body.members.map((m: { id: string }) => m.id));
      token = page.body.continuationToken;
    }
    expect(ids).toEqual(people.map((p) => p.id));
  });

  it('never pages smaller than Teams does (50) unless told', async () => {
    const page = await connectorCall('GET', `v3/conversations/${CHANNEL}/pagedmembers?pageSize=1`);
    expect(page.body).toEqual({ members: expect.any(Array) });
    expect(page.body.members).toHaveLength(2);
  });
});

describe('Graph', () => {
  it('creates standard channels, refuses a taken name with NameAlreadyExists, lists and filters', async () => {
    const created = await graphCall('POST', `teams/${TEAM.aadGroupId}/channels`, {
      displayName: 'Crisis 2026-12-07',
      description: 'Crisis room',
      membershipType: 'standard',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: '19:00000000000000000000000000000001@thread.tacv2',
      displayName: 'Crisis 2026-12-07',
      description: 'Crisis room',
      membershipType: 'standard',
      webUrl: expect.stringContaining('https://teams.microsoft.com/l/channel/19%3A00000000000000000000000000000001%40thread.tacv2/'),
    });

    const taken = await graphCall('POST', `teams/${TEAM.aadGroupId}/channels`, { displayName: 'crisis 2026-12-07', membershipType: 'standard' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'NameAlreadyExists' });
    expect((await graphCall('POST', `teams/${TEAM.aadGroupId}/channels`, { displayName: 'General' })).status).toBe(409);
    expect((await graphCall('POST', `teams/${TEAM.aadGroupId}/channels`, { displayName: 'x'.repeat(51) })).status).toBe(400);
    expect((await graphCall('POST', 'teams/00000000-0000-0000-0000-000000000000/channels', { displayName: 'x' })).status).toBe(404);

    const list = await graphCall('GET', `teams/${TEAM.aadGroupId}/channels`);
    expect(list.body.value.map((c: { displayName: string }) => c.displayName)).toEqual(['General', 'Social Inbox', 'Crisis 2026-12-07']);
    expect(list.body.value[0].id).toBe(TEAM.id);
    const filtered = await graphCall('GET', `teams/${TEAM.aadGroupId}/channels?$filter=${encodeURIComponent("displayName eq 'Social Inbox'")}`);
    expect(filtered.body.value.map((c: { id: string }) => c.id)).toEqual([CHANNEL]);

    // The new channel is a channel of the team for the Bot Connector as well.
    expect((await connectorCall('GET', `v3/conversations/${created.body.id}/members`)).status).toBe(200);
  });

  it('needs a Graph token from the bot tenant', async () => {
    const path = `teams/${TEAM.aadGroupId}/channels`;
    const withBotToken = await graphCall('GET', path, undefined, await botToken());
    expect(withBotToken).toMatchObject({ status: 401, body: { error: { code: 'InvalidAuthenticationToken' } } });
    const fromBotFrameworkTenant = await graphCall('GET', path, undefined, await graphToken('botframework.com'));
    expect(fromBotFrameworkTenant.status).toBe(401);
    expect((await graphCall('GET', path)).status).toBe(200);
  });

  it("lists the bot's root posts in a channel, newest first, paged", async () => {
    await connectorCall('POST', 'v3/conversations', { isGroup: true, channelData: { channel: { id: CHANNEL } }, activity: message('first') });
    await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, {
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body: [] } }],
    });
    await connectorCall('POST', `v3/conversations/${CHANNEL};messageid=1700000000001/activities`, message('a reply'));
    const page = await graphCall('GET', `teams/${TEAM.aadGroupId}/channels/${CHANNEL}/messages?$top=1`);
    expect(page.body.value.map((m: { id: string }) => m.id)).toEqual(['1700000000002']);
    expect(page.body.value[0]).toMatchObject({
      from: { application: { id: connector.appId, applicationIdentityType: 'bot' } },
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: expect.stringContaining('"AdaptiveCard"') }],
    });
    const next = await request(page.body['@odata.nextLink'] as string, { headers: { authorization: `Bearer ${await graphToken()}` } });
    expect(next.body.value.map((m: { id: string }) => m.id)).toEqual(['1700000000001']);
    expect(next.body).not.toHaveProperty('@odata.nextLink');
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After the given number of times, then normally', async () => {
    connector.failNext({ match: 'activities.create', status: 429, retryAfter: 3, times: 2 });
    const first = await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('a'));
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('a'))).status).toBe(429);
    expect((await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('a'))).status).toBe(201);
    expect(connector.activities()).toHaveLength(1);
    expect(connector.pendingFaults).toBe(0);
    expect(connector.callsTo('activities.create').map((c) => c.status)).toEqual([429, 429, 201]);
  });

  it('answers each status with the service error body, and only on matching calls', async () => {
    connector.failNext({ match: 'activities.update', status: 412 });
    connector.failNext({ match: /^POST .*\/activities$/, status: 413 });
    connector.failNext({ match: (call) => call.route === 'graph.channels.create', status: 500 });
    const posted = await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('x'));
    expect(posted).toMatchObject({ status: 413, body: { error: { code: 'MessageSizeTooBig' } } });
    const again = await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('x'));
    const updated = await connectorCall('PUT', `v3/conversations/${CHANNEL}/activities/${again.body.id}`, message('y'));
    expect(updated).toMatchObject({ status: 412, body: { error: { code: 'PreconditionFailed' } } });
    const channel = await graphCall('POST', `teams/${TEAM.aadGroupId}/channels`, { displayName: 'Room' });
    expect(channel.status).toBe(500);
    expect(channel.body.error).toMatchObject({ code: 'InternalServerError', innerError: expect.any(Object) });
    expect(connector.pendingFaults).toBe(0);
  });

  it('sends a given body; a fault without match spares the token endpoint', async () => {
    connector.failNext({ status: 502, body: 'upstream down' });
    const token = await botToken();
    const answer = await connectorCall('GET', `v3/conversations/${CHANNEL}/members`, undefined, token);
    expect(answer).toMatchObject({ status: 502, body: 'upstream down' });
    expect(connector.calls.find((c) => c.route === 'members.list')?.fault).toEqual({ kind: 'fail', status: 502, applied: false });
  });

  it('can fail the token endpoint', async () => {
    connector.failNext({ match: 'token', status: 503 });
    expect((await requestToken()).status).toBe(503);
    expect((await requestToken()).status).toBe(200);
  });

  it('applies the call before an applied fault: the post exists, the answer is an error', async () => {
    connector.failNext({ match: 'activities.create', status: 504, applied: true });
    expect((await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('lost'))).status).toBe(504);
    expect(connector.activities().map((a) => a.activity['text'])).toEqual(['lost']);
  });

  it('drops the connection after applying the call, or before when told', async () => {
    const token = await botToken();
    connector.dropConnectionNext('activities.create');
    await expect(connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('applied'), token)).rejects.toThrow();
    connector.dropConnectionNext('activities.create', { applied: false });
    await expect(connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('not applied'), token)).rejects.toThrow();
    expect(connector.activities().map((a) => a.activity['text'])).toEqual(['applied']);
    expect(connector.callsTo('activities.create').map((c) => c.status)).toEqual(['dropped', 'dropped']);
    expect((await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('fine'), token)).status).toBe(201);
  });

  it('holds an answer until released: a later call overtakes it', async () => {
    const token = await botToken();
    const hold = connector.holdNext('activities.create');
    const order: string[] = [];
    const slow = connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('slow'), token).then((answer) => {
      order.push('slow');
      return answer;
    });
    const held = await hold.arrived;
    expect(held.route).toBe('activities.create');
    expect(held.status).toBeUndefined();
    await connectorCall('GET', `v3/conversations/${CHANNEL}/members`, undefined, token).then(() => order.push('members'));
    expect(order).toEqual(['members']);
    hold.release();
    expect((await slow).status).toBe(201);
    expect(order).toEqual(['members', 'slow']);
    expect(connector.activities()).toHaveLength(1);
  });

  it('delays an answer and then answers normally', async () => {
    connector.delayNext({ match: 'members.list', delayMs: 50 });
    expect((await connectorCall('GET', `v3/conversations/${CHANNEL}/members`)).status).toBe(200);
    expect(connector.callsTo('members.list')[0]!.fault).toEqual({ kind: 'delay', delayMs: 50, applied: true });
  });
});

describe('waitFor', () => {
  it('resolves with the first truthy value once a matching call is recorded', async () => {
    const waiting = connector.waitFor((c) => c.activities(CHANNEL)[0]);
    await connectorCall('POST', `v3/conversations/${CHANNEL}/activities`, message('awaited'));
    await expect(waiting).resolves.toMatchObject({ activity: { text: 'awaited' } });
  });

  it('rejects after the timeout, naming the calls it saw', async () => {
    await connectorCall('GET', `v3/conversations/${CHANNEL}/members`);
    await expect(connector.waitFor(() => false, { timeoutMs: 100, description: 'a post that never comes' })).rejects.toThrow(
      /waitFor timed out after 100 ms: a post that never comes[\s\S]*GET \/amer\/[^\n]*\/members \[members.list\] -> 200/,
    );
  });
});

describe('send: Teams to the bot', () => {
  interface Received {
    authorization: string | undefined;
    path: string;
    body: Record<string, unknown>;
  }

  async function startBot(answer: (body: Record<string, unknown>) => { status: number; body?: unknown }): Promise<{ url: string; received: Received[] }> {
    const received: Received[] = [];
    const server: Server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        received.push({ authorization: req.headers.authorization, path: req.url ?? '', body });
        const reply = answer(body);
        res.writeHead(reply.status, reply.body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    extra.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
  }

  it("posts the activity to /api/messages with a token a jwks_uri verifier accepts, serviceurl = the activity's", async () => {
    const bot = await startBot(() => ({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' } }));
    const activity = loadTeamsFixture('invoke-adaptive-card-action', connector.fixtureValues());
    const result = await connector.send(bot.url, activity);
    expect(result).toMatchObject({ status: 200, body: { statusCode: 200, value: 'ok' } });
    expect(bot.received).toHaveLength(1);
    expect(bot.received[0]!.path).toBe('/api/messages');
    expect(bot.received[0]!.body).toEqual(activity);

    const token = bot.received[0]!.authorization!.replace(/^Bearer /, '');
    const jwks = createRemoteJWKSet(new URL(connector.jwksUrl));
    const { payload } = await jwtVerify(token, jwks, { issuer: BOT_FRAMEWORK_ISSUER, audience: connector.appId, currentDate: new Date(nowMs) });
    expect(payload).toMatchObject({ serviceurl: connector.serviceUrl, iat: nowS() });
    expect(connector.deliveries).toMatchObject([{ status: 200, activity }]);
  });

  it('sends a given token, no token, or a bent one', async () => {
    const bot = await startBot(() => ({ status: 401 }));
    const activity = loadTeamsFixture('message-personal', connector.fixtureValues());
    expect(await connector.send(`${bot.url}/api/messages`, activity, { token: 'forged' })).toMatchObject({ status: 401, body: null });
    await connector.send(bot.url, activity, { token: null });
    await connector.send(bot.url, activity, { sign: { issuer: 'https://evil.example' } });
    expect(bot.received.map((r) => r.authorization?.slice(0, 13))).toEqual(['Bearer forged', undefined, 'Bearer eyJhbG']);
    expect(decodeJwtPayload(bot.received[2]!.authorization!.slice(7))['iss']).toBe('https://evil.example');
  });
});

describe('fixtures', () => {
  const names: TeamsFixtureName[] = [
    'conversation-update-bot-added-team',
    'conversation-update-bot-added-personal',
    'message-channel-mention',
    'message-personal',
    'invoke-adaptive-card-action',
    'invoke-task-fetch',
    'invoke-task-submit',
  ];

  it.each(names)('%s: every placeholder has a default and all are filled', (name) => {
    for (const placeholder of teamsFixturePlaceholders(name)) expect(TEAMS_FIXTURE_DEFAULTS).toHaveProperty(placeholder);
    const activity = loadTeamsFixture(name, connector.fixtureValues());
    expect(JSON.stringify(activity)).not.toContain('{{');
    expect(activity).toMatchObject({ channelId: 'msteams', serviceUrl: connector.serviceUrl, recipient: { id: connector.botId } });
  });

  it('fills the shapes the adapter reads', () => {
    const values = connector.fixtureValues();
    expect(loadTeamsFixture('conversation-update-bot-added-team', values)).toMatchObject({
      type: 'conversationUpdate',
      membersAdded: [{ id: `28:${connector.appId}` }],
      conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: connector.tenantId },
      channelData: { team: { id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId }, eventType: 'teamMemberAdded', tenant: { id: connector.tenantId } },
    });
    expect(loadTeamsFixture('conversation-update-bot-added-personal', values)).toMatchObject({
      conversation: { id: connector.personalConversationFor(ALEX!.id), conversationType: 'personal' },
    });
    expect(loadTeamsFixture('message-channel-mention', values)).toMatchObject({
      text: '<at>Community Desk</at> crisis drill',
      from: { id: ALEX!.id, name: ALEX!.name, aadObjectId: ALEX!.aadObjectId },
      entities: [{ type: 'mention', mentioned: { id: connector.botId, name: 'Community Desk' }, text: '<at>Community Desk</at>' }, { type: 'clientInfo' }],
    });
    expect(loadTeamsFixture('message-personal', values)).toMatchObject({ text: 'kpi last', conversation: { conversationType: 'personal' } });
    expect(loadTeamsFixture('invoke-adaptive-card-action', { ...values, commentId: 'c-42', verb: 'desk.release' })).toMatchObject({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'desk.release', data: { c: 'c-42' } }, trigger: 'manual' },
      replyToId: '1700000000001',
      conversation: { id: `${CHANNEL};messageid=1700000000001` },
    });
    expect(loadTeamsFixture('invoke-task-fetch', values)).toMatchObject({
      name: 'task/fetch',
      value: { data: { msteams: { type: 'task/fetch' }, desk: 'desk.snooze', c: 'comment-1' }, context: { theme: 'default' } },
    });
    expect(loadTeamsFixture('invoke-task-submit', values)).toMatchObject({
      name: 'task/submit',
      value: { data: { desk: 'desk.snooze', c: 'comment-1', deskSnoozeChoice: '1h', deskSnoozeReason: 'Waiting for the legal team' } },
    });
  });

  it('escapes values in the HTML attachment only, and applies a patch', () => {
    const activity = loadTeamsFixture('message-channel-mention', { botName: 'Desk <b>&', mentionText: 'kpi "last"' }, {
      conversation: { name: 'patched' },
      locale: undefined,
    });
    expect(activity['text']).toBe('<at>Desk <b>&</at> kpi "last"');
    expect((activity['attachments'] as Array<{ content: string }>)[0]!.content).toContain('>Desk &lt;b&gt;&amp;</span>&nbsp;kpi &quot;last&quot;</p>');
    expect(activity['conversation']).toMatchObject({ name: 'patched', conversationType: 'channel' });
    expect(activity).not.toHaveProperty('locale');
  });
});
