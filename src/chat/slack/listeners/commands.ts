import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../../logger.ts';

export type CommandHandler = (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;

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
