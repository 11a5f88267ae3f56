import type { Locale } from '../../domain/directory.ts';
import { textsFor } from '../../domain/i18n.ts';
import { bold, untrusted } from '../../domain/rich-text.ts';
import { NAME_MAX, cutUnits, plainName } from '../../domain/untrusted-text.ts';
import type { SnoozeDialogView } from '../../use-cases/prepare-snooze.ts';
import { SNOOZE_CHOICES, SNOOZE_REASON_MAX, type SnoozeChoice } from '../../use-cases/snooze-reminders.ts';
import { type AdaptiveCardAttachment, type CardElement, CardTexts, adaptiveCardAttachment, plainTitle, textBlock } from './adaptive-card.ts';
import { teamsDate } from './markdown.ts';
import { SNOOZE_CHOICE_INPUT_ID, SNOOZE_REASON_INPUT_ID, SNOOZE_TASK } from './verbs.ts';

/**
 * The snooze dialog as Teams task module responses (the answer to the `task/fetch` invoke of the
 * Snooze… button, and to the dialog's `task/submit`): the form, the form again with what went wrong,
 * or a short message.
 */

/** The dialog: a card in a task module of Teams' medium size. */
export interface TaskModuleContinueResponse {
  task: { type: 'continue'; value: { title: string; height: 'small' | 'medium' | 'large'; width: 'small' | 'medium' | 'large'; card: AdaptiveCardAttachment } };
}

/** A message in place of the dialog (Teams shows it in a small dialog of its own). */
export interface TaskModuleMessageResponse {
  task: { type: 'message'; value: string };
}

export type TaskModuleResponse = TaskModuleContinueResponse | TaskModuleMessageResponse;

/** What the person entered, and what the desk refused (`SnoozeResult` of `snoozeReminders`), to show the form again. */
export interface SnoozeDialogState {
  choice?: string;
  reason?: string;
  error?: { field: 'reason' | 'duration'; message: string };
}

/** Task module messages are plain text: short, one paragraph. */
const MESSAGE_MAX = 500;

const isChoice = (value: string | undefined): value is SnoozeChoice => SNOOZE_CHOICES.includes(value as SnoozeChoice);

/**
 * The snooze dialog: the comment (a stranger's words, inert), how long (one of SNOOZE_CHOICES), why
 * (required, at most SNOOZE_REASON_MAX characters), and Snooze, which submits `{ desk: SNOOZE_TASK,
 * c: commentId }` with both inputs. With `state`, the form comes back filled in, the refusal above
 * the field it is about. A comment that is gone gets a message instead.
 */
export function renderTeamsSnoozeDialog(view: SnoozeDialogView, state: SnoozeDialogState = {}): TaskModuleResponse {
  const t = textsFor(view.locale);
  if (!view.comment) return renderTeamsSnoozeMessage(t.unknownComment);
  const texts = new CardTexts({ locale: view.locale });
  const error = (field: 'reason' | 'duration'): CardElement[] =>
    state.error?.field === field ? [textBlock(texts.md([bold(state.error.message)]), { color: 'Attention', spacing: 'Medium' })] : [];
  const body: CardElement[] = [
    textBlock(texts.md(t.snooze.intro(untrusted(plainName(view.comment.authorName, NAME_MAX)), untrusted(view.comment.excerpt)))),
    ...error('duration'),
    {
      type: 'Input.ChoiceSet',
      id: SNOOZE_CHOICE_INPUT_ID,
      label: t.snooze.durationLabel,
      style: 'compact',
      isRequired: true,
      value: isChoice(state.choice) ? state.choice : '1h',
      choices: SNOOZE_CHOICES.map((c) => ({ title: t.snooze.options[c], value: c })),
    },
    ...error('reason'),
    {
      type: 'Input.Text',
      id: SNOOZE_REASON_INPUT_ID,
      label: t.snooze.reasonLabel,
      placeholder: t.snooze.reasonHint,
      isMultiline: true,
      maxLength: SNOOZE_REASON_MAX,
      isRequired: true,
      errorMessage: t.snooze.reasonMissing,
      ...(state.reason ? { value: cutUnits(state.reason, SNOOZE_REASON_MAX) } : {}),
    },
  ];
  const card = texts.card(body, plainTitle(t.snooze.title), [
    { type: 'Action.Submit', title: plainTitle(t.snooze.submit), data: { desk: SNOOZE_TASK, c: view.commentId }, style: 'positive' },
  ]);
  return { task: { type: 'continue', value: { title: plainTitle(t.snooze.title), height: 'medium', width: 'medium', card: adaptiveCardAttachment(card) } } };
}

/** A short message in place of the dialog: a refusal that no field can show, or an outdated dialog. */
export function renderTeamsSnoozeMessage(text: string): TaskModuleMessageResponse {
  return { task: { type: 'message', value: plainTitle(text, MESSAGE_MAX) } };
}

/** "Snoozed. Reminders resume …", the time in the person's language and zone. */
export function renderTeamsSnoozeDone(until: Date, locale: Locale, timeZone = 'UTC'): TaskModuleMessageResponse {
  return renderTeamsSnoozeMessage(textsFor(locale).snooze.done(teamsDate(until, 'datetime', locale, timeZone)));
}
