import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../../logger.ts';
import type { ActDeps } from '../../../use-cases/act-on-comment.ts';
import { prepareSnooze } from '../../../use-cases/prepare-snooze.ts';
import { SNOOZE_CHOICES, snoozeReminders, staleSnoozeMessage } from '../../../use-cases/snooze-reminders.ts';
import { SNOOZE_VIEW_ID } from '../action-ids.ts';
import { SNOOZE_BLOCK as BLOCK, renderSnoozeDialog } from '../render-snooze-dialog.ts';

const commentRef = z.object({ c: z.string().min(1) });

const submission = z.object({
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string(),
    state: z.object({
      values: z.object({
        [BLOCK.duration]: z.object({ choice: z.object({ selected_option: z.object({ value: z.enum(SNOOZE_CHOICES) }).nullable().optional() }) }),
        [BLOCK.reason]: z.object({ reason: z.object({ value: z.string().nullable().optional() }) }),
      }),
    }),
  }),
});

/**
 * Snooze… on a reminder (dispatched by the card-actions listener) opens a dialog: duration and reason.
 * The dialog is a direct answer to the click (Slack's trigger_id lives 3 seconds), so it is opened right
 * here rather than through the outbox.
 */
export async function openSnoozeDialog(
  { ack, body, client }: Pick<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>, 'ack' | 'body'> & AllMiddlewareArgs,
  deps: ActDeps,
  log: Logger,
): Promise<void> {
  await ack();
  const action = body.actions[0];
  let ref: z.infer<typeof commentRef> | undefined;
  try {
    ref = commentRef.parse(JSON.parse(action?.value ?? ''));
  } catch {
    log.warn({ value: action?.value }, 'ignored a snooze button without a comment id');
    return;
  }
  const view = await prepareSnooze({ commentId: ref.c, platform: 'slack', platformUserId: body.user.id }, deps);
  try {
    await client.views.open({ trigger_id: body.trigger_id, view: renderSnoozeDialog(view) });
  } catch (error) {
    log.warn({ err: error, commentId: ref.c }, 'could not open the snooze dialog');
  }
}

/** Submitting the snooze dialog snoozes the comment's reminders; the snooze is stored before the ack. */
export function registerSnoozeDialog(app: App, deps: ActDeps, log: Logger): void {
  app.view(SNOOZE_VIEW_ID, async ({ ack, body }) => {
    const parsed = submission.safeParse(body);
    let commentId = '';
    try {
      commentId = commentRef.parse(JSON.parse(parsed.success ? parsed.data.view.private_metadata : '')).c;
    } catch {
      // handled below
    }
    if (!parsed.success || !commentId) {
      log.warn({ error: parsed.success ? 'private_metadata without a comment id' : parsed.error.issues[0]?.message }, 'malformed snooze submission');
      const message = await staleSnoozeMessage(deps, { platform: 'slack', platformUserId: body.user?.id ?? '' });
      await ack({ response_action: 'errors', errors: { [BLOCK.duration]: message } });
      return;
    }
    const values = parsed.data.view.state.values;
    const result = await snoozeReminders(
      {
        commentId,
        platform: 'slack',
        platformUserId: parsed.data.user.id,
        choice: values[BLOCK.duration]?.choice.selected_option?.value ?? '1h',
        reason: values[BLOCK.reason]?.reason.value ?? '',
      },
      deps,
    );
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [result.field === 'reason' ? BLOCK.reason : BLOCK.duration]: result.message } });
      return;
    }
    await ack();
    log.info({ commentId, user: parsed.data.user.id, until: result.until.toISOString() }, 'reminders snoozed');
  });
}
