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
  /** After a failed lookup, how long the desk answers from what it knows before asking Slack again (default 30 s). */
  failureTtlMs?: number;
  /** How long a click waits for Slack's answer (default 2 s); the lookup goes on and fills the cache for the next click. */
  waitMs?: number;
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
  /** When a lookup last failed, per channel and per profile: not asked again before `failureTtlMs`. */
  private readonly failedAt = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly waitMs: number;
  private readonly maxChannels: number;
  private readonly maxPages: number;

  constructor(
    private readonly client: WebClient,
    private readonly options: SlackPeopleOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxChannels = options.maxChannels ?? 200;
    this.maxPages = options.maxPages ?? 20;
    this.failureTtlMs = options.failureTtlMs ?? 30_000;
    this.waitMs = options.waitMs ?? 2000;
  }

  async isInChannel(channel: string, userId: string): Promise<boolean> {
    return (await this.channelMembers(channel))?.has(userId) ?? false;
  }

  /** The channel's members as Slack last said; clicks at the same moment share one lookup. */
  async channelMembers(channel: string): Promise<ReadonlySet<string> | null> {
    const cached = this.cache.get(channel);
    if (cached && this.options.now() - cached.fetchedAt < this.ttlMs) return cached.members;
    // Slack said no a moment ago (an outage, a missing scope): answer from what we know, without asking again.
    if (this.failedRecently(`channel:${channel}`)) return cached?.members ?? null;
    let lookup = this.fetching.get(channel);
    if (!lookup) {
      lookup = this.fetchMembers(channel)
        .then(
          (members) => {
            this.remember(channel, members);
            this.failedAt.delete(`channel:${channel}`);
            return members;
          },
          (error: unknown) => {
            this.noteFailure(`channel:${channel}`);
            this.warn(error, { channel }, 'could not read the members of a team channel');
            return cached?.members ?? null;
          },
        )
        .finally(() => this.fetching.delete(channel));
      this.fetching.set(channel, lookup);
    }
    return this.waitAtMost(lookup, cached?.members ?? null);
  }

  async profile(userId: string): Promise<ChatProfile | null> {
    if (this.failedRecently(`user:${userId}`)) return null;
    let user;
    try {
      const answer = await this.waitAtMost(this.client.users.info({ user: userId, include_locale: true }), null, 'profile');
      if (!answer) return null;
      ({ user } = answer);
    } catch (error) {
      this.noteFailure(`user:${userId}`);
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

  private noteFailure(key: string): void {
    this.failedAt.delete(key);
    this.failedAt.set(key, this.options.now());
    // Kept small: the oldest failures are forgotten first (they would be asked again anyway).
    for (const oldest of this.failedAt.keys()) {
      if (this.failedAt.size <= this.maxChannels * 5) break;
      this.failedAt.delete(oldest);
    }
  }

  private failedRecently(key: string): boolean {
    const at = this.failedAt.get(key);
    if (at === undefined) return false;
    if (this.options.now() - at < this.failureTtlMs) return true;
    this.failedAt.delete(key);
    return false;
  }

  /** The lookup's answer, or `fallback` once a click has waited `waitMs` for it (the lookup carries on). */
  private waitAtMost<T, F>(lookup: Promise<T>, fallback: F, what = 'channel members'): Promise<T | F> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<F>((resolve) => {
      timer = setTimeout(() => {
        this.options.log.warn({ waitedMs: this.waitMs, lookup: what }, 'Slack is slow to answer; deciding with what the desk knows');
        resolve(fallback);
      }, this.waitMs);
      timer.unref?.();
    });
    return Promise.race([lookup, late]).finally(() => clearTimeout(timer));
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
