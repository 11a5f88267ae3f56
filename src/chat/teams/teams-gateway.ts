import { Client as ApiClient } from '@microsoft/teams.api';
import { Client as HttpClient } from '@microsoft/teams.common';
import type { CardView } from '../../domain/card-view.ts';
import type { CrisisMessageView } from '../../domain/crisis-view.ts';
import type { MemberInfo } from '../../domain/directory.ts';
import type { DigestView } from '../../domain/kpi.ts';
import type { Notice } from '../../domain/outbox-intent.ts';
import type { ReminderView, SummaryView } from '../../domain/reminder-view.ts';
import type { Logger } from '../../logger.ts';
import type { TeamsMessage } from './adaptive-card.ts';
import { type ChatGateway, type ChatTarget, type DigestChart, ChatDeliveryError } from '../port.ts';
import { type TeamsConversations, type TeamsReference, refKey } from './teams-conversations.ts';
import { MSTEAMS, teamsUserIdOf } from './teams-identity.ts';
import { BOT_SCOPE, GRAPH_SCOPE, type TokenSource } from './teams-token.ts';

/** A place to answer one person privately: the conversation they wrote or clicked in. */
export interface Place {
  serviceUrl: string;
  /** The channel (without `;messageid=`), group chat or 1:1 chat. */
  conversationId: string;
  personal: boolean;
  /** Their Teams user id (`29:…`), when known. */
  userId?: string;
  /** Their Entra object id, lowercase. */
  aadObjectId: string;
  tenantId?: string;
  name?: string;
}

/** How each neutral view looks in Teams, for where it goes (dates in the team's or the person's zone). */
export interface TeamsRenderers {
  card(view: CardView, to: ChatTarget): TeamsMessage;
  reminder(view: ReminderView, to: ChatTarget): TeamsMessage;
  summary(view: SummaryView, to: ChatTarget): TeamsMessage;
  notice(notice: Notice, to: ChatTarget): TeamsMessage;
  crisis(view: CrisisMessageView, to: ChatTarget): TeamsMessage;
  digest(view: DigestView, chart: DigestChart | null, channel: string): TeamsMessage;
}

export interface TeamsGatewayOptions {
  appId: string;
  tenantId?: string;
  tokens: TokenSource;
  conversations: TeamsConversations;
  render: TeamsRenderers;
  graphUrl: string;
  /** The Teams team a channel belongs to (its `msteamsTeamId`), to find a service URL for a channel never seen. */
  teamOfChannel(channel: string): string | undefined;
  /** The Teams teams (ids) of the desk teams a member belongs to: where to find a service URL for someone never met. */
  teamsOfMember(member: MemberInfo): string[];
  /** Where crisis rooms are created as new channels: the team id (from the desk's configuration). */
  roomTeamId(): string | undefined;
  log: Logger;
  timeoutMs?: number;
}

/**
 * The outbox's way into Microsoft Teams: proactive messages through the Bot Connector REST API (the
 * Teams SDK's API client, at the stored conversation's service URL), rooms through Microsoft Graph.
 * Every failure becomes a DeliveryError the outbox understands: 429 with Retry-After, 412/5xx and network
 * errors retried, 413 (too big) and refusals permanent.
 */
export class TeamsGateway implements ChatGateway {
  readonly platform = MSTEAMS;
  private readonly clients = new Map<string, ApiClient>();

  constructor(private readonly options: TeamsGatewayOptions) {}

  async postCard(channel: string, view: CardView): Promise<{ messageId: string }> {
    return { messageId: await this.postToChannel(channel, this.options.render.card(view, { kind: 'channel', channel }), 'card') };
  }

  /** Teams gives a bot no search over a channel's messages: a card whose post answer was lost may be posted again. */
  async findCard(): Promise<{ messageId: string } | null> {
    return null;
  }

  async updateCard(channel: string, messageId: string, view: CardView): Promise<void> {
    await this.update(channel, messageId, this.options.render.card(view, { kind: 'channel', channel }), 'card');
  }

  async notifyPerson(member: MemberInfo, notice: Notice): Promise<void> {
    await this.postToPerson(member, this.options.render.notice(notice, { kind: 'person', member }), 'notice');
  }

  /**
   * A message only one person sees, in a channel: a targeted message. Where the tenant or channel does
   * not take targeted messages (4xx), it goes to the person's 1:1 chat with the bot instead. `channel`
   * may be that 1:1 chat itself: then it is a normal message there.
   */
  async notifyEphemeral(channel: string, platformUserId: string, notice: Notice): Promise<void> {
    const person = await this.options.conversations.find(refKey.person(platformUserId));
    const message = this.options.render.notice(notice, { kind: 'channel', channel });
    // Their own 1:1 chat with the bot (a press on a page or on a command's answer there): nobody else reads it.
    if (person?.conversationId === channel) {
      await this.create(person.serviceUrl, channel, message, 'private note');
      return;
    }
    const ref = await this.channelRef(channel);
    await this.answerPrivately(
      { serviceUrl: ref.serviceUrl, conversationId: channel, personal: false, userId: person?.userId, aadObjectId: platformUserId, tenantId: ref.tenantId ?? person?.tenantId, name: person?.name },
      message,
    );
  }

  /**
   * An answer only `place`'s person sees: in their 1:1 chat as a normal message; in a channel or group
   * chat as a targeted message, or, where that is refused, in their 1:1 chat with the bot.
   */
  async answerPrivately(place: Place, message: TeamsMessage): Promise<void> {
    if (place.personal) {
      await this.create(place.serviceUrl, place.conversationId, message, 'answer');
      return;
    }
    if (place.userId) {
      try {
        const client = this.client(place.serviceUrl);
        await client.conversations.createTargetedActivity(place.conversationId, { ...message, recipient: { id: place.userId, name: place.name ?? '', role: 'user' } } as never);
        return;
      } catch (error) {
        const status = statusOf(error);
        if (status === undefined || status >= 500 || status === 429 || status === 412) throw this.classify(error, 'private answer', message);
        this.options.log.info({ status, conversation: place.conversationId }, 'targeted message refused; answering in the 1:1 chat instead');
      }
    }
    const person = await this.options.conversations.find(refKey.person(place.aadObjectId));
    await this.postToPersonId(place.aadObjectId, person ?? { serviceUrl: place.serviceUrl, tenantId: place.tenantId, userId: place.userId, name: place.name }, message, 'private answer');
  }

  async postReminder(to: ChatTarget, view: ReminderView): Promise<void> {
    if (to.kind === 'channel') await this.postToChannel(to.channel, this.options.render.reminder(view, to), 'reminder');
    else await this.postToPerson(to.member, this.options.render.reminder(view, to), 'reminder');
  }

  async postSummary(to: ChatTarget, view: SummaryView): Promise<void> {
    const message = this.options.render.summary(view, to);
    if (to.kind === 'channel') await this.postToChannel(to.channel, message, 'summary');
    else await this.postToPerson(to.member, message, 'summary');
  }

  /** A standard channel in the desk's Teams team, through Microsoft Graph (resource-specific consent Channel.Create.Group). */
  async createRoom(name: string, isPrivate: boolean): Promise<{ channel: string }> {
    const teamId = this.options.roomTeamId();
    if (!teamId) throw new ChatDeliveryError('no Teams team to create the crisis room in: set msteamsTeamId on a team, or configure crisis.room.msteamsChannel', 'permanent');
    // Graph names a team by its group id; the configuration may give its thread id (19:…).
    const groupId = await this.options.conversations.groupIdOfTeam(teamId);
    if (!groupId) {
      throw new ChatDeliveryError(
        `the group id of the Teams team ${teamId} is not known yet: add the app to the team (Teams tells the bot then), or set msteamsTeamId to the team's group id (a GUID)`,
        'retry',
      );
    }
    if (isPrivate) this.options.log.info('a private crisis room is created as a standard channel in Teams (a bot cannot create private channels with resource-specific consent)');
    const display = teamsChannelName(name);
    for (let attempt = 0; attempt < 5; attempt++) {
      const displayName = attempt === 0 ? display : `${display.slice(0, 45)}-${attempt + 1}`;
      const res = await this.graph('POST', `teams/${encodeURIComponent(groupId)}/channels`, { displayName, description: 'Community Desk crisis room', membershipType: 'standard' });
      if (res.status === 201 || res.status === 200) {
        const id = (res.body as { id?: unknown }).id;
        if (typeof id !== 'string') throw new ChatDeliveryError('Graph created a channel without an id', 'retry');
        const team = await this.options.conversations.find(refKey.team(teamId));
        if (team) await this.options.conversations.remember(refKey.channel(id), { ...team, teamId, conversationId: id });
        return { channel: id };
      }
      const code = (res.body as { error?: { code?: string } }).error?.code;
      if (res.status === 409 || code === 'NameAlreadyExists') continue;
      throw graphError(res.status, res.body, res.retryAfterMs);
    }
    throw new ChatDeliveryError(`no free channel name for the crisis room "${display}"`, 'permanent');
  }

  /** The bot is a member of its team: every standard channel of it is open to it. */
  async joinRoom(): Promise<void> {}

  /** Everyone in a team sees its standard channels; the roster is paged in 1:1 chats. */
  async inviteToRoom(): Promise<void> {}

  async postCrisisMessage(to: ChatTarget, view: CrisisMessageView): Promise<{ channel: string; messageId: string }> {
    const message = this.options.render.crisis(view, to);
    if (to.kind === 'channel') return { channel: to.channel, messageId: await this.postToChannel(to.channel, message, 'crisis message') };
    return this.postToPerson(to.member, message, 'crisis page');
  }

  async updateCrisisMessage(channel: string, messageId: string, view: CrisisMessageView): Promise<void> {
    await this.update(channel, messageId, this.options.render.crisis(view, { kind: 'channel', channel }), 'crisis message');
  }

  async postDigest(channel: string, view: DigestView, chart: DigestChart | null): Promise<void> {
    await this.postToChannel(channel, this.options.render.digest(view, chart, channel), 'digest');
  }

  /** A new post (thread) in a channel; answers its activity id. */
  private async postToChannel(channel: string, message: TeamsMessage, what: string): Promise<string> {
    const ref = await this.channelRef(channel);
    return this.create(ref.serviceUrl, channel, message, what);
  }

  private async update(conversationId: string, messageId: string, message: TeamsMessage, what: string): Promise<void> {
    const ref =
      (await this.options.conversations.find(refKey.conversation(conversationId))) ?? (await this.findChannelRef(conversationId)) ?? (await this.conversationRef(conversationId));
    try {
      await this.client(ref.serviceUrl).conversations.updateActivity(conversationId, messageId, { ...message, id: messageId } as never);
    } catch (error) {
      throw this.classify(error, what, message);
    }
  }

  private async create(serviceUrl: string, conversationId: string, message: TeamsMessage, what: string): Promise<string> {
    try {
      const res = await this.client(serviceUrl).conversations.createActivity(conversationId, { ...message } as never);
      const id = (res as { id?: unknown }).id;
      if (typeof id !== 'string' || !id) throw new ChatDeliveryError(`the Bot Connector accepted the ${what} without an activity id`, 'retry');
      return id;
    } catch (error) {
      throw this.classify(error, what, message);
    }
  }

  private async postToPerson(member: MemberInfo, message: TeamsMessage, what: string): Promise<{ channel: string; messageId: string }> {
    const aad = teamsUserIdOf(member);
    if (!aad) throw new ChatDeliveryError(`${member.id} has no Teams identity (msteamsUserId)`, 'permanent');
    const person = await this.options.conversations.find(refKey.person(aad));
    return this.postToPersonId(aad, person, message, what, member);
  }

  /** Into the person's 1:1 chat with the bot, opened by the bot when there is none yet (and remembered). */
  private async postToPersonId(aad: string, person: TeamsReference | null, message: TeamsMessage, what: string, member?: MemberInfo): Promise<{ channel: string; messageId: string }> {
    let ref = person;
    if (!ref) {
      // Never met in Teams: its tenant's service URL from a channel of their team.
      const teamChannel = member ? await this.anyChannelRefOf(member) : null;
      if (!teamChannel) {
        throw new ChatDeliveryError(`the bot has not met ${member?.id ?? aad} in Teams yet: add the app to their team (or install it for them) so it learns where to reach them`, 'permanent');
      }
      ref = { serviceUrl: teamChannel.serviceUrl, tenantId: teamChannel.tenantId };
    }
    let conversationId = ref.conversationId;
    if (!conversationId) {
      const client = this.client(ref.serviceUrl);
      const tenantId = ref.tenantId ?? this.options.tenantId;
      try {
        const created = await client.conversations.create({
          isGroup: false,
          bot: { id: `28:${this.options.appId}`, name: 'Community Desk' },
          // A 29: id when the bot has seen the person; otherwise their Entra object id, which the connector also takes.
          members: [{ id: ref.userId ?? aad, name: ref.name ?? '' }],
          tenantId,
          channelData: tenantId ? { tenant: { id: tenantId } } : undefined,
        } as never);
        conversationId = (created as { id?: string }).id;
      } catch (error) {
        throw this.classify(error, `1:1 chat with ${member?.id ?? aad}`);
      }
      if (!conversationId) throw new ChatDeliveryError('the Bot Connector opened a 1:1 chat without an id', 'retry');
      await this.options.conversations.remember(refKey.person(aad), { ...ref, conversationId });
      await this.options.conversations.remember(refKey.conversation(conversationId), { serviceUrl: ref.serviceUrl, tenantId: ref.tenantId, conversationId });
    }
    const messageId = await this.create(ref.serviceUrl, conversationId, message, what);
    return { channel: conversationId, messageId };
  }

  /**
   * A service URL to open a 1:1 chat with someone the bot never met: from a Teams team of their desk
   * teams, else from the desk's own Teams team (a tenant's teams share one service URL; people on no
   * desk team with a Teams channel, such as admins or a crisis roster, are reached that way).
   */
  private async anyChannelRefOf(member: MemberInfo): Promise<TeamsReference | null> {
    const deskTeam = this.options.roomTeamId();
    for (const teamId of [...this.options.teamsOfMember(member), ...(deskTeam ? [deskTeam] : [])]) {
      const ref = await this.options.conversations.find(refKey.team(teamId));
      if (ref) return ref;
    }
    return null;
  }

  private async channelRef(channel: string): Promise<TeamsReference> {
    const ref = await this.findChannelRef(channel);
    if (ref) return ref;
    // The bot posts only where it was added: until Teams tells it (install, conversationUpdate), it cannot know the service URL.
    throw new ChatDeliveryError(`the bot has not been added to the Teams channel ${channel} (or its team) yet: add the app to the team, then the card is posted`, 'retry');
  }

  /**
   * A channel's service URL: its own reference, or its team's. A channel the configuration names
   * without its team (a crisis room, a stakeholder channel) that nobody wrote in yet: a team's General
   * channel has the team's id; any other takes the service URL of the desk's own team (one tenant, one
   * service URL). Should the bot not be in that channel's team, Teams says so and the row fails with it.
   */
  private async findChannelRef(channel: string): Promise<TeamsReference | null> {
    const known = await this.options.conversations.channel(channel, this.options.teamOfChannel(channel));
    if (known) return known;
    for (const teamId of [channel, this.options.roomTeamId()]) {
      const team = teamId ? await this.options.conversations.find(refKey.team(teamId)) : null;
      if (team) return { ...team, conversationId: channel };
    }
    return null;
  }

  /** A conversation that is not a channel (a 1:1 chat the bot opened or was spoken to in). */
  private async conversationRef(conversationId: string): Promise<TeamsReference> {
    const found = await this.options.conversations.find(refKey.conversation(conversationId));
    if (found) return found;
    throw new ChatDeliveryError(`no stored service URL for the Teams conversation ${conversationId}`, 'permanent');
  }

  private client(serviceUrl: string): ApiClient {
    let client = this.clients.get(serviceUrl);
    if (!client) {
      const http = new HttpClient({
        timeout: this.options.timeoutMs ?? 15_000,
        token: () => this.options.tokens.token(BOT_SCOPE),
        headers: { 'User-Agent': 'CommunityDesk (teams.ts)' },
      });
      client = new ApiClient(serviceUrl, http);
      this.clients.set(serviceUrl, client);
    }
    return client;
  }

  private async graph(method: string, path: string, body: unknown): Promise<{ status: number; body: unknown; retryAfterMs?: number }> {
    const token = await this.options.tokens.token(GRAPH_SCOPE);
    let res: Response;
    try {
      res = await fetch(new URL(path, this.options.graphUrl), {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new ChatDeliveryError(`Microsoft Graph unreachable: ${(error as Error).message}`, 'retry');
    }
    const text = await res.text();
    let json: unknown = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = { error: { message: text.slice(0, 200) } };
    }
    return { status: res.status, body: json, retryAfterMs: retryAfterMs(res.headers.get('retry-after')) };
  }

  /** A failed Bot Connector call as a DeliveryError; a 413 is logged with what was too big. */
  private classify(error: unknown, what: string, message?: TeamsMessage): Error {
    if (error instanceof ChatDeliveryError) return error;
    const status = statusOf(error);
    const detail = errorDetail(error);
    if (status === undefined) return new ChatDeliveryError(`Bot Connector unreachable (${what}): ${detail}`, 'retry');
    if (status === 429) return new ChatDeliveryError(`Bot Connector rate limit (${what})`, 'rate_limited', retryAfterMs(headerOf(error, 'retry-after')));
    if (status === 412 || status === 500 || status === 502 || status === 503 || status === 504) {
      return new ChatDeliveryError(`Bot Connector answered ${status} (${what}): ${detail}`, 'retry', retryAfterMs(headerOf(error, 'retry-after')));
    }
    if (status === 413) {
      const size = message ? Buffer.byteLength(JSON.stringify(message)) : 0;
      this.options.log.error({ what, bytes: size, attachments: message?.attachments?.length ?? 0, textChars: message?.text?.length ?? 0 }, 'Teams refused a message as too big (413)');
      return new ChatDeliveryError(`Teams refused the ${what} as too big (${size} bytes)`, 'permanent');
    }
    if (status === 401) return new ChatDeliveryError(`Bot Connector refused the bot's token (${what}): check TEAMS_APP_ID / TEAMS_APP_PASSWORD`, 'retry');
    return new ChatDeliveryError(`Bot Connector answered ${status} (${what}): ${detail}`, 'permanent');
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function headerOf(error: unknown, name: string): string | null {
  const headers = (error as { response?: { headers?: Record<string, unknown> & { get?: (n: string) => unknown } } } | null)?.response?.headers;
  const value = headers?.[name];
  return typeof value === 'string' ? value : null;
}

function errorDetail(error: unknown): string {
  const data = (error as { response?: { data?: { error?: { code?: string; message?: string } } } } | null)?.response?.data;
  if (data?.error) return [data.error.code, data.error.message].filter(Boolean).join(': ').slice(0, 300);
  return ((error as Error)?.message ?? String(error)).slice(0, 300);
}

/** Retry-After in seconds (or an HTTP date) as milliseconds. */
export function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.min(seconds, 3600)) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function graphError(status: number, body: unknown, retryAfter?: number): ChatDeliveryError {
  const error = (body as { error?: { code?: string; message?: string } }).error;
  const detail = [error?.code, error?.message].filter(Boolean).join(': ');
  if (status === 429) return new ChatDeliveryError(`Microsoft Graph rate limit: ${detail}`, 'rate_limited', retryAfter);
  if (status >= 500) return new ChatDeliveryError(`Microsoft Graph answered ${status}: ${detail}`, 'retry', retryAfter);
  if (status === 403) return new ChatDeliveryError(`Microsoft Graph refused to create the room channel (${detail}): consent to the app's Channel.Create.Group permission in the team`, 'permanent');
  return new ChatDeliveryError(`Microsoft Graph answered ${status}: ${detail}`, 'permanent');
}

/** Teams channel names: at most 50 characters, none of ~ # % & * { } + / \ : < > ? | ' " and not starting with an underscore or period. */
export function teamsChannelName(name: string): string {
  const cleaned = name.replace(/[~#%&*{}+/\\:<>?|'"\u0000-\u001f]/g, '-').replace(/^[_.]+/, '').trim();
  return (cleaned || 'crisis-room').slice(0, 50);
}
