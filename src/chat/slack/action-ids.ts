import type { CardActionId } from '../../domain/card-view.ts';

/** Block Kit action_ids of card controls. They arrive back in block_actions payloads as `actions[].action_id`. */
export const SlackActionId = {
  claim: 'desk.claim',
  release: 'desk.release',
  answer: 'desk.answer',
  dismiss: 'desk.dismiss',
  route: 'desk.route',
  /** The link button to the original; Slack still sends a block_actions for it, which we only ack. */
  openOriginal: 'desk.open',
} as const satisfies Record<CardActionId | 'openOriginal', string>;

/**
 * The one-click route to the team AI triage suggested, next to the suggestion on the card. Value
 * {"c": commentId, "v": version, "r": "team:<id>"}: `r` is the route choice's own option value, and
 * the click is handled as that choice.
 */
export const SUGGESTED_ROUTE_ACTION = 'desk.route.suggested';

/**
 * The card's Draft reply button (only when reply drafts are set up); value {"c": commentId, "v": version}.
 * The draft is shown privately to the clicker (an ephemeral message), never sent.
 */
export const DRAFT_REPLY_ACTION = 'desk.draft';

/**
 * The card's saved-reply select (only when drafts are set up and the team has fitting saved replies).
 * Like the route select, it sits in the card's actions block, whose block_id carries the comment id;
 * each option's value is a saved reply's id. The filled reply is shown privately, like a draft.
 */
export const SAVED_REPLY_ACTION = 'desk.saved';

/** Controls on reminders and summaries (their Claim button is the card's, `desk.claim`). */
export const ReminderActionId = {
  /** Opens the snooze dialog; value {"c": commentId}. */
  snooze: 'desk.snooze',
  /** Link button to the comment's card; only acked. */
  openCard: 'desk.open_card',
} as const;

/** Crisis buttons (all in the one `desk.*` block_actions listener). Values are JSON: {"k": crisisId, "s"?: stepId}. */
export const CrisisActionId = {
  /** Acknowledge a page (in the direct message, and on the room board). */
  ack: 'desk.crisis.ack',
  /** Tick a checklist step; value {"k": crisisId, "s": stepId}. */
  step: 'desk.crisis.step',
  /** Approve the holding statement. */
  approve: 'desk.crisis.approve',
} as const;

/** The "Post to channel" button under a /kpi answer; value {"t": teamId, "w": "2026-W47"}. */
export const KPI_POST_ACTION = 'desk.kpi.post';

/** callback_id of the snooze dialog (a modal); its view_submission arrives with it. */
export const SNOOZE_VIEW_ID = 'desk.snooze_view';

/** The card's actions block carries the comment id in its block_id, so a select (whose value is the target) knows its comment. */
export const CARD_ACTIONS_BLOCK_PREFIX = 'desk.card:';

export function cardActionsBlockId(commentId: string): string {
  return `${CARD_ACTIONS_BLOCK_PREFIX}${commentId}`;
}

export function commentIdFromBlockId(blockId: string | undefined): string | undefined {
  return blockId?.startsWith(CARD_ACTIONS_BLOCK_PREFIX) ? blockId.slice(CARD_ACTIONS_BLOCK_PREFIX.length) : undefined;
}
