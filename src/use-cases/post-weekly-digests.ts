import type { TeamInfo } from '../domain/directory.ts';
import { previousWeek, weekContaining } from '../domain/kpi-week.ts';
import { WorkingCalendar } from '../domain/working-calendar.ts';
import type { DigestDeps } from './build-weekly-digest.ts';
import { publishWeeklyDigest } from './publish-weekly-digest.ts';

const WEEKDAY_OFFSET = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 } as const;

export interface DigestRunResult {
  posted: string[];
  alreadyPosted: number;
  notDue: number;
}

/** When this week's digest is due in the team's zone: the configured weekday and time of the current week. */
export function digestDueAt(team: TeamInfo, now: Date): Date | null {
  if (!team.digest?.enabled) return null;
  const week = weekContaining(now, team.timeZone);
  const calendar = WorkingCalendar.alwaysOpen(team.timeZone);
  const monday = calendar.dateOf(week.start);
  const [y, m, d] = monday.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d + WEEKDAY_OFFSET[team.digest.weekday])).toISOString().slice(0, 10);
  // The wall time on that day as an instant, DST-correct (a time in a spring-forward gap moves past it):
  // the start of a working period from that time to midnight on a calendar of just that day.
  const next = new Date(Date.UTC(y, m - 1, d + WEEKDAY_OFFSET[team.digest.weekday] + 1)).toISOString().slice(0, 10);
  const atTime = new WorkingCalendar({ timeZone: team.timeZone, weekly: { [team.digest.weekday]: [[team.digest.time, '24:00']] } });
  const [period] = atTime.periodsBetween(calendar.startOfDate(day), calendar.startOfDate(next));
  return period?.start ?? calendar.startOfDate(next);
}

/**
 * The `kpi-digest` job: for every team with a channel whose digest time of the current week has come,
 * posts last week's digest once (a kpi_digest row per team and week; a repeated run finds it and does
 * nothing, and the outbox key is unique besides).
 */
export async function postWeeklyDigests(deps: DigestDeps): Promise<DigestRunResult> {
  const result: DigestRunResult = { posted: [], alreadyPosted: 0, notDue: 0 };
  const now = deps.clock.now();
  for (const team of deps.directory.allTeams()) {
    const due = digestDueAt(team, now);
    if (!team.channels?.length || !due || now < due) {
      result.notDue++;
      continue;
    }
    const week = previousWeek(weekContaining(now, team.timeZone));
    const published = await publishWeeklyDigest(team.id, week, deps);
    if (published.outcome === 'posted') result.posted.push(`${team.id}:${week.label}`);
    else result.alreadyPosted++;
  }
  return result;
}
