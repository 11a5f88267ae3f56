import type { Locale } from './directory.ts';

/** A person as their chat platform describes them: what a member recorded on first use starts with. */
export interface ChatProfile {
  name: string;
  /** Only when the platform's language is one the desk speaks. */
  locale?: Locale;
  /** An IANA zone, when the platform knows one. */
  timeZone?: string;
}

/**
 * Who is in a channel and what they are called, on one chat platform: what `members: channel` teams
 * need. Answers may be a little old (implementations cache channel membership briefly).
 */
export interface ChatPeople {
  readonly platform: string;
  /** Whether `userId` is in `channel` now (false when the platform cannot say). */
  isInChannel(channel: string, userId: string): Promise<boolean>;
  /** The person's name, language and zone; null when the platform does not know them (deleted, a bot, unreachable). */
  profile(userId: string): Promise<ChatProfile | null>;
}
