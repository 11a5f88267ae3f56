import type { CommentStatus, Priority } from './comment-lifecycle.ts';
import { isClosed } from './comment-lifecycle.ts';
import { WorkingCalendar } from './working-calendar.ts';

/**
 * Response-time promises, counted in a team's working time. Every comment runs two targets from its
 * arrival: the first response (someone claims it, or closes it) and the resolution (closed). The
 * escalation ladder reminds at percentages of whichever target is still running.
 */
export type Phase = 'firstResponse' | 'resolution';

export interface LadderStep {
  /** Percent of the running target's working time. */
  at: number;
  /** holder: DM the holder (the channel while nobody holds it); channel: post in the team channel with a mention; lead: DM the team lead. */
  notify: 'holder' | 'channel' | 'lead';
}

/** here / channel / none, or a user group id on the chat platform. */
export type TeamMention = string;

export interface ServiceLevel {
  calendar: WorkingCalendar;
  /** Working milliseconds per priority and phase. */
  targets: Record<Priority, Record<Phase, number>>;
  ladder: LadderStep[];
  mention: TeamMention;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Targets when the desk configuration names none: crisis 15 min / 2 h, high 30 min / 4 h, normal 4 h / 2 days, low 1 day / 5 days (working time). */
export function defaultTargets(workingDayMs: number): Record<Priority, Record<Phase, number>> {
  return {
    crisis: { firstResponse: 15 * MINUTE, resolution: 2 * HOUR },
    high: { firstResponse: 30 * MINUTE, resolution: 4 * HOUR },
    normal: { firstResponse: 4 * HOUR, resolution: 2 * workingDayMs },
    low: { firstResponse: workingDayMs, resolution: 5 * workingDayMs },
  };
}

export const DEFAULT_LADDER: LadderStep[] = [
  { at: 75, notify: 'holder' },
  { at: 100, notify: 'channel' },
  { at: 150, notify: 'lead' },
];

/** A team without configuration: around the clock in UTC, default targets and ladder. */
export function fallbackServiceLevel(): ServiceLevel {
  const calendar = WorkingCalendar.alwaysOpen('UTC');
  return { calendar, targets: defaultTargets(calendar.workingDayMs()), ladder: DEFAULT_LADDER, mention: 'here' };
}

/** The columns of a comment that its response-time state depends on. */
export interface SlaFields {
  status: CommentStatus;
  priority: Priority;
  receivedAt: Date;
  /** Where the current team's clock started (arrival, or the last route); null = receivedAt. */
  slaStartedAt: Date | null;
  /** Working seconds spent with earlier teams before slaStartedAt. */
  slaSpentSeconds: number;
  firstResponseAt: Date | null;
  /** Set while someone holds it. */
  claimedAt: Date | null;
  closedAt: Date | null;
}

/**
 * When the first response happened: `first_response_at`, or — for a first claim still held — its
 * claim time. The hot claim statement writes only the claim; the next change through the full path
 * (release, route, close) stores the first response for good.
 */
export function firstResponseOf(c: Pick<SlaFields, 'firstResponseAt' | 'claimedAt'>): Date | null {
  return c.firstResponseAt ?? c.claimedAt;
}

/** The target running now: first response until someone claims or closes it, then resolution; none once closed. */
export function runningPhase(c: Pick<SlaFields, 'status' | 'firstResponseAt' | 'claimedAt'>): Phase | null {
  if (isClosed(c.status)) return null;
  return firstResponseOf(c) ? 'resolution' : 'firstResponse';
}

function clockStart(c: SlaFields): Date {
  return c.slaStartedAt ?? c.receivedAt;
}

/** Working time the comment has waited by `at` (with earlier teams included). */
export function workingElapsedMs(level: ServiceLevel, c: SlaFields, at: Date): number {
  return c.slaSpentSeconds * 1000 + Math.max(0, level.calendar.between(clockStart(c), at));
}

/** When `pct` percent of the phase's target is used up, on the current team's clock. */
export function instantAtPercent(level: ServiceLevel, c: SlaFields, phase: Phase, pct: number): Date {
  const target = level.targets[c.priority][phase];
  return level.calendar.add(clockStart(c), Math.round((target * pct) / 100) - c.slaSpentSeconds * 1000);
}

export function dueAt(level: ServiceLevel, c: SlaFields, phase: Phase): Date {
  return instantAtPercent(level, c, phase, 100);
}

/**
 * The phase's due time as stored on the comment (kept up to date on routes), or computed for comments
 * from before due times were stored.
 */
export function dueTimeOf(level: ServiceLevel, c: SlaFields & { firstResponseDueAt: Date | null; resolutionDueAt: Date | null }, phase: Phase): Date {
  return (phase === 'firstResponse' ? c.firstResponseDueAt : c.resolutionDueAt) ?? dueAt(level, c, phase);
}

/** Due times and the first reminder for a new comment. */
export function newCommentSla(level: ServiceLevel, priority: Priority, receivedAt: Date) {
  const c: SlaFields = { status: 'open', priority, receivedAt, slaStartedAt: null, slaSpentSeconds: 0, firstResponseAt: null, claimedAt: null, closedAt: null };
  return {
    firstResponseDueAt: dueAt(level, c, 'firstResponse'),
    resolutionDueAt: dueAt(level, c, 'resolution'),
    nextReminderAt: level.ladder[0] ? instantAtPercent(level, c, 'firstResponse', level.ladder[0].at) : null,
  };
}

/**
 * A comment moves to another team: the time it already waited is kept, and the remaining time runs
 * on the new team's clock and targets. The next sweep re-plans its reminders (nextReminderAt = now).
 */
export function rebaseSla(from: ServiceLevel, to: ServiceLevel, c: SlaFields, now: Date) {
  const spentSeconds = Math.round(workingElapsedMs(from, c, now) / 1000);
  const rebased: SlaFields = { ...c, slaStartedAt: now, slaSpentSeconds: spentSeconds };
  return {
    slaStartedAt: now,
    slaSpentSeconds: spentSeconds,
    // A first response that already happened was measured against the old team's promise.
    ...(firstResponseOf(c) ? {} : { firstResponseDueAt: dueAt(to, rebased, 'firstResponse') }),
    resolutionDueAt: dueAt(to, rebased, 'resolution'),
    nextReminderAt: now,
  };
}
