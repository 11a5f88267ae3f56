import { App, LogLevel } from '@slack/bolt';
import {
  ErrorCode,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  WebClientEvent,
  type WebClientOptions,
} from '@slack/web-api';
import { type Logger as SocketModeLogger, LogLevel as SocketModeLogLevel, SocketModeClient } from '@slack/socket-mode';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as WsClient } from 'ws';
import {
  blockActionsBody,
  makeBlockActionsPayload,
  makeSlashCommandFields,
  postToSlackEndpoint,
  signSlackRequest,
  slashCommandBody,
} from './slack-signing.js';
import {
  dmChannelIdFor,
  SLACK_STAND_IN_DEFAULTS,
  startSlackStandIn,
  UPLOAD_URL_METHOD,
  type SlackStandIn,
  type SocketModeAck,
} from './slack-stand-in.js';

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0TESTCHAN1';
const BLOCKS = [
  { type: 'section', block_id: 'b1', text: { type: 'mrkdwn', text: '*Draft* reply' } },
  { type: 'actions', block_id: 'act', elements: [{ type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve' }, value: 'd1' }] },
];

let standIn: SlackStandIn;

beforeAll(async () => {
  standIn = await startSlackStandIn();
});
afterEach(() => standIn.reset());
afterAll(async () => {
  await standIn.close();
});

/** A real WebClient pointed at the stand-in; no retries unless asked, quiet logs. */
function client(options: WebClientOptions = {}, token = TOKEN): WebClient {
  return new WebClient(token, { slackApiUrl: standIn.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR, ...options });
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('slack stand-in with the real WebClient', () => {
  it('serves under /api/ and answers auth.test with the bot identity', async () => {
    expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const result = await client().auth.test();
    expect(result).toMatchObject({
      ok: true,
      user_id: SLACK_STAND_IN_DEFAULTS.botUserId,
      bot_id: SLACK_STAND_IN_DEFAULTS.botId,
      team_id: SLACK_STAND_IN_DEFAULTS.teamId,
      url: `https://${SLACK_STAND_IN_DEFAULTS.teamDomain}.slack.com/`,
    });
    expect(standIn.calls).toEqual([{ method: 'auth.test', args: {}, token: TOKEN, at: expect.any(Number) }]);
  });

  it('posts then updates a message; state shows the update and args are decoded', async () => {
    const web = client();
    const posted = await web.chat.postMessage({ channel: CHANNEL, text: 'Draft reply', blocks: BLOCKS, metadata: { event_type: 'draft', event_payload: { id: 'd1' } } });
    expect(posted).toMatchObject({ ok: true, channel: CHANNEL, ts: '1700000000.000100', message: { text: 'Draft reply', blocks: BLOCKS } });

    const second = await web.chat.postMessage({ channel: CHANNEL, text: 'another' });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));

    const updated = await web.chat.update({ channel: CHANNEL, ts: posted.ts ?? '', text: 'Approved', blocks: [] });
    expect(updated).toMatchObject({ ok: true, channel: CHANNEL, ts: posted.ts, text: 'Approved' });

    const [first] = standIn.messages(CHANNEL);
    expect(first).toMatchObject({ ts: posted.ts, text: 'Approved', blocks: undefined, updateCount: 1 });
    expect(standIn.messages()).toHaveLength(2);

    // WebClient form-encodes and sends blocks/metadata as JSON strings; the recording has them parsed.
    const [postCall] = standIn.callsTo('chat.postMessage');
    expect(postCall?.args).toMatchObject({ channel: CHANNEL, text: 'Draft reply', blocks: BLOCKS, metadata: { event_type: 'draft' } });
    expect(postCall?.token).toBe(TOKEN);
  });

  it('chat.update keeps blocks when only blocks-less fields are absent, drops them for a text-only update', async () => {
    const web = client();
    const { ts = '' } = await web.chat.postMessage({ channel: CHANNEL, text: 'v1', blocks: BLOCKS, attachments: [{ fallback: 'f', text: 'a' }] });
    await web.chat.update({ channel: CHANNEL, ts, blocks: BLOCKS.slice(0, 1) });
    expect(standIn.messages()[0]).toMatchObject({ text: 'v1', blocks: BLOCKS.slice(0, 1), attachments: [{ text: 'a' }] });
    await web.chat.update({ channel: CHANNEL, ts, text: 'v2' });
    expect(standIn.messages()[0]).toMatchObject({ text: 'v2', blocks: undefined, attachments: [{ text: 'a' }], updateCount: 2 });
  });

  it('chat.update of an unknown ts is a platform error message_not_found', async () => {
    const error = await rejectionOf(client().chat.update({ channel: CHANNEL, ts: '1.000001', text: 'x' }));
    expect(error).toBeInstanceOf(WebAPIPlatformError);
    expect(error).toMatchObject({ code: ErrorCode.PlatformError, data: { ok: false, error: 'message_not_found' } });
  });

  it('500 fault: WebClient (retries: 0) throws an HTTP error with statusCode 500 and nothing is posted', async () => {
    standIn.failNext(1, { status: 500 });
    const error = await rejectionOf(client().chat.postMessage({ channel: CHANNEL, text: 'hello' }));
    expect(error).toBeInstanceOf(WebAPIHTTPError);
    expect(error).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    expect(standIn.messages()).toEqual([]);
    expect(standIn.calls).toEqual([]);
    expect(standIn.attempts).toMatchObject([{ method: 'chat.postMessage', status: 500, ok: false }]);

    // The fault is used up: the next call goes through.
    await client().chat.postMessage({ channel: CHANNEL, text: 'hello' });
    expect(standIn.messages()).toHaveLength(1);
  });

  it('5xx is retried by WebClient according to retryConfig', async () => {
    standIn.failNext(2, { status: 503 });
    await client({ retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 1 } }).chat.postMessage({ channel: CHANNEL, text: 'x' });
    expect(standIn.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(standIn.messages()).toHaveLength(1);
  });

  it('429 with Retry-After: rejectRateLimitedCalls makes WebClient throw a rate-limited error with retryAfter', async () => {
    standIn.failNext(1, { status: 429, retryAfterSeconds: 7 }, 'chat.postMessage');
    const error = await rejectionOf(client({ rejectRateLimitedCalls: true }).chat.postMessage({ channel: CHANNEL, text: 'x' }));
    expect(error).toBeInstanceOf(WebAPIRateLimitedError);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(standIn.messages()).toEqual([]);
    expect(standIn.attempts).toMatchObject([{ status: 429, error: 'ratelimited' }]);
  });

  it('429 sets the Retry-After header on the wire', async () => {
    standIn.failNext(1, { status: 429, retryAfterSeconds: 3 });
    const response = await fetch(`${standIn.url}chat.postMessage`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'channel=C0TESTCHAN1&text=hi',
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('without rejectRateLimitedCalls WebClient waits Retry-After, emits rate_limited and retries', async () => {
    standIn.failNext(1, { status: 429, retryAfterSeconds: 0 });
    const web = client({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 1 } });
    const rateLimited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (retryAfter: number) => rateLimited.push(retryAfter));
    await web.chat.postMessage({ channel: CHANNEL, text: 'x' });
    expect(rateLimited).toEqual([0]);
    expect(standIn.attempts.map((a) => a.status)).toEqual([429, 200]);
  });

  it('an ok:false fault (HTTP 200) is a platform error and is not retried', async () => {
    standIn.failNext(1, { status: 200, error: 'ratelimited' });
    const error = await rejectionOf(client({ retryConfig: { retries: 3, minTimeout: 0, maxTimeout: 1 } }).chat.postMessage({ channel: CHANNEL, text: 'x' }));
    expect(error).toBeInstanceOf(WebAPIPlatformError);
    expect(error).toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'ratelimited' } });
    expect(standIn.attempts).toHaveLength(1);
  });

  it('a dropped connection is a request error', async () => {
    standIn.failNext(1, { status: 'reset' });
    const error = await rejectionOf(client().chat.postMessage({ channel: CHANNEL, text: 'x' }));
    expect(error).toBeInstanceOf(WebAPIRequestError);
    expect(error).toMatchObject({ code: ErrorCode.RequestError });
    expect(standIn.messages()).toEqual([]);
  });

  // The time window of failFor: 'failFor windows run on the given clock', on a clock the test moves.
  it('faults can target one method', async () => {
    const web = client();
    const { ts } = await web.chat.postMessage({ channel: CHANNEL, text: 'v1' });
    standIn.failNext(1, { status: 500 }, 'chat.update');
    await web.chat.postMessage({ channel: CHANNEL, text: 'unaffected' });
    await expect(web.chat.update({ channel: CHANNEL, ts: ts ?? '', text: 'v2' })).rejects.toBeInstanceOf(WebAPIHTTPError);
    expect(standIn.messages(CHANNEL)[0]?.text).toBe('v1');
  });

  it('rejects missing and invalid tokens, and unknown methods', async () => {
    await expect(client({}, 'xoxp-user-token').auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    const noToken = new WebClient(undefined, { slackApiUrl: standIn.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    await expect(noToken.auth.test()).rejects.toMatchObject({ data: { error: 'not_authed' } });
    await expect(client().apiCall('chat.scheduleMessage', { channel: CHANNEL, text: 'x', post_at: 1 })).rejects.toMatchObject({
      data: { error: 'unknown_method' },
    });
    await expect(client().chat.postMessage({ channel: 'not a channel', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    expect(standIn.calls).toEqual([]);
    expect(standIn.attempts).toHaveLength(4);
  });

  it('accepts a configured token only', async () => {
    const strict = await startSlackStandIn({ validToken: 'xoxb-right' });
    try {
      const web = (token: string): WebClient => new WebClient(token, { slackApiUrl: strict.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
      await expect(web('xoxb-wrong').auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
      await expect(web('xoxb-right').auth.test()).resolves.toMatchObject({ ok: true });
    } finally {
      await strict.close();
    }
  });

  it('opens stable DM channels, and posting to a user id lands in that DM', async () => {
    const web = client();
    const first = await web.conversations.open({ users: 'U0ALICE01' });
    const again = await web.conversations.open({ users: 'U0ALICE01' });
    expect(first.channel?.id).toBe(dmChannelIdFor('U0ALICE01'));
    expect(again).toMatchObject({ already_open: true, channel: { id: first.channel?.id } });
    const posted = await web.chat.postMessage({ channel: 'U0ALICE01', text: 'hi' });
    expect(posted.channel).toBe(first.channel?.id);
  });

  it('answers postEphemeral, getPermalink, users.info and conversations.info', async () => {
    const web = client();
    const eph = await web.chat.postEphemeral({ channel: CHANNEL, user: 'U0ALICE01', text: 'only you' });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(standIn.ephemerals(CHANNEL)).toMatchObject([{ user: 'U0ALICE01', text: 'only you' }]);
    expect(standIn.messages()).toEqual([]);

    const { ts } = await web.chat.postMessage({ channel: CHANNEL, text: 'x' });
    const link = await web.chat.getPermalink({ channel: CHANNEL, message_ts: ts ?? '' });
    expect(link.permalink).toBe(`https://${SLACK_STAND_IN_DEFAULTS.teamDomain}.slack.com/archives/${CHANNEL}/p${(ts ?? '').replace('.', '')}`);

    expect((await web.users.info({ user: 'U0ALICE01' })).user).toMatchObject({ id: 'U0ALICE01', is_bot: false });
    expect((await web.conversations.info({ channel: CHANNEL })).channel).toMatchObject({ id: CHANNEL, is_channel: true });
  });

  it('accepts application/json bodies with a bearer token', async () => {
    const response = await fetch(`${standIn.url}chat.postMessage`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: CHANNEL, text: 'json', blocks: BLOCKS }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: CHANNEL });
    expect(standIn.calls[0]?.args).toEqual({ channel: CHANNEL, text: 'json', blocks: BLOCKS });
  });

  it('records per-channel rate violations when enabled', async () => {
    standIn.maxPostsPerChannelPerSecond = 1;
    try {
      const web = client();
      await web.chat.postMessage({ channel: CHANNEL, text: '1' });
      await web.chat.postMessage({ channel: 'C0OTHERCHN', text: '1' });
      expect(standIn.rateViolations).toEqual([]);
      await web.chat.postMessage({ channel: CHANNEL, text: '2' });
      await web.chat.postMessage({ channel: CHANNEL, text: '3' });
      expect(standIn.rateViolations).toMatchObject([
        { channel: CHANNEL, postsInWindow: 2, limit: 1 },
        { channel: CHANNEL, postsInWindow: 3, limit: 1 },
      ]);
    } finally {
      standIn.maxPostsPerChannelPerSecond = 0;
    }
  });

  it('waitFor resolves with the predicate value, and times out with a useful message', async () => {
    const web = client();
    setTimeout(() => void web.chat.postMessage({ channel: CHANNEL, text: 'later' }), 30);
    const message = await standIn.waitFor((s) => s.messages(CHANNEL).find((m) => m.text === 'later'));
    expect(message.ts).toMatch(/^\d+\.\d{6}$/);

    const error = await rejectionOf(standIn.waitFor((s) => s.messages().length > 5, 50));
    expect(String(error)).toMatch(/timed out after 50 ms.*messages\(\)\.length > 5/);
    expect(String(error)).toContain('chat.postMessage channel=C0TESTCHAN1 -> ok');
  });
});

describe('slack signing helpers', () => {
  // Slack's worked example from "Verifying requests from Slack".
  const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
  const TIMESTAMP = 1531420618;
  const BODY =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

  it('reproduces the documented example signature', () => {
    expect(signSlackRequest(BODY, SECRET, TIMESTAMP)).toEqual({
      'X-Slack-Request-Timestamp': '1531420618',
      'X-Slack-Signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    });
  });

  it('encodes slash commands the way Slack does', () => {
    const body = slashCommandBody({
      token: 'xyzz0WbapA4vBCDEFasx0q6G',
      team_id: 'T1DC2JH3J',
      team_domain: 'testteamnow',
      channel_id: 'G8PSS9T3V',
      channel_name: 'foobar',
      user_id: 'U2CERLKJA',
      user_name: 'roadrunner',
      command: '/webhook-collect',
      text: '',
      response_url: 'https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN',
      trigger_id: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    });
    expect(body).toBe(BODY);
  });

  it('wraps block_actions as payload=<urlencoded JSON> with the real shape', () => {
    const payload = makeBlockActionsPayload({ userId: 'U0ALICE01', channelId: CHANNEL, messageTs: '1700000000.000100', actionId: 'approve', value: 'd1' });
    const decoded = new URLSearchParams(blockActionsBody(payload)).get('payload');
    expect(JSON.parse(decoded ?? 'null')).toEqual(payload);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ALICE01', username: 'user-u0alice01', name: 'user-u0alice01', team_id: SLACK_STAND_IN_DEFAULTS.teamId },
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: CHANNEL, is_ephemeral: false },
      channel: { id: CHANNEL },
      message: { ts: '1700000000.000100', blocks: [{ type: 'actions', elements: [{ action_id: 'approve' }] }] },
      response_url: expect.stringMatching(/^https:\/\/hooks\.slack\.com\/actions\//),
      actions: [{ type: 'button', action_id: 'approve', block_id: 'actions', value: 'd1', action_ts: expect.stringMatching(/^\d+\.\d{6}$/) }],
    });
    expect(payload.trigger_id).toMatch(/^\d{12}\.\d{11}\.[0-9a-f]{32}$/);

    const select = makeBlockActionsPayload({ userId: 'U0ALICE01', channelId: CHANNEL, messageTs: '1.000100', actionId: 'pick', selectedOptionValue: 'tone_friendly' });
    expect(select.actions).toMatchObject([{ type: 'static_select', selected_option: { value: 'tone_friendly' } }]);
    expect(select.actions).not.toMatchObject([{ value: expect.anything() }]);
  });
});

describe('end to end with a real Bolt app', () => {
  const SIGNING_SECRET = 'test-signing-secret';
  let app: App;
  let endpoint: string;

  beforeAll(async () => {
    app = new App({
      token: TOKEN,
      signingSecret: SIGNING_SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.url, retryConfig: { retries: 0 } },
    });
    app.action('approve', async ({ ack, body, client: web }) => {
      await ack();
      if (body.type !== 'block_actions' || body.container.type !== 'message') return;
      await web.chat.update({ channel: body.container.channel_id, ts: body.container.message_ts, text: 'Approved', blocks: [] });
    });
    app.command('/desk', async ({ ack, command, respond }) => {
      await ack();
      await respond({ text: `you said ${command.text}` });
    });
    const server = await app.start(0);
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await app.stop();
  });

  it('a signed button click reaches the listener, which updates the message in the stand-in', async () => {
    const { ts } = await client().chat.postMessage({ channel: CHANNEL, text: 'Draft', blocks: BLOCKS });
    const payload = makeBlockActionsPayload({ userId: 'U0ALICE01', channelId: CHANNEL, messageTs: ts ?? '', actionId: 'approve', value: 'd1', blockId: 'act' });
    const response = await postToSlackEndpoint(endpoint, blockActionsBody(payload), SIGNING_SECRET);
    expect(response.status).toBe(200);
    await standIn.waitFor((s) => s.messages(CHANNEL)[0]?.text === 'Approved');
  });

  it('a slash command can respond() to a stand-in response_url', async () => {
    const responseUrl = standIn.responseUrl('cmd1');
    const fields = makeSlashCommandFields({ command: '/desk', text: 'hello', userId: 'U0ALICE01', channelId: CHANNEL, responseUrl });
    const response = await postToSlackEndpoint(endpoint, slashCommandBody(fields), SIGNING_SECRET);
    expect(response.status).toBe(200);
    const post = await standIn.waitFor((s) => s.responseUrlPosts.find((p) => p.id === 'cmd1'));
    expect(post.body).toEqual({ text: 'you said hello' });
  });

  it('a bad signature is rejected with 401', async () => {
    const body = slashCommandBody(makeSlashCommandFields({ command: '/desk', userId: 'U0ALICE01', channelId: CHANNEL }));
    expect((await postToSlackEndpoint(endpoint, body, 'wrong-secret')).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 10 * 60;
    expect((await postToSlackEndpoint(endpoint, body, SIGNING_SECRET, { timestamp: stale })).status).toBe(401);
  });
});

describe('socket mode with the real SocketModeClient', () => {
  const APP_TOKEN = 'xapp-1-A0APP00001-1234567890-abcdef';
  let socketStandIn: SlackStandIn;
  const clients: SocketModeClient[] = [];

  /** Records the client's log lines instead of printing them. */
  function quietLogger(lines: string[]): SocketModeLogger {
    let level = SocketModeLogLevel.DEBUG;
    const log = (kind: string) => (...msg: unknown[]) => void lines.push(`${kind}: ${msg.map(String).join(' ')}`);
    return {
      debug: () => {},
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      setLevel: (l) => void (level = l),
      getLevel: () => level,
      setName: () => {},
    };
  }

  function socketClient(options: { appToken?: string; clientPingTimeout?: number; autoReconnectEnabled?: boolean; lines?: string[] } = {}): SocketModeClient {
    const created = new SocketModeClient({
      appToken: options.appToken ?? APP_TOKEN,
      logger: quietLogger(options.lines ?? []),
      clientPingTimeout: options.clientPingTimeout,
      autoReconnectEnabled: options.autoReconnectEnabled,
      clientOptions: { slackApiUrl: socketStandIn.url, retryConfig: { retries: 0 } },
    });
    clients.push(created);
    return created;
  }

  beforeEach(async () => {
    socketStandIn = await startSlackStandIn();
  });
  afterEach(async () => {
    // Disconnect before closing the stand-in, or the clients would try to reconnect to a closed server.
    for (const c of clients.splice(0)) await c.disconnect();
    await socketStandIn.close();
  });

  it('apps.connections.open wants an app-level token and answers a ws:// URL on the stand-in', async () => {
    const call = (token: string | undefined) =>
      fetch(`${socketStandIn.url}apps.connections.open`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      }).then((r) => r.json());
    expect(await call(undefined)).toEqual({ ok: false, error: 'not_authed' });
    expect(await call(TOKEN)).toEqual({ ok: false, error: 'invalid_auth' });
    const opened = (await call(APP_TOKEN)) as { ok: boolean; url: string };
    expect(opened.ok).toBe(true);
    expect(opened.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${new URL(socketStandIn.url).port}/socket-mode/[0-9a-f]+\\?app_id=${SLACK_STAND_IN_DEFAULTS.appId}$`));
    // An app-level token is no bot token.
    expect(await (await fetch(`${socketStandIn.url}auth.test`, { method: 'POST', headers: { Authorization: `Bearer ${APP_TOKEN}` } })).json()).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
  });

  it('the client connects, gets hello, and the stand-in counts the open socket', async () => {
    const sm = socketClient();
    const hellos: unknown[] = [];
    sm.on('hello', (e: unknown) => hellos.push(e));
    await sm.start();
    expect(socketStandIn.socketConnections).toBe(1);
    expect(socketStandIn.callsTo('apps.connections.open')).toMatchObject([{ token: APP_TOKEN }]);
    expect(socketStandIn.socketConnectionLog()).toMatchObject([{ id: 1, open: true, ticket: expect.stringMatching(/^[0-9a-f]+$/) }]);
    // SocketModeClient consumes hello itself (it resolves start()), it is not re-emitted.
    expect(hellos).toEqual([]);
  });

  it('a URL is good for one connection only', async () => {
    const opened = (await fetch(`${socketStandIn.url}apps.connections.open`, { method: 'POST', headers: { Authorization: `Bearer ${APP_TOKEN}` } }).then((r) =>
      r.json(),
    )) as { url: string };
    const connect = (url: string) =>
      new Promise<{ hello: unknown } | { status: number | undefined }>((resolve) => {
        const ws = new WsClient(url);
        ws.once('message', (data) => {
          ws.close();
          resolve({ hello: JSON.parse(String(data)) });
        });
        ws.once('unexpected-response', (_req, res) => {
          resolve({ status: res.statusCode });
          ws.terminate();
        });
        ws.once('error', () => resolve({ status: undefined }));
      });
    expect(await connect(opened.url)).toEqual({
      hello: {
        type: 'hello',
        num_connections: 1,
        debug_info: expect.objectContaining({ host: expect.any(String) }),
        connection_info: { app_id: SLACK_STAND_IN_DEFAULTS.appId },
      },
    });
    expect(await connect(opened.url)).toEqual({ status: 401 });
    expect(await connect(`${socketStandIn.origin.replace('http', 'ws')}/elsewhere`)).toEqual({ status: 404 });
    await socketStandIn.waitFor((s) => s.socketConnections === 0);
  });

  it('an interactive envelope reaches the client and resolves with its ack', async () => {
    const sm = socketClient();
    const seen: { body: unknown; accepts: unknown }[] = [];
    sm.on('interactive', async ({ ack, body, accepts_response_payload }: { ack: () => Promise<void>; body: unknown; accepts_response_payload: unknown }) => {
      seen.push({ body, accepts: accepts_response_payload });
      await ack();
    });
    await sm.start();
    const payload = makeBlockActionsPayload({ userId: 'U0ALICE01', channelId: CHANNEL, messageTs: '1700000000.000100', actionId: 'approve', value: 'd1' });
    const ack = await socketStandIn.sendEnvelope('interactive', payload);
    const [record] = socketStandIn.socketEnvelopes;
    expect(ack).toEqual({ envelope_id: record?.envelope_id, payload: {} });
    expect(record?.envelope_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(record).toMatchObject({ type: 'interactive', accepts_response_payload: false, connectionId: 1, ack, ackedAt: expect.any(Number) });
    expect(seen).toEqual([{ body: payload, accepts: false }]);
  });

  it('a slash_commands envelope accepts a response payload, which comes back in the ack', async () => {
    const sm = socketClient();
    sm.on('slash_commands', async ({ ack, body }: { ack: (r: object) => Promise<void>; body: { text: string } }) => {
      await ack({ response_type: 'ephemeral', text: `you said ${body.text}` });
    });
    await sm.start();
    const fields = makeSlashCommandFields({ command: '/desk', text: 'hello', userId: 'U0ALICE01', channelId: CHANNEL });
    const ack = await socketStandIn.sendEnvelope('slash_commands', fields);
    expect(ack).toMatchObject({ payload: { response_type: 'ephemeral', text: 'you said hello' } });
    expect(socketStandIn.socketEnvelopes[0]?.accepts_response_payload).toBe(true);
    expect(socketStandIn.socketMessages).toEqual([{ connectionId: 1, at: expect.any(Number), data: ack }]);
  });

  it('rejects clearly when there is no connection, or no ack in time', async () => {
    await expect(socketStandIn.sendEnvelope('interactive', {})).rejects.toThrow(/no Socket Mode connection is open \(0 apps\.connections\.open call/);
    const sm = socketClient();
    await sm.start(); // no listener: nobody acks
    // Rejected at all (instead of waiting for an ack forever) is the timeout at work; how soon is the machine's business.
    const error = await rejectionOf(socketStandIn.sendEnvelope('slash_commands', { command: '/desk' }, { timeoutMs: 100, envelopeId: 'env-1' }));
    expect(String(error)).toMatch(/slash_commands envelope env-1 was not acknowledged within 100 ms \(connection #1 still open/);
    expect(socketStandIn.socketEnvelopes).toMatchObject([{ envelope_id: 'env-1', ack: undefined }]);
  });

  it('disconnect makes the client reconnect with a new URL', async () => {
    const sm = socketClient({ clientPingTimeout: 150 }); // reconnect delay = clientPingTimeout
    await sm.start();
    expect(socketStandIn.sendDisconnect('refresh_requested')).toBe(1);
    await socketStandIn.waitFor((s) => s.socketConnectionLog().length === 2 && s.socketConnections === 1, 5000, 'a second connection');
    expect(socketStandIn.callsTo('apps.connections.open')).toHaveLength(2);
    expect(socketStandIn.socketConnectionLog().map((c) => c.open)).toEqual([false, true]);
    sm.on('interactive', ({ ack }: { ack: () => Promise<void> }) => void ack());
    await expect(socketStandIn.sendEnvelope('interactive', { type: 'block_actions' })).resolves.toMatchObject({ payload: {} });
  });

  it('the client disconnecting closes the socket on the stand-in', async () => {
    const sm = socketClient();
    await sm.start();
    await sm.disconnect();
    await socketStandIn.waitFor((s) => s.socketConnections === 0, 2000);
    expect(socketStandIn.socketConnectionLog()).toMatchObject([{ open: false }]);
  });

  it('close() terminates open sockets and fails pending envelopes', async () => {
    const lines: string[] = [];
    const sm = socketClient({ autoReconnectEnabled: false, lines });
    await sm.start();
    const disconnected = new Promise<void>((resolve) => sm.once('disconnected', () => resolve()));
    const pending = rejectionOf(socketStandIn.sendEnvelope('interactive', {}, { timeoutMs: 10_000 }));
    await socketStandIn.close();
    expect(String(await pending)).toMatch(/(closed before envelope|connection #1 closed before envelope) .* was acknowledged/);
    expect(socketStandIn.socketConnections).toBe(0);
    await disconnected;
  });

  it('an ack for an envelope is matched by envelope_id even when others are pending', async () => {
    const sm = socketClient();
    const acks: (() => Promise<void>)[] = [];
    sm.on('interactive', ({ ack }: { ack: () => Promise<void> }) => void acks.push(ack));
    await sm.start();
    const first = socketStandIn.sendEnvelope('interactive', { n: 1 }, { envelopeId: 'e1' });
    const second = socketStandIn.sendEnvelope('interactive', { n: 2 }, { envelopeId: 'e2' });
    await socketStandIn.waitFor(() => acks.length === 2);
    await acks[1]?.();
    const ackOfSecond: SocketModeAck = await second;
    expect(ackOfSecond.envelope_id).toBe('e2');
    expect(socketStandIn.socketEnvelopes.map((e) => e.ack?.envelope_id)).toEqual([undefined, 'e2']);
    await acks[0]?.();
    expect((await first).envelope_id).toBe('e1');
  });
});

describe('channels: conversations.create, conversations.invite, conversations.join', () => {
  const BOT = SLACK_STAND_IN_DEFAULTS.botUserId;
  const ALICE = 'U0ALICE01';
  const BOB = 'U0BOB0001';
  const CAROL = 'U0CAROL01';
  /** Public, bot is a member (the default). */
  const LOBBY = 'C0LOBBY001';
  /** Public, bot is not a member. */
  const OUTSIDE = 'C0OUTSIDE1';
  /** Private, bot is a member. */
  const SECRET = 'C0SECRET01';
  /** Private, bot is not a member. */
  const VAULT = 'C0VAULT001';
  let channels: SlackStandIn;

  beforeAll(async () => {
    channels = await startSlackStandIn({
      users: { [ALICE]: { name: 'alice' }, [BOB]: { name: 'bob' }, [CAROL]: { name: 'carol' } },
      channels: {
        [LOBBY]: { name: 'lobby' },
        [OUTSIDE]: { name: 'outside', botIsMember: false },
        [SECRET]: { name: 'secret', isPrivate: true },
        [VAULT]: { name: 'vault', isPrivate: true, botIsMember: false },
      },
    });
  });
  afterEach(() => channels.reset());
  afterAll(async () => {
    await channels.close();
  });

  function web(): WebClient {
    return new WebClient(TOKEN, { slackApiUrl: channels.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
  }

  /** The Slack error code a call failed with. */
  async function errorOf(promise: Promise<unknown>): Promise<unknown> {
    const error = await rejectionOf(promise);
    expect(error).toBeInstanceOf(WebAPIPlatformError);
    return (error as WebAPIPlatformError).data.error;
  }

  it('conversations.create answers a public channel with the bot as its only member', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await web().conversations.create({ name: 'crisis-2024_05' });
    expect(result.channel).toEqual({
      id: 'C0NEW000001',
      name: 'crisis-2024_05',
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: false,
      created: expect.any(Number),
      creator: BOT,
      is_archived: false,
      is_general: false,
      unlinked: 0,
      name_normalized: 'crisis-2024_05',
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      pending_shared: [],
      is_pending_ext_shared: false,
      is_member: true,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      previous_names: [],
      num_members: 1,
    });
    expect(result.channel?.id).toMatch(/^[CG][A-Z0-9]{2,}$/);
    expect(result.channel?.created).toBeGreaterThanOrEqual(before);
    expect(channels.createdChannels()).toEqual([{ id: 'C0NEW000001', name: 'crisis-2024_05', isPrivate: false, createdAt: expect.any(Number) }]);
    expect(Math.floor((channels.createdChannels()[0]?.createdAt ?? 0) / 1000)).toBe(result.channel?.created);
    expect(channels.channelMembers('C0NEW000001')).toEqual([BOT]);

    // The new channel is known by name and to conversations.info.
    expect(channels.channelMembers('#crisis-2024_05')).toEqual([BOT]);
    const posted = await web().chat.postMessage({ channel: '#crisis-2024_05', text: 'hello' });
    expect(posted.channel).toBe('C0NEW000001');
    expect((await web().conversations.info({ channel: 'C0NEW000001', include_num_members: true })).channel).toMatchObject({
      id: 'C0NEW000001',
      name: 'crisis-2024_05',
      is_member: true,
      num_members: 1,
    });

    const second = await web().conversations.create({ name: 'another' });
    expect(second.channel?.id).toBe('C0NEW000002');
  });

  it('conversations.create makes a private channel with is_private true (a C id, as Slack gives since 2021)', async () => {
    const created = await web().conversations.create({ name: 'war-room', is_private: true });
    expect(created.channel).toMatchObject({ id: 'C0NEW000001', is_private: true, is_channel: true, is_group: false, is_member: true, num_members: 1 });
    // A form body carries "true"/"false"; a JSON body a boolean.
    const formFalse = await fetch(`${channels.url}conversations.create`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=open-room&is_private=false',
    }).then((r) => r.json());
    expect(formFalse).toMatchObject({ ok: true, channel: { name: 'open-room', is_private: false } });
    const jsonTrue = await fetch(`${channels.url}conversations.create`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ name: 'json-room', is_private: true }),
    }).then((r) => r.json());
    expect(jsonTrue).toMatchObject({ ok: true, channel: { name: 'json-room', is_private: true } });
    expect(channels.createdChannels().map((c) => [c.name, c.isPrivate])).toEqual([
      ['war-room', true],
      ['open-room', false],
      ['json-room', true],
    ]);
  });

  it('conversations.create validates the name like Slack', async () => {
    const create = (name: string | undefined): Promise<unknown> => errorOf(web().apiCall('conversations.create', name === undefined ? {} : { name }));
    expect(await create(undefined)).toBe('invalid_name_required');
    expect(await create('')).toBe('invalid_name_required');
    expect(await create('a'.repeat(81))).toBe('invalid_name_maxlength');
    expect(await create('Has-Caps')).toBe('invalid_name_specials');
    expect(await create('with space')).toBe('invalid_name_specials');
    expect(await create('dot.name')).toBe('invalid_name_specials');
    expect(await create('#hash')).toBe('invalid_name_specials');
    expect(await create('café')).toBe('invalid_name_specials');
    expect(await create('-_-')).toBe('invalid_name_punctuation');
    expect(await create('lobby')).toBe('name_taken'); // from the channels option
    expect(await create('vault')).toBe('name_taken');
    expect(channels.createdChannels()).toEqual([]);

    await expect(web().conversations.create({ name: 'a'.repeat(80) })).resolves.toMatchObject({ ok: true });
    await expect(web().conversations.create({ name: 'fresh' })).resolves.toMatchObject({ ok: true });
    expect(await create('fresh')).toBe('name_taken'); // created before
    expect(channels.createdChannels()).toHaveLength(2);
  });

  it('conversations.invite adds users to a created channel; membership follows', async () => {
    const { channel } = await web().conversations.create({ name: 'incident' });
    const id = channel?.id ?? '';
    const invited = await web().conversations.invite({ channel: id, users: `${ALICE}, ${BOB}` });
    expect(invited.channel).toMatchObject({ id, name: 'incident', is_member: true, num_members: 3, creator: BOT });
    expect(channels.channelMembers(id)).toEqual([BOT, ALICE, BOB]);

    // Some already in: only the rest are added.
    const more = await web().conversations.invite({ channel: id, users: `${ALICE},${CAROL}` });
    expect(more.channel).toMatchObject({ num_members: 4 });
    expect(channels.channelMembers(id)).toEqual([BOT, ALICE, BOB, CAROL]);

    // Channels from the option start with the bot (default botIsMember) and take invites too.
    expect(channels.channelMembers(LOBBY)).toEqual([BOT]);
    await web().conversations.invite({ channel: LOBBY, users: ALICE });
    expect(channels.channelMembers(LOBBY)).toEqual([BOT, ALICE]);
    await web().conversations.invite({ channel: SECRET, users: BOB });
    expect(channels.channelMembers(SECRET)).toEqual([BOT, BOB]);
    expect(channels.channelMembers('C0NEVERSEEN')).toEqual([]);
  });

  it('conversations.invite errors: channel_not_found, not_in_channel, cant_invite_self, no_user', async () => {
    const invite = (channel: string, users: string): Promise<unknown> => errorOf(web().conversations.invite({ channel, users }));
    expect(await invite('C0NEVERSEEN', ALICE)).toBe('channel_not_found');
    expect(await invite('#no-such-channel', ALICE)).toBe('channel_not_found');
    expect(await invite(OUTSIDE, ALICE)).toBe('not_in_channel');
    expect(await invite(VAULT, ALICE)).toBe('not_in_channel');
    expect(await invite(LOBBY, BOT)).toBe('cant_invite_self');
    expect(await invite(LOBBY, `${ALICE},${BOT}`)).toBe('cant_invite_self');
    expect(await invite(LOBBY, '')).toBe('no_user');
    expect(await invite(LOBBY, ' , ')).toBe('no_user');
    expect(await errorOf(web().apiCall('conversations.invite', { channel: LOBBY }))).toBe('no_user');
    expect(channels.channelMembers(LOBBY)).toEqual([BOT]);
    expect(channels.channelMembers(OUTSIDE)).toEqual([]);
  });

  it('conversations.invite errors: already_in_channel, user_not_found (force skips unknown ids), too_many_users, DMs', async () => {
    await web().conversations.invite({ channel: LOBBY, users: ALICE });
    expect(await errorOf(web().conversations.invite({ channel: LOBBY, users: ALICE }))).toBe('already_in_channel');
    expect(await errorOf(web().conversations.invite({ channel: LOBBY, users: `${ALICE},${ALICE}` }))).toBe('already_in_channel');

    const unknown = await rejectionOf(web().conversations.invite({ channel: LOBBY, users: `${BOB},U0NOBODY1` }));
    expect(unknown).toMatchObject({ data: { ok: false, error: 'user_not_found', errors: [{ user: 'U0NOBODY1', ok: false, error: 'user_not_found' }] } });
    expect(await errorOf(web().conversations.invite({ channel: LOBBY, users: 'not-a-user' }))).toBe('user_not_found');
    expect(channels.channelMembers(LOBBY)).toEqual([BOT, ALICE]); // nothing added by a failed call

    await expect(web().conversations.invite({ channel: LOBBY, users: `${BOB},U0NOBODY1`, force: true })).resolves.toMatchObject({ ok: true });
    expect(channels.channelMembers(LOBBY)).toEqual([BOT, ALICE, BOB]);
    expect(await errorOf(web().conversations.invite({ channel: LOBBY, users: 'U0NOBODY1', force: true }))).toBe('user_not_found');

    const tooMany = Array.from({ length: 1001 }, (_, i) => `U0X${String(i).padStart(6, '0')}`).join(',');
    expect(await errorOf(web().conversations.invite({ channel: LOBBY, users: tooMany }))).toBe('too_many_users');

    await web().conversations.open({ users: ALICE });
    expect(await errorOf(web().conversations.invite({ channel: dmChannelIdFor(ALICE), users: BOB }))).toBe('method_not_supported_for_channel_type');
  });

  it('conversations.invite: a channel the bot has posted to counts as known, with the bot in it', async () => {
    const CHAT = 'C0POSTED01';
    expect(await errorOf(web().conversations.invite({ channel: CHAT, users: ALICE }))).toBe('channel_not_found');
    await web().chat.postMessage({ channel: CHAT, text: 'hi' });
    await expect(web().conversations.invite({ channel: CHAT, users: ALICE })).resolves.toMatchObject({ ok: true, channel: { id: CHAT, num_members: 2 } });
    expect(channels.channelMembers(CHAT)).toEqual([BOT, ALICE]);
  });

  it('without the users option any well-formed user id can be invited', async () => {
    const { channel } = await client().conversations.create({ name: 'open-invite' });
    await client().conversations.invite({ channel: channel?.id ?? '', users: 'U0ANYONE1' });
    expect(standIn.channelMembers(channel?.id ?? '')).toEqual([SLACK_STAND_IN_DEFAULTS.botUserId, 'U0ANYONE1']);
    // Channels the shared stand-in has no option for are unknown until created or posted to.
    await expect(client().conversations.invite({ channel: CHANNEL, users: 'U0ANYONE1' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
  });

  it('conversations.join adds the bot to a public channel; private → method_not_supported_for_channel_type; unknown → channel_not_found', async () => {
    expect(channels.channelMembers(OUTSIDE)).toEqual([]);
    expect((await web().conversations.info({ channel: OUTSIDE })).channel).toMatchObject({ id: OUTSIDE, is_member: false });
    const joined = await web().conversations.join({ channel: OUTSIDE });
    expect(joined).toMatchObject({ ok: true, channel: { id: OUTSIDE, name: 'outside', is_member: true, is_private: false, num_members: 1 } });
    expect(joined.warning).toBeUndefined();
    expect(channels.channelMembers(OUTSIDE)).toEqual([BOT]);
    expect((await web().conversations.info({ channel: OUTSIDE })).channel).toMatchObject({ is_member: true });
    // Now the bot may invite there.
    await web().conversations.invite({ channel: OUTSIDE, users: CAROL });
    expect(channels.channelMembers(OUTSIDE)).toEqual([BOT, CAROL]);

    // Already in: ok, with Slack's warning.
    expect(await web().conversations.join({ channel: LOBBY })).toMatchObject({
      ok: true,
      channel: { id: LOBBY },
      warning: 'already_in_channel',
      response_metadata: { warnings: ['already_in_channel'] },
    });
    expect(channels.channelMembers(LOBBY)).toEqual([BOT]);

    expect(await errorOf(web().conversations.join({ channel: VAULT }))).toBe('method_not_supported_for_channel_type');
    const { channel: priv } = await web().conversations.create({ name: 'private-one', is_private: true });
    expect(await errorOf(web().conversations.join({ channel: priv?.id ?? '' }))).toBe('method_not_supported_for_channel_type');
    expect(await errorOf(web().conversations.join({ channel: 'C0NEVERSEEN' }))).toBe('channel_not_found');
    expect(await errorOf(web().conversations.join({ channel: '#nowhere' }))).toBe('channel_not_found');
    expect(channels.channelMembers(VAULT)).toEqual([]);
  });

  it('reset() forgets created channels and memberships and restarts the channel ids', async () => {
    const { channel } = await web().conversations.create({ name: 'temp' });
    await web().conversations.invite({ channel: channel?.id ?? '', users: ALICE });
    await web().conversations.join({ channel: OUTSIDE });
    await web().conversations.invite({ channel: LOBBY, users: BOB });
    channels.reset();
    expect(channels.createdChannels()).toEqual([]);
    expect(channels.channelMembers(channel?.id ?? '')).toEqual([]);
    expect(channels.channelMembers(OUTSIDE)).toEqual([]);
    expect(channels.channelMembers(LOBBY)).toEqual([BOT]);
    // The name is free again and the id sequence starts over.
    await expect(web().conversations.create({ name: 'temp' })).resolves.toMatchObject({ channel: { id: 'C0NEW000001', num_members: 1 } });
  });

  it('conversations.members pages through a channel with the cursor, and follows joins and leaves', async () => {
    channels.joinChannel(LOBBY, [ALICE, BOB, CAROL]);
    const first = await web().conversations.members({ channel: LOBBY, limit: 2 });
    expect(first.members).toEqual([BOT, ALICE]);
    expect(first.response_metadata?.next_cursor).toBeTruthy();
    const second = await web().conversations.members({ channel: LOBBY, limit: 2, cursor: first.response_metadata?.next_cursor });
    expect(second.members).toEqual([BOB, CAROL]);
    expect(second.response_metadata?.next_cursor).toBe('');
    channels.leaveChannel(LOBBY, [BOB]);
    expect((await web().conversations.members({ channel: LOBBY })).members).toEqual([BOT, ALICE, CAROL]);
  });

  it('conversations.members: public channels without the bot answer, private ones and unknown ones are channel_not_found', async () => {
    await expect(web().conversations.members({ channel: OUTSIDE })).resolves.toMatchObject({ members: [] });
    expect((await web().conversations.members({ channel: SECRET })).members).toEqual([BOT]);
    expect(await errorOf(web().conversations.members({ channel: VAULT }))).toBe('channel_not_found');
    expect(await errorOf(web().conversations.members({ channel: 'C0NEVERSEEN' }))).toBe('channel_not_found');
    expect(await errorOf(web().conversations.members({ channel: LOBBY, limit: 1000 }))).toBe('invalid_limit');
    expect(await errorOf(web().conversations.members({ channel: LOBBY, cursor: 'bm9wZQ==' }))).toBe('invalid_cursor');
  });

  it('users.info answers the locale only with include_locale, and the profile names and zone as configured', async () => {
    const people = await startSlackStandIn({ users: { [ALICE]: { name: 'alice', realName: 'Alice Adler', displayName: 'Ali', tz: 'Europe/Berlin', locale: 'de-DE' } } });
    try {
      const client = new WebClient(TOKEN, { slackApiUrl: people.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
      const plain = await client.users.info({ user: ALICE });
      expect(plain.user).toMatchObject({ id: ALICE, name: 'alice', real_name: 'Alice Adler', tz: 'Europe/Berlin', profile: { display_name: 'Ali', real_name: 'Alice Adler' } });
      expect(plain.user?.locale).toBeUndefined();
      expect((await client.users.info({ user: ALICE, include_locale: true })).user?.locale).toBe('de-DE');
    } finally {
      await people.close();
    }
  });

  it('channels from the options start with their members', async () => {
    const withPeople = await startSlackStandIn({ channels: { [LOBBY]: { name: 'lobby', members: [ALICE] } } });
    try {
      expect(withPeople.channelMembers(LOBBY)).toEqual([BOT, ALICE]);
    } finally {
      await withPeople.close();
    }
  });
});

describe('clock (now option) and per-method rate limits', () => {
  const START = 1_800_000_000_000;
  let clock = START;
  let timed: SlackStandIn;

  beforeAll(async () => {
    timed = await startSlackStandIn({ now: () => clock });
  });
  beforeEach(() => {
    clock = START;
  });
  afterEach(() => {
    timed.reset();
    timed.maxPostsPerChannelPerSecond = 0;
    timed.methodRateLimits = {};
  });
  afterAll(async () => {
    await timed.close();
  });

  function web(): WebClient {
    return new WebClient(TOKEN, { slackApiUrl: timed.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
  }

  it('records every time from now(): calls, attempts, posts, ephemerals, views, response_url posts, created channels', async () => {
    await web().chat.postMessage({ channel: CHANNEL, text: 'at start' });
    clock += 1234;
    await web().chat.postEphemeral({ channel: CHANNEL, user: 'U0ALICE01', text: 'psst' });
    clock += 1;
    await web().views.open({ trigger_id: '1.2.abc', view: { type: 'modal', title: { type: 'plain_text', text: 'T' }, blocks: [] } });
    clock += 1;
    await fetch(timed.responseUrl('r'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"x"}' });
    clock = START + 3_600_000;
    const { channel } = await web().conversations.create({ name: 'later' });
    await expect(web().chat.update({ channel: CHANNEL, ts: '1.000001', text: 'x' })).rejects.toBeInstanceOf(WebAPIPlatformError);

    expect(timed.calls.map((c) => [c.method, c.at])).toEqual([
      ['chat.postMessage', START],
      ['chat.postEphemeral', START + 1234],
      ['views.open', START + 1235],
      ['conversations.create', START + 3_600_000],
    ]);
    expect(timed.attempts.at(-1)).toMatchObject({ method: 'chat.update', ok: false, at: START + 3_600_000 });
    expect(timed.messages()[0]?.postedAt).toBe(START);
    expect(timed.ephemerals()[0]?.at).toBe(START + 1234);
    expect(timed.openedViews()[0]?.at).toBe(START + 1235);
    expect(timed.responseUrlPosts[0]?.at).toBe(START + 1236);
    expect(timed.createdChannels()).toEqual([{ id: channel?.id, name: 'later', isPrivate: false, createdAt: START + 3_600_000 }]);
    expect(channel?.created).toBe(Math.floor((START + 3_600_000) / 1000));
  });

  it('runs the per-channel post-rate window on the given clock', async () => {
    timed.maxPostsPerChannelPerSecond = 1;
    await web().chat.postMessage({ channel: CHANNEL, text: '1' });
    await web().chat.postMessage({ channel: CHANNEL, text: '2' }); // same instant: 2 in the window
    clock += 1000; // the first two are out of the window (t > at - 1000)
    await web().chat.postMessage({ channel: CHANNEL, text: '3' });
    clock += 999;
    await web().chat.postMessage({ channel: CHANNEL, text: '4' }); // '3' still in the window
    expect(timed.rateViolations).toEqual([
      { channel: CHANNEL, ts: timed.messages()[1]?.ts, at: START, postsInWindow: 2, limit: 1 },
      { channel: CHANNEL, ts: timed.messages()[3]?.ts, at: START + 1999, postsInWindow: 2, limit: 1 },
    ]);
  });

  it('failFor windows run on the given clock', async () => {
    timed.failFor(5000, { status: 503 });
    await expect(web().auth.test()).rejects.toMatchObject({ statusCode: 503 });
    clock += 4999;
    await expect(web().auth.test()).rejects.toMatchObject({ statusCode: 503 });
    clock += 1;
    await expect(web().auth.test()).resolves.toMatchObject({ ok: true });
  });

  it('records per-method rate violations in a 60-second window without failing the calls', async () => {
    timed.methodRateLimits = { 'conversations.create': 2, 'conversations.invite': 50 };
    await web().conversations.create({ name: 'one' });
    clock += 10_000;
    await web().conversations.create({ name: 'two' });
    clock += 10_000;
    // A platform error counts against the limit too; the third call in the window is a violation.
    await expect(web().conversations.create({ name: 'two' })).rejects.toMatchObject({ data: { error: 'name_taken' } });
    clock += 1;
    await expect(web().conversations.create({ name: 'three' })).resolves.toMatchObject({ ok: true });
    expect(timed.methodRateViolations).toEqual([
      { method: 'conversations.create', at: START + 20_000, callsInWindow: 3, limit: 2 },
      { method: 'conversations.create', at: START + 20_001, callsInWindow: 4, limit: 2 },
    ]);
    // 60 s after the first call it has left the window: 3 in the window ('two', failed 'two', 'three'), plus this one.
    clock = START + 60_000;
    await web().conversations.create({ name: 'four' });
    expect(timed.methodRateViolations.at(-1)).toEqual({ method: 'conversations.create', at: START + 60_000, callsInWindow: 4, limit: 2 });
    clock = START + 200_000;
    await web().conversations.create({ name: 'five' });
    expect(timed.methodRateViolations).toHaveLength(3);

    // Other methods are not checked unless listed; listed ones under the limit record nothing.
    for (let i = 0; i < 5; i += 1) await web().auth.test();
    await web().conversations.invite({ channel: timed.createdChannels()[0]?.id ?? '', users: 'U0ALICE01' });
    expect(timed.methodRateViolations).toHaveLength(3);
    expect(timed.createdChannels()).toHaveLength(5);
  });

  it('method limits can be set on a running stand-in and apply per method; faults that stop a call do not count', async () => {
    timed.methodRateLimits['auth.test'] = 1;
    timed.failNext(1, { status: 500 }, 'auth.test');
    await expect(web().auth.test()).rejects.toMatchObject({ statusCode: 500 });
    await web().auth.test();
    expect(timed.methodRateViolations).toEqual([]);
    await web().auth.test();
    await web().chat.postMessage({ channel: CHANNEL, text: 'x' });
    expect(timed.methodRateViolations).toEqual([{ method: 'auth.test', at: START, callsInWindow: 2, limit: 1 }]);
    timed.reset();
    expect(timed.methodRateViolations).toEqual([]);
    await web().auth.test(); // the window was forgotten too
    expect(timed.methodRateViolations).toEqual([]);
  });

  it('is off by default', async () => {
    expect(standIn.methodRateLimits).toEqual({});
    for (let i = 0; i < 3; i += 1) await client().conversations.create({ name: `n${i}` });
    expect(standIn.methodRateViolations).toEqual([]);
  });

  it('Socket Mode times (openedAt, sentAt, ackedAt, frames) come from the clock too', async () => {
    const opened = (await fetch(`${timed.url}apps.connections.open`, { method: 'POST', headers: { Authorization: 'Bearer xapp-1-test' } }).then((r) =>
      r.json(),
    )) as { url: string };
    const ws = new WsClient(opened.url);
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { envelope_id?: string };
      if (frame.envelope_id !== undefined) ws.send(JSON.stringify({ envelope_id: frame.envelope_id, payload: {} }));
    });
    try {
      await timed.waitFor((s) => s.socketConnections === 1);
      clock += 500;
      await timed.sendEnvelope('interactive', { type: 'block_actions' }, { envelopeId: 'e-clock' });
      expect(timed.socketConnectionLog()[0]?.openedAt).toBe(START);
      expect(timed.socketEnvelopes[0]).toMatchObject({ envelope_id: 'e-clock', sentAt: START + 500, ackedAt: START + 500 });
      expect(timed.socketMessages).toEqual([{ connectionId: 1, at: START + 500, data: { envelope_id: 'e-clock', payload: {} } }]);
    } finally {
      ws.terminate();
    }
  });
});

describe('files: the upload flow of files.uploadV2 (getUploadURLExternal, upload URL, completeUploadExternal)', () => {
  /** Bytes that are not valid UTF-8 (a PNG signature, NUL, 0xff...), so any re-encoding on the way would show. */
  const PNG_BYTES = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256))]);

  /** A Web API call as a form post, answered as parsed JSON (to see the exact body, response_metadata included). */
  async function postForm(method: string, fields: Record<string, string>): Promise<Record<string, unknown>> {
    const response = await fetch(`${standIn.url}${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return (await response.json()) as Record<string, unknown>;
  }

  /** Steps 1 and 2 by hand: a file id whose bytes were uploaded raw. */
  async function uploadRaw(filename: string, bytes: Buffer): Promise<string> {
    const { file_id = '', upload_url = '' } = await client().files.getUploadURLExternal({ filename, length: bytes.length });
    const response = await fetch(upload_url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
    expect(response.status).toBe(200);
    return file_id;
  }

  it('client.files.uploadV2 works end to end: exact bytes kept, file message in the channel', async () => {
    const result = await client().files.uploadV2({
      channel_id: CHANNEL,
      file: PNG_BYTES,
      filename: 'chart.png',
      title: 'Weekly chart',
      alt_text: 'Bar chart of replies per day',
      initial_comment: 'Here is the weekly chart',
    });
    const file = { id: 'F0FILE000001', name: 'chart.png', title: 'Weekly chart', mimetype: 'image/png', filetype: 'png', size: PNG_BYTES.length };
    // uploadV2 answers one files.completeUploadExternal result per message.
    expect(result).toMatchObject({ ok: true, files: [{ ok: true, files: [{ ...file, alt_txt: 'Bar chart of replies per day', user: SLACK_STAND_IN_DEFAULTS.botUserId }] }] });

    expect(standIn.uploadedFiles()).toEqual([
      {
        id: 'F0FILE000001',
        filename: 'chart.png',
        title: 'Weekly chart',
        altText: 'Bar chart of replies per day',
        bytes: PNG_BYTES,
        channel: CHANNEL,
        initialComment: 'Here is the weekly chart',
        completedAt: expect.any(Number),
      },
    ]);
    expect(standIn.uploadedFiles()[0]?.bytes.equals(PNG_BYTES)).toBe(true);

    const [message, ...others] = standIn.messages(CHANNEL);
    expect(others).toEqual([]);
    expect(message).toMatchObject({ channel: CHANNEL, text: 'Here is the weekly chart', files: [file], user: SLACK_STAND_IN_DEFAULTS.botUserId });
    const history = await client().conversations.history({ channel: CHANNEL });
    expect(history.messages).toMatchObject([{ ts: message?.ts, text: 'Here is the weekly chart', upload: true, files: [file] }]);

    // What the WebClient sends: form-encoded calls; the upload as multipart form data, with its default Authorization header.
    expect(standIn.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', UPLOAD_URL_METHOD, 'files.completeUploadExternal', 'conversations.history']);
    expect(standIn.calls[0]?.args).toEqual({ filename: 'chart.png', length: String(PNG_BYTES.length), alt_text: 'Bar chart of replies per day' });
    expect(standIn.calls[1]).toMatchObject({ args: { file_id: 'F0FILE000001', length: PNG_BYTES.length }, token: TOKEN });
    expect(standIn.calls[2]?.args).toEqual({
      files: [{ id: 'F0FILE000001', title: 'Weekly chart' }],
      channel_id: CHANNEL,
      initial_comment: 'Here is the weekly chart',
    });
  });

  it('uploadV2 with content and no channel keeps the file private; title defaults to the filename', async () => {
    const result = await client().files.uploadV2({ content: 'a,b\n1,2\n', filename: 'kpis.csv' });
    expect(result).toMatchObject({ files: [{ files: [{ id: 'F0FILE000001', title: 'kpis.csv', mimetype: 'text/csv', filetype: 'csv', size: 8 }] }] });
    expect(standIn.uploadedFiles()).toMatchObject([{ title: 'kpis.csv', altText: null, channel: null, initialComment: null, completedAt: expect.any(Number) }]);
    expect(standIn.uploadedFiles()[0]?.bytes.toString('utf8')).toBe('a,b\n1,2\n');
    expect(standIn.messages()).toEqual([]);
  });

  it('the three steps by hand: raw and multipart uploads answer "OK - <bytes>", one message shares both files in a thread', async () => {
    // Step 1, once with the WebClient and once as JSON with Slack's documented `alt_txt`.
    const first = await client().files.getUploadURLExternal({ filename: 'notes.txt', length: 11 });
    expect(first).toMatchObject({ ok: true, file_id: 'F0FILE000001', upload_url: `${standIn.origin}/upload/F0FILE000001` });
    const second = (await fetch(`${standIn.url}files.getUploadURLExternal`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ filename: 'tiny.png', length: PNG_BYTES.length, alt_txt: 'A tiny picture' }),
    }).then((r) => r.json())) as { file_id: string; upload_url: string };
    expect(second.file_id).toBe('F0FILE000002');

    // Step 2: raw bytes, then multipart form data (the first file part counts, whatever its field name).
    const raw = await fetch(first.upload_url ?? '', { method: 'POST', body: 'hello world' });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await raw.text()).toBe('OK - 11');
    const form = new FormData();
    form.append('note', 'not the file');
    form.append('filename', new Blob([new Uint8Array(PNG_BYTES)]), 'tiny.png');
    const multipart = await fetch(second.upload_url, { method: 'POST', body: form });
    expect(await multipart.text()).toBe(`OK - ${PNG_BYTES.length}`);
    expect(standIn.uploadedFiles().map((f) => [f.id, f.altText, f.completedAt])).toEqual([
      ['F0FILE000001', null, null],
      ['F0FILE000002', 'A tiny picture', null],
    ]);

    // Step 3: both files in one message, as a reply; blocks are ignored when there is an initial comment.
    const { ts: parent = '' } = await client().chat.postMessage({ channel: CHANNEL, text: 'Weekly report thread' });
    const done = await client().files.completeUploadExternal({
      files: [{ id: 'F0FILE000001', title: 'Notes' }, { id: 'F0FILE000002' }],
      channel_id: CHANNEL,
      thread_ts: parent,
      initial_comment: 'Both files',
      blocks: BLOCKS,
    });
    expect(done).toMatchObject({ ok: true, files: [{ id: 'F0FILE000001', title: 'Notes', filetype: 'text' }, { id: 'F0FILE000002', title: 'tiny.png', alt_txt: 'A tiny picture' }] });
    expect(standIn.messages(CHANNEL)[1]).toMatchObject({
      text: 'Both files',
      blocks: undefined,
      thread_ts: parent,
      files: [
        { id: 'F0FILE000001', name: 'notes.txt', title: 'Notes', mimetype: 'text/plain', filetype: 'text', size: 11 },
        { id: 'F0FILE000002', name: 'tiny.png', title: 'tiny.png', mimetype: 'image/png', filetype: 'png', size: PNG_BYTES.length },
      ],
    });
    expect(standIn.uploadedFiles().map((f) => f.bytes)).toEqual([Buffer.from('hello world'), PNG_BYTES]);
    expect(standIn.uploadedFiles().every((f) => f.channel === CHANNEL && f.initialComment === 'Both files' && f.completedAt !== null)).toBe(true);

    // Without an initial comment the blocks make the message.
    const third = await uploadRaw('summary.md', Buffer.from('# Summary'));
    await client().files.completeUploadExternal({ files: [{ id: third }], channel_id: CHANNEL, blocks: BLOCKS });
    expect(standIn.messages(CHANNEL)[2]).toMatchObject({ text: undefined, blocks: BLOCKS, files: [{ id: third, filetype: 'markdown' }] });
  });

  it('files.getUploadURLExternal: missing and bad arguments answer like Slack', async () => {
    expect(await postForm('files.getUploadURLExternal', { length: '5' })).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] missing required field: filename'] },
    });
    expect(await postForm('files.getUploadURLExternal', { filename: 'a.txt' })).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] missing required field: length'] },
    });
    expect(await postForm('files.getUploadURLExternal', {})).toMatchObject({
      response_metadata: { messages: ['[ERROR] missing required field: filename', '[ERROR] missing required field: length'] },
    });
    expect(await postForm('files.getUploadURLExternal', { filename: 'a.txt', length: 'ten' })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await postForm('files.getUploadURLExternal', { filename: 'a.txt', length: '-1' })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await postForm('files.getUploadURLExternal', { filename: 'a.txt', length: '0' })).toEqual({ ok: false, error: 'missing_argument' });
    expect(await postForm('files.getUploadURLExternal', { filename: 'a.png', length: '5', alt_txt: 'x'.repeat(1001) })).toEqual({ ok: false, error: 'alt_txt_too_large' });
    expect(await postForm('files.getUploadURLExternal', { filename: 'a.py', length: String(1024 * 1024 + 1), snippet_type: 'python' })).toEqual({
      ok: false,
      error: 'snippet_too_large',
    });
    // The WebClient turns them into platform errors.
    const error = await rejectionOf(client().apiCall('files.getUploadURLExternal', { length: 5 }));
    expect(error).toBeInstanceOf(WebAPIPlatformError);
    expect(error).toMatchObject({ data: { error: 'invalid_arguments' } });
    expect(standIn.uploadedFiles()).toEqual([]);
    expect(standIn.calls).toEqual([]);
  });

  it('files.completeUploadExternal: unknown, never uploaded, short and already completed files are file_not_found', async () => {
    const errorOf = async (args: Record<string, unknown>): Promise<unknown> => {
      const error = await rejectionOf(client().apiCall('files.completeUploadExternal', args));
      expect(error).toBeInstanceOf(WebAPIPlatformError);
      return (error as WebAPIPlatformError).data.error;
    };
    expect(await postForm('files.completeUploadExternal', { channel_id: CHANNEL })).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] missing required field: files'] },
    });
    expect(await postForm('files.completeUploadExternal', { files: 'F0FILE000001' })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await postForm('files.completeUploadExternal', { files: '[]' })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await errorOf({ files: [{ id: 'F0NOSUCH01' }] })).toBe('file_not_found');

    const uploaded = await uploadRaw('ok.txt', Buffer.from('fine'));
    const { file_id: neverUploaded = '' } = await client().files.getUploadURLExternal({ filename: 'never.txt', length: 3 });
    const { file_id: short = '', upload_url: shortUrl = '' } = await client().files.getUploadURLExternal({ filename: 'short.txt', length: 10 });
    expect(await (await fetch(shortUrl, { method: 'POST', body: 'only 7!' })).text()).toBe('OK - 7');

    expect(await errorOf({ files: [{ id: neverUploaded }], channel_id: CHANNEL })).toBe('file_not_found');
    expect(await errorOf({ files: [{ id: short }], channel_id: CHANNEL })).toBe('file_not_found');
    // One bad file fails the whole call; the good one is left as it was.
    expect(await errorOf({ files: [{ id: uploaded }, { id: 'F0NOSUCH01' }], channel_id: CHANNEL })).toBe('file_not_found');
    expect(await errorOf({ files: [{ id: uploaded }], channel_id: 'not a channel' })).toBe('channel_not_found');
    expect(standIn.messages()).toEqual([]);
    expect(standIn.uploadedFiles().map((f) => [f.id, f.completedAt])).toEqual([
      [uploaded, null],
      [short, null],
    ]);

    await client().files.completeUploadExternal({ files: [{ id: uploaded }], channel_id: CHANNEL });
    expect(await errorOf({ files: [{ id: uploaded }], channel_id: CHANNEL })).toBe('file_not_found');
    expect(standIn.messages(CHANNEL)).toHaveLength(1);
  });

  it('upload URLs: unknown or completed file ids answer 404, other methods 405', async () => {
    expect((await fetch(`${standIn.origin}/upload/F0NOSUCH01`, { method: 'POST', body: 'x' })).status).toBe(404);
    const id = await uploadRaw('a.txt', Buffer.from('abc'));
    expect((await fetch(`${standIn.origin}/upload/${id}`, { method: 'PUT', body: 'abc' })).status).toBe(405);
    await client().files.completeUploadExternal({ files: [{ id }] });
    const late = await fetch(`${standIn.origin}/upload/${id}`, { method: 'POST', body: 'abc' });
    expect(late.status).toBe(404);
    expect(standIn.attempts.filter((a) => a.method === UPLOAD_URL_METHOD).map((a) => [a.status, a.ok])).toEqual([
      [404, false],
      [200, true],
      [405, false],
      [404, false],
    ]);
  });

  it('faults reach the new methods and the upload URL', async () => {
    const upload = (web: WebClient = client()): Promise<unknown> =>
      web.files.uploadV2({ channel_id: CHANNEL, file: PNG_BYTES, filename: 'chart.png', initial_comment: 'chart' });

    standIn.failNext(1, { status: 500 }, 'files.getUploadURLExternal');
    await expect(upload()).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });

    standIn.failNext(1, { status: 503 }, UPLOAD_URL_METHOD);
    await expect(upload()).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    expect(standIn.uploadedFiles()).toEqual([]); // the bytes never arrived

    standIn.failNext(1, { status: 200, error: 'ratelimited' }, 'files.completeUploadExternal');
    await expect(upload()).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'ratelimited' } });
    // The faulted files.getUploadURLExternal handed out no id: this is the second file.
    expect(standIn.uploadedFiles()).toMatchObject([{ id: 'F0FILE000002', completedAt: null }]);
    expect(standIn.messages()).toEqual([]);

    // A 5xx on the upload URL is retried by the WebClient like any request.
    standIn.failNext(1, { status: 503 }, UPLOAD_URL_METHOD);
    await upload(client({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 1 } }));
    expect(standIn.attempts.slice(-4).map((a) => [a.method, a.status])).toEqual([
      ['files.getUploadURLExternal', 200],
      [UPLOAD_URL_METHOD, 503],
      [UPLOAD_URL_METHOD, 200],
      ['files.completeUploadExternal', 200],
    ]);

    // An applied fault: the share happened, the answer was lost.
    standIn.failNext(1, { status: 'reset', applied: true }, 'files.completeUploadExternal');
    await expect(upload()).rejects.toMatchObject({ code: ErrorCode.RequestError });
    expect(standIn.messages(CHANNEL)).toHaveLength(2);

    // A fault without a method hits whichever request comes next, the upload URL included.
    const { upload_url = '' } = await client().files.getUploadURLExternal({ filename: 'x.txt', length: 1 });
    standIn.failFor(60_000, { status: 502 });
    expect((await fetch(upload_url, { method: 'POST', body: 'x' })).status).toBe(502);
    standIn.clearFaults();
    expect(await (await fetch(upload_url, { method: 'POST', body: 'x' })).text()).toBe('OK - 1');
  });

  it('reset() forgets files and restarts the file ids; old upload URLs stop working', async () => {
    const { upload_url: oldUrl = '' } = await client().files.getUploadURLExternal({ filename: 'a.txt', length: 1 });
    await client().files.uploadV2({ channel_id: CHANNEL, content: 'hello', filename: 'hello.txt' });
    expect(standIn.uploadedFiles()).toHaveLength(1);
    standIn.reset();
    expect(standIn.uploadedFiles()).toEqual([]);
    expect(standIn.messages()).toEqual([]);
    expect((await fetch(oldUrl, { method: 'POST', body: 'x' })).status).toBe(404);
    await expect(client().files.getUploadURLExternal({ filename: 'b.txt', length: 1 })).resolves.toMatchObject({ file_id: 'F0FILE000001' });
  });
});
