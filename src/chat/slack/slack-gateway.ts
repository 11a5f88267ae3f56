import { slackUserIdOf } from './slack-identity.ts';
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { CardView } from '../../domain/card-view.ts';
import type { CrisisMessageView } from '../../domain/crisis-view.ts';
import { renderCrisisMessage } from './render-crisis.ts';
import { renderDigest } from './render-digest.ts';
import type { DigestView } from '../../domain/kpi.ts';
import type { MemberInfo } from '../../domain/directory.ts';
import type { Notice } from '../../domain/outbox-intent.ts';
import type { ReminderSubject, ReminderView, SummaryView } from '../../domain/reminder-view.ts';
import { ChatDeliveryError, type ChatGateway, type ChatTarget, type DigestChart } from '../port.ts';
import { type CardLinks, renderReminder, renderSummary } from './render-reminder.ts';
import { type SlackBlock, escapeMrkdwn, renderCard } from './render-card.ts';
import { FALLBACK_MAX, SECTION_TEXT_MAX, cut, safeUrl, verbatimMrkdwn } from './block-kit.ts';
import { cutText } from '../../domain/untrusted-text.ts';
import { mrkdwn } from './mrkdwn.ts';

/**
 * Slack errors that retrying cannot fix; an operator has to (invite the bot, fix the channel id…).
 * Anything else — outages, timeouts, unknown errors — is retried by the outbox.
 */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'user_not_found',
  'user_not_in_channel',
  'cannot_dm_bot',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'restricted_action',
  'missing_scope',
  'invalid_name_specials',
  'invalid_name_maxlength',
  'invalid_name_required',
  'invalid_name_punctuation',
  'cant_invite',
  'no_user',
]);

/** What to do about an operator-fixable error, for the log. */
const HINTS: Record<string, string> = {
  not_in_channel: 'invite the bot to the channel (/invite @Community Desk)',
  missing_scope: 'reinstall the app with the scopes in manifests/slack/manifest.yaml',
  channel_not_found: 'check slackChannel in the desk configuration (channel details → About → Channel ID)',
  user_not_found: 'check slackUserId in the desk configuration',
};

/** Message metadata type of our cards (api.slack.com/metadata). */
export const CARD_EVENT_TYPE = 'community_desk_card';

/** The chat gateway on Slack's Web API. The client must not retry by itself: the outbox does. */
export class SlackGateway implements ChatGateway {
  readonly platform = 'slack';

  constructor(
    private readonly client: WebClient,
    /** drafts: reply drafts are set up, so cards get a Draft reply button. */
    private readonly options: { drafts?: boolean } = {},
  ) {}

  async postCard(channel: string, card: CardView): Promise<{ messageId: string }> {
    const message = renderCard(card, { drafts: this.options.drafts });
    const result = await this.call(() =>
      this.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: verbatimMrkdwn(message.blocks),
        unfurl_links: false,
        unfurl_media: false,
        // Lets an operator (and a future reconciler) find the desk's cards in channel history.
        metadata: { event_type: CARD_EVENT_TYPE, event_payload: { comment_id: card.commentId } },
      }),
    );
    if (!result.ts) throw new ChatDeliveryError('chat.postMessage answered without a ts', 'retry');
    return { messageId: result.ts };
  }

  async findCard(channel: string, commentId: string, since: Date): Promise<{ messageId: string } | null> {
    // Our cards carry message metadata with the comment id (see postCard); look a minute further
    // back than the first attempt, page by page, newest first.
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      let result;
      try {
        result = await this.client.conversations.history({
          channel,
          oldest: String(Math.floor(since.getTime() / 1000) - 60),
          include_all_metadata: true,
          limit: 200,
          cursor,
        });
      } catch (error) {
        // Without channels:history (or in a channel we may not read) we cannot tell: post, accepting a
        // possible duplicate. Outages and rate limits are retried like any call.
        if ((error as { code?: string }).code === ErrorCode.PlatformError) return null;
        throw classifySlackError(error);
      }
      for (const message of result.messages ?? []) {
        const metadata = message.metadata as { event_type?: string; event_payload?: { comment_id?: unknown } } | undefined;
        if (message.ts && metadata?.event_type === CARD_EVENT_TYPE && metadata.event_payload?.comment_id === commentId) {
          return { messageId: message.ts };
        }
      }
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!result.has_more || !cursor) return null;
    }
    return null;
  }

  async updateCard(channel: string, messageId: string, card: CardView): Promise<void> {
    const message = renderCard(card, { drafts: this.options.drafts });
    await this.call(() => this.client.chat.update({ channel, ts: messageId, text: message.text, blocks: verbatimMrkdwn(message.blocks) }));
  }

  async notifyPerson(member: MemberInfo, notice: Notice): Promise<void> {
    await this.call(() => this.client.chat.postMessage({ channel: this.targetChannel({ kind: 'person', member }), ...noticeMessage(notice) }));
  }

  async notifyEphemeral(channel: string, platformUserId: string, notice: Notice): Promise<void> {
    await this.call(() => this.client.chat.postEphemeral({ channel, user: platformUserId, ...noticeMessage(notice) }));
  }

  async postReminder(to: ChatTarget, view: ReminderView): Promise<void> {
    const message = renderReminder(view, await this.cardLinks([view.subject]));
    await this.call(() => this.client.chat.postMessage({ channel: this.targetChannel(to), ...message, blocks: verbatimMrkdwn(message.blocks), unfurl_links: false, unfurl_media: false }));
  }

  async postSummary(to: ChatTarget, view: SummaryView): Promise<void> {
    const message = renderSummary(view, await this.cardLinks(view.subjects));
    await this.call(() => this.client.chat.postMessage({ channel: this.targetChannel(to), ...message, blocks: verbatimMrkdwn(message.blocks), unfurl_links: false, unfurl_media: false }));
  }

  async createRoom(name: string, isPrivate: boolean): Promise<{ channel: string }> {
    // A name someone already uses gets a suffix; Slack allows 80 characters.
    for (let attempt = 0; attempt < 5; attempt++) {
      const candidate = attempt === 0 ? name : `${name.slice(0, 74)}-${Math.random().toString(36).slice(2, 6)}`;
      try {
        const result = await this.client.conversations.create({ name: candidate, is_private: isPrivate });
        if (!result.channel?.id) throw new ChatDeliveryError('conversations.create answered without a channel id', 'retry');
        return { channel: result.channel.id };
      } catch (error) {
        if (platformErrorOf(error) !== 'name_taken') throw classifySlackError(error);
      }
    }
    throw new ChatDeliveryError(`Slack error name_taken — every channel name tried for ${name} is taken`, 'retry');
  }

  async joinRoom(channel: string): Promise<void> {
    try {
      await this.client.conversations.join({ channel });
    } catch (error) {
      const code = platformErrorOf(error);
      // A private channel cannot be joined: the bot must have been invited (posting will say so if not).
      if (code === 'method_not_supported_for_channel_type' || code === 'missing_scope') return;
      throw classifySlackError(error);
    }
  }

  async inviteToRoom(channel: string, members: MemberInfo[]): Promise<void> {
    const users = [...new Set(members.flatMap((m) => slackUserIdOf(m) ?? []))];
    if (!users.length) return;
    try {
      // force: invite everyone who can be invited, even if one id is wrong.
      await this.client.conversations.invite({ channel, users: users.join(','), force: true });
    } catch (error) {
      if (platformErrorOf(error) === 'already_in_channel') return;
      throw classifySlackError(error);
    }
  }

  async postCrisisMessage(to: ChatTarget, view: CrisisMessageView): Promise<{ channel: string; messageId: string }> {
    const message = renderCrisisMessage(view);
    const result = await this.call(() =>
      this.client.chat.postMessage({ channel: this.targetChannel(to), text: message.text, blocks: verbatimMrkdwn(message.blocks), unfurl_links: false, unfurl_media: false }),
    );
    if (!result.ts || !result.channel) throw new ChatDeliveryError('chat.postMessage answered without a ts', 'retry');
    return { channel: result.channel, messageId: result.ts };
  }

  async updateCrisisMessage(channel: string, messageId: string, view: CrisisMessageView): Promise<void> {
    const message = renderCrisisMessage(view);
    await this.call(() => this.client.chat.update({ channel, ts: messageId, text: message.text, blocks: verbatimMrkdwn(message.blocks) }));
  }

  async postDigest(channel: string, view: DigestView, chart: DigestChart | null): Promise<void> {
    const message = renderDigest(view);
    if (!chart) {
      await this.call(() => this.client.chat.postMessage({ channel, text: message.text, blocks: verbatimMrkdwn(message.blocks), unfurl_links: false, unfurl_media: false }));
      return;
    }
    // One message: the chart shared into the channel with the digest's blocks (files.uploadV2 →
    // getUploadURLExternal, upload, completeUploadExternal with channel_id and blocks).
    try {
      await this.call(() =>
        this.client.files.uploadV2({
          channel_id: channel,
          file: chart.png,
          filename: chart.filename,
          title: chart.title,
          alt_text: chart.altText,
          blocks: verbatimMrkdwn(message.blocks),
        } as Parameters<WebClient['files']['uploadV2']>[0]),
      );
    } catch (error) {
      // Files refused for good (no files:write yet, file uploads disabled in the workspace): the digest
      // still goes out, without its chart. The channel itself being wrong fails the same way below.
      if (!(error instanceof ChatDeliveryError) || error.kind !== 'permanent') throw error;
      await this.call(() => this.client.chat.postMessage({ channel, text: message.text, blocks: verbatimMrkdwn(message.blocks), unfurl_links: false, unfurl_media: false }));
    }
  }

  private targetChannel(to: ChatTarget): string {
    if (to.kind === 'channel') return to.channel;
    const userId = slackUserIdOf(to.member);
    if (!userId) throw new ChatDeliveryError(`member ${to.member.id} has no slackUserId`, 'permanent');
    // Posting to a user id lands in the app's direct message with that person.
    return userId;
  }

  /** Links to the cards (chat.getPermalink); a card Slack cannot link is shown without one. */
  private async cardLinks(subjects: ReminderSubject[]): Promise<CardLinks> {
    const links: CardLinks = new Map();
    await Promise.all(
      subjects.map(async (s) => {
        if (!s.card) return;
        try {
          const r = await this.client.chat.getPermalink({ channel: s.card.channel, message_ts: s.card.messageId });
          if (r.permalink) links.set(s.commentId, r.permalink);
        } catch {
          // The reminder matters more than the link.
        }
      }),
    );
    return links;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw classifySlackError(error);
    }
  }
}

/**
 * A notice from the core, as mrkdwn (what people wrote inside it, a commenter's name or an excerpt,
 * is escaped and shown, never obeyed), cut to what a section holds. A link Slack would refuse is left out.
 * Rows queued before notices were RichText hold a string: as plain text it renders as it did then.
 */
function noticeMessage(notice: Notice) {
  const text = cut(mrkdwn(notice.text), SECTION_TEXT_MAX);
  const blocks: SlackBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  const permalink = safeUrl(notice.permalink);
  if (permalink) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${permalink}|${escapeMrkdwn(cutText(permalink, 200))}>` }] });
  }
  return { text: cut(text.replace(/\s+/g, ' '), FALLBACK_MAX), blocks: verbatimMrkdwn(blocks) };
}

/** The `error` of a Slack platform error (`ok: false`), if it is one. */
function platformErrorOf(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } } | null;
  return e?.code === ErrorCode.PlatformError ? e.data?.error : undefined;
}

export function classifySlackError(error: unknown): ChatDeliveryError {
  if (error instanceof ChatDeliveryError) return error;
  if (typeof error !== 'object' || error === null) return new ChatDeliveryError(`Slack call failed: ${String(error)}`, 'retry');
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return new ChatDeliveryError(`Slack rate limit (retry after ${e.retryAfter ?? 1}s)`, 'rate_limited', (e.retryAfter ?? 1) * 1000);
    case ErrorCode.HTTPError:
      return new ChatDeliveryError(`Slack answered HTTP ${e.statusCode ?? '?'}`, 'retry');
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      if (code === 'ratelimited') return new ChatDeliveryError('Slack rate limit (ratelimited)', 'rate_limited', 1000);
      const hint = HINTS[code] ? ` — ${HINTS[code]}` : '';
      return new ChatDeliveryError(`Slack error ${code}${hint}`, PERMANENT_ERRORS.has(code) ? 'permanent' : 'retry');
    }
    default:
      return new ChatDeliveryError(`Slack unreachable: ${e.message ?? String(error)}`, 'retry');
  }
}
