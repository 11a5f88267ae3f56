import type { ChatPeople, ChatProfile } from '../../domain/chat-people.ts';
import type { Locale } from '../../domain/directory.ts';
import { MSTEAMS } from './teams-identity.ts';

/** What one activity tells about its sender. */
export interface TeamsSighting {
  /** Entra object id, lowercase: the desk's Teams user id. */
  userId: string;
  /** The channel the activity came from (a click on a card there proves the person sees it). */
  channel?: string;
  name?: string;
  /** The client's locale, e.g. `de-DE`. */
  locale?: string;
  /** The client's IANA zone (Teams sends it in the clientInfo entity). */
  timeZone?: string;
}

/**
 * Who is in a Teams channel and who a person is, for `members: channel` teams. Teams authenticates
 * every activity: a click or message that arrives from a channel comes from someone who sees it (in a
 * standard channel, the team's members). Those sightings are kept for `ttlMs`, with the name, language
 * and zone the client sent, so a first click needs no extra call to Microsoft.
 */
export class TeamsPeople implements ChatPeople {
  readonly platform = MSTEAMS;
  private readonly seen = new Map<string, number>();
  private readonly profiles = new Map<string, ChatProfile>();

  constructor(private readonly options: { now: () => number; ttlMs?: number; maxEntries?: number }) {}

  observe(sighting: TeamsSighting): void {
    const now = this.options.now();
    if (sighting.channel) this.remember(this.seen, `${sighting.channel}\u0000${sighting.userId}`, now);
    if (sighting.name) {
      const locale = localeOf(sighting.locale);
      this.remember(this.profiles, sighting.userId, {
        name: sighting.name,
        ...(locale ? { locale } : {}),
        // Checked where it is used (resolveMember takes only a zone the runtime knows).
        ...(sighting.timeZone ? { timeZone: sighting.timeZone.slice(0, 64) } : {}),
      });
    }
  }

  async isInChannel(channel: string, userId: string): Promise<boolean> {
    const at = this.seen.get(`${channel}\u0000${userId.toLowerCase()}`);
    return at !== undefined && this.options.now() - at <= (this.options.ttlMs ?? 10 * 60_000);
  }

  async profile(userId: string): Promise<ChatProfile | null> {
    return this.profiles.get(userId.toLowerCase()) ?? null;
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    const max = this.options.maxEntries ?? 10_000;
    while (map.size > max) map.delete(map.keys().next().value!);
  }
}

function localeOf(locale: string | undefined): Locale | undefined {
  const language = locale?.slice(0, 2).toLowerCase();
  return language === 'de' || language === 'en' ? language : undefined;
}
