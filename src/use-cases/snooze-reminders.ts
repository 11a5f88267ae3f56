import { isClosed } from '../domain/comment-lifecycle.ts';
import type { Locale } from '../domain/directory.ts';
import { isUuid } from '../domain/ids.ts';
import { textsFor } from '../domain/i18n.ts';
import { cardUpdateItem } from './card-outbox.ts';
import type { ActDeps } from './act-on-comment.ts';
import { askerOf } from './command-asker.ts';
import { type MemberDeps, resolveMember } from './resolve-member.ts';

/** The choices in the snooze dialog: minutes of clock time, or until the team's next working period starts. */
export const SNOOZE_CHOICES = ['15m', '30m', '1h', '2h', '4h', 'next'] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number];
const MINUTES: Record<Exclude<SnoozeChoice, 'next'>, number> = { '15m': 15, '30m': 30, '1h': 60, '2h': 120, '4h': 240 };

export interface SnoozeInput {
  commentId: string;
  platform: string;
  platformUserId: string;
  choice: SnoozeChoice;
  reason: string;
  /** The language to answer in, where the surface knows the reader's; default: the member's. */
  locale?: Locale;
}

export type SnoozeResult =
  | { ok: true; until: Date }
  | { ok: false; code: 'not_member' | 'unknown_comment' | 'closed' | 'reason_missing' | 'busy'; field: 'reason' | 'duration'; message: string };

export const SNOOZE_REASON_MAX = 300;

/**
 * Holds a comment's reminders and escalations until a chosen time, with a reason for the log. The
 * promise itself does not move: the card keeps showing the due time and, once passed, how far over.
 */
export async function snoozeReminders(input: SnoozeInput, deps: ActDeps): Promise<SnoozeResult> {
  const { store, directory, clock } = deps;
  const member = await resolveMember({ platform: input.platform, platformUserId: input.platformUserId }, deps);
  if (!member) return { ok: false, code: 'not_member', field: 'reason', message: textsFor(directory.localeOf(undefined, directory.defaults.teamId)).notMember };
  const t = textsFor(input.locale ?? directory.localeOf(member.id));
  const reason = input.reason.trim().slice(0, SNOOZE_REASON_MAX);
  if (!reason) return { ok: false, code: 'reason_missing', field: 'reason', message: t.snooze.reasonMissing };
  if (!isUuid(input.commentId)) return { ok: false, code: 'unknown_comment', field: 'duration', message: t.unknownComment };

  for (let attempt = 0; attempt < 8; attempt++) {
    const found = await store.getCommentWithCards(input.commentId);
    if (!found) return { ok: false, code: 'unknown_comment', field: 'duration', message: t.unknownComment };
    const { comment, cards } = found;
    if (isClosed(comment.status)) return { ok: false, code: 'closed', field: 'duration', message: t.closed(t.status[comment.status]) };
    const now = clock.now();
    const until =
      input.choice === 'next'
        ? directory.serviceLevel(comment.teamId).calendar.nextPeriodStart(now)
        : new Date(now.getTime() + MINUTES[input.choice] * 60_000);
    const written = await store.writeComment({
      commentId: comment.id,
      expectedVersion: comment.version,
      // The sweep looks again when the snooze ends.
      changes: { snoozedUntil: until, nextReminderAt: until },
      event: { type: 'snoozed', actorId: member.id, data: { until: until.toISOString(), choice: input.choice, reason, via: input.platform } },
      outbox: cards.filter((c) => c.active).map((c) => cardUpdateItem(c, comment.version + 1)),
      now,
    });
    if (written) return { ok: true, until };
  }
  return { ok: false, code: 'busy', field: 'duration', message: t.busy };
}

/** The answer to a submission that lost track of its comment (an outdated or altered dialog), in the person's language. */
export async function staleSnoozeMessage(deps: MemberDeps, who: { platform: string; platformUserId: string }): Promise<string> {
  return textsFor((await askerOf(deps, who)).locale).snooze.outOfDate;
}
