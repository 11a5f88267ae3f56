import type { Locale, MemberInfo } from '../domain/directory.ts';
import { type MemberDeps, resolveMember } from './resolve-member.ts';

/** A command as typed on any platform: who, what they typed after the command's name, and where. */
export interface CommandInput {
  platform: string;
  platformUserId: string;
  text: string;
  /** Unique per command sent; a repeated delivery of the same command changes nothing twice. */
  requestId: string;
  /** The channel it was typed in, on that platform. */
  channelId?: string;
  /** How commands are typed on the platform, for help and usage texts: `/` (slash commands, the default) or `` (words after a mention). */
  commandPrefix?: string;
  /** Where what the command starts in chat goes (a crisis room and its pages); default: `platform`. */
  roomPlatform?: string;
  /** The language the asker reads, where the surface knows it (a page's language switch); default: the member's. */
  locale?: Locale;
}

/** A command's name as the asker types it on their platform: `/kpi` with slash commands, `kpi` after a mention. */
export function typedCommand(name: string, input: Pick<CommandInput, 'commandPrefix'>): string {
  return `${input.commandPrefix ?? '/'}${name.replace(/^\//, '')}`;
}

export interface Asker {
  /** Undefined: not on the desk. */
  member: MemberInfo | undefined;
  locale: Locale;
}

/** Who typed a command or pressed a button, and the language to answer in: theirs, else the default team's. */
export async function askerOf(deps: MemberDeps, who: { platform: string; platformUserId: string; channelId?: string; locale?: Locale }): Promise<Asker> {
  const { directory } = deps;
  const member = (await resolveMember({ platform: who.platform, platformUserId: who.platformUserId, channel: who.channelId }, deps)) ?? undefined;
  return { member, locale: who.locale ?? directory.localeOf(member?.id, member ? undefined : directory.defaults.teamId) };
}
