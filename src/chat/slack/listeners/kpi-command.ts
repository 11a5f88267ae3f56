import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../../logger.ts';
import { type KpiCommandDeps, runKpiCommand } from '../../../use-cases/run-kpi-command.ts';
import { type ShareDigestDeps, type ShareDigestInput, shareWeeklyDigest } from '../../../use-cases/share-weekly-digest.ts';
import { type CommandHandler, commandHandler } from './commands.ts';

export { KPI_COMMAND } from '../../../use-cases/run-kpi-command.ts';

/** `/kpi`: see runKpiCommand. */
export function kpiCommandHandler(deps: Omit<KpiCommandDeps, 'log'>, log: Logger): CommandHandler {
  return commandHandler((input) => runKpiCommand(input, { ...deps, log }), log);
}

const postButton = z.object({
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z.object({ channel_id: z.string().optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), action_ts: z.string(), value: z.string().optional() })).min(1),
});
const postValue = z.object({ t: z.string().min(1).max(64), w: z.string().regex(/^\d{4}-W\d{2}$/) });

/** A "Post to channel" click as the use case's input, or null when it is not one we sent. */
export function parseKpiPost(body: unknown): ShareDigestInput | null {
  const parsed = postButton.safeParse(body);
  if (!parsed.success) return null;
  const { user, channel, container, actions } = parsed.data;
  let value: z.infer<typeof postValue>;
  try {
    value = postValue.parse(JSON.parse(actions[0]!.value ?? ''));
  } catch {
    return null;
  }
  return {
    teamId: value.t,
    week: value.w,
    platform: 'slack',
    platformUserId: user.id,
    replyChannel: channel?.id ?? container?.channel_id,
    requestId: `${user.id}:${actions[0]!.action_ts}`,
  };
}

/**
 * The "Post to channel" button of a /kpi answer. Posting may take longer than Slack's 3 seconds, so the
 * click is acked first; the answer reaches the person privately through the outbox.
 */
export async function handleKpiPost(
  { ack, body }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
  deps: Omit<ShareDigestDeps, 'log'>,
  log: Logger,
): Promise<void> {
  await ack();
  const input = parseKpiPost(body);
  if (!input) return void log.warn('ignored a malformed /kpi post button');
  await shareWeeklyDigest(input, { ...deps, log });
}
