import type { TeamInfo } from '../domain/directory.ts';
import type { KpiWeek } from '../domain/kpi.ts';
import type { OutboxItem } from '../domain/notice.ts';
import type { DigestView } from '../domain/kpi.ts';
import { type DigestDeps, buildWeeklyDigest } from './build-weekly-digest.ts';

/** The outbox row that posts a recorded digest; its key makes a week's digest go out once. */
export function digestItem(view: DigestView, channel: string): OutboxItem {
  return {
    dedupeKey: `kpi.digest:${view.teamId}:${view.figures.week.label}`,
    channel,
    intent: { kind: 'kpi.digest', teamId: view.teamId, week: view.figures.week.label, channel },
  };
}

/** The channel a team's digest goes to; none: the team gets no digest in a channel. */
export function digestChannel(team: TeamInfo): string | undefined {
  return team.slackChannel;
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
  const channel = team && digestChannel(team);
  if (!channel) return { outcome: 'no_channel' };
  if (await deps.kpi.postedDigest(teamId, week.label)) return { outcome: 'already_posted' };
  const view = await buildWeeklyDigest(teamId, week, deps);
  const recorded = await deps.kpi.recordDigest(view, [digestItem(view, channel)], deps.clock.now());
  return recorded ? { outcome: 'posted', view } : { outcome: 'already_posted' };
}
