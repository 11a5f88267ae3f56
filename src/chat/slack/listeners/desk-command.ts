import type { App } from '@slack/bolt';
import { textsFor } from '../../../domain/i18n.ts';
import type { Logger } from '../../../logger.ts';
import type { ActDeps } from '../../../use-cases/act-on-comment.ts';
import { summarizeOpenWork } from '../../../use-cases/summarize-open-work.ts';
import { slackDate } from '../render-card.ts';

export const DESK_COMMAND = '/desk';

/**
 * `/desk [help|status]`: answered only to the person asking, in their configured language.
 * The answer rides on the ack (Slack shows it as an ephemeral response), so no chat call is made.
 */
export function registerDeskCommand(app: App, deps: ActDeps, log: Logger): void {
  app.command(DESK_COMMAND, async ({ command, ack }) => {
    const member = deps.directory.memberBySlackUser(command.user_id);
    const locale = deps.directory.localeOf(member?.id, member ? undefined : deps.directory.defaults.teamId);
    const t = textsFor(locale);
    const [sub = 'help'] = command.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (sub === 'help') {
      await ack({ response_type: 'ephemeral', text: t.deskHelp(DESK_COMMAND) });
      return;
    }
    if (sub === 'status') {
      const summary = await summarizeOpenWork(deps, locale);
      const lines = summary.empty
        ? [t.deskStatusEmpty]
        : [t.deskStatusTitle, ...summary.rows.map((r) => t.deskStatusLine(r.teamName, r.open, r.claimed, r.oldestReceivedAt ? slackDate(r.oldestReceivedAt, '{ago}') : ''))];
      await ack({ response_type: 'ephemeral', text: lines.join('\n') });
      return;
    }
    log.info({ sub }, 'unknown /desk subcommand');
    await ack({ response_type: 'ephemeral', text: t.unknownSubcommand(sub, DESK_COMMAND) });
  });
}
