import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { CommandHandler } from './commands.ts';
import { z } from 'zod';
import type { Locale, MemberInfo } from '../../../domain/directory.ts';
import type { KpiWeek } from '../../../domain/kpi.ts';
import { kpiTexts } from '../../../domain/kpi-texts.ts';
import { parseIsoWeek, previousWeek, weekContaining } from '../../../domain/kpi-week.ts';
import type { OutboxItem } from '../../../domain/outbox-intent.ts';
import type { DeskStore } from '../../../domain/ports.ts';
import type { Logger } from '../../../logger.ts';
import { type DigestDeps, buildWeeklyDigest } from '../../../use-cases/build-weekly-digest.ts';
import { publishWeeklyDigest } from '../../../use-cases/publish-weekly-digest.ts';
import { renderDigest } from '../render-digest.ts';
import { escapeMrkdwn } from '../render-card.ts';
import { SLACK, slackChannelOf, teamOfSlackChannel } from '../slack-identity.ts';

export const KPI_COMMAND = '/kpi';
/** The "Post to channel" button under a /kpi answer; value {"t": teamId, "w": "2026-W47"}. */
export const KPI_POST_ACTION = 'desk.kpi.post';

export type KpiDeps = DigestDeps & { store: DeskStore };

/** Which team a person's /kpi is about: the team whose channel it was typed in, else their first team (admins: the default team). */
function teamFor(deps: KpiDeps, member: MemberInfo, channelId: string): string | null {
  const inChannel = teamOfSlackChannel(deps.directory.allTeams(), channelId);
  if (inChannel) return inChannel.id;
  return member.teamIds[0] ?? (member.roles.includes('admin') ? deps.directory.defaults.teamId : null);
}

/** `/kpi` → this week so far; `last` → last week; `2026-W47` → that ISO week (in the team's zone). */
export function weekFromText(text: string, timeZone: string, now: Date): KpiWeek | null {
  const arg = text.trim().toLowerCase();
  if (!arg || arg === 'this' || arg === 'now') return weekContaining(now, timeZone);
  if (arg === 'last' || arg === 'letzte') return previousWeek(weekContaining(now, timeZone));
  return parseIsoWeek(arg, timeZone);
}

/**
 * `/kpi [last | 2026-W47 | help]`: the team's digest for a week, only to the person asking, with a
 * "Post to channel" button. Computing it (and the model's paragraph) may take longer than Slack's 3
 * seconds: the command is acked at once and the digest follows through the response URL.
 */
export function kpiCommandHandler(deps: KpiDeps, log: Logger): CommandHandler {
  return async ({ command, ack, respond }) => {
    const member = deps.directory.memberByIdentity(SLACK, command.user_id);
    const locale: Locale = deps.directory.localeOf(member?.id, member ? undefined : deps.directory.defaults.teamId);
    const t = kpiTexts(locale);
    const text = command.text.trim();
    if (text.toLowerCase() === 'help') return void (await ack({ response_type: 'ephemeral', text: t.kpiHelp(KPI_COMMAND) }));
    if (!member) return void (await ack({ response_type: 'ephemeral', text: t.kpiNotMember() }));
    const teamId = teamFor(deps, member, command.channel_id);
    const team = teamId ? deps.directory.team(teamId) : undefined;
    if (!team) return void (await ack({ response_type: 'ephemeral', text: t.kpiNoTeam() }));
    const week = weekFromText(text, team.timeZone, deps.clock.now());
    if (!week) return void (await ack({ response_type: 'ephemeral', text: t.kpiBadWeek(KPI_COMMAND, text) }));
    await ack();
    try {
      const view = await buildWeeklyDigest(team.id, week, deps);
      const message = renderDigest(view, team.channels?.length ? { postButton: { actionId: KPI_POST_ACTION, value: JSON.stringify({ t: team.id, w: week.label }) } } : {});
      await respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
    } catch (error) {
      log.error({ err: error, team: team.id, week: week.label }, '/kpi failed');
      await respond({ response_type: 'ephemeral', text: (error as Error).message });
    }
  };
}

const postButton = z.object({
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z.object({ channel_id: z.string().optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), action_ts: z.string(), value: z.string().optional() })).min(1),
});
const postValue = z.object({ t: z.string().min(1).max(64), w: z.string().regex(/^\d{4}-W\d{2}$/) });

/**
 * The "Post to channel" button of a /kpi answer: posts that week's digest to the team channel, once.
 * Like /kpi it may take longer than Slack's 3 seconds, so the click is acked first; the answer (posted,
 * or already posted) reaches the person privately through the outbox.
 */
export async function handleKpiPost(args: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs, deps: KpiDeps, log: Logger): Promise<void> {
  const { ack, body } = args;
  await ack();
  const parsed = postButton.safeParse(body);
  let value: z.infer<typeof postValue> | null = null;
  if (parsed.success) {
    try {
      value = postValue.parse(JSON.parse(parsed.data.actions[0]!.value ?? ''));
    } catch {
      value = null;
    }
  }
  if (!parsed.success || !value) {
    log.warn('ignored a malformed /kpi post button');
    return;
  }
  const { user, channel, container, actions } = parsed.data;
  const member = deps.directory.memberByIdentity(SLACK, user.id);
  const team = deps.directory.team(value.t);
  const locale = deps.directory.localeOf(member?.id, team?.id ?? deps.directory.defaults.teamId);
  const t = kpiTexts(locale);
  let answer: string;
  if (!member) answer = t.kpiNotMember();
  else if (!team) answer = t.kpiNoTeam();
  else {
    const week = parseIsoWeek(value.w, team.timeZone);
    const published = week ? await publishWeeklyDigest(team.id, week, deps) : { outcome: 'no_channel' as const };
    answer = published.outcome === 'posted' ? t.posted(slackChannelOf(team) ? `<#${slackChannelOf(team)}>` : escapeMrkdwn(team.name)) : published.outcome === 'already_posted' ? t.alreadyPosted : t.kpiNoTeam();
    log.info({ team: team.id, week: value.w, by: member.id, outcome: published.outcome }, '/kpi post');
  }
  const replyChannel = channel?.id ?? container?.channel_id;
  if (!replyChannel) return;
  const item: OutboxItem = {
    dedupeKey: `ephemeral:slack:${user.id}:${actions[0]!.action_ts}`,
    channel: replyChannel,
    intent: { kind: 'person.ephemeral', platform: 'slack', platformUserId: user.id, channel: replyChannel, notice: { text: answer } },
  };
  await deps.store.enqueue([item], deps.clock.now());
}
