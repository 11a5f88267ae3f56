/**
 * A loopback stand-in for the Microsoft services a Teams bot talks to, for tests that run the real
 * adapter (Teams SDK + our own token check) end to end over HTTP. One `node:http` server on port 0
 * speaks the documented wire formats of:
 *
 * - Bot Framework OpenID metadata (`GET /v1/.well-known/openidconfiguration`). Its `jwks_uri` points
 *   at `/v1/keys-elsewhere`, NOT at `/v1/.well-known/keys` (which answers 404), so a verifier that
 *   derives the keys URL instead of reading `jwks_uri` fails here. The JWKS keys carry
 *   `endorsements: ['msteams']` as the real ones do.
 * - Microsoft Entra ID's token endpoint, `POST /{tenant}/oauth2/v2.0/token`, client credentials
 *   (form body, or the secret in HTTP Basic). It answers `{ token_type, expires_in: 3599,
 *   ext_expires_in, access_token }` or an AADSTS error. Access tokens are JWTs (the SDK decodes
 *   them) signed with a key of the stand-in's own that is not in the Bot Framework JWKS. Tenant
 *   `botframework.com` issues bot tokens; Graph tokens must come from the bot's tenant (`tid`).
 * - The Bot Connector (v3 REST) under a service URL with a path, like real ones:
 *   `<origin>/amer/<tenantId>/`. Every call needs `Authorization: Bearer <token issued here for
 *   https://api.botframework.com/.default>`, else 401.
 * - Microsoft Graph under `<origin>/graph/v1.0/`: create and list a team's channels (a token for
 *   https://graph.microsoft.com/.default from the bot's tenant).
 *
 * Conversation ids contain `:`, `@` and `;`: path segments are accepted raw (as the Teams SDK sends
 * them) and percent-encoded. Activity ids and created conversation and channel ids are counters,
 * so every run makes the same ids. Every request is recorded in `calls`; faults (status codes with
 * Teams' and Graph's error bodies, `Retry-After`, delayed or held answers, dropped connections) can
 * be queued. `send()` plays the other direction: it delivers an activity to the bot with a signed token.
 *
 * Not served: the SDK's own inbound check (it derives the keys URL; see above), MSAL (it refuses an
 * `http:` authority, so give the SDK a `token` function that calls `tokenUrl`), and the SDK's
 * `app.graph` (it derives Graph's host from `graphScope`; use `Client` of @microsoft/teams.graph with
 * `baseUrlRoot: ${baseUrl}/graph`, or fetch `graphUrl`).
 *
 * Clocks: `now` (epoch ms, default Date.now) dates the records, the issued access tokens and the
 * tokens `send` signs. Waiting (`waitFor`, `delayMs`) uses timers captured at load, so fake timers
 * in a test cannot hang it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import {
  BOT_FRAMEWORK_ISSUER,
  botFrameworkJwks,
  type BotFrameworkJwks,
  type BotFrameworkSigningKey,
  defaultBotFrameworkKey,
  signBotFrameworkToken,
  type SignBotFrameworkTokenOptions,
} from './teams-tokens.ts';

// ---------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------

export const BOT_SCOPE = 'https://api.botframework.com/.default';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** Tenant id of `botframework.com`, the tenant bot tokens are requested from. */
export const BOT_FRAMEWORK_TENANT_ID = 'd6d49420-f39b-4df7-a1dc-d59a935871db';
/** Path of the JWKS named by `jwks_uri` (deliberately not `/v1/.well-known/keys`). */
export const JWKS_PATH = '/v1/keys-elsewhere';
export const OPENID_METADATA_PATH = '/v1/.well-known/openidconfiguration';

/** A member of a team or chat as `GET v3/conversations/{id}/members` answers it (TeamsChannelAccount). */
export interface TeamsMember {
  /** `29:…` */
  id: string;
  name: string;
  aadObjectId: string;
  userPrincipalName?: string;
  email?: string;
  givenName?: string;
  surname?: string;
  /** Default the stand-in's tenant. */
  tenantId?: string;
  /** `user` (default), `guest` or `anonymous`. */
  userRole?: string;
}

const USER_ALEX: TeamsMember = {
  id: '29:1StandInAlexA8fJ3kQ0mZr7VtX2pLw9cYb4nHd6sGe1uKoTq5iRjMvN0yBxC',
  name: 'Alex Berger',
  aadObjectId: '6b1f0c2e-8a3d-4e5f-9b7c-1d2e3f4a5b6c',
  userPrincipalName: 'alex.berger@contoso.example',
  email: 'alex.berger@contoso.example',
  givenName: 'Alex',
  surname: 'Berger',
  userRole: 'user',
};

const USER_JORDAN: TeamsMember = {
  id: '29:1StandInJordanP4sT8wE2rY6uI0oA3dF7gH1jK5lZ9xC2vB6nM0qW4eR8tY',
  name: 'Jordan Keller',
  aadObjectId: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
  userPrincipalName: 'jordan.keller@contoso.example',
  email: 'jordan.keller@contoso.example',
  givenName: 'Jordan',
  surname: 'Keller',
  userRole: 'user',
};

/** Identity and directory the stand-in uses unless the options say otherwise. */
export const TEAMS_DEFAULTS = {
  appId: '3f6c1d2e-9a8b-4c7d-8e6f-5a4b3c2d1e0f',
  appSecret: 'standin-client-secret~0123456789',
  tenantId: '8a1b2c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5d',
  botName: 'Community Desk',
  region: 'amer',
  team: {
    /** The team's thread id; also the id of its General channel. */
    id: '19:Xk2mP9vQ4rT7wY1zB5nC8dF3gH6jL0sA-QcVbNm1@thread.tacv2',
    aadGroupId: '2c4e6a8b-1d3f-4b5a-8c7e-9f0a1b2c3d4e',
    name: 'Social Media Desk',
  },
  /** A standard channel of the default team, besides General. */
  channel: { id: '19:7d2f9e3c1a8b4c6d9e0f1a2b3c4d5e6f@thread.tacv2', displayName: 'Social Inbox' },
  users: [USER_ALEX, USER_JORDAN] as readonly TeamsMember[],
  firstActivityId: 1_700_000_000_000,
} as const;

/** A team the stand-in knows: its Bot Connector roster and its Graph channels. */
export interface TeamsStandInTeam {
  /** Thread id `19:…@thread.tacv2`; also the General channel's id. */
  id: string;
  /** The Microsoft 365 group id: Graph's team id. */
  aadGroupId: string;
  name: string;
  /** Channels besides General. */
  channels?: Array<{ id: string; displayName: string; description?: string; membershipType?: string }>;
  members?: TeamsMember[];
}

export interface TeamsConnectorOptions {
  appId?: string;
  appSecret?: string;
  tenantId?: string;
  botName?: string;
  /** First path segment of the service URL. Default `amer`. */
  region?: string;
  /** Default: one team (TEAMS_DEFAULTS.team) with the channel TEAMS_DEFAULTS.channel and both default users. */
  teams?: TeamsStandInTeam[];
  /** Group chats (or any other conversation id) and their members. */
  chats?: Record<string, TeamsMember[]>;
  /** More people the directory knows (for 1:1 conversations); everyone in teams and chats is known anyway. */
  users?: TeamsMember[];
  /** Keys published in the JWKS; the first signs what `send` delivers. Default [defaultBotFrameworkKey()]. */
  keys?: BotFrameworkSigningKey[];
  /** Epoch milliseconds. Default Date.now. */
  now?: () => number;
  /** Activity ids count up from here. Default 1700000000000. */
  firstActivityId?: number;
  /**
   * Activities whose request body is larger than this, counted as UTF-16 (2 bytes per code unit),
   * answer 413 MessageSizeTooBig. Teams documents ~100 KB. Default 100 * 1024; Infinity turns it off.
   */
  maxActivityBytes?: number;
  /** `pagedmembers` never pages smaller than this (Teams: 50). Default 50. */
  minPageSize?: number;
  /** Access tokens live this long. Default 3599 s. */
  tokenLifetimeS?: number;
  /**
   * Posting to a conversation the stand-in does not know (not a team, channel or thread of a known
   * team, a chat from `chats`, or a 1:1 made here) answers 404 ConversationNotFound, as Teams does.
   * `true` accepts any id. Default false.
   */
  acceptUnknownConversations?: boolean;
}

export type TeamsRoute =
  | 'openid'
  | 'jwks'
  | 'token'
  | 'conversations.create'
  | 'activities.create'
  | 'activities.createTargeted'
  | 'activities.reply'
  | 'activities.update'
  | 'activities.updateTargeted'
  | 'activities.delete'
  | 'activities.deleteTargeted'
  | 'members.list'
  | 'members.paged'
  | 'members.get'
  | 'graph.channels.create'
  | 'graph.channels.list'
  | 'graph.channels.get'
  | 'graph.messages.list'
  | 'unknown';

/** One HTTP request the stand-in received. `status` and `response` are filled in when it answered. */
export interface TeamsCall {
  /** 1, 2, 3, … in arrival order. */
  seq: number;
  method: string;
  /** Percent-decoded path, e.g. `/amer/<tenant>/v3/conversations/19:x@thread.tacv2/activities`. */
  path: string;
  /** The path as received. */
  rawPath: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON; for the token endpoint the form fields; a string when not JSON; undefined when empty. */
  body: unknown;
  /** now() when it arrived. */
  at: number;
  route: TeamsRoute;
  /** Bot Connector calls: the conversation id from the path, decoded. */
  conversationId?: string;
  /** Bot Connector calls: the activity id from the path (update, reply, delete). */
  activityId?: string;
  /** Graph calls: the team id from the path. */
  graphTeamId?: string;
  /** The Bearer token, if any. */
  token?: string;
  /** HTTP status sent; 'dropped' when the connection was destroyed; undefined while pending. */
  status?: number | 'dropped';
  response?: unknown;
  /** The queued fault that answered it, if any. */
  fault?: TeamsFaultRecord;
}

/** An activity the bot posted, in its current state. */
export interface TeamsPostedActivity {
  id: string;
  /** Where it was posted (a new channel thread made with the conversation: `<channel>;messageid=<id>`). */
  conversationId: string;
  /** `conversationId` without `;messageid=…`: the channel or chat. */
  baseConversationId: string;
  /** The body as it is now (after updates), as the bot sent it. */
  activity: Record<string, unknown>;
  /** The body as first posted. */
  original: Record<string, unknown>;
  /** Reply: the activity it answers (path or body `replyToId`). */
  replyToId: string | undefined;
  targeted: boolean;
  /** How it came: POST …/activities, a reply, or with POST v3/conversations. */
  via: 'create' | 'reply' | 'conversation';
  updateCount: number;
  deleted: boolean;
  postedAt: number;
}

export interface TeamsActivityUpdate {
  conversationId: string;
  activityId: string;
  activity: Record<string, unknown>;
  targeted: boolean;
  at: number;
}

export interface TeamsCreatedConversation {
  id: string;
  kind: 'personal' | 'channel';
  /** The request body. */
  request: Record<string, unknown>;
  activityId: string | undefined;
  at: number;
}

export interface TeamsGraphChannel {
  id: string;
  displayName: string;
  description: string | null;
  membershipType: string;
  createdDateTime: string;
  webUrl: string;
  email: string;
}

export interface TeamsIssuedToken {
  accessToken: string;
  scope: string;
  /** The tenant path segment it was requested from. */
  tenant: string;
  tid: string;
  clientId: string;
  issuedAt: number;
  /** Epoch ms. */
  expiresAt: number;
}

/** An activity `send` delivered to the bot, and the bot's answer. */
export interface TeamsDelivery {
  url: string;
  activity: Record<string, unknown>;
  status: number;
  body: unknown;
  at: number;
}

export type TeamsCallMatch = TeamsRoute | readonly TeamsRoute[] | RegExp | ((call: TeamsCall) => boolean);

export interface TeamsFault {
  /**
   * Which calls: a route, routes, a RegExp tested against `"<METHOD> <decoded path>"`, or a predicate.
   * Default: every Bot Connector and Graph call (not the token endpoint, metadata or keys).
   */
  match?: TeamsCallMatch;
  /** 400, 401, 403, 404, 409, 412, 413, 429, 500, 502, 503, 504, … */
  status: number;
  /** How many matching calls it answers. Default 1. */
  times?: number;
  /** Seconds, sent as `Retry-After`. Default 1 for 429, none otherwise. */
  retryAfter?: number;
  /** Response body. Default: the service's error shape for the status (see `errorBodyFor`). */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Let the call take effect first (the post is stored), then answer with the fault: a lost success. */
  applied?: boolean;
}

export interface TeamsFaultRecord {
  kind: 'fail' | 'delay' | 'drop' | 'hold';
  status?: number;
  delayMs?: number;
  applied: boolean;
}

export interface SendToBotOptions {
  /** undefined: a valid token signed here; a string: exactly that token; null: no Authorization header. */
  token?: string | null;
  /** Bends the signed token (ignored when `token` is given): issuer, audience, expiresInS, key, alg, … */
  sign?: Partial<SignBotFrameworkTokenOptions>;
  /** Abort after this long. Default 15000 (Teams gives invokes about 15 s). */
  timeoutMs?: number;
}

export interface SendToBotResult {
  status: number;
  /** Parsed JSON when it is JSON, else the text; null when empty. */
  body: unknown;
  headers: Record<string, string>;
}

export interface WaitForOptions {
  /** Default 10000. */
  timeoutMs?: number;
  /** Named in the timeout error. */
  description?: string;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

// ---------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------

export async function startTeamsConnector(options: TeamsConnectorOptions = {}): Promise<TeamsConnector> {
  const keys = options.keys ?? [await defaultBotFrameworkKey()];
  if (keys.length === 0) throw new Error('startTeamsConnector: keys must not be empty');
  accessTokenKey ??= generateKeyPair('RS256').then((pair) => pair.privateKey);
  const connector = new TeamsConnector(options, keys, await accessTokenKey);
  await connector.listen();
  return connector;
}

/** Signs the access tokens of every stand-in in the process (made once: RSA generation is slow). */
let accessTokenKey: Promise<CryptoKey> | undefined;

/** Captured at load so that waiting still works when a test installs fake timers. */
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const monotonicNow = performance.now.bind(performance);

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const DEFAULT_ROUTES_FOR_FAULTS: ReadonlySet<TeamsRoute> = new Set<TeamsRoute>([
  'conversations.create',
  'activities.create',
  'activities.createTargeted',
  'activities.reply',
  'activities.update',
  'activities.updateTargeted',
  'activities.delete',
  'activities.deleteTargeted',
  'members.list',
  'members.paged',
  'members.get',
  'graph.channels.create',
  'graph.channels.list',
  'graph.channels.get',
  'graph.messages.list',
]);
/** Graph: "the maximum length of the channel's displayName is 50 characters". */
const MAX_CHANNEL_NAME_LENGTH = 50;

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface QueuedFault {
  kind: 'fail' | 'delay' | 'drop' | 'hold';
  match: TeamsCallMatch | undefined;
  remaining: number;
  fault?: TeamsFault;
  delayMs?: number;
  applied: boolean;
  hold?: { gate: Promise<void> };
}

/** A call held by `holdNext` until the test releases it. */
export interface TeamsHold {
  /** Resolves once a matching call has arrived and is being held. */
  readonly arrived: Promise<TeamsCall>;
  /** Let held calls (and later matching ones) through to be answered normally. */
  release(): void;
}

interface TeamState {
  id: string;
  aadGroupId: string;
  name: string;
  channels: TeamsGraphChannel[];
  members: TeamsMember[];
}

interface PersonalConversation {
  id: string;
  members: TeamsMember[];
}

export class TeamsConnector {
  readonly appId: string;
  readonly appSecret: string;
  readonly tenantId: string;
  readonly botName: string;
  /** `28:<appId>`: the bot's id in conversations. */
  readonly botId: string;
  readonly region: string;
  readonly now: () => number;

  /** Every request, in arrival order. */
  readonly calls: TeamsCall[] = [];
  /** Every conversation made with POST v3/conversations. */
  readonly createdConversations: TeamsCreatedConversation[] = [];
  /** Successful PUTs of activities. */
  readonly activityUpdates: TeamsActivityUpdate[] = [];
  /** Every access token the token endpoint issued. */
  readonly issuedTokens: TeamsIssuedToken[] = [];
  /** What `send` delivered to the bot, with the answers. */
  readonly deliveries: TeamsDelivery[] = [];

  private server: Server | undefined;
  private origin = '';
  private keys: BotFrameworkSigningKey[];
  private readonly accessTokenKey: CryptoKey;
  private readonly tokenLifetimeS: number;
  private readonly maxActivityBytes: number;
  private readonly minPageSize: number;
  private readonly firstActivityId: number;
  private readonly acceptUnknownConversations: boolean;
  private readonly validTokens = new Map<string, TeamsIssuedToken>();
  private readonly posted: TeamsPostedActivity[] = [];
  private readonly teams: TeamState[] = [];
  private readonly chats = new Map<string, TeamsMember[]>();
  private readonly directory: TeamsMember[] = [];
  private readonly personal = new Map<string, PersonalConversation>();
  private readonly personalByMember = new Map<string, string>();
  private faults: QueuedFault[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly pendingTimers = new Set<ReturnType<typeof setTimeout>>();
  private readonly holds = new Set<() => void>();
  private readonly heldArrivals = new Map<QueuedFault, (call: TeamsCall) => void>();
  private activitySeq = 0;
  private personalSeq = 0;
  private channelSeq = 0;
  private tokenSeq = 0;

  constructor(options: TeamsConnectorOptions, keys: BotFrameworkSigningKey[], accessTokenKey: CryptoKey) {
    this.appId = options.appId ?? TEAMS_DEFAULTS.appId;
    this.appSecret = options.appSecret ?? TEAMS_DEFAULTS.appSecret;
    this.tenantId = options.tenantId ?? TEAMS_DEFAULTS.tenantId;
    this.botName = options.botName ?? TEAMS_DEFAULTS.botName;
    this.botId = `28:${this.appId}`;
    this.region = options.region ?? TEAMS_DEFAULTS.region;
    this.now = options.now ?? Date.now;
    this.keys = [...keys];
    this.accessTokenKey = accessTokenKey;
    this.tokenLifetimeS = options.tokenLifetimeS ?? 3599;
    this.maxActivityBytes = options.maxActivityBytes ?? 100 * 1024;
    this.minPageSize = options.minPageSize ?? 50;
    this.firstActivityId = options.firstActivityId ?? TEAMS_DEFAULTS.firstActivityId;
    this.acceptUnknownConversations = options.acceptUnknownConversations ?? false;

    const teams = options.teams ?? [
      {
        ...TEAMS_DEFAULTS.team,
        channels: [{ ...TEAMS_DEFAULTS.channel }],
        members: TEAMS_DEFAULTS.users.map((user) => ({ ...user })),
      },
    ];
    for (const team of teams) {
      const members = (team.members ?? []).map((member) => this.withTenant(member));
      this.teams.push({
        id: team.id,
        aadGroupId: team.aadGroupId,
        name: team.name,
        members,
        channels: [
          this.graphChannel(team, team.id, 'General', null, 'standard'),
          ...(team.channels ?? []).map((channel) =>
            this.graphChannel(team, channel.id, channel.displayName, channel.description ?? null, channel.membershipType ?? 'standard'),
          ),
        ],
      });
      this.learn(members);
    }
    for (const [id, members] of Object.entries(options.chats ?? {})) {
      const withTenant = members.map((member) => this.withTenant(member));
      this.chats.set(id, withTenant);
      this.learn(withTenant);
    }
    this.learn((options.users ?? []).map((member) => this.withTenant(member)));
  }

  // ----- addresses -----------------------------------------------------------------------

  /** `http://127.0.0.1:<port>` (no trailing slash). Also the login endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/token`. */
  get baseUrl(): string {
    return this.origin;
  }

  /** The Bot Connector's service URL, `<origin>/<region>/<tenantId>/` (with the trailing slash, as activities carry it). */
  get serviceUrl(): string {
    return `${this.origin}/${this.region}/${this.tenantId}/`;
  }

  get openIdMetadataUrl(): string {
    return `${this.origin}${OPENID_METADATA_PATH}`;
  }

  /** Where the metadata's `jwks_uri` points. */
  get jwksUrl(): string {
    return `${this.origin}${JWKS_PATH}`;
  }

  /** What replacing `/openidconfiguration` by `/keys` would give: answers 404 here. */
  get derivedKeysUrl(): string {
    return this.openIdMetadataUrl.replace(/\/openidconfiguration$/, '/keys');
  }

  /** The token endpoint for bot tokens: `<origin>/botframework.com/oauth2/v2.0/token`. */
  get tokenUrl(): string {
    return this.tokenUrlFor('botframework.com');
  }

  /** The token endpoint of a tenant (Graph tokens: the bot's tenant). */
  tokenUrlFor(tenant: string): string {
    return `${this.origin}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
  }

  /** `<origin>/graph/v1.0/` (trailing slash). */
  get graphUrl(): string {
    return `${this.origin}/graph/v1.0/`;
  }

  /** Overrides for the Teams SDK's CloudEnvironment (`withOverrides(PUBLIC, connector.cloudOverrides)`). */
  get cloudOverrides(): {
    loginEndpoint: string;
    loginTenant: string;
    botScope: string;
    openIdMetadataUrl: string;
    tokenIssuer: string;
    graphScope: string;
  } {
    return {
      loginEndpoint: this.origin,
      loginTenant: 'botframework.com',
      botScope: BOT_SCOPE,
      openIdMetadataUrl: this.openIdMetadataUrl,
      tokenIssuer: BOT_FRAMEWORK_ISSUER,
      graphScope: GRAPH_SCOPE,
    };
  }

  /** The JWK set served at `jwks_uri`. */
  get jwks(): BotFrameworkJwks {
    return botFrameworkJwks(this.keys);
  }

  /** The key `send` signs with (the first key). */
  get signingKey(): BotFrameworkSigningKey {
    return this.keys[0]!;
  }

  /** Replace the published keys (key rotation). The first one signs from now on. */
  setKeys(keys: BotFrameworkSigningKey[]): void {
    if (keys.length === 0) throw new Error('setKeys: keys must not be empty');
    this.keys = [...keys];
  }

  /**
   * The 1:1 conversation id of the bot with this user (`29:…` or aadObjectId): the id
   * `POST v3/conversations` answers for them, made on first use (`a:1StandInPersonalChat000001`, …).
   */
  personalConversationFor(userId: string): string {
    const known = this.directory.find((m) => m.id === userId || m.aadObjectId === userId);
    const memberId = known?.id ?? userId;
    let conversationId = this.personalByMember.get(memberId);
    if (conversationId === undefined) {
      this.personalSeq += 1;
      conversationId = `a:1StandInPersonalChat${String(this.personalSeq).padStart(6, '0')}`;
      this.personalByMember.set(memberId, conversationId);
      this.personal.set(conversationId, { id: conversationId, members: [known ?? this.withTenant({ id: memberId, name: '', aadObjectId: '' })] });
    }
    return conversationId;
  }

  /** Placeholder values for `loadTeamsFixture` that point at this stand-in. */
  fixtureValues(): Record<string, string> {
    const team = this.teams[0];
    const channel = team?.channels[1] ?? team?.channels[0];
    const user = this.directory[0];
    return {
      serviceUrl: this.serviceUrl,
      appId: this.appId,
      botId: this.botId,
      botName: this.botName,
      tenantId: this.tenantId,
      ...(team ? { teamId: team.id, teamAadGroupId: team.aadGroupId, teamName: team.name } : {}),
      ...(channel ? { channelId: channel.id, channelName: channel.displayName } : {}),
      ...(user
        ? { userId: user.id, userName: user.name, userAadObjectId: user.aadObjectId, personalConversationId: this.personalConversationFor(user.id) }
        : {}),
    };
  }

  // ----- records -------------------------------------------------------------------------

  /** Access tokens issued so far. */
  get tokensIssued(): number {
    return this.issuedTokens.length;
  }

  /**
   * Activities the bot posted (creates, replies, targeted, and those sent with a new conversation),
   * current state, in posting order. With a conversation id: those posted to it, or to a thread of
   * it (a channel id matches its `;messageid=` threads), deleted ones included (see `deleted`).
   */
  activities(conversationId?: string): TeamsPostedActivity[] {
    if (conversationId === undefined) return [...this.posted];
    return this.posted.filter((a) => a.conversationId === conversationId || a.baseConversationId === conversationId);
  }

  /** The activity with this id, if the bot posted it. */
  activity(activityId: string): TeamsPostedActivity | undefined {
    return this.posted.find((a) => a.id === activityId);
  }

  /** Successful updates (PUT), optionally for one conversation (a channel id matches its threads). */
  updates(conversationId?: string): TeamsActivityUpdate[] {
    if (conversationId === undefined) return [...this.activityUpdates];
    return this.activityUpdates.filter(
      (u) => u.conversationId === conversationId || baseConversationId(u.conversationId) === conversationId,
    );
  }

  /** Calls of one route (or all calls), answered or not. */
  callsTo(route?: TeamsRoute): TeamsCall[] {
    return route === undefined ? [...this.calls] : this.calls.filter((c) => c.route === route);
  }

  /** The channels Graph lists for a team (General first). */
  graphChannels(aadGroupId: string): TeamsGraphChannel[] {
    return [...(this.teams.find((t) => t.aadGroupId === aadGroupId)?.channels ?? [])];
  }

  /** Members of a conversation as the Bot Connector answers them; undefined when unknown. */
  membersOf(conversationId: string): TeamsMember[] | undefined {
    return this.rosterOf(conversationId)?.map((m) => ({ ...m }));
  }

  /** Replace the members of a team (by thread id, aadGroupId or one of its channel ids) or chat: people join and leave. */
  setMembers(conversationOrTeamId: string, members: TeamsMember[]): void {
    const withTenant = members.map((member) => this.withTenant(member));
    const team = this.teamOf(conversationOrTeamId);
    if (team) team.members = withTenant;
    else this.chats.set(baseConversationId(conversationOrTeamId), withTenant);
    this.learn(withTenant);
  }

  /**
   * Resolves with the predicate's first truthy value. It is checked at once, again whenever a call
   * is recorded or answered, and at least every 50 ms (for predicates on other state). Rejects after
   * `timeoutMs` (default 10 s) with the calls seen so far.
   */
  async waitFor<T>(predicate: (connector: TeamsConnector) => T | Promise<T>, options: WaitForOptions = {}): Promise<Truthy<T>> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const deadline = monotonicNow() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const value = await predicate(this);
        if (value) return value as Truthy<T>;
        lastError = undefined;
      } catch (error) {
        lastError = error;
      }
      const remaining = deadline - monotonicNow();
      if (remaining <= 0) throw new Error(this.timeoutMessage(options.description ?? predicate.toString(), timeoutMs, lastError));
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.waiters.delete(wake);
          realClearTimeout(timer);
          resolve();
        };
        const timer = realSetTimeout(wake, Math.min(remaining, 50));
        this.waiters.add(wake);
      });
    }
  }

  /** Forget calls, activities, updates, conversations made, deliveries and faults. Issued tokens stay valid; counters go on. */
  reset(): void {
    this.calls.length = 0;
    this.posted.length = 0;
    this.activityUpdates.length = 0;
    this.createdConversations.length = 0;
    this.issuedTokens.length = 0;
    this.deliveries.length = 0;
    this.faults = [];
  }

  /** Every access token issued so far answers 401 from now on (as if it expired or was revoked). */
  revokeTokens(): void {
    this.validTokens.clear();
  }

  // ----- faults --------------------------------------------------------------------------

  /** Answer the next matching call(s) with an error instead (see {@link TeamsFault}). */
  failNext(fault: TeamsFault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`failNext: times must be a positive integer, got ${times}`);
    this.faults.push({ kind: 'fail', match: fault.match, remaining: times, fault, applied: fault.applied ?? false });
  }

  /** Answer the next matching call(s) normally, but only after `delayMs`. */
  delayNext(options: { match?: TeamsCallMatch; delayMs: number; times?: number }): void {
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`delayNext: times must be a positive integer, got ${times}`);
    this.faults.push({ kind: 'delay', match: options.match, remaining: times, delayMs: options.delayMs, applied: true });
  }

  /**
   * Hold the next matching call(s) unanswered until `release()`: a slow answer whose end the test
   * decides (no timers). `close()` releases everything still held.
   */
  holdNext(match?: TeamsCallMatch, options: { times?: number } = {}): TeamsHold {
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`holdNext: times must be a positive integer, got ${times}`);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let arrivedWith!: (call: TeamsCall) => void;
    const arrived = new Promise<TeamsCall>((resolve) => (arrivedWith = resolve));
    const queued: QueuedFault = { kind: 'hold', match, remaining: times, applied: true, hold: { gate } };
    this.faults.push(queued);
    this.holds.add(release);
    this.heldArrivals.set(queued, arrivedWith);
    return {
      arrived,
      release: () => {
        this.holds.delete(release);
        release();
      },
    };
  }

  /**
   * Destroy the socket of the next matching call(s) after reading the request, without answering.
   * `applied` (default true) lets the call take effect first: the answer is lost, not the request.
   */
  dropConnectionNext(match?: TeamsCallMatch, options: { times?: number; applied?: boolean } = {}): void {
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`dropConnectionNext: times must be a positive integer, got ${times}`);
    this.faults.push({ kind: 'drop', match, remaining: times, applied: options.applied ?? true });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Faults still queued (times left). */
  get pendingFaults(): number {
    return this.faults.reduce((sum, f) => sum + f.remaining, 0);
  }

  // ----- the other direction: Teams → bot -----------------------------------------------

  /**
   * POSTs an activity to the bot as the Bot Connector does: JSON body, `Authorization: Bearer <jwt>`
   * signed with the first key, `aud` = appId, `serviceurl` = the activity's serviceUrl, times from
   * `now()`. `botUrl` is the bot's messaging endpoint; a bare origin gets `/api/messages`.
   */
  async send(botUrl: string, activity: Record<string, unknown>, options: SendToBotOptions = {}): Promise<SendToBotResult> {
    const url = new URL(botUrl);
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/api/messages';
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    let token: string | null;
    if (options.token === undefined) {
      token = await signBotFrameworkToken({
        appId: this.appId,
        serviceUrl: typeof activity['serviceUrl'] === 'string' ? activity['serviceUrl'] : this.serviceUrl,
        key: this.signingKey,
        now: Math.floor(this.now() / 1000),
        ...options.sign,
      });
    } else {
      token = options.token;
    }
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    const body = parseMaybeJson(text);
    const result: SendToBotResult = { status: response.status, body, headers: Object.fromEntries(response.headers.entries()) };
    this.deliveries.push({ url: url.toString(), activity, status: response.status, body, at: this.now() });
    this.notify();
    return result;
  }

  // ----- lifecycle -----------------------------------------------------------------------

  /** @internal */
  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`teams stand-in failed: ${String(error)}`);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    const address = server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    for (const timer of this.pendingTimers) realClearTimeout(timer);
    this.pendingTimers.clear();
    for (const release of this.holds) release();
    this.holds.clear();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ----- request handling ----------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const raw = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const authorization = headers['authorization'];
    const call: TeamsCall = {
      seq: this.calls.length + 1,
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      headers,
      body: undefined,
      at: this.now(),
      route: 'unknown',
      ...(authorization?.startsWith('Bearer ') ? { token: authorization.slice('Bearer '.length).trim() } : {}),
    };
    this.calls.push(call);

    let segments: string[];
    try {
      segments = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
    } catch {
      this.answer(res, call, { status: 400, body: { error: { code: 'BadSyntax', message: 'Malformed percent-encoding in path' } } });
      return;
    }
    call.path = `/${segments.join('/')}`;
    const contentType = headers['content-type'] ?? '';
    call.body = contentType.includes('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(raw.toString('utf8')).entries())
      : raw.length === 0
        ? undefined
        : parseMaybeJson(raw.toString('utf8'));
    const dispatch = this.route(call, segments);
    this.notify();

    const auth = dispatch.auth === 'none' ? undefined : this.checkAuth(call, dispatch.auth);
    if (auth) {
      this.answer(res, call, auth);
      return;
    }

    const queued = this.takeFault(call);
    if (queued) {
      call.fault = {
        kind: queued.kind,
        applied: queued.applied,
        ...(queued.fault ? { status: queued.fault.status } : {}),
        ...(queued.fault?.delayMs !== undefined ? { delayMs: queued.fault.delayMs } : {}),
        ...(queued.delayMs !== undefined ? { delayMs: queued.delayMs } : {}),
      };
      if (queued.kind === 'hold' && queued.hold) {
        this.heldArrivals.get(queued)?.(call);
        await queued.hold.gate;
      }
      const delayMs = queued.kind === 'delay' ? queued.delayMs : queued.fault?.delayMs;
      if (delayMs !== undefined && delayMs > 0) await this.sleep(delayMs);
      if (queued.kind === 'drop') {
        if (queued.applied) await dispatch.handler();
        call.status = 'dropped';
        req.socket.destroy();
        this.notify();
        return;
      }
      if (queued.kind === 'fail' && queued.fault) {
        if (queued.applied) await dispatch.handler();
        this.answer(res, call, this.faultReply(queued.fault, call));
        return;
      }
    }
    this.answer(res, call, await dispatch.handler());
  }

  private route(call: TeamsCall, segments: string[]): { auth: 'none' | 'bot' | 'graph'; handler: () => Reply | Promise<Reply> } {
    const method = call.method;
    const none = (route: TeamsRoute, handler: () => Reply | Promise<Reply>) => {
      call.route = route;
      return { auth: 'none' as const, handler };
    };

    // Bot Framework OpenID metadata and keys.
    if (call.path === OPENID_METADATA_PATH && method === 'GET') return none('openid', () => this.openIdMetadata());
    if (call.path === JWKS_PATH && method === 'GET') return none('jwks', () => ({ status: 200, body: this.jwks }));

    // Entra ID token endpoint: /{tenant}/oauth2/v2.0/token
    if (segments.length === 4 && segments[1] === 'oauth2' && segments[2] === 'v2.0' && segments[3] === 'token') {
      if (method !== 'POST') return none('token', () => methodNotAllowed());
      return none('token', () => this.issueToken(call, segments[0]!));
    }

    // Bot Connector: /<region>/<tenant>/v3/conversations/...
    if (segments[0] === this.region && segments[1] === this.tenantId && segments[2] === 'v3' && segments[3] === 'conversations') {
      return this.routeConnector(call, segments.slice(4));
    }

    // Graph: /graph/v1.0/teams/{team-id}/channels[/{channel-id}]
    if (segments[0] === 'graph' && segments[1] === 'v1.0' && segments[2] === 'teams' && segments[4] === 'channels') {
      const teamId = segments[3]!;
      call.graphTeamId = teamId;
      const rest = segments.slice(5);
      if (rest.length === 0 && method === 'POST') return this.graphRoute(call, 'graph.channels.create', () => this.createChannel(call, teamId));
      if (rest.length === 0 && method === 'GET') return this.graphRoute(call, 'graph.channels.list', () => this.listChannels(call, teamId));
      if (rest.length === 1 && method === 'GET') return this.graphRoute(call, 'graph.channels.get', () => this.getChannel(teamId, rest[0]!));
      if (rest.length === 2 && rest[1] === 'messages' && method === 'GET') {
        return this.graphRoute(call, 'graph.messages.list', () => this.listChannelMessages(call, teamId, rest[0]!));
      }
    }
    if (segments[0] === 'graph') {
      return this.graphRoute(call, 'unknown', () => ({
        status: 400,
        body: graphError('BadRequest', `Resource not found for the segment '${segments[segments.length - 1] ?? ''}'.`, this.now()),
      }));
    }
    return none('unknown', () => ({ status: 404, body: { error: { code: 'NotFound', message: `No such endpoint: ${method} ${call.path}` } } }));
  }

  private graphRoute(call: TeamsCall, route: TeamsRoute, handler: () => Reply | Promise<Reply>): { auth: 'graph'; handler: () => Reply | Promise<Reply> } {
    call.route = route;
    return { auth: 'graph', handler };
  }

  private routeConnector(call: TeamsCall, rest: string[]): { auth: 'bot'; handler: () => Reply | Promise<Reply> } {
    const method = call.method;
    const targeted = call.query['isTargetedActivity'] === 'true';
    const is = (route: TeamsRoute, handler: () => Reply | Promise<Reply>) => {
      call.route = route;
      return { auth: 'bot' as const, handler };
    };
    if (rest.length === 0) {
      if (method === 'POST') return is('conversations.create', () => this.createConversation(call));
      return is('unknown', () => methodNotAllowed());
    }
    const conversationId = rest[0]!;
    call.conversationId = conversationId;
    const [, resource, id, extra] = rest;
    if (resource === 'activities' && id === undefined && method === 'POST') {
      return is(targeted ? 'activities.createTargeted' : 'activities.create', () => this.postActivity(call, conversationId, undefined, targeted));
    }
    if (resource === 'activities' && id !== undefined && extra === undefined) {
      call.activityId = id;
      if (method === 'POST') return is('activities.reply', () => this.postActivity(call, conversationId, id, false));
      if (method === 'PUT') {
        return is(targeted ? 'activities.updateTargeted' : 'activities.update', () => this.updateActivity(call, conversationId, id, targeted));
      }
      if (method === 'DELETE') {
        return is(targeted ? 'activities.deleteTargeted' : 'activities.delete', () => this.deleteActivity(conversationId, id));
      }
    }
    if (resource === 'members' && id === undefined && method === 'GET') return is('members.list', () => this.listMembers(conversationId));
    if (resource === 'members' && id !== undefined && extra === undefined && method === 'GET') {
      return is('members.get', () => this.getMember(conversationId, id));
    }
    if (resource?.toLowerCase() === 'pagedmembers' && id === undefined && method === 'GET') {
      return is('members.paged', () => this.pagedMembers(call, conversationId));
    }
    return is('unknown', () => ({ status: 404, body: connectorError('NotFound', `No such endpoint: ${method} ${call.path}`) }));
  }

  private checkAuth(call: TeamsCall, audience: 'bot' | 'graph'): Reply | undefined {
    const issued = call.token === undefined ? undefined : this.validTokens.get(call.token);
    const valid = issued !== undefined && issued.expiresAt > this.now();
    if (audience === 'bot') {
      if (valid && issued.scope === BOT_SCOPE) return undefined;
      return {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="api.botframework.com"' },
        body: { message: 'Authorization has been denied for this request.' },
      };
    }
    if (valid && issued.scope === GRAPH_SCOPE && issued.tid === this.tenantId) return undefined;
    const message =
      call.token === undefined
        ? 'Access token is empty.'
        : !valid
          ? 'Access token validation failure.'
          : issued.scope !== GRAPH_SCOPE
            ? 'Access token validation failure. Invalid audience.'
            : `Access token validation failure. The token was issued for tenant ${issued.tid}, not ${this.tenantId}.`;
    return { status: 401, body: graphError('InvalidAuthenticationToken', message, this.now()) };
  }

  private takeFault(call: TeamsCall): QueuedFault | undefined {
    const index = this.faults.findIndex((f) => matches(f.match, call));
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private faultReply(fault: TeamsFault, call: TeamsCall): Reply {
    const headers: Record<string, string> = {};
    const retryAfter = fault.retryAfter ?? (fault.status === 429 ? 1 : undefined);
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    return { status: fault.status, headers, body: fault.body ?? errorBodyFor(fault.status, call.route, this.now()) };
  }

  private answer(res: ServerResponse, call: TeamsCall, reply: Reply): void {
    call.status = reply.status;
    call.response = reply.body;
    if (!res.destroyed) {
      const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        ...(reply.body === undefined ? {} : { 'content-type': typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' }),
        ...reply.headers,
      });
      res.end(body);
    }
    this.notify();
  }

  // ----- OpenID / token endpoint ---------------------------------------------------------

  private openIdMetadata(): Reply {
    return {
      status: 200,
      body: {
        issuer: BOT_FRAMEWORK_ISSUER,
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: this.jwksUrl,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      },
    };
  }

  private async signAccessToken(claims: Record<string, unknown>): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'standin-aad-key' }).sign(this.accessTokenKey);
  }

  private async issueToken(call: TeamsCall, tenant: string): Promise<Reply> {
    const form = (typeof call.body === 'object' && call.body !== null ? call.body : {}) as Record<string, string>;
    let clientId = form['client_id'];
    let clientSecret = form['client_secret'];
    const basic = call.headers['authorization'];
    if (basic?.startsWith('Basic ')) {
      const [id, secret] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':');
      clientId ??= decodeURIComponent(id ?? '');
      clientSecret ??= decodeURIComponent(secret ?? '');
    }
    const at = this.now();
    const tid = tenant.toLowerCase() === 'botframework.com' ? BOT_FRAMEWORK_TENANT_ID : tenant === this.tenantId ? this.tenantId : undefined;
    if (tid === undefined) return aadError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`, at);
    if (form['grant_type'] !== 'client_credentials') {
      return aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form['grant_type'] ?? ''}'.`, at);
    }
    if (clientId !== this.appId) {
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId ?? ''}' was not found in the directory '${tenant}'.`,
        at,
      );
    }
    if (clientSecret !== this.appSecret) {
      return aadError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${this.appId}'.`,
        at,
      );
    }
    const scope = form['scope'] ?? '';
    if (scope !== BOT_SCOPE && scope !== GRAPH_SCOPE) {
      return scope.endsWith('/.default')
        ? aadError(400, 'invalid_resource', 500011, `The resource principal named ${scope.replace(/\/\.default$/, '')} was not found in the tenant named ${tenant}.`, at)
        : aadError(
            400,
            'invalid_scope',
            1002012,
            `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
            at,
          );
    }
    this.tokenSeq += 1;
    const iat = Math.floor(at / 1000);
    const claims = {
      aud: scope.replace(/\/\.default$/, ''),
      iss: `https://sts.windows.net/${tid}/`,
      iat,
      nbf: iat,
      exp: iat + this.tokenLifetimeS,
      appid: this.appId,
      appidacr: '1',
      idp: `https://sts.windows.net/${tid}/`,
      tid,
      sub: this.appId,
      ver: '1.0',
      uti: `standin-token-${this.tokenSeq}`,
    };
    const accessToken = await this.signAccessToken(claims);
    const issued: TeamsIssuedToken = { accessToken, scope, tenant, tid, clientId, issuedAt: at, expiresAt: at + this.tokenLifetimeS * 1000 };
    this.issuedTokens.push(issued);
    this.validTokens.set(accessToken, issued);
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: this.tokenLifetimeS, ext_expires_in: this.tokenLifetimeS, access_token: accessToken },
    };
  }

  // ----- Bot Connector ---------------------------------------------------------------------

  private createConversation(call: TeamsCall): Reply {
    const body = asRecord(call.body);
    if (!body) return { status: 400, body: connectorError('BadSyntax', 'Request body must be a JSON object') };
    const at = call.at;
    const channelData = asRecord(body['channelData']);
    const channelId = asRecord(channelData?.['channel'])?.['id'];
    const activity = asRecord(body['activity']);
    const tenant = body['tenantId'] ?? asRecord(channelData?.['tenant'])?.['id'];

    if (typeof channelId === 'string') {
      if (!this.knows(channelId)) return { status: 404, body: connectorError('ConversationNotFound', 'Conversation not found.') };
      if (!activity) return { status: 400, body: connectorError('BadArgument', 'A channel conversation needs an activity to start it') };
      const activityId = this.nextActivityId();
      const threadId = `${channelId};messageid=${activityId}`;
      this.store(activityId, threadId, activity, { via: 'conversation', at });
      this.createdConversations.push({ id: threadId, kind: 'channel', request: body, activityId, at });
      return { status: 201, body: { id: threadId, activityId } };
    }

    const members = Array.isArray(body['members']) ? (body['members'] as unknown[]).map(asRecord) : [];
    if (body['isGroup'] === true || members.length !== 1 || typeof members[0]?.['id'] !== 'string') {
      return { status: 400, body: connectorError('BadArgument', 'Incorrect conversation creation parameters') };
    }
    if (typeof tenant !== 'string' || tenant === '') {
      return { status: 400, body: connectorError('BadArgument', 'Tenant id is required (tenantId or channelData.tenant.id)') };
    }
    const conversationId = this.personalConversationFor(members[0]['id'] as string);
    let activityId: string | undefined;
    if (activity) {
      activityId = this.nextActivityId();
      this.store(activityId, conversationId, activity, { via: 'conversation', at });
    }
    this.createdConversations.push({ id: conversationId, kind: 'personal', request: body, activityId, at });
    return { status: 201, body: activityId === undefined ? { id: conversationId } : { id: conversationId, activityId } };
  }

  private postActivity(call: TeamsCall, conversationId: string, replyToId: string | undefined, targeted: boolean): Reply {
    const body = asRecord(call.body);
    if (!body || typeof body['type'] !== 'string') {
      return { status: 400, body: connectorError('BadArgument', 'Activity must be a JSON object with a type') };
    }
    if (!this.knows(conversationId)) return { status: 404, body: connectorError('ConversationNotFound', 'Conversation not found.') };
    if (this.tooBig(call)) return { status: 413, body: connectorError('MessageSizeTooBig', 'Message size too large') };
    if (targeted && typeof asRecord(body['recipient'])?.['id'] !== 'string') {
      return { status: 400, body: connectorError('BadArgument', 'A targeted activity needs recipient.id') };
    }
    const bodyReplyTo = typeof body['replyToId'] === 'string' ? body['replyToId'] : undefined;
    const id = this.nextActivityId();
    this.store(id, conversationId, body, {
      via: replyToId === undefined ? 'create' : 'reply',
      replyToId: replyToId ?? bodyReplyTo,
      targeted,
      at: call.at,
    });
    return { status: 201, body: { id } };
  }

  private updateActivity(call: TeamsCall, conversationId: string, activityId: string, targeted: boolean): Reply {
    const body = asRecord(call.body);
    if (!body || typeof body['type'] !== 'string') {
      return { status: 400, body: connectorError('BadArgument', 'Activity must be a JSON object with a type') };
    }
    const stored = this.find(conversationId, activityId);
    if (!stored || stored.deleted) {
      return { status: 404, body: connectorError('ActivityNotFoundInConversation', `Activity ${activityId} not found in conversation`) };
    }
    if (this.tooBig(call)) return { status: 413, body: connectorError('MessageSizeTooBig', 'Message size too large') };
    stored.activity = structuredClone(body);
    stored.updateCount += 1;
    this.activityUpdates.push({ conversationId, activityId, activity: structuredClone(body), targeted, at: call.at });
    return { status: 200, body: { id: activityId } };
  }

  private deleteActivity(conversationId: string, activityId: string): Reply {
    const stored = this.find(conversationId, activityId);
    if (!stored || stored.deleted) {
      return { status: 404, body: connectorError('ActivityNotFoundInConversation', `Activity ${activityId} not found in conversation`) };
    }
    stored.deleted = true;
    return { status: 200 };
  }

  private listMembers(conversationId: string): Reply {
    const roster = this.rosterOf(conversationId);
    if (!roster) return { status: 404, body: connectorError('ConversationNotFound', 'Conversation not found.') };
    return { status: 200, body: roster.map(memberJson) };
  }

  private getMember(conversationId: string, userId: string): Reply {
    const roster = this.rosterOf(conversationId);
    if (!roster) return { status: 404, body: connectorError('ConversationNotFound', 'Conversation not found.') };
    const member = roster.find((m) => m.id === userId || m.aadObjectId === userId);
    if (!member) return { status: 404, body: connectorError('MemberNotFoundInConversation', 'The specified user is not a member of this conversation.') };
    return { status: 200, body: memberJson(member) };
  }

  private pagedMembers(call: TeamsCall, conversationId: string): Reply {
    const roster = this.rosterOf(conversationId);
    if (!roster) return { status: 404, body: connectorError('ConversationNotFound', 'Conversation not found.') };
    const asked = Number(call.query['pageSize'] ?? 200);
    const pageSize = Math.min(500, Math.max(this.minPageSize, Number.isFinite(asked) ? Math.floor(asked) : 200));
    let offset = 0;
    const token = call.query['continuationToken'];
    if (token !== undefined) {
      const decoded = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (!decoded) return { status: 400, body: connectorError('BadArgument', 'Invalid continuation token') };
      offset = Number(decoded[1]);
    }
    const members = roster.slice(offset, offset + pageSize).map(memberJson);
    const next = offset + pageSize < roster.length ? Buffer.from(`offset:${offset + pageSize}`, 'utf8').toString('base64url') : undefined;
    return { status: 200, body: next === undefined ? { members } : { continuationToken: next, members } };
  }

  private tooBig(call: TeamsCall): boolean {
    const text = typeof call.body === 'string' ? call.body : JSON.stringify(call.body ?? '');
    return text.length * 2 > this.maxActivityBytes;
  }

  private nextActivityId(): string {
    this.activitySeq += 1;
    return String(this.firstActivityId + this.activitySeq);
  }

  private store(
    id: string,
    conversationId: string,
    activity: Record<string, unknown>,
    options: { via: TeamsPostedActivity['via']; replyToId?: string | undefined; targeted?: boolean; at: number },
  ): void {
    this.posted.push({
      id,
      conversationId,
      baseConversationId: baseConversationId(conversationId),
      activity: structuredClone(activity),
      original: structuredClone(activity),
      replyToId: options.replyToId,
      targeted: options.targeted ?? false,
      via: options.via,
      updateCount: 0,
      deleted: false,
      postedAt: options.at,
    });
  }

  private find(conversationId: string, activityId: string): TeamsPostedActivity | undefined {
    const base = baseConversationId(conversationId);
    return this.posted.find((a) => a.id === activityId && a.baseConversationId === base);
  }

  private knows(conversationId: string): boolean {
    return this.acceptUnknownConversations || this.rosterOf(conversationId) !== undefined;
  }

  private rosterOf(conversationId: string): TeamsMember[] | undefined {
    const base = baseConversationId(conversationId);
    return this.teamOf(base)?.members ?? this.chats.get(base) ?? this.personal.get(base)?.members;
  }

  private teamOf(id: string): TeamState | undefined {
    const base = baseConversationId(id);
    return this.teams.find((t) => t.id === base || t.aadGroupId === base || t.channels.some((c) => c.id === base));
  }

  // ----- Graph -------------------------------------------------------------------------------

  private createChannel(call: TeamsCall, aadGroupId: string): Reply {
    const team = this.teams.find((t) => t.aadGroupId === aadGroupId);
    if (!team) return { status: 404, body: graphError('NotFound', `No team found with Group Id ${aadGroupId}`, call.at) };
    const body = asRecord(call.body);
    const displayName = body?.['displayName'];
    if (typeof displayName !== 'string' || displayName.trim() === '') {
      return { status: 400, body: graphError('BadRequest', 'displayName is required.', call.at) };
    }
    if (displayName.length > MAX_CHANNEL_NAME_LENGTH) {
      return { status: 400, body: graphError('BadRequest', `Channel name must be at most ${MAX_CHANNEL_NAME_LENGTH} characters.`, call.at) };
    }
    if (team.channels.some((c) => c.displayName.toLowerCase() === displayName.toLowerCase())) {
      return { status: 409, body: graphError('NameAlreadyExists', 'Channel name already existed, please use other name.', call.at) };
    }
    this.channelSeq += 1;
    const id = `19:${String(this.channelSeq).padStart(32, '0')}@thread.tacv2`;
    const description = typeof body?.['description'] === 'string' ? body['description'] : null;
    const membershipType = typeof body?.['membershipType'] === 'string' ? body['membershipType'] : 'standard';
    const channel = this.graphChannel(team, id, displayName, description, membershipType, call.at);
    team.channels.push(channel);
    return {
      status: 201,
      headers: { location: `/teams('${aadGroupId}')/channels('${id}')` },
      body: { '@odata.context': `${this.graphUrl}$metadata#teams('${aadGroupId}')/channels/$entity`, ...channel, isFavoriteByDefault: null },
    };
  }

  private listChannels(call: TeamsCall, aadGroupId: string): Reply {
    const team = this.teams.find((t) => t.aadGroupId === aadGroupId);
    if (!team) return { status: 404, body: graphError('NotFound', `No team found with Group Id ${aadGroupId}`, call.at) };
    let channels = team.channels;
    const filter = call.query['$filter'];
    if (filter !== undefined) {
      const clause = /^\s*(displayName|membershipType)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(filter);
      if (!clause) return { status: 400, body: graphError('BadRequest', `Invalid filter clause: ${filter}`, call.at) };
      const field = clause[1] as 'displayName' | 'membershipType';
      const value = clause[2]!.replace(/''/g, "'");
      channels = channels.filter((c) => c[field] === value);
    }
    return {
      status: 200,
      body: {
        '@odata.context': `${this.graphUrl}$metadata#teams('${aadGroupId}')/channels`,
        '@odata.count': channels.length,
        value: channels.map((c) => ({ ...c })),
      },
    };
  }

  private getChannel(aadGroupId: string, channelId: string): Reply {
    const team = this.teams.find((t) => t.aadGroupId === aadGroupId);
    const channel = team?.channels.find((c) => c.id === channelId);
    if (!team || !channel) return { status: 404, body: graphError('NotFound', `Channel ${channelId} not found in team ${aadGroupId}`, this.now()) };
    return { status: 200, body: { '@odata.context': `${this.graphUrl}$metadata#teams('${aadGroupId}')/channels/$entity`, ...channel } };
  }

  /**
   * `GET teams/{team-id}/channels/{channel-id}/messages`: the channel's root messages (no replies)
   * the bot posted, newest first, `$top` per page (default 20, at most 50), `@odata.nextLink` while
   * more remain. Only the bot's own posts: people's messages do not pass through the stand-in.
   */
  private listChannelMessages(call: TeamsCall, aadGroupId: string, channelId: string): Reply {
    const team = this.teams.find((t) => t.aadGroupId === aadGroupId);
    if (!team || !team.channels.some((c) => c.id === channelId)) {
      return { status: 404, body: graphError('NotFound', `Channel ${channelId} not found in team ${aadGroupId}`, call.at) };
    }
    const top = Math.min(50, Math.max(1, Number(call.query['$top'] ?? call.query['top'] ?? 20) || 20));
    let offset = 0;
    const skip = call.query['$skiptoken'];
    if (skip !== undefined) {
      const decoded = /^offset:(\d+)$/.exec(Buffer.from(skip, 'base64url').toString('utf8'));
      if (!decoded) return { status: 400, body: graphError('BadRequest', 'Invalid $skiptoken', call.at) };
      offset = Number(decoded[1]);
    }
    const roots = this.posted
      .filter((a) => a.baseConversationId === channelId && (a.via === 'conversation' || (a.conversationId === channelId && a.replyToId === undefined)))
      .reverse();
    const page = roots.slice(offset, offset + top).map((a) => this.chatMessage(a, aadGroupId, channelId));
    const more = offset + top < roots.length;
    const base = `${this.graphUrl}teams/${aadGroupId}/channels/${channelId}/messages`;
    return {
      status: 200,
      body: {
        '@odata.context': `${this.graphUrl}$metadata#teams('${aadGroupId}')/channels('${encodeURIComponent(channelId)}')/messages`,
        '@odata.count': page.length,
        ...(more ? { '@odata.nextLink': `${base}?$top=${top}&$skiptoken=${Buffer.from(`offset:${offset + top}`, 'utf8').toString('base64url')}` } : {}),
        value: page,
      },
    };
  }

  private chatMessage(posted: TeamsPostedActivity, aadGroupId: string, channelId: string): Record<string, unknown> {
    const activity = posted.activity;
    const attachments = Array.isArray(activity['attachments']) ? (activity['attachments'] as unknown[]).map(asRecord) : [];
    const created = new Date(posted.postedAt).toISOString();
    const modified = new Date(this.activityUpdates.filter((u) => u.activityId === posted.id).at(-1)?.at ?? posted.postedAt).toISOString();
    const graphAttachments = attachments.map((attachment, index) => ({
      id: `${posted.id}-${index}`,
      contentType: attachment?.['contentType'] ?? null,
      contentUrl: attachment?.['contentUrl'] ?? null,
      content: attachment?.['content'] === undefined ? null : JSON.stringify(attachment['content']),
      name: attachment?.['name'] ?? null,
      thumbnailUrl: null,
    }));
    const text = typeof activity['text'] === 'string' ? activity['text'] : '';
    return {
      id: posted.id,
      replyToId: null,
      etag: posted.id,
      messageType: 'message',
      createdDateTime: created,
      lastModifiedDateTime: modified,
      lastEditedDateTime: posted.updateCount > 0 ? modified : null,
      deletedDateTime: posted.deleted ? modified : null,
      subject: null,
      summary: typeof activity['summary'] === 'string' ? activity['summary'] : null,
      chatId: null,
      importance: 'normal',
      locale: 'en-us',
      webUrl: `https://teams.microsoft.com/l/message/${encodeURIComponent(channelId)}/${posted.id}?groupId=${aadGroupId}&tenantId=${this.tenantId}&createdTime=${posted.postedAt}&parentMessageId=${posted.id}`,
      from: { application: { id: this.appId, displayName: this.botName, applicationIdentityType: 'bot' }, device: null, user: null },
      body: { contentType: 'html', content: text + graphAttachments.map((a) => `<attachment id="${a.id}"></attachment>`).join('') },
      channelIdentity: { teamId: aadGroupId, channelId },
      attachments: graphAttachments,
      mentions: [],
      reactions: [],
    };
  }

  private graphChannel(
    team: { aadGroupId: string },
    id: string,
    displayName: string,
    description: string | null,
    membershipType: string,
    at = 0,
  ): TeamsGraphChannel {
    return {
      id,
      displayName,
      description,
      membershipType,
      createdDateTime: new Date(at).toISOString(),
      email: '',
      webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(id)}/${encodeURIComponent(displayName)}?groupId=${team.aadGroupId}&tenantId=${this.tenantId}`,
    };
  }

  // ----- helpers -----------------------------------------------------------------------------

  private withTenant(member: TeamsMember): TeamsMember {
    return { ...member, tenantId: member.tenantId ?? this.tenantId, userRole: member.userRole ?? 'user' };
  }

  private learn(members: TeamsMember[]): void {
    for (const member of members) {
      if (!this.directory.some((m) => m.id === member.id)) this.directory.push(member);
    }
  }

  private notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = realSetTimeout(() => {
        this.pendingTimers.delete(timer);
        resolve();
      }, ms);
      this.pendingTimers.add(timer);
    });
  }

  private timeoutMessage(what: string, timeoutMs: number, lastError: unknown): string {
    const seen = this.calls.slice(-30).map((c) => `  #${c.seq} ${c.method} ${c.path} [${c.route}] -> ${c.status ?? 'pending'}`);
    return [
      `teams stand-in: waitFor timed out after ${timeoutMs} ms: ${what.replace(/\s+/g, ' ').slice(0, 300)}`,
      lastError === undefined ? undefined : `  last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
      `  ${this.calls.length} call(s), ${this.posted.length} activit(ies) posted, ${this.activityUpdates.length} update(s), ${this.deliveries.length} deliver(ies) to the bot${seen.length > 0 ? '; last calls:' : ''}`,
      ...seen,
    ]
      .filter((line) => line !== undefined)
      .join('\n');
  }
}

// ---------------------------------------------------------------------------------------
// Wire helpers
// ---------------------------------------------------------------------------------------

/** A conversation id without `;messageid=…` (a channel thread's channel). */
export function baseConversationId(conversationId: string): string {
  const cut = conversationId.indexOf(';');
  return cut < 0 ? conversationId : conversationId.slice(0, cut);
}

function matches(match: TeamsCallMatch | undefined, call: TeamsCall): boolean {
  if (match === undefined) return DEFAULT_ROUTES_FOR_FAULTS.has(call.route);
  if (typeof match === 'string') return call.route === match;
  if (match instanceof RegExp) return match.test(`${call.method} ${call.path}`);
  if (typeof match === 'function') return (match as (call: TeamsCall) => boolean)(call);
  return (match as readonly TeamsRoute[]).includes(call.route);
}

function connectorError(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

function graphError(code: string, message: string, at: number): { error: Record<string, unknown> } {
  return {
    error: {
      code,
      message,
      innerError: { date: new Date(at).toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': randomUUID(), 'client-request-id': randomUUID() },
    },
  };
}

function aadError(status: number, error: string, code: number, description: string, at: number): Reply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date(at).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

const ERROR_CODES: Record<number, [string, string]> = {
  400: ['BadArgument', 'Bad request'],
  401: ['Unauthorized', 'Authorization has been denied for this request.'],
  403: ['BotNotInConversationRoster', 'The bot is not part of the conversation roster.'],
  404: ['ConversationNotFound', 'Conversation not found.'],
  409: ['Conflict', 'Conflict'],
  412: ['PreconditionFailed', 'Precondition failed: the activity was changed concurrently'],
  413: ['MessageSizeTooBig', 'Message size too large'],
  429: ['TooManyRequests', 'Too many requests. Retry after the time in the Retry-After header.'],
  500: ['InternalServerError', 'Internal server error'],
  502: ['BadGateway', 'Bad gateway'],
  503: ['ServiceUnavailable', 'Service unavailable'],
  504: ['GatewayTimeout', 'Gateway timeout'],
};

/** The error body a fault answers with unless it names one: Graph's shape on Graph routes, the Bot Connector's elsewhere. */
export function errorBodyFor(status: number, route: TeamsRoute, at = 0): unknown {
  const [code, message] = ERROR_CODES[status] ?? ['ServiceError', `HTTP ${status}`];
  if (route.startsWith('graph.')) {
    const graphCode = status === 409 ? 'NameAlreadyExists' : status === 429 ? 'TooManyRequests' : code;
    return graphError(graphCode, message, at);
  }
  if (route === 'token') return aadError(status, 'temporarily_unavailable', 50_000, message, at).body;
  if (status === 401) return { message };
  return connectorError(code, message);
}

function methodNotAllowed(): Reply {
  return { status: 405, body: { error: { code: 'MethodNotAllowed', message: 'The requested resource does not support this method' } } };
}

function memberJson(member: TeamsMember): Record<string, unknown> {
  return { ...member };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parseMaybeJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
