import { Directory } from '../domain/directory.ts';
import type { Priority } from '../domain/comment-lifecycle.ts';
import { type Phase, type ServiceLevel, defaultTargets } from '../domain/service-level.ts';
import { WorkingCalendar } from '../domain/working-calendar.ts';
import type { DeskConfig, TeamConfig, WorkingDuration } from './desk-config-schema.ts';
import { PRIORITIES } from './desk-config-schema.ts';
import { buildSavedReplies, buildTone } from './tone-config-schema.ts';

export function buildDirectory(config: DeskConfig): Directory {
  return new Directory(
    config.teams.map((t) => ({
      id: t.id,
      name: t.name,
      channels: [
        ...(t.slackChannel ? [{ platform: 'slack', channel: t.slackChannel }] : []),
        ...(t.msteamsChannel ? [{ platform: 'msteams', channel: t.msteamsChannel, ...(t.msteamsTeamId ? { space: t.msteamsTeamId } : {}) }] : []),
      ],
      members: t.members ?? 'listed',
      leadId: t.lead,
      locale: t.locale,
      timeZone: t.timeZone,
      serviceLevel: buildServiceLevel(config, t),
      goals: t.goals ?? config.goals,
      digest: { ...config.digest, ...t.digest },
      ...toneOf(config, t),
    })),
    config.members.map((m) => ({
      id: m.id,
      name: m.name,
      identities: [
        ...(m.slackUserId ? [{ platform: 'slack', userId: m.slackUserId }] : []),
        ...(m.msteamsUserId ? [{ platform: 'msteams', userId: m.msteamsUserId.toLowerCase() }] : []),
      ],
      roles: m.roles,
      teamIds: m.teams,
      locale: m.locale,
      timeZone: m.timeZone,
    })),
    { teamId: config.defaultTeam, priority: config.defaultPriority },
  );
}

/** Tone and saved replies only where configured, so a desk without them builds the teams it always built. */
function toneOf(config: DeskConfig, team: TeamConfig) {
  const tone = buildTone(config.tone, team.tone);
  const savedReplies = buildSavedReplies(config.savedReplies, team.savedReplies);
  return { ...(tone ? { tone } : {}), ...(savedReplies.length ? { savedReplies } : {}) };
}

/**
 * A team's promise: its calendar (zone, working hours, desk and team holidays), the desk's targets
 * with the team's overrides ("1d" = one typical working day of the team), and its escalation ladder.
 */
export function buildServiceLevel(config: DeskConfig, team: TeamConfig): ServiceLevel {
  const calendar = new WorkingCalendar({
    timeZone: team.timeZone,
    weekly: team.workingHours ?? null,
    holidays: [...config.holidays, ...team.holidays],
  });
  const day = calendar.workingDayMs();
  const ms = (d: WorkingDuration) => d.days * day + d.minutes * 60_000;
  const targets = defaultTargets(day);
  for (const priority of PRIORITIES as readonly Priority[]) {
    const configured = { firstResponse: false, resolution: false };
    for (const phase of ['firstResponse', 'resolution'] as Phase[]) {
      const set = team.targets?.[priority]?.[phase] ?? config.targets[priority]?.[phase];
      if (set) targets[priority][phase] = ms(set);
      configured[phase] = Boolean(set);
    }
    // A default resolution never undercuts the first response (teams with very short days).
    if (!configured.resolution) targets[priority].resolution = Math.max(targets[priority].resolution, targets[priority].firstResponse);
    if (targets[priority].resolution < targets[priority].firstResponse) {
      throw new Error(
        `team "${team.id}": the ${priority} resolution target is shorter than its first-response target; set targets.${priority}.resolution to at least the first-response time`,
      );
    }
  }
  return { calendar, targets, ladder: team.escalation ?? config.escalation, mention: team.mention };
}
