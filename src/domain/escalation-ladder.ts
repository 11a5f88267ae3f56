import type { CommentRecord } from './comment.ts';
import type { Directory } from './directory.ts';
import { type LadderStep, type Phase, type ServiceLevel, instantAtPercent, runningPhase } from './service-level.ts';

/** What the reminder sweep does with one comment at `now`. */
export interface ReminderPlan {
  /** The step to send now, or null. Only the highest step that came due is sent; lower ones it passed are skipped. */
  send: {
    phase: Phase;
    step: number;
    ladderStep: LadderStep;
    /** When the step came due (or the snooze ended, if later). */
    dueSince: Date;
    /** now: its own message; summary: it came due outside working hours and joins the team's morning summary. */
    delivery: 'now' | 'summary';
  } | null;
  /** When to look again; null = nothing left to remind of. */
  next: Date | null;
}

/**
 * The escalation ladder for one comment, as a pure decision. Steps are percentages of the running
 * target (first response, then resolution); each step of a phase is sent once. Nothing is sent outside
 * the team's working hours (but a step due as the day ends may go out within a few minutes): the
 * comment waits for the next working period, and steps that waited through time off go into one
 * summary instead of a stream of pings. A snooze holds every step until it ends.
 */
export function planReminder(level: ServiceLevel, comment: CommentRecord, now: Date): ReminderPlan {
  const phase = runningPhase(comment);
  if (!phase || !level.ladder.length) return { send: null, next: null };
  const sent = comment.reminderPhase === phase ? (comment.reminderStep ?? -1) : -1;
  const stepAt = (i: number) => instantAtPercent(level, comment, phase, level.ladder[i]!.at);
  // While the first response is pending, also wake for the resolution steps: a claim does not touch
  // next_reminder_at, so the resolution ladder starts from one of these wake-ups.
  const resolutionWake = phase === 'firstResponse' ? nextResolutionWake(level, comment, now) : null;
  const earliest = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));
  const nextAfter = (i: number) => earliest(i + 1 < level.ladder.length ? stepAt(i + 1) : null, resolutionWake);
  const snoozedUntil = comment.snoozedUntil && comment.snoozedUntil > now ? comment.snoozedUntil : null;

  let due = -1;
  let dueAt: Date | null = null;
  for (let i = sent + 1; i < level.ladder.length; i++) {
    const at = stepAt(i);
    if (at > now) break;
    due = i;
    dueAt = at;
  }
  if (due < 0 || !dueAt) {
    const next = nextAfter(sent);
    return { send: null, next: next && snoozedUntil && snoozedUntil > next ? snoozedUntil : next };
  }
  if (snoozedUntil) return { send: null, next: snoozedUntil };
  const dueSince = comment.snoozedUntil && comment.snoozedUntil > dueAt ? comment.snoozedUntil : dueAt;
  const { calendar } = level;
  if (!calendar.isWorking(now)) {
    // A step that comes due as the working day ends (say at 18:00) may still go out a few minutes later.
    const justEnded = calendar.periodAt(new Date(now.getTime() - END_OF_PERIOD_GRACE_MS));
    if (!justEnded || dueSince > justEnded.end) return { send: null, next: calendar.nextPeriodStart(now) };
  }
  // Did the step wait through time off? Then it joins the summary instead of pinging on its own.
  const offHours = now.getTime() - dueSince.getTime() - calendar.between(dueSince, now);
  return {
    send: { phase, step: due, ladderStep: level.ladder[due]!, dueSince, delivery: offHours > END_OF_PERIOD_GRACE_MS ? 'summary' : 'now' },
    next: nextAfter(due),
  };
}

/**
 * The first resolution step still ahead; once all are behind (nobody claimed it through the whole
 * resolution ladder), a look every hour, so a late claim still gets its resolution reminders.
 */
function nextResolutionWake(level: ServiceLevel, comment: CommentRecord, now: Date): Date {
  for (const step of level.ladder) {
    const at = instantAtPercent(level, comment, 'resolution', step.at);
    if (at > now) return at;
  }
  return new Date(now.getTime() + LATE_CLAIM_CHECK_MS);
}

const LATE_CLAIM_CHECK_MS = 60 * 60_000;

/** How long after a working period ends a step that came due within it may still be sent on its own. */
export const END_OF_PERIOD_GRACE_MS = 5 * 60_000;

/** Who hears about a step: a person by direct message, or the team channel (with an optional mention). */
export type ReminderAudience =
  | { to: 'person'; memberId: string; role: 'holder' | 'lead' }
  | { to: 'channel'; teamId: string; mention: 'holder' | 'team' | null };

/**
 * holder → the holder (the channel, unmentioned, while nobody holds it); channel → the team channel,
 * mentioning the holder or the team; lead → the team lead (the channel with a team mention if the
 * team has no lead).
 */
export function reminderAudience(step: LadderStep, comment: CommentRecord, directory: Directory): ReminderAudience {
  const teamId = comment.teamId;
  switch (step.notify) {
    case 'holder':
      return comment.holderId && comment.status === 'claimed'
        ? { to: 'person', memberId: comment.holderId, role: 'holder' }
        : { to: 'channel', teamId, mention: null };
    case 'channel':
      return { to: 'channel', teamId, mention: comment.holderId && comment.status === 'claimed' ? 'holder' : 'team' };
    case 'lead': {
      const lead = directory.team(teamId)?.leadId;
      return lead ? { to: 'person', memberId: lead, role: 'lead' } : { to: 'channel', teamId, mention: 'team' };
    }
  }
}
