import type { KpiWeek } from './kpi.ts';
import { WorkingCalendar } from './working-calendar.ts';

const DAY = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
function dayIndex(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY);
}

function dateOfIndex(index: number): string {
  return new Date(index * DAY).toISOString().slice(0, 10);
}

/** Monday (as a day index) of ISO week `week` of ISO year `year`: week 1 holds January 4th. */
function mondayOfIsoWeek(year: number, week: number): number {
  const jan4 = Math.round(Date.UTC(year, 0, 4) / DAY);
  const jan4Weekday = (new Date(jan4 * DAY).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - jan4Weekday + (week - 1) * 7;
}

/** The ISO year and week of a date (its Thursday decides the year). */
function isoWeekOf(index: number): { year: number; week: number } {
  const weekday = (new Date(index * DAY).getUTCDay() + 6) % 7;
  const thursday = index - weekday + 3;
  const year = new Date(thursday * DAY).getUTCFullYear();
  return { year, week: Math.floor((thursday - mondayOfIsoWeek(year, 1)) / 7) + 1 };
}

function weekStartingOn(monday: number, timeZone: string): KpiWeek {
  const calendar = WorkingCalendar.alwaysOpen(timeZone);
  const { year, week } = isoWeekOf(monday);
  return {
    label: `${year}-W${String(week).padStart(2, '0')}`,
    start: calendar.startOfDate(dateOfIndex(monday)),
    end: calendar.startOfDate(dateOfIndex(monday + 7)),
    timeZone,
  };
}

/** The week (Monday 00:00 to Monday 00:00 in `timeZone`) that contains instant t. */
export function weekContaining(t: Date, timeZone: string): KpiWeek {
  const index = dayIndex(WorkingCalendar.alwaysOpen(timeZone).dateOf(t));
  return weekStartingOn(index - ((new Date(index * DAY).getUTCDay() + 6) % 7), timeZone);
}

/** The week before. */
export function previousWeek(week: KpiWeek): KpiWeek {
  return weekContaining(new Date(week.start.getTime() - 1), week.timeZone);
}

/** "2026-W47" → that ISO week in the zone; null if the text is not a valid ISO week. */
export function parseIsoWeek(text: string, timeZone: string): KpiWeek | null {
  const match = /^(\d{4})-?W(\d{1,2})$/i.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]), week = Number(match[2]);
  if (week < 1 || week > 53) return null;
  const monday = mondayOfIsoWeek(year, week);
  // Week 53 exists only in long years.
  if (isoWeekOf(monday).year !== year) return null;
  return weekStartingOn(monday, timeZone);
}

/** The local dates (YYYY-MM-DD) of the week's seven days. */
export function datesOfWeek(week: KpiWeek): string[] {
  const monday = dayIndex(WorkingCalendar.alwaysOpen(week.timeZone).dateOf(week.start));
  return Array.from({ length: 7 }, (_, i) => dateOfIndex(monday + i));
}
