import type { TeamInfo } from '../domain/directory.ts';

/** The chat channels where a team's cards live (Slack today; Teams joins here). */
export function cardTargetsOf(team: TeamInfo): { platform: string; channel: string }[] {
  return team.slackChannel ? [{ platform: 'slack', channel: team.slackChannel }] : [];
}
