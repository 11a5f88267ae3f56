import type { CardView } from '../domain/card-view.ts';
import type { CrisisMessageView } from '../domain/crisis-view.ts';
import type { DigestView } from '../domain/kpi.ts';
import type { MemberInfo } from '../domain/directory.ts';
import { DeliveryError } from '../domain/delivery-error.ts';
import type { Notice } from '../domain/outbox-intent.ts';
import type { ReminderView, SummaryView } from '../domain/reminder-view.ts';

/** The digest's chart as an image file. */
export interface DigestChart {
  png: Buffer;
  filename: string;
  title: string;
  altText: string;
}

/** Where a message goes: a channel, or a person's direct messages. */
export type ChatTarget = { kind: 'channel'; channel: string } | { kind: 'person'; member: MemberInfo };

/**
 * What the core needs from a chat platform. The outbox's chat handlers are its only callers, so every
 * call here is already persisted and will be retried on failure.
 */
export interface ChatGateway {
  readonly platform: string;
  postCard(channel: string, card: CardView): Promise<{ messageId: string }>;
  /**
   * The card of `commentId` posted in `channel` since `since`, if one is there: asked before posting
   * again after an attempt whose answer was lost (timeout, dropped connection, 5xx), when the post may
   * already have happened. Null when there is none, or when the platform cannot tell.
   */
  findCard(channel: string, commentId: string, since: Date): Promise<{ messageId: string } | null>;
  updateCard(channel: string, messageId: string, card: CardView): Promise<void>;
  /** A direct message to a member. */
  notifyPerson(member: MemberInfo, notice: Notice): Promise<void>;
  /** A message only `platformUserId` sees, in `channel`. */
  notifyEphemeral(channel: string, platformUserId: string, notice: Notice): Promise<void>;
  /** A reminder or escalation about one comment, with buttons to claim, snooze and open its card. */
  postReminder(to: ChatTarget, view: ReminderView): Promise<void>;
  /** The steps that came due outside working hours, as one message. */
  postSummary(to: ChatTarget, view: SummaryView): Promise<void>;
  /** A new channel for a crisis room; a taken name gets a suffix. */
  createRoom(name: string, isPrivate: boolean): Promise<{ channel: string }>;
  /** Joins an existing (configured) room channel where the platform allows it; a channel the bot cannot join must invite it. */
  joinRoom(channel: string): Promise<void>;
  /** Invites members to the room; members already in it are fine. */
  inviteToRoom(channel: string, members: MemberInfo[]): Promise<void>;
  /** Posts a crisis message; answers where it landed (a direct message has its own channel id) for later updates. */
  postCrisisMessage(to: ChatTarget, view: CrisisMessageView): Promise<{ channel: string; messageId: string }>;
  updateCrisisMessage(channel: string, messageId: string, view: CrisisMessageView): Promise<void>;
  /** The weekly digest into a channel, with its chart image when there is one. */
  postDigest(channel: string, view: DigestView, chart: DigestChart | null): Promise<void>;
}

/** A failed chat call, classified by the gateway (see DeliveryError: retry, rate_limited, permanent). */
export class ChatDeliveryError extends DeliveryError {
  override name = 'ChatDeliveryError';
}
