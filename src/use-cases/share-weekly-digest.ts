import { type RichText, channel as channelLink } from '../domain/rich-text.ts';
import { kpiTexts } from '../domain/kpi-texts.ts';
import { parseIsoWeek } from '../domain/kpi-week.ts';
import type { DeskStore } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import { privateAnswer } from './act-on-comment.ts';
import { resolveMember } from './resolve-member.ts';
import type { DigestDeps } from './build-weekly-digest.ts';
import { digestChannel, publishWeeklyDigest } from './publish-weekly-digest.ts';

export interface ShareDigestInput {
  teamId: string;
  /** ISO week label, e.g. "2026-W47". */
  week: string;
  platform: string;
  platformUserId: string;
  /** Where to answer the person privately (the channel of the click). */
  replyChannel?: string;
  /** Unique per click: a retried delivery of the same click answers once. */
  requestId: string;
}

export type ShareDigestDeps = DigestDeps & { store: DeskStore; log: Logger };

export type ShareDigestOutcome = 'posted' | 'already_posted' | 'no_channel' | 'not_member' | 'no_team';

/**
 * "Post to channel" under a /kpi answer: posts that week's digest to the team's channel, once. Any
 * desk member may share their view with the team. The answer (posted, already there, or why not)
 * reaches the person privately through the outbox, in their own language if they set one, else in the
 * language of the digest's team (the words they are about to share).
 */
export async function shareWeeklyDigest(input: ShareDigestInput, deps: ShareDigestDeps): Promise<ShareDigestOutcome> {
  const { directory } = deps;
  const member = await resolveMember({ platform: input.platform, platformUserId: input.platformUserId, channel: input.replyChannel }, deps);
  const team = directory.team(input.teamId);
  const t = kpiTexts(directory.localeOf(member?.id, team?.id ?? directory.defaults.teamId));
  let outcome: ShareDigestOutcome;
  let answer: RichText;
  if (!member) [outcome, answer] = ['not_member', t.kpiNotMember()];
  else if (!team) [outcome, answer] = ['no_team', t.kpiNoTeam()];
  else {
    const week = parseIsoWeek(input.week, team.timeZone);
    outcome = week ? (await publishWeeklyDigest(team.id, week, deps)).outcome : 'no_channel';
    const channel = digestChannel(team, input.platform);
    const where = channel ? channelLink(channel) : team.name;
    answer = outcome === 'posted' ? t.posted(where) : outcome === 'already_posted' ? t.alreadyPosted : t.noChannel(team.name);
    deps.log.info({ team: team.id, week: input.week, by: member.id, outcome }, '/kpi post');
  }
  const item = privateAnswer(input, { text: answer });
  if (item) await deps.store.enqueue([item], deps.clock.now());
  return outcome;
}
