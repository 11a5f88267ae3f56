import type { Directory, Locale, MemberInfo } from '../domain/directory.ts';
import { findMember } from './act-on-comment.ts';

/** A command as typed on any platform: who, what they typed after the command's name, and where. */
export interface CommandInput {
  platform: string;
  platformUserId: string;
  text: string;
  /** Unique per command sent; a repeated delivery of the same command changes nothing twice. */
  requestId: string;
  /** The channel it was typed in, on that platform. */
  channelId?: string;
}

export interface Asker {
  /** Undefined: not on the desk. */
  member: MemberInfo | undefined;
  locale: Locale;
}

/** Who typed a command or pressed a button, and the language to answer in: theirs, else the default team's. */
export function askerOf(directory: Directory, who: { platform: string; platformUserId: string }): Asker {
  const member = findMember(directory, who.platform, who.platformUserId);
  return { member, locale: directory.localeOf(member?.id, member ? undefined : directory.defaults.teamId) };
}
