import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { CommandView } from '../../../domain/command-view.ts';
import type { Logger } from '../../../logger.ts';
import type { CommandInput } from '../../../use-cases/command-asker.ts';
import { renderCommandAnswer } from '../render-command.ts';

export type CommandHandler = (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;

/** The part of a slash command payload we rely on. */
const slashCommand = z.object({
  user_id: z.string().min(1),
  text: z.string(),
  channel_id: z.string().optional(),
  trigger_id: z.string().min(1),
});

/**
 * A slash command as a use case: parse, call, render. The answer rides on the ack (Slack shows it as an
 * ephemeral response, no chat call needed); an answer that comes later — it may outlast Slack's 3
 * seconds — follows through the response URL.
 */
export function commandHandler(run: (input: CommandInput) => Promise<CommandView>, log: Logger): CommandHandler {
  return async ({ command, ack, respond }) => {
    const parsed = slashCommand.safeParse(command);
    if (!parsed.success) {
      log.warn({ command: command.command, error: parsed.error.issues[0]?.message }, 'ignored a malformed slash command');
      await ack();
      return;
    }
    const { user_id, text, channel_id, trigger_id } = parsed.data;
    const view = await run({ platform: 'slack', platformUserId: user_id, text, requestId: trigger_id, channelId: channel_id });
    if (view.kind !== 'later') {
      await ack({ response_type: 'ephemeral', ...renderCommandAnswer(view) });
      return;
    }
    await ack();
    const message = renderCommandAnswer(await view.answer());
    // A later answer with blocks (the digest, with its post button) comes as a new message, not in place of the command's.
    await respond({ response_type: 'ephemeral', ...(message.blocks ? { replace_original: false } : {}), ...message });
  };
}

/**
 * Every slash command (`/desk`, `/crisis`, `/kpi`) as one Bolt listener: Bolt runs each listener's
 * matching for every request, so each extra listener costs every card click (see card-actions.ts).
 */
export function registerCommands(app: App, handlers: Record<string, CommandHandler>, log: Logger): void {
  const names = Object.keys(handlers);
  const pattern = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  app.command(pattern, async (args) => {
    const handler = handlers[args.command.command];
    if (handler) return handler(args);
    log.warn({ command: args.command.command }, 'a slash command without a handler');
    await args.ack();
  });
}
