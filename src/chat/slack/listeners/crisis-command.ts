import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../../logger.ts';
import { type CrisisButtonDeps, type CrisisButtonInput, pressCrisisButton } from '../../../use-cases/press-crisis-button.ts';
import { type CrisisCommandDeps, runCrisisCommand } from '../../../use-cases/run-crisis-command.ts';
import { CrisisActionId } from '../action-ids.ts';
import { type CommandHandler, commandHandler } from './commands.ts';

export { CRISIS_COMMAND } from '../../../use-cases/run-crisis-command.ts';

/** `/crisis`: see runCrisisCommand. */
export function crisisCommandHandler(deps: Omit<CrisisCommandDeps, 'log'>, log: Logger): CommandHandler {
  return commandHandler((input) => runCrisisCommand(input, { ...deps, log }), log);
}

const crisisButton = z.object({
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z.object({ channel_id: z.string().optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), action_ts: z.string(), value: z.string().optional() })).min(1),
});
const crisisButtonValue = z.object({ k: z.string().min(1).max(64), s: z.string().min(1).max(64).optional() });

const BUTTON_ACTIONS: Record<string, CrisisButtonInput['action']> = {
  [CrisisActionId.ack]: 'ack',
  [CrisisActionId.approve]: 'approve',
  [CrisisActionId.step]: 'step',
};

export const CRISIS_ACTION_IDS = new Set<string>(Object.keys(BUTTON_ACTIONS));

/** A crisis button's click as the use case's input, or null when it is not one we sent. */
export function parseCrisisButton(body: unknown): CrisisButtonInput | null {
  const parsed = crisisButton.safeParse(body);
  if (!parsed.success) return null;
  const { user, channel, container, actions } = parsed.data;
  const action = actions[0]!;
  const kind = BUTTON_ACTIONS[action.action_id];
  let value: z.infer<typeof crisisButtonValue>;
  try {
    value = crisisButtonValue.parse(JSON.parse(action.value ?? ''));
  } catch {
    return null;
  }
  if (!kind) return null;
  return {
    action: kind,
    crisisId: value.k,
    stepId: value.s,
    platform: 'slack',
    platformUserId: user.id,
    replyChannel: channel?.id ?? container?.channel_id,
    requestId: `${user.id}:${action.action_ts}`,
  };
}

/**
 * Acknowledge, Done and Approve buttons (dispatched from the one `desk.*` listener in card-actions.ts):
 * the use case writes the change (and queues any refusal) before the ack.
 */
export async function handleCrisisAction(
  { ack, body }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
  deps: Omit<CrisisButtonDeps, 'log'>,
  log: Logger,
): Promise<void> {
  const input = parseCrisisButton(body);
  if (input) await pressCrisisButton(input, { ...deps, log });
  else log.warn({ action: body.actions[0]?.action_id }, 'ignored a malformed crisis button');
  await ack();
}
