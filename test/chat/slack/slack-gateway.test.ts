import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ErrorCode,
  LogLevel,
  type Logger,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackGateway, classifySlackError } from '../../../src/chat/slack/slack-gateway.ts';
import { ChatDeliveryError } from '../../../src/chat/port.ts';
import { buildCardView } from '../../../src/domain/card-view.ts';
import { Directory } from '../../../src/domain/directory.ts';
import { cardRecord, commentRecord } from '../../support/records.ts';
import { blockKitViolations } from '../../support/block-kit.ts';
import type { SlackBlock } from '../../../src/chat/slack/render-card.ts';
import { textsFor } from '../../../src/domain/i18n.ts';

describe('classifySlackError with @slack/web-api error objects', () => {
  it('429 rate limit → rate_limited, waiting the seconds Slack asked for', () => {
    const error = classifySlackError(new WebAPIRateLimitedError(7));
    expect(error).toBeInstanceOf(ChatDeliveryError);
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(7000);
    expect(error.message).toContain('7s');
  });

  it('429 with a fractional or zero Retry-After still converts seconds to milliseconds', () => {
    expect(classifySlackError(new WebAPIRateLimitedError(0.5)).retryAfterMs).toBe(500);
    expect(classifySlackError(new WebAPIRateLimitedError(30)).retryAfterMs).toBe(30_000);
  });

  it.each([500, 502, 503, 504])('HTTP %i → retry', (status) => {
    const error = classifySlackError(new WebAPIHTTPError(status, 'Server Error', { 'content-type': 'text/html' }, '<html>oops</html>'));
    expect(error.kind).toBe('retry');
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.message).toContain(`HTTP ${status}`);
  });

  it('platform channel_not_found → permanent, with a hint about the desk configuration', () => {
    const error = classifySlackError(new WebAPIPlatformError({ ok: false, error: 'channel_not_found' }));
    expect(error.kind).toBe('permanent');
    expect(error.message).toContain('channel_not_found');
    expect(error.message).toContain('slackChannel');
  });

  it('platform not_in_channel → permanent, with a hint to invite the bot', () => {
    const error = classifySlackError(new WebAPIPlatformError({ ok: false, error: 'not_in_channel' }));
    expect(error.kind).toBe('permanent');
    expect(error.message).toContain('not_in_channel');
    expect(error.message).toContain('/invite');
  });

  it.each(['is_archived', 'message_not_found', 'cant_update_message', 'invalid_blocks', 'msg_too_long', 'user_not_found', 'cannot_dm_bot'])(
    'platform %s → permanent',
    (code) => {
      expect(classifySlackError(new WebAPIPlatformError({ ok: false, error: code })).kind).toBe('permanent');
    },
  );

  it('platform ratelimited → rate_limited', () => {
    const error = classifySlackError(new WebAPIPlatformError({ ok: false, error: 'ratelimited' }));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it.each(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'some_new_error'])('platform %s → retry', (code) => {
    const error = classifySlackError(new WebAPIPlatformError({ ok: false, error: code }));
    expect(error.kind).toBe('retry');
    expect(error.message).toContain(code);
  });

  it('network error → retry, keeping the cause in the message', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    const error = classifySlackError(new WebAPIRequestError(cause));
    expect(error.kind).toBe('retry');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('anything else → retry', () => {
    expect(classifySlackError(new Error('socket hang up')).kind).toBe('retry');
    expect(classifySlackError('weird').kind).toBe('retry');
    expect(classifySlackError({}).kind).toBe('retry');
  });

  // Regression (fixed; src/chat/slack/slack-gateway.ts classifySlackError): it takes `unknown` but reads `e.code` without a
  // null check, so `throw undefined` / `Promise.reject(null)` from a client call escapes the gateway as
  // "TypeError: Cannot read properties of undefined (reading 'code')" instead of a ChatDeliveryError('retry').
  it('null or undefined → retry', () => {
    expect(classifySlackError(undefined).kind).toBe('retry');
    expect(classifySlackError(null).kind).toBe('retry');
  });

  it('passes a ChatDeliveryError through unchanged', () => {
    const original = new ChatDeliveryError('already classified', 'permanent');
    expect(classifySlackError(original)).toBe(original);
  });

  it('matches on the error codes the library defines', () => {
    expect(new WebAPIRateLimitedError(1).code).toBe(ErrorCode.RateLimitedError);
    // A plain object with the same fields is classified the same way (duck typing on `code`).
    expect(classifySlackError({ code: ErrorCode.RateLimitedError, retryAfter: 3 })).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3000 });
    expect(classifySlackError({ code: ErrorCode.PlatformError, data: { ok: false, error: 'not_in_channel' } }).kind).toBe('permanent');
  });
});

// ---------------------------------------------------------------------------------------
// The errors a real WebClient throws, configured as the app configures it (no client retries,
// rate-limited calls rejected), against a local server that answers like Slack.
// ---------------------------------------------------------------------------------------

type Reply = (req: IncomingMessage, res: ServerResponse) => void;

const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

describe('classifySlackError with errors thrown by a real WebClient', () => {
  let server: Server;
  let reply: Reply = (_req, res) => res.end();
  let requests: { url: string; body: string }[] = [];
  let client: WebClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        requests.push({ url: req.url ?? '', body });
        reply(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new WebClient('xoxb-test', {
      slackApiUrl: `http://127.0.0.1:${port}/api/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 5000,
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function thrownBy(r: Reply): Promise<unknown> {
    reply = r;
    requests = [];
    try {
      await client.chat.postMessage({ channel: 'C0SUPPORT01', text: 'hi' });
    } catch (error) {
      return error;
    }
    throw new Error('expected the call to fail');
  }

  const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  it('HTTP 429 with Retry-After → rate_limited after that many seconds', async () => {
    const error = await thrownBy(json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '12' }));
    expect(classifySlackError(error)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 12_000 });
  });

  it('HTTP 500 → retry', async () => {
    const error = await thrownBy((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('upstream failure');
    });
    expect((error as { code?: string }).code).toBe(ErrorCode.HTTPError);
    expect(classifySlackError(error).kind).toBe('retry');
  });

  it('ok:false channel_not_found → permanent with a hint', async () => {
    const error = classifySlackError(await thrownBy(json(200, { ok: false, error: 'channel_not_found' })));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/channel_not_found — check slackChannel/);
  });

  it('ok:false not_in_channel → permanent with a hint', async () => {
    const error = classifySlackError(await thrownBy(json(200, { ok: false, error: 'not_in_channel' })));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/not_in_channel — invite the bot/);
  });

  it('ok:false ratelimited (HTTP 200) → rate_limited', async () => {
    expect(classifySlackError(await thrownBy(json(200, { ok: false, error: 'ratelimited' }))).kind).toBe('rate_limited');
  });

  it('ok:false internal_error → retry', async () => {
    expect(classifySlackError(await thrownBy(json(200, { ok: false, error: 'internal_error' }))).kind).toBe('retry');
  });

  it('a dropped connection → retry', async () => {
    const error = await thrownBy((req) => req.socket.destroy());
    expect((error as { code?: string }).code).toBe(ErrorCode.RequestError);
    expect(classifySlackError(error).kind).toBe('retry');
  });

  describe('SlackGateway', () => {
    const directory = new Directory(
      [{ id: 'support', name: 'Support', locale: 'en', timeZone: 'UTC' }],
      [{ id: 'ben', name: 'Ben', roles: ['agent'], teamIds: ['support'], timeZone: 'UTC' }],
      { teamId: 'support', priority: 'normal' },
    );
    const card = buildCardView(
      commentRecord({ id: 'c-1', externalId: 'e', text: 'hello <!channel>', authorName: 'Erika', teamId: 'support' }),
      cardRecord({ id: 'k', commentId: 'c-1', channel: 'C0SUPPORT01', teamId: 'support' }),
      directory,
      new Date('2024-05-01T10:00:00Z'),
    );

    it('postCard returns the message ts and sends escaped blocks', async () => {
      reply = json(200, { ok: true, channel: 'C0SUPPORT01', ts: '1700000000.000100' });
      requests = [];
      const gateway = new SlackGateway(client);
      await expect(gateway.postCard('C0SUPPORT01', card)).resolves.toEqual({ messageId: '1700000000.000100' });
      expect(requests).toHaveLength(1);
      expect(requests[0]!.url).toBe('/api/chat.postMessage');
      const form = new URLSearchParams(requests[0]!.body);
      expect(form.get('channel')).toBe('C0SUPPORT01');
      expect(form.get('blocks')).toContain('&lt;!channel&gt;');
      expect(form.get('blocks')).not.toContain('<!channel>');
      // Slack would turn a plain "@channel" or "#general" a commenter wrote into a mention or a link
      // unless every mrkdwn text is verbatim (our own mentions and dates are explicit tokens).
      const texts: { type: string; verbatim?: boolean }[] = [];
      JSON.parse(form.get('blocks')!, (_key, value) => {
        if (value && typeof value === 'object' && value.type === 'mrkdwn') texts.push(value);
        return value;
      });
      expect(texts.length).toBeGreaterThan(2);
      expect(texts.every((t) => t.verbatim === true)).toBe(true);
    });

    it('postCard turns a Slack error into a classified ChatDeliveryError', async () => {
      reply = json(200, { ok: false, error: 'not_in_channel' });
      const gateway = new SlackGateway(client);
      const error = await gateway.postCard('C0SUPPORT01', card).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChatDeliveryError);
      expect(error).toMatchObject({ kind: 'permanent' });
    });

    it('postCard without a ts in the answer → retry', async () => {
      reply = json(200, { ok: true, channel: 'C0SUPPORT01' });
      const error = await new SlackGateway(client).postCard('C0SUPPORT01', card).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChatDeliveryError);
      expect(error).toMatchObject({ kind: 'retry' });
    });

    // Issue 10: the routed-to-you notice carries the commenter's name and an excerpt: they must neither
    // link, mention nor break the message, and a link Slack would refuse is left out.
    it('notifyPerson escapes what people wrote, shows controls, and stays within the limits', async () => {
      reply = json(200, { ok: true, channel: 'D0DENIZ001', ts: '1700000000.000200' });
      const member = { id: 'deniz', name: 'Deniz', identities: [{ platform: 'slack', userId: 'U0DENIZ001' }], roles: ['agent' as const], teamIds: ['support'], timeZone: 'UTC' };
      const text = textsFor('en').routedToYou('Ben', `<https://evil.example|Support>\u0007 ${'N'.repeat(100_000)}`, '<!channel> & 😀');
      const send = async (permalink: string) => {
        requests = [];
        await new SlackGateway(client).notifyPerson(member, { text, permalink });
        const form = new URLSearchParams(requests[0]!.body);
        return { text: form.get('text')!, blocks: JSON.parse(form.get('blocks')!) as SlackBlock[] };
      };
      const long = await send(`https://www.facebook.com/123_${'9'.repeat(5000)}`);
      expect(blockKitViolations(long)).toEqual([]);
      expect(long.blocks.map((b) => b.type)).toEqual(['section']);
      const section = (long.blocks[0] as unknown as { text: { text: string } }).text.text;
      expect(section.startsWith('*Ben* passed you a comment by &lt;https://evil.example|Support&gt;␇ NNN')).toBe(true);
      expect(long.text).not.toMatch(/[<>\u0007]/);

      const short = await send('https://www.instagram.com/p/abc/c/1/');
      expect(blockKitViolations(short)).toEqual([]);
      expect(short.blocks[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '<https://www.instagram.com/p/abc/c/1/|https://www.instagram.com/p/abc/c/1/>', verbatim: true }] });
    });

    it('notifyPerson of a member without a Slack user id fails permanently without calling Slack', async () => {
      requests = [];
      const member = directory.member('ben')!;
      const error = await new SlackGateway(client).notifyPerson(member, { text: 'hi' } as never).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'permanent' });
      expect(requests).toHaveLength(0);
    });
  });
});
