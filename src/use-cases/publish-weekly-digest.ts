import type { TeamInfo } from '../domain/directory.ts';
import type { KpiWeek } from '../domain/kpi.ts';
import type { OutboxItem } from '../domain/outbox-intent.ts';
import type { DigestView } from '../domain/kpi.ts';
import { type DigestDeps, buildWeeklyDigest } from './build-weekly-digest.ts';

/**
 * The outbox row that posts a recorded digest into one of the team's channels; its key makes a week's
 * digest go out once per channel (the first channel keeps the key it always had).
 */
export function digestItem(view: DigestView, to: { platform: string; channel: string }, index = 0): OutboxItem {
  const { platform, channel } = to;
  return {
    dedupeKey: `kpi.digest:${view.teamId}:${view.figures.week.label}${index ? `:${index}` : ''}`,
    channel,
    intent: { kind: 'kpi.digest', platform, teamId: view.teamId, week: view.figures.week.label, channel },
  };
}

/** The team's channel on `platform` that its digest goes to (one of them when no platform is named); none: no digest in a channel there. */
export function digestChannel(team: TeamInfo, platform?: string): string | undefined {
  return (platform ? team.channels?.find((c) => c.platform === platform) : team.channels?.[0])?.channel;
}

/**
 * Posts a team's digest for a week into its channel, once: builds it, records it (kpi_digest) with its
 * outbox row in one transaction. A week already posted is not posted again.
 */
export async function publishWeeklyDigest(
  teamId: string,
  week: KpiWeek,
  deps: DigestDeps,
): Promise<{ outcome: 'posted'; view: DigestView } | { outcome: 'already_posted' } | { outcome: 'no_channel' }> {
  const team = deps.directory.team(teamId);
  if (!team?.channels?.length) return { outcome: 'no_channel' };
  if (await deps.kpi.postedDigest(teamId, week.label)) return { outcome: 'already_posted' };
  const view = await buildWeeklyDigest(teamId, week, deps);
  const recorded = await deps.kpi.recordDigest(view, (team.channels ?? []).map((c, i) => digestItem(view, c, i)), deps.clock.now());
  return recorded ? { outcome: 'posted', view } : { outcome: 'already_posted' };
}
