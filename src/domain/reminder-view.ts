import type { StateLine } from './card-view.ts';
import { sourceLabel } from './card-view.ts';
import { isClosed } from './comment-lifecycle.ts';
import type { CardRecord, CommentRecord } from './comment.ts';
import type { Directory, Locale, MemberInfo } from './directory.ts';
import type { ReminderAudience } from './escalation-ladder.ts';
import { type Texts, textsFor, timeLeft } from './i18n.ts';
import type { ReminderStepRef } from './outbox-intent.ts';
import type { RichText } from './rich-text.ts';
import { type Phase, type ServiceLevel, dueTimeOf } from './service-level.ts';
import { NAME_MAX, excerptText, plainName } from './untrusted-text.ts';

/** Who a channel reminder calls: the holder, or the team (here / channel / a user group). */
export type ReminderMention = { kind: 'person'; member: MemberInfo } | { kind: 'team'; value: string };

/** The comment a reminder is about, as the reminder shows it. */
export interface ReminderSubject {
  commentId: string;
  version: number;
  author: string;
  excerpt: string;
  sourceLabel: string;
  priority: CommentRecord['priority'];
  priorityLabel: string;
  permalink: string | null;
  /** Due time and what is left / how far over, holder: dates formatted by the platform. */
  lines: StateLine[];
  canClaim: boolean;
  /** Where the comment's card is, to link to it. */
  card: { channel: string; messageId: string } | null;
}

/** One reminder or escalation, platform-neutral. */
export interface ReminderView {
  locale: Locale;
  texts: Texts;
  title: string;
  mention: ReminderMention | null;
  subject: ReminderSubject;
}

/** Steps that came due outside working hours, gathered for one team. */
export interface SummaryView {
  locale: Locale;
  texts: Texts;
  title: RichText;
  subjects: ReminderSubject[];
  /** Items left out to keep the message short. */
  more: number;
}

const SUMMARY_MAX_ITEMS = 15;
/** The comment in a reminder: enough to recognise it. */
const EXCERPT_MAX = 120;

export function buildReminderView(
  step: ReminderStepRef & { audience: ReminderAudience },
  found: { comment: CommentRecord; cards: CardRecord[] },
  directory: Directory,
  now: Date,
): ReminderView {
  const { comment } = found;
  const { audience } = step;
  const team = directory.team(comment.teamId);
  const locale = audience.to === 'person' ? directory.localeOf(audience.memberId, comment.teamId) : (team?.locale ?? 'en');
  const t = textsFor(locale);
  const phase = t.phaseLower[step.phase];
  const teamName = plainName(team?.name ?? comment.teamId, NAME_MAX);
  // The lead step is an escalation, also when a team without a lead hears it in its channel.
  const title =
    step.notify === 'lead' || (audience.to === 'person' && audience.role === 'lead')
      ? t.escalationTitle(step.percent, phase, teamName)
      : step.percent >= 100
        ? t.reminderReached(step.percent, phase)
        : t.reminderTitle(step.percent, phase);
  return { locale, texts: t, title, mention: mentionOf(audience, comment, directory), subject: subjectOf(found, step.phase, directory, t, now) };
}

export function buildSummaryView(
  teamId: string,
  items: { step: ReminderStepRef; found: { comment: CommentRecord; cards: CardRecord[] } }[],
  directory: Directory,
  now: Date,
): SummaryView {
  const team = directory.team(teamId);
  const locale = team?.locale ?? 'en';
  const t = textsFor(locale);
  const subjects = items.slice(0, SUMMARY_MAX_ITEMS).map((i) => subjectOf(i.found, i.step.phase, directory, t, now));
  return { locale, texts: t, title: t.summaryTitle(plainName(team?.name ?? teamId, NAME_MAX), items.length), subjects, more: Math.max(0, items.length - SUMMARY_MAX_ITEMS) };
}

function mentionOf(audience: ReminderAudience, comment: CommentRecord, directory: Directory): ReminderMention | null {
  if (audience.to !== 'channel' || !audience.mention) return null;
  if (audience.mention === 'holder') {
    const member = comment.holderId ? directory.member(comment.holderId) : undefined;
    return member ? { kind: 'person', member } : null;
  }
  const value = directory.serviceLevel(comment.teamId).mention;
  return value === 'none' ? null : { kind: 'team', value };
}

function subjectOf(found: { comment: CommentRecord; cards: CardRecord[] }, phase: Phase, directory: Directory, t: Texts, now: Date): ReminderSubject {
  const { comment, cards } = found;
  const level: ServiceLevel = directory.serviceLevel(comment.teamId);
  const due = dueTimeOf(level, comment, phase);
  const left = level.calendar.between(now, due);
  const lines: StateLine[] = [
    left > 0
      ? { text: (when) => t.reminderDue(when, timeLeft(left, t)), at: due }
      : { text: (when) => t.reminderOverdue(when, timeLeft(-left, t)), at: due },
    {
      text: () =>
        isClosed(comment.status) ? t.reminderClosed : comment.status === 'claimed' ? t.reminderHeldBy(plainName(directory.displayName(comment.holderId), NAME_MAX)) : t.reminderUnclaimed,
      at: null,
    },
  ];
  const card = cards.find((c) => c.active && c.messageId);
  return {
    commentId: comment.id,
    version: comment.version,
    author: plainName(comment.authorName, NAME_MAX),
    // One line, controls shown as symbols, never ending in half an emoji.
    excerpt: excerptText(comment.text, EXCERPT_MAX),
    sourceLabel: plainName(sourceLabel(comment.source), NAME_MAX),
    priority: comment.priority,
    priorityLabel: t.priority[comment.priority],
    permalink: comment.permalink,
    lines,
    canClaim: comment.status === 'open',
    card: card?.messageId ? { channel: card.channel, messageId: card.messageId } : null,
  };
}
