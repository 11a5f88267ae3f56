import { ErrorCode, type WebClient } from '@slack/web-api';
import type { ChatPeople, ChatProfile } from '../../domain/chat-people.ts';
import type { Locale } from '../../domain/directory.ts';
import type { Logger } from '../../logger.ts';
import { classifySlackError } from './slack-gateway.ts';
import { SLACK } from './slack-identity.ts';

export interface SlackPeopleOptions {
  /** Milliseconds since the epoch: the desk's clock, so tests move the cache's time themselves. */
  now: () => number;
  log: Logger;
  /** How long a channel's member list is trusted (default 60 s): a click must not wait for Slack each time. */
  ttlMs?: number;
  /** How many channels' lists are kept (default 200); the least recently fetched goes first. */
  maxChannels?: number;
  /** Pages of conversations.members read per channel (default 20 of 999 ids); bigger channels are cut there. */
  maxPages?: number;
}

interface CachedMembers {
  fetchedAt: number;
  members: ReadonlySet<string>;
}

/** What an operator must do when Slack refuses to say who is in a channel or who someone is. */
const HINTS: Record<string, string> = {
  missing_scope: 'reinstall the app with the scopes in manifests/slack/manifest.yaml (channels:read, groups:read, users:read)',
  channel_not_found: 'invite the bot to the team channel (/invite @Community Desk) and check slackChannel',
};

/**
 * Who is in a team channel (conversations.members, every page, cached briefly per channel) and who a
 * person is (users.info with their locale and zone), for `members: channel` teams. A failed lookup is
 * logged and answered from the last list Slack gave, else as "not in the channel".
 */
export class SlackPeople implements ChatPeople {
  readonly platform = SLACK;
  private readonly cache = new Map<string, CachedMembers>();
  private readonly fetching = new Map<string, Promise<ReadonlySet<string> | null>>();
  private readonly ttlMs: number;
  private readonly maxChannels: number;
  private readonly maxPages: number;

  constructor(
    private readonly client: WebClient,
    private readonly options: SlackPeopleOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxChannels = options.maxChannels ?? 200;
    this.maxPages = options.maxPages ?? 20;
  }

  async isInChannel(channel: string, userId: string): Promise<boolean> {
    return (await this.channelMembers(channel))?.has(userId) ?? false;
  }

  /** The channel's members as Slack last said; clicks at the same moment share one lookup. */
  async channelMembers(channel: string): Promise<ReadonlySet<string> | null> {
    const cached = this.cache.get(channel);
    if (cached && this.options.now() - cached.fetchedAt < this.ttlMs) return cached.members;
    const running = this.fetching.get(channel);
    if (running) return running;
    const lookup = this.fetchMembers(channel).then(
      (members) => {
        this.remember(channel, members);
        return members;
      },
      (error: unknown) => {
        this.warn(error, { channel }, 'could not read the members of a team channel');
        return cached?.members ?? null;
      },
    );
    this.fetching.set(channel, lookup);
    try {
      return await lookup;
    } finally {
      this.fetching.delete(channel);
    }
  }

  async profile(userId: string): Promise<ChatProfile | null> {
    let user;
    try {
      ({ user } = await this.client.users.info({ user: userId, include_locale: true }));
    } catch (error) {
      this.warn(error, { user: userId }, 'could not read a Slack profile');
      return null;
    }
    if (!user || user.deleted || user.is_bot) return null;
    const name = [user.profile?.display_name, user.profile?.real_name, user.real_name, user.name].map((n) => n?.trim()).find(Boolean) ?? userId;
    return {
      name,
      ...(localeOf(user.locale) ? { locale: localeOf(user.locale) } : {}),
      ...(user.tz ? { timeZone: user.tz } : {}),
    };
  }

  private async fetchMembers(channel: string): Promise<ReadonlySet<string>> {
    const members = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < this.maxPages; page++) {
      const result = await this.client.conversations.members({ channel, limit: 999, cursor });
      for (const id of result.members ?? []) members.add(id);
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) return members;
    }
    this.options.log.warn({ channel, read: members.size }, 'team channel has more members than the desk reads; people beyond them are not found');
    return members;
  }

  private remember(channel: string, members: ReadonlySet<string>): void {
    this.cache.delete(channel);
    this.cache.set(channel, { fetchedAt: this.options.now(), members });
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= this.maxChannels) break;
      this.cache.delete(oldest);
    }
  }

  private warn(error: unknown, context: Record<string, string>, message: string): void {
    const code = (error as { code?: string; data?: { error?: string } }).code === ErrorCode.PlatformError ? (error as { data?: { error?: string } }).data?.error : undefined;
    const hint = code && HINTS[code] ? `: ${HINTS[code]}` : '';
    this.options.log.warn({ ...context, error: classifySlackError(error).message }, `${message}${hint}`);
  }
}

/** Slack's locale (`de-DE`, `en-GB`) as a language the desk speaks. */
function localeOf(slackLocale: string | undefined): Locale | undefined {
  const language = slackLocale?.slice(0, 2).toLowerCase();
  return language === 'de' || language === 'en' ? language : undefined;
}
