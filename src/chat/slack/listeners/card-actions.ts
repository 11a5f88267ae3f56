import type { App, BlockAction } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../../logger.ts';
import type { ActDeps } from '../../../use-cases/act-on-comment.ts';
import { type CardButton, pressCardButton } from '../../../use-cases/press-card-button.ts';
import { DRAFT_REPLY_ACTION, KPI_POST_ACTION, ReminderActionId, SAVED_REPLY_ACTION, SUGGESTED_ROUTE_ACTION, SlackActionId, commentIdFromBlockId } from '../action-ids.ts';
import { openSnoozeDialog } from './snooze-dialog.ts';
import { CRISIS_ACTION_IDS, handleCrisisAction } from './crisis-command.ts';
import { handleKpiPost } from './kpi-command.ts';
import type { DigestDeps } from '../../../use-cases/build-weekly-digest.ts';
import type { CrisisDeps } from '../../../use-cases/crisis-deps.ts';
import type { MemberDeps } from '../../../use-cases/resolve-member.ts';
import type { DraftReplyDeps } from '../../../use-cases/draft-reply.ts';
import { handleDraftReply } from './draft-reply.ts';
import { savedReplyIdSchema } from '../../../desk-config/tone-config-schema.ts';

/** The part of a block_actions payload we rely on; everything else Slack sends is ignored. */
const cardActionPayload = z.object({
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z.object({ channel_id: z.string().optional() }).optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        block_id: z.string().optional(),
        action_ts: z.string(),
        value: z.string().optional(),
        selected_option: z.object({ value: z.string() }).optional(),
      }),
    )
    .min(1),
});

const buttonValue = z.object({ c: z.string().min(1) });
const routeValue = z.union([
  z.string().regex(/^team:.+/).transform((v) => ({ kind: 'team' as const, teamId: v.slice(5) })),
  z.string().regex(/^member:.+/).transform((v) => ({ kind: 'person' as const, memberId: v.slice(7) })),
]);

/** The suggested-route button: the comment and the route choice's value, in one. */
const suggestedRouteValue = z.object({ c: z.string().min(1), r: routeValue });

type Parsed =
  | { ok: true; commentId: string; userId: string; channelId?: string; requestId: string; actionId: string; route?: z.infer<typeof routeValue>; savedReplyId?: string }
  | { ok: false; error: string };

export function parseCardAction(body: unknown): Parsed {
  const payload = cardActionPayload.safeParse(body);
  if (!payload.success) return { ok: false, error: `block_actions payload: ${payload.error.issues[0]?.path.join('.')} ${payload.error.issues[0]?.message}` };
  const { user, channel, container, actions } = payload.data;
  const action = actions[0]!;
  const base = {
    userId: user.id,
    channelId: channel?.id ?? container?.channel_id,
    requestId: `${user.id}:${action.action_ts}`,
    actionId: action.action_id,
  };
  if (action.action_id === SlackActionId.route) {
    const commentId = commentIdFromBlockId(action.block_id);
    const route = routeValue.safeParse(action.selected_option?.value);
    if (!commentId) return { ok: false, error: 'route select without a card block_id' };
    if (!route.success) return { ok: false, error: 'route select without a team: or member: option' };
    return { ok: true, commentId, route: route.data, ...base };
  }
  if (action.action_id === SAVED_REPLY_ACTION) {
    const commentId = commentIdFromBlockId(action.block_id);
    const savedReplyId = savedReplyIdSchema.safeParse(action.selected_option?.value);
    if (!commentId) return { ok: false, error: 'saved reply select without a card block_id' };
    if (!savedReplyId.success) return { ok: false, error: 'saved reply select without a saved reply id' };
    return { ok: true, commentId, savedReplyId: savedReplyId.data, ...base };
  }
  let value: unknown;
  try {
    value = JSON.parse(action.value ?? '');
  } catch {
    return { ok: false, error: `button ${action.action_id} has no JSON value` };
  }
  if (action.action_id === SUGGESTED_ROUTE_ACTION) {
    const suggested = suggestedRouteValue.safeParse(value);
    if (!suggested.success) return { ok: false, error: 'suggested route button without a comment id and a team: or member: value' };
    return { ok: true, commentId: suggested.data.c, route: suggested.data.r, ...base };
  }
  const parsed = buttonValue.safeParse(value);
  if (!parsed.success) return { ok: false, error: `button ${action.action_id} value lacks the comment id` };
  return { ok: true, commentId: parsed.data.c, ...base };
}

/** The card buttons without a choice, by action_id. */
const CARD_BUTTONS: Record<string, Exclude<CardButton['action'], 'route'>> = {
  [SlackActionId.claim]: 'claim',
  [SlackActionId.release]: 'release',
  [SlackActionId.answer]: 'answer',
  [SlackActionId.dismiss]: 'dismiss',
};

/**
 * Every desk button and select, as one Bolt listener: Bolt runs each listener's matching for every
 * request, so each extra listener costs every click (measured: about 2 % of the claim ack per listener).
 * Card actions write the change before Slack gets its ack, so an acknowledged click is never lost;
 * all chat output (card refresh, private refusals) follows through the outbox. Snooze… opens its dialog;
 * Draft reply and the saved-reply select ack, then show the draft privately;
 * link buttons are only acked.
 */
export function registerCardActions(app: App, deps: ActDeps & { crisis?: CrisisDeps; kpi?: DigestDeps & MemberDeps; draft?: DraftReplyDeps }, log: Logger): void {
  const cardActions = new Set<string>([...Object.keys(CARD_BUTTONS), SlackActionId.route, SUGGESTED_ROUTE_ACTION]);

  app.action<BlockAction>({ type: 'block_actions', action_id: /^desk\./ }, async (args) => {
    const { ack, body } = args;
    const actionId = body.actions[0]?.action_id ?? '';
    if (actionId === ReminderActionId.snooze) return openSnoozeDialog(args as Parameters<typeof openSnoozeDialog>[0], deps, log);
    if (CRISIS_ACTION_IDS.has(actionId) && deps.crisis) return handleCrisisAction(args, { ...deps.crisis, store: deps.store }, log);
    if (actionId === KPI_POST_ACTION && deps.kpi) return handleKpiPost(args, { ...deps.kpi, store: deps.store }, log);
    if ((actionId === DRAFT_REPLY_ACTION || actionId === SAVED_REPLY_ACTION) && deps.draft) return handleDraftReply(args, deps.draft, log);
    if (!cardActions.has(actionId)) {
      // Link buttons (Open original, Open card): Slack opens the URL; we only acknowledge.
      await ack();
      return;
    }
    const parsed = parseCardAction(body);
    if (!parsed.ok) {
      log.warn({ error: parsed.error }, 'ignored a malformed card action');
      await ack();
      return;
    }
    const input = { commentId: parsed.commentId, platform: 'slack', platformUserId: parsed.userId, replyChannel: parsed.channelId, requestId: parsed.requestId };
    const button: CardButton = parsed.route ? { action: 'route', target: parsed.route } : { action: CARD_BUTTONS[parsed.actionId]! };
    const result = await pressCardButton({ ...input, button }, deps);
    await ack();
    log.info({ action: parsed.actionId, commentId: parsed.commentId, user: parsed.userId, ok: result.ok, ...(result.ok ? {} : { refused: result.code }) }, 'card action');
  });
}
