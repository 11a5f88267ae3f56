import type { CommentStatus, Priority } from './comment-lifecycle.ts';
import { isClosed } from './comment-lifecycle.ts';
import type { CardRecord, CommentRecord } from './comment.ts';
import type { Directory, Locale } from './directory.ts';
import { type Texts, textsFor, timeLeft } from './i18n.ts';
import type { RichText } from './rich-text.ts';
import type { Intent, Sentiment, Urgency } from './triage.ts';
import type { CommentTriage } from './comment-triage.ts';
import { replyLanguageOf, savedRepliesFor } from './saved-replies.ts';
import { type Phase, type ServiceLevel, dueTimeOf, firstResponseOf, runningPhase } from './service-level.ts';
import { NAME_MAX, plainName, visibleText } from './untrusted-text.ts';

export type CardActionId = 'claim' | 'release' | 'answer' | 'dismiss' | 'route';

/** A line of the card's state; `at` is formatted by the platform (in the reader's zone where it can) and passed in as `when`. */
export interface StateLine {
  text: (when: RichText) => RichText;
  at: Date | null;
}

export interface RouteOption {
  /** `team:<id>` or `member:<id>`. */
  value: string;
  label: string;
}

/** A comment card, platform-neutral. Chat adapters render it (Block Kit, Adaptive Card, HTML). */
export interface CardView {
  commentId: string;
  version: number;
  locale: Locale;
  texts: Texts;
  active: boolean;
  source: string;
  sourceLabel: string;
  priority: Priority;
  priorityLabel: string;
  status: CommentStatus;
  statusLabel: string;
  isDrill: boolean;
  /** Arrived on an affected source while a real crisis was active. */
  inCrisis: boolean;
  author: string;
  text: string;
  permalink: string | null;
  createdAt: Date;
  receivedAt: Date;
  edited: boolean;
  teamName: string;
  state: StateLine[];
  /** The response-time promise: due time and what is left, outcomes, the latest reminder, a snooze. */
  serviceLevel: StateLine[];
  actions: CardActionId[];
  routeOptions: { teams: RouteOption[]; people: RouteOption[] };
  /** What AI triage said, for the card's label line; null: triage has not run (or is off). */
  triage: TriageCardView | null;
  /** The team's saved replies for this comment's language and address form (a select on the card; empty: none, or closed). */
  savedReplies: { id: string; title: string }[];
}

/** The labels line of a card: compact, from what triage stored on the comment. */
export type TriageCardView =
  | {
      state: 'classified';
      sentiment: Sentiment;
      intent: Intent;
      urgency: Urgency;
      injectionSuspected: boolean;
      /** Worded labels in the card's language, e.g. "negative · complaint · urgent". */
      labelText: string;
      /** A team offered by triage (its name), or null. */
      suggestedTeam: { id: string; name: string } | null;
      /** Offer Dismiss (spam, abuse). */
      suggestDismiss: boolean;
      /** Triage moved it here by itself, from this team (its name). */
      routedByTriage: boolean;
      reason: string;
    }
  | { state: 'not_classified' };

const SOURCE_LABELS: Record<string, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  youtube: 'YouTube',
  x: 'X',
  linkedin: 'LinkedIn',
  webhook: 'Webhook',
};

export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? source.charAt(0).toUpperCase() + source.slice(1);
}

/**
 * What the card of `comment` in `card`'s channel shows right now, in the team's language (a card in a
 * channel is read by the team), or in `readerLocale` for a surface where each reader has their own page.
 */
export function buildCardView(comment: CommentRecord, card: CardRecord, directory: Directory, now: Date, readerLocale?: Locale): CardView {
  const cardTeam = directory.team(card.teamId);
  const locale = readerLocale ?? cardTeam?.locale ?? 'en';
  const t = textsFor(locale);
  // Names go into text lines: one line each, without control or bidi characters, capped.
  const name = (id: string | null) => plainName(directory.displayName(id), NAME_MAX);
  const teamName = (id: string | null) => (id ? plainName(directory.team(id)?.name ?? id, NAME_MAX) : '—');
  const state: StateLine[] = [];
  // Who moved it: a person, or AI triage (a route without a person).
  const router = () => (comment.routedById === null && comment.triage?.state === 'classified' && comment.triage.routedToTeamId ? t.triage.byTriage : name(comment.routedById));

  if (!card.active) {
    state.push({ text: (when) => t.movedAway(teamName(comment.teamId), router(), when), at: comment.routedAt });
  } else {
    if (comment.routedFrom && comment.routedFrom !== card.teamId) {
      state.push({ text: () => t.routedHere(teamName(comment.routedFrom), router()), at: null });
    }
    if (comment.status === 'open') state.push({ text: () => t.stateOpen, at: null });
    if (comment.status === 'claimed') {
      // Routed to a person: they hold it since the route, and the card says who handed it over.
      const assigned = comment.routedById !== null && comment.routedById !== comment.holderId && comment.routedAt?.getTime() === comment.claimedAt?.getTime();
      state.push(
        assigned
          ? { text: (when) => t.stateAssigned(name(comment.holderId), name(comment.routedById), when), at: comment.claimedAt }
          : { text: (when) => t.stateClaimed(name(comment.holderId), when), at: comment.claimedAt },
      );
    }
    if (comment.status === 'dismissed' && comment.isDrill && !comment.closedById) {
      // Closed by the end of its drill, not by a person.
      state.push({ text: (when) => t.stateDrillEnded(when), at: comment.closedAt });
    } else if (comment.status === 'answered' || comment.status === 'dismissed') {
      state.push({ text: (when) => t.stateClosed(t.status[comment.status], name(comment.closedById), when), at: comment.closedAt });
    }
    if (comment.status === 'removed') state.push({ text: (when) => t.stateRemoved(when), at: comment.closedAt });
  }
  const serviceLevel = card.active ? serviceLevelLines(comment, directory.serviceLevel(comment.teamId), t, now) : [];

  const actions: CardActionId[] = [];
  if (card.active && !isClosed(comment.status)) {
    actions.push(comment.status === 'claimed' ? 'release' : 'claim', 'answer', 'dismiss', 'route');
  }

  return {
    triage: triageView(comment.triage ?? null, card.active, directory, t),
    savedReplies: card.active && actions.length ? savedRepliesOfCard(comment, directory) : [],
    commentId: comment.id,
    version: comment.version,
    locale,
    texts: t,
    active: card.active,
    source: comment.source,
    // The source comes with the webhook payload: as untrusted as the author.
    sourceLabel: plainName(sourceLabel(comment.source), NAME_MAX),
    priority: comment.priority,
    priorityLabel: t.priority[comment.priority],
    status: comment.status,
    statusLabel: t.status[comment.status],
    isDrill: comment.isDrill,
    inCrisis: comment.crisisId !== null && !comment.isDrill,
    author: plainName(comment.authorName, NAME_MAX),
    text: visibleText(comment.text),
    permalink: comment.permalink,
    createdAt: comment.createdAt,
    receivedAt: comment.receivedAt,
    edited: comment.editedAt !== null,
    teamName: teamName(card.teamId),
    state,
    serviceLevel,
    actions,
    routeOptions: {
      teams: directory
        .allTeams()
        .filter((tm) => tm.id !== comment.teamId)
        .map((tm) => ({ value: `team:${tm.id}`, label: tm.name })),
      people: directory
        .assignableMembers()
        .filter((m) => m.id !== comment.holderId)
        .map((m) => ({ value: `member:${m.id}`, label: m.name })),
    },
  };
}

/**
 * The promise on the card: the running target's due time and what is left (or how far over), in the
 * team's working time; how the first response and the resolution went; the latest reminder step; a snooze.
 */
function serviceLevelLines(comment: CommentRecord, level: ServiceLevel, t: Texts, now: Date): StateLine[] {
  const lines: StateLine[] = [];
  const outcome = (phase: Phase, at: Date, dueTime: Date): StateLine =>
    at <= dueTime
      ? { text: (when) => t.slaMet(t.phase[phase], when), at }
      : { text: (when) => t.slaMissed(t.phase[phase], timeLeft(level.calendar.between(dueTime, at), t), when), at };

  const firstResponse = firstResponseOf(comment);
  if (firstResponse) lines.push(outcome('firstResponse', firstResponse, dueTimeOf(level, comment, 'firstResponse')));
  const phase = runningPhase(comment);
  if (phase) {
    const dueTime = dueTimeOf(level, comment, phase);
    const left = level.calendar.between(now, dueTime);
    lines.push(
      left > 0
        ? { text: (when) => t.slaDue(t.phase[phase], when, timeLeft(left, t)), at: dueTime }
        : { text: (when) => t.slaOverdue(t.phase[phase], timeLeft(-left, t), when), at: dueTime },
    );
    const step = comment.reminderPhase === phase && comment.reminderStep !== null ? level.ladder[comment.reminderStep] : undefined;
    if (step && comment.remindedAt) {
      lines.push({ text: (when) => t.slaStepLine(t.slaStep[step.notify], step.at, t.phaseLower[phase], when), at: comment.remindedAt });
    }
    if (comment.snoozedUntil && comment.snoozedUntil > now) lines.push({ text: (when) => t.slaSnoozed(when), at: comment.snoozedUntil });
  } else if ((comment.status === 'answered' || comment.status === 'dismissed') && comment.closedAt) {
    lines.push(outcome('resolution', comment.closedAt, dueTimeOf(level, comment, 'resolution')));
  }
  return lines;
}

/** The card's labels line from what triage stored (only on the active card: a moved-away card shows where it went). */
function triageView(triage: CommentTriage | null, active: boolean, directory: Directory, t: Texts): TriageCardView | null {
  if (!triage || !active) return null;
  if (triage.state === 'not_classified') return { state: 'not_classified' };
  const { sentiment, intent, urgency, injectionSuspected } = triage.labels;
  const team = triage.suggestTeamId ? directory.team(triage.suggestTeamId) : undefined;
  return {
    state: 'classified',
    sentiment,
    intent,
    urgency,
    injectionSuspected,
    labelText: [t.triage.sentiment[sentiment], t.triage.intent[intent], t.triage.urgency[urgency]].join(' · '),
    suggestedTeam: team ? { id: team.id, name: plainName(team.name, NAME_MAX) } : null,
    suggestDismiss: triage.suggestDismiss,
    routedByTriage: triage.routedToTeamId !== null,
    reason: plainName(triage.reason, 200),
  };
}

/** The saved replies that fit a comment: its team's, in the reply's language and the team's address form. */
function savedRepliesOfCard(comment: CommentRecord, directory: Directory): { id: string; title: string }[] {
  const team = directory.team(comment.teamId);
  if (!team?.savedReplies?.length) return [];
  const language = replyLanguageOf(comment.language, team.locale);
  const address = language === 'de' ? team.tone?.address : undefined;
  return savedRepliesFor(team, language, address).map((r) => ({ id: r.id, title: plainName(r.title, NAME_MAX) }));
}
