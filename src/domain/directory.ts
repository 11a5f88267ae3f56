import type { ActorContext, Priority, Role } from './comment-lifecycle.ts';
import { type ServiceLevel, fallbackServiceLevel } from './service-level.ts';
import type { Goal } from './kpi.ts';
import type { SavedReply, ToneGuide } from './tone.ts';

export type Locale = 'de' | 'en';

/** Who a person is on one chat platform: `platform` is the adapter's id, `userId` the platform's own user id. */
export interface ChatIdentity {
  platform: string;
  userId: string;
}

/** Where a team works on one chat platform; `space` is the platform's container of the channel where it has one (the team or workspace the channel belongs to). */
export interface ChatChannel {
  platform: string;
  channel: string;
  space?: string;
}

/** Where a team's people come from: `listed` = only the configured members; `channel` = also everyone in its chat channel. */
export type MembershipSource = 'listed' | 'channel';

export interface TeamInfo {
  id: string;
  name: string;
  /** The team's channels, at most one per platform. */
  channels?: readonly ChatChannel[];
  /** Where its agents come from (default `listed`). */
  members?: MembershipSource;
  leadId?: string;
  locale: Locale;
  timeZone: string;
  /** Working hours, holidays, targets and escalation ladder; left out: around the clock with the defaults. */
  serviceLevel?: ServiceLevel;
  /** Goals measured in the weekly digest (the team's own, else the desk's). */
  goals?: Goal[];
  /** When the weekly digest goes out in the team's zone; absent or disabled: no digest. */
  digest?: { weekday: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'; time: string; enabled: boolean };
  /** The house tone of reply drafts (the desk's `tone` with the team's keys over it); absent: none configured. */
  tone?: ToneGuide;
  /** The desk's saved replies and the team's own (same id: the team's); absent: none. */
  savedReplies?: readonly SavedReply[];
}

export interface MemberInfo {
  id: string;
  name: string;
  /** The person on each chat platform they use (at most one per platform). */
  identities?: readonly ChatIdentity[];
  roles: Role[];
  teamIds: string[];
  locale?: Locale;
  timeZone: string;
  /** `config` (listed in the configuration; the default) or `channel` (recorded on first use from a team's channel). */
  origin?: 'config' | 'channel';
}

/** Teams and members as configured; read-only at run time, looked up by our ids and by chat ids. */
export class Directory {
  private readonly teams = new Map<string, TeamInfo>();
  private readonly members = new Map<string, MemberInfo>();
  private readonly byIdentity = new Map<string, MemberInfo>();

  constructor(
    teams: TeamInfo[],
    members: MemberInfo[],
    readonly defaults: { teamId: string; priority: Priority },
  ) {
    for (const t of teams) this.teams.set(t.id, t);
    for (const m of members) this.add(m);
  }

  /** Adds (or replaces) a member: configured ones at start, people recorded on first use later. */
  add(member: MemberInfo): void {
    const old = this.members.get(member.id);
    for (const i of old?.identities ?? []) this.byIdentity.delete(identityKey(i.platform, i.userId));
    this.members.set(member.id, member);
    for (const i of member.identities ?? []) this.byIdentity.set(identityKey(i.platform, i.userId), member);
  }

  team(id: string): TeamInfo | undefined {
    return this.teams.get(id);
  }

  /** The team's response-time promise; a team that is no longer configured gets the around-the-clock defaults. */
  serviceLevel(teamId: string): ServiceLevel {
    return this.teams.get(teamId)?.serviceLevel ?? (this.fallback ??= fallbackServiceLevel());
  }

  private fallback: ServiceLevel | undefined;

  member(id: string): MemberInfo | undefined {
    return this.members.get(id);
  }

  /** The member behind a platform's user id. */
  memberByIdentity(platform: string, userId: string): MemberInfo | undefined {
    return this.byIdentity.get(identityKey(platform, userId));
  }

  /** A member's user id on `platform`, if they use it. */
  identityOn(member: Pick<MemberInfo, 'identities'>, platform: string): string | undefined {
    return member.identities?.find((i) => i.platform === platform)?.userId;
  }

  /** The team's channel on `platform`, if it has one. */
  channelOn(team: Pick<TeamInfo, 'channels'>, platform: string): ChatChannel | undefined {
    return team.channels?.find((c) => c.platform === platform);
  }

  /** The team whose channel this is. */
  teamByChannel(platform: string, channel: string): TeamInfo | undefined {
    return this.allTeams().find((t) => (t.channels ?? []).some((c) => c.platform === platform && c.channel === channel));
  }

  allTeams(): TeamInfo[] {
    return [...this.teams.values()];
  }

  allMembers(): MemberInfo[] {
    return [...this.members.values()];
  }

  /** Members who can hold comments: anyone with the agent or lead role. */
  assignableMembers(): MemberInfo[] {
    return this.allMembers().filter((m) => m.roles.includes('agent') || m.roles.includes('lead'));
  }

  leadsTeam(member: MemberInfo, teamId: string): boolean {
    const team = this.teams.get(teamId);
    return team?.leadId === member.id || (member.roles.includes('lead') && member.teamIds.includes(teamId));
  }

  actorFor(member: MemberInfo, commentTeamId: string): ActorContext {
    return { memberId: member.id, roles: member.roles, leadsCommentTeam: this.leadsTeam(member, commentTeamId) };
  }

  localeOf(memberId: string | undefined, fallbackTeamId?: string): Locale {
    const m = memberId ? this.members.get(memberId) : undefined;
    if (m?.locale) return m.locale;
    const teamId = fallbackTeamId ?? m?.teamIds[0];
    return (teamId && this.teams.get(teamId)?.locale) || 'en';
  }

  displayName(memberId: string | null | undefined): string {
    if (!memberId) return '—';
    return this.members.get(memberId)?.name ?? memberId;
  }
}

const identityKey = (platform: string, userId: string) => `${platform}\u0000${userId}`;
