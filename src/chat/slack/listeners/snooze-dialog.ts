import { SLACK } from '../slack-identity.ts';
import { resolveMember } from '../../../use-cases/resolve-member.ts';
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { textsFor } from '../../../domain/i18n.ts';
import { excerptText } from '../../../domain/untrusted-text.ts';
import type { Logger } from '../../../logger.ts';
import type { ActDeps } from '../../../use-cases/act-on-comment.ts';
import { SNOOZE_CHOICES, SNOOZE_REASON_MAX, snoozeReminders } from '../../../use-cases/snooze-reminders.ts';
import { SNOOZE_VIEW_ID } from '../action-ids.ts';
import { escapeMrkdwn, inertFormatting, mrkdwnName } from '../block-kit.ts';

const commentRef = z.object({ c: z.string().min(1) });

/** The dialog's input blocks; their values come back in view.state.values[block_id][action_id]. */
const BLOCK = { duration: 'snooze_duration', reason: 'snooze_reason' } as const;

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
  const member = await resolveMember({ platform: SLACK, platformUserId: body.user.id, channel: body.channel?.id ?? body.container?.channel_id }, deps);
  const t = textsFor(deps.directory.localeOf(member?.id, member ? undefined : deps.directory.defaults.teamId));
  const comment = await deps.store.getComment(ref.c);
  const intro = comment ? t.snooze.intro(mrkdwnName(comment.authorName, 80), inertFormatting(escapeMrkdwn(excerptText(comment.text, 200)))) : t.unknownComment;
  try {
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: SNOOZE_VIEW_ID,
        private_metadata: JSON.stringify({ c: ref.c }),
        title: { type: 'plain_text', text: t.snooze.title.slice(0, 24) },
        submit: { type: 'plain_text', text: t.snooze.submit },
        close: { type: 'plain_text', text: t.snooze.cancel },
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: intro, verbatim: true } },
          {
            type: 'input',
            block_id: BLOCK.duration,
            label: { type: 'plain_text', text: t.snooze.durationLabel },
            element: {
              type: 'static_select',
              action_id: 'choice',
              initial_option: { text: { type: 'plain_text', text: t.snooze.options['1h'] }, value: '1h' },
              options: SNOOZE_CHOICES.map((c) => ({ text: { type: 'plain_text', text: t.snooze.options[c] }, value: c })),
            },
          },
          {
            type: 'input',
            block_id: BLOCK.reason,
            label: { type: 'plain_text', text: t.snooze.reasonLabel },
            element: {
              type: 'plain_text_input',
              action_id: 'reason',
              max_length: SNOOZE_REASON_MAX,
              placeholder: { type: 'plain_text', text: t.snooze.reasonHint },
            },
          },
        ],
      },
    });
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
      await ack({ response_action: 'errors', errors: { [BLOCK.duration]: 'This dialog is out of date. Close it and try again.' } });
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
