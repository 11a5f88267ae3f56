import type { Directory, Locale, MemberInfo } from './directory.ts';
import type { ReminderAudience } from './escalation-ladder.ts';
import { textsFor } from './i18n.ts';
import type { RichText } from './rich-text.ts';
import type { LadderStep, Phase } from './service-level.ts';

/** A short text for one person (direct message or ephemeral), already in their language. */
export interface Notice {
  text: RichText;
  /** Link to the original comment, shown as a button where the platform has one. */
  permalink?: string;
}

/**
 * "X has already claimed this", for a claim that lost: written by the claim statement itself, which
 * is the first to know who holds the comment, so it is worded at delivery (like cards), in `locale`.
 */
export interface HeldByNotice {
  heldBy: string;
  locale: Locale;
}

/** The words of a notice as the person reads them. */
export function noticeToSend(notice: Notice | HeldByNotice, directory: Pick<Directory, 'displayName'>): Notice {
  if ('text' in notice) return notice;
  return { text: textsFor(notice.locale).heldBy(directory.displayName(notice.heldBy)) };
}

/** One step of the escalation ladder for one comment, as it is queued. */
export interface ReminderStepRef {
  commentId: string;
  phase: Phase;
  /** Index in the team's ladder, its percentage of the target, and whom the step is meant for. */
  step: number;
  percent: number;
  notify: LadderStep['notify'];
}

/**
 * Work waiting in the outbox. Platform-neutral: the handler of its kind renders it, through the gateway
 * of its `platform` (a chat platform's adapter id; later also the social networks a reply goes to).
 */
export type OutboxIntent = { platform: string } & (
  /** A reminder or escalation for one comment, to a person or into the team channel. */
  | ({ kind: 'sla.remind'; audience: ReminderAudience; channel: string | null } & ReminderStepRef)
  /** Steps that came due outside working hours, as one message into the team channel (or to its lead). */
  | { kind: 'sla.summary'; teamId: string; channel: string | null; leadId: string | null; items: ReminderStepRef[] }
  | { kind: 'card.post'; commentId: string; cardId: string }
  /** The weekly digest of a team (stored in kpi_digest), with its chart, into one of the team's channels. */
  | { kind: 'kpi.digest'; teamId: string; week: string; channel: string }
  /** Opens the crisis room (creates the channel, or joins the configured one) and invites the roster. */
  | { kind: 'crisis.room'; crisisId: string; private: boolean }
  /** Posts one of the crisis' messages into the room or the stakeholder channel (rendered from the current state). */
  | { kind: 'crisis.post'; crisisId: string; message: CrisisPostMessage; to: 'room' | 'stakeholders' }
  /** Pages one roster member by direct message, with an Acknowledge button. */
  | { kind: 'crisis.page'; crisisId: string; memberId: string }
  /** A status update, into the room or the stakeholder channel. */
  | { kind: 'crisis.update'; crisisId: string; text: string; byId: string; at: string; to: 'room' | 'stakeholders' }
  /** Brings a posted crisis message (board, statement, page:<member>) up to the current state. */
  | { kind: 'crisis.refresh'; crisisId: string; key: string }
  | { kind: 'card.update'; commentId: string; cardId: string; version: number }
  | { kind: 'person.notify'; memberId: string; notice: Notice }
  | { kind: 'person.ephemeral'; platformUserId: string; channel: string; notice: Notice | HeldByNotice }
);

export interface OutboxItem {
  /** Same key twice means the same message; the second is dropped. */
  dedupeKey: string;
  intent: OutboxIntent;
  /** Pacing key: the channel the message goes to. */
  channel: string | null;
}

/** Crisis messages posted once and kept (board, statement) or posted once (announcement, report). */
export type CrisisPostMessage = 'board' | 'statement' | 'announcement' | 'report';

/** Kinds that put a new message into a channel: they count against the channel's posting pace. */
export const CHANNEL_POST_KINDS: readonly string[] = ['card.post', 'sla.remind', 'sla.summary', 'crisis.post', 'crisis.update', 'kpi.digest'];

/**
 * The platform a message to `member` goes to: `preferred` (the platform they acted on, or the team
 * channel's) when they use it, else the first platform they use. Someone who uses none is still sent
 * to `preferred`, whose gateway fails the row and says why; null only without any platform to try.
 */
export function platformToReach(member: Pick<MemberInfo, 'identities'> | undefined, preferred?: string | null): string | null {
  const identities = member?.identities ?? [];
  if (preferred && identities.some((i) => i.platform === preferred)) return preferred;
  return identities[0]?.platform ?? preferred ?? null;
}
