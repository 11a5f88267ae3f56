import type { DigestChart } from '../port.ts';
import { renderWeeklyChart } from './weekly-chart.ts';
import type { DigestView } from '../../domain/kpi.ts';

/** The digest's chart: daily volume and median first response, the first-response goal as a line. */
export function digestChart(view: DigestView): DigestChart {
  const goal = view.goals.find((g) => g.goal.metric === 'firstResponseMedian' || g.goal.metric === 'firstResponseP90');
  const chart = renderWeeklyChart({ days: view.figures.byDay, goalFirstResponseMs: goal?.goal.target ?? null, locale: view.locale });
  const week = view.figures.week.label;
  return {
    png: chart.png,
    filename: `kpi-${view.teamId}-${week}.png`,
    title: view.locale === 'de' ? `${view.teamName}: Kommentare und Erstreaktion ${week}` : `${view.teamName}: comments and first response ${week}`,
    altText: chart.altText,
  };
}
