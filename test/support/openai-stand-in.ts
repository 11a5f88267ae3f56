/**
 * A loopback stand-in for OpenAI's Chat Completions API, for tests that run the real `openai`
 * client against it: `new OpenAI({ apiKey, baseURL: standIn.url })`.
 *
 * It speaks the documented wire format of `POST /v1/chat/completions`: a bearer token in
 * `Authorization`, a JSON body with `model` and `messages`, and a `chat.completion` object in reply
 * (`id`, `object`, `created`, `model`, `choices[{ index, message{ role:'assistant', content, refusal },
 * logprobs, finish_reason }]`, `usage`). Errors use OpenAI's `{ error: { message, type, param, code } }`
 * body.
 *
 * Replies are scripted: {@link OpenAiStandIn.reply} queues contents (or functions of the request),
 * used once each in order; with the queue empty the `defaultReply` answers. {@link OpenAiStandIn.fail}
 * queues faults, which go first: HTTP 5xx, 429 with `retry-after`, a delay before answering (longer
 * than the client's timeout, to make it time out) or a dropped connection. Every request is recorded,
 * failed ones too, so retries are visible. Answers and faults carry an `x-request-id` header, as
 * OpenAI's do.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
  role: string;
  content: unknown;
}

export interface ReceivedChatRequest {
  method: string;
  /** Path and query, e.g. "/v1/chat/completions". */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The bearer token sent, or null. */
  apiKey: string | null;
  /** The parsed JSON body, or null when it was not JSON. */
  body: { model?: unknown; messages?: ChatMessage[]; [key: string]: unknown } | null;
  rawBody: string;
  receivedAt: Date;
}

/** Token usage as the API reports it; replaces the stand-in's rough count when a reply names it. */
export interface ChatUsageSpec {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
}

/**
 * What to answer a valid request with: content alone or with a finish reason / refusal, and
 * optionally the usage figures and the model name (a dated snapshot, say) to report.
 */
export type ChatReplySpec =
  | string
  | {
      content: string | null;
      finishReason?: 'stop' | 'length' | 'content_filter';
      refusal?: string | null;
      usage?: ChatUsageSpec;
      model?: string;
    };
export type ChatReply = ChatReplySpec | ((request: ReceivedChatRequest) => ChatReplySpec);

export type ChatFault =
  /** HTTP 5xx with an OpenAI error body. The client retries these. */
  | { status: 500 | 502 | 503 | 504; message?: string }
  /** HTTP 429 with `retry-after` (seconds) and a `rate_limit_exceeded` error body. */
  | { status: 429; retryAfterSeconds: number }
  /** Wait, then answer the request normally (from the reply queue). Longer than the client's timeout makes it time out. */
  | { delayMs: number }
  /** Destroy the socket without answering. */
  | { status: 'reset' };

export interface OpenAiStandInOptions {
  /** Which keys are accepted. Default: any non-empty key. */
  apiKey?: string | ((key: string) => boolean);
  /** The answer when the reply queue is empty. Default: a neutral sentence without numbers. */
  defaultReply?: ChatReply;
}

export interface OpenAiStandIn {
  /** Base URL including `/v1`, for the client's `baseURL`. */
  url: string;
  /** Queue replies, used once each in order. */
  reply(...replies: ChatReply[]): void;
  /** Queue faults, used once each in order, before replies. */
  fail(...faults: ChatFault[]): void;
  /** What answers once the queue is empty, from now on. */
  setDefaultReply(reply: ChatReply): void;
  /** Every request received so far, oldest first. */
  requests(): ReceivedChatRequest[];
  /** How many requests have had an answer sent so far (a delayed one counts once it is sent). */
  answered(): number;
  close(): Promise<void>;
}

const DEFAULT_REPLY = 'The team had a steady week.';

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text).toString(), ...headers });
  res.end(text);
}

function errorBody(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A rough token count, for `usage`. */
const tokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

export async function startOpenAiStandIn(options: OpenAiStandInOptions = {}): Promise<OpenAiStandIn> {
  const replies: ChatReply[] = [];
  let defaultReply: ChatReply | undefined = options.defaultReply;
  const faults: ChatFault[] = [];
  const received: ReceivedChatRequest[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let completions = 0;
  let answered = 0;

  const keyOk = (key: string): boolean =>
    typeof options.apiKey === 'function' ? options.apiKey(key) : options.apiKey === undefined ? key.length > 0 : key === options.apiKey;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' ? /^Bearer (.+)$/.exec(auth) : null;
    let body: ReceivedChatRequest['body'] = null;
    try {
      const parsed: unknown = JSON.parse(rawBody);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as ReceivedChatRequest['body'];
    } catch {
      body = null;
    }
    const request: ReceivedChatRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: { ...req.headers },
      apiKey: bearer?.[1] ?? null,
      body,
      rawBody,
      receivedAt: new Date(),
    };
    received.push(request);

    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(res, 404, errorBody(`Invalid URL (${req.method} ${path})`, 'invalid_request_error', null));
      return;
    }
    if (!bearer || !keyOk(bearer[1]!)) {
      sendJson(res, 401, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
      return;
    }
    if (!body) {
      sendJson(res, 400, errorBody('We could not parse the JSON body of your request.', 'invalid_request_error', null));
      return;
    }
    if (typeof body.model !== 'string' || body.model === '') {
      sendJson(res, 400, errorBody('you must provide a model parameter', 'invalid_request_error', null, 'model'));
      return;
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      sendJson(res, 400, errorBody("Missing required parameter: 'messages'.", 'invalid_request_error', 'missing_required_parameter', 'messages'));
      return;
    }

    const fault = faults.shift();
    if (fault) {
      if ('delayMs' in fault) {
        await wait(fault.delayMs);
      } else if (fault.status === 'reset') {
        req.socket.destroy();
        return;
      } else if (fault.status === 429) {
        sendJson(res, 429, errorBody('Rate limit reached for requests.', 'requests', 'rate_limit_exceeded'), {
          'retry-after': String(fault.retryAfterSeconds),
          'x-request-id': `req_standin_fault${received.length}`,
        });
        return;
      } else {
        sendJson(res, fault.status, errorBody(fault.message ?? 'The server had an error while processing your request.', 'server_error', null), {
          'x-request-id': `req_standin_fault${received.length}`,
        });
        return;
      }
    }

    const next = replies.shift() ?? defaultReply ?? DEFAULT_REPLY;
    const spec = typeof next === 'function' ? next(request) : next;
    const { content, finishReason, refusal, usage, model } =
      typeof spec === 'string' ? { content: spec, finishReason: 'stop' as const, refusal: null, usage: undefined, model: undefined } : spec;
    completions += 1;
    const promptTokens = usage?.prompt_tokens ?? tokens(JSON.stringify(body.messages));
    const completionTokens = usage?.completion_tokens ?? tokens(content ?? refusal ?? '');
    sendJson(
      res,
      200,
      {
        id: `chatcmpl-standin${completions.toString().padStart(6, '0')}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: model ?? body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, refusal: refusal ?? null, annotations: [] },
            logprobs: null,
            finish_reason: finishReason ?? 'stop',
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
          ...(usage?.prompt_tokens_details ? { prompt_tokens_details: usage.prompt_tokens_details } : {}),
        },
        service_tier: 'default',
        system_fingerprint: null,
      },
      { 'x-request-id': `req_standin${completions}` },
    );
  }

  const server = createServer((req, res) => {
    res.on('finish', () => (answered += 1));
    handle(req, res).catch((error: unknown) => {
      sendJson(res, 500, errorBody(`stand-in failure: ${String(error)}`, 'server_error', null));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    reply: (...more) => {
      replies.push(...more);
    },
    fail: (...more) => {
      faults.push(...more);
    },
    setDefaultReply: (reply) => {
      defaultReply = reply;
    },
    requests: () => [...received],
    answered: () => answered,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
