import type { Directory } from '../domain/directory.ts';
import type { KpiWeek, WeeklyFigures } from '../domain/kpi.ts';
import type { KpiStore } from '../domain/kpi-store.ts';
import { datesOfWeek } from '../domain/kpi-week.ts';
import type { Clock } from '../domain/ports.ts';

export interface FiguresDeps {
  kpi: KpiStore;
  directory: Directory;
  clock: Clock;
}

/** First responses later than this after the week's end are measured up to it (working time). */
export const LATE_RESPONSE_HORIZON_MS = 28 * 86_400_000;

/** One team's figures for one week: SQL aggregation, working time on the team's calendar. */
export async function computeWeeklyFigures(teamId: string, week: KpiWeek, deps: FiguresDeps): Promise<WeeklyFigures> {
  const now = deps.clock.now();
  const calendar = deps.directory.serviceLevel(teamId).calendar;
  const horizon = new Date(Math.min(now.getTime(), week.end.getTime() + LATE_RESPONSE_HORIZON_MS));
  return deps.kpi.weeklyFigures({
    teamId,
    week,
    dates: datesOfWeek(week),
    workingPeriods: calendar.periodsBetween(week.start, horizon > week.start ? horizon : week.end),
    now,
  });
}
