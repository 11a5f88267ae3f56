import type { ActorContext, Priority, Role } from './comment-lifecycle.ts';
import { type ServiceLevel, fallbackServiceLevel } from './service-level.ts';
import type { Goal } from './kpi.ts';

export type Locale = 'de' | 'en';

export interface TeamInfo {
  id: string;
  name: string;
  slackChannel?: string;
  leadId?: string;
  locale: Locale;
  timeZone: string;
  /** Working hours, holidays, targets and escalation ladder; left out: around the clock with the defaults. */
  serviceLevel?: ServiceLevel;
  /** Goals measured in the weekly digest (the team's own, else the desk's). */
  goals?: Goal[];
  /** When the weekly digest goes out in the team's zone; absent or disabled: no digest. */
  digest?: { weekday: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'; time: string; enabled: boolean };
}

export interface MemberInfo {
  id: string;
  name: string;
  slackUserId?: string;
  roles: Role[];
  teamIds: string[];
  locale?: Locale;
  timeZone: string;
}

/** Teams and members as configured; read-only at run time, looked up by our ids and by chat ids. */
export class Directory {
  private readonly teams = new Map<string, TeamInfo>();
  private readonly members = new Map<string, MemberInfo>();
  private readonly bySlackUser = new Map<string, MemberInfo>();

  constructor(
    teams: TeamInfo[],
    members: MemberInfo[],
    readonly defaults: { teamId: string; priority: Priority },
  ) {
    for (const t of teams) this.teams.set(t.id, t);
    for (const m of members) {
      this.members.set(m.id, m);
      if (m.slackUserId) this.bySlackUser.set(m.slackUserId, m);
    }
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

  memberBySlackUser(slackUserId: string): MemberInfo | undefined {
    return this.bySlackUser.get(slackUserId);
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
