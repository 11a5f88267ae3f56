import { textsFor } from '../../domain/i18n.ts';
import { SNOOZE_CHOICES, SNOOZE_REASON_MAX } from '../../use-cases/snooze-reminders.ts';
import type { SnoozeDialogView } from '../../use-cases/prepare-snooze.ts';
import { SNOOZE_VIEW_ID } from './action-ids.ts';
import { untrusted } from '../../domain/rich-text.ts';
import { NAME_MAX, plainName } from '../../domain/untrusted-text.ts';
import { mrkdwn } from './mrkdwn.ts';

/** The dialog's input blocks; their values come back in view.state.values[block_id][action_id]. */
export const SNOOZE_BLOCK = { duration: 'snooze_duration', reason: 'snooze_reason' } as const;

/** The snooze dialog as a Slack modal: the comment (a stranger's words, kept inert), duration and reason. */
export function renderSnoozeDialog(view: SnoozeDialogView) {
  const t = textsFor(view.locale);
  const intro = mrkdwn(view.comment ? t.snooze.intro(untrusted(plainName(view.comment.authorName, NAME_MAX)), untrusted(view.comment.excerpt)) : t.unknownComment);
  return {
    type: 'modal' as const,
    callback_id: SNOOZE_VIEW_ID,
    private_metadata: JSON.stringify({ c: view.commentId }),
    title: { type: 'plain_text' as const, text: t.snooze.title.slice(0, 24) },
    submit: { type: 'plain_text' as const, text: t.snooze.submit },
    close: { type: 'plain_text' as const, text: t.snooze.cancel },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: intro, verbatim: true } },
      {
        type: 'input',
        block_id: SNOOZE_BLOCK.duration,
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
        block_id: SNOOZE_BLOCK.reason,
        label: { type: 'plain_text', text: t.snooze.reasonLabel },
        element: {
          type: 'plain_text_input',
          action_id: 'reason',
          max_length: SNOOZE_REASON_MAX,
          placeholder: { type: 'plain_text', text: t.snooze.reasonHint },
        },
      },
    ],
  };
}
