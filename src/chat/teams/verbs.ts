import type { CardActionId } from '../../domain/card-view.ts';

/**
 * `Action.Execute` verbs of the desk's Adaptive Cards. A click arrives back as an `invoke` activity
 * named `adaptiveCard/action` whose `value.action` carries `verb` and `data`; every desk verb starts
 * with `desk.`. Data is a small object: `{ c: commentId }` for cards and reminders, `{ k: crisisId, s?: stepId }`
 * for crisis buttons, `{ t: teamId, w: "2026-W47" }` for the kpi post button.
 */
export const TeamsVerb = {
  claim: 'desk.claim',
  release: 'desk.release',
  answer: 'desk.answer',
  dismiss: 'desk.dismiss',
  /** Route: the target comes from the card's `Input.ChoiceSet` with id ROUTE_INPUT_ID (`team:<id>` or `member:<id>`). */
  route: 'desk.route',
  crisisAck: 'desk.crisis.ack',
  crisisStep: 'desk.crisis.step',
  crisisApprove: 'desk.crisis.approve',
  kpiPost: 'desk.kpi.post',
  /** Draft reply (only when drafts are set up): the answer is a card with the draft, for the clicker only. Data `{ c }`. */
  draft: 'desk.draft',
  /** "Back to the card" on the draft card: the answer is the comment's card again. Data `{ c }`. */
  draftBack: 'desk.draft.back',
  /**
   * Use saved reply (only when drafts are set up and the team has fitting saved replies): the reply's
   * id comes from the card's `Input.ChoiceSet` with id SAVED_REPLY_INPUT_ID; the answer is the draft card. Data `{ c }`.
   */
  saved: 'desk.saved',
} as const satisfies Record<CardActionId | string, string>;

/** The id of the route choice input on a card; its value arrives in `value.action.data` next to `c`. */
export const ROUTE_INPUT_ID = 'deskRoute';

/** The id of the saved-reply choice input on a card; its value (a saved reply's id) arrives in `value.action.data` next to `c`. */
export const SAVED_REPLY_INPUT_ID = 'deskSavedReply';

/**
 * The Snooze… button opens a dialog (task module): an `Action.Submit` whose data is
 * `{ msteams: { type: 'task/fetch' }, desk: SNOOZE_TASK, c: commentId }`. The dialog's card submits
 * `{ desk: SNOOZE_TASK, c: commentId }` with the inputs below (the choice is one of SNOOZE_CHOICES, use-cases/snooze-reminders.ts), as a `task/submit` invoke.
 */
export const SNOOZE_TASK = 'desk.snooze';
export const SNOOZE_CHOICE_INPUT_ID = 'deskSnoozeChoice';
export const SNOOZE_REASON_INPUT_ID = 'deskSnoozeReason';
