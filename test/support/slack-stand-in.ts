/**
 * A loopback stand-in for Slack's Web API, for integration tests that run the real
 * `@slack/bolt` / `@slack/web-api` code end to end.
 *
 * Point a WebClient (or Bolt's `clientOptions`) at it with `slackApiUrl: standIn.url`.
 * It speaks Slack's wire format: `POST /api/<method>` with an
 * `application/x-www-form-urlencoded` body (what WebClient sends; JSON-valued fields such
 * as `blocks` arrive as JSON strings) or `application/json`, a token in
 * `Authorization: Bearer ...` (or, for form bodies, a `token` field), and a JSON reply of
 * `{ ok: true, ... }` or `{ ok: false, error }` with HTTP 200. Faults (5xx, 429 with
 * `Retry-After`, `ok:false` errors, dropped connections) can be injected per method.
 *
 * Channels: `conversations.create` / `.invite` / `.join` keep a member list per channel (see
 * {@link SlackStandIn.channelMembers}); channels from the `channels` option have the bot as a
 * member unless `botIsMember: false`, and their `members`. `conversations.members` pages through a
 * channel's list; {@link SlackStandIn.joinChannel} / {@link SlackStandIn.leaveChannel} change it as
 * people joining or leaving in Slack would.
 *
 * It also speaks Socket Mode: `apps.connections.open` (app-level `xapp-` token) answers a
 * `ws://` URL on the same server; on connect the socket gets Slack's `hello`, and
 * {@link SlackStandIn.sendEnvelope} pushes `interactive` / `slash_commands` / `events_api`
 * envelopes and resolves with the app's acknowledgement (`{ envelope_id, payload? }`).
 *
 * Files: Slack's current upload flow (what `WebClient.files.uploadV2` does; `files.upload` is
 * retired): `files.getUploadURLExternal` hands out a file id and an upload URL on this server
 * (`<origin>/upload/<file_id>`), a `POST` of the bytes there (raw, or multipart form data as the
 * WebClient sends them) answers `OK - <bytes>` as text, and `files.completeUploadExternal` finishes
 * the files and, with `channel_id`, shares them in a message (see {@link SlackStandIn.uploadedFiles}).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

/** Identity the stand-in reports (auth.test etc.) unless overridden in the options. */
export const SLACK_STAND_IN_DEFAULTS = {
  teamId: 'T0STANDIN1',
  teamDomain: 'community-desk-test',
  teamName: 'Community Desk Test',
  botUserId: 'U0BOT00001',
  botId: 'B0BOT00001',
  botName: 'community-desk',
  appId: 'A0APP00001',
  firstTsSeconds: 1_700_000_000,
} as const;

/**
 * The pseudo method name a POST to an upload URL is recorded under (`calls`, `attempts`) and that
 * `failNext` / `failFor` take to target it. Faults without a method hit upload URLs too.
 */
export const UPLOAD_URL_METHOD = 'upload_url';

/** The DM channel id the stand-in uses for a user (conversations.open, chat.postMessage to a user id). */
export function dmChannelIdFor(userId: string): string {
  return `D${userId}`;
}

// ---------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------

/**
 * A failure to answer a request with instead of handling it. `delayMs` waits before failing.
 * `applied: true` makes it a lost answer instead: the call takes effect (a post is posted), then the
 * caller gets the failure — what a timeout or a dropped connection after Slack acted looks like.
 */
export type SlackFault = { applied?: boolean } & (
  /** HTTP 5xx. WebClient throws WebAPIHTTPError (code slack_webapi_http_error) and retries per retryConfig. */
  | { status: 500 | 502 | 503 | 504; body?: string; delayMs?: number }
  /** HTTP 429 with a `Retry-After` header (seconds) and body `{ ok:false, error:'ratelimited' }`. */
  | { status: 429; retryAfterSeconds: number; delayMs?: number }
  /** HTTP 200 with `{ ok:false, error, ...extra }`: a Slack platform error (e.g. 'ratelimited', 'channel_not_found'). */
  | { status: 200; error: string; extra?: Record<string, unknown>; delayMs?: number }
  /** Destroy the socket without answering: fetch fails, WebClient throws WebAPIRequestError. */
  | { status: 'reset'; delayMs?: number });

export interface SlackStandInOptions {
  /** Which tokens are valid. Default: any token starting with `xoxb-`. */
  validToken?: string | readonly string[] | ((token: string) => boolean);
  teamId?: string;
  teamDomain?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  botName?: string;
  appId?: string;
  /** Seconds part of the first message ts. Default 1700000000, so the first ts is "1700000000.000100". */
  firstTsSeconds?: number;
  /**
   * Known users for users.info. When given, other user ids answer `user_not_found`. `displayName`
   * defaults to `name`; `locale` (e.g. `de-DE`) is answered only when asked with `include_locale`.
   */
  users?: Record<string, { name?: string; realName?: string; displayName?: string; isBot?: boolean; deleted?: boolean; tz?: string; locale?: string }>;
  /**
   * Known channels (id -> info), used by conversations.info, to resolve `#name` channel args, as
   * taken names for conversations.create and as existing channels for conversations.invite/join.
   * `botIsMember` (default true) says whether the bot starts as a member of the channel; `members`
   * are the people in it from the start.
   */
  channels?: Record<string, { name: string; isPrivate?: boolean; botIsMember?: boolean; members?: readonly string[] }>;
  /** See {@link SlackStandIn.maxPostsPerChannelPerSecond}. Default 0 (off). */
  maxPostsPerChannelPerSecond?: number;
  /** See {@link SlackStandIn.methodRateLimits}. Default: none (off). */
  methodRateLimits?: Record<string, number>;
  /**
   * The clock (epoch milliseconds) behind every time the stand-in records or compares: `at` of
   * calls, attempts, response_url posts and socket frames, `postedAt`, `sentAt` / `ackedAt`,
   * `openedAt`, a channel's `createdAt` / `created`, the `failFor` window, and the windows of
   * `maxPostsPerChannelPerSecond` and `methodRateLimits`. Default `Date.now`. Give a fake or
   * scaled clock to run those on test time. Real waiting stays on the real clock: `waitFor`'s
   * deadline (performance.now), the `sendEnvelope` ack timeout and fault `delayMs` (the
   * setTimeout captured at load), so fake timers or a frozen `now` cannot hang a test.
   */
  now?: () => number;
  /** Which app-level tokens `apps.connections.open` accepts. Default: any token starting with `xapp-`. */
  validAppToken?: string | readonly string[] | ((token: string) => boolean);
}

/** A Web API call that was answered `ok: true`. */
export interface RecordedCall {
  method: string;
  /** Decoded arguments without `token`. JSON-valued fields (blocks, attachments, metadata, view...) are parsed. */
  args: Record<string, unknown>;
  /** Bearer token, or the `token` form field when no Authorization header was sent. */
  token: string | undefined;
  /** `now()` (option; default Date.now()) when the request was handled. */
  at: number;
}

/** Any request to `/api/...`, including failed and faulted ones. */
export interface RecordedAttempt extends RecordedCall {
  /** HTTP status sent, or 'reset' when the connection was dropped. */
  status: number | 'reset';
  ok: boolean;
  /** Slack error code (`ok:false` bodies and 429s), else undefined. */
  error: string | undefined;
  /** The injected fault that answered this request, if any. */
  fault: SlackFault | undefined;
}

/** A message as the stand-in holds it (current state, after chat.update). */
export interface StandInMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  metadata: unknown;
  thread_ts: string | undefined;
  /** Bot user id of the poster. */
  user: string;
  bot_id: string;
  postedAt: number;
  /** How many successful chat.update calls changed it. */
  updateCount: number;
  /** Only on a message that shares files (files.completeUploadExternal with a channel). */
  files?: StandInFile[];
}

/** A file as a file-share message shows it (see {@link StandInMessage.files}). */
export interface StandInFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  /** Bytes. */
  size: number;
}

/** A file whose bytes reached its upload URL (see {@link SlackStandIn.uploadedFiles}). */
export interface UploadedFile {
  id: string;
  /** As given to files.getUploadURLExternal. */
  filename: string;
  /** The title files.completeUploadExternal gave it, else the filename (Slack's default). */
  title: string;
  /** `alt_txt` (Slack's documented name) or `alt_text` (what @slack/web-api sends), else null. */
  altText: string | null;
  /** The bytes as uploaded (a copy). */
  bytes: Buffer;
  /** Where files.completeUploadExternal shared it; null while private or not completed. */
  channel: string | null;
  initialComment: string | null;
  /** `now()` when files.completeUploadExternal finished it; null until then. */
  completedAt: number | null;
}

export interface StandInEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  thread_ts: string | undefined;
  at: number;
}

export interface RateViolation {
  channel: string;
  /** ts of the post that exceeded the limit. */
  ts: string;
  at: number;
  /** chat.postMessage calls to the channel in the 1-second window ending at `at` (this one included). */
  postsInWindow: number;
  limit: number;
}

/** A call that made more than `limit` calls of one method fall in a 60-second window (see {@link SlackStandIn.methodRateLimits}). */
export interface MethodRateViolation {
  method: string;
  at: number;
  /** Calls of `method` in the 60-second window ending at `at` (this one included). */
  callsInWindow: number;
  limit: number;
}

/** A channel made with conversations.create. */
export interface CreatedChannel {
  /** `C0NEW` + a 6-digit sequence, e.g. `C0NEW000001`, for public and private channels alike. */
  id: string;
  name: string;
  isPrivate: boolean;
  /** `now()` at creation, epoch milliseconds (the API's `created` is this in whole seconds). */
  createdAt: number;
}

/** A POST to a stand-in response_url (see {@link SlackStandIn.responseUrl}), e.g. from Bolt's `respond()`. */
export interface ResponseUrlPost {
  id: string;
  body: unknown;
  at: number;
}

/** Socket Mode envelope types the app receives (`hello` and `disconnect` are sent by the stand-in itself). */
export type SocketEnvelopeType = 'interactive' | 'slash_commands' | 'events_api';

export interface SendEnvelopeOptions {
  /** Slack sets it for slash commands (and view submissions); default: true for `slash_commands`, else false. */
  acceptsResponsePayload?: boolean;
  /** How long to wait for the ack. Default 5000 ms (Slack itself gives up after 3 s). */
  timeoutMs?: number;
  /** Default: a fresh id like Slack's (UUID-shaped). */
  envelopeId?: string;
  /** `events_api` redelivery fields. */
  retryAttempt?: number;
  retryReason?: string;
}

/** What the app sent back for an envelope. @slack/socket-mode always sends `payload` (`{}` for a bare ack). */
export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** An envelope pushed with {@link SlackStandIn.sendEnvelope}, and its ack once it came. */
export interface SocketEnvelopeRecord {
  envelope_id: string;
  type: SocketEnvelopeType;
  payload: unknown;
  accepts_response_payload: boolean;
  /** Which connection it went to (see {@link SocketConnectionInfo.id}). */
  connectionId: number;
  sentAt: number;
  ack: SocketModeAck | undefined;
  ackedAt: number | undefined;
}

/** A text frame the app sent over a Socket Mode connection (acks, and anything else). */
export interface SocketMessage {
  connectionId: number;
  at: number;
  /** Parsed JSON, or the raw text when it was not JSON. */
  data: unknown;
}

export interface SocketConnectionInfo {
  id: number;
  /** The ticket from the URL that apps.connections.open handed out. */
  ticket: string;
  openedAt: number;
  /** Whether the socket is still open. */
  open: boolean;
}

type Truthy<T> = Exclude<T, false | 0 | 0n | '' | null | undefined>;

/** A modal opened with views.open. */
export interface StandInView {
  id: string;
  trigger_id: string;
  view: Record<string, unknown>;
  at: number;
}

export interface SlackStandIn {
  /** Base URL to pass as `slackApiUrl`, e.g. `http://127.0.0.1:41234/api/`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly calls: readonly RecordedCall[];
  readonly attempts: readonly RecordedAttempt[];
  readonly rateViolations: readonly RateViolation[];
  readonly methodRateViolations: readonly MethodRateViolation[];
  readonly responseUrlPosts: readonly ResponseUrlPost[];
  /**
   * Slack allows about one chat.postMessage per second per channel (short bursts tolerated).
   * When N > 0, every post that makes more than N posts to one channel fall inside a 1-second
   * window is recorded in `rateViolations` (the post itself still succeeds). 0 = off.
   */
  maxPostsPerChannelPerSecond: number;
  /**
   * Slack's Web API rate tiers: at most N calls per minute per method (Tier 1: 1, Tier 2: 20,
   * Tier 3: 50, Tier 4: 100; e.g. `{ 'conversations.create': 20, 'conversations.invite': 50 }`).
   * Each call that makes more than N calls of its method fall in a 60-second window is recorded
   * in `methodRateViolations`; the call itself still succeeds. Counted: every authenticated call
   * of a method the stand-in implements, whether it answered ok or a platform error (an `applied`
   * fault counts, an injected fault that stops the call does not). Methods not listed, or with
   * N <= 0, are not checked.
   */
  methodRateLimits: Record<string, number>;
  /** Current messages (copies), oldest first, optionally for one channel. Ephemerals are not included. */
  messages(channel?: string): StandInMessage[];
  ephemerals(channel?: string): StandInEphemeral[];
  /** Modals opened with views.open (copies), oldest first. */
  openedViews(): StandInView[];
  /** Channels made with conversations.create (copies), oldest first. */
  createdChannels(): CreatedChannel[];
  /**
   * Files whose bytes were POSTed to their upload URL (copies), in the order
   * files.getUploadURLExternal handed them out; completed or not. Files never uploaded are left out.
   */
  uploadedFiles(): UploadedFile[];
  /**
   * User ids in a channel (id, or `#name` of a known channel), in the order they joined: for a
   * channel from the `channels` option or one the bot posted to, the bot (unless `botIsMember:
   * false`), then whoever conversations.invite/join added. [] for a channel the stand-in does not know.
   */
  channelMembers(channelId: string): string[];
  /** Adds people to a channel as if they had joined it in Slack (no Web API call is recorded). */
  joinChannel(channelId: string, userIds: readonly string[]): void;
  /** Takes people out of a channel as if they had left it in Slack. */
  leaveChannel(channelId: string, userIds: readonly string[]): void;
  /** Successful calls of one method. */
  callsTo(method: string): RecordedCall[];
  /** A URL on this server that records POSTs into `responseUrlPosts` (use as a payload's response_url). */
  responseUrl(id?: string): string;
  /**
   * Polls `predicate(standIn)` every 10 ms until it returns a truthy value, and resolves with it.
   * A predicate that throws counts as "not yet" (so `expect` can be used inside); on timeout the
   * rejection names the predicate, the last thrown error and the calls seen so far.
   */
  waitFor<T>(predicate: (standIn: SlackStandIn) => T | Promise<T>, timeoutMs?: number, description?: string): Promise<Truthy<T>>;
  /** Answer the next `n` matching requests with `fault`. `method` limits it to one or more Web API methods. */
  failNext(n: number, fault: SlackFault, method?: string | readonly string[]): void;
  /** Answer every matching request with `fault` for the next `ms` milliseconds. */
  failFor(ms: number, fault: SlackFault, method?: string | readonly string[]): void;
  clearFaults(): void;
  /**
   * Forget messages, recordings, faults, DMs, created channels, memberships and files; restart the
   * ts, channel id and file id sequences. Keeps the same array objects, the limits and the clock. Open sockets stay open.
   */
  reset(): void;
  /** Closes open Socket Mode connections (terminates them, no close handshake) and stops the server. */
  close(): Promise<void>;

  // ----- Socket Mode -------------------------------------------------------------------

  /** How many Socket Mode WebSockets are open right now (connected and not closed). */
  readonly socketConnections: number;
  /** Every Socket Mode connection accepted so far, open or closed (copies). */
  socketConnectionLog(): SocketConnectionInfo[];
  /** Envelopes sent with {@link sendEnvelope}, oldest first, with their acks. */
  readonly socketEnvelopes: readonly SocketEnvelopeRecord[];
  /** Every text frame the app sent on a Socket Mode connection, oldest first. */
  readonly socketMessages: readonly SocketMessage[];
  /**
   * Pushes `{ envelope_id, type, payload, accepts_response_payload }` to the newest open Socket
   * Mode connection and resolves with the app's ack (the JSON frame carrying the same
   * `envelope_id`). Rejects at once when no connection is open, when the connection closes
   * first, or after `timeoutMs` without an ack.
   */
  sendEnvelope(type: SocketEnvelopeType, payload: object, options?: SendEnvelopeOptions): Promise<SocketModeAck>;
  /**
   * Sends Slack's `{ type: 'disconnect', reason }` to every open connection (Slack does this before
   * recycling a server; clients close and reconnect). Returns how many connections got it.
   */
  sendDisconnect(reason?: 'warning' | 'refresh_requested' | 'link_disabled'): number;
}

export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const standIn = new SlackStandInServer(options);
  await standIn.listen();
  return standIn;
}

// ---------------------------------------------------------------------------------------
// Implementation
// ---------------------------------------------------------------------------------------

/** Captured at load so that waitFor still works when a test installs fake timers. */
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const monotonicNow = performance.now.bind(performance);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => realSetTimeout(resolve, ms));

/** Fields Slack documents as "JSON-based ... presented as a URL-encoded string". */
const JSON_VALUED_FIELDS = new Set(['view', 
  'blocks',
  'attachments',
  'metadata',
  'view',
  'unfurls',
  'user_auth_blocks',
  'options',
  'option_groups',
  'files',
]);

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const SOCKET_MODE_PATH = '/socket-mode/';
const DEFAULT_ACK_TIMEOUT_MS = 5000;
const MAX_TEXT_LENGTH = 40_000;
const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3_000;
/** conversations.create naming rule: lowercase letters, digits, hyphens, underscores; at most 80 characters. */
const MAX_CHANNEL_NAME_LENGTH = 80;
/** conversations.invite takes up to 1000 user ids. */
const MAX_INVITE_USERS = 1000;
const METHOD_RATE_WINDOW_MS = 60_000;
/** Upload URLs handed out by files.getUploadURLExternal: `<origin>/upload/<file_id>`. */
const UPLOAD_PATH = '/upload/';
/** files.getUploadURLExternal: `alt_txt_too_large` above 1000 characters. */
const MAX_ALT_TXT_LENGTH = 1000;
/** files.getUploadURLExternal: `snippet_too_large` when a snippet's `length` is above 1 MB. */
const MAX_SNIPPET_BYTES = 1024 * 1024;

type Args = Record<string, unknown>;

type HandlerResult = { ok: true; body: Record<string, unknown> } | { ok: false; error: string; extra?: Record<string, unknown> };

type Handler = (args: Args, at: number) => HandlerResult;

interface SocketConnection {
  info: SocketConnectionInfo;
  ws: WebSocket;
}

interface PendingAck {
  record: SocketEnvelopeRecord;
  resolve: (ack: SocketModeAck) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface FaultRule {
  fault: SlackFault;
  remaining: number;
  until: number | undefined;
  methods: ReadonlySet<string> | undefined;
}

interface StoredMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  metadata: unknown;
  thread_ts: string | undefined;
  postedAt: number;
  updateCount: number;
  files?: StandInFile[];
}

/** A file id handed out by files.getUploadURLExternal, and what became of it. */
interface StoredUpload {
  id: string;
  filename: string;
  /** The `length` announced to files.getUploadURLExternal. */
  length: number;
  altText: string | null;
  snippetType: string | undefined;
  /** Set once bytes reached the upload URL (a later POST before completion replaces them). */
  bytes: Buffer | undefined;
  title: string | undefined;
  channel: string | null;
  initialComment: string | null;
  completedAt: number | null;
}

/** What a POST to an upload URL came to: the HTTP answer, and the file's bytes when accepted. */
type UploadOutcome = { status: number; text: string; upload?: { file: StoredUpload; bytes: Buffer } };

type ParsedRequest = { ok: true; args: Args; bodyToken: string | undefined } | { ok: false; error: string; args: Args };

const okResult = (body: Record<string, unknown>): HandlerResult => ({ ok: true, body });
const errorResult = (error: string, extra?: Record<string, unknown>): HandlerResult =>
  extra === undefined ? { ok: false, error } : { ok: false, error, extra };
/** Slack's answer to a missing or malformed argument: `invalid_arguments`, with `[ERROR] ...` lines in response_metadata.messages. */
const invalidArguments = (...problems: string[]): HandlerResult =>
  errorResult('invalid_arguments', { response_metadata: { messages: problems.map((problem) => `[ERROR] ${problem}`) } });

/** A channel-like conversation the stand-in can describe (not a DM). */
interface ChannelFacts {
  id: string;
  name: string;
  isPrivate: boolean;
  /** Unix seconds. */
  created: number;
  creator: string | undefined;
}

interface StoredChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  createdAt: number;
}

class SlackStandInServer implements SlackStandIn {
  readonly calls: RecordedCall[] = [];
  readonly attempts: RecordedAttempt[] = [];
  readonly rateViolations: RateViolation[] = [];
  readonly methodRateViolations: MethodRateViolation[] = [];
  readonly responseUrlPosts: ResponseUrlPost[] = [];
  readonly socketEnvelopes: SocketEnvelopeRecord[] = [];
  readonly socketMessages: SocketMessage[] = [];
  maxPostsPerChannelPerSecond: number;
  methodRateLimits: Record<string, number>;

  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly identity: Required<
    Omit<SlackStandInOptions, 'validToken' | 'validAppToken' | 'users' | 'channels' | 'maxPostsPerChannelPerSecond' | 'methodRateLimits' | 'now'>
  >;
  /** The clock for everything recorded (see {@link SlackStandInOptions.now}). */
  private readonly now: () => number;
  private readonly tokenIsValid: (token: string) => boolean;
  private readonly appTokenIsValid: (token: string) => boolean;
  private readonly users: SlackStandInOptions['users'];
  private readonly channels: NonNullable<SlackStandInOptions['channels']>;
  private readonly handlers: Record<string, Handler>;

  private port = 0;
  private closed = false;
  private faults: FaultRule[] = [];
  private stored: StoredMessage[] = [];
  private ephemeralStore: StandInEphemeral[] = [];
  private viewStore: StandInView[] = [];
  private postTimesByChannel = new Map<string, number[]>();
  private openedDms = new Set<string>();
  private createdStore: StoredChannel[] = [];
  /** Member lists, filled in on first use from the channel's starting members (see membersOf). */
  private membership = new Map<string, string[]>();
  private methodCallTimes = new Map<string, number[]>();
  /** File ids from files.getUploadURLExternal, in the order handed out. */
  private uploads = new Map<string, StoredUpload>();
  private fileSequence = 0;
  private channelSequence = 0;
  private tsSequence = 0;
  private responseUrlSequence = 0;
  /** Tickets handed out by apps.connections.open and not used yet (a URL is good for one connection). */
  private socketTickets = new Set<string>();
  private connections: SocketConnection[] = [];
  private connectionSequence = 0;
  private envelopeSequence = 0;
  private pendingAcks = new Map<string, PendingAck>();

  constructor(options: SlackStandInOptions) {
    this.identity = {
      teamId: options.teamId ?? SLACK_STAND_IN_DEFAULTS.teamId,
      teamDomain: options.teamDomain ?? SLACK_STAND_IN_DEFAULTS.teamDomain,
      teamName: options.teamName ?? SLACK_STAND_IN_DEFAULTS.teamName,
      botUserId: options.botUserId ?? SLACK_STAND_IN_DEFAULTS.botUserId,
      botId: options.botId ?? SLACK_STAND_IN_DEFAULTS.botId,
      botName: options.botName ?? SLACK_STAND_IN_DEFAULTS.botName,
      appId: options.appId ?? SLACK_STAND_IN_DEFAULTS.appId,
      firstTsSeconds: options.firstTsSeconds ?? SLACK_STAND_IN_DEFAULTS.firstTsSeconds,
    };
    this.tokenIsValid = tokenValidator(options.validToken);
    this.appTokenIsValid = tokenValidator(options.validAppToken, 'xapp-');
    this.users = options.users;
    this.channels = options.channels ?? {};
    this.maxPostsPerChannelPerSecond = options.maxPostsPerChannelPerSecond ?? 0;
    this.methodRateLimits = { ...options.methodRateLimits };
    this.now = options.now ?? Date.now;
    this.handlers = {
      'auth.test': () => this.authTest(),
      'chat.postMessage': (args, at) => this.postMessage(args, at),
      'chat.update': (args) => this.updateMessage(args),
      'chat.postEphemeral': (args, at) => this.postEphemeral(args, at),
      'chat.getPermalink': (args) => this.getPermalink(args),
      'views.open': (args, at) => this.openView(args, at),
      'conversations.open': (args) => this.openConversation(args),
      'conversations.info': (args) => this.conversationInfo(args),
      'conversations.history': (args) => this.conversationHistory(args),
      'conversations.create': (args, at) => this.createConversation(args, at),
      'conversations.invite': (args) => this.inviteToConversation(args),
      'conversations.join': (args) => this.joinConversation(args),
      'conversations.members': (args) => this.conversationMembers(args),
      'users.info': (args) => this.userInfo(args),
      'files.getUploadURLExternal': (args) => this.getUploadUrlExternal(args),
      'files.completeUploadExternal': (args, at) => this.completeUploadExternal(args, at),
    };
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
        }
        res.end(`stand-in failure: ${describeError(error)}`);
      });
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.handleUpgrade(req, socket, head));
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get url(): string {
    return `${this.origin}/api/`;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const connection of this.connections) connection.ws.terminate();
    for (const pending of [...this.pendingAcks.values()]) {
      this.settlePending(pending, new Error(`slack stand-in: closed before envelope ${pending.record.envelope_id} (${pending.record.type}) was acknowledged`));
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  // ----- inspection helpers --------------------------------------------------------------

  messages(channel?: string): StandInMessage[] {
    return this.stored
      .filter((m) => channel === undefined || m.channel === channel)
      .map((m) => structuredClone({ ...m, user: this.identity.botUserId, bot_id: this.identity.botId }));
  }

  ephemerals(channel?: string): StandInEphemeral[] {
    return this.ephemeralStore.filter((m) => channel === undefined || m.channel === channel).map((m) => structuredClone(m));
  }

  createdChannels(): CreatedChannel[] {
    return this.createdStore.map((c) => ({ id: c.id, name: c.name, isPrivate: c.isPrivate, createdAt: c.createdAt }));
  }

  uploadedFiles(): UploadedFile[] {
    return [...this.uploads.values()].flatMap((file) =>
      file.bytes === undefined
        ? []
        : [
            {
              id: file.id,
              filename: file.filename,
              title: file.title ?? file.filename,
              altText: file.altText,
              bytes: Buffer.from(file.bytes),
              channel: file.channel,
              initialComment: file.initialComment,
              completedAt: file.completedAt,
            },
          ],
    );
  }

  channelMembers(channelId: string): string[] {
    const id = this.resolveChannel(channelId);
    return id === undefined || !this.isKnownChannel(id) ? [] : [...this.membersOf(id)];
  }

  joinChannel(channelId: string, userIds: readonly string[]): void {
    const id = this.resolveChannel(channelId);
    if (id === undefined) throw new Error(`slack stand-in: no channel ${channelId}`);
    const members = this.membersOf(id);
    for (const user of userIds) if (!members.includes(user)) members.push(user);
  }

  leaveChannel(channelId: string, userIds: readonly string[]): void {
    const id = this.resolveChannel(channelId);
    if (id === undefined) throw new Error(`slack stand-in: no channel ${channelId}`);
    const members = this.membersOf(id);
    for (const user of userIds) {
      const at = members.indexOf(user);
      if (at >= 0) members.splice(at, 1);
    }
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  responseUrl(id?: string): string {
    this.responseUrlSequence += 1;
    return `${this.origin}/response/${encodeURIComponent(id ?? `r${this.responseUrlSequence}`)}`;
  }

  async waitFor<T>(
    predicate: (standIn: SlackStandIn) => T | Promise<T>,
    timeoutMs = 5000,
    description?: string,
  ): Promise<Truthy<T>> {
    const deadline = monotonicNow() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const value = await predicate(this);
        if (isTruthy(value)) return value;
        lastError = undefined;
      } catch (error) {
        lastError = error;
      }
      if (monotonicNow() >= deadline) {
        throw new Error(this.timeoutMessage(description ?? predicate.toString(), timeoutMs, lastError));
      }
      await sleep(10);
    }
  }

  // ----- fault injection -----------------------------------------------------------------

  failNext(n: number, fault: SlackFault, method?: string | readonly string[]): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`failNext: n must be a positive integer, got ${n}`);
    this.faults.push({ fault, remaining: n, until: undefined, methods: methodSet(method) });
  }

  failFor(ms: number, fault: SlackFault, method?: string | readonly string[]): void {
    if (!(ms > 0)) throw new RangeError(`failFor: ms must be positive, got ${ms}`);
    this.faults.push({ fault, remaining: Number.POSITIVE_INFINITY, until: this.now() + ms, methods: methodSet(method) });
  }

  clearFaults(): void {
    this.faults = [];
  }

  reset(): void {
    this.calls.length = 0;
    this.attempts.length = 0;
    this.rateViolations.length = 0;
    this.methodRateViolations.length = 0;
    this.responseUrlPosts.length = 0;
    this.faults = [];
    this.stored = [];
    this.ephemeralStore = [];
    this.viewStore = [];
    this.postTimesByChannel.clear();
    this.openedDms.clear();
    this.createdStore = [];
    this.membership.clear();
    this.methodCallTimes.clear();
    this.uploads.clear();
    this.fileSequence = 0;
    this.channelSequence = 0;
    this.tsSequence = 0;
    this.responseUrlSequence = 0;
    this.socketEnvelopes.length = 0;
    this.socketMessages.length = 0;
  }

  // ----- HTTP ----------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', this.origin);
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413, { 'Content-Type': 'text/plain' }).end('request body too large');
      return;
    }
    if (requestUrl.pathname.startsWith(UPLOAD_PATH)) {
      await this.handleUpload(decodeURIComponent(requestUrl.pathname.slice(UPLOAD_PATH.length)), body, req, res);
      return;
    }
    const raw = body.toString('utf8');

    if (requestUrl.pathname.startsWith('/response/')) {
      this.recordResponseUrlPost(decodeURIComponent(requestUrl.pathname.slice('/response/'.length)), raw, req);
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    if (!requestUrl.pathname.startsWith('/api/')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }

    const at = this.now();
    const method = decodeURIComponent(requestUrl.pathname.slice('/api/'.length));
    const parsed = parseRequest(headerValue(req.headers['content-type']), raw, requestUrl.searchParams);
    const token = bearerToken(headerValue(req.headers.authorization)) ?? (parsed.ok ? parsed.bodyToken : undefined);
    const base = { method, args: parsed.args, token, at };

    const fault = this.takeFault(method, at);
    if (fault !== undefined) {
      if (fault.applied && this.run(method, parsed, token, at).ok) this.calls.push(base);
      await this.answerWithFault(fault, res, base);
      return;
    }

    const result = this.run(method, parsed, token, at);
    this.attempts.push({
      ...base,
      status: 200,
      ok: result.ok,
      error: result.ok ? undefined : result.error,
      fault: undefined,
    });
    if (result.ok) {
      this.calls.push(base);
      sendJson(res, 200, { ok: true, ...result.body });
    } else {
      sendJson(res, 200, { ok: false, error: result.error, ...result.extra });
    }
  }

  /**
   * A POST to an upload URL. Like Slack's, the URL is the credential: no token is needed (the
   * WebClient sends its `Authorization` header anyway; it is recorded). Recorded in `calls` / `attempts`
   * as {@link UPLOAD_URL_METHOD} with args `{ file_id, length }` (bytes received), and open to
   * faults like a Web API method. A `status: 200` fault answers the JSON error body with HTTP 200,
   * which the WebClient takes for success; the bytes are not kept (unless `applied`), so
   * files.completeUploadExternal then answers `file_not_found`.
   */
  private async handleUpload(fileId: string, body: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = this.now();
    const outcome = await this.receiveUpload(fileId, body, req);
    const args: Args = { file_id: fileId };
    if (outcome.upload !== undefined) args.length = outcome.upload.bytes.length;
    const base: RecordedCall = { method: UPLOAD_URL_METHOD, args, token: bearerToken(headerValue(req.headers.authorization)), at };
    const keep = (): void => {
      if (outcome.upload === undefined) return;
      outcome.upload.file.bytes = outcome.upload.bytes;
      this.calls.push(base);
    };

    const fault = this.takeFault(UPLOAD_URL_METHOD, at);
    if (fault !== undefined) {
      if (fault.applied) keep();
      await this.answerWithFault(fault, res, base);
      return;
    }
    keep();
    this.attempts.push({ ...base, status: outcome.status, ok: outcome.upload !== undefined, error: undefined, fault: undefined });
    res.writeHead(outcome.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(outcome.text);
  }

  /**
   * Decodes an upload without keeping it. Slack takes the raw bytes as the body, or multipart form
   * data (the WebClient sends one part, `body`, holding the file); of a form the first file part
   * counts. Unknown or already completed file ids answer 404.
   */
  private async receiveUpload(fileId: string, body: Buffer, req: IncomingMessage): Promise<UploadOutcome> {
    if (req.method !== 'POST') return { status: 405, text: `method ${req.method ?? '?'} not allowed: POST the file to its upload URL` };
    const file = this.uploads.get(fileId);
    if (file === undefined || file.completedAt !== null) return { status: 404, text: `no pending upload for file id ${fileId}` };
    const contentType = headerValue(req.headers['content-type']) ?? '';
    if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
      return { status: 200, text: `OK - ${body.length}`, upload: { file, bytes: Buffer.from(body) } };
    }
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { 'Content-Type': contentType } }).formData();
    } catch (error) {
      return { status: 400, text: `invalid multipart form data: ${describeError(error)}` };
    }
    for (const [, value] of form) {
      if (typeof value === 'string') continue;
      const bytes = Buffer.from(await value.arrayBuffer());
      return { status: 200, text: `OK - ${bytes.length}`, upload: { file, bytes } };
    }
    return { status: 400, text: 'multipart form data without a file part' };
  }

  private run(method: string, parsed: ParsedRequest, token: string | undefined, at: number): HandlerResult {
    if (!parsed.ok) return errorResult(parsed.error);
    if (token === undefined || token === '') return errorResult('not_authed');
    // Socket Mode: only an app-level token may open a connection (and an app-level token nothing else).
    if (method === 'apps.connections.open') return this.appTokenIsValid(token) ? this.openConnection() : errorResult('invalid_auth');
    if (!this.tokenIsValid(token)) return errorResult('invalid_auth');
    const handler = this.handlers[method];
    if (handler === undefined) return errorResult('unknown_method');
    this.checkMethodRate(method, at);
    return handler(parsed.args, at);
  }

  private takeFault(method: string, at: number): SlackFault | undefined {
    this.faults = this.faults.filter((rule) => rule.remaining > 0 && (rule.until === undefined || at < rule.until));
    const rule = this.faults.find((candidate) => candidate.methods === undefined || candidate.methods.has(method));
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  private async answerWithFault(fault: SlackFault, res: ServerResponse, base: RecordedCall): Promise<void> {
    if (fault.delayMs !== undefined && fault.delayMs > 0) await sleep(fault.delayMs);
    const record = (status: number | 'reset', error: string | undefined): void => {
      this.attempts.push({ ...base, status, ok: false, error, fault });
    };
    switch (fault.status) {
      case 'reset':
        record('reset', undefined);
        res.socket?.destroy();
        return;
      case 429:
        record(429, 'ratelimited');
        sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(fault.retryAfterSeconds) });
        return;
      case 200:
        record(200, fault.error);
        sendJson(res, 200, { ok: false, error: fault.error, ...fault.extra });
        return;
      default:
        record(fault.status, undefined);
        res.writeHead(fault.status, { 'Content-Type': 'text/plain' }).end(fault.body ?? `stand-in fault: HTTP ${fault.status}`);
    }
  }

  private recordResponseUrlPost(id: string, raw: string, req: IncomingMessage): void {
    const isJson = headerValue(req.headers['content-type'])?.toLowerCase().startsWith('application/json') ?? false;
    const body: unknown = isJson ? (tryParseJson(raw) ?? raw) : Object.fromEntries(new URLSearchParams(raw));
    this.responseUrlPosts.push({ id, body, at: this.now() });
  }

  private timeoutMessage(what: string, timeoutMs: number, lastError: unknown): string {
    const recent = this.attempts.slice(-10).map((a) => {
      const channel = typeof a.args.channel === 'string' ? ` channel=${a.args.channel}` : '';
      const outcome = a.ok ? 'ok' : `failed (${a.status}${a.error ? ` ${a.error}` : ''})`;
      return `  ${a.method}${channel} -> ${outcome}`;
    });
    const lines = [
      `slack stand-in: waitFor timed out after ${timeoutMs} ms: ${what.replace(/\s+/g, ' ').slice(0, 300)}`,
      lastError === undefined ? 'predicate returned a falsy value' : `last predicate error: ${describeError(lastError)}`,
      `${this.calls.length} ok call(s), ${this.attempts.length} attempt(s), ${this.stored.length} message(s) stored`,
      recent.length > 0 ? `last attempts:\n${recent.join('\n')}` : 'no requests received',
    ];
    return lines.join('\n');
  }

  // ----- Socket Mode ---------------------------------------------------------------------

  get socketConnections(): number {
    return this.connections.filter((c) => c.info.open).length;
  }

  socketConnectionLog(): SocketConnectionInfo[] {
    return this.connections.map((c) => ({ ...c.info }));
  }

  sendEnvelope(type: SocketEnvelopeType, payload: object, options: SendEnvelopeOptions = {}): Promise<SocketModeAck> {
    const connection = this.connections.filter((c) => c.info.open).at(-1);
    if (connection === undefined) {
      const opened = this.callsTo('apps.connections.open').length;
      return Promise.reject(
        new Error(
          `slack stand-in: cannot send a ${type} envelope: no Socket Mode connection is open ` +
            `(${opened} apps.connections.open call(s), ${this.connections.length} connection(s) accepted so far)`,
        ),
      );
    }
    this.envelopeSequence += 1;
    const envelopeId = options.envelopeId ?? envelopeIdLike(this.envelopeSequence);
    if (this.pendingAcks.has(envelopeId)) return Promise.reject(new Error(`slack stand-in: envelope ${envelopeId} is already waiting for its ack`));
    const acceptsResponsePayload = options.acceptsResponsePayload ?? type === 'slash_commands';
    const record: SocketEnvelopeRecord = {
      envelope_id: envelopeId,
      type,
      payload: structuredClone(payload),
      accepts_response_payload: acceptsResponsePayload,
      connectionId: connection.info.id,
      sentAt: this.now(),
      ack: undefined,
      ackedAt: undefined,
    };
    this.socketEnvelopes.push(record);
    const frame: Record<string, unknown> = { envelope_id: envelopeId, payload, type, accepts_response_payload: acceptsResponsePayload };
    if (options.retryAttempt !== undefined) frame.retry_attempt = options.retryAttempt;
    if (options.retryReason !== undefined) frame.retry_reason = options.retryReason;
    const timeoutMs = options.timeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;

    return new Promise<SocketModeAck>((resolve, reject) => {
      const timer = realSetTimeout(() => {
        const pending = this.pendingAcks.get(envelopeId);
        if (pending === undefined) return;
        const received = this.socketMessages
          .filter((m) => m.connectionId === connection.info.id && m.at >= record.sentAt)
          .map((m) => `  ${JSON.stringify(m.data).slice(0, 200)}`);
        this.settlePending(
          pending,
          new Error(
            [
              `slack stand-in: ${type} envelope ${envelopeId} was not acknowledged within ${timeoutMs} ms ` +
                `(connection #${connection.info.id} ${connection.info.open ? 'still open' : 'closed'}; Slack itself gives up after 3000 ms)`,
              received.length > 0 ? `frames received since it was sent:\n${received.join('\n')}` : 'no frames received on that connection since it was sent',
            ].join('\n'),
          ),
        );
      }, timeoutMs);
      this.pendingAcks.set(envelopeId, { record, resolve, reject, timer });
      connection.ws.send(JSON.stringify(frame), (error) => {
        const pending = this.pendingAcks.get(envelopeId);
        if (error && pending) this.settlePending(pending, new Error(`slack stand-in: could not send envelope ${envelopeId}: ${describeError(error)}`));
      });
    });
  }

  sendDisconnect(reason: 'warning' | 'refresh_requested' | 'link_disabled' = 'refresh_requested'): number {
    const open = this.connections.filter((c) => c.info.open);
    for (const connection of open) {
      connection.ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-stand-in' } }));
    }
    return open.length;
  }

  private openConnection(): HandlerResult {
    const ticket = randomBytes(12).toString('hex');
    this.socketTickets.add(ticket);
    const url = `ws://127.0.0.1:${this.port}${SOCKET_MODE_PATH}${ticket}?app_id=${encodeURIComponent(this.identity.appId)}`;
    return okResult({ url });
  }

  private handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const requestUrl = new URL(req.url ?? '/', this.origin);
    const ticket = requestUrl.pathname.startsWith(SOCKET_MODE_PATH)
      ? decodeURIComponent(requestUrl.pathname.slice(SOCKET_MODE_PATH.length))
      : undefined;
    if (this.closed || ticket === undefined || !this.socketTickets.delete(ticket)) {
      const status = ticket === undefined ? '404 Not Found' : '401 Unauthorized';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.acceptSocket(ws, ticket));
  }

  private acceptSocket(ws: WebSocket, ticket: string): void {
    this.connectionSequence += 1;
    const connection: SocketConnection = { ws, info: { id: this.connectionSequence, ticket, openedAt: this.now(), open: true } };
    this.connections.push(connection);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      this.receiveFrame(connection, rawDataText(data));
    });
    ws.on('close', () => {
      connection.info.open = false;
      for (const pending of [...this.pendingAcks.values()]) {
        if (pending.record.connectionId !== connection.info.id) continue;
        this.settlePending(
          pending,
          new Error(`slack stand-in: Socket Mode connection #${connection.info.id} closed before envelope ${pending.record.envelope_id} (${pending.record.type}) was acknowledged`),
        );
      }
    });
    // A reset by the peer surfaces as 'error' then 'close'; nothing to do beyond 'close'.
    ws.on('error', () => {});
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.socketConnections,
        debug_info: { host: 'applink-stand-in', build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: this.identity.appId },
      }),
    );
  }

  private receiveFrame(connection: SocketConnection, text: string): void {
    const data = tryParseJson(text) ?? text;
    const at = this.now();
    this.socketMessages.push({ connectionId: connection.info.id, at, data });
    if (!isRecord(data) || typeof data.envelope_id !== 'string') return;
    const pending = this.pendingAcks.get(data.envelope_id);
    if (pending === undefined) return;
    const ack: SocketModeAck = { envelope_id: data.envelope_id };
    if (isRecord(data.payload)) ack.payload = data.payload;
    pending.record.ack = ack;
    pending.record.ackedAt = at;
    this.settlePending(pending, ack);
  }

  private settlePending(pending: PendingAck, outcome: SocketModeAck | Error): void {
    realClearTimeout(pending.timer);
    this.pendingAcks.delete(pending.record.envelope_id);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(structuredClone(outcome));
  }

  // ----- Web API methods -----------------------------------------------------------------

  private authTest(): HandlerResult {
    const { teamDomain, teamName, botName, teamId, botUserId, botId, appId } = this.identity;
    return okResult({
      url: `https://${teamDomain}.slack.com/`,
      team: teamName,
      user: botName,
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      app_id: appId,
      is_enterprise_install: false,
    });
  }

  private postMessage(args: Args, at: number): HandlerResult {
    const channel = this.resolveChannel(stringArg(args, 'channel'));
    if (channel === undefined) return errorResult('channel_not_found');
    const content = messageContent(args);
    if ('error' in content) return errorResult(content.error);
    if (content.text === undefined && nonEmpty(content.blocks) === undefined && nonEmpty(content.attachments) === undefined) {
      return errorResult('no_text');
    }
    const message: StoredMessage = {
      channel,
      ts: this.nextTs(),
      text: content.text,
      blocks: nonEmpty(content.blocks),
      attachments: nonEmpty(content.attachments),
      metadata: args.metadata,
      thread_ts: stringArg(args, 'thread_ts'),
      postedAt: at,
      updateCount: 0,
    };
    this.stored.push(message);
    this.checkPostRate(message, at);
    return okResult({ channel, ts: message.ts, message: this.apiMessage(message) });
  }

  /**
   * conversations.history: newest first, within (oldest, latest]; message metadata only with
   * include_all_metadata (as Slack does for other apps' metadata; ours is shown either way there).
   */
  private conversationHistory(args: Args): HandlerResult {
    const channel = this.resolveChannel(stringArg(args, 'channel'));
    if (channel === undefined) return errorResult('channel_not_found');
    const oldest = Number(stringArg(args, 'oldest') ?? '0');
    const latest = Number(stringArg(args, 'latest') ?? 'Infinity');
    const limit = Math.min(Number(stringArg(args, 'limit') ?? '100'), 1000);
    const withMetadata = String(args.include_all_metadata) === 'true';
    const matching = this.stored
      .filter((m) => m.channel === channel && Number(m.ts) > oldest && Number(m.ts) <= latest)
      .sort((a, b) => Number(b.ts) - Number(a.ts));
    const page = matching.slice(0, limit).map((m) => {
      const message = this.apiMessage(m);
      if (!withMetadata) delete message.metadata;
      return message;
    });
    return okResult({ messages: page, has_more: matching.length > limit, pin_count: 0 });
  }

  private updateMessage(args: Args): HandlerResult {
    const channel = this.resolveChannel(stringArg(args, 'channel'));
    if (channel === undefined) return errorResult('channel_not_found');
    const message = this.findMessage(channel, stringArg(args, 'ts'));
    if (message === undefined) return errorResult('message_not_found');
    const content = messageContent(args);
    if ('error' in content) return errorResult(content.error);
    // chat.update docs: `[]` removes blocks/attachments; fields not sent are kept, except that
    // sending `text` without `blocks` removes the previous blocks.
    if (content.text !== undefined) message.text = content.text;
    if (content.blocks !== undefined) message.blocks = nonEmpty(content.blocks);
    else if (content.text !== undefined) message.blocks = undefined;
    if (content.attachments !== undefined) message.attachments = nonEmpty(content.attachments);
    if (args.metadata !== undefined) message.metadata = args.metadata;
    message.updateCount += 1;
    return okResult({ channel, ts: message.ts, text: message.text ?? '', message: this.apiMessage(message) });
  }

  private postEphemeral(args: Args, at: number): HandlerResult {
    const channel = this.resolveChannel(stringArg(args, 'channel'));
    if (channel === undefined) return errorResult('channel_not_found');
    const user = stringArg(args, 'user');
    if (user === undefined || !isUserId(user)) return errorResult('user_not_found');
    const content = messageContent(args);
    if ('error' in content) return errorResult(content.error);
    if (content.text === undefined && nonEmpty(content.blocks) === undefined && nonEmpty(content.attachments) === undefined) {
      return errorResult('no_text');
    }
    const ephemeral: StandInEphemeral = {
      channel,
      user,
      message_ts: this.nextTs(),
      text: content.text,
      blocks: nonEmpty(content.blocks),
      thread_ts: stringArg(args, 'thread_ts'),
      at,
    };
    this.ephemeralStore.push(ephemeral);
    return okResult({ message_ts: ephemeral.message_ts });
  }

  /** views.open: needs a trigger_id and a modal with a title and valid blocks (api.slack.com/methods/views.open). */
  private openView(args: Args, at: number): HandlerResult {
    const triggerId = stringArg(args, 'trigger_id');
    if (triggerId === undefined) return errorResult('invalid_arguments');
    const view = args.view;
    if (typeof view !== 'object' || view === null || Array.isArray(view)) return errorResult('invalid_arguments');
    const v = view as Record<string, unknown>;
    if (v.type !== 'modal' || typeof v.title !== 'object' || !Array.isArray(v.blocks)) return errorResult('invalid_arguments');
    const blockError = validateBlocks(v.blocks);
    if (blockError !== undefined) return errorResult(blockError);
    const id = `V${String(this.viewStore.length + 1).padStart(9, '0')}`;
    this.viewStore.push({ id, trigger_id: triggerId, view: structuredClone(v), at });
    return okResult({ view: { ...v, id, team_id: this.identity.teamId, app_id: this.identity.appId } });
  }

  openedViews(): StandInView[] {
    return this.viewStore.map((v) => structuredClone(v));
  }

  private getPermalink(args: Args): HandlerResult {
    const channel = this.resolveChannel(stringArg(args, 'channel'));
    if (channel === undefined) return errorResult('channel_not_found');
    const message = this.findMessage(channel, stringArg(args, 'message_ts'));
    if (message === undefined) return errorResult('message_not_found');
    const base = `https://${this.identity.teamDomain}.slack.com/archives/${channel}/p${message.ts.replace('.', '')}`;
    const permalink = message.thread_ts === undefined ? base : `${base}?thread_ts=${message.thread_ts}&cid=${channel}`;
    return okResult({ channel, permalink });
  }

  private openConversation(args: Args): HandlerResult {
    const existing = stringArg(args, 'channel');
    if (existing !== undefined) {
      const channel = this.resolveChannel(existing);
      return channel === undefined ? errorResult('channel_not_found') : okResult({ channel: { id: channel } });
    }
    const users = (stringArg(args, 'users') ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== '');
    if (users.length === 0) return errorResult('users_list_not_supplied');
    if (!users.every(isUserId)) return errorResult('user_not_found');
    const id = users.length === 1 ? dmChannelIdFor(users[0] ?? '') : `G${[...users].sort().join('')}`;
    const alreadyOpen = this.openedDms.has(id);
    this.openedDms.add(id);
    return okResult(alreadyOpen ? { no_op: true, already_open: true, channel: { id } } : { channel: { id } });
  }

  private conversationInfo(args: Args): HandlerResult {
    const id = this.resolveChannel(stringArg(args, 'channel'));
    if (id === undefined) return errorResult('channel_not_found');
    const contextTeamId = this.identity.teamId;
    if (id.startsWith('D')) {
      const im = {
        id,
        is_channel: false,
        is_group: false,
        is_im: true,
        is_mpim: false,
        is_private: true,
        is_archived: false,
        is_member: true,
        created: this.identity.firstTsSeconds,
        context_team_id: contextTeamId,
        user: id.slice(1),
      };
      return okResult({ channel: im });
    }
    // Slack adds num_members only when asked (include_num_members).
    const channel = this.channelObject(this.channelFacts(id));
    if (!booleanArg(args, 'include_num_members')) delete channel.num_members;
    return okResult({ channel: { ...channel, context_team_id: contextTeamId } });
  }

  /**
   * conversations.create (docs.slack.dev/reference/methods/conversations.create): names may only
   * contain lowercase letters, digits, hyphens and underscores, at most 80 characters. The bot
   * creates it and is its only member. Private channels get `C` ids too, as Slack has given all
   * new channels since March 2021 (`G` ids are private channels from before).
   */
  private createConversation(args: Args, at: number): HandlerResult {
    const name = stringArg(args, 'name') ?? '';
    if (name === '') return errorResult('invalid_name_required');
    if ([...name].length > MAX_CHANNEL_NAME_LENGTH) return errorResult('invalid_name_maxlength');
    if (!/^[a-z0-9_-]+$/.test(name)) return errorResult('invalid_name_specials');
    if (/^[-_]+$/.test(name)) return errorResult('invalid_name_punctuation');
    if (this.channelIdByName(name) !== undefined) return errorResult('name_taken');
    let id: string;
    do {
      this.channelSequence += 1;
      id = `C0NEW${String(this.channelSequence).padStart(6, '0')}`;
    } while (this.isKnownChannel(id));
    this.createdStore.push({ id, name, isPrivate: booleanArg(args, 'is_private'), createdAt: at });
    this.membership.set(id, [this.identity.botUserId]);
    return okResult({ channel: this.channelObject(this.channelFacts(id)) });
  }

  /**
   * conversations.invite (docs.slack.dev/reference/methods/conversations.invite): `users` is a
   * comma-separated list of up to 1000 ids. With `force`, unknown ids are skipped as long as one
   * valid id is left; without it, any unknown id fails the call (`errors` names each one).
   */
  private inviteToConversation(args: Args): HandlerResult {
    const id = this.resolveChannel(stringArg(args, 'channel'));
    if (id === undefined || !this.isKnownChannel(id)) return errorResult('channel_not_found');
    if (this.isDirect(id)) return errorResult('method_not_supported_for_channel_type');
    const users = splitIds(stringArg(args, 'users'));
    if (users.length === 0) return errorResult('no_user');
    if (users.length > MAX_INVITE_USERS) return errorResult('too_many_users');
    const bot = this.identity.botUserId;
    const members = this.membersOf(id);
    if (!members.includes(bot)) return errorResult('not_in_channel');
    if (users.includes(bot)) return errorResult('cant_invite_self');
    const unknown = users.filter((user) => !this.userExists(user));
    if (unknown.length > 0 && (!booleanArg(args, 'force') || unknown.length === users.length)) {
      return errorResult('user_not_found', { errors: unknown.map((user) => ({ user, ok: false, error: 'user_not_found' })) });
    }
    const newcomers = [...new Set(users)].filter((user) => this.userExists(user) && !members.includes(user));
    if (newcomers.length === 0) return errorResult('already_in_channel');
    members.push(...newcomers);
    return okResult({ channel: this.channelObject(this.channelFacts(id)) });
  }

  /**
   * conversations.join (docs.slack.dev/reference/methods/conversations.join): public channels only.
   * Joining a channel the bot is already in succeeds with Slack's `already_in_channel` warning.
   */
  private joinConversation(args: Args): HandlerResult {
    const id = this.resolveChannel(stringArg(args, 'channel'));
    if (id === undefined || !this.isKnownChannel(id)) return errorResult('channel_not_found');
    const facts = this.channelFacts(id);
    if (this.isDirect(id) || facts.isPrivate) return errorResult('method_not_supported_for_channel_type');
    const members = this.membersOf(id);
    if (members.includes(this.identity.botUserId)) {
      return okResult({
        channel: this.channelObject(facts),
        warning: 'already_in_channel',
        response_metadata: { warnings: ['already_in_channel'] },
      });
    }
    members.push(this.identity.botUserId);
    return okResult({ channel: this.channelObject(facts) });
  }

  /**
   * conversations.members (docs.slack.dev/reference/methods/conversations.members): the channel's user
   * ids, `limit` per page (default 100, at most 999: above `invalid_limit`), the next page's `cursor` in
   * `response_metadata.next_cursor` ("" on the last page). A private channel the bot is not in, like an
   * unknown one, answers `channel_not_found`; DMs are not channels here (`method_not_supported_for_channel_type`).
   */
  private conversationMembers(args: Args): HandlerResult {
    const id = this.resolveChannel(stringArg(args, 'channel'));
    if (id === undefined || !this.isKnownChannel(id)) return errorResult('channel_not_found');
    if (this.isDirect(id)) return errorResult('method_not_supported_for_channel_type');
    const members = this.membersOf(id);
    if (this.channelFacts(id).isPrivate && !members.includes(this.identity.botUserId)) return errorResult('channel_not_found');
    const rawLimit = stringArg(args, 'limit');
    const limit = rawLimit === undefined || rawLimit === '' ? 100 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 999) return errorResult('invalid_limit');
    const rawCursor = stringArg(args, 'cursor') ?? '';
    const offset = rawCursor === '' ? 0 : Number(Buffer.from(rawCursor, 'base64').toString('utf8').replace(/^offset:/, ''));
    if (!Number.isInteger(offset) || offset < 0 || offset > members.length) return errorResult('invalid_cursor');
    const page = members.slice(offset, offset + limit);
    const next = offset + limit < members.length ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '';
    return okResult({ members: page, response_metadata: { next_cursor: next } });
  }

  private userInfo(args: Args): HandlerResult {
    const id = stringArg(args, 'user');
    if (id === undefined || !isUserId(id)) return errorResult('user_not_found');
    const isBotUser = id === this.identity.botUserId;
    const known = this.users?.[id];
    if (this.users !== undefined && known === undefined && !isBotUser) return errorResult('user_not_found');
    const name = known?.name ?? (isBotUser ? this.identity.botName : `user-${id.toLowerCase()}`);
    const realName = known?.realName ?? name;
    return okResult({
      user: withoutUndefined({
        id,
        team_id: this.identity.teamId,
        name,
        real_name: realName,
        deleted: known?.deleted ?? false,
        is_bot: known?.isBot ?? isBotUser,
        is_admin: false,
        tz: known?.tz ?? 'Etc/UTC',
        // Slack adds the locale only when asked (include_locale).
        locale: booleanArg(args, 'include_locale') ? (known?.locale ?? 'en-US') : undefined,
        profile: { real_name: realName, display_name: known?.displayName ?? name, team: this.identity.teamId },
      }),
    });
  }

  /**
   * files.getUploadURLExternal (docs.slack.dev/reference/methods/files.getUploadURLExternal):
   * `filename` and `length` (bytes) are required (missing: `invalid_arguments`; `length` 0:
   * `missing_argument`). Slack documents the alt text as `alt_txt`; @slack/web-api sends `alt_text`,
   * so either is taken. Answers a new file id and the upload URL for it.
   */
  private getUploadUrlExternal(args: Args): HandlerResult {
    const filename = stringArg(args, 'filename') ?? '';
    const rawLength = stringArg(args, 'length')?.trim() ?? '';
    const missing = [filename === '' ? 'filename' : undefined, rawLength === '' ? 'length' : undefined].filter((field) => field !== undefined);
    if (missing.length > 0) return invalidArguments(...missing.map((field) => `missing required field: ${field}`));
    if (!/^\d+$/.test(rawLength) || !Number.isSafeInteger(Number(rawLength))) {
      return invalidArguments(`invalid value for field: length (expected a whole number of bytes, got ${JSON.stringify(rawLength)})`);
    }
    const length = Number(rawLength);
    if (length === 0) return errorResult('missing_argument');
    const altText = stringArg(args, 'alt_txt') ?? stringArg(args, 'alt_text');
    if (altText !== undefined && [...altText].length > MAX_ALT_TXT_LENGTH) return errorResult('alt_txt_too_large');
    const snippetType = stringArg(args, 'snippet_type') || undefined;
    if (snippetType !== undefined && length > MAX_SNIPPET_BYTES) return errorResult('snippet_too_large');
    this.fileSequence += 1;
    const id = `F0FILE${String(this.fileSequence).padStart(6, '0')}`;
    this.uploads.set(id, {
      id,
      filename,
      length,
      altText: altText ?? null,
      snippetType,
      bytes: undefined,
      title: undefined,
      channel: null,
      initialComment: null,
      completedAt: null,
    });
    return okResult({ upload_url: `${this.origin}${UPLOAD_PATH}${encodeURIComponent(id)}`, file_id: id });
  }

  /**
   * files.completeUploadExternal (docs.slack.dev/reference/methods/files.completeUploadExternal):
   * `files` is a JSON array of `{ id, title? }`. Every file must have been handed out, uploaded
   * with exactly the announced `length` and not completed yet, else `file_not_found` ("could not
   * find the file from the upload ticket"; Slack documents no other error for these cases) and
   * nothing changes. With `channel_id` (or a single id in the older `channels`) the files are
   * shared in one new message: `initial_comment` is its text, `blocks` count only without it (as
   * Slack documents), `thread_ts` makes it a reply. Without a channel the files stay private.
   */
  private completeUploadExternal(args: Args, at: number): HandlerResult {
    if (args.files === undefined || args.files === '') return invalidArguments('missing required field: files');
    const entries = fileEntries(args.files);
    if (entries === undefined) return invalidArguments('invalid value for field: files (expected a JSON array of {"id": ..., "title": ...} objects)');

    let channel: string | undefined;
    const channelIds = splitIds(stringArg(args, 'channel_id') ?? stringArg(args, 'channels'));
    if (channelIds.length > 1) return invalidArguments('the stand-in shares files in one channel per call (give channel_id)');
    if (channelIds[0] !== undefined) {
      channel = this.resolveChannel(channelIds[0]);
      if (channel === undefined) return errorResult('channel_not_found');
    }

    const files: StoredUpload[] = [];
    for (const entry of entries) {
      const file = this.uploads.get(entry.id);
      if (file === undefined || file.completedAt !== null || file.bytes?.length !== file.length || files.includes(file)) {
        return errorResult('file_not_found');
      }
      files.push(file);
    }

    const initialComment = stringArg(args, 'initial_comment') || undefined;
    let blocks: unknown[] | undefined;
    if (initialComment === undefined && args.blocks !== undefined && args.blocks !== '') {
      if (!Array.isArray(args.blocks) || validateBlocks(args.blocks) !== undefined) return errorResult('invalid_blocks');
      blocks = nonEmpty(args.blocks);
    }

    entries.forEach((entry, index) => {
      const file = files[index];
      if (file === undefined) return;
      file.title = entry.title ?? file.filename;
      file.completedAt = at;
      file.channel = channel ?? null;
      file.initialComment = initialComment ?? null;
    });
    if (channel !== undefined) {
      this.stored.push({
        channel,
        ts: this.nextTs(),
        text: initialComment,
        blocks,
        attachments: undefined,
        metadata: undefined,
        thread_ts: stringArg(args, 'thread_ts') || undefined,
        postedAt: at,
        updateCount: 0,
        files: files.map((file) => this.sharedFile(file)),
      });
    }
    return okResult({ files: files.map((file) => this.apiFile(file)) });
  }

  /** A file as a file-share message in the stand-in's state shows it. */
  private sharedFile(file: StoredUpload): StandInFile {
    const { mimetype, filetype } = fileTypeOf(file.filename, file.snippetType);
    return { id: file.id, name: file.filename, title: file.title ?? file.filename, mimetype, filetype, size: file.bytes?.length ?? 0 };
  }

  /** A file object as the API answers it (files.completeUploadExternal, messages' `files`): the common fields of Slack's. */
  private apiFile(file: StoredUpload): Record<string, unknown> {
    const { teamDomain, teamId, botUserId } = this.identity;
    const created = Math.floor((file.completedAt ?? this.now()) / 1000);
    const name = encodeURIComponent(file.filename);
    return withoutUndefined({
      ...this.sharedFile(file),
      created,
      timestamp: created,
      user: botUserId,
      user_team: teamId,
      mode: file.snippetType === undefined ? 'hosted' : 'snippet',
      is_external: false,
      external_type: '',
      alt_txt: file.altText ?? undefined,
      url_private: `https://files.slack.com/files-pri/${teamId}-${file.id}/${name}`,
      permalink: `https://${teamDomain}.slack.com/files/${botUserId}/${file.id}/${name}`,
    });
  }

  // ----- state helpers -------------------------------------------------------------------

  private nextTs(): string {
    this.tsSequence += 1;
    const micros = this.tsSequence * 100;
    const seconds = this.identity.firstTsSeconds + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  private findMessage(channel: string, ts: string | undefined): StoredMessage | undefined {
    if (ts === undefined) return undefined;
    return this.stored.find((m) => m.channel === channel && m.ts === ts);
  }

  /** Channel ids pass through; user ids map to their DM; `#name`/`name` resolve via options.channels and created channels. */
  private resolveChannel(raw: string | undefined): string | undefined {
    if (raw === undefined) return undefined;
    const value = raw.trim();
    if (isUserId(value)) return dmChannelIdFor(value);
    if (/^[CGD][A-Z0-9]{2,}$/.test(value)) return value;
    return this.channelIdByName(value.replace(/^#/, ''));
  }

  /** Options channels, created channels, channels the bot posted to, and opened DMs. */
  private isKnownChannel(id: string): boolean {
    return (
      this.channels[id] !== undefined ||
      this.createdStore.some((c) => c.id === id) ||
      this.stored.some((m) => m.channel === id) ||
      this.openedDms.has(id)
    );
  }

  /** DMs and the group DMs conversations.open hands out. */
  private isDirect(id: string): boolean {
    return id.startsWith('D') || this.openedDms.has(id);
  }

  private channelIdByName(name: string): string | undefined {
    return Object.entries(this.channels).find(([, info]) => info.name === name)?.[0] ?? this.createdStore.find((c) => c.name === name)?.id;
  }

  private channelFacts(id: string): ChannelFacts {
    const created = this.createdStore.find((c) => c.id === id);
    if (created !== undefined) {
      return { id, name: created.name, isPrivate: created.isPrivate, created: Math.floor(created.createdAt / 1000), creator: this.identity.botUserId };
    }
    const configured = this.channels[id];
    return {
      id,
      name: configured?.name ?? id.toLowerCase(),
      isPrivate: configured?.isPrivate ?? id.startsWith('G'),
      created: this.identity.firstTsSeconds,
      creator: undefined,
    };
  }

  /** Who is in a channel before any invite/join: the bot (unless the option says not), and for a DM the other user. */
  private startingMembers(id: string): string[] {
    const bot = this.identity.botUserId;
    if (id.startsWith('D')) return [bot, id.slice(1)];
    const people = [...(this.channels[id]?.members ?? [])];
    return this.channels[id]?.botIsMember === false ? people : [bot, ...people];
  }

  /** The channel's member list (mutable), set up from its starting members on first use. */
  private membersOf(id: string): string[] {
    let members = this.membership.get(id);
    if (members === undefined) {
      members = this.startingMembers(id);
      this.membership.set(id, members);
    }
    return members;
  }

  private userExists(id: string): boolean {
    return isUserId(id) && (this.users === undefined || this.users[id] !== undefined || id === this.identity.botUserId);
  }

  /** A conversation object as conversations.create/invite/join/info answer it. `G` ids are pre-2021 private channels (is_group). */
  private channelObject(facts: ChannelFacts): Record<string, unknown> {
    const members = this.membership.get(facts.id) ?? this.startingMembers(facts.id);
    const isGroup = facts.id.startsWith('G');
    return withoutUndefined({
      id: facts.id,
      name: facts.name,
      is_channel: !isGroup,
      is_group: isGroup,
      is_im: false,
      is_mpim: false,
      is_private: facts.isPrivate,
      created: facts.created,
      creator: facts.creator,
      is_archived: false,
      is_general: false,
      unlinked: 0,
      name_normalized: facts.name,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      pending_shared: [],
      is_pending_ext_shared: false,
      is_member: members.includes(this.identity.botUserId),
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      previous_names: [],
      num_members: members.length,
    });
  }

  /** See {@link SlackStandIn.methodRateLimits}. Call times older than the window are dropped. */
  private checkMethodRate(method: string, at: number): void {
    const times = (this.methodCallTimes.get(method) ?? []).filter((t) => t > at - METHOD_RATE_WINDOW_MS);
    times.push(at);
    this.methodCallTimes.set(method, times);
    const limit = this.methodRateLimits[method] ?? 0;
    if (limit > 0 && times.length > limit) {
      this.methodRateViolations.push({ method, at, callsInWindow: times.length, limit });
    }
  }

  private checkPostRate(message: StoredMessage, at: number): void {
    const times = this.postTimesByChannel.get(message.channel) ?? [];
    times.push(at);
    this.postTimesByChannel.set(message.channel, times);
    const limit = this.maxPostsPerChannelPerSecond;
    if (limit <= 0) return;
    const postsInWindow = times.filter((t) => t > at - 1000).length;
    if (postsInWindow > limit) {
      this.rateViolations.push({ channel: message.channel, ts: message.ts, at, postsInWindow, limit });
    }
  }

  private apiMessage(m: StoredMessage): Record<string, unknown> {
    return withoutUndefined({
      type: 'message',
      user: this.identity.botUserId,
      bot_id: this.identity.botId,
      app_id: this.identity.appId,
      team: this.identity.teamId,
      text: m.text ?? '',
      ts: m.ts,
      thread_ts: m.thread_ts,
      blocks: m.blocks,
      attachments: m.attachments,
      metadata: m.metadata,
      files: m.files?.map((shown) => {
        const file = this.uploads.get(shown.id);
        return file === undefined ? { ...shown } : this.apiFile(file);
      }),
      upload: m.files === undefined ? undefined : true,
    });
  }
}

// ---------------------------------------------------------------------------------------
// Request decoding and validation
// ---------------------------------------------------------------------------------------

function parseRequest(contentType: string | undefined, raw: string, query: URLSearchParams): ParsedRequest {
  const args: Args = {};
  let bodyToken: string | undefined;
  for (const [key, value] of query) args[key] = value;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

  if (type === 'application/json') {
    // Slack requires the token in the Authorization header for JSON bodies.
    const json = tryParseJson(raw);
    if (json === undefined) return { ok: false, error: 'invalid_json', args };
    if (!isRecord(json)) return { ok: false, error: 'json_not_object', args };
    Object.assign(args, json);
  } else if (type === 'application/x-www-form-urlencoded' || (type === '' && raw !== '')) {
    for (const [key, value] of new URLSearchParams(raw)) args[key] = value;
  } else if (raw !== '') {
    // e.g. multipart/form-data: only upload URLs take it (the retired files.upload is not implemented).
    return { ok: false, error: 'invalid_form_data', args };
  }

  if (typeof args.token === 'string' && type !== 'application/json') bodyToken = args.token;
  delete args.token;
  for (const key of Object.keys(args)) {
    const value = args[key];
    if (JSON_VALUED_FIELDS.has(key) && typeof value === 'string') {
      const decoded = tryParseJson(value);
      if (decoded !== undefined) args[key] = decoded;
    }
  }
  return { ok: true, args, bodyToken };
}

/** What a post/update sent. Arrays may be empty (on chat.update, `[]` removes blocks/attachments). */
type MessageContent =
  | { text: string | undefined; blocks: unknown[] | undefined; attachments: unknown[] | undefined }
  | { error: string };

function messageContent(args: Args): MessageContent {
  const text = stringArg(args, 'text');
  if (text !== undefined && text.length > MAX_TEXT_LENGTH) return { error: 'msg_too_long' };
  let blocks: unknown[] | undefined;
  if (args.blocks !== undefined) {
    if (!Array.isArray(args.blocks)) return { error: 'invalid_blocks_format' };
    const blockError = validateBlocks(args.blocks);
    if (blockError !== undefined) return { error: blockError };
    blocks = args.blocks;
  }
  let attachments: unknown[] | undefined;
  if (args.attachments !== undefined) {
    if (!Array.isArray(args.attachments)) return { error: 'invalid_attachments' };
    attachments = args.attachments;
  }
  return { text: text === '' ? undefined : text, blocks, attachments };
}

/** The documented hard limits only: at most 50 blocks, each an object with a `type`, section text <= 3000 chars. */
function validateBlocks(blocks: readonly unknown[]): string | undefined {
  if (blocks.length > MAX_BLOCKS) return 'invalid_blocks';
  for (const block of blocks) {
    if (!isRecord(block) || typeof block.type !== 'string') return 'invalid_blocks';
    if (block.type === 'section' && isRecord(block.text) && typeof block.text.text === 'string') {
      if (block.text.text.length > MAX_SECTION_TEXT) return 'invalid_blocks';
    }
  }
  return undefined;
}

/** The `files` argument of files.completeUploadExternal: a non-empty array of `{ id, title? }`. */
function fileEntries(value: unknown): { id: string; title: string | undefined }[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const entries: { id: string; title: string | undefined }[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.id !== 'string' || item.id === '') return undefined;
    if (item.title !== undefined && typeof item.title !== 'string') return undefined;
    entries.push({ id: item.id, title: item.title || undefined });
  }
  return entries;
}

/** Extension -> [mimetype, Slack filetype] for common files; anything else is `binary`. */
const FILE_TYPES: Record<string, readonly [string, string]> = {
  txt: ['text/plain', 'text'],
  log: ['text/plain', 'text'],
  md: ['text/markdown', 'markdown'],
  csv: ['text/csv', 'csv'],
  json: ['application/json', 'json'],
  html: ['text/html', 'html'],
  pdf: ['application/pdf', 'pdf'],
  png: ['image/png', 'png'],
  jpg: ['image/jpeg', 'jpg'],
  jpeg: ['image/jpeg', 'jpg'],
  gif: ['image/gif', 'gif'],
  svg: ['image/svg+xml', 'svg'],
  zip: ['application/zip', 'zip'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
};

/** A snippet is text of its snippet_type; other files are typed by their extension. */
function fileTypeOf(filename: string, snippetType: string | undefined): { mimetype: string; filetype: string } {
  if (snippetType !== undefined) return { mimetype: 'text/plain', filetype: snippetType };
  const extension = /\.([^.]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  const [mimetype, filetype] = FILE_TYPES[extension] ?? ['application/octet-stream', 'binary'];
  return { mimetype, filetype };
}

// ---------------------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------------------

function tokenValidator(valid: SlackStandInOptions['validToken'], defaultPrefix = 'xoxb-'): (token: string) => boolean {
  if (valid === undefined) return (token) => token.startsWith(defaultPrefix);
  if (typeof valid === 'string') return (token) => token === valid;
  if (typeof valid === 'function') return valid;
  return (token) => valid.includes(token);
}

/** Slack's envelope ids look like UUIDs. */
function envelopeIdLike(sequence: number): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${String(sequence).padStart(4, '0')}${hex.slice(24, 32)}`;
}

function rawDataText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function methodSet(method: string | readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (method === undefined) return undefined;
  return new Set(typeof method === 'string' ? [method] : method);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  return match?.[1];
}

function stringArg(args: Args, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Slack booleans: `true` in JSON, "true" (or "1") in a form body. */
function booleanArg(args: Args, key: string): boolean {
  const value = stringArg(args, key);
  return value === 'true' || value === '1';
}

/** A comma-separated id list (`users=U1,U2`), blanks dropped. */
function splitIds(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

function isUserId(value: string): boolean {
  return /^[UW][A-Z0-9]{2,}$/.test(value);
}

function nonEmpty(list: unknown[] | undefined): unknown[] | undefined {
  return list !== undefined && list.length > 0 ? list : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTruthy<T>(value: T): value is Truthy<T> {
  return Boolean(value);
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
