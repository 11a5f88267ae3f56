import type { RichText } from '../domain/rich-text.ts';
import type { CommandAnswer, CommandView } from '../domain/command-view.ts';
import type { Directory, MemberInfo } from '../domain/directory.ts';
import { isDeskAdmin } from '../domain/desk-permissions.ts';
import type { KpiWeek } from '../domain/kpi.ts';
import { kpiTexts } from '../domain/kpi-texts.ts';
import { parseIsoWeek, previousWeek, weekContaining } from '../domain/kpi-week.ts';
import type { Logger } from '../logger.ts';
import { type DigestDeps, buildWeeklyDigest } from './build-weekly-digest.ts';
import { cardTargetsOf } from './card-outbox.ts';
import { type CommandInput, askerOf, typedCommand } from './command-asker.ts';
import { digestChannel } from './publish-weekly-digest.ts';

export const KPI_COMMAND = '/kpi';

export type KpiCommandDeps = DigestDeps & { log: Logger };

const say = (text: RichText): CommandAnswer => ({ kind: 'text', text });

/** Which team a person's /kpi is about: the team whose channel it was typed in, else their first team (admins: the default team). */
function teamFor(directory: Directory, member: MemberInfo, input: CommandInput): string | null {
  const inChannel = directory.allTeams().find((t) => cardTargetsOf(t).some((c) => c.platform === input.platform && c.channel === input.channelId));
  if (inChannel) return inChannel.id;
  return member.teamIds[0] ?? (isDeskAdmin(member) ? directory.defaults.teamId : null);
}

/** `/kpi` → this week so far; `last` → last week; `2026-W47` → that ISO week (in the team's zone). */
export function weekFromText(text: string, timeZone: string, now: Date): KpiWeek | null {
  const arg = text.trim().toLowerCase();
  if (!arg || arg === 'this' || arg === 'now') return weekContaining(now, timeZone);
  if (arg === 'last' || arg === 'letzte') return previousWeek(weekContaining(now, timeZone));
  return parseIsoWeek(arg, timeZone);
}

/**
 * `/kpi [last | 2026-W47 | help]`: the team's digest for a week, only to the person asking, with the
 * offer to post it to the team's channel. Computing it (and the model's paragraph) may take longer than
 * a platform waits for an answer, so the digest comes later.
 */
export async function runKpiCommand(input: CommandInput, deps: KpiCommandDeps): Promise<CommandView> {
  const { member, locale } = await askerOf(deps, input);
  const t = kpiTexts(locale);
  const cmd = typedCommand(KPI_COMMAND, input);
  const text = input.text.trim();
  if (text.toLowerCase() === 'help') return say(t.kpiHelp(cmd));
  if (!member) return say(t.kpiNotMember());
  const teamId = teamFor(deps.directory, member, input);
  const team = teamId ? deps.directory.team(teamId) : undefined;
  if (!team) return say(t.kpiNoTeam());
  const week = weekFromText(text, team.timeZone, deps.clock.now());
  if (!week) return say(t.kpiBadWeek(cmd, text));
  return {
    kind: 'later',
    answer: async () => {
      try {
        const digest = await buildWeeklyDigest(team.id, week, deps);
        return { kind: 'kpi.digest', digest, post: digestChannel(team) ? { teamId: team.id, week: week.label } : null };
      } catch (error) {
        deps.log.error({ err: error, team: team.id, week: week.label }, `${KPI_COMMAND} failed`);
        return say((error as Error).message);
      }
    },
  };
}
