import { SLACK } from '../slack-identity.ts';
import { resolveMember } from '../../../use-cases/resolve-member.ts';
import type { CommandHandler } from './commands.ts';
import { textsFor } from '../../../domain/i18n.ts';
import type { JobScheduler } from '../../../jobs/scheduler.ts';
import type { Logger } from '../../../logger.ts';
import type { ActDeps } from '../../../use-cases/act-on-comment.ts';
import { summarizeOpenWork } from '../../../use-cases/summarize-open-work.ts';
import { slackDate } from '../render-card.ts';

export const DESK_COMMAND = '/desk';

/** What `/desk jobs` and `/desk run` need of the scheduler. */
export type DeskJobs = Pick<JobScheduler, 'describe' | 'runNow' | 'lastRuns'>;

/**
 * `/desk [help|status|jobs|run <job>]`: answered only to the person asking, in their configured language.
 * The answer rides on the ack (Slack shows it as an ephemeral response), so no chat call is made —
 * except for `run`, whose result follows through the response URL once the job has finished.
 */
export function deskCommandHandler(deps: ActDeps & { jobs?: DeskJobs }, log: Logger): CommandHandler {
  return async ({ command, ack, respond }) => {
    const member = await resolveMember({ platform: SLACK, platformUserId: command.user_id, channel: command.channel_id }, deps);
    const locale = deps.directory.localeOf(member?.id, member ? undefined : deps.directory.defaults.teamId);
    const t = textsFor(locale);
    const [sub = 'help', arg] = command.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (sub === 'help') {
      await ack({ response_type: 'ephemeral', text: t.deskHelp(DESK_COMMAND) });
      return;
    }
    // Open work and job runs are the team's business: people not on the desk get what /crisis tells them.
    if (!member) {
      await ack({ response_type: 'ephemeral', text: t.notMember });
      return;
    }
    if (sub === 'status') {
      const summary = await summarizeOpenWork(deps, locale);
      const lines = summary.empty
        ? [t.deskStatusEmpty]
        : [
            t.deskStatusTitle,
            ...summary.rows.map((r) => t.deskStatusLine(r.teamName, r.open, r.claimed, r.overdue, r.oldestReceivedAt ? slackDate(r.oldestReceivedAt, '{ago}') : '')),
          ];
      await ack({ response_type: 'ephemeral', text: lines.join('\n') });
      return;
    }
    if (sub === 'jobs' && deps.jobs) {
      const last = new Map((await deps.jobs.lastRuns()).map((l) => [l.name, l]));
      const lines = deps.jobs.describe().map((j) => {
        const l = last.get(j.name);
        const lastText = l?.lastFinishedAt ? t.deskJobLastRun(slackDate(l.lastFinishedAt), l.lastError) : t.deskJobNeverRan;
        return t.deskJobLine(j.name, j.schedule, j.timeZone, lastText);
      });
      await ack({ response_type: 'ephemeral', text: [t.deskJobsTitle, ...lines].join('\n') });
      return;
    }
    if (sub === 'run' && deps.jobs) {
      if (!member?.roles.includes('admin')) {
        await ack({ response_type: 'ephemeral', text: t.deskRunAdminsOnly });
        return;
      }
      const names = deps.jobs.describe().map((j) => `\`${j.name}\``).join(', ');
      if (!arg || !deps.jobs.describe().some((j) => j.name === arg)) {
        await ack({ response_type: 'ephemeral', text: t.deskRunUsage(DESK_COMMAND, names) });
        return;
      }
      // A run may take longer than Slack's 3 seconds: ack now, answer through the response URL.
      await ack();
      try {
        const outcome = await deps.jobs.runNow(arg);
        const text = outcome.ran ? t.deskRunDone(arg, Math.round(outcome.ms), `\`${JSON.stringify(outcome.result)}\``) : t.deskRunBusy(arg);
        await respond({ response_type: 'ephemeral', text });
      } catch (error) {
        log.error({ err: error, job: arg }, 'job run from /desk failed');
        await respond({ response_type: 'ephemeral', text: (error as Error).message });
      }
      return;
    }
    log.info({ sub }, 'unknown /desk subcommand');
    await ack({ response_type: 'ephemeral', text: t.unknownSubcommand(sub, DESK_COMMAND) });
  };
}
