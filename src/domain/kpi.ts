import type { Locale } from './directory.ts';

/**
 * Goals and weekly figures. A week is Monday 00:00 to the next Monday 00:00 in the team's time zone
 * (ISO weeks, "2026-W47"). Figures come from SQL aggregation; drill comments never count. Pure types.
 */

/** The metrics a goal can name. Durations are milliseconds; shares are 0–1. */
export const GOAL_METRICS = {
  /** Median time from arrival to first response (claim, assignment or close), in the team's working time. */
  firstResponseMedian: 'duration',
  /** 90th percentile of the same. */
  firstResponseP90: 'duration',
  /** Median time to first response in clock time. */
  firstResponseMedianClock: 'duration',
  /** Share of comments whose first response came within the target (of those responded to or already past due). */
  withinTargetShare: 'share',
  /** Answered ÷ received, dismissed and removed ones left out of both. */
  responseRate: 'share',
  /** Comments open or claimed at the end of the week. */
  backlogEnd: 'count',
  /** Comments past their running target now. */
  overdueNow: 'count',
  /** Comments answered in the week. */
  answered: 'count',
  /** Escalations to a team lead in the week. */
  escalations: 'count',
} as const;
export type GoalMetric = keyof typeof GOAL_METRICS;
export type MetricKind = (typeof GOAL_METRICS)[GoalMetric];

export type Comparison = '<=' | '<' | '>=' | '>';

export interface Goal {
  metric: GoalMetric;
  comparison: Comparison;
  /** In the metric's unit: ms for durations, 0–1 for shares, a number for counts. */
  target: number;
}

/** An ISO week in a time zone: [start, end) instants. */
export interface KpiWeek {
  /** "2026-W47" */
  label: string;
  start: Date;
  end: Date;
  timeZone: string;
}

export interface PersonFigures {
  memberId: string;
  claimed: number;
  answered: number;
  /** Median clock time to their first responses (null: none). */
  medianResponseMs: number | null;
}

export interface DepartmentFigures {
  teamId: string;
  /** Comments routed to this team in the week. */
  routedIn: number;
  answered: number;
  /** Median clock time from the route to the close (null: none closed). */
  medianCloseMs: number | null;
}

export interface SourceFigures {
  source: string;
  received: number;
  answered: number;
  medianFirstResponseMs: number | null;
}

export interface DayFigures {
  /** YYYY-MM-DD in the team's zone. */
  date: string;
  received: number;
  /** Median working-time first response of the comments received that day (null: none). */
  medianFirstResponseMs: number | null;
}

export interface DrillHeadline {
  number: number;
  title: { de: string; en: string };
  startedAt: string;
  firstAckMs: number | null;
  stepsOnTime: number;
  steps: number;
  commentsAnswered: number;
  commentsReceived: number;
}

/** One team's week. Every number a digest or narrative states comes from here. */
export interface WeeklyFigures {
  teamId: string;
  week: KpiWeek;
  received: number;
  answered: number;
  dismissed: number;
  /** Routed away from this team during the week. */
  routed: number;
  firstResponseMedianMs: number | null;
  firstResponseP90Ms: number | null;
  firstResponseMedianClockMs: number | null;
  firstResponseP90ClockMs: number | null;
  /** 0–1, null when no comment has a verdict yet. */
  withinTargetShare: number | null;
  /** answered ÷ (received − dismissed − removed), 0–1; null when nothing counts. */
  responseRate: number | null;
  backlogStart: number;
  backlogEnd: number;
  /** Past their running target at the moment the figures were taken (for a past week: at its end). */
  overdueNow: number;
  escalations: { reminders: number; channel: number; lead: number };
  bySource: SourceFigures[];
  byPerson: PersonFigures[];
  byDepartment: DepartmentFigures[];
  byDay: DayFigures[];
  drills: DrillHeadline[];
}

export interface GoalResult {
  goal: Goal;
  actual: number | null;
  /** null when there is no actual value (nothing to measure). */
  met: boolean | null;
  /** Last week's actual, for the trend. */
  previous: number | null;
  /** Whether the change since last week is good for this goal, bad, or flat/unknown. */
  trend: 'better' | 'worse' | 'same' | null;
}

/** The weekly digest, platform-neutral. */
export interface DigestView {
  teamId: string;
  teamName: string;
  locale: Locale;
  figures: WeeklyFigures;
  previous: WeeklyFigures | null;
  goals: GoalResult[];
  /** A paragraph: the model's (numbers checked) or the template's. */
  narrative: { text: string; source: 'model' | 'template' };
  /** Member and team display names for the tables. */
  names: Record<string, string>;
}

/** The metric's value in a week's figures. */
export function metricValue(f: WeeklyFigures, metric: GoalMetric): number | null {
  switch (metric) {
    case 'firstResponseMedian':
      return f.firstResponseMedianMs;
    case 'firstResponseP90':
      return f.firstResponseP90Ms;
    case 'firstResponseMedianClock':
      return f.firstResponseMedianClockMs;
    case 'withinTargetShare':
      return f.withinTargetShare;
    case 'responseRate':
      return f.responseRate;
    case 'backlogEnd':
      return f.backlogEnd;
    case 'overdueNow':
      return f.overdueNow;
    case 'answered':
      return f.answered;
    case 'escalations':
      return f.escalations.lead;
  }
}

export function compare(actual: number, comparison: Comparison, target: number): boolean {
  switch (comparison) {
    case '<=':
      return actual <= target;
    case '<':
      return actual < target;
    case '>=':
      return actual >= target;
    case '>':
      return actual > target;
  }
}

/** Each goal against this week, with last week's value and whether it moved the right way. */
export function evaluateGoals(goals: Goal[], figures: WeeklyFigures, previous: WeeklyFigures | null): GoalResult[] {
  return goals.map((goal) => {
    const actual = metricValue(figures, goal.metric);
    const before = previous ? metricValue(previous, goal.metric) : null;
    const lowerIsBetter = goal.comparison === '<=' || goal.comparison === '<';
    let trend: GoalResult['trend'] = null;
    if (actual !== null && before !== null) {
      trend = actual === before ? 'same' : actual < before === lowerIsBetter ? 'better' : 'worse';
    }
    return { goal, actual, met: actual === null ? null : compare(actual, goal.comparison, goal.target), previous: before, trend };
  });
}

/** A digest read back from JSON (stored or queued): dates revived. */
export function reviveDigest(json: unknown): DigestView {
  const view = json as DigestView;
  const week = (w: KpiWeek): KpiWeek => ({ ...w, start: new Date(w.start), end: new Date(w.end) });
  return {
    ...view,
    figures: { ...view.figures, week: week(view.figures.week) },
    previous: view.previous ? { ...view.previous, week: week(view.previous.week) } : null,
  };
}
