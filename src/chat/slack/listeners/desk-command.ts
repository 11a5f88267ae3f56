import type { Logger } from '../../../logger.ts';
import { type DeskCommandDeps, runDeskCommand } from '../../../use-cases/run-desk-command.ts';
import { type CommandHandler, commandHandler } from './commands.ts';

export { DESK_COMMAND, type DeskJobs } from '../../../use-cases/run-desk-command.ts';

/** `/desk`: see runDeskCommand. */
export function deskCommandHandler(deps: Omit<DeskCommandDeps, 'log'>, log: Logger): CommandHandler {
  return commandHandler((input) => runDeskCommand(input, { ...deps, log }), log);
}
