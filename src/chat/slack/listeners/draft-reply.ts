import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Locale } from '../../../domain/directory.ts';
import type { Logger } from '../../../logger.ts';
import { type DraftReplyDeps, type DraftReplyInput, draftReply } from '../../../use-cases/draft-reply.ts';
import { verbatimMrkdwn } from '../block-kit.ts';
import { renderDraft, renderDraftRefusal } from '../render-draft.ts';
import { SLACK } from '../slack-identity.ts';
import { parseCardAction } from './card-actions.ts';

/**
 * A Draft reply click, or a choice in the saved-reply select (then with `savedReplyId`), as the use
 * case's input and where to answer it, or an error for the log.
 */
export function parseDraftClick(body: unknown, directory: DraftReplyDeps['directory']): { ok: true; input: DraftReplyInput & { channel: string; locale: Locale } } | { ok: false; error: string } {
  const parsed = parseCardAction(body);
  if (!parsed.ok) return parsed;
  if (!parsed.channelId) return { ok: false, error: 'draft button without a channel' };
  // The card's language (its channel's team's), so the draft's labels and problem texts match the card.
  const locale = directory.teamByChannel(SLACK, parsed.channelId)?.locale ?? directory.localeOf(undefined, directory.defaults.teamId);
  const input = { commentId: parsed.commentId, platform: SLACK, platformUserId: parsed.userId, channel: parsed.channelId, locale };
  return { ok: true, input: parsed.savedReplyId === undefined ? input : { ...input, savedReplyId: parsed.savedReplyId } };
}

/**
 * The card's Draft reply button, and its saved-reply select (no model call: the chosen reply filled
 * in). A model may take seconds, so the click is acked first; the draft (or why there is none) then
 * reaches the clicker alone, as an ephemeral message in the card's channel. Nothing is sent to the
 * commenter.
 */
export async function handleDraftReply(
  { ack, body, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
  deps: DraftReplyDeps,
  log: Logger,
): Promise<void> {
  await ack();
  const parsed = parseDraftClick(body, deps.directory);
  if (!parsed.ok) return void log.warn({ error: parsed.error }, 'ignored a malformed Draft reply click or saved-reply choice');
  const { input } = parsed;
  const result = await draftReply(input, deps);
  const message = result.ok ? renderDraft(result.draft, input.locale) : renderDraftRefusal(result.message);
  log.info({ commentId: input.commentId, user: input.platformUserId, savedReplyId: input.savedReplyId, ok: result.ok, ...(result.ok ? { origin: result.draft.origin, needsEditing: result.draft.needsEditing } : { refused: result.code }) }, 'reply draft');
  try {
    await client.chat.postEphemeral({ channel: input.channel, user: input.platformUserId, text: message.text, blocks: verbatimMrkdwn(message.blocks) });
  } catch (error) {
    // The draft is stored with the comment; a second click shows it again.
    log.warn({ err: error, commentId: input.commentId }, 'could not show a reply draft');
  }
}
